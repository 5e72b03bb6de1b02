/**
 * An exploration on worker threads: the seeds of each scenario (this shard's,
 * see seed-plan.ts) cut into batches in seed order, handed to whichever
 * thread is free; results collected per seed and turned into the report by
 * `finalize`, so the report is the same for any number of threads.
 *
 * "Stop after F failures" without waiting on the slowest thread: once F
 * failures are known, no batch starting past the F-th failing seed is handed
 * out, and `finalize` drops any run past it. A batch whose thread died is run
 * again seed by seed, each in a thread of its own, which pins the crash on
 * its seed; that seed is reported as a crash and the rest go on.
 */
import type { CorpusEntry, CorpusReplay } from './corpus.js';
import { finalize, type ScenarioReport, type SeedOutcome } from './explore-report.js';
import type { ScenarioFile } from './load.js';
import { ScenarioLoadError } from './load.js';
import { ExplorePool, WorkerCrash, type ScenarioName } from './pool.js';
import { crashRecord, strategyFlags, type SeedsResult } from './seed-runs.js';
import { seedStrategy, shardSeeds, type ExplorePlan, type Shard } from './seed-plan.js';
import type { WorkerJob } from './explore-worker.js';

export interface ParallelProgress {
  readonly runs: number;
  readonly total: number;
  readonly failures: number;
  readonly distinct: number;
}

export interface CorpusOutcome {
  readonly path: string;
  readonly entry: CorpusEntry;
  /** Null when no loaded scenario matches the entry's file and name. */
  readonly result: (CorpusReplay & { readonly crashed: boolean }) | null;
}

export interface ParallelExploreOptions {
  readonly files: readonly ScenarioFile[];
  readonly plan: ExplorePlan;
  readonly shard: Shard | null;
  readonly workers: number;
  /** Only the scenario of this name (--scenario). */
  readonly only?: string;
  /** Saved failures to re-run first. */
  readonly corpus?: readonly { readonly path: string; readonly entry: CorpusEntry }[];
  readonly onLoaded?: (scenarios: readonly ScenarioName[], total: number) => void;
  readonly onCorpus?: (outcomes: readonly CorpusOutcome[]) => void;
  readonly onProgress?: (progress: ParallelProgress) => void;
}

export interface ParallelExploreResult {
  readonly scenarios: readonly ScenarioReport[];
  readonly corpus: readonly CorpusOutcome[];
  /** Threads started, replacements of crashed ones included. */
  readonly threads: number;
}

interface ScenarioState {
  readonly index: number;
  readonly name: ScenarioName;
  readonly seeds: readonly number[];
  next: number;
  /** Seeds of a crashed batch, to run one by one. */
  readonly retry: number[];
  readonly outcomes: SeedOutcome[];
  /** Failing seeds, sorted. */
  readonly failing: number[];
  readonly interleavings: Set<number>;
  report: ScenarioReport | null;
  /** The pct k the workers use for this scenario, once one has said (for a crash's replay line). */
  k: number | null;
}

interface Dispatched {
  readonly state: ScenarioState;
  readonly job: WorkerJob;
}

function cutoff(state: ScenarioState, plan: ExplorePlan): number {
  return state.failing.length >= plan.maxFailures ? state.failing[plan.maxFailures - 1]! : Infinity;
}

function insertSorted(list: number[], value: number): void {
  let i = list.length;
  while (i > 0 && list[i - 1]! > value) i--;
  list.splice(i, 0, value);
}

/** Seeds per batch: small enough that every thread gets several (balance, progress), at most 256. */
export function batchSize(seeds: number, workers: number): number {
  return Math.max(1, Math.min(256, Math.floor(seeds / (workers * 8))));
}

