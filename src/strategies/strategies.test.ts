import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TaskScheduler } from '../schedulers/index.js';
import { DfsExplorer } from './dfs.js';
import { pctStrategy } from './pct.js';
import { randomStrategy } from './random.js';
import { ReplayStrategy } from './replay.js';
import { Rng } from './rng.js';
import { Recorder, formatSchedule, parseSchedule } from './schedule.js';
import type { Strategy } from '../kernel/index.js';

/** Three tasks, each resumed twice: two iterations of three ready tasks, 3!·3! = 36 interleavings. */
function threeTasks(strategy: Strategy): { order: string; recorder: Recorder } {
  const recorder = new Recorder(strategy);
  const s = new TaskScheduler({ strategy: recorder });
  const order: string[] = [];
  for (const name of ['A', 'B', 'C']) {
    s.addTask(
      (function* () {
        order.push(name);
        yield;
        order.push(name.toLowerCase());
      })(),
      { name },
    );
  }
  s.run();
  return { order: order.join(''), recorder };
}

describe('Rng', () => {
  it('is a pure function of its seed, and below(n) stays in range', () => {
    const draw = (seed: number) => Array.from({ length: 20 }, (_, i) => new Rng(seed).below(i + 1));
    expect(draw(7)).toEqual(draw(7));
    expect(new Rng(1).uint32()).not.toBe(new Rng(2).uint32());
    fc.assert(fc.property(fc.integer(), fc.integer({ min: 1, max: 1000 }), (seed, n) => {
      const r = new Rng(seed).below(n);
      return Number.isInteger(r) && r >= 0 && r < n;
    }));
  });

  // sfc32 (PractRand's Small Fast Counting generator) seeded by splitmix32, written from their
  // published definitions in Python's unbounded integers: every explored seed's schedule rests on this stream.
  const REFERENCE = `
import json, sys
M = 0xFFFFFFFF
def splitmix32(s):
    z = s & M
    z = ((z ^ (z >> 16)) * 0x85EBCA6B) & M
    z = ((z ^ (z >> 13)) * 0xC2B2AE35) & M
    return z ^ (z >> 16)
class Sfc32:
    def __init__(self, seed):
        s = seed & M
        self.a, self.b, self.c, self.d = (splitmix32(s + k * 0x9E3779B9) for k in (1, 2, 3, 4))
        for _ in range(12): self.next()
    def next(self):
        t = (self.a + self.b + self.d) & M
        self.d = (self.d + 1) & M
        self.a = self.b ^ (self.b >> 9)
        self.b = (self.c + (self.c << 3)) & M
        self.c = ((self.c << 21) | (self.c >> 11)) & M
        self.c = (self.c + t) & M
        return t
out = []
for seed in json.load(sys.stdin):
    r = Sfc32(seed)
    words = [r.next() for _ in range(6)]
    out.append(words + [(r.next() * n) >> 32 for n in (1, 2, 3, 10, 1000, 2**20)])
print(json.dumps(out))
`;
  const python = spawnSync('python3', ['--version']).status === 0;

  it.skipIf(!python)('draws exactly the stream of sfc32 seeded by splitmix32 (a Python reference, 200 seeds)', () => {
    const seeds = [0, 1, 2, 42, -1, -(2 ** 31), 2 ** 31 - 1, 2 ** 32 - 1, 2 ** 40 + 5, ...fc.sample(fc.integer(), 191)];
    const run = spawnSync('python3', ['-c', REFERENCE], { input: JSON.stringify(seeds), encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const reference = JSON.parse(run.stdout) as number[][];
    seeds.forEach((seed, i) => {
      const rng = new Rng(seed);
      const words = Array.from({ length: 6 }, () => rng.uint32());
      expect([...words, ...[1, 2, 3, 10, 1000, 2 ** 20].map((n) => rng.below(n))], `seed ${seed}`).toEqual(reference[i]);
    });
  });

  it('spreads draws evenly (every bucket within 10% of its share over 60,000 draws)', () => {
    const rng = new Rng(42);
    const buckets = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) buckets[rng.below(6)]++;
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(1_000);
  });
});

describe('schedules', () => {
  it('round-trip through their text form', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat(9) })), (tape) => {
        const trimmed = [...tape];
        while (trimmed.length > 0 && trimmed[trimmed.length - 1] === 0) trimmed.pop();
        expect(parseSchedule(formatSchedule(tape))).toEqual(trimmed);
      }),
    );
    expect(formatSchedule([0, 0, 2, 0, 1])).toBe('2:2,4:1');
    expect(formatSchedule([])).toBe('fifo');
  });

  it('name a malformed schedule', () => {
    expect(() => parseSchedule('3-1')).toThrowErrorMatchingInlineSnapshot(`[SyntaxError: bad schedule entry "3-1" in "3-1": expected <choice>:<index>, e.g. "3:1,7:2"]`);
    expect(() => parseSchedule('4:1,2:1')).toThrowErrorMatchingInlineSnapshot(`[SyntaxError: schedule "4:1,2:1" lists choice 2 twice or out of order]`);
  });
});

