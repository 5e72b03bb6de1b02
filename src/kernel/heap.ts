/**
 * A line-for-line port of CPython's `heapq` (heappush, heappop, heapify and
 * their `_siftdown` / `_siftup` helpers), keyed on `when` alone.
 *
 * Why a port and not any priority queue: asyncio's timer queue is a heapq of
 * TimerHandles compared only by deadline, with no tie-break. Timers due at the
 * same instant therefore come out in whatever order this exact binary heap
 * yields (A, B, D, C for four equal sleeps), and simloop's `fifo` strategy must
 * reproduce CPython event for event. Do not "improve" these loops.
 */
export interface Timed {
  readonly when: number;
}

export function heappush<T extends Timed>(heap: T[], item: T): void {
  heap.push(item);
  siftdown(heap, 0, heap.length - 1);
}

/** Pops the smallest item. The caller checks that the heap is not empty. */
export function heappop<T extends Timed>(heap: T[]): T {
  const last = heap.pop() as T;
  if (heap.length === 0) return last;
  const top = heap[0] as T;
  heap[0] = last;
  siftup(heap, 0);
  return top;
}

export function heapify<T extends Timed>(heap: T[]): void {
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftup(heap, i);
}

// heapq._siftdown: move the item at `pos` up towards the root.
function siftdown<T extends Timed>(heap: T[], startpos: number, pos: number): void {
  const item = heap[pos] as T;
  while (pos > startpos) {
    const parentpos = (pos - 1) >> 1;
    const parent = heap[parentpos] as T;
    if (item.when < parent.when) {
      heap[pos] = parent;
      pos = parentpos;
      continue;
    }
    break;
  }
  heap[pos] = item;
}

// heapq._siftup: bubble the smaller child up to a leaf, then sift the item down.
function siftup<T extends Timed>(heap: T[], pos: number): void {
  const endpos = heap.length;
  const startpos = pos;
  const item = heap[pos] as T;
  let childpos = 2 * pos + 1;
  while (childpos < endpos) {
    const rightpos = childpos + 1;
    if (rightpos < endpos && !((heap[childpos] as T).when < (heap[rightpos] as T).when)) childpos = rightpos;
    heap[pos] = heap[childpos] as T;
    pos = childpos;
    childpos = 2 * pos + 1;
  }
  heap[pos] = item;
  siftdown(heap, startpos, pos);
}
