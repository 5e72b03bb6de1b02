/**
 * The benchmark harness: measures simloop against baselines timed in the same
 * process, in alternating rounds, and compares with CPython.
 *
 * Methodology.
 *
 *  One row, one process. `runBench` with `isolate: true` (what `npm run
 *  bench` does) runs every ROW in its own fresh node process
 *  (`node --expose-gc --import tsx bench/run.ts --row ID --config JSON`),
 *  the way JMH forks a JVM per benchmark: what V8 has learned (inline caches,
 *  optimized code, the shapes at each call site) belongs to one job, as it
 *  does in a user's process. Mixing rows in one process is not neutral: the
 *  kernel's `entry.run(arg)` call site in `runReady` sees SeedTask, Actor and
 *  aio Handle entries, turns megamorphic, and a TaskScheduler ratio measured
 *  after an ActorScheduler row comes out ~2x instead of ~1.3x. The parent
 *  process only runs CPython (before any child, so the two never compete for
 *  a core), starts the children one after another, collects each child's
 *  measurement (one JSON line on its stdout) and judges it.
 *
 *  Inside the child, the row's baseline(s) and simloop are timed back to
 *  back: every side is warmed up (`warmup` untimed runs each, interleaved),
 *  then `rounds` rounds each time every side once, the order rotating every
 *  round so drift and GC debt fall on all sides; the reported ratio is the
 *  median of the per-round ratios, and each side's ms the median of its own
 *  timings. Node runs with --expose-gc, and before every timed run (outside
 *  the timing) a young-generation GC (`gc({ type: 'minor' })`) clears the
 *  short-lived garbage of the side before, so no side pays for another's.
 *
 *  Not a full GC: V8's forced full GC (`gc()`, a memory-reducing
 *  mark-compact) throws away optimized code, type feedback and pretenuring
 *  decisions, so every timed run after it re-tiers from the interpreter. With
 *  `gc()` before each run, --trace-opt shows ~30 functions re-optimized inside
 *  one timed Queue run (0 with a minor GC), Queue 10^5 takes ~95 ms instead
 *  of ~15 ms, TaskScheduler T=10^3×N=10^3 ~75 ms instead of ~32 ms, and the
 *  task ratios read ~2x instead of ~1.3x: it measures warm-up, not the steady
 *  state a user's process runs in. `gcBeforeRun: 'full'` (`--gc full`) brings
 *  it back for comparison; the memory probe still uses full GCs for its heap
 *  samples (they are outside its timing, which is informational).
 *
 *  `isolate: false` measures every row in the calling process (the structure
 *  test does this, on the sources): the numbers are then polluted as above.
 *
 * Baselines (bench/workloads.ts and bench/aio-workloads.ts have the code):
 *  - tasks, judged: `bareRoundRobin`, the same generators in a plain array,
 *    one pass after another calling next() on each and compacting the live
 *    ones in place — the seed's FIFO order, no queue object, no allocation;
 *  - tasks, informational: `bareRingRoundRobin`, the seed's deque loop
 *    (pop front, next(), push back unless done) on a hand-written ring;
 *  - actors, judged: `BareActors`, a Map from names to generators and a ring
 *    of (generator, message) pairs; send = lookup + enqueue, run = dequeue +
 *    gen.next(msg) until empty;
 *  - aio sleep K×M: `MinimalLoop`, a minimal hand-written virtual-time loop
 *    for this workload only — generators yielding the delay as a number, a
 *    (when, seq) binary heap in three parallel arrays, two ready arrays
 *    swapped per iteration, a number for a clock; no futures, handles,
 *    callbacks, cancellation, error handling or tracing. Judged at the deep
 *    size (K=1000×M=100), informational at the wide one (K=10^5×M=1);
 *  - aio queue and gather: no JS baseline; judged against CPython only.
 *
 * CPython: bench/seed_bench.py (the seed's TaskScheduler / ActorScheduler,
 * verbatim) for the task and actor rows; bench/aio_bench.py (asyncio 3.11 on
 * the virtual-clock loop of properties/reference/vloop.py) for the aio rows.
 *
 * The harness takes simloop as an argument (`SimloopLib`), so the children
 * measure the built package (dist/) and the test can use the sources.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { ActorScheduler, TaskScheduler } from '../src/index.js';
import { minimalSleep, simloopAio, type AioLib } from './aio-workloads.js';
import { measureExploreRate, type ExploreLib, type ExploreRateSize } from './explore-rate.js';
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

export interface SimloopLib extends AioLib {
  readonly TaskScheduler: new () => TaskScheduler;
  readonly ActorScheduler: new () => ActorScheduler;
  /** Optional: the explore row is n/a without them. */
  readonly explore?: ExploreLib['explore'];
  readonly defineScenario?: ExploreLib['defineScenario'];
}

