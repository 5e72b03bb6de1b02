/**
 * The bug zoo's bench: explores every bug with every strategy from many base
 * seeds and prints, per bug and strategy, the median and 90th-percentile
 * number of runs to the first failure — next to PCT's bound: a bug of depth d
 * is found by one run with probability at least 1/(n·k^(d−1)) (n tasks, k
 * choices per run), so within about n·k^(d−1) runs.
 *
 *   npm run bench:zoo [-- --bases 100] [--runs 1000] [--bug NAME] [--strategies random,pct,dfs]
 *   (that is: npx tsx scenarios/bugs/run-zoo.ts ...)
 *
 * Base seed b explores seeds b·runs … b·runs + runs − 1 and stops at the first
 * failure; a base that finds nothing counts as "more than runs". dfs has no
 * seed: it is run once, bounded by the bug's depth in preemptions, and its
 * count is the same for every base. pct is given the bug's PCT depth as d and
 * the most choices seen in a run as k (explore's default k, 50, is meant for
 * unknown programs and only weakens PCT on small ones). Progress goes to
 * stderr; stdout is the markdown table, ready to paste into README.md.
 */
import { pathToFileURL } from 'node:url';
import { Recorder, explore, fifo, randomStrategy, runScenario, type ExploreOptions } from 'simloop';
import { BUGS, type Bug } from './zoo.js';

type Measured = 'random' | 'pct' | 'dfs';

interface Args {
  readonly bases: number;
  readonly runs: number;
  readonly bug: string | null;
  readonly strategies: readonly Measured[];
}

function parseArgs(argv: readonly string[]): Args {
  const value = (flag: string): string | undefined => {
    const at = argv.indexOf(flag);
    return at < 0 ? undefined : argv[at + 1];
  };
  const positive = (flag: string, fallback: number): number => {
    const text = value(flag);
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new TypeError(`${flag} expected a positive integer, got ${text}`);
    return n;
  };
  const strategies = (value('--strategies') ?? 'random,pct,dfs').split(',') as Measured[];
  for (const s of strategies) if (!['random', 'pct', 'dfs'].includes(s)) throw new TypeError(`--strategies: unknown strategy ${s}`);
  return { bases: positive('--bases', 100), runs: positive('--runs', 1000), bug: value('--bug') ?? null, strategies };
}

/**
 * k: the most choices a run makes — what PCT spreads its change points over.
 * Taken over the FIFO run and 100 random ones: a run that hits the bug is
 * often longer than the FIFO run (a waiter woken and beaten goes round again),
 * and a k below the real length leaves PCT's change points where they lower
 * the very task the bug needs to keep winning.
 */
export function choicesOf(bug: Bug): number {
  let k = 0;
  for (const strategy of [fifo, ...Array.from({ length: 100 }, (_, seed) => randomStrategy(seed))]) {
    const recorder = new Recorder(strategy);
    runScenario(bug.scenario, { strategy: recorder });
    k = Math.max(k, recorder.tape.length);
  }
  return k;
}

/** Runs to the first failure from each base seed; Infinity when none within `runs`. */
export function runsToFailure(bug: Bug, strategy: Measured, bases: number, runs: number, k: number): number[] {
  const common: ExploreOptions = { maxFailures: 1, shrink: false };
  if (strategy === 'dfs') {
    const r = explore(bug.scenario, { ...common, strategy, seeds: runs, maxPreemptions: bug.meta.depth });
    return Array.from({ length: bases }, () => (r.failures.length > 0 ? r.runs : Infinity));
  }
  const out: number[] = [];
  for (let b = 0; b < bases; b++) {
    const seeds = { from: b * runs, to: b * runs + runs - 1 };
    const options = strategy === 'pct' ? { depth: bug.meta.pctDepth, steps: Math.max(1, k) } : {};
    const r = explore(bug.scenario, { ...common, ...options, strategy, seeds });
    out.push(r.failures.length > 0 ? r.runs : Infinity);
  }
  return out;
}

/** The q-quantile (nearest rank) of the counts. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

function show(n: number, runs: number): string {
  return Number.isFinite(n) ? String(n) : `>${runs}`;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const bugs = BUGS.filter((b) => args.bug === null || b.scenario.name === args.bug);
  if (bugs.length === 0) throw new TypeError(`--bug: no bug named ${args.bug}; known: ${BUGS.map((b) => b.scenario.name).join(', ')}`);
  const header = ['bug', 'layer', 'n', 'k', 'depth', 'PCT d', 'PCT bound 1/(n·k^(d−1))', ...args.strategies.map((s) => (s === 'dfs' ? 'dfs (≤ depth preemptions)' : `${s} median / p90`))];
  const rows: string[][] = [];
  for (const bug of bugs) {
    const { tasks: n, depth, pctDepth: d, layer } = bug.meta;
    const k = choicesOf(bug);
    const bound = n * k ** (d - 1);
    const cells = [bug.scenario.name, layer, String(n), String(k), String(depth), String(d), `1/${bound < 1e6 ? bound : bound.toExponential(1).replace('e+', 'e')}`];
    for (const strategy of args.strategies) {
      const started = Date.now();
      const counts = runsToFailure(bug, strategy, args.bases, args.runs, k);
      const found = counts.filter(Number.isFinite).length;
      process.stderr.write(`${bug.scenario.name} ${strategy}: found from ${found}/${args.bases} bases in ${Date.now() - started} ms\n`);
      if (strategy === 'dfs') cells.push(show(counts[0]!, args.runs));
      else cells.push(`${show(quantile(counts, 0.5), args.runs)} / ${show(quantile(counts, 0.9), args.runs)}`);
    }
    rows.push(cells);
  }
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  console.log(`Runs to the first failure over ${args.bases} base seeds × up to ${args.runs} runs (\`npx tsx scenarios/bugs/run-zoo.ts --bases ${args.bases} --runs ${args.runs}\`):\n`);
  console.log(line(header));
  console.log(line(header.map((_, i) => (i >= 2 ? '---:' : '---'))));
  for (const row of rows) console.log(line(row));
}

// Run only as a script: the CLI may import this file while looking for scenarios in the directory.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
