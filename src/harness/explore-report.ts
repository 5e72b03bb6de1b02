/**
 * The result of an exploration as data — what `simloop explore --json` writes
 * and `simloop merge` reads — and the one function that turns per-seed
 * outcomes into it (`finalize`), used alike after a run on any number of
 * worker threads and after merging shards. So N shards merged, or one run on
 * 3 workers, give the same bytes as one run on 1 worker (`timing` aside).
 *
 * The run log keeps one line per run, `<seed> <interleaving>[ <trace hash>]`
 * (or `<seed> crashed`): what distinct interleavings are counted from, and
 * what lets a merge cut the shards at the same seed a single run stops at.
 */
import type { Decision } from '../strategies/index.js';
import { formatFailure } from './report.js';
import type { ExplorePlan, Shard } from './seed-plan.js';

export const REPORT_FORMAT = 'simloop-explore/1';

/** A failure as data: what `formatFailure` prints, without the thrown value. A worker crash is one too. */
export interface FailureRecord {
  readonly scenario: string;
  readonly file: string;
  readonly seed: number;
  /** The strategy this seed ran, as flags: `random`, `pct --depth 2 --steps 50`. */
  readonly strategy: string;
  readonly message: string;
  /** The worker thread died running this seed (process.exit, an uncaught error): nothing else is known. */
  readonly crashed: boolean;
  readonly step: number;
  readonly time: number;
  readonly schedule: string | null;
  readonly shrunk: { readonly schedule: string; readonly deviations: readonly Decision[]; readonly runs: number } | null;
  readonly replay: string;
}

/** What one seed gave. */
export interface SeedOutcome {
  readonly seed: number;
  /** Identifies the interleaving (a hash of the choices); null when the worker crashed. */
  readonly interleaving: number | null;
  readonly traceHash: string | null;
  readonly failure: FailureRecord | null;
  readonly nondeterminism: string | null;
}

export interface ScenarioReport {
  readonly file: string;
  readonly scenario: string;
  readonly runs: number;
  readonly distinct: number;
  /** Every run the plan allows was run and the space is exhausted (fifo; dfs within its bound). */
  readonly complete: boolean;
  readonly failures: readonly FailureRecord[];
  readonly nondeterminism: { readonly seed: number; readonly detail: string } | null;
  readonly log: readonly string[];
}

export interface ExploreReport {
  readonly format: typeof REPORT_FORMAT;
  readonly plan: ExplorePlan;
  /** The shard this report covers; null for all seeds (a whole run, or shards merged). */
  readonly shard: Shard | null;
  readonly scenarios: readonly ScenarioReport[];
  /** The only part that differs between equal explorations. */
  readonly timing: { readonly seconds: number; readonly workers: number };
}

const hex = (n: number): string => n.toString(16).padStart(8, '0');

export function logLine(o: SeedOutcome): string {
  if (o.interleaving === null) return `${o.seed} crashed`;
  return o.traceHash === null ? `${o.seed} ${hex(o.interleaving)}` : `${o.seed} ${hex(o.interleaving)} ${o.traceHash}`;
}

/** The per-seed outcomes back from a report (failures and nondeterminism from their lists). */
export function outcomesOf(report: ScenarioReport): SeedOutcome[] {
  const failures = new Map(report.failures.map((f) => [f.seed, f]));
  return report.log.map((line) => {
    const [seedText, id, traceHash] = line.split(' ');
    const seed = Number(seedText);
    return {
      seed,
      interleaving: id === 'crashed' ? null : parseInt(id!, 16),
      traceHash: traceHash ?? null,
      failure: failures.get(seed) ?? null,
      nondeterminism: report.nondeterminism?.seed === seed ? report.nondeterminism.detail : null,
    };
  });
}

/**
 * One scenario's report from its seeds' outcomes, in any order: sorted by
 * seed, cut after the maxFailures-th failure, counted.
 */
export function finalize(file: string, scenario: string, outcomes: readonly SeedOutcome[], plan: ExplorePlan): ScenarioReport {
  const sorted = [...outcomes].sort((a, b) => a.seed - b.seed);
  const kept: SeedOutcome[] = [];
  let failures = 0;
  for (const o of sorted) {
    if (kept.length > 0 && kept[kept.length - 1]!.seed === o.seed) continue; // a seed reported twice (a retried batch): the same run
    kept.push(o);
    if (o.failure !== null && ++failures >= plan.maxFailures) break;
  }
  const ids = new Set<number>();
  for (const o of kept) if (o.interleaving !== null) ids.add(o.interleaving);
  const nd = kept.find((o) => o.nondeterminism !== null);
  return {
    file,
    scenario,
    runs: kept.length,
    distinct: ids.size,
    complete: plan.strategy === 'fifo' && kept.length > 0,
    failures: kept.flatMap((o) => (o.failure === null ? [] : [o.failure])),
    nondeterminism: nd === undefined ? null : { seed: nd.seed, detail: nd.nondeterminism! },
    log: kept.map(logLine),
  };
}

