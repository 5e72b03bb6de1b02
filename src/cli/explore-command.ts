/**
 * `simloop explore` and `simloop merge`: an exploration over worker threads
 * (harness/parallel-explore.ts), printed as a person reads it — the saved
 * failures re-run first, progress, each failure as its reproduction, a table
 * per scenario — and written as JSON that `merge` combines across shards.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import {
  corpusEntry,
  exploreParallel,
  findScenarioFiles,
  formatFailureRecord,
  mergeReports,
  parseReport,
  readCorpus,
  reportJson,
  saveCorpusEntry,
  shardSeeds,
  REPORT_FORMAT,
  type CorpusOutcome,
  type ExplorePlan,
  type ExploreReport,
  type ScenarioReport,
  type Shard,
} from '../harness/index.js';
import { out, type Paint } from './color.js';
import { UsageError } from './load.js';
import { formatSeconds, Progress } from './progress.js';

export interface ExploreArgs {
  readonly paths: readonly string[];
  readonly scenario?: string;
  readonly plan: ExplorePlan;
  readonly shard: Shard | null;
  readonly workers: number;
  readonly json?: string;
  readonly saveFailures?: string;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function describeSeeds(plan: ExplorePlan, shard: Shard | null): string {
  const { from, to } = plan.seeds;
  if (plan.strategy === 'dfs') return `dfs, at most ${to - from + 1} runs`;
  if (plan.strategy === 'fifo') return 'fifo, one run';
  const range = `seeds ${from}..${to}`;
  return shard === null ? `${range} (${plan.strategy})` : `${range}, shard ${shard.index}/${shard.count}: ${plural(shardSeeds(plan, shard).length, 'seed')} (${plan.strategy})`;
}

function printCorpus(dir: string, outcomes: readonly CorpusOutcome[], paint: Paint): number {
  const ran = outcomes.filter((o) => o.result !== null);
  const still = ran.filter((o) => !o.result!.passed);
  console.log(`corpus ${dir}: re-running ${plural(ran.length, 'saved failure')} first`);
  for (const o of ran) {
    const what = `${o.entry.scenario} (${o.entry.schedule === null ? `seed ${o.entry.seed}, ${o.entry.strategy}` : `schedule ${o.entry.schedule}`}; saved: ${o.entry.message.split('\n')[0]})`;
    if (o.result!.passed) {
      console.log(`  ${paint.green('✓')} passes now: ${what}`);
    } else {
      console.log(`  ${paint.red('✗')} still fails: ${what}`);
      console.log(`    ${o.result!.message!.split('\n')[0]}`);
      console.log(`    replay: ${o.entry.replay}`);
    }
  }
  const skipped = outcomes.length - ran.length;
  if (skipped > 0) console.log(`  (${plural(skipped, 'saved failure')} of scenarios not explored now left alone)`);
  console.log('');
  return still.length;
}

function table(scenarios: readonly ScenarioReport[], plan: ExplorePlan, paint: Paint): string {
  const rows = scenarios.map((s) => {
    const bad = s.failures.length > 0 || s.nondeterminism !== null;
    const covered = plan.strategy === 'dfs' && s.complete ? ', space covered completely' : '';
    const verdict = (s.failures.length > 0 ? 'failed' : s.nondeterminism !== null ? 'nondeterministic' : 'passed') + covered;
    return { cells: [`${s.file} · ${s.scenario}`, String(s.runs), String(s.distinct), String(s.failures.length)], verdict, bad };
  });
  const head = ['scenario', 'runs', 'distinct', 'failures'];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r.cells[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(width[i]!) : c.padStart(width[i]!))).join('  ');
  return [
    paint.dim(line(head) + '  result'),
    ...rows.map((r) => `${line(r.cells)}  ${r.bad ? paint.red(`✗ ${r.verdict}`) : paint.green(`✓ ${r.verdict}`)}`),
  ].join('\n');
}

/** Failures, the table and the verdict line, for explore and merge alike; returns how many scenarios failed. */
function printReport(report: ExploreReport, paint: Paint): number {
  for (const s of report.scenarios) {
    for (const f of s.failures) console.log(formatFailureRecord(f) + '\n');
    if (s.nondeterminism !== null) {
      console.log(`${paint.red('✗')} ${s.scenario} is not deterministic: seed ${s.nondeterminism.seed}, ${s.nondeterminism.detail}`);
      console.log(`  something in it reads Math.random, Date.now, real timers or other ambient state\n`);
    }
  }
  console.log(table(report.scenarios, report.plan, paint));
  return report.scenarios.filter((s) => s.failures.length > 0 || s.nondeterminism !== null).length;
}

