/**
 * The benchmark harness: measures simloop against baselines timed in the same
 * process, in alternating rounds, and compares with the seed's CPython code.
 *
 * Only ratios are judged. Every comparison warms every side up, then runs
 * `rounds` rounds; each round times the baseline(s) and simloop back to back
 * (the order rotates every round so drift and GC debt fall on all sides), and
 * the reported ratio is the median of the per-round ratios. Baseline and
 * simloop ms are the medians of their own timings. When node runs with
 * --expose-gc a full GC runs before every timed run, outside the timing.
 *
 * Baselines (bench/workloads.ts has the code):
 *  - tasks, judged: `bareRoundRobin`, the same generators in a plain array,
 *    one pass after another calling next() on each and compacting the live
 *    ones in place — the seed's FIFO order, no queue object, no allocation;
 *  - tasks, informational: `bareRingRoundRobin`, the seed's deque loop
 *    (pop front, next(), push back unless done) on a hand-written ring;
 *  - actors, judged: `BareActors`, a Map from names to generators and a ring
 *    of (generator, message) pairs; send = lookup + enqueue, run = dequeue +
 *    gen.next(msg) until empty.
 *
 * The harness takes the scheduler classes as an argument, so `run.ts` can
 * measure the built package (dist/) and the test can use the sources.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { ActorScheduler, TaskScheduler } from '../src/index.js';
import {
  bareCounter,
  bareRingRoundRobin,
  bareRoundRobin,
  counterForSimloop,
  expectedActorDelta,
  expectedTaskDelta,
  printer,
  readSink,
  worker,
  type PrinterHook,
} from './workloads.js';

export interface SimloopLib {
  readonly TaskScheduler: new () => TaskScheduler;
  readonly ActorScheduler: new () => ActorScheduler;
}

export interface TaskSize {
  readonly tasks: number;
  readonly yields: number;
}

export interface BenchConfig {
  /** 'full' or 'quick' (or anything a caller names its own config). */
  readonly name: string;
  readonly taskSizes: readonly TaskSize[];
  /** Counter start for the ActorScheduler comparison (10^6 in the issue). */
  readonly actorCount: number;
  /** Counter start for the memory probe (10^7), or null to skip it. */
  readonly memoryCount: number | null;
  /** Messages between heap samples in the memory probe. */
  readonly memoryEvery: number;
  /** Timed rounds per comparison (each round times both sides). */
  readonly rounds: number;
  /** Untimed runs of each side before the rounds. */
  readonly warmup: number;
  /** Run the seed's CPython classes on the same sizes (python3), or not. */
  readonly python: boolean;
  /** Timed runs per size on the CPython side (median taken). */
  readonly pythonRepeats: number;
}

export const FULL: BenchConfig = {
  name: 'full',
  taskSizes: [
    { tasks: 10, yields: 100_000 },
    { tasks: 1000, yields: 1000 },
    { tasks: 100_000, yields: 10 },
  ],
  actorCount: 1_000_000,
  memoryCount: 10_000_000,
  memoryEvery: 1_000_000,
  rounds: 9,
  warmup: 2,
  python: true,
  pythonRepeats: 5,
};

/** A smoke run: a tenth to a third of the sizes, fewer rounds; the ratios are indicative only. */
export const QUICK: BenchConfig = {
  name: 'quick',
  taskSizes: [
    { tasks: 10, yields: 30_000 },
    { tasks: 300, yields: 1000 },
    { tasks: 30_000, yields: 10 },
  ],
  actorCount: 300_000,
  memoryCount: 2_000_000,
  memoryEvery: 200_000,
  rounds: 5,
  warmup: 3,
  python: true,
  pythonRepeats: 2,
};

