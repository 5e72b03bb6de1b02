/**
 * `npm run bench:async`: the async examples of scenarios/async/ found by
 * simloop's bridge and by fast-check's own `fc.scheduler`, side by side —
 * the runs each needs to find each bug (median over several base seeds) and
 * the runs per second each manages on the fixed version.
 *
 *   npm run bench:async                  7 base seeds, up to 2000 runs each
 *   npm run bench:async -- --quick       3 base seeds, up to 500 runs each
 *   npm run bench:async -- --json FILE   also write the numbers to FILE
 *
 * The checks are the very functions the scenarios run (staleCacheCheck,
 * tokenBucketCheck, ...). Under fast-check they run as its documentation
 * shows — `fc.assert(fc.asyncProperty(fc.scheduler(), async (s) => ...))` —
 * with what fast-check needs to reach the same bugs: operations through
 * `s.scheduleFunction`; time from @sinonjs/fake-timers, every timer callback
 * passed through `s.schedule` so that timers due together race, and
 * `s.waitIdle()` before the clock moves on; and, since fc.scheduler has no
 * notion of a late timer, the jitter drawn as a property input
 * (`fc.array(fc.nat(J))`), added to the timers' delays in order. Runs per
 * second time whole runs, harness included, on this machine, in one process:
 * compare the two columns with each other, not with other machines.
 */
import { writeFileSync } from 'node:fs';
import FakeTimers from '@sinonjs/fake-timers';
import fc from 'fast-check';
import { explore, type AsyncScenario } from 'simloop';
import { staleCacheCheck } from '../scenarios/async/01-stale-cache.js';
import { tokenBucketCheck } from '../scenarios/async/02-token-bucket.js';
import { doubleChargeCheck } from '../scenarios/async/03-retry-double-charge.js';
import { debouncedSearchCheck } from '../scenarios/async/04-debounced-search.js';
import { poolLeakCheck } from '../scenarios/async/05-pool-leak.js';
import { ASYNC_BUGS } from '../scenarios/async/catalogue.js';

const now = (): number => performance.now(); // simloop-allow-nondeterminism: a benchmark times runs
const realSetImmediate = globalThis.setImmediate;
const drain = (): Promise<void> => new Promise((resolve) => realSetImmediate(resolve));

type Check = (fixed: boolean, s: fc.Scheduler, jitters: readonly number[]) => Promise<void>;

/**
 * Runs `body` under fake timers driven by fast-check's scheduler: every
 * timer callback is handed to `s.schedule`, everything scheduled is released
 * (`waitIdle`, in the scheduler's order) before the clock moves to the next
 * deadline, and all timers due at that instant fire together.
 */
async function underFcScheduler(s: fc.Scheduler, jitters: readonly number[], body: () => Promise<void>): Promise<void> {
  const clock = FakeTimers.withGlobal(globalThis).install({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 1_704_067_200_000 });
  const fakeSetTimeout = globalThis.setTimeout;
  const realAbortTimeout = AbortSignal.timeout;
  let next = 0;
  const late = (): number => (jitters.length === 0 ? 0 : jitters[next++ % jitters.length]!);
  globalThis.setTimeout = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) =>
    fakeSetTimeout(() => void s.schedule(Promise.resolve(), 'timer').then(() => callback(...args)), (ms ?? 0) + late())) as typeof setTimeout;
  // fake-timers does not fake AbortSignal.timeout (Node arms it on an internal timer): the pool needs it.
  AbortSignal.timeout = (ms: number): AbortSignal => {
    const controller = new AbortController();
    globalThis.setTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ms);
    return controller.signal;
  };
  try {
    let settled = false;
    let failure: unknown = null;
    body().then(
      () => (settled = true),
      (error: unknown) => ((settled = true), (failure = error)),
    );
    for (let instants = 0; ; instants++) {
      await s.waitIdle();
      await drain();
      if (settled) break;
      if (clock.countTimers() === 0 || instants > 10_000) throw new Error('stuck: nothing scheduled and no timer left');
      clock.next();
      clock.tick(0); // the other timers due at the same instant
    }
    if (failure !== null) throw failure;
  } finally {
    globalThis.setTimeout = fakeSetTimeout;
    AbortSignal.timeout = realAbortTimeout;
    clock.uninstall();
  }
}

interface Row {
  readonly name: string;
  readonly scenario: AsyncScenario;
  readonly fixedScenario: AsyncScenario;
  readonly exposedBy: string;
  /** The jitter of the scenario, drawn as property input under fast-check (0: none). */
  readonly jitter: number;
  readonly check: Check;
}

