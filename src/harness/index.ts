export { defineScenario, isScenario, runScenario, errorLine } from './scenario.js';
export type { Scenario, ScenarioSpec, ScenarioContext, ScenarioResult } from './scenario.js';
export { explore, seedList, type ExploreOptions, type ExploreProgress, type ExploreResult, type Failure, type SeedRange } from './explore.js';
export { replay, type ReplayTarget, type Replayed } from './replay.js';
export { shrinkTape, deviations, type FailsOn, type ShrinkResult } from './shrink.js';
export { formatFailure, describeDeviation } from './report.js';
export { runOnce, type Budgets, type RunRecord } from './run-once.js';
export { seeds, schedules, interleavingProperty, InterleavingError, type ScheduleArbitraryOptions } from './arbitraries.js';
