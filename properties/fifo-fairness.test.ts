/**
 * FIFO fairness: tasks first run in the order added; between two consecutive
 * steps of a task, every other live task steps exactly once; a task added
 * while running joins at the back. Checked on simloop, on a plain port of the
 * seed, and against mutants it must kill.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lawBroken } from './laws/kill.js';
import { RunFunc, TaskScheduler } from '../src/index.js';
import { fifoFairness } from './laws/task-laws.js';
import { DoubleStepTaskScheduler, LifoTaskScheduler, PlainTaskScheduler, SpawnerFirstTaskScheduler } from './laws/mutants.js';

const RUNS = 1000;

describe('FIFO fairness', () => {
  it('holds for TaskScheduler', () => {
    fc.assert(fifoFairness(() => new TaskScheduler()), { numRuns: RUNS });
  });

  it('holds for RunFunc', () => {
    fc.assert(
      fifoFairness(() => {
        const runner = new RunFunc();
        return { addTask: (t) => runner.addFunc(t), run: () => runner.run() };
      }),
      { numRuns: RUNS },
    );
  });

  it('holds for a plain port of the seed (the mutants’ base)', () => {
    fc.assert(fifoFairness(() => new PlainTaskScheduler()), { numRuns: RUNS });
  });

  it.each([
    ['LIFO order', LifoTaskScheduler, /first-run order|round robin|join at the back/],
    ['spawner re-queued before its children', SpawnerFirstTaskScheduler, /spawned tasks join at the back/],
    ['a double step', DoubleStepTaskScheduler, /round robin|join at the back/],
  ] as const)('kills the mutant with %s', (_, Mutant, law) => {
    expect(lawBroken(fifoFairness(() => new Mutant()), RUNS)).toMatch(law);
  });
});
