/**
 * A line-for-line port of CPython's `heapq` (heappush, heappop, heapify and
 * their `_siftdown` / `_siftup` helpers), keyed on `when` alone.
 *
 * Why a port and not any priority queue: asyncio's timer queue is a heapq of
 * TimerHandles compared only by deadline, with no tie-break. Timers due at the
 * same instant therefore come out in whatever order this exact binary heap
 * yields (A, B, D, C for four equal sleeps), and simloop's `fifo` strategy must
 * reproduce CPython event for event. Do not "improve" these loops.
 *
 * The one liberty: the deadlines are kept in a parallel array of numbers
 * beside the items, moved in step with them, so that sifting compares
 * unboxed doubles in one contiguous array instead of loading `when` from
 * every item it passes. Same comparisons, same moves, same order.
 */
export interface Timed {
  readonly when: number;
}

export class TimerHeap<T extends Timed> {
  private items: T[] = [];
  private whens: number[] = [];

  get length(): number {
    return this.items.length;
  }

  /** The earliest item and its deadline. The caller checks that the heap is not empty. */
  get first(): T {
    return this.items[0]!;
  }

  get firstWhen(): number {
    return this.whens[0]!;
  }

  /** heapq.heappush */
  push(item: T): void {
    this.items.push(item);
    this.whens.push(item.when);
    this.siftdown(0, this.items.length - 1);
  }

  /** heapq.heappop. The caller checks that the heap is not empty. */
  pop(): T {
    const { items, whens } = this;
    const last = items.pop()!;
    const lastWhen = whens.pop()!;
    if (items.length === 0) return last;
    const top = items[0]!;
    items[0] = last;
    whens[0] = lastWhen;
    this.siftup(0);
    return top;
  }

  /** Keeps the items `keep` accepts, in their heap order, then heapq.heapify (asyncio's rebuild of a heap full of cancelled timers). */
  rebuild(keep: (item: T) => boolean): void {
    const kept = this.items.filter(keep);
    this.items = kept;
    this.whens = kept.map((item) => item.when);
    for (let i = (kept.length >> 1) - 1; i >= 0; i--) this.siftup(i);
  }

  /** The items in heap (array) order. */
  toArray(): T[] {
    return [...this.items];
  }

  // heapq._siftdown: move the item at `pos` up towards the root.
  private siftdown(startpos: number, pos: number): void {
    const { items, whens } = this;
    const item = items[pos]!;
    const when = whens[pos]!;
    while (pos > startpos) {
      const parentpos = (pos - 1) >> 1;
      const parentWhen = whens[parentpos]!;
      if (when < parentWhen) {
        items[pos] = items[parentpos]!;
        whens[pos] = parentWhen;
        pos = parentpos;
        continue;
      }
      break;
    }
    items[pos] = item;
    whens[pos] = when;
  }

  // heapq._siftup: bubble the smaller child up to a leaf, then sift the item down.
  private siftup(pos: number): void {
    const { items, whens } = this;
    const endpos = items.length;
    const startpos = pos;
    const item = items[pos]!;
    const when = whens[pos]!;
    let childpos = 2 * pos + 1;
    while (childpos < endpos) {
      const rightpos = childpos + 1;
      if (rightpos < endpos && !(whens[childpos]! < whens[rightpos]!)) childpos = rightpos;
      items[pos] = items[childpos]!;
      whens[pos] = whens[childpos]!;
      pos = childpos;
      childpos = 2 * pos + 1;
    }
    items[pos] = item;
    whens[pos] = when;
    this.siftdown(startpos, pos);
  }
}