export interface TaskSize {
  readonly tasks: number;
  readonly yields: number;
}

/** K tasks × M sleeps, with the issue's targets for that size. */
export interface AioSleepSize {
  readonly tasks: number;
  readonly sleeps: number;
  /** CPython asyncio ms / simloop ms, at least. */
  readonly cpythonSpeedup: number;
  /** simloop / minimal loop, at most; null: the minimal loop is informational here. */
  readonly minimalRatio: number | null;
}

export type GcMode = 'minor' | 'full' | 'none';

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
  /** asyncio rows: gathered sleepers. */
  readonly aioSleepSizes: readonly AioSleepSize[];
  /** asyncio row: items through a Queue(maxsize), one producer, one consumer. */
  readonly aioQueue: { readonly items: number; readonly maxsize: number };
  /** asyncio row: children of one gather, each `yield* sleep(0)` once. */
  readonly aioGatherChildren: number;
  /** The explore-rate row (explore-rate.ts): a T-task × S-sleep race, simloop's explore against fast-check's fc.scheduler; null: no row. */
  readonly explore: ExploreRateSize | null;
  /** Timed rounds per comparison (each round times every side). */
  readonly rounds: number;
  /**
   * Fresh processes per row (default 1), their rounds pooled before the
   * median: V8's JIT decisions differ from one process to the next, so one
   * process per row leaves a row's ratio to that luck (JMH forks 5 by default).
   */
  readonly forks?: number;
  /** Untimed runs of each side before the rounds. */
  readonly warmup: number;
  /** GC before each timed run (with --expose-gc): 'minor' (default), 'full' (gc(): discards optimized code, see above) or 'none'. */
  readonly gcBeforeRun: GcMode;
  /** Run the CPython comparisons (python3), or not. */
  readonly python: boolean;
  /** Timed runs per size on the CPython side (median taken). */
  readonly pythonRepeats: number;
}

/** The issue's targets. */
export const TARGETS = {
  /** TaskScheduler / bare round robin. */
  taskRatio: 1.25,
  /** Over this a task row fails; between taskRatio and this it only warns. */
  taskRedLine: 1.5,
  /** ActorScheduler / bare gen.next(msg) loop. */
  actorRatio: 2,
  /** CPython seed time / simloop time, at least (task and actor rows). */
  cpythonSpeedup: 8,
  /** Peak heap over heap after the first sample interval, at most (after a full GC). */
  heapGrowth: 1.1,
  /** The same without --expose-gc, where samples include young-generation garbage. */
  heapGrowthNoGc: 1.5,
  /** CPython asyncio / simloop at K=1000 × M=100, at least. */
  aioDeepCpython: 9,
  /** CPython asyncio / simloop at K=10^5 × M=1, at least. */
  aioWideCpython: 5,
  /** simloop / minimal hand-written virtual-time loop at K=1000 × M=100, at most. */
  aioMinimalRatio: 1.5,
  /** CPython asyncio / simloop for the queue and gather rows, at least (the issue lists them with the 5x target). */
  aioOtherCpython: 5,
  /** explore on the 10-task × 3-sleep race: seeds per second, at least (warm, one process). */
  exploreSeedsPerSecond: 180_000,
  /** The same race under fast-check's fc.scheduler: simloop explores at least this many times as fast. */
  exploreVsFastCheck: 7,
} as const;

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
  aioSleepSizes: [
    { tasks: 1000, sleeps: 100, cpythonSpeedup: TARGETS.aioDeepCpython, minimalRatio: TARGETS.aioMinimalRatio },
    { tasks: 100_000, sleeps: 1, cpythonSpeedup: TARGETS.aioWideCpython, minimalRatio: null },
  ],
  aioQueue: { items: 100_000, maxsize: 100 },
  aioGatherChildren: 100_000,
  explore: { tasks: 10, sleeps: 3, seeds: 20_000, fastCheckRuns: 2_000 },
  rounds: 9,
  forks: 3,
  warmup: 5,
  gcBeforeRun: 'minor',
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
  aioSleepSizes: [
    { tasks: 300, sleeps: 100, cpythonSpeedup: TARGETS.aioDeepCpython, minimalRatio: TARGETS.aioMinimalRatio },
    { tasks: 30_000, sleeps: 1, cpythonSpeedup: TARGETS.aioWideCpython, minimalRatio: null },
  ],
  aioQueue: { items: 30_000, maxsize: 100 },
  aioGatherChildren: 30_000,
  explore: { tasks: 10, sleeps: 3, seeds: 5_000, fastCheckRuns: 500 },
  rounds: 5,
  warmup: 5,
  gcBeforeRun: 'minor',
  python: true,
  pythonRepeats: 2,
};

