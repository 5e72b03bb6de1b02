/**
 * replay: the identical run again — from a seed and strategy, or from a
 * schedule string — with its full trace and the decisions that deviated
 * from FIFO. A schedule that no longer fits (the code changed) is reported
 * as a divergence: where, and what the tape expected.
 */
import { describe as describeValue } from '../kernel/index.js';
import { ReplayStrategy, explorerFor, formatSchedule, parseSchedule, type Decision, type Divergence, type ExplorerOptions, type StrategyName } from '../strategies/index.js';
import { runOnce, type Budgets } from './run-once.js';
import { errorLine, isScenario, type Scenario } from './scenario.js';

export type ReplayTarget = ({ readonly seed: number; readonly strategy?: StrategyName } & ExplorerOptions) | { readonly schedule: string; readonly seed?: number };

export interface Replayed {
  readonly passed: boolean;
  readonly error: unknown;
  readonly message: string | null;
  readonly output: readonly string[];
  /** Every event of every kernel the scenario built, rendered. */
  readonly trace: string;
  readonly traceHash: string;
  readonly schedule: string;
  readonly deviations: readonly Decision[];
  readonly divergence: Divergence | null;
  readonly step: number;
  readonly time: number;
}

export function replay(scenario: Scenario, target: ReplayTarget, budgets: Budgets = {}): Replayed {
  if (!isScenario(scenario)) throw new TypeError(`replay expected a scenario made with defineScenario(), got ${describeValue(scenario)}`);
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
  const record = runOnce(scenario, strategy, seed, budgets, true, true);
  return {
    passed: record.result.passed,
    error: record.result.error,
    message: record.result.passed ? null : errorLine(record.result.error),
    output: record.result.output,
    trace: record.kernels.map((k) => k.trace?.render() ?? '').join(''),
    traceHash: record.traceHash ?? '',
    schedule: formatSchedule(record.recorder.tape),
    deviations: record.recorder.decisions.filter((d) => d.index !== 0),
    divergence: replayer?.divergence ?? null,
    step: record.step,
    time: record.time,
  };
}
