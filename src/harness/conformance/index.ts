/**
 * Conformance kits: the seed's laws for TaskScheduler and ActorScheduler as
 * fast-check properties, run against any scheduler with the seed's methods.
 */
export { checkTaskScheduler, TASK_LAWS, type TaskLaw, type TaskConformanceOptions } from './task-kit.js';
export { checkActorScheduler, ACTOR_LAWS, DEFAULT_MAX_MESSAGES, type ActorLaw, type ActorConformanceOptions } from './actor-kit.js';
export { ConformanceError, formatConformanceFailure, type ConformanceFailure } from './report.js';
export { DEFAULT_RUNS, type ConformanceOptions, type ConformanceSummary, type LawSummary } from './law.js';
export type { TaskSchedulerLike, ActorSchedulerLike } from './workloads.js';