export type Status = 'PASS' | 'WARN' | 'FAIL' | 'N/A';
export type RowKind = 'task' | 'actor' | 'memory' | 'aio' | 'explore';

export interface Comparison {
  /** Empty when the row has no JS baseline. */
  readonly baselineMs: number[];
  readonly simloopMs: number[];
  /** simloop / baseline, per round (empty without a baseline). */
  readonly ratios: number[];
  readonly ringMs?: number[];
  readonly ringRatios?: number[];
}

/** What one row's process measured: timings only, no verdict (the parent judges). */
export interface Measurement {
  /** The row id (`task-1000x1000`, `aio-sleep-1000x100`, ...): what `--row` takes. */
  readonly id: string;
  readonly kind: RowKind;
  readonly workload: string;
  /** Units of work per run, for ns/step: next() calls, deliveries, sleeps, queue items, gathered children. */
  readonly steps: number;
  readonly samples: Comparison;
  readonly memory?: MemoryReport;
  /** Why the row could not be measured (then the samples are empty). */
  readonly note?: string;
  /** The process that measured it (the first, when forked), and whether it ran with --expose-gc. */
  readonly pid: number;
  /** Every process that measured it, when forked (see BenchConfig.forks). */
  readonly pids?: readonly number[];
  readonly gcExposed: boolean;
}

