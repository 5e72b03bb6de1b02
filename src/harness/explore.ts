/**
 * explore: run a scenario over many seeds under a strategy, check it after
 * every run (the scenario throws when an invariant breaks), and report each
 * failure as its reproduction — seed, schedule, shrunk schedule, the line to
 * replay it — plus how many distinct interleavings were really run.
 */
import { describe as describeValue } from '../kernel/index.js';
import { ReplayStrategy, explorerFor, formatSchedule, type Decision, type ExplorerOptions, type StrategyName, type Tape } from '../strategies/index.js';
import { runOnce, type Budgets, type RunRecord } from './run-once.js';
import { errorLine, isScenario, type Scenario } from './scenario.js';
import { shrinkTape } from './shrink.js';

export interface SeedRange {
  readonly from: number;
  readonly to: number;
}

export interface ExploreOptions extends ExplorerOptions, Budgets {
  /** How many seeds (0..n-1), a range { from, to } (both included), or a list (default 1000). dfs: the most runs. */
  readonly seeds?: number | SeedRange | readonly number[];
  /** default 'random' */
  readonly strategy?: StrategyName;
  /** Stop after this many failures (default 1). */
  readonly maxFailures?: number;
  /** Shrink each failure to a minimal schedule (default true). */
  readonly shrink?: boolean;
  /** Run every seed twice and report where the traces first differ (code that leaks Math.random, Date.now...). */
  readonly checkDeterminism?: boolean;
  /** For the replay line in reports. */
  readonly file?: string;
  /** Called after each run. */
  readonly onProgress?: (progress: ExploreProgress) => void;
}

export interface ExploreProgress {
  readonly runs: number;
  readonly total: number;
  readonly failures: number;
  readonly distinct: number;
}

export interface Failure {
  readonly scenario: string;
  readonly seed: number;
  /** How to rebuild the strategy: `random`, `pct --depth 3 --steps 40`, `dfs`. */
  readonly strategy: string;
  readonly error: unknown;
  readonly message: string;
  readonly step: number;
  readonly time: number;
  /** What the failing run chose, as a schedule string. */
  readonly schedule: string;
  /** The minimal schedule that still fails, and its deviations from FIFO. */
  readonly shrunk: { readonly schedule: string; readonly deviations: readonly Decision[]; readonly runs: number } | null;
  /** The command that replays it. */
  readonly replay: string;
  readonly output: readonly string[];
}

export interface ExploreResult {
  readonly scenario: string;
  readonly strategy: StrategyName;
  readonly runs: number;
  readonly failures: readonly Failure[];
  /** Distinct interleavings (who was chosen at each choice) among the runs. */
  readonly distinct: number;
  /** dfs: every schedule within the bound was run. */
  readonly complete: boolean;
  /** checkDeterminism: the first seed whose two runs differed, and where. */
  readonly nondeterminism: { readonly seed: number; readonly detail: string } | null;
}

export function seedList(seeds: ExploreOptions['seeds']): number[] {
  if (seeds === undefined) return seedList(1000);
  if (typeof seeds === 'number') {
    if (!Number.isInteger(seeds) || seeds < 0) throw new TypeError(`seeds expected a count >= 0, { from, to } or a list, got ${seeds}`);
    return Array.from({ length: seeds }, (_, i) => i);
  }
  if (!Array.isArray(seeds)) {
    const { from, to } = seeds as SeedRange;
    if (!Number.isInteger(from) || !Number.isInteger(to) || from > to) {
      throw new TypeError(`seeds expected { from, to } with integers from <= to, got ${describeValue(seeds)}`);
    }
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  }
  for (const s of seeds) if (!Number.isInteger(s)) throw new TypeError(`seeds expected integers, got ${describeValue(s)}`);
  return [...(seeds as readonly number[])];
}

