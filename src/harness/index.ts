export { defineScenario, isScenario, runScenario, errorLine } from './scenario.js';
export type { Scenario, ScenarioSpec, ScenarioContext, ScenarioResult } from './scenario.js';
export { explore, seedList, type ExploreOptions, type ExploreProgress, type ExploreResult, type Failure, type SeedRange } from './explore.js';
export { replay, type ReplayTarget, type Replayed } from './replay.js';
export { shrinkTape, deviations, type FailsOn, type ShrinkResult } from './shrink.js';
export { formatFailure, describeDeviation } from './report.js';
export { runOnce, type Budgets, type RunRecord } from './run-once.js';
export { seeds, schedules, interleavingProperty, InterleavingError, type ScheduleArbitraryOptions } from './arbitraries.js';
export { checkTaskScheduler, checkActorScheduler, ConformanceError, TASK_LAWS, ACTOR_LAWS } from './conformance/index.js';
export type { ConformanceOptions, ActorConformanceOptions, ConformanceSummary, LawSummary, ConformanceFailure, TaskSchedulerLike, ActorSchedulerLike } from './conformance/index.js';
export { viewRun, describeChoice, type TracePart, type RunView, type Unit, type Flow, type FlowKind } from './run-view.js';
export { renderTimeline, timelineRows, type TimelineOptions, type TimelineRow } from './timeline.js';
export { chromeTrace, chromeEvents, OTHER_DATA, type ChromeTrace, type ChromeEvent, type ChromeTraceOptions } from './chrome-trace.js';
export { traceParts } from './trace-parts.js';
// scenario files, and explorations spread over worker threads and shards (the simloop command's explore and merge)
export { loadScenarios, loadScenarioFile, findScenarioFiles, ScenarioLoadError, type LoadedScenario, type ScenarioFile, type LoadProblem } from './load.js';
export { EXPLORE_STRATEGIES, PORTFOLIO, seedStrategy, shardSeeds, inShard, type ExplorePlan, type ExploreStrategyName, type Shard, type SeedStrategy } from './seed-plan.js';
export { finalize, mergeReports, parseReport, reportJson, formatFailureRecord, MergeError, REPORT_FORMAT, type ExploreReport, type ScenarioReport, type FailureRecord, type SeedOutcome } from './explore-report.js';
export { runSeed } from './seed-runs.js';
export { exploreParallel, type ParallelExploreOptions, type ParallelExploreResult, type ParallelProgress, type CorpusOutcome } from './parallel-explore.js';
export { readCorpus, saveCorpusEntry, corpusEntry, corpusFileName, replayCorpusEntry, CorpusError, CORPUS_FORMAT, type CorpusEntry, type CorpusReplay } from './corpus.js';
// async scenarios: ordinary async functions under the bridge (src/bridge)
export { defineAsyncScenario, isAsyncScenario, isAnyScenario, type AsyncScenario, type AsyncScenarioSpec, type AsyncScenarioContext, type AnyScenario } from './scenario.js';
export { asyncInterleavingProperty } from './arbitraries.js';
export { drive, type RunRequest, type Runs } from './run-once.js';
export { shrinking } from './shrink.js';
