import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RingQueue } from './ring.js';

type Op = { push: number } | { shift: true } | { takeAt: number };

describe('RingQueue', () => {
  it('behaves as an array model under any mix of push, shift and takeAt (growth included)', () => {
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 5, arbitrary: fc.integer().map((push) => ({ push })) },
      { weight: 2, arbitrary: fc.constant({ shift: true as const }) },
      { weight: 1, arbitrary: fc.nat(40).map((takeAt) => ({ takeAt })) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const ring = new RingQueue<number>(1);
        const model: number[] = [];
        for (const o of ops) {
          if ('push' in o) {
            ring.push(o.push);
            model.push(o.push);
          } else if (model.length === 0) {
            continue;
          } else if ('shift' in o) {
            expect(ring.shift()).toBe(model.shift());
          } else {
            const i = o.takeAt % model.length;
            expect(ring.takeAt(i)).toBe(model.splice(i, 1)[0]);
          }
          expect(ring.length).toBe(model.length);
        }
        expect(ring.toArray()).toEqual(model);
        model.forEach((v, i) => expect(ring.at(i)).toBe(v));
      }),
      { numRuns: 500 },
    );
  });

  it('names the bad index', () => {
    const ring = new RingQueue<number>();
    ring.push(1);
    expect(() => ring.at(3)).toThrowErrorMatchingInlineSnapshot(`[RangeError: RingQueue.at(3) outside 0..0]`);
  });

  it('stays linear at a million entries (no Array#shift)', () => {
    const ring = new RingQueue<number>();
    for (let i = 0; i < 1_000_000; i++) ring.push(i);
    let sum = 0;
    while (ring.length > 0) sum += ring.shift();
    expect(sum).toBe(499999500000);
  });
});
