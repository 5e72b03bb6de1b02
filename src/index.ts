/**
 * simloop's public API. Layers, from the bottom: kernel ← strategies ←
 * schedulers / aio ← harness ← cli.
 */
export { TaskScheduler, RunFunc, ActorScheduler, UnknownActorError, DEAD_LETTERS_KEPT } from './schedulers/index.js';
export type { AddTaskOptions, ActorSchedulerOptions, DeadLetter, SchedulerOptions } from './schedulers/index.js';
export { sleep, Sleep, Trace, SimloopError, StepBudgetError, TimeBudgetError, ReentrantRunError } from './kernel/index.js';
export type { Choice, Owner, Strategy, TraceEvent, TraceMode } from './kernel/index.js';
export {
  fifo,
  randomStrategy,
  pctStrategy,
  DfsExplorer,
  ReplayStrategy,
  Recorder,
  formatSchedule,
  parseSchedule,
  explorerFor,
  STRATEGY_NAMES,
  type StrategyOption,
  type StrategyName,
  type StrategySpec,
  type Decision,
  type Divergence,
  type Tape,
} from './strategies/index.js';
export { defineScenario, isScenario, runScenario, explore, replay, formatFailure, shrinkTape, seeds, schedules, interleavingProperty, InterleavingError } from './harness/index.js';
export type { Scenario, ScenarioSpec, ScenarioContext, ScenarioResult, ExploreOptions, ExploreResult, Failure, Replayed, ReplayTarget } from './harness/index.js';
// looking at a run: the terminal timeline and the Chrome trace (Perfetto), from replay(...).parts
export { renderTimeline, chromeTrace } from './harness/index.js';
export type { TracePart, TimelineOptions, ChromeTrace, ChromeEvent } from './harness/index.js';
// conformance kits: the seed's scheduler laws, for any scheduler
export { checkTaskScheduler, checkActorScheduler, ConformanceError, TASK_LAWS, ACTOR_LAWS } from './harness/index.js';
export type { ConformanceOptions, ActorConformanceOptions, ConformanceSummary, LawSummary, ConformanceFailure, TaskSchedulerLike, ActorSchedulerLike } from './harness/index.js';
// asyncio on the virtual clock (also at 'simloop/aio')
export * from './aio/index.js';
// async/await code under simulation (also at 'simloop/bridge'), and async scenarios
export { simulate, AsyncDeadlockError, UnhandledRejectionError, DEFAULT_EPOCH, DEFAULT_ASYNC_MAX_STEPS, type Controls, type SimulateOptions, type AsyncRun } from './bridge/index.js';
export { defineAsyncScenario, isAsyncScenario, isAnyScenario, asyncInterleavingProperty, type AsyncScenario, type AsyncScenarioSpec, type AsyncScenarioContext, type AnyScenario } from './harness/index.js';