describe('replay', () => {
  it('follows a recorded tape to the same run', () => {
    const first = threeTasks(randomStrategy(5));
    expect(threeTasks(new ReplayStrategy(first.recorder.tape)).order).toBe(first.order);
  });

  it('reports where a tape stops fitting, then goes on', () => {
    const replayer = new ReplayStrategy([0, 5]);
    const run = threeTasks(replayer);
    expect(run.order).toHaveLength(6);
    expect(replayer.divergence).toEqual({ choice: 1, step: 2, time: 0, recorded: 5, count: 2 });
  });
});

describe('dfs', () => {
  it('enumerates every interleaving exactly once and says when it is done', () => {
    const dfs = new DfsExplorer();
    const seen = new Set<string>();
    for (let strategy = dfs.nextRun(); strategy !== null; strategy = dfs.nextRun()) {
      const { order, recorder } = threeTasks(strategy);
      expect(seen.has(order)).toBe(false);
      seen.add(order);
      dfs.afterRun(recorder.tape, recorder.counts);
    }
    expect(dfs.complete).toBe(true);
    expect(seen.size).toBe(36);
  });

  it('with a preemption bound, runs only schedules with that many deviations from FIFO', () => {
    const dfs = new DfsExplorer({ maxPreemptions: 1 });
    let runs = 0;
    for (let strategy = dfs.nextRun(); strategy !== null; strategy = dfs.nextRun()) {
      const { recorder } = threeTasks(strategy);
      expect(recorder.tape.filter((i) => i !== 0).length).toBeLessThanOrEqual(1);
      dfs.afterRun(recorder.tape, recorder.counts);
      runs++;
    }
    // choices have 3, 2, 3, 2 candidates: FIFO plus (2 + 1 + 2 + 1) single deviations
    expect(runs).toBe(7);
  });
});

describe('random and pct', () => {
  it('random reaches most of the 36 interleavings in 300 seeds, and each seed is reproducible', () => {
    const orders = new Set<string>();
    for (let seed = 0; seed < 300; seed++) {
      const a = threeTasks(randomStrategy(seed)).order;
      expect(threeTasks(randomStrategy(seed)).order).toBe(a);
      orders.add(a);
    }
    expect(orders.size).toBeGreaterThanOrEqual(34);
  });

  it('pct without change points runs owners in one fixed priority order per seed', () => {
    const { order } = threeTasks(pctStrategy(3, { depth: 1 }));
    expect(order.slice(3).toUpperCase()).toBe(order.slice(0, 3));
  });

  it('pct with change points produces other orders, reproducibly', () => {
    const orders = new Set<string>();
    for (let seed = 0; seed < 200; seed++) {
      const a = threeTasks(pctStrategy(seed, { depth: 3, steps: 4 })).order;
      expect(threeTasks(pctStrategy(seed, { depth: 3, steps: 4 })).order).toBe(a);
      orders.add(a);
    }
    expect(orders.size).toBeGreaterThan(6);
  });

  it('rejects bad pct parameters', () => {
    expect(() => pctStrategy(0, { depth: 0 })).toThrowErrorMatchingInlineSnapshot(`[TypeError: pct depth expected an integer >= 1, got 0]`);
  });
});