export async function exploreCommand(args: ExploreArgs): Promise<number> {
  if (args.paths.length === 0) throw new UsageError('explore expected at least one scenario file or directory, e.g. simloop explore scenarios');
  if (args.plan.strategy === 'dfs' && args.shard !== null) {
    throw new UsageError('--strategy dfs cannot be sharded: its runs walk one tree, each depending on the last; shard random, pct or portfolio instead');
  }
  const files = findScenarioFiles(args.paths);
  const corpus = args.saveFailures === undefined ? [] : readCorpus(args.saveFailures);
  const seeds = args.plan.strategy === 'dfs' ? 1 : shardSeeds(args.plan, args.shard).length;
  // More threads than there are seeds to run only costs their start-up.
  const workers = Math.max(1, Math.min(args.workers, seeds * files.length + corpus.length));
  const progress = new Progress();
  const paint = out;
  let failedCorpus = 0;

  const result = await exploreParallel({
    files,
    plan: args.plan,
    shard: args.shard,
    workers,
    ...(args.scenario !== undefined && { only: args.scenario }),
    corpus,
    onLoaded: (scenarios) => {
      console.log(`simloop explore: ${plural(scenarios.length, 'scenario')}, ${describeSeeds(args.plan, args.shard)}, on ${plural(workers, 'worker thread')}\n`);
    },
    onCorpus: (outcomes) => {
      failedCorpus = printCorpus(args.saveFailures!, outcomes, paint);
    },
    onProgress: (p) => progress.update(p),
  });
  progress.done();
  const seconds = progress.seconds;
  const report: ExploreReport = {
    format: REPORT_FORMAT,
    plan: args.plan,
    shard: args.shard,
    scenarios: result.scenarios,
    timing: { seconds: Math.round(seconds * 100) / 100, workers },
  };
  const failed = printReport(report, paint);
  const runs = report.scenarios.reduce((n, s) => n + s.runs, 0);
  const failures = report.scenarios.reduce((n, s) => n + s.failures.length, 0);
  const verdict = failed === 0 ? paint.green(`✓ ${plural(report.scenarios.length, 'scenario')} passed`) : paint.red(`✗ ${failed} of ${plural(report.scenarios.length, 'scenario')} failed (${plural(failures, 'failure')})`);
  console.log(`\n${verdict}: ${plural(runs, 'run')} in ${formatSeconds(seconds)} on ${plural(workers, 'worker thread')} (${Math.round(runs / Math.max(seconds, 1e-3))} runs/s)`);
  if (result.threads > workers) console.log(`  ${plural(result.threads - workers, 'worker thread')} crashed and ${result.threads - workers === 1 ? 'was' : 'were'} replaced`);

  if (args.saveFailures !== undefined) {
    let added = 0;
    const budgets = { ...(args.plan.maxSteps !== undefined && { maxSteps: args.plan.maxSteps }), ...(args.plan.maxTime !== undefined && { maxTime: args.plan.maxTime }) };
    for (const s of report.scenarios) for (const f of s.failures) if (saveCorpusEntry(args.saveFailures, corpusEntry(f, budgets)).added) added++;
    if (failures > 0) console.log(`saved ${plural(added, 'new failure')} to ${args.saveFailures} (${failures - added} already there); the next explore --save-failures ${args.saveFailures} re-runs them first`);
  }
  if (args.json !== undefined) {
    writeFileSync(args.json, reportJson(report));
    console.log(`results written to ${args.json}${args.shard === null ? '' : ` (shard ${args.shard.index}/${args.shard.count}: combine the shards with simloop merge)`}`);
  }
  return failed === 0 && failedCorpus === 0 ? 0 : 1;
}

export interface MergeArgs {
  readonly paths: readonly string[];
  readonly json?: string;
}

export async function mergeCommand(args: MergeArgs): Promise<number> {
  if (args.paths.length === 0) throw new UsageError('merge expected the result files of the shards, e.g. simloop merge results/*.json');
  const inputs = args.paths.map((source) => {
    let text: string;
    try {
      text = readFileSync(source, 'utf8');
    } catch {
      throw new UsageError(`no such file: ${source} (pass the files written by simloop explore --json)`);
    }
    return { source, report: parseReport(text, source) };
  });
  const merged = mergeReports(inputs);
  const paint = out;
  console.log(`simloop merge: ${plural(inputs.length, 'result')} of ${describeSeeds(merged.plan, null)}\n`);
  const failed = printReport(merged, paint);
  const runs = merged.scenarios.reduce((n, s) => n + s.runs, 0);
  console.log(`\n${failed === 0 ? paint.green(`✓ ${plural(merged.scenarios.length, 'scenario')} passed`) : paint.red(`✗ ${failed} of ${plural(merged.scenarios.length, 'scenario')} failed`)}: ${plural(runs, 'run')} in all`);
  if (args.json !== undefined) {
    writeFileSync(args.json, reportJson(merged));
    console.log(`merged results written to ${args.json}`);
  }
  return failed === 0 ? 0 : 1;
}
