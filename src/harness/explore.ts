/**
 * explore: run a scenario over many seeds under a strategy, check it after
 * every run (the scenario throws when an invariant breaks), and report each
 * failure as its reproduction — seed, schedule, shrunk schedule, the line to
 * replay it — plus how many distinct interleavings were really run.
 */
import { describe as describeValue } from '../kernel/index.js';
import { DistinctCounter } from './distinct.js';
import { ReplayStrategy, explorerFor, formatSchedule, type Decision, type Explorer, type ExplorerOptions, type StrategyName, type StrategySpec } from '../strategies/index.js';
import { drive, type Budgets, type RunRecord, type RunRequest, type Runs } from './run-once.js';
import { errorLine, isAnyScenario, isAsyncScenario, type AnyScenario, type AsyncScenario, type Scenario } from './scenario.js';
import { shrinking } from './shrink.js';

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
  /** The same as data: the strategy's name and this run's parameters (pct: depth, steps; dfs: maxPreemptions). */
  readonly strategySpec: StrategySpec;
  readonly error: unknown;
  readonly message: string;
  /** Step and virtual time where the failing run ended (of the last scheduler it built). */
  readonly step: number;
  readonly time: number;
  /** What the failing run chose, as a schedule string. */
  readonly schedule: string;
  /** The same as data: every choice's index, 0 being FIFO's (`schedule` lists only the others). */
  readonly tape: readonly number[];
  /** Every choice of the failing run, with its kind, step, time and the names chosen and FIFO's. */
  readonly decisions: readonly Decision[];
  /** The minimal schedule that still fails (also as a tape), and its deviations from FIFO. */
  readonly shrunk: { readonly schedule: string; readonly tape: readonly number[]; readonly deviations: readonly Decision[]; readonly runs: number } | null;
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

/** from, from+1, ..., to-1: a plain loop (Array.from with a mapper costs several times more per seed). */
function range(from: number, to: number): number[] {
  const out = new Array<number>(to - from);
  for (let i = 0; i < out.length; i++) out[i] = from + i;
  return out;
}

export function seedList(seeds: ExploreOptions['seeds']): number[] {
  if (seeds === undefined) return seedList(1000);
  if (typeof seeds === 'number') {
    if (!Number.isInteger(seeds) || seeds < 0) throw new TypeError(`seeds expected a count >= 0, { from, to } or a list, got ${seeds}`);
    return range(0, seeds);
  }
  if (!Array.isArray(seeds)) {
    const { from, to } = seeds as SeedRange;
    if (!Number.isInteger(from) || !Number.isInteger(to) || from > to) {
      throw new TypeError(`seeds expected { from, to } with integers from <= to, got ${describeValue(seeds)}`);
    }
    return range(from, to + 1);
  }
  for (const s of seeds) if (!Number.isInteger(s)) throw new TypeError(`seeds expected integers, got ${describeValue(s)}`);
  return [...(seeds as readonly number[])];
}

/** A run of the exploration: what `drive` performs. */
const run = (strategy: RunRequest['strategy'], seed: number, trace: RunRequest['trace'], keepDecisions = false, keepCounts = true): RunRequest => ({ strategy, seed, trace, keepDecisions, keepCounts });

/** Explores a scenario; an async scenario's exploration is a promise. */
export function explore(scenario: AsyncScenario, options?: ExploreOptions): Promise<ExploreResult>;
export function explore(scenario: Scenario, options?: ExploreOptions): ExploreResult;
export function explore(scenario: AnyScenario, options?: ExploreOptions): ExploreResult | Promise<ExploreResult>;
export function explore(scenario: AnyScenario, options: ExploreOptions = {}): ExploreResult | Promise<ExploreResult> {
  if (!isAnyScenario(scenario)) throw new TypeError(`explore expected a scenario made with defineScenario(), got ${describeValue(scenario)}`);
  const budgets: Budgets = { ...(options.maxSteps !== undefined && { maxSteps: options.maxSteps }), ...(options.maxTime !== undefined && { maxTime: options.maxTime }) };
  return drive(scenario, budgets, exploring(scenario, options));
}

