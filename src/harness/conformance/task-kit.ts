/**
 * checkTaskScheduler: the seed's TaskScheduler laws, run against any object
 * with addTask(task) and run().
 */
import { describe as describeValue } from '../../kernel/index.js';
import { checkNoCliff, LARGE_QUEUE } from './cliff.js';
import { law, runLaws, validateOptions, type ConformanceOptions, type ConformanceSummary, type Law } from './law.js';
import { renderTaskPrograms } from './report.js';
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
  type TaskWatch,
} from './task-checks.js';
import { taskWorkload, type TaskProgram, type TaskSchedulerLike } from './workloads.js';

/** The laws of checkTaskScheduler, in the order they are checked. */
export const TASK_LAWS = [
  'first-run order',
  'round robin',
  'spawned tasks join at the back',
  'stepped yields+1 times',
  'finished tasks removed',
  'run() ends when no task is left',
  'exceptions escape run()',
  'run() resumes the rest after an exception',
  'no cliff at large queues',
  'determinism',
] as const;

export type TaskLaw = (typeof TASK_LAWS)[number];

export type TaskConformanceOptions = ConformanceOptions;

function taskLaws(make: () => TaskSchedulerLike): Law<unknown>[] {
  const noThrows = taskWorkload({ throws: false });
  const withThrows = taskWorkload({ throws: true });
  const on = (name: TaskLaw, arbitrary: typeof noThrows, body: (programs: TaskProgram[], w: TaskWatch) => void, again = false) =>
    law<TaskProgram[]>({
      name,
      arbitrary,
      check: (programs) => {
        const w = watchTasks(make, programs, { again });
        checkCompleted(name, w);
        body(programs, w);
      },
      render: renderTaskPrograms,
    });
  const resumesRest: TaskLaw = 'run() resumes the rest after an exception';
  return [
    on('first-run order', noThrows, checkFirstRunOrder),
    on('round robin', noThrows, (_, w) => checkRoundRobin(w)),
    on('spawned tasks join at the back', noThrows, checkJoinsAtBack),
    on('stepped yields+1 times', noThrows, (programs, w) => checkResumptions(programs, w)),
    on('finished tasks removed', withThrows, (_, w) => checkFinishedRemoved(w)),
    on('run() ends when no task is left', noThrows, (_, w) => checkRunEnds(w), true),
    on('exceptions escape run()', withThrows, (_, w) => checkExceptionsEscape(w)),
    on(resumesRest, withThrows, (programs, w) => {
      checkResumptions(programs, w, resumesRest);
      checkRoundRobin(w, resumesRest);
    }),
    law<number>({
      name: 'no cliff at large queues',
      arbitrary: null,
      fixed: LARGE_QUEUE,
      check: () => checkNoCliff(make),
      render: (n) => `${n.toLocaleString('en-US')} tasks that each yield once: addTask each, then run() (and the same with 200 tasks, 50 times, to compare)`,
    }),
    law<TaskProgram[]>({
      name: 'determinism',
      arbitrary: withThrows,
      check: (programs) => {
        const first = watchTasks(make, programs);
        checkCompleted('determinism', first);
        const second = watchTasks(make, programs);
        checkCompleted('determinism', second);
        checkDeterminism(first, second);
      },
      render: renderTaskPrograms,
    }),
  ];
}

/**
 * Runs the seed's TaskScheduler laws against schedulers made by `factory`
 * (a fresh one per workload). Returns a summary; throws a ConformanceError
 * naming the first law broken, with the minimal counterexample and the
 * options that replay it.
 */
export function checkTaskScheduler(factory: () => TaskSchedulerLike, options: TaskConformanceOptions = {}): ConformanceSummary {
  if (typeof factory !== 'function') throw new TypeError(`checkTaskScheduler expected a factory function returning a scheduler, got ${describeValue(factory)}`);
  const checked = validateOptions('checkTaskScheduler', options, TASK_LAWS, []);
  const probe = factory() as Partial<TaskSchedulerLike> | null | undefined;
  if (typeof probe?.addTask !== 'function' || typeof probe.run !== 'function') {
    throw new TypeError(`checkTaskScheduler: the factory returned ${describeValue(probe)}, expected an object with addTask(task) and run()`);
  }
  return runLaws({ kit: 'task', fn: 'checkTaskScheduler', laws: taskLaws(factory), shaping: {} }, checked);
}