/** The report as JSON text: two-space indented, keys in a fixed order, a trailing newline. */
export function reportJson(report: ExploreReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

export class MergeError extends Error {
  override name = 'MergeError';
}

/** Reads a report back, checking it is one. */
export function parseReport(text: string, source: string): ExploreReport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new MergeError(`${source} is not JSON (${error instanceof Error ? error.message : String(error)}): pass files written by simloop explore --json`);
  }
  if (typeof value !== 'object' || value === null || (value as { format?: unknown }).format !== REPORT_FORMAT) {
    throw new MergeError(`${source} is not a simloop explore result (expected "format": "${REPORT_FORMAT}"): pass files written by simloop explore --json`);
  }
  return value as ExploreReport;
}

const describeShard = (s: Shard | null): string => (s === null ? 'all seeds' : `shard ${s.index}/${s.count}`);

/**
 * Shards of one exploration as one report, equal to the report of the same
 * exploration run unsharded. Checks that they are shards of one plan, each
 * once, all of them.
 */
export function mergeReports(reports: readonly { readonly source: string; readonly report: ExploreReport }[]): ExploreReport {
  if (reports.length === 0) throw new MergeError('merge expected at least one result file (written by simloop explore --json)');
  const [first] = reports;
  const plan = JSON.stringify(first!.report.plan);
  for (const { source, report } of reports) {
    if (JSON.stringify(report.plan) !== plan) {
      throw new MergeError(`${source} was explored with other options than ${first!.source} (${plan} vs ${JSON.stringify(report.plan)}): merge only the shards of one exploration`);
    }
  }
  const whole = reports.filter((r) => r.report.shard === null);
  if (whole.length > 0 && reports.length > 1) {
    throw new MergeError(`${whole[0]!.source} already covers all seeds: merge it alone, or merge only shard results (--shard I/N)`);
  }
  const count = first!.report.shard?.count ?? 1;
  const seen = new Map<number, string>();
  for (const { source, report } of reports) {
    if (report.shard === null) continue;
    if (report.shard.count !== count) throw new MergeError(`${source} is ${describeShard(report.shard)} but ${first!.source} is ${describeShard(first!.report.shard)}: shards of one exploration share N`);
    const twice = seen.get(report.shard.index);
    if (twice !== undefined) throw new MergeError(`${describeShard(report.shard)} is given twice (${twice} and ${source}): pass each shard once`);
    seen.set(report.shard.index, source);
  }
  if (first!.report.shard !== null) {
    const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !seen.has(i));
    if (missing.length > 0) {
      throw new MergeError(`missing ${missing.map((i) => `shard ${i}/${count}`).join(', ')}: the results cover ${seen.size} of ${count} shards; run the missing ones or pass their files`);
    }
  }
  const scenarios = first!.report.scenarios.map((s) => `${s.file} · ${s.scenario}`);
  for (const { source, report } of reports) {
    const these = report.scenarios.map((s) => `${s.file} · ${s.scenario}`);
    if (these.join('\n') !== scenarios.join('\n')) {
      throw new MergeError(`${source} explored other scenarios than ${first!.source} (${these.length} vs ${scenarios.length}): run every shard over the same files`);
    }
  }
  const merged = first!.report.scenarios.map((s, i) => {
    if (first!.report.plan.strategy === 'dfs') return s; // never sharded: the one report is the whole
    return finalize(s.file, s.scenario, reports.flatMap(({ report }) => outcomesOf(report.scenarios[i]!)), first!.report.plan);
  });
  return {
    format: REPORT_FORMAT,
    plan: first!.report.plan,
    shard: null,
    scenarios: merged,
    timing: { seconds: reports.reduce((t, r) => t + r.report.timing.seconds, 0), workers: reports.reduce((t, r) => t + r.report.timing.workers, 0) },
  };
}

/** A failure printed as its reproduction, ending with the line that replays it. */
export function formatFailureRecord(f: FailureRecord): string {
  if (f.crashed || f.schedule === null) {
    return [
      `✗ scenario "${f.scenario}" crashed its worker with seed ${f.seed} (strategy ${f.strategy})`,
      `  ${f.message}`,
      `  replay: ${f.replay}`,
    ].join('\n');
  }
  return formatFailure({ ...f, schedule: f.schedule }); // only a crashed worker leaves the schedule unknown
}