/** The issue's targets. */
export const TARGETS = {
  /** TaskScheduler / bare round robin. */
  taskRatio: 1.25,
  /** Over this a task row fails; between taskRatio and this it only warns. */
  taskRedLine: 1.5,
  /** ActorScheduler / bare gen.next(msg) loop. */
  actorRatio: 2,
  /** CPython seed time / simloop time, at least. */
  cpythonSpeedup: 8,
  /** Peak heap over heap after the first sample interval, at most (after a full GC). */
  heapGrowth: 1.1,
  /** The same without --expose-gc, where samples include young-generation garbage. */
  heapGrowthNoGc: 1.5,
} as const;

export type Status = 'PASS' | 'WARN' | 'FAIL';

export interface Row {
  readonly kind: 'task' | 'actor' | 'memory';
  readonly workload: string;
  /** Steps (next() calls) or deliveries per run, on both sides. */
  readonly steps: number;
  /** The judged baseline (bare array pass for tasks, bare pair ring for actors). */
  readonly baselineMs: number;
  readonly simloopMs: number;
  /** Median of per-round simloop/baseline ratios. */
  readonly ratio: number;
  /** Task rows: the seed's deque loop on a bare ring (informational), and simloop over it. */
  readonly ringMs: number | null;
  readonly ringRatio: number | null;
  readonly simloopNsPerStep: number;
  readonly cpythonMs: number | null;
  /** cpythonMs / simloopMs. */
  readonly cpythonSpeedup: number | null;
  /** cpythonMs / baselineMs: the most any scheduler on this node could reach against CPython. */
  readonly baselineVsCpython: number | null;
  readonly target: string;
  /** The worst of `checks`. */
  readonly status: Status;
  /** Each judged check on its own: vs the bare baseline, vs CPython, heap. */
  readonly checks: { readonly ratio?: Status; readonly cpython?: Status; readonly heap?: Status };
  /** Every timing, for the JSON file. */
  readonly samples: Comparison;
  readonly memory?: MemoryReport;
}

export interface MemoryReport {
  readonly count: number;
  readonly gcBeforeSample: boolean;
  /** heapUsed (bytes) at each sample: every `memoryEvery` printer messages, then after the run. */
  readonly heapUsed: number[];
  readonly firstSample: number;
  readonly peak: number;
  /** peak / firstSample. */
  readonly growth: number;
  readonly rssAfter: number;
}

export interface SeedTimings {
  readonly python: string;
  /** "TxN" → median ms. */
  readonly task: Record<string, number>;
  /** Counter start → median ms. */
  readonly actor: Record<string, number>;
}

export interface BenchResult {
  readonly node: string;
  readonly v8: string;
  readonly gcExposed: boolean;
  readonly config: BenchConfig;
  readonly python: string | null;
  readonly rows: Row[];
  readonly totalMs: number;
}

const gc: (() => void) | undefined = (globalThis as { gc?: () => void }).gc;

function settle(): void {
  gc?.();
}

