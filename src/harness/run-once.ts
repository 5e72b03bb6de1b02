/**
 * One run of a scenario under a given strategy, with everything the harness
 * needs afterwards: did it pass, what it raised, where it stood (step and
 * virtual time of the last kernel), what it chose (the recorder), and the
 * trace hash or events when asked.
 */
import type { Kernel, Strategy, TraceMode } from '../kernel/index.js';
import { Recorder } from '../strategies/index.js';
import { isAsyncScenario, runScenario, type AnyScenario, type AsyncScenario, type Scenario, type ScenarioResult } from './scenario.js';

export interface Budgets {
  readonly maxSteps?: number;
  readonly maxTime?: number;
}

export interface RunRecord {
  readonly result: ScenarioResult;
  readonly recorder: Recorder;
  /** The kernels the scenario built, in order (a scenario may build several schedulers). */
  readonly kernels: readonly Kernel[];
  /** Step and virtual time of the last kernel when the run ended. */
  readonly step: number;
  readonly time: number;
  /** Hash of every kernel's trace, when traced. */
  readonly traceHash: string | null;
  /** For each kernel, how many decisions had been recorded when it was built (its first decision's index). */
  readonly firstDecisions: readonly number[];
}

/** One run; for an async scenario, a promise of it. */
export function runOnce(scenario: AsyncScenario, strategy: Strategy, seed: number, budgets: Budgets, trace: TraceMode, keepDecisions?: boolean, keepCounts?: boolean): Promise<RunRecord>;
export function runOnce(scenario: Scenario, strategy: Strategy, seed: number, budgets: Budgets, trace: TraceMode, keepDecisions?: boolean, keepCounts?: boolean): RunRecord;
export function runOnce(scenario: AnyScenario, strategy: Strategy, seed: number, budgets: Budgets, trace: TraceMode, keepDecisions?: boolean, keepCounts?: boolean): RunRecord | Promise<RunRecord>;
export function runOnce(scenario: AnyScenario, strategy: Strategy, seed: number, budgets: Budgets, trace: TraceMode, keepDecisions = false, keepCounts = true): RunRecord | Promise<RunRecord> {
  const recorder = new Recorder(strategy, keepDecisions, keepCounts);
  // Made at the first kernel, as one-place literals: a run usually builds one, and `[]` then push copied each.
  let kernels: Kernel[] | null = null;
  let firstDecisions: number[] | null = null;
  const options = {
    strategy: recorder,
    seed,
    trace,
    // Not `...budgets`: a spread costs more than the whole rest of this setup, once per explored run; undefined means the default.
    maxSteps: budgets.maxSteps,
    maxTime: budgets.maxTime,
    onKernel: (kernel: Kernel) => {
      if (kernels === null || firstDecisions === null) {
        kernels = [kernel];
        firstDecisions = [recorder.decisions.length];
      } else {
        kernels.push(kernel);
        firstDecisions.push(recorder.decisions.length);
      }
    },
  };
  const record = (result: ScenarioResult): RunRecord => {
    const built: Kernel[] = kernels ?? [];
    const last = built[built.length - 1];
    const traceHash = trace === false ? null : built.map((k) => k.trace?.hash() ?? '').join('.');
    return { result, recorder, kernels: built, step: last?.steps ?? 0, time: last?.time ?? 0, traceHash, firstDecisions: firstDecisions ?? [] };
  };
  return isAsyncScenario(scenario) ? runScenario(scenario, options).then(record) : record(runScenario(scenario, options));
}

/** A run an algorithm (explore, shrinking, the determinism check) asks for; `drive` performs it. */
export interface RunRequest {
  readonly strategy: Strategy;
  readonly seed: number;
  readonly trace: TraceMode;
  readonly keepDecisions?: boolean;
  /** Record how many candidates each choice had (default true; dfs needs them, explore's other strategies do not). */
  readonly keepCounts?: boolean;
}

/** An algorithm over runs, written once as a generator: it yields the runs it needs and is sent back their records. */
export type Runs<T> = Generator<RunRequest, T, RunRecord>;

/**
 * Drives an algorithm over runs of a scenario: synchronously for a
 * synchronous scenario (as fast as a plain loop), awaiting each run for an
 * async one — one algorithm for both kinds.
 */
export function drive<T>(scenario: AsyncScenario, budgets: Budgets, runs: Runs<T>): Promise<T>;
export function drive<T>(scenario: Scenario, budgets: Budgets, runs: Runs<T>): T;
export function drive<T>(scenario: AnyScenario, budgets: Budgets, runs: Runs<T>): T | Promise<T>;
export function drive<T>(scenario: AnyScenario, budgets: Budgets, runs: Runs<T>): T | Promise<T> {
  const once = (r: RunRequest) => runOnce(scenario, r.strategy, r.seed, budgets, r.trace, r.keepDecisions ?? false, r.keepCounts ?? true);
  if (isAsyncScenario(scenario)) {
    return (async () => {
      let next = runs.next();
      while (!next.done) next = runs.next(await once(next.value));
      return next.value;
    })();
  }
  let next = runs.next();
  while (!next.done) next = runs.next(once(next.value) as RunRecord);
  return next.value;
}
