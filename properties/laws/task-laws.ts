/**
 * The laws of the seed's TaskScheduler as fast-check properties for the
 * property suites, composed from the conformance kit's checks
 * (src/harness/conformance/task-checks.ts: one copy). Each law reads the log
 * the workload's tasks write and the next() calls the scheduler makes, so it
 * needs nothing from the scheduler's insides.
 */
import fc from 'fast-check';
import {
  checkCompleted,
  checkDeterminism,
  checkExceptionsEscape,
  checkFinishedRemoved,
  checkFirstRunOrder,
  checkJoinsAtBack,
  checkResumptions,
  checkRoundRobin,
  checkRunEnds,
  watchTasks,
} from '../../src/harness/conformance/task-checks.js';
import { taskWorkload, type TaskSchedulerLike } from './workload.js';

/**
 * FIFO fairness: tasks first run in the order they were added; between two
 * consecutive steps of a task, every other task live across them steps
 * exactly once; a task added while running joins at the back.
 */
export const fifoFairness = (make: () => TaskSchedulerLike) =>
  fc.property(taskWorkload({ throws: false }), (programs) => {
    const w = watchTasks(make, programs);
    checkCompleted('round robin', w);
    checkFirstRunOrder(programs, w);
    checkRoundRobin(w);
    checkJoinsAtBack(programs, w);
  });

/**
 * Finished-task removal (the seed's StopIteration): a task that returned or
 * threw is never stepped again; every task is stepped exactly yields+1 times
 * (or up to the step that throws); an exception escapes run(); run() returns
 * exactly when no task is left.
 */
export const finishedRemoval = (make: () => TaskSchedulerLike) =>
  fc.property(taskWorkload({ throws: true }), (programs) => {
    const w = watchTasks(make, programs);
    checkCompleted('finished tasks removed', w);
    checkFinishedRemoved(w);
    checkResumptions(programs, w);
    checkExceptionsEscape(w);
    checkRunEnds(w);
  });

export const taskDeterminism = (make: () => TaskSchedulerLike) =>
  fc.property(taskWorkload({ throws: true }), (programs) => {
    const first = watchTasks(make, programs);
    const second = watchTasks(make, programs);
    checkCompleted('determinism', first);
    checkCompleted('determinism', second);
    checkDeterminism(first, second);
  });