function timeOnce(fn: () => void): number {
  settle();
  const start = performance.now();
  fn();
  return performance.now() - start;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Comparison {
  readonly baselineMs: number[];
  readonly simloopMs: number[];
  /** simloop / baseline, per round. */
  readonly ratios: number[];
  readonly ringMs?: number[];
  readonly ringRatios?: number[];
}

/** Times baseline, simloop (and ring) in `rounds` rounds, rotating the order each round. */
function compare(baseline: () => void, simloop: () => void, ring: (() => void) | null, config: BenchConfig): Comparison {
  const sides = ring === null ? [baseline, simloop] : [baseline, simloop, ring];
  for (let i = 0; i < config.warmup; i++) for (const side of sides) side();
  const times: number[][] = sides.map(() => []);
  const ratios: number[] = [];
  const ringRatios: number[] = [];
  for (let round = 0; round < config.rounds; round++) {
    const now: number[] = [];
    for (let k = 0; k < sides.length; k++) {
      const i = (round + k) % sides.length;
      now[i] = timeOnce(sides[i]!);
    }
    now.forEach((ms, i) => times[i]!.push(ms));
    ratios.push(now[1]! / now[0]!);
    if (ring !== null) ringRatios.push(now[1]! / now[2]!);
  }
  return {
    baselineMs: times[0]!,
    simloopMs: times[1]!,
    ratios,
    ...(ring !== null && { ringMs: times[2]!, ringRatios }),
  };
}

/** Wraps a run so it fails loudly unless it moved the sink by exactly `delta`. */
function checked(what: string, delta: number, run: () => void): () => void {
  return () => {
    const before = readSink();
    run();
    const moved = (readSink() - before) | 0;
    if (moved !== delta) throw new Error(`${what}: sink moved by ${moved}, expected ${delta} — the workload did not run in full`);
  };
}

function worst(...statuses: Status[]): Status {
  return statuses.includes('FAIL') ? 'FAIL' : statuses.includes('WARN') ? 'WARN' : 'PASS';
}

function speedupStatus(speedup: number | null): Status {
  // No CPython number means nothing to judge there.
  return speedup === null || speedup >= TARGETS.cpythonSpeedup ? 'PASS' : 'FAIL';
}

export function sizeLabel(n: number): string {
  if (n >= 10 && Number.isInteger(Math.log10(n))) return `10^${Math.log10(n)}`;
  return String(n);
}

function taskRow(lib: SimloopLib, size: TaskSize, config: BenchConfig, seed: SeedTimings | null): Row {
  const { tasks, yields } = size;
  const delta = expectedTaskDelta(tasks, yields);
  const baseline = checked('bare round robin', delta, () => bareRoundRobin(tasks, yields));
  const ring = checked('bare ring round robin', delta, () => bareRingRoundRobin(tasks, yields));
  const simloop = checked('TaskScheduler', delta, () => {
    const scheduler = new lib.TaskScheduler();
    for (let t = 0; t < tasks; t++) scheduler.addTask(worker(yields));
    scheduler.run();
  });
  const c = compare(baseline, simloop, ring, config);
  const steps = tasks * (yields + 1);
  const simloopMs = median(c.simloopMs);
  const ratio = median(c.ratios);
  const baselineMs = median(c.baselineMs);
  const cpythonMs = seed?.task[`${tasks}x${yields}`] ?? null;
  const cpythonSpeedup = cpythonMs === null ? null : cpythonMs / simloopMs;
  const ratioStatus: Status = ratio <= TARGETS.taskRatio ? 'PASS' : ratio <= TARGETS.taskRedLine ? 'WARN' : 'FAIL';
  return {
    kind: 'task',
    workload: `TaskScheduler T=${tasks} x N=${yields}`,
    steps,
    baselineMs,
    simloopMs,
    ratio,
    ringMs: median(c.ringMs!),
    ringRatio: median(c.ringRatios!),
    simloopNsPerStep: (simloopMs * 1e6) / steps,
    cpythonMs,
    cpythonSpeedup,
    baselineVsCpython: cpythonMs === null ? null : cpythonMs / baselineMs,
    target: `<=${TARGETS.taskRatio}x bare (red ${TARGETS.taskRedLine}x), >=${TARGETS.cpythonSpeedup}x CPython`,
    status: worst(ratioStatus, speedupStatus(cpythonSpeedup)),
    checks: { ratio: ratioStatus, cpython: speedupStatus(cpythonSpeedup) },
    samples: c,
  };
}

function simloopCounter(lib: SimloopLib, count: number, hook?: PrinterHook): void {
  const sched = new lib.ActorScheduler();
  sched.newActor('printer', printer(hook));
  sched.newActor('counter', counterForSimloop(sched));
  sched.send('counter', count);
  sched.run();
}

function actorRow(lib: SimloopLib, config: BenchConfig, seed: SeedTimings | null): Row {
  const count = config.actorCount;
  const delta = expectedActorDelta(count);
  const baseline = checked('bare actor loop', delta, () => bareCounter(count));
  const simloop = checked('ActorScheduler', delta, () => simloopCounter(lib, count));
  const c = compare(baseline, simloop, null, config);
  const steps = 2 * count + 3;
  const simloopMs = median(c.simloopMs);
  const ratio = median(c.ratios);
  const baselineMs = median(c.baselineMs);
  const cpythonMs = seed?.actor[String(count)] ?? null;
  const cpythonSpeedup = cpythonMs === null ? null : cpythonMs / simloopMs;
  return {
    kind: 'actor',
    workload: `ActorScheduler counter ${sizeLabel(count)}`,
    steps,
    baselineMs,
    simloopMs,
    ratio,
    ringMs: null,
    ringRatio: null,
    simloopNsPerStep: (simloopMs * 1e6) / steps,
    cpythonMs,
    cpythonSpeedup,
    baselineVsCpython: cpythonMs === null ? null : cpythonMs / baselineMs,
    target: `<=${TARGETS.actorRatio}x bare, >=${TARGETS.cpythonSpeedup}x CPython`,
    status: worst(ratio <= TARGETS.actorRatio ? 'PASS' : 'FAIL', speedupStatus(cpythonSpeedup)),
    checks: { ratio: ratio <= TARGETS.actorRatio ? 'PASS' : 'FAIL', cpython: speedupStatus(cpythonSpeedup) },
    samples: c,
  };
}

/**
 * The memory probe: the counter from `memoryCount` on simloop, the printer
 * sampling heapUsed every `memoryEvery` messages it receives (after a full GC
 * when --expose-gc is on, so a sample is what the run retains), and once more
 * after the run. Flat memory: the peak stays near the first sample. The bare
 * loop runs the same count once, untimed samples and all, for a time ratio.
 */
function memoryRow(lib: SimloopLib, config: BenchConfig): Row {
  const count = config.memoryCount!;
  const every = config.memoryEvery;
  const delta = expectedActorDelta(count);
  const samplingHook = (heap: number[]): PrinterHook => {
    let seen = 0;
    return () => {
      if (++seen % every === 0) {
        settle();
        heap.push(process.memoryUsage().heapUsed);
      }
    };
  };
  const bareHeap: number[] = [];
  const baselineMs = timeOnce(checked('bare actor loop (memory)', delta, () => bareCounter(count, samplingHook(bareHeap))));
  const heap: number[] = [];
  const simloopMs = timeOnce(checked('ActorScheduler (memory)', delta, () => simloopCounter(lib, count, samplingHook(heap))));
  settle();
  heap.push(process.memoryUsage().heapUsed);
  const firstSample = heap[0]!;
  const peak = Math.max(...heap);
  const growth = peak / firstSample;
  const limit = gc === undefined ? TARGETS.heapGrowthNoGc : TARGETS.heapGrowth;
  const steps = 2 * count + 3;
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  return {
    kind: 'memory',
    workload: `ActorScheduler counter ${sizeLabel(count)}: heap`,
    steps,
    baselineMs,
    simloopMs,
    ratio: simloopMs / baselineMs,
    ringMs: null,
    ringRatio: null,
    simloopNsPerStep: (simloopMs * 1e6) / steps,
    cpythonMs: null,
    cpythonSpeedup: null,
    baselineVsCpython: null,
    target: `peak heap <=${limit}x heap@${sizeLabel(every)}: ${growth.toFixed(2)}x (${mb(firstSample)}->${mb(peak)} MB)`,
    status: growth <= limit ? 'PASS' : 'FAIL',
    checks: { heap: growth <= limit ? 'PASS' : 'FAIL' },
    samples: { baselineMs: [baselineMs], simloopMs: [simloopMs], ratios: [simloopMs / baselineMs] },
    memory: { count, gcBeforeSample: gc !== undefined, heapUsed: heap, firstSample, peak, growth, rssAfter: process.memoryUsage().rss },
  };
}

/**
 * Runs bench/seed_bench.py (the seed's classes, verbatim) on the same sizes.
 * Returns null when python3 is missing or the script fails (the table says n/a).
 */
export function runSeedPython(config: BenchConfig, log: (line: string) => void = () => {}): SeedTimings | null {
  if (!config.python) return null;
  const script = new URL('./seed_bench.py', import.meta.url);
  const spec = {
    task: config.taskSizes.map(({ tasks, yields }) => [tasks, yields]),
    actor: [config.actorCount],
    repeats: config.pythonRepeats,
  };
  const result = spawnSync('python3', [script.pathname, JSON.stringify(spec)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.error !== undefined || result.status !== 0) {
    log(`CPython: n/a (${result.error?.message ?? result.stderr.trim().split('\n').pop() ?? `exit ${result.status}`})`);
    return null;
  }
  try {
    return JSON.parse(result.stdout) as SeedTimings;
  } catch {
    log(`CPython: n/a (unreadable output: ${result.stdout.slice(0, 200)})`);
    return null;
  }
}

export function runBench(lib: SimloopLib, config: BenchConfig, log: (line: string) => void = () => {}): BenchResult {
  const start = performance.now();
  // CPython first, while node is idle: the two never compete for a core.
  const seed = runSeedPython(config, log);
  if (seed !== null) log(`CPython (${seed.python}) done`);
  const rows: Row[] = [];
  for (const size of config.taskSizes) {
    rows.push(taskRow(lib, size, config, seed));
    log(`${rows.at(-1)!.workload} done`);
  }
  rows.push(actorRow(lib, config, seed));
  log(`${rows.at(-1)!.workload} done`);
  if (config.memoryCount !== null) {
    rows.push(memoryRow(lib, config));
    log(`${rows.at(-1)!.workload} done`);
  }
  return {
    node: process.version,
    v8: process.versions.v8,
    gcExposed: gc !== undefined,
    config,
    python: seed?.python ?? null,
    rows,
    totalMs: performance.now() - start,
  };
}

function fmt(value: number | null, digits: number, suffix = ''): string {
  return value === null || !Number.isFinite(value) ? 'n/a' : `${value.toFixed(digits)}${suffix}`;
}

/** PASS, or the verdict with the checks that missed: `FAIL (ratio WARN, CPython FAIL)`. */
function statusText(row: Row): string {
  if (row.status === 'PASS') return 'PASS';
  const labels = { ratio: 'ratio', cpython: 'CPython', heap: 'heap' } as const;
  const missed = (Object.keys(labels) as (keyof typeof labels)[])
    .filter((key) => row.checks[key] !== undefined && row.checks[key] !== 'PASS')
    .map((key) => `${labels[key]} ${row.checks[key]}`);
  return `${row.status} (${missed.join(', ')})`;
}

/** The results as a plain-text table. */
export function formatTable(result: BenchResult): string {
  const header = [
    'workload',
    'baseline ms',
    'simloop ms',
    'ratio',
    'ring ms',
    'vs ring',
    'ns/step',
    'CPython ms',
    'vs CPython',
    'bare vs CPy',
    'target',
    'status',
  ];
  const lines = result.rows.map((row) => [
    row.workload,
    fmt(row.baselineMs, 1),
    fmt(row.simloopMs, 1),
    fmt(row.ratio, 2, 'x'),
    row.ringMs === null ? '-' : fmt(row.ringMs, 1),
    row.ringRatio === null ? '-' : fmt(row.ringRatio, 2, 'x'),
    fmt(row.simloopNsPerStep, 1),
    row.kind === 'memory' ? '-' : fmt(row.cpythonMs, 1),
    row.kind === 'memory' ? '-' : fmt(row.cpythonSpeedup, 1, 'x'),
    row.kind === 'memory' ? '-' : fmt(row.baselineVsCpython, 1, 'x'),
    row.target,
    statusText(row),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const left = new Set([0, header.length - 2, header.length - 1]);
  const render = (cells: string[]) =>
    cells.map((cell, i) => (left.has(i) ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  return [render(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(render)].join('\n');
}
