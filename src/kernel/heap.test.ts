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
  while (heap.length > 0) popped.push(heap.pop());
  return popped;
}

describe('heapq port', () => {
  it.skipIf(!python)('pops equal deadlines in exactly CPython heapq order (2000 random cases)', () => {
    // Few distinct deadlines, so most comparisons are ties.
    const caseArb = fc.record({
      ops: fc.array(fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 3 }) }, { weight: 1, arbitrary: fc.constant(null) }), { maxLength: 60 }),
      heapify: fc.boolean(),
    });
    const cases = fc.sample(caseArb, 2000);
    const run = spawnSync('python3', ['-c', PYTHON], { input: JSON.stringify(cases), encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const reference = JSON.parse(run.stdout) as number[][];
    cases.forEach((c, i) => expect(ours(c), JSON.stringify(c)).toEqual(reference[i]));
  });

  it('ties are not in insertion order (the reason for the port)', () => {
    // asyncio-ordering.md §2: main sleeps 2, then A, B, C, D sleep 1: they wake A, B, D, C.
    const heap = new TimerHeap<string>();
    for (const [when, id] of [[2, 'main'], [1, 'A'], [1, 'B'], [1, 'C'], [1, 'D']] as const) heap.push(id, when);
    const order = [];
    while (heap.length > 0) order.push(heap.pop());
    expect(order).toEqual(['A', 'B', 'D', 'C', 'main']);
  });
});
