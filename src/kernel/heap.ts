/**
 * A line-for-line port of CPython's `heapq` (heappush, heappop, heapify and
 * their `_siftdown` / `_siftup` helpers), keyed on the deadline alone.
 *
 * Why a port and not any priority queue: asyncio's timer queue is a heapq of
 * TimerHandles compared only by deadline, with no tie-break. Timers due at the
 * same instant therefore come out in whatever order this exact binary heap
 * yields (A, B, D, C for four equal sleeps), and simloop's `fifo` strategy must
 * reproduce CPython event for event. Do not "improve" these loops.
 *
 * The one liberty: an item is an (entry, deadline) pair kept in two parallel
 * arrays moved in step. Sifting compares unboxed doubles in one contiguous
 * array instead of loading a deadline from every item it passes, and a timer
 * needs no object of its own unless someone may cancel it. Same comparisons,
 * same moves, same order.
 */
export class TimerHeap<E> {
  private entries: E[] = [];
  private whens: number[] = [];

  get length(): number {
    return this.entries.length;
  }

  /** The earliest entry. The caller checks that the heap is not empty. */
  get first(): E {
    return this.entries[0]!;
  }

  get firstWhen(): number {
    return this.whens[0]!;
  }

  /** heapq.heappush */
  push(entry: E, when: number): void {
    this.entries.push(entry);
    this.whens.push(when);
    this.siftdown(0, this.entries.length - 1);
  }

  /** heapq.heappop. The caller checks that the heap is not empty. */
  pop(): E {
    const { entries, whens } = this;
    const last = entries.pop()!;
    const lastWhen = whens.pop()!;
    if (entries.length === 0) return last;
    const top = entries[0]!;
    entries[0] = last;
    whens[0] = lastWhen;
    this.siftup(0);
    return top;
  }

  /** Keeps the entries `keep` accepts, in their heap order, then heapq.heapify (asyncio's rebuild of a heap full of cancelled timers). */
  rebuild(keep: (entry: E) => boolean): void {
    const { entries, whens } = this;
    let kept = 0;
    for (let i = 0; i < entries.length; i++) {
      if (!keep(entries[i]!)) continue;
      entries[kept] = entries[i]!;
      whens[kept] = whens[i]!;
      kept++;
    }
    entries.length = kept;
    whens.length = kept;
    for (let i = (kept >> 1) - 1; i >= 0; i--) this.siftup(i);
  }

  /** The entries in heap (array) order. */
  toArray(): E[] {
    return [...this.entries];
  }

  // heapq._siftdown: move the item at `pos` up towards the root.
  private siftdown(startpos: number, pos: number): void {
    const { entries, whens } = this;
    const entry = entries[pos]!;
    const when = whens[pos]!;
    while (pos > startpos) {
      const parentpos = (pos - 1) >> 1;
      const parentWhen = whens[parentpos]!;
      if (when < parentWhen) {
        entries[pos] = entries[parentpos]!;
        whens[pos] = parentWhen;
        pos = parentpos;
        continue;
      }
      break;
    }
    entries[pos] = entry;
    whens[pos] = when;
  }

  // heapq._siftup: bubble the smaller child up to a leaf, then sift the item down.
  private siftup(pos: number): void {
    const { entries, whens } = this;
    const endpos = entries.length;
    const startpos = pos;
    const entry = entries[pos]!;
    const when = whens[pos]!;
    let childpos = 2 * pos + 1;
    while (childpos < endpos) {
      const rightpos = childpos + 1;
      if (rightpos < endpos && !(whens[childpos]! < whens[rightpos]!)) childpos = rightpos;
      entries[pos] = entries[childpos]!;
      whens[pos] = whens[childpos]!;
      pos = childpos;
      childpos = 2 * pos + 1;
    }
    entries[pos] = entry;
    whens[pos] = when;
    this.siftdown(startpos, pos);
  }
}
