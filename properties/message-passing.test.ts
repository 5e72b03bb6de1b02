/**
 * Recursion-free message passing: the seed's counter/printer actors counting
 * down from n deliver every message with the same stack depth whatever n is —
 * no RangeError at 10^6, and the depth observed inside the actor at 10^6
 * equals the depth at 10. A scheduler whose send calls into the actor must
 * fail this.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ActorScheduler } from '../src/index.js';
import { lawBroken } from './laws/kill.js';
import { PlainActorScheduler, RecursiveActorScheduler, RecursiveRunActorScheduler } from './laws/mutants.js';
import { countDown, type ActorSchedulerLike } from './laws/workload.js';

const recursionFree = (make: () => ActorSchedulerLike, max: number) =>
  fc.property(fc.integer({ min: 1, max }), (n) => {
    let run, reference;
    try {
      reference = countDown(make, 10).depths[0]!;
      run = countDown(make, n);
    } catch (error) {
      throw new Error(`recursion-free: counting down from ${n} raised ${String(error)}`);
    }
    if (run.printed !== n) throw new Error(`recursion-free: printer got ${run.printed} of ${n} messages`);
    for (const depth of run.depths) {
      if (depth !== reference) throw new Error(`recursion-free: stack depth ${depth} at n=${n}, ${reference} at n=10`);
    }
  });

describe('recursion-free message passing', () => {
  it('ActorScheduler counts down from 10^6 at the stack depth of 10', () => {
    const at10 = countDown(() => new ActorScheduler(), 10);
    const atMillion = countDown(() => new ActorScheduler(), 1_000_000);
    expect(atMillion.printed).toBe(1_000_000);
    expect(new Set([...at10.depths, ...atMillion.depths])).toEqual(new Set([at10.depths[0]]));
  });

  it('holds for any n up to 10^6', () => {
    fc.assert(recursionFree(() => new ActorScheduler(), 1_000_000), { numRuns: 12, examples: [[1_000_000], [1], [1001]] });
  });

  it('holds for a plain port of the seed', () => {
    fc.assert(recursionFree(() => new PlainActorScheduler(), 100_000), { numRuns: 12 });
  });

  it('kills the mutant whose send calls into the actor', () => {
    expect(lawBroken(recursionFree(() => new RecursiveActorScheduler(), 1_000_000), 12)).toMatch(/recursion-free/);
  });

  it('kills the mutant whose run loop recurses once per message', () => {
    expect(lawBroken(recursionFree(() => new RecursiveRunActorScheduler(), 1_000_000), 12)).toMatch(/recursion-free: (stack depth|counting down from \d+ raised RangeError)/);
  });
});
