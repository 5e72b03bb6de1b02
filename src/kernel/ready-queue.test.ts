import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReadyQueue } from './ready-queue.js';

type Op = { push: number } | { burst: number } | { drop: number } | { forward: [number, number] };

describe('ReadyQueue', () => {
  it('behaves as an array model of (entry, arg) pairs under push, run-in-place + advance and bringForward, growth included', () => {
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 5, arbitrary: fc.integer().map((push) => ({ push })) },
      { weight: 2, arbitrary: fc.nat(5).map((drop) => ({ drop })) },
      // Whole batches too (a round of many tasks).
      { weight: 1, arbitrary: fc.integer({ min: 60, max: 90 }).map((burst) => ({ burst })) },
      { weight: 1, arbitrary: fc.integer({ min: 60, max: 120 }).map((drop) => ({ drop })) },
      { weight: 1, arbitrary: fc.tuple(fc.nat(40), fc.nat(40)).map((forward) => ({ forward })) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300, size: 'max' }), (ops) => {
        const queue = new ReadyQueue<number>(1);
        // Odd entries are queued with an argument, even ones without (as a seed task is).
        const model: [number, string | undefined][] = [];
        const push = (entry: number): void => {
          const arg = entry % 2 !== 0 ? `arg${entry}` : undefined;
          queue.push(entry, arg);
          model.push([entry, arg]);
        };
        for (const o of ops) {
          if ('push' in o) push(o.push);
          else if ('burst' in o) for (let k = 0; k < o.burst; k++) push(k);
          else if ('drop' in o) {
            // As the kernel runs a batch: read each entry in place and take its argument (when it was queued with one), then drop them all.
            const n = Math.min(o.drop, model.length);
            // Plain checks, not expect() per place: batches run to hundreds of places.
            for (let i = 0; i < n; i++) {
              if (queue.entryAt(i) !== model[i]![0]) throw new Error(`entry ${i}: ${queue.entryAt(i)} != ${model[i]![0]}`);
              if (model[i]![1] !== undefined && queue.takeArg(i) !== model[i]![1]) throw new Error(`argument ${i} lost`);
              if (queue.argAt(i) !== undefined) throw new Error(`argument ${i} left in its slot`);
            }
            queue.advance(n);
            model.splice(0, n);
            // No reference kept to what was dropped: the ring holds exactly the queued entries.
            const ring = (queue as unknown as { entries: unknown[] }).entries;
            const held = ring.filter((place) => place !== undefined).length;
            if (held !== model.length) throw new Error(`the ring holds ${held} entries, ${model.length} are queued`);
          } else if (model.length > 0) {
            const from = o.forward[0] % model.length;
            const to = Math.min(o.forward[1] % model.length, from);
            queue.bringForward(to, from);
            model.splice(to, 0, ...model.splice(from, 1));
          }
          if (queue.length !== model.length) throw new Error(`length ${queue.length} != ${model.length}`);
        }
        expect(model.map((_, i) => [queue.entryAt(i), queue.argAt(i)])).toEqual(model);
      }),
      { numRuns: 500 },
    );
  });

  it('names a bad range', () => {
    const queue = new ReadyQueue<number>();
    queue.push(1, undefined);
    expect(() => queue.advance(2)).toThrowErrorMatchingInlineSnapshot(`[RangeError: ReadyQueue.advance(2) with 1 queued]`);
  });

  it('stays linear at a million entries (no Array#shift)', () => {
    const queue = new ReadyQueue<number>();
    for (let i = 0; i < 1_000_000; i++) queue.push(i, null);
    let sum = 0;
    while (queue.length > 0) {
      sum += queue.entryAt(0);
      queue.advance(1);
    }
    expect(sum).toBe(499999500000);
  });
});
