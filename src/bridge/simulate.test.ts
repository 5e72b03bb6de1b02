/**
 * Running async code on the kernel: timers on the virtual clock with Node's
 * semantics, same-instant timers and jitter as recorded strategy choices,
 * scheduled operations released one at a time with the microtasks settled
 * in between, and runs that cannot go on reported instead of hanging.
 */
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { Recorder, ReplayStrategy, randomStrategy } from '../strategies/index.js';
import { AsyncDeadlockError, simulate, type Settle } from './index.js';

const require = createRequire(import.meta.url);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('timers on the virtual clock', () => {
  it('an hour of sleeping is virtual: time jumps when nothing is ready', async () => {
    const run = await simulate(async () => {
      const start = Date.now();
      await sleep(3_600_000);
      await sleep(1500);
      return Date.now() - start;
    });
    expect(run.result).toBe(3_601_500);
    expect(run.time).toBe(3601.5);
  });

  it("keeps Node's rules: setTimeout(0) is 1 ms, an immediate runs first, time stands still while work is ready", async () => {
    const run = await simulate(async () => {
      const log: string[] = [];
      const start = Date.now();
      setTimeout(() => log.push(`timeout(0) at +${Date.now() - start}`), 0);
      let n = 0;
      const spin = (): void => {
        if (++n < 50) setImmediate(spin);
        else log.push(`50 immediates at +${Date.now() - start}`);
      };
      setImmediate(spin);
      await sleep(5);
      return log;
    });
    expect(run.result).toEqual(['50 immediates at +0', 'timeout(0) at +1']);
  });

  it('clears by handle and by numeric id; intervals repeat until cleared, also from their own callback', async () => {
    const run = await simulate(async () => {
      const log: number[] = [];
      const start = Date.now();
      const a = setTimeout(() => log.push(-1), 10);
      const b = setTimeout(() => log.push(-2), 10);
      clearTimeout(a);
      clearTimeout(+b);
      clearTimeout(undefined);
      const interval = setInterval(() => {
        log.push(Date.now() - start);
        if (log.length === 3) clearInterval(interval);
      }, 100);
      await sleep(1000);
      return log;
    });
    expect(run.result).toEqual([100, 200, 300]);
  });

  it('refresh() restarts a countdown; ref/unref/hasRef answer as Node does', async () => {
    const run = await simulate(async () => {
      const start = Date.now();
      let fired = -1;
      const t = setTimeout(() => (fired = Date.now() - start), 100);
      await sleep(60);
      t.refresh();
      expect(t.unref().hasRef()).toBe(false);
      expect(t.ref().hasRef()).toBe(true);
      await sleep(500);
      return fired;
    });
    expect(run.error).toBeUndefined();
    expect(run.result).toBe(160);
  });

  it('fakes node:timers, node:timers/promises (ESM named imports too) and AbortSignal.timeout', async () => {
    const run = await simulate(async () => {
      expect(require('node:timers').setTimeout).toBe(globalThis.setTimeout);
      const start = Date.now();
      const value = await delay(250, 'late');
      const signal = AbortSignal.timeout(40);
      const reason = await new Promise((resolve) => signal.addEventListener('abort', () => resolve(signal.reason)));
      return [value, Date.now() - start, (reason as Error).name];
    });
    expect(run.result).toEqual(['late', 290, 'TimeoutError']);
  });

  it('timers due at the same instant are a strategy choice, recorded as one', async () => {
    const order = async (strategy?: ReplayStrategy) => {
      const recorder = new Recorder(strategy ?? new ReplayStrategy([]), true);
      const run = await simulate(
        async () => {
          const log: string[] = [];
          setTimeout(() => log.push('first'), 100);
          setTimeout(() => log.push('second'), 100);
          await sleep(200);
          return log;
        },
        { strategy: recorder },
      );
      return { log: run.result, decisions: recorder.decisions.map((d) => `${d.kind} ${d.index}/${d.count} ${d.chose}`) };
    };
    expect(await order()).toEqual({ log: ['first', 'second'], decisions: ['ready 0/2 setTimeout#1(100ms)'] });
    expect(await order(new ReplayStrategy([1]))).toEqual({ log: ['second', 'first'], decisions: ['ready 1/2 setTimeout#2(100ms)'] });
  });

  it('jitter: a timer may fire up to `jitter` ms late, as the strategy chooses', async () => {
    const late = async (tape: number[]) => {
      const recorder = new Recorder(new ReplayStrategy(tape), true);
      const run = await simulate(
        async () => {
          const start = Date.now();
          await sleep(100);
          return Date.now() - start;
        },
        { strategy: recorder, jitter: 3 },
      );
      return [run.result, recorder.decisions.map((d) => `${d.kind} ${d.count} ${d.chose}`)];
    };
    expect(await late([])).toEqual([100, ['jitter 4 setTimeout#1(100ms) +0ms']]);
    expect(await late([2])).toEqual([102, ['jitter 4 setTimeout#1(100ms) +2ms']]);
    await expect(simulate(async () => {}, { jitter: 1.5 })).rejects.toThrow('jitter expected a whole number of milliseconds >= 0, got 1.5');
  });
});

