/**
 * Finished-task removal, the seed's StopIteration: a task that returned or
 * threw is never stepped again; each task is stepped yields+1 times; run()
 * ends exactly when no task is left; a task's exception escapes run().
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lawBroken } from './laws/kill.js';
import { TaskScheduler } from '../src/index.js';
import { finishedRemoval } from './laws/task-laws.js';
import { KeepsFinishedTaskScheduler, PlainTaskScheduler, StopsEarlyTaskScheduler, SwallowingTaskScheduler } from './laws/mutants.js';

const RUNS = 1000;

describe('finished-task removal', () => {
  it('holds for TaskScheduler', () => {
    fc.assert(finishedRemoval(() => new TaskScheduler()), { numRuns: RUNS });
  });

  it('holds for a plain port of the seed', () => {
    fc.assert(finishedRemoval(() => new PlainTaskScheduler()), { numRuns: RUNS });
  });

  it.each([
    ['steps a finished task again', KeepsFinishedTaskScheduler, /finished tasks removed/],
    ['stops with a task left', StopsEarlyTaskScheduler, /stepped yields\+1 times|run\(\) ends when no task is left/],
    ['swallows exceptions', SwallowingTaskScheduler, /exceptions escape run\(\)/],
  ] as const)('kills the mutant that %s', (_, Mutant, law) => {
    expect(lawBroken(finishedRemoval(() => new Mutant()), RUNS)).toMatch(law);
  });
});
