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
import type { ActorSchedulerLike } from './laws/workload.js';

function stackDepth(): number {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = Infinity;
  const depth = new Error().stack!.split('\n').length;
  Error.stackTraceLimit = limit;
  return depth;
}

/** Counts down from n; returns how many messages the printer got and the stack depths seen at the first and last count. */
function countDown(make: () => ActorSchedulerLike, n: number): { printed: number; depths: number[] } {
  const base = stackDepth();
  const scheduler = make();
  let printed = 0;
  const depths: number[] = [];
  function* printer(): Generator<undefined, void, unknown> {
    for (;;) {
      yield;
      printed++;
    }
  }
  function* counter(): Generator<undefined, void, unknown> {
    for (;;) {
      const k = (yield) as number;
      if (k === 0) break;
      if (k === n || k === 1) depths.push(stackDepth() - base);
      scheduler.send('printer', k);
      scheduler.send('counter', k - 1);
    }
  }
  scheduler.newActor('printer', printer());
  scheduler.newActor('counter', counter());
  scheduler.send('counter', n);
  scheduler.run();
  return { printed, depths };
}

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