export function explore(scenario: Scenario, options: ExploreOptions = {}): ExploreResult {
  if (!isScenario(scenario)) throw new TypeError(`explore expected a scenario made with defineScenario(), got ${describeValue(scenario)}`);
  const strategyName = options.strategy ?? 'random';
  const explorer = explorerFor(strategyName, options);
  const seeds = strategyName === 'dfs' ? null : seedList(options.seeds);
  const limit = strategyName === 'dfs' ? (typeof options.seeds === 'number' ? options.seeds : 100_000) : seeds!.length;
  const budgets: Budgets = { ...(options.maxSteps !== undefined && { maxSteps: options.maxSteps }), ...(options.maxTime !== undefined && { maxTime: options.maxTime }) };
  const maxFailures = options.maxFailures ?? 1;
  const failures: Failure[] = [];
  const interleavings = new Set<number>();
  let nondeterminism: ExploreResult['nondeterminism'] = null;
  let runs = 0;

  for (let i = 0; i < limit && failures.length < maxFailures; i++) {
    const seed = seeds === null ? i : seeds[i]!;
    const strategy = explorer.nextRun(seed);
    if (strategy === null) break;
    const record = runOnce(scenario, strategy, seed, budgets, options.checkDeterminism ? 'hash' : false);
    runs++;
    explorer.afterRun(record.recorder.tape, record.recorder.counts);
    interleavings.add(record.recorder.interleaving);
    if (options.checkDeterminism && nondeterminism === null) nondeterminism = checkTwice(scenario, record, seed, budgets);
    if (!record.result.passed) failures.push(failureOf(scenario, record, seed, explorer.describe(), budgets, options));
    if (options.onProgress !== undefined && (runs % 64 === 0 || i === limit - 1 || !record.result.passed)) {
      options.onProgress({ runs, total: limit, failures: failures.length, distinct: interleavings.size });
    }
  }
  return { scenario: scenario.name, strategy: strategyName, runs, failures, distinct: interleavings.size, complete: explorer.complete, nondeterminism };
}

function failureOf(scenario: Scenario, record: RunRecord, seed: number, strategy: string, budgets: Budgets, options: ExploreOptions): Failure {
  const tape = record.recorder.tape;
  let shrunk: Failure['shrunk'] = null;
  if (options.shrink !== false) {
    const failsOn = (candidate: Tape): number[] | null => {
      const run = runOnce(scenario, new ReplayStrategy(candidate, { wrap: true }), seed, budgets, false);
      return run.result.passed ? null : run.recorder.tape;
    };
    const result = shrinkTape(failsOn, tape);
    const final = runOnce(scenario, new ReplayStrategy(result.tape, { wrap: true }), seed, budgets, false, true);
    shrunk = { schedule: formatSchedule(result.tape), deviations: final.recorder.decisions.filter((d) => d.index !== 0), runs: result.runs };
  }
  const schedule = shrunk?.schedule ?? formatSchedule(tape);
  const file = options.file ?? '<scenario file>';
  return {
    scenario: scenario.name,
    seed,
    strategy,
    error: record.result.error,
    message: errorLine(record.result.error),
    step: record.step,
    time: record.time,
    schedule: formatSchedule(tape),
    shrunk,
    replay: `npx simloop replay ${file} --scenario ${scenario.name} --schedule ${schedule}`,
    output: record.result.output,
  };
}

function checkTwice(scenario: Scenario, first: RunRecord, seed: number, budgets: Budgets): ExploreResult['nondeterminism'] {
  const again = runOnce(scenario, new ReplayStrategy(first.recorder.tape), seed, budgets, 'hash');
  if (again.traceHash === first.traceHash && again.recorder.tape.join() === first.recorder.tape.join()) return null;
  // Find the first differing event with full traces.
  const a = runOnce(scenario, new ReplayStrategy(first.recorder.tape), seed, budgets, true);
  const b = runOnce(scenario, new ReplayStrategy(first.recorder.tape), seed, budgets, true);
  const linesOf = (r: RunRecord): string[] => r.kernels.flatMap((k) => k.trace?.render().split('\n') ?? []);
  const [la, lb] = [linesOf(a), linesOf(b)];
  const at = la.findIndex((line, i) => line !== lb[i]);
  const detail = at < 0 ? 'the traces have the same events but different lengths' : `first difference at event ${at}: "${la[at]}" vs "${lb[at] ?? '(end)'}"`;
  return { seed, detail };
}
