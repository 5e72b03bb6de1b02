export { TaskScheduler, RunFunc, type AddTaskOptions } from './task-scheduler.js';
export { ActorScheduler, UnknownActorError, DEAD_LETTERS_KEPT, type ActorSchedulerOptions, type DeadLetter, type MessageOrdering } from './actor-scheduler.js';
export type { SchedulerOptions } from './options.js';
