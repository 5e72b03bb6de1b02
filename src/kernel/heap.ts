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
import type { ReadyQueue } from './ready-queue.js';

export class TimerHeap<E> {
  // Rings of fixed capacity with the size kept apart: a pop reads the last
  // item and shortens nothing, where Array#pop on two arrays paid a length
  // write, a hole store and their checks on each (a third of a timer pop).
  // Both start packed at 16 places (the deadlines as doubles) and double when
  // full; a place past the size holds undefined or a stale number (entries)
  // and a stale deadline.
  private entries: (E | undefined)[] = emptyEntries();
  private whens: number[] = emptyWhens();
  private size = 0;

  get length(): number {
    return this.size;
  }

  /** The earliest entry. The caller checks that the heap is not empty. */
  get first(): E {
    return this.entries[0]!;
  }

  get firstWhen(): number {
    return this.whens[0]!;
  }

  /** heapq.heappush: append, then _siftdown from the new last place. */
  push(entry: E, when: number): void {
    if (this.size === this.entries.length) this.grow();
    this.siftdown(0, this.size++, entry, when);
  }

  /** heapq.heappop. The caller checks that the heap is not empty. */
  pop(): E {
    const { entries, whens } = this;
    const end = --this.size;
    const last = entries[end]!;
    entries[end] = undefined; // no reference kept to a popped timer
    if (end === 0) return last;
    const top = entries[0]!;
    this.siftup(0, last, whens[end]!);
    return top;
  }

  /**
   * When every deadline in the heap is the same, the order in which pops
   * would yield the whole heap, as places in it (take them with `takeAt`,
   * then call `drained`); null when the deadlines differ (or the table budget is
   * spent). With equal deadlines heappop's order is a function of the size
   * alone (every tie goes the same way), so it is worked out once per size —
   * by popping a heap of places — and a due batch of timers set for one
   * instant moves in one pass instead of a sift per timer. The scan stops at
   * the first deadline that differs: it never reads more places than hold
   * due timers, which the caller would otherwise pop one by one.
   */
  uniformPopOrder(): readonly number[] | null {
    const { whens, size } = this;
    const when = whens[0]!;
    for (let i = 1; i < size; i++) if (whens[i] !== when) return null;
    return popOrderFor(size);
  }

  /** Takes the entry at a place of the heap array out of it (draining the heap in `uniformPopOrder`'s order). */
  takeAt(place: number): E {
    const entries = this.entries;
    const entry = entries[place]!;
    entries[place] = undefined; // emptied as it is read: no second pass, no reference kept
    return entry;
  }

  /**
   * Ends a heap of numbers in one move: queues its entries in `ready` in
   * `uniformPopOrder`'s order and leaves their places as they are (a number
   * references nothing: no place needs emptying). For a heap that ever held
   * an object, take them one by one (`takeAt`, then `drained`).
   */
  moveNumbersInto(ready: ReadyQueue<E>, order: readonly number[]): void {
    ready.appendFrom(this.entries, order);
    this.size = 0;
  }

  /** Ends a drain: every place was taken, the heap is empty. */
  drained(): void {
    this.size = 0;
  }

  /** Keeps the entries `keep` accepts, in their heap order, then heapq.heapify (asyncio's rebuild of a heap full of cancelled timers). */
  rebuild(keep: (entry: E) => boolean): void {
    const { entries, whens } = this;
    let kept = 0;
    for (let i = 0; i < this.size; i++) {
      if (!keep(entries[i]!)) continue;
      entries[kept] = entries[i];
      whens[kept] = whens[i]!;
      kept++;
    }
    entries.fill(undefined, kept, this.size);
    this.size = kept;
    for (let i = (kept >> 1) - 1; i >= 0; i--) this.siftup(i, entries[i]!, whens[i]!);
  }

  /** The entries in heap (array) order. */
  toArray(): E[] {
    return this.entries.slice(0, this.size) as E[];
  }

  // Full, so every place is in use: the copy doubles it and the new half is cleared.
  private grow(): void {
    const capacity = this.entries.length;
    this.entries = this.entries.concat(this.entries).fill(undefined, capacity);
    this.whens = this.whens.concat(this.whens);
  }

  // heapq._siftdown for the item (entry, when) standing at `pos`: move it up towards the root.
  private siftdown(startpos: number, pos: number, entry: E, when: number): void {
    const { entries, whens } = this;
    while (pos > startpos) {
      const parentpos = (pos - 1) >> 1;
      const parentWhen = whens[parentpos]!;
      if (when < parentWhen) {
        entries[pos] = entries[parentpos];
        whens[pos] = parentWhen;
        pos = parentpos;
        continue;
      }
      break;
    }
    entries[pos] = entry;
    whens[pos] = when;
  }

  // heapq._siftup for the item (entry, when) standing at `pos`: bubble the smaller child up to a leaf, then sift the item down.
  private siftup(pos: number, entry: E, when: number): void {
    const { entries, whens } = this;
    const endpos = this.size;
    const startpos = pos;
    let childpos = 2 * pos + 1;
    while (childpos < endpos) {
      const rightpos = childpos + 1;
      if (rightpos < endpos && !(whens[childpos]! < whens[rightpos]!)) childpos = rightpos;
      entries[pos] = entries[childpos];
      whens[pos] = whens[childpos]!;
      pos = childpos;
      childpos = 2 * pos + 1;
    }
    this.siftdown(startpos, pos, entry, when);
  }
}

// The pop orders worked out so far, kept for the process (a run's kernels
// come and go; the sizes recur): by size in an array for the usual small
// heaps, in a map for large ones, within a budget of places in all.
const SMALL_HEAP = 1024;
const POP_ORDER_BUDGET = 1 << 18; // places (2 MB); past it, new sizes are popped one by one
const smallPopOrders: (readonly number[] | undefined)[] = [];
const largePopOrders = new Map<number, readonly number[]>();
let placesTabled = 0;

/** The places of a `size`-item heap of equal deadlines, in the order pops yield them; null past the budget. */
function popOrderFor(size: number): readonly number[] | null {
  const known = size < SMALL_HEAP ? smallPopOrders[size] : largePopOrders.get(size);
  if (known !== undefined) return known;
  if (placesTabled + size > POP_ORDER_BUDGET) return null;
  placesTabled += size;
  const order = popOrderOf(size);
  if (size < SMALL_HEAP) smallPopOrders[size] = order;
  else largePopOrders.set(size, order);
  return order;
}

// A plain array of small integers (V8's packed Smi kind): read faster than an Int32Array.
function popOrderOf(size: number): number[] {
  const heap = new TimerHeap<number>();
  for (let place = 0; place < size; place++) heap.push(place, 0); // an equal deadline never sifts: place p holds p
  const order: number[] = [];
  while (heap.length > 0) order.push(heap.pop());
  return order;
}

// Literals, so V8 clones them from a boilerplate (explore builds a kernel per run).
// -0.5 is no small integer: the deadline literal is born PACKED_DOUBLE, never transitions.
// prettier-ignore
const emptyEntries = <E>(): (E | undefined)[] => [undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined,
  undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined];
// prettier-ignore
const emptyWhens = (): number[] => [-0.5, -0.5, -0.5, -0.5, -0.5, -0.5, -0.5, -0.5, -0.5, -0.5, -0.5, -0.5, -0.5, -0.5, -0.5, -0.5];
