/**
 * The bridge's timer heap pops by deadline, ties in creation order — what
 * FIFO means for JavaScript timers — under any mix of pushes and pops.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimerHeap, earlier, type Deadline } from './timer-heap.js';

/** Pushes (a small range of deadlines, so ties are common) and pops; true if every pop was the earliest (due, seq). */
function popsInOrder(ops: readonly (number | null)[], before: (a: Deadline, b: Deadline) => boolean = earlier): boolean {
  const heap = new TimerHeap<Deadline>(before);
  const reference: Deadline[] = [];
  let seq = 0;
  for (const op of ops) {
    if (op !== null) {
      const item = { due: op, seq: seq++ };
      heap.push(item);
      reference.push(item);
      continue;
    }
    reference.sort((a, b) => a.due - b.due || a.seq - b.seq);
    if (heap.pop() !== reference.shift()) return false;
  }
  return heap.size === reference.length;
}

const operations = fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant(null)), { maxLength: 60 });

describe('TimerHeap', () => {
  it('pops by deadline, ties in creation order', () => {
    fc.assert(fc.property(operations, (ops) => popsInOrder(ops)), { numRuns: 1000 });
  });

  it('catches a heap that orders by deadline alone (ties left to the heap, as heapq does)', () => {
    const byDueOnly = (a: Deadline, b: Deadline): boolean => a.due < b.due;
    const details = fc.check(fc.property(operations, (ops) => popsInOrder(ops, byDueOnly)), { numRuns: 1000, seed: 1 });
    expect(details.failed).toBe(true);
  });
});