describe('scheduled operations', () => {
  it('are released one at a time, in the order they completed under FIFO, or as the strategy chooses', async () => {
    const released = async (tape: number[]) =>
      (
        await simulate(
          async ({ schedule }) => {
            const log: string[] = [];
            let late!: (value: string) => void;
            const ops = [
              schedule(new Promise<string>((resolve) => (late = resolve)), 'late').then((v) => log.push(v)),
              schedule(Promise.resolve('early'), 'early').then((v) => log.push(v)),
              schedule(Promise.reject(new Error('refused')), 'failing').catch((e: Error) => log.push(e.message)),
            ];
            setTimeout(() => late('late'), 10);
            await Promise.all(ops);
            return log;
          },
          { strategy: new ReplayStrategy(tape) },
        )
      ).result;
    expect(await released([])).toEqual(['early', 'refused', 'late']);
    expect(await released([1])).toEqual(['refused', 'early', 'late']);
  });

  it('scheduleFunction calls at once and labels each call with its arguments', async () => {
    const recorder = new Recorder(randomStrategy(1), true);
    const run = await simulate(
      async ({ scheduleFunction }) => {
        const read = scheduleFunction(async (key: string) => `value of ${key}`, 'db.read');
        const failing = scheduleFunction((): Promise<never> => {
          throw new Error('sync throw');
        });
        const results = await Promise.all([read('a'), read('b'), failing().catch((e: Error) => e.message)]);
        return results;
      },
      { strategy: recorder },
    );
    expect(run.result).toEqual(['value of a', 'value of b', 'sync throw']);
    expect(recorder.decisions[0]!.fifo).toBe('db.read("a")');
  });

  it('let every microtask settle between two releases, without counting ticks (1000 chained thens)', async () => {
    const chained = (settle?: Settle) =>
      simulate(
        async ({ schedule }) => {
          let done = false;
          const first = schedule(Promise.resolve(0), 'first').then((start) => {
            let p = Promise.resolve(start);
            for (let i = 0; i < 1000; i++) p = p.then((n) => n + 1);
            return p.then((n) => (done = n === 1000));
          });
          const second = schedule(Promise.resolve(), 'second').then(() => {
            if (!done) throw new Error('released before the chain of the first release had settled');
          });
          await Promise.all([first, second]);
        },
        settle === undefined ? {} : { settle },
      );
    expect((await chained()).ok).toBe(true);
    // A mutant that settles with a fixed count of microtask hops releases too early, and is caught.
    const tenHops: Settle = async () => {
      for (let i = 0; i < 10; i++) await null;
    };
    expect((await chained(tenHops)).ok).toBe(false);
  });
});

describe('runs that cannot go on', () => {
  it('a promise nothing can settle: a clear error naming what is pending, not a hang', async () => {
    const run = await simulate(async ({ schedule }) => {
      await sleep(10);
      await Promise.all([schedule(new Promise(() => {}), 'fetch(/users/1)'), new Promise(() => {})]);
    });
    expect(run.error).toBeInstanceOf(AsyncDeadlockError);
    expect(String(run.error)).toMatch(
      /^AsyncDeadlockError: the scenario is waiting on a promise that nothing can settle \(at step 2, t=0\.01\): pending scheduled operations: fetch\(\/users\/1\) \(its own promise never settled\); timers: none/,
    );
  });

  it('names a real timer made before the run that the program waits on', async () => {
    const realSetTimeout = globalThis.setTimeout;
    let resolve!: () => void;
    const outside = new Promise<void>((r) => (resolve = r));
    const timer = realSetTimeout(() => resolve(), 60_000);
    try {
      const run = await simulate(async () => {
        await outside;
      });
      expect(String(run.error)).toMatch(/outside simloop's control: .*real timers? from before the run \(simloop cannot fire/);
    } finally {
      clearTimeout(timer);
    }
  });

  it('names real I/O started during the run', async () => {
    let server: Server | undefined;
    try {
      const run = await simulate(async () => {
        server = createServer(() => {}).listen(0, '127.0.0.1');
        await new Promise<void>((resolve) => server!.once('connection', () => resolve())); // nobody connects
      });
      expect(String(run.error)).toMatch(/outside simloop's control: .*started during the run \(network server\)/);
    } finally {
      server?.close();
    }
  });

  it('a timer that never stops meets the step budget; a far deadline meets the time budget', async () => {
    const spinning = await simulate(
      async () => {
        setInterval(() => {}, 10);
        await new Promise(() => {});
      },
      { maxSteps: 500 },
    );
    expect(String(spinning.error)).toMatch(/^StepBudgetError: step budget exhausted: maxSteps=500/);
    const far = await simulate(async () => sleep(1e9), { maxTime: 3600 });
    expect(String(far.error)).toMatch(/^TimeBudgetError: virtual-time budget exhausted: the next timer is due at t=1000000, past maxTime=3600/);
  });

  it('drops what is left when the main function returns, and the fake functions kept by the program go quiet', async () => {
    let kept: typeof setTimeout | undefined;
    const run = await simulate(async ({ schedule }) => {
      kept = setTimeout;
      setTimeout(() => {}, 100);
      void schedule(new Promise(() => {}), 'forgotten');
    });
    expect(run.leftover).toEqual({ timers: 1, ready: 0, operations: 1 });
    expect(() => kept!(() => {}, 10)).not.toThrow();
  });
});

describe('determinism', () => {
  it('the same seed gives the same trace; a different seed another interleaving', async () => {
    const program = async ({ schedule }: { schedule: <T>(task: T, label?: string) => Promise<T> }) => {
      const log: string[] = [];
      await Promise.all(
        ['a', 'b', 'c', 'd'].map(async (name) => {
          await sleep(Math.floor(Math.random() * 3) * 10);
          log.push(await schedule(name, `op ${name}`));
        }),
      );
      return log.join('');
    };
    const once = async (seed: number) => {
      const run = await simulate(program, { strategy: randomStrategy(seed), seed, trace: 'hash' });
      return [run.result, run.kernel.trace!.hash()];
    };
    expect(await once(3)).toEqual(await once(3));
    const seen = new Set<string>();
    for (let seed = 0; seed < 20; seed++) seen.add(String((await once(seed))[0]));
    expect(seen.size).toBeGreaterThan(3);
  });
});
