/**
 * The bench harness runs end to end on tiny sizes and produces well-formed
 * rows. Structure only: no timing is judged here (machines are noisy; the
 * numbers belong to `npm run bench`, which reports ratios, not thresholds).
 */
import { describe, expect, it } from 'vitest';
import { ActorScheduler, TaskScheduler } from '../src/index.js';
import { formatTable, QUICK, runBench, type BenchConfig } from './harness.js';
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
  rounds: 3,
  warmup: 1,
  python: false,
};

describe('bench harness (quick mode, tiny sizes)', () => {
  const result = runBench({ TaskScheduler, ActorScheduler }, TINY);

  it('produces one row per task size, the actor row and the memory row', () => {
    expect(result.rows.map((row) => row.kind)).toEqual(['task', 'task', 'actor', 'memory']);
    expect(result.rows[0]!.workload).toBe('TaskScheduler T=3 x N=50');
    expect(result.rows[2]!.steps).toBe(2 * 200 + 3);
  });

  it('reports finite positive timings and ratios, and every round', () => {
    for (const row of result.rows) {
      for (const value of [row.baselineMs, row.simloopMs, row.ratio, row.simloopNsPerStep]) {
        expect(Number.isFinite(value) && value > 0, `${row.workload}: ${value}`).toBe(true);
      }
      expect(['PASS', 'WARN', 'FAIL']).toContain(row.status);
      if (row.kind !== 'memory') expect(row.samples.ratios).toHaveLength(TINY.rounds);
      if (row.kind === 'task') {
        expect(row.ringRatio! > 0 && Number.isFinite(row.ringRatio!)).toBe(true);
        expect(row.samples.ringMs).toHaveLength(TINY.rounds);
      }
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
    const memory = result.rows.at(-1)!.memory!;
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
});
