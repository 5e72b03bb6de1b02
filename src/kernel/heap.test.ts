/**
 * The heap is a port of CPython's heapq: for any sequence of pushes and pops
 * with many equal deadlines, it must pop items in exactly the order CPython's
 * heapq does (asyncio's timer ties depend on it). The reference is python3 itself.
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimerHeap } from './heap.js';

const python = spawnSync('python3', ['--version']).status === 0;

// Items compare by `when` only, as asyncio's TimerHandle.__lt__ does.
const PYTHON = `
import heapq, json, sys
class T:
    def __init__(self, when, id): self.when, self.id = when, id
    def __lt__(self, other): return self.when < other.when
out = []
for case in json.load(sys.stdin):
    heap, popped, n = [], [], 0
    for op in case['ops']:
        if op is None:
            if heap: popped.append(heapq.heappop(heap).id)
        else:
            heapq.heappush(heap, T(op, n)); n += 1
    if case['heapify']:  # asyncio's rebuild: drop the cancelled (here: every third id), heapify the rest
        heap = [t for t in heap if t.id % 3]
        heapq.heapify(heap)
    while heap: popped.append(heapq.heappop(heap).id)
    out.append(popped)
json.dump(out, sys.stdout)
`;

interface Case {
  ops: (number | null)[];
  heapify: boolean;
}

function ours(c: Case): number[] {
  const heap = new TimerHeap<number>();
  const popped: number[] = [];
  let n = 0;
  for (const op of c.ops) {
    if (op === null) {
      if (heap.length > 0) popped.push(heap.pop());
    } else heap.push(n++, op);
  }
  if (c.heapify) heap.rebuild((id) => id % 3 !== 0);
  // The kernel's way when every deadline left is the same: the whole heap in one pass.
  const order = heap.uniformPopOrder();
  if (order !== null) {
    for (const place of order) popped.push(heap.takeAt(place));
    heap.drained();
  }
  while (heap.length > 0) popped.push(heap.pop());
  return popped;
}

describe('heapq port', () => {
  it.skipIf(!python)('pops equal deadlines in exactly CPython heapq order (2000 random cases)', () => {
    // Few distinct deadlines, so most comparisons are ties.
    // Half the cases have one deadline only: the heap is then emptied through uniformPopOrder.
    const caseArb = fc.integer({ min: 0, max: 1 }).chain((spread) =>
      fc.record({
        ops: fc.array(fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 3 * spread }) }, { weight: 1, arbitrary: fc.constant(null) }), { maxLength: 60 }),
        heapify: fc.boolean(),
      }),
    );
    const cases = fc.sample(caseArb, 2000);
    const run = spawnSync('python3', ['-c', PYTHON], { input: JSON.stringify(cases), encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const reference = JSON.parse(run.stdout) as number[][];
    cases.forEach((c, i) => expect(ours(c), JSON.stringify(c)).toEqual(reference[i]));
  });

  it('uniformPopOrder: the order successive pops give, whatever pushes and pops built the heap, at every size', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 400 }), fc.boolean(), (ops, spread) => {
        const [a, b] = [new TimerHeap<number>(), new TimerHeap<number>()];
        let n = 0;
        for (const push of ops) {
          if (push) {
            const when = spread && n === 7 ? 1 : 0; // with spread, one deadline differs
            a.push(n, when);
            b.push(n++, when);
          } else if (a.length > 0) expect(a.pop()).toBe(b.pop());
        }
        const order = a.uniformPopOrder();
        const uniform = !(spread && n > 7 && a.toArray().includes(7));
        if (!uniform) {
          expect(order).toBeNull();
          return;
        }
        expect(order).not.toBeNull();
        const drained = order!.map((place) => a.takeAt(place));
        a.drained();
        const popped: number[] = [];
        while (b.length > 0) popped.push(b.pop());
        expect(drained).toEqual(popped);
        expect(a.length).toBe(0);
        expect(a.toArray()).toEqual([]);
        // No reference kept to a drained timer.
        expect((a as unknown as { entries: unknown[] }).entries.every((place) => place === undefined)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('a uniformPopOrder that answers insertion order (a mutant) is told apart from the pops', () => {
    class InsertionOrder<E> extends TimerHeap<E> {
      override uniformPopOrder(): readonly number[] | null {
        const order = super.uniformPopOrder();
        return order === null ? null : order.map((_, place) => place);
      }
    }
    const drain = (heap: TimerHeap<string>): string[] => {
      for (const id of ['A', 'B', 'C', 'D']) heap.push(id, 1);
      const order = heap.uniformPopOrder()!;
      return order.map((place) => heap.takeAt(place));
    };
    // CPython: four equal heappush'es pop as A, C, B, D.
    expect(drain(new TimerHeap())).toEqual(['A', 'C', 'B', 'D']);
    expect(drain(new InsertionOrder())).not.toEqual(['A', 'C', 'B', 'D']);
  });

  it('ties are not in insertion order (the reason for the port)', () => {
    // asyncio-ordering.md §2: main sleeps 2, then A, B, C, D sleep 1: they wake A, B, D, C.
    const heap = new TimerHeap<string>();
    for (const [when, id] of [[2, 'main'], [1, 'A'], [1, 'B'], [1, 'C'], [1, 'D']] as const) heap.push(id, when);
    const order = [];
    while (heap.length > 0) order.push(heap.pop());
    expect(order).toEqual(['A', 'B', 'D', 'C', 'main']);
  });

  // Last in the file: it spends the module's table budget (each test file gets fresh modules).
  it('past its table budget, uniformPopOrder answers null for a new size (the caller pops) and still answers for sizes it has', () => {
    const uniform = (size: number): TimerHeap<number> => {
      const heap = new TimerHeap<number>();
      for (let i = 0; i < size; i++) heap.push(i, 5);
      return heap;
    };
    expect(uniform(3).uniformPopOrder()).toEqual([0, 1, 2]); // CPython heapq pops three equal items so; tabled before the budget runs out
    let size = 5000;
    while (size < 5100 && uniform(size).uniformPopOrder() !== null) size += 1; // 2^18 places: ~53 sizes of ~5000 (bounded: a heap without a budget fails, not hangs)
    expect(size).toBeGreaterThan(5000);
    expect(size).toBeLessThan(5000 + 60);
    const refused = uniform(size + 1);
    expect(refused.uniformPopOrder()).toBeNull();
    expect(refused.length).toBe(size + 1); // nothing was taken: the caller pops one by one
    expect(uniform(3).uniformPopOrder()).toEqual([0, 1, 2]);
    expect(uniform(size - 1).uniformPopOrder()).toHaveLength(size - 1);
  });
});
