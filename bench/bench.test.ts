/**
 * The bench harness runs end to end on tiny sizes and produces well-formed
 * rows. Structure only: no timing is judged here (machines are noisy; the
 * numbers belong to `npm run bench`, which reports ratios, not thresholds).
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ActorScheduler, Queue, TaskScheduler, defineScenario, explore, gather, runSim, sleep } from '../src/index.js';
import { MinimalLoop, minimalSleep, simloopAio, type MinimalCoroutine } from './aio-workloads.js';
import { formatTable, judge, measureForked, measureRow, measureRowAsync, QUICK, rowIds, runAioPython, runBench, TARGETS, type BenchConfig, type SimloopLib } from './harness.js';
import { BareActors, bareCounter, bareRingRoundRobin, bareRoundRobin, readSink } from './workloads.js';

const TINY: BenchConfig = {
  ...QUICK,
  name: 'tiny',
  taskSizes: [
    { tasks: 3, yields: 50 },
    { tasks: 50, yields: 3 },
  ],
  actorCount: 200,
  memoryCount: 2000,
  memoryEvery: 500,
  aioSleepSizes: [
    { tasks: 5, sleeps: 3, cpythonSpeedup: TARGETS.aioDeepCpython, minimalRatio: TARGETS.aioMinimalRatio },
    { tasks: 40, sleeps: 1, cpythonSpeedup: TARGETS.aioWideCpython, minimalRatio: null },
  ],
  aioQueue: { items: 300, maxsize: 10 },
  aioGatherChildren: 200,
  explore: null, // asynchronous: measured on its own below
  rounds: 3,
  warmup: 1,
  python: false,
};

const LIB: SimloopLib = { TaskScheduler, ActorScheduler, runSim, sleep, gather, Queue };

describe('bench harness (in-process, tiny sizes)', () => {
  const result = runBench(LIB, TINY, () => {}, { isolate: false });

  it('produces one row per task size, the actor and memory rows, then the asyncio rows', () => {
    expect(result.rows.map((row) => row.kind)).toEqual(['task', 'task', 'actor', 'memory', 'aio', 'aio', 'aio', 'aio']);
    expect(result.rows.map((row) => row.id)).toEqual(rowIds(TINY));
    expect(result.rows[0]!.workload).toBe('TaskScheduler T=3 x N=50');
    expect(result.rows[2]!.steps).toBe(2 * 200 + 3);
    expect(result.rows.slice(4).map((row) => row.steps)).toEqual([5 * 3, 40 * 1, 300, 200]);
    expect(result.isolated).toBe(false);
    for (const row of result.rows) expect(row.pid).toBe(process.pid);
  });

  it('reports finite positive timings and ratios, and every round', () => {
    for (const row of result.rows) {
      for (const value of [row.simloopMs, row.simloopNsPerStep]) {
        expect(value !== null && Number.isFinite(value) && value > 0, `${row.workload}: ${value}`).toBe(true);
      }
      expect(['PASS', 'WARN', 'FAIL']).toContain(row.status);
      if (row.kind !== 'memory') expect(row.samples.simloopMs).toHaveLength(TINY.rounds);
      if (row.baselineMs !== null) {
        expect(row.baselineMs > 0 && row.ratio! > 0 && Number.isFinite(row.ratio!), row.workload).toBe(true);
        if (row.kind !== 'memory') expect(row.samples.ratios).toHaveLength(TINY.rounds);
      }
      if (row.kind === 'task') {
        expect(row.ringRatio! > 0 && Number.isFinite(row.ringRatio!)).toBe(true);
        expect(row.samples.ringMs).toHaveLength(TINY.rounds);
      }
    }
  });

  it('judges the deep aio row against the minimal loop, the wide one and queue/gather against CPython only', () => {
    const [deep, wide, queue, gatherRow] = result.rows.slice(4);
    expect(deep!.checks.ratio).toBeDefined();
    expect(deep!.target).toContain(`<=${TARGETS.aioMinimalRatio}x minimal loop`);
    expect(wide!.ratio).not.toBeNull();
    expect(wide!.checks.ratio).toBeUndefined();
    for (const row of [queue!, gatherRow!]) {
      expect(row.baselineMs).toBeNull();
      expect(row.ratio).toBeNull();
      expect(row.checks).toEqual({ cpython: 'PASS' });
    }
  });

  it('leaves the CPython columns empty when python is off', () => {
    for (const row of result.rows) {
      expect(row.cpythonMs).toBeNull();
      expect(row.cpythonSpeedup).toBeNull();
    }
    expect(result.python).toBeNull();
    expect(formatTable(result)).toContain('n/a');
  });

  it('samples the heap during the memory run', () => {
    const memory = result.rows[3]!.memory!;
    expect(memory.heapUsed.length).toBe(2000 / 500 + 1);
    expect(memory.growth).toBeGreaterThan(0);
    expect(memory.peak).toBeGreaterThanOrEqual(memory.firstSample);
  });

  it('formats a table with a header, a rule and one line per row', () => {
    const lines = formatTable(result).split('\n');
    expect(lines).toHaveLength(2 + result.rows.length);
    expect(lines[0]).toMatch(/^workload\s+baseline ms\s+simloop ms\s+ratio/);
  });
});

describe('judging', () => {
  it('fills the CPython columns from both scripts and judges each target', () => {
    const cpython = {
      seed: { python: 'CPython 3.11.7', task: { '3x50': 1e6 }, actor: {} },
      aio: { python: 'CPython 3.11.7', sleep: { '5x3': 1e-6, '40x1': 1e6 }, queue: { '300': 1e6 }, gather: {} },
    };
    const byId = (id: string) => judge(measureRow(LIB, TINY, id), TINY, cpython);
    expect(byId('task-3x50').checks.cpython).toBe('PASS');
    expect(byId('aio-sleep-5x3').checks.cpython).toBe('FAIL');
    expect(byId('aio-sleep-5x3').status).toBe('FAIL');
    expect(byId('aio-sleep-40x1').cpythonSpeedup! > TARGETS.aioWideCpython).toBe(true);
    expect(byId('aio-queue-300').checks).toEqual({ cpython: 'PASS' });
    expect(byId('aio-gather-200').cpythonMs).toBeNull();
  });

  it('marks the queue row n/a when the build has no Queue', () => {
    const m = measureRow({ ...LIB, Queue: undefined }, TINY, 'aio-queue-300');
    expect(m.note).toMatch(/Queue/);
    const row = judge(m, TINY, { seed: null, aio: null });
    expect(row.status).toBe('N/A');
    expect(row.simloopMs).toBeNull();
    expect(formatTable({ node: '', v8: '', gcExposed: true, isolated: true, config: TINY, python: null, rows: [row], totalMs: 0 })).toContain('N/A');
  });

  it('rejects an unknown row id, naming the known ones', () => {
    expect(() => measureRow(LIB, TINY, 'task-1x1')).toThrow(/task-3x50/);
  });
});

describe('row isolation', () => {
  // The child measures the built package; `npm test` builds it first.
  it.skipIf(!existsSync(new URL('../dist/index.js', import.meta.url)))('measures a row in its own process and judges it in this one', () => {
    const result = runBench(LIB, TINY, () => {}, { rows: ['aio-sleep-5x3', 'task-3x50'] });
    expect(result.isolated).toBe(true);
    expect(result.rows.map((row) => row.id)).toEqual(['task-3x50', 'aio-sleep-5x3']);
    const pids = result.rows.map((row) => row.pid);
    expect(pids).not.toContain(process.pid);
    expect(new Set(pids).size).toBe(2);
    expect(result.gcExposed).toBe(true);
    for (const row of result.rows) {
      expect(row.samples.simloopMs).toHaveLength(TINY.rounds);
      expect(row.samples.ratios).toHaveLength(TINY.rounds);
    }
  });

  it.skipIf(!existsSync(new URL('../dist/index.js', import.meta.url)))('with forks, measures a row in that many processes and pools their rounds', () => {
    const m = measureForked('task-3x50', { ...TINY, forks: 2 });
    expect(m.pids).toHaveLength(2);
    expect(new Set([...m.pids!, process.pid]).size).toBe(3);
    expect(m.pid).toBe(m.pids![0]);
    expect(m.samples.simloopMs).toHaveLength(2 * TINY.rounds);
    expect(m.samples.ratios).toHaveLength(2 * TINY.rounds);
    expect(m.samples.ringRatios).toHaveLength(2 * TINY.rounds);
    // The memory probe is one long run: measured once, forks or not.
    expect(measureForked(rowIds(TINY).find((id) => id.includes('memory'))!, { ...TINY, forks: 2 }).pids).toBeUndefined();
  });
});

describe('bench baselines', () => {
  it('the bare loops do the same work as TaskScheduler', () => {
    const work = (run: () => void) => {
      const before = readSink();
      run();
      return (readSink() - before) | 0;
    };
    const viaArray = work(() => bareRoundRobin(7, 13));
    const viaRing = work(() => bareRingRoundRobin(7, 13));
    expect(viaArray).toBe(7 * ((13 * 12) / 2));
    expect(viaRing).toBe(viaArray);
  });

  it('the bare actor loop delivers in FIFO order and drops unknown names, as the seed', () => {
    const got: unknown[] = [];
    const sched = new BareActors();
    sched.newActor('log', (function* () { while (true) got.push(yield); })());
    for (let i = 0; i < 40; i++) sched.send(i % 5 === 0 ? 'nobody' : 'log', i);
    sched.run();
    expect(got).toEqual([...Array.from({ length: 40 }, (_, i) => i).filter((i) => i % 5 !== 0)]);
    const before = readSink();
    bareCounter(100);
    expect(readSink() - before).toBe(5050);
  });

  it('the minimal loop runs sleeps on a virtual clock, equal deadlines in scheduling order, and gathers in argument order', () => {
    const events: string[] = [];
    const loop = new MinimalLoop();
    function* sleeper(name: string, delays: number[]): MinimalCoroutine {
      for (const d of delays) {
        yield d;
        events.push(`${name}@${loop.now}`);
      }
      return name;
    }
    function* main(): MinimalCoroutine {
      const first = (yield [sleeper('a', [2, 1]), sleeper('b', [1, 2]), sleeper('c', [0, 3])]) as unknown[];
      const none = (yield []) as unknown[];
      return [...first, none.length];
    }
    expect(loop.run(main())).toEqual(['a', 'b', 'c', 0]);
    expect(events).toEqual(['c@0', 'b@1', 'a@2', 'c@3', 'b@3', 'a@3']);
    expect(loop.now).toBe(3);
    expect(() => minimalSleep(30, 4)).not.toThrow();
  });

  it('the simloop aio workloads check what they produce', () => {
    const aio = simloopAio(LIB);
    expect(() => aio.sleep(10, 2)).not.toThrow();
    expect(() => aio.queue(50, 3)).not.toThrow();
    expect(() => aio.gather(20)).not.toThrow();
  });

  it('bench/aio_bench.py runs the same shapes on CPython (skipped without python3)', () => {
    const timings = runAioPython({ ...TINY, python: true, pythonRepeats: 1 });
    if (timings === null) return; // no python3 here: the bench prints n/a
    expect(Object.keys(timings.sleep)).toEqual(['5x3', '40x1']);
    expect(Object.keys(timings.queue)).toEqual(['300']);
    expect(Object.keys(timings.gather)).toEqual(['200']);
    for (const ms of [...Object.values(timings.sleep), ...Object.values(timings.queue), ...Object.values(timings.gather)]) expect(ms).toBeGreaterThan(0);
  });
});

describe('the explore-rate row (simloop explore against fast-check fc.scheduler, tiny sizes)', () => {
  const config: BenchConfig = { ...TINY, explore: { tasks: 3, sleeps: 2, seeds: 40, fastCheckRuns: 10 } };
  const lib: SimloopLib = { ...LIB, explore, defineScenario };

  it('is listed last, measured asynchronously, judged on seeds/s and on the ratio to fast-check', async () => {
    expect(rowIds(config).at(-1)).toBe('explore-3x2');
    expect(() => measureRow(lib, config, 'explore-3x2')).toThrow(/measureRowAsync/);
    const m = await measureRowAsync(lib, config, 'explore-3x2');
    expect(m.kind).toBe('explore');
    expect(m.samples.simloopMs).toHaveLength(config.rounds);
    expect(m.samples.baselineMs).toHaveLength(config.rounds);
    for (const ms of [...m.samples.simloopMs, ...m.samples.baselineMs]) expect(ms > 0 && Number.isFinite(ms)).toBe(true);
    const row = judge(m, config, { seed: null, aio: null });
    expect(Object.keys(row.checks).sort()).toEqual(['rate', 'ratio']);
    expect(row.target).toMatch(new RegExp(`^>=${TARGETS.exploreSeedsPerSecond} seeds/s \\(\\d+\\), >=${TARGETS.exploreVsFastCheck}x fast-check \\(\\d+\\.\\dx\\)$`));
    expect(formatTable({ ...runBench(LIB, TINY, () => {}, { isolate: false, rows: [] }), rows: [row] })).toContain('explore 3 tasks x 2 sleeps');
  });

  it('is n/a for a build without explore', async () => {
    const m = await measureRowAsync(LIB, config, 'explore-3x2');
    expect(m.note).toMatch(/not exported/);
    expect(judge(m, config, { seed: null, aio: null }).status).toBe('N/A');
  });
});