// The exploration, written once over runs (see `drive`): synchronous and async scenarios share it.
function* exploring(scenario: AnyScenario, options: ExploreOptions): Runs<ExploreResult> {
  const strategyName = options.strategy ?? 'random';
  const explorer = explorerFor(strategyName, options);
  const seeds = strategyName === 'dfs' ? null : seedList(options.seeds);
  const limit = strategyName === 'dfs' ? (typeof options.seeds === 'number' ? options.seeds : 100_000) : seeds!.length;
  const maxFailures = options.maxFailures ?? 1;
  const keepCounts = strategyName === 'dfs'; // only dfs reads how many candidates each choice had
  const failures: Failure[] = [];
  const interleavings = new DistinctCounter(limit); // a Set<number>, without boxing the uint32 hashes
  let nondeterminism: ExploreResult['nondeterminism'] = null;
  let runs = 0;

  for (let i = 0; i < limit && failures.length < maxFailures; i++) {
    const seed = seeds === null ? i : seeds[i]!;
    const strategy = explorer.nextRun(seed);
    if (strategy === null) break;
    const record = yield run(strategy, seed, options.checkDeterminism ? 'hash' : false, false, keepCounts);
    runs++;
    explorer.afterRun(record.recorder.tape, record.recorder.counts);
    interleavings.add(record.recorder.interleaving);
    if (options.checkDeterminism && nondeterminism === null) nondeterminism = yield* checkTwice(record, seed);
    if (!record.result.passed) failures.push(yield* failureOf(scenario, record, seed, explorer, options));
    if (options.onProgress !== undefined && (runs % 64 === 0 || i === limit - 1 || !record.result.passed)) {
      options.onProgress({ runs, total: limit, failures: failures.length, distinct: interleavings.size });
    }
  }
  return { scenario: scenario.name, strategy: strategyName, runs, failures, distinct: interleavings.size, complete: explorer.complete, nondeterminism };
}

function* failureOf(scenario: AnyScenario, record: RunRecord, seed: number, explorer: Explorer, options: ExploreOptions): Runs<Failure> {
  const tape = record.recorder.tape;
  // The runs of an exploration keep no names (it would slow every run down): the failing one is run again, from its tape, to name its decisions.
  const named = yield run(new ReplayStrategy(tape), seed, false, true);
  let shrunk: Failure['shrunk'] = null;
  if (options.shrink !== false) {
    const search = shrinking(tape);
    let next = search.next();
    while (!next.done) {
      const candidate: RunRecord = yield run(new ReplayStrategy(next.value, { wrap: true }), seed, false);
      next = search.next(candidate.result.passed ? null : candidate.recorder.tape);
    }
    const result = next.value;
    const final = yield run(new ReplayStrategy(result.tape, { wrap: true }), seed, false, true);
    shrunk = { schedule: formatSchedule(result.tape), tape: result.tape, deviations: final.recorder.decisions.filter((d) => d.index !== 0), runs: result.runs };
  }
  const schedule = shrunk?.schedule ?? formatSchedule(tape);
  const file = options.file ?? '<scenario file>';
  return {
    scenario: scenario.name,
    seed,
    strategy: explorer.describe(),
    strategySpec: explorer.spec(),
    error: record.result.error,
    message: errorLine(record.result.error),
    step: record.step,
    time: record.time,
    schedule: formatSchedule(tape),
    tape: [...tape],
    decisions: named.recorder.decisions,
    shrunk,
    // An async run's Math.random is seeded from its seed: its schedule replays with the same seed.
    replay: `npx simloop replay ${file} --scenario ${scenario.name} --schedule ${schedule}${isAsyncScenario(scenario) ? ` --seed ${seed}` : ''}`,
    output: record.result.output,
  };
}

function* checkTwice(first: RunRecord, seed: number): Runs<ExploreResult['nondeterminism']> {
  const again = yield run(new ReplayStrategy(first.recorder.tape), seed, 'hash');
  if (again.traceHash === first.traceHash && again.recorder.tape.join() === first.recorder.tape.join()) return null;
  // Find the first differing event with full traces.
  const a = yield run(new ReplayStrategy(first.recorder.tape), seed, true);
  const b = yield run(new ReplayStrategy(first.recorder.tape), seed, true);
  const linesOf = (r: RunRecord): string[] => r.kernels.flatMap((k) => k.trace?.render().split('\n') ?? []);
  const [la, lb] = [linesOf(a), linesOf(b)];
  const at = la.findIndex((line, i) => line !== lb[i]);
  const detail = at < 0 ? 'the traces have the same events but different lengths' : `first difference at event ${at}: "${la[at]}" vs "${lb[at] ?? '(end)'}"`;
  return { seed, detail };
}
