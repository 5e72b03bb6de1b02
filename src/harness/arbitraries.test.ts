import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTask, run, sleep, type Coroutine } from '../aio/index.js';
import { interleavingProperty, schedules } from './arbitraries.js';
import { defineScenario } from './scenario.js';
import { itExplores } from './vitest.js';

const useBeforeInit = defineScenario({
  name: 'use-before-init',
  run({ options }) {
    let x = 0;
    run(
      (function* (): Coroutine<void> {
        const a = createTask((function* () { yield* sleep(0); x = 1; })(), { name: 'init' });
        const b = createTask((function* () { yield* sleep(0); if (x !== 1) throw new Error(`used before init: x=${x}`); })(), { name: 'user' });
        yield* a;
        yield* b;
      })(),
      options,
    );
  },
});

describe('fast-check integration', () => {
  it('finds the failing interleaving and shrinks it to a single deviation, with the replay line', () => {
    const details = fc.check(interleavingProperty(useBeforeInit), { numRuns: 200, seed: 1 });
    expect(details.failed).toBe(true);
    const error = details.errorInstance as Error;
    expect(error.message).toMatch(/^scenario "use-before-init" failed under schedule \d+:1: Error: used before init: x=0/);
    expect(error.message).toContain('replay: npx simloop replay <file> --scenario use-before-init --schedule');
    expect(details.counterexample![0].filter((i) => i !== 0)).toHaveLength(1);
  });

  it('schedules shrink towards FIFO (the empty tape)', () => {
    const shrunk = fc.check(fc.property(schedules(), (tape) => tape.every((i) => i === 0)), { seed: 3 });
    expect(shrunk.counterexample![0]).toEqual([1]);
  });
});

describe('itExplores', () => {
  itExplores('a scenario with no race passes over every interleaving', ({ options }) => {
    let total = 0;
    run(
      (function* (): Coroutine<void> {
        yield* createTask((function* () { yield* sleep(0); total += 1; })());
        total += 1;
      })(),
      options,
    );
    if (total !== 2) throw new Error(`total ${total}`);
  });
});
