/**
 * A generic port of CPython's heapq (heappush, heappop, heapify) for
 * PriorityQueue, ordering items the way Python's `<` does (`pyLessThan`).
 * The kernel's heap.ts is keyed on `.when` for timers; this one takes any
 * items and a less-than.
 *
 * The sift loops are the C module's (_heapqmodule.c): the same comparisons
 * in the same order as heapq.py, so the same pop order for ties, but they
 * swap instead of holding the item aside, so an item that cannot be compared
 * (TypeError) leaves the heap a valid heap holding every item, as in CPython.
 *
 * Supported items (pyLessThan): numbers, bigints and booleans (compared
 * together as numbers, as Python compares int, float and bool); strings (by
 * code point, as Python does — not by UTF-16 unit as JavaScript's `<`);
 * arrays, compared like Python tuples: element by element, the first unequal
 * pair decides, else the shorter one is smaller. Any other value (null,
 * undefined, objects) equals only itself and is ordered against nothing:
 * like a Python object without `__lt__`, it may sit in a tuple position that
 * an earlier position already decides — `[priority, seq, task]` — and is a
 * TypeError when the order depends on it. NaN compares as in Python (neither
 * smaller nor equal), except that two NaNs are never "the same object".
 */
import { describe } from '../kernel/index.js';

export type LessThan<T> = (a: T, b: T) => boolean;

export function heappush<T>(heap: T[], item: T, lt: LessThan<T> = pyLessThan): void {
  heap.push(item);
  siftdown(heap, 0, heap.length - 1, lt);
}

/** Pops the smallest item. IndexError in Python; here a RangeError, on an empty heap. */
export function heappop<T>(heap: T[], lt: LessThan<T> = pyLessThan): T {
  if (heap.length === 0) throw new RangeError('heappop from an empty heap');
  const lastelt = heap.pop() as T;
  if (heap.length > 0) {
    const returnitem = heap[0] as T;
    heap[0] = lastelt;
    siftup(heap, 0, lt);
    return returnitem;
  }
  return lastelt;
}

export function heapify<T>(heap: T[], lt: LessThan<T> = pyLessThan): void {
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftup(heap, i, lt);
}

// Follow the path to the root, moving parents down until newitem fits.
function siftdown<T>(heap: T[], startpos: number, pos: number, lt: LessThan<T>): void {
  while (pos > startpos) {
    const parentpos = (pos - 1) >> 1;
    if (!lt(heap[pos] as T, heap[parentpos] as T)) break;
    const parent = heap[parentpos] as T;
    heap[parentpos] = heap[pos] as T;
    heap[pos] = parent;
    pos = parentpos;
  }
}

// Bubble the smaller child up until hitting a leaf, then sift the item down.
function siftup<T>(heap: T[], pos: number, lt: LessThan<T>): void {
  const endpos = heap.length;
  const startpos = pos;
  const limit = endpos >> 1; // smallest pos that has no child
  while (pos < limit) {
    let childpos = 2 * pos + 1;
    if (childpos + 1 < endpos && !lt(heap[childpos] as T, heap[childpos + 1] as T)) childpos += 1;
    const tmp = heap[childpos] as T;
    heap[childpos] = heap[pos] as T;
    heap[pos] = tmp;
    pos = childpos;
  }
  siftdown(heap, startpos, pos, lt);
}

type Kind = 'number' | 'string' | 'tuple' | 'other';

function kindOf(value: unknown): Kind {
  switch (typeof value) {
    case 'number':
    case 'bigint':
    case 'boolean':
      return 'number';
    case 'string':
      return 'string';
    default:
      return Array.isArray(value) ? 'tuple' : 'other';
  }
}

/** Python's `==` on the supported values (identity for the rest, as for objects without `__eq__`). */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const kind = kindOf(a);
  if (kind !== kindOf(b)) return false;
  if (kind === 'number') return (a as number) == (b as number); // 1 == 1n == true, as in Python
  if (kind === 'tuple') {
    const x = a as unknown[];
    const y = b as unknown[];
    return x.length === y.length && x.every((v, i) => pyEquals(v, y[i]));
  }
  return false;
}

/** Python's `a < b` on the supported values; TypeError where Python raises one. */
export function pyLessThan(a: unknown, b: unknown): boolean {
  const kind = kindOf(a);
  if (kind === 'number' && kindOf(b) === 'number') return (a as number) < (b as number);
  if (kind === 'string' && typeof b === 'string') return compareCodePoints(a as string, b) < 0;
  if (kind === 'tuple' && Array.isArray(b)) {
    const x = a as unknown[];
    // tuplerichcompare: the first position whose items differ decides; else the lengths do.
    let i = 0;
    while (i < x.length && i < b.length && pyEquals(x[i], b[i])) i++;
    if (i >= x.length || i >= b.length) return x.length < b.length;
    return pyLessThan(x[i], b[i]);
  }
  throw new TypeError(
    `'<' not supported between ${describe(a)} and ${describe(b)}: PriorityQueue orders numbers, strings and arrays of them as Python tuples — ` +
      `put [priority, count, item] so the item itself is never compared`,
  );
}

function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Units differ: a surrogate (an astral code point) sorts above every BMP unit.
    const cx = a.codePointAt(i)!;
    const cy = b.codePointAt(i)!;
    return cx - cy;
  }
  return a.length - b.length;
}