export interface Row {
  readonly id: string;
  readonly kind: RowKind;
  readonly workload: string;
  /** Steps per run, on both sides (see Measurement.steps). */
  readonly steps: number;
  /** The baseline (bare array pass, bare pair ring, minimal loop), or null when the row has none. */
  readonly baselineMs: number | null;
  /** Null only for a row that could not be measured (status N/A). */
  readonly simloopMs: number | null;
  /** Median of per-round simloop/baseline ratios, or null without a baseline. */
  readonly ratio: number | null;
  /** Task rows: the seed's deque loop on a bare ring (informational), and simloop over it. */
  readonly ringMs: number | null;
  readonly ringRatio: number | null;
  readonly simloopNsPerStep: number | null;
  readonly cpythonMs: number | null;
  /** cpythonMs / simloopMs. */
  readonly cpythonSpeedup: number | null;
  /** cpythonMs / baselineMs: the most any implementation on this node could reach against CPython. */
  readonly baselineVsCpython: number | null;
  readonly target: string;
  /** The worst of `checks` (N/A: not measured, see `note`). */
  readonly status: Status;
  /** Each judged check on its own: vs the baseline, vs CPython, heap. */
  readonly checks: { readonly ratio?: Status; readonly cpython?: Status; readonly heap?: Status; readonly rate?: Status };
  readonly note?: string;
  /** Every timing, for the JSON file. */
  readonly samples: Comparison;
  readonly memory?: MemoryReport;
  /** The process that measured the row. */
  readonly pid: number;
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

export interface AioTimings {
  readonly python: string;
  /** "KxM" → median ms. */
  readonly sleep: Record<string, number>;
  /** Items → median ms. */
  readonly queue: Record<string, number>;
  /** Children → median ms. */
  readonly gather: Record<string, number>;
}

export interface CpythonTimings {
  readonly seed: SeedTimings | null;
  readonly aio: AioTimings | null;
}

export interface BenchResult {
  readonly node: string;
  readonly v8: string;
  /** True when every row ran with --expose-gc (a full GC before each timed run). */
  readonly gcExposed: boolean;
  /** True when every row ran in its own process. */
  readonly isolated: boolean;
  readonly config: BenchConfig;
  readonly python: string | null;
  readonly rows: Row[];
  readonly totalMs: number;
}

const gc: ((options?: { type: 'minor' }) => void) | undefined = (globalThis as { gc?: (options?: { type: 'minor' }) => void }).gc;

/** A full GC (for heap samples): what is left is what the run retains. */
function fullGc(): void {
  gc?.();
}

/** The GC before a timed run (see the header for why 'minor' by default). */
function settle(mode: GcMode): void {
  if (gc === undefined || mode === 'none') return;
  if (mode === 'full') gc();
  else gc({ type: 'minor' });
}

function timeOnce(fn: () => void, mode: GcMode): number {
  settle(mode);
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

/**
 * Times the sides in `rounds` rounds, rotating the order each round. sides[0]
 * is simloop, sides[1] (if any) the judged baseline, sides[2] (if any) the ring.
 */
function compare(simloop: () => void, baseline: (() => void) | null, ring: (() => void) | null, config: BenchConfig): Comparison {
  const sides = [simloop, ...(baseline === null ? [] : [baseline]), ...(ring === null ? [] : [ring])];
  for (let i = 0; i < config.warmup; i++) for (const side of sides) side();
  const times: number[][] = sides.map(() => []);
  const ratios: number[] = [];
  const ringRatios: number[] = [];
  for (let round = 0; round < config.rounds; round++) {
    const now: number[] = [];
    for (let k = 0; k < sides.length; k++) {
      const i = (round + k) % sides.length;
      now[i] = timeOnce(sides[i]!, config.gcBeforeRun);
    }
    now.forEach((ms, i) => times[i]!.push(ms));
    if (baseline !== null) ratios.push(now[0]! / now[1]!);
    if (ring !== null) ringRatios.push(now[0]! / now[2]!);
  }
  return {
    baselineMs: baseline === null ? [] : times[1]!,
    simloopMs: times[0]!,
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

export function sizeLabel(n: number): string {
  if (n >= 10 && Number.isInteger(Math.log10(n))) return `10^${Math.log10(n)}`;
  return String(n);
}

// ---------------------------------------------------------------------------
// The rows: ids, and measuring one (in whatever process this is).

/** Every row of a config, in table order: what `--row` accepts. */
export function rowIds(config: BenchConfig): string[] {
  return [
    ...config.taskSizes.map(({ tasks, yields }) => `task-${tasks}x${yields}`),
    `actor-${config.actorCount}`,
    ...(config.memoryCount === null ? [] : [`memory-${config.memoryCount}`]),
    ...config.aioSleepSizes.map(({ tasks, sleeps }) => `aio-sleep-${tasks}x${sleeps}`),
    `aio-queue-${config.aioQueue.items}`,
    `aio-gather-${config.aioGatherChildren}`,
    ...(config.explore === null ? [] : [exploreRowId(config.explore)]),
  ];
}

function exploreRowId(size: ExploreRateSize): string {
  return `explore-${size.tasks}x${size.sleeps}`;
}

/** True for rows that can only be measured asynchronously (with measureRowAsync). */
export function isAsyncRow(config: BenchConfig, id: string): boolean {
  return config.explore !== null && id === exploreRowId(config.explore);
}

/** Measures one row in this process, the asynchronous ones (explore: fast-check's side is promises) included. */
export async function measureRowAsync(lib: SimloopLib, config: BenchConfig, id: string): Promise<Measurement> {
  if (!isAsyncRow(config, id)) return measureRow(lib, config, id);
  const size = config.explore!;
  const workload = `explore ${size.tasks} tasks x ${size.sleeps} sleeps vs fc.scheduler (CPU ms per seed)`;
  if (lib.explore === undefined || lib.defineScenario === undefined) {
    return measurement(id, 'explore', workload, 1, { baselineMs: [], simloopMs: [], ratios: [] }, { note: 'explore is not exported by this simloop build' });
  }
  const s = await measureExploreRate(lib, size, config.rounds, config.warmup);
  const wall = `wall-clock medians: simloop ${median(s.simloopWallMsPerSeed).toFixed(4)} ms/seed (${Math.round(1000 / median(s.simloopWallMsPerSeed))} seeds/s), fast-check ${median(s.fastCheckWallMsPerRun).toFixed(4)} ms/run`;
  return measurement(id, 'explore', workload, 1, { baselineMs: s.fastCheckMsPerRun, simloopMs: s.simloopMsPerSeed, ratios: s.ratios }, { note: wall });
}

function measurement(id: string, kind: RowKind, workload: string, steps: number, samples: Comparison, extra: { memory?: MemoryReport; note?: string } = {}): Measurement {
  return { id, kind, workload, steps, samples, ...extra, pid: process.pid, gcExposed: gc !== undefined };
}

/** Measures one row in this process. Throws on an id the config does not have. */
export function measureRow(lib: SimloopLib, config: BenchConfig, id: string): Measurement {
  for (const size of config.taskSizes) if (id === `task-${size.tasks}x${size.yields}`) return measureTasks(lib, size, config, id);
  if (id === `actor-${config.actorCount}`) return measureActors(lib, config, id);
  if (config.memoryCount !== null && id === `memory-${config.memoryCount}`) return measureMemory(lib, config, id);
  for (const size of config.aioSleepSizes) if (id === `aio-sleep-${size.tasks}x${size.sleeps}`) return measureAioSleep(lib, size, config, id);
  if (id === `aio-queue-${config.aioQueue.items}`) return measureAioQueue(lib, config, id);
  if (id === `aio-gather-${config.aioGatherChildren}`) return measureAioGather(lib, config, id);
  if (isAsyncRow(config, id)) throw new Error(`row ${id} is asynchronous: measure it with measureRowAsync (in its own process, as npm run bench does)`);
  throw new Error(`unknown row ${JSON.stringify(id)} for the ${config.name} config; rows: ${rowIds(config).join(', ')}`);
}

function measureTasks(lib: SimloopLib, size: TaskSize, config: BenchConfig, id: string): Measurement {
  const { tasks, yields } = size;
  const delta = expectedTaskDelta(tasks, yields);
  const baseline = checked('bare round robin', delta, () => bareRoundRobin(tasks, yields));
  const ring = checked('bare ring round robin', delta, () => bareRingRoundRobin(tasks, yields));
  const simloop = checked('TaskScheduler', delta, () => {
    const scheduler = new lib.TaskScheduler();
    for (let t = 0; t < tasks; t++) scheduler.addTask(worker(yields));
    scheduler.run();
  });
  return measurement(id, 'task', `TaskScheduler T=${tasks} x N=${yields}`, tasks * (yields + 1), compare(simloop, baseline, ring, config));
}

function simloopCounter(lib: SimloopLib, count: number, hook?: PrinterHook): void {
  const sched = new lib.ActorScheduler();
  sched.newActor('printer', printer(hook));
  sched.newActor('counter', counterForSimloop(sched));
  sched.send('counter', count);
  sched.run();
}

function measureActors(lib: SimloopLib, config: BenchConfig, id: string): Measurement {
  const count = config.actorCount;
  const delta = expectedActorDelta(count);
  const baseline = checked('bare actor loop', delta, () => bareCounter(count));
  const simloop = checked('ActorScheduler', delta, () => simloopCounter(lib, count));
  return measurement(id, 'actor', `ActorScheduler counter ${sizeLabel(count)}`, 2 * count + 3, compare(simloop, baseline, null, config));
}

/**
 * The memory probe: the counter from `memoryCount` on simloop, the printer
 * sampling heapUsed every `memoryEvery` messages it receives (after a full GC
 * when --expose-gc is on, so a sample is what the run retains), and once more
 * after the run. Flat memory: the peak stays near the first sample. The bare
 * loop runs the same count once, untimed samples and all, for a time ratio
 * (informational: the full GCs inside the run discard optimized code).
 */
function measureMemory(lib: SimloopLib, config: BenchConfig, id: string): Measurement {
  const count = config.memoryCount!;
  const every = config.memoryEvery;
  const delta = expectedActorDelta(count);
  const samplingHook = (heap: number[]): PrinterHook => {
    let seen = 0;
    return () => {
      if (++seen % every === 0) {
        fullGc();
        heap.push(process.memoryUsage().heapUsed);
      }
    };
  };
  const bareHeap: number[] = [];
  const baselineMs = timeOnce(checked('bare actor loop (memory)', delta, () => bareCounter(count, samplingHook(bareHeap))), 'full');
  const heap: number[] = [];
  const simloopMs = timeOnce(checked('ActorScheduler (memory)', delta, () => simloopCounter(lib, count, samplingHook(heap))), 'full');
  fullGc();
  heap.push(process.memoryUsage().heapUsed);
  const firstSample = heap[0]!;
  const peak = Math.max(...heap);
  const memory: MemoryReport = {
    count,
    gcBeforeSample: gc !== undefined,
    heapUsed: heap,
    firstSample,
    peak,
    growth: peak / firstSample,
    rssAfter: process.memoryUsage().rss,
  };
  const samples: Comparison = { baselineMs: [baselineMs], simloopMs: [simloopMs], ratios: [simloopMs / baselineMs] };
  return measurement(id, 'memory', `ActorScheduler counter ${sizeLabel(count)}: heap`, 2 * count + 3, samples, { memory });
}

function measureAioSleep(lib: SimloopLib, size: AioSleepSize, config: BenchConfig, id: string): Measurement {
  const { tasks, sleeps } = size;
  const aio = simloopAio(lib);
  const simloop = () => aio.sleep(tasks, sleeps);
  const baseline = () => minimalSleep(tasks, sleeps);
  const workload = `aio sleep K=${sizeLabel(tasks)} x M=${sleeps}, gathered`;
  return measurement(id, 'aio', workload, tasks * sleeps, compare(simloop, baseline, null, config));
}

function measureAioQueue(lib: SimloopLib, config: BenchConfig, id: string): Measurement {
  const { items, maxsize } = config.aioQueue;
  const workload = `aio Queue(${maxsize}) ${sizeLabel(items)} items, 1 producer/1 consumer`;
  if (lib.Queue === undefined) {
    return measurement(id, 'aio', workload, items, { baselineMs: [], simloopMs: [], ratios: [] }, { note: 'Queue is not exported by this simloop build' });
  }
  const aio = simloopAio(lib);
  return measurement(id, 'aio', workload, items, compare(() => aio.queue(items, maxsize), null, null, config));
}

function measureAioGather(lib: SimloopLib, config: BenchConfig, id: string): Measurement {
  const children = config.aioGatherChildren;
  const aio = simloopAio(lib);
  const workload = `aio gather of ${sizeLabel(children)} children (sleep(0) once)`;
  return measurement(id, 'aio', workload, children, compare(() => aio.gather(children), null, null, config));
}

// ---------------------------------------------------------------------------
// Judging a measurement (in the parent).

function worst(...statuses: Status[]): Status {
  return statuses.includes('FAIL') ? 'FAIL' : statuses.includes('WARN') ? 'WARN' : 'PASS';
}

function atLeast(value: number | null, target: number): Status {
  // No CPython number means nothing to judge there.
  return value === null || value >= target ? 'PASS' : 'FAIL';
}

function atMost(value: number, target: number): Status {
  return value <= target ? 'PASS' : 'FAIL';
}

/** The CPython ms for a row, or null. */
function cpythonFor(id: string, config: BenchConfig, cpython: CpythonTimings): number | null {
  for (const { tasks, yields } of config.taskSizes) if (id === `task-${tasks}x${yields}`) return cpython.seed?.task[`${tasks}x${yields}`] ?? null;
  if (id === `actor-${config.actorCount}`) return cpython.seed?.actor[String(config.actorCount)] ?? null;
  for (const { tasks, sleeps } of config.aioSleepSizes) if (id === `aio-sleep-${tasks}x${sleeps}`) return cpython.aio?.sleep[`${tasks}x${sleeps}`] ?? null;
  if (id === `aio-queue-${config.aioQueue.items}`) return cpython.aio?.queue[String(config.aioQueue.items)] ?? null;
  if (id === `aio-gather-${config.aioGatherChildren}`) return cpython.aio?.gather[String(config.aioGatherChildren)] ?? null;
  return null;
}

/** Turns a measurement into a table row: medians, CPython columns, checks and status. */
export function judge(m: Measurement, config: BenchConfig, cpython: CpythonTimings): Row {
  const s = m.samples;
  const simloopMs = s.simloopMs.length === 0 ? null : median(s.simloopMs);
  const baselineMs = s.baselineMs.length === 0 ? null : median(s.baselineMs);
  const ratio = s.ratios.length === 0 ? null : median(s.ratios);
  const cpythonMs = m.kind === 'memory' ? null : cpythonFor(m.id, config, cpython);
  const cpythonSpeedup = cpythonMs === null || simloopMs === null ? null : cpythonMs / simloopMs;
  const base = {
    id: m.id,
    kind: m.kind,
    workload: m.workload,
    steps: m.steps,
    baselineMs,
    simloopMs,
    ratio,
    ringMs: s.ringMs === undefined ? null : median(s.ringMs),
    ringRatio: s.ringRatios === undefined ? null : median(s.ringRatios),
    simloopNsPerStep: simloopMs === null ? null : (simloopMs * 1e6) / m.steps,
    cpythonMs,
    cpythonSpeedup,
    baselineVsCpython: cpythonMs === null || baselineMs === null ? null : cpythonMs / baselineMs,
    samples: s,
    pid: m.pid,
    ...(m.memory !== undefined && { memory: m.memory }),
    ...(m.note !== undefined && { note: m.note }),
  };
  if (simloopMs === null) return { ...base, target: `n/a: ${m.note ?? 'not measured'}`, status: 'N/A', checks: {} };

  switch (m.kind) {
    case 'task': {
      const r: Status = ratio! <= TARGETS.taskRatio ? 'PASS' : ratio! <= TARGETS.taskRedLine ? 'WARN' : 'FAIL';
      const c = atLeast(cpythonSpeedup, TARGETS.cpythonSpeedup);
      return {
        ...base,
        target: `<=${TARGETS.taskRatio}x bare (red ${TARGETS.taskRedLine}x), >=${TARGETS.cpythonSpeedup}x CPython`,
        status: worst(r, c),
        checks: { ratio: r, cpython: c },
      };
    }
    case 'actor': {
      const r = atMost(ratio!, TARGETS.actorRatio);
      const c = atLeast(cpythonSpeedup, TARGETS.cpythonSpeedup);
      return { ...base, target: `<=${TARGETS.actorRatio}x bare, >=${TARGETS.cpythonSpeedup}x CPython`, status: worst(r, c), checks: { ratio: r, cpython: c } };
    }
    case 'memory': {
      const memory = m.memory!;
      const limit = m.gcExposed ? TARGETS.heapGrowth : TARGETS.heapGrowthNoGc;
      const h: Status = memory.growth <= limit ? 'PASS' : 'FAIL';
      const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
      return {
        ...base,
        target: `peak heap <=${limit}x heap@${sizeLabel(config.memoryEvery)}: ${memory.growth.toFixed(2)}x (${mb(memory.firstSample)}->${mb(memory.peak)} MB)`,
        status: h,
        checks: { heap: h },
      };
    }
    case 'explore': {
      const seedsPerSecond = 1000 / simloopMs;
      const speedup = ratio === null ? null : 1 / ratio;
      const r: Status = speedup === null || speedup >= TARGETS.exploreVsFastCheck ? 'PASS' : 'FAIL';
      const rate: Status = seedsPerSecond >= TARGETS.exploreSeedsPerSecond ? 'PASS' : 'FAIL';
      return {
        ...base,
        target: `>=${TARGETS.exploreSeedsPerSecond} seeds/s (${Math.round(seedsPerSecond)}), >=${TARGETS.exploreVsFastCheck}x fast-check (${fmt(speedup, 1, 'x')})`,
        status: worst(r, rate),
        checks: { ratio: r, rate },
      };
    }
    case 'aio': {
      const size = config.aioSleepSizes.find(({ tasks, sleeps }) => m.id === `aio-sleep-${tasks}x${sleeps}`);
      const cpythonTarget = size?.cpythonSpeedup ?? TARGETS.aioOtherCpython;
      const c = atLeast(cpythonSpeedup, cpythonTarget);
      if (size !== undefined && size.minimalRatio !== null && ratio !== null) {
        const r = atMost(ratio, size.minimalRatio);
        return { ...base, target: `<=${size.minimalRatio}x minimal loop, >=${cpythonTarget}x CPython`, status: worst(r, c), checks: { ratio: r, cpython: c } };
      }
      const info = size !== undefined ? ' (minimal loop: info)' : '';
      return { ...base, target: `>=${cpythonTarget}x CPython${info}`, status: c, checks: { cpython: c } };
    }
  }
}

// ---------------------------------------------------------------------------
// CPython.

function runPython<T>(script: string, spec: unknown, what: string, log: (line: string) => void): T | null {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const result = spawnSync('python3', [path, JSON.stringify(spec)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.error !== undefined || result.status !== 0) {
    log(`${what}: n/a (${result.error?.message ?? result.stderr.trim().split('\n').pop() ?? `exit ${result.status}`})`);
    return null;
  }
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    log(`${what}: n/a (unreadable output: ${result.stdout.slice(0, 200)})`);
    return null;
  }
}

/**
 * Runs bench/seed_bench.py (the seed's classes, verbatim) on the task and actor sizes.
 * Returns null when python is off, python3 is missing or the script fails (the table says n/a).
 */
export function runSeedPython(config: BenchConfig, log: (line: string) => void = () => {}): SeedTimings | null {
  if (!config.python) return null;
  const spec = {
    task: config.taskSizes.map(({ tasks, yields }) => [tasks, yields]),
    actor: [config.actorCount],
    repeats: config.pythonRepeats,
  };
  return runPython<SeedTimings>('./seed_bench.py', spec, 'CPython seed', log);
}

/** Runs bench/aio_bench.py (asyncio on vloop.py) on the aio sizes; null as runSeedPython. */
export function runAioPython(config: BenchConfig, log: (line: string) => void = () => {}): AioTimings | null {
  if (!config.python) return null;
  const spec = {
    sleep: config.aioSleepSizes.map(({ tasks, sleeps }) => [tasks, sleeps]),
    queue: [[config.aioQueue.items, config.aioQueue.maxsize]],
    gather: [config.aioGatherChildren],
    repeats: config.pythonRepeats,
  };
  return runPython<AioTimings>('./aio_bench.py', spec, 'CPython asyncio', log);
}

// ---------------------------------------------------------------------------
// Running the rows, each in its own process or all in this one.

/** bench/run.ts, which becomes a row's child process with `--row ID --config JSON`. */
const RUN_TS = fileURLToPath(new URL('./run.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The command line of a row's child process (node's own path first is implied). */
export function childArgs(id: string, config: BenchConfig): string[] {
  return ['--expose-gc', '--import', 'tsx', RUN_TS, '--row', id, '--config', JSON.stringify(config)];
}

/**
 * Measures one row in a fresh node process running the built package (dist/).
 * The child's stderr (its progress lines and any error) goes straight to ours;
 * its stdout is the measurement, one JSON line.
 */
export function measureInChild(id: string, config: BenchConfig): Measurement {
  const result = spawnSync(process.execPath, childArgs(id, config), {
    cwd: REPO_ROOT, // `--import tsx` resolves from here
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 << 20,
  });
  if (result.error !== undefined) throw new Error(`row ${id}: could not start its process: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`row ${id}: its process exited with ${result.status ?? result.signal} (its error is above)`);
  const line = result.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as Measurement;
  } catch {
    throw new Error(`row ${id}: unreadable output from its process: ${line.slice(0, 200)}`);
  }
}

/**
 * Measures one row in `config.forks` fresh processes, one after another, and
 * pools their rounds (the memory probe, a single long run, is measured once).
 */
export function measureForked(id: string, config: BenchConfig): Measurement {
  const first = measureInChild(id, config);
  const forks = config.forks ?? 1;
  if (forks <= 1 || first.kind === 'memory') return first;
  const all = [first];
  for (let i = 1; i < forks; i++) all.push(measureInChild(id, config));
  const pool = (key: keyof Comparison): number[] => all.flatMap((m) => m.samples[key] ?? []);
  const samples: Comparison = {
    baselineMs: pool('baselineMs'),
    simloopMs: pool('simloopMs'),
    ratios: pool('ratios'),
    ...(first.samples.ringMs !== undefined && { ringMs: pool('ringMs'), ringRatios: pool('ringRatios') }),
  };
  const notes = all.map((m) => m.note).filter((note): note is string => note !== undefined);
  return { ...first, samples, pids: all.map((m) => m.pid), gcExposed: all.every((m) => m.gcExposed), ...(notes.length > 0 && { note: notes.join(' | ') }) };
}

export interface RunOptions {
  /** Each row in its own fresh process on dist/ (default true); false: every row in this process, on `lib`. */
  readonly isolate?: boolean;
  /** Only these rows (ids from rowIds), in table order; default all. */
  readonly rows?: readonly string[];
}

export function runBench(lib: SimloopLib, config: BenchConfig, log: (line: string) => void = () => {}, options: RunOptions = {}): BenchResult {
  const isolate = options.isolate ?? true;
  const start = performance.now();
  // CPython first, while node is idle: the two never compete for a core.
  const seed = runSeedPython(config, log);
  if (seed !== null) log(`CPython seed (${seed.python}) done`);
  const aio = runAioPython(config, log);
  if (aio !== null) log(`CPython asyncio (${aio.python}) done`);
  const cpython: CpythonTimings = { seed, aio };
  const wanted = options.rows === undefined ? null : new Set(options.rows);
  const rows: Row[] = [];
  let gcEverywhere = true;
  for (const id of rowIds(config)) {
    if (wanted !== null && !wanted.has(id)) continue;
    // An asynchronous row (explore) is measured only in a child: this function is synchronous.
    if (!isolate && isAsyncRow(config, id)) continue;
    const m = isolate ? measureForked(id, config) : measureRow(lib, config, id);
    gcEverywhere &&= m.gcExposed;
    rows.push(judge(m, config, cpython));
    const processes = m.pids ?? [m.pid];
    log(`${m.workload} done${isolate ? ` (process${processes.length > 1 ? 'es' : ''} ${processes.join(', ')})` : ''}`);
  }
  return {
    node: process.version,
    v8: process.versions.v8,
    gcExposed: gcEverywhere,
    isolated: isolate,
    config,
    python: seed?.python ?? aio?.python ?? null,
    rows,
    totalMs: performance.now() - start,
  };
}

// ---------------------------------------------------------------------------
// The table.

function fmt(value: number | null, digits: number, suffix = ''): string {
  return value === null || !Number.isFinite(value) ? 'n/a' : `${value.toFixed(digits)}${suffix}`;
}

/** PASS, or the verdict with the checks that missed: `FAIL (ratio WARN, CPython FAIL)`. */
function statusText(row: Row): string {
  if (row.status === 'PASS' || row.status === 'N/A') return row.status;
  const labels = { ratio: 'ratio', cpython: 'CPython', heap: 'heap', rate: 'rate' } as const;
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
  const lines = result.rows.map((row) => {
    const noBaseline = row.baselineMs === null && row.simloopMs !== null;
    const digits = row.kind === 'explore' ? 4 : 1; // ms per seed
    return [
      row.workload,
      noBaseline ? '-' : fmt(row.baselineMs, digits),
      fmt(row.simloopMs, digits),
      noBaseline ? '-' : fmt(row.ratio, 2, 'x'),
      row.ringMs === null ? '-' : fmt(row.ringMs, 1),
      row.ringRatio === null ? '-' : fmt(row.ringRatio, 2, 'x'),
      fmt(row.simloopNsPerStep, 1),
      row.kind === 'memory' ? '-' : fmt(row.cpythonMs, 1),
      row.kind === 'memory' ? '-' : fmt(row.cpythonSpeedup, 1, 'x'),
      row.kind === 'memory' || noBaseline ? '-' : fmt(row.baselineVsCpython, 1, 'x'),
      row.target,
      statusText(row),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const left = new Set([0, header.length - 2, header.length - 1]);
  const render = (cells: string[]) =>
    cells.map((cell, i) => (left.has(i) ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  return [render(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(render)].join('\n');
}