export async function exploreParallel(options: ParallelExploreOptions): Promise<ParallelExploreResult> {
  const { plan, shard } = options;
  const pool = ExplorePool.create(options.files, plan, options.workers);
  try {
    const names = await pool.start();
    const selected = names.map((name, index) => ({ name, index })).filter(({ name }) => options.only === undefined || name.name === options.only);
    if (selected.length === 0) {
      throw new ScenarioLoadError(
        'none-found',
        options.only === undefined
          ? 'no scenarios found: export one made with defineScenario() from a .ts or .js file'
          : `no scenario named "${options.only}" (found: ${[...new Set(names.map((n) => n.name))].join(', ') || 'none'}): check --scenario`,
      );
    }
    const seeds = plan.strategy === 'dfs' ? [] : shardSeeds(plan, shard);
    const states: ScenarioState[] = selected.map(({ name, index }) => ({ index, name, seeds, next: 0, retry: [], outcomes: [], failing: [], interleavings: new Set(), report: null, k: null }));
    const perScenario = plan.strategy === 'dfs' ? 1 : seeds.length;
    options.onLoaded?.(selected.map((s) => s.name), perScenario * states.length);

    const corpus = await replayCorpus(pool, names, options.corpus ?? []);
    if (corpus.length > 0) options.onCorpus?.(corpus);

    const size = batchSize(seeds.length, options.workers);
    const progress = (): void => {
      if (options.onProgress === undefined) return;
      let runs = 0;
      let total = 0;
      let failures = 0;
      let distinct = 0;
      for (const s of states) {
        const cut = cutoff(s, plan);
        total += plan.strategy === 'dfs' ? 1 : cut === Infinity ? s.seeds.length : countUpTo(s.seeds, cut);
        runs += plan.strategy === 'dfs' ? (s.report === null ? 0 : 1) : s.outcomes.length;
        failures += Math.min(s.failing.length, plan.maxFailures) + (s.report?.failures.length ?? 0);
        distinct += s.report?.distinct ?? s.interleavings.size;
      }
      options.onProgress({ runs: Math.min(runs, total), total, failures, distinct });
    };

    const nextJob = (): Dispatched | null => {
      for (const state of states) {
        if (plan.strategy === 'dfs') {
          if (state.next === 0) {
            state.next = 1;
            return { state, job: { kind: 'dfs', scenario: state.index } };
          }
          continue;
        }
        const cut = cutoff(state, plan);
        if (state.retry.length > 0 && state.retry[0]! <= cut) return { state, job: { kind: 'seeds', scenario: state.index, seeds: [state.retry.shift()!] } };
        if (state.next < state.seeds.length && state.seeds[state.next]! <= cut) {
          const batch = state.seeds.slice(state.next, state.next + size);
          state.next += batch.length;
          return { state, job: { kind: 'seeds', scenario: state.index, seeds: batch } };
        }
      }
      return null;
    };

    const accept = (state: ScenarioState, outcomes: readonly SeedOutcome[]): void => {
      for (const o of outcomes) {
        state.outcomes.push(o);
        if (o.interleaving !== null) state.interleavings.add(o.interleaving);
        if (o.failure !== null) insertSorted(state.failing, o.seed);
      }
    };

    const crashed = (d: Dispatched, crash: WorkerCrash): void => {
      const { state, job } = d;
      if (job.kind === 'dfs') {
        const report = finalize(state.name.file, state.name.name, [], plan);
        const record = crashRecord(state.name.name, state.name.file, plan.seeds.from, 'dfs', `the worker thread died during the dfs walk: ${crash.message}`);
        state.report = { ...report, failures: [{ ...record, replay: `npx simloop explore ${state.name.file} --scenario ${state.name.name} --strategy dfs --workers 1` }] };
      } else if (job.kind === 'seeds' && job.seeds.length > 1) {
        for (const seed of job.seeds) insertSorted(state.retry, seed);
      } else if (job.kind === 'seeds') {
        const seed = job.seeds[0]!;
        const s = seedStrategy(plan, seed);
        // pct's k is computed in the workers (from the scenario's FIFO run): known here once any batch of this scenario came back.
        const k = plan.steps ?? state.k;
        const flags = s.name === 'pct' && k === null ? `pct --depth ${s.depth ?? 3}` : strategyFlags(s, k ?? 0);
        const failure = crashRecord(state.name.name, state.name.file, seed, flags, `the worker thread died running seed ${seed}: ${crash.message}`);
        accept(state, [{ seed, interleaving: null, traceHash: null, failure, nondeterminism: null }]);
      }
    };

    await new Promise<void>((resolve, reject) => {
      let inFlight = 0;
      let failed = false;
      const pump = (): void => {
        if (failed) return;
        while (inFlight < options.workers) {
          const next = nextJob();
          if (next === null) break;
          inFlight++;
          pool.run<unknown>(next.job).then(
            (result) => {
              inFlight--;
              if (next.job.kind === 'dfs') next.state.report = result as ScenarioReport;
              else {
                const { outcomes, k } = result as SeedsResult;
                next.state.k = k;
                accept(next.state, outcomes);
              }
              progress();
              pump();
            },
            (error: unknown) => {
              inFlight--;
              if (!(error instanceof WorkerCrash)) {
                failed = true;
                reject(error);
                return;
              }
              crashed(next, error);
              progress();
              pump();
            },
          );
        }
        if (inFlight === 0) resolve();
      };
      pump();
    });

    const scenarios = states.map((s) => s.report ?? finalize(s.name.file, s.name.name, s.outcomes, plan));
    return { scenarios, corpus, threads: pool.started };
  } finally {
    await pool.close();
  }
}

function countUpTo(sorted: readonly number[], max: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= max) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

async function replayCorpus(pool: ExplorePool, names: readonly ScenarioName[], corpus: readonly { path: string; entry: CorpusEntry }[]): Promise<CorpusOutcome[]> {
  return Promise.all(
    corpus.map(async ({ path, entry }): Promise<CorpusOutcome> => {
      // By file and name; a file that moved is still found by its scenario's name when that name is unique.
      let index = names.findIndex((n) => n.file === entry.file && n.name === entry.scenario);
      if (index < 0 && names.filter((n) => n.name === entry.scenario).length === 1) index = names.findIndex((n) => n.name === entry.scenario);
      if (index < 0) return { path, entry, result: null };
      try {
        const replayed = await pool.run<CorpusReplay>({ kind: 'replay', scenario: index, entry });
        return { path, entry, result: { ...replayed, crashed: false } };
      } catch (error) {
        if (!(error instanceof WorkerCrash)) throw error;
        return { path, entry, result: { passed: false, message: `the worker thread died: ${error.message}`, crashed: true } };
      }
    }),
  );
}