const CHECKS: { check: Check; jitter: number }[] = [
  { check: (fixed, s) => underFcScheduler(s, [], () => staleCacheCheck(fixed, (fn) => s.scheduleFunction(async (...args) => fn(...args)))), jitter: 0 },
  { check: (fixed, s, j) => underFcScheduler(s, j, () => tokenBucketCheck(fixed)), jitter: 5 },
  { check: (fixed, s, j) => underFcScheduler(s, j, () => doubleChargeCheck(fixed)), jitter: 20 },
  { check: (fixed, s, j) => underFcScheduler(s, j, () => debouncedSearchCheck(fixed)), jitter: 200 },
  { check: (fixed, s) => underFcScheduler(s, [], () => poolLeakCheck(fixed)), jitter: 0 },
];
const ROWS: Row[] = CHECKS.map((r, i) => {
  const bug = ASYNC_BUGS[i]!;
  return { ...r, name: bug.scenario.name, scenario: bug.scenario, fixedScenario: bug.fixed, exposedBy: bug.exposedBy };
});

function property(row: Row, fixed: boolean) {
  const jitters = row.jitter === 0 ? fc.constant([] as number[]) : fc.array(fc.nat({ max: row.jitter }), { minLength: 16, maxLength: 16 });
  return fc.asyncProperty(fc.scheduler(), jitters, (s, j) => row.check(fixed, s, j));
}

/** Runs until the first failure, from this base seed; null when none within the limit. */
async function simloopRunsToFind(row: Row, base: number, limit: number, strategy: 'random' | 'dfs'): Promise<number | null> {
  const result = await explore(row.scenario, { strategy, seeds: strategy === 'dfs' ? limit : { from: base, to: base + limit - 1 }, shrink: false, ...(strategy === 'dfs' && { maxPreemptions: 1 }) });
  return result.failures.length > 0 ? result.runs : null;
}

async function fcRunsToFind(row: Row, base: number, limit: number): Promise<number | null> {
  const details = await fc.check(property(row, false), { seed: base, numRuns: limit, endOnFailure: true });
  return details.failed ? details.numRuns : null;
}

async function runsPerSecond(run: () => Promise<unknown>, runs: number): Promise<number> {
  await run(); // warm-up
  const t0 = now();
  await run();
  return runs / ((now() - t0) / 1000);
}

function median(values: readonly (number | null)[]): string {
  const found = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  const missed = values.length - found.length;
  if (found.length === 0) return `not found (${values.length}×)`;
  const m = found[(found.length - 1) >> 1]!;
  return missed === 0 ? String(m) : `${m} (missed ${missed}/${values.length})`;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const jsonAt = argv.indexOf('--json');
  const bases = quick ? [1, 2, 3] : [1, 2, 3, 4, 5, 6, 7];
  const limit = quick ? 500 : 2000;
  const rateRuns = quick ? 50 : 200;
  const out: Record<string, unknown>[] = [];
  console.log(`async bugs: runs to find the bug (median over base seeds ${bases.join(', ')}; at most ${limit} runs each) and runs per second on the fixed version\n`);
  const header = ['bug', 'exposed by', 'simloop random', 'simloop dfs', 'fc.scheduler', 'simloop runs/s', 'fc runs/s'];
  const lines: string[][] = [];
  for (const row of ROWS) {
    process.stderr.write(`${row.name}…\n`);
    const random: (number | null)[] = [];
    const fcRuns: (number | null)[] = [];
    for (const base of bases) {
      random.push(await simloopRunsToFind(row, base * 1000, limit, 'random'));
      fcRuns.push(await fcRunsToFind(row, base, limit));
    }
    const dfs = await simloopRunsToFind(row, 0, limit, 'dfs');
    const simloopRate = await runsPerSecond(() => explore(row.fixedScenario, { strategy: 'random', seeds: rateRuns }), rateRuns);
    const fcRate = await runsPerSecond(() => fc.assert(property(row, true), { numRuns: rateRuns, seed: 1 }), rateRuns);
    lines.push([row.name, row.exposedBy, median(random), dfs === null ? 'not found' : String(dfs), median(fcRuns), simloopRate.toFixed(0), fcRate.toFixed(0)]);
    out.push({ bug: row.name, exposedBy: row.exposedBy, simloopRandom: random, simloopDfs: dfs, fcScheduler: fcRuns, simloopRunsPerSecond: simloopRate, fcRunsPerSecond: fcRate });
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]): string => `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  console.log(fmt(header));
  console.log(`| ${widths.map((w, i) => (i < 2 ? '-'.repeat(w) : '-'.repeat(w - 1) + ':')).join(' | ')} |`);
  for (const l of lines) console.log(fmt(l));
  if (jsonAt >= 0 && argv[jsonAt + 1] !== undefined) writeFileSync(argv[jsonAt + 1]!, JSON.stringify(out, null, 2) + '\n');
}

await main();
