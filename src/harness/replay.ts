/**
 * replay: the identical run again — from a seed and strategy, or from a
 * schedule string — with its full trace and the decisions that deviated
 * from FIFO. A schedule that no longer fits (the code changed) is reported
 * as a divergence: where, and what the tape expected.
 */
import { describe as describeValue } from '../kernel/index.js';
import { ReplayStrategy, explorerFor, formatSchedule, parseSchedule, type Decision, type Divergence, type ExplorerOptions, type StrategyName } from '../strategies/index.js';
import { runOnce, type Budgets, type RunRecord } from './run-once.js';
import { errorLine, isAnyScenario, isAsyncScenario, type AnyScenario, type AsyncScenario, type Scenario } from './scenario.js';
import { traceParts } from './trace-parts.js';
import type { TracePart } from './run-view.js';

export type ReplayTarget = ({ readonly seed: number; readonly strategy?: StrategyName } & ExplorerOptions) | { readonly schedule: string; readonly seed?: number };

export interface Replayed {
  readonly passed: boolean;
  readonly error: unknown;
  readonly message: string | null;
  readonly output: readonly string[];
  /** Every event of every kernel the scenario built, rendered. */
  readonly trace: string;
  /** The same, per kernel, as events, with the deviations that kernel's run took: what timelines are drawn from. */
  readonly parts: readonly TracePart[];
  readonly traceHash: string;
  readonly schedule: string;
  readonly deviations: readonly Decision[];
  readonly divergence: Divergence | null;
  readonly step: number;
  readonly time: number;
}

/** Replays one run; an async scenario's replay is a promise. */
export function replay(scenario: AsyncScenario, target: ReplayTarget, budgets?: Budgets): Promise<Replayed>;
export function replay(scenario: Scenario, target: ReplayTarget, budgets?: Budgets): Replayed;
export function replay(scenario: AnyScenario, target: ReplayTarget, budgets: Budgets = {}): Replayed | Promise<Replayed> {
  if (!isAnyScenario(scenario)) throw new TypeError(`replay expected a scenario made with defineScenario(), got ${describeValue(scenario)}`);
  let strategy;
  let seed: number;
  let replayer: ReplayStrategy | null = null;
  if ('schedule' in target) {
    seed = target.seed ?? 0;
    replayer = new ReplayStrategy(parseSchedule(target.schedule), { fallbackSeed: seed });
    strategy = replayer;
  } else {
    seed = target.seed;
    if (!Number.isInteger(seed)) throw new TypeError(`replay expected an integer seed, got ${describeValue(seed)}`);
    if (target.strategy === 'dfs') {
      throw new TypeError('a dfs run is not made from a seed: replay it with { schedule } (the failure report prints it)');
    }
    const explorer = explorerFor(target.strategy ?? 'random', target);
    strategy = explorer.nextRun(seed);
    if (strategy === null) throw new Error(`strategy ${target.strategy} has no run for seed ${seed}`);
  }
  const replayed = (record: RunRecord): Replayed => ({
    passed: record.result.passed,
    error: record.result.error,
    message: record.result.passed ? null : errorLine(record.result.error),
    output: record.result.output,
    trace: record.kernels.map((k) => k.trace?.render() ?? '').join(''),
    traceHash: record.traceHash ?? '',
    parts: traceParts(record),
    schedule: formatSchedule(record.recorder.tape),
    deviations: record.recorder.decisions.filter((d) => d.index !== 0),
    divergence: replayer?.divergence ?? null,
    step: record.step,
    time: record.time,
  });
  return isAsyncScenario(scenario) ? runOnce(scenario, strategy, seed, budgets, true, true).then(replayed) : replayed(runOnce(scenario, strategy, seed, budgets, true, true));
}
