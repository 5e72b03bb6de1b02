/**
 * The seed schedulers' strategy-facing options: `fair` (what a strategy may
 * pick among), the actor guarantees (priming first; per-sender order) and
 * timer jitter. Each guarantee is checked over many seeds and shown to be
 * breakable: without it, the same search finds a run that breaks it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Kernel, sleep, type Runnable } from '../kernel/index.js';
import { resolveStrategy } from '../strategies/index.js';
import { ActorScheduler, type MessageOrdering } from './actor-scheduler.js';
import { TaskScheduler } from './task-scheduler.js';

function* spinner(name: string, ran: string[], turns: number): Generator<undefined, void, unknown> {
  for (let i = 0; i < turns; i++) {
    ran.push(name);
    yield;
  }
}

/**
 * How far ahead of the slowest task the fastest got at any point: the tasks
 * all have the same number of steps, so rounds keep it at 1.
 */
function maxLead(ran: readonly string[]): number {
  const count = new Map<string, number>(['a', 'b', 'c'].map((name) => [name, 0]));
  let lead = 0;
  for (const name of ran) {
    count.set(name, count.get(name)! + 1);
    lead = Math.max(lead, Math.max(...count.values()) - Math.min(...count.values()));
  }
  return lead;
}

function runTasks(seed: number, fair: boolean | undefined): string[] {
  const ran: string[] = [];
  const s = new TaskScheduler({ strategy: 'random', seed, ...(fair !== undefined && { fair }) });
  for (const name of ['a', 'b', 'c']) s.addTask(spinner(name, ran, 6), { name });
  s.run();
  return ran;
}

describe('TaskScheduler fair / unfair', () => {
  it('fair (default): under random, every task runs once per round, so none gets more than one step ahead', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        expect(maxLead(runTasks(seed, undefined))).toBe(1);
        expect(runTasks(seed, true)).toEqual(runTasks(seed, undefined));
      }),
      { numRuns: 300 },
    );
  });

  it('fair: false lets the strategy pick any queued task, so some seed runs one task repeatedly while others wait', () => {
    const leads = Array.from({ length: 200 }, (_, seed) => maxLead(runTasks(seed, false)));
    expect(Math.max(...leads)).toBeGreaterThanOrEqual(3);
    // Still every step of every task, exactly once.
    for (let seed = 0; seed < 50; seed++) expect([...runTasks(seed, false)].sort()).toEqual([...runTasks(seed, true)].sort());
  });

  it('is the same order as fifo either way under fifo', () => {
    const order = (fair: boolean) => {
      const ran: string[] = [];
      const s = new TaskScheduler({ fair });
      for (const name of ['a', 'b', 'c']) s.addTask(spinner(name, ran, 4), { name });
      s.run();
      return ran;
    };
    expect(order(false)).toEqual(order(true));
  });

  it('rejects a fair that is not a boolean', () => {
    expect(() => new TaskScheduler({ fair: 'no' as never })).toThrowErrorMatchingInlineSnapshot(`[TypeError: fair expected a boolean, got string no]`);
  });
});

function* recorder(name: string, got: string[]): Generator<undefined, void, unknown> {
  for (;;) {
    const msg = yield;
    got.push(`${name}<-${String(msg)}`);
  }
}

type Actors = Pick<ActorScheduler, 'newActor' | 'send' | 'run'>;

/** The mutant: the seed's (actor, msg) pairs queued as they are, so a strategy can put a message before a priming. */
class NaiveActors implements Actors {
  private readonly kernel: Kernel;
  private readonly actors = new Map<string, Runnable>();
  constructor(seed: number) {
    this.kernel = new Kernel({ strategy: resolveStrategy('random', seed), seed });
  }
  newActor(name: string, gen: Iterator<unknown, unknown, unknown>): void {
    const actor: Runnable = { owner: { id: this.actors.size, name }, cancelled: false, takesArg: true, run: (msg) => void gen.next(msg) };
    this.actors.set(name, actor);
    this.kernel.callSoon(actor, undefined);
  }
  send(name: string, msg: unknown): void {
    this.kernel.callSoon(this.actors.get(name)!, msg);
  }
  run(): void {
    this.kernel.run();
  }
}

/** Two senders each send 4 numbered messages to `sink`; sends also come from outside before the run. */
function actorRun(seed: number, ordering: MessageOrdering | undefined, fair = true, naive = false): string[] {
  const got: string[] = [];
  const s: Actors = naive ? new NaiveActors(seed) : new ActorScheduler({ strategy: 'random', seed, fair, ...(ordering !== undefined && { ordering }) });
  function* sender(tag: string): Generator<undefined, void, unknown> {
    yield; // primed
    for (let i = 0; i < 4; i++) s.send('sink', `${tag}${i}`);
  }
  s.newActor('sink', recorder('sink', got));
  s.send('sink', 'out0');
  s.send('sink', 'out1');
  s.newActor('p', sender('p'));
  s.newActor('q', sender('q'));
  s.send('p', 'go');
  s.send('q', 'go');
  s.run();
  return got;
}

const EVERY_MESSAGE = ['out0', 'out1', ...['p', 'q'].flatMap((tag) => [0, 1, 2, 3].map((i) => `${tag}${i}`))].map((m) => `sink<-${m}`).sort();

/** True when each sender's messages arrived in the order it sent them. */
function perSenderOrdered(got: readonly string[]): boolean {
  const last = new Map<string, number>();
  for (const entry of got) {
    const [, tag, n] = /<-(\D+)(\d+)$/.exec(entry)!;
    if ((last.get(tag!) ?? -1) > Number(n)) return false;
    last.set(tag!, Number(n));
  }
  return true;
}

describe('ActorScheduler under a strategy', () => {
  it('never delivers a message before the priming (a just-started generator cannot take one), at any seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.constantFrom<MessageOrdering>('any', 'per-sender'), fc.boolean(), (seed, ordering, fair) => {
        // Every message delivered exactly once; none lost to a priming, no priming's undefined delivered as one.
        expect([...actorRun(seed, ordering, fair)].sort()).toEqual(EVERY_MESSAGE);
      }),
      { numRuns: 500 },
    );
  });

  it('the check above fails on a scheduler that queues the priming like any message', () => {
    const seeds = Array.from({ length: 200 }, (_, seed) => seed);
    expect(seeds.some((seed) => JSON.stringify([...actorRun(seed, 'any', true, true)].sort()) !== JSON.stringify(EVERY_MESSAGE))).toBe(true);
  });

  it("ordering 'per-sender' keeps each sender's messages in send order, at any seed", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.boolean(), (seed, fair) => {
        expect(perSenderOrdered(actorRun(seed, 'per-sender', fair))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("ordering 'any' (the default) can reorder one sender's messages — the check above can fail", () => {
    const seeds = Array.from({ length: 200 }, (_, seed) => seed);
    expect(seeds.some((seed) => !perSenderOrdered(actorRun(seed, undefined)))).toBe(true);
  });

  it('delivers in send order under fifo whatever the ordering option', () => {
    const fifo = (ordering: MessageOrdering) => {
      const got: unknown[] = [];
      const s = new ActorScheduler({ ordering });
      s.newActor('a', recorder('a', got as string[]));
      for (let i = 0; i < 5; i++) s.send('a', i);
      s.run();
      return got;
    };
    expect(fifo('per-sender')).toEqual(fifo('any'));
    expect(fifo('any')).toEqual(['a<-0', 'a<-1', 'a<-2', 'a<-3', 'a<-4']);
  });

  it('rejects an unknown ordering', () => {
    expect(() => new ActorScheduler({ ordering: 'fifo' as never })).toThrowErrorMatchingInlineSnapshot(`[TypeError: ordering expected 'any' or 'per-sender', got string "fifo"]`);
  });
});

describe('timer jitter', () => {
  function wakeTimes(seed: number, strategy: 'fifo' | 'random', timerJitter: number): number[] {
    const woke: number[] = [];
    const s = new TaskScheduler({ strategy, seed, timerJitter });
    function* napper(d: number): Generator<unknown, void, unknown> {
      yield sleep(d);
      woke.push(s.time);
    }
    for (const d of [1, 2, 3]) s.addTask(napper(d));
    s.run();
    return woke.sort((x, y) => x - y);
  }

  it('fifo adds none', () => {
    expect(wakeTimes(0, 'fifo', 0.5)).toEqual([1, 2, 3]);
  });

  it('a strategy makes timers late by one of the levels up to timerJitter, never early', () => {
    const seen = new Set<number>();
    for (let seed = 0; seed < 100; seed++) {
      const woke = wakeTimes(seed, 'random', 0.3);
      [1, 2, 3].forEach((d, i) => {
        const late = woke[i]! - d;
        expect(late).toBeGreaterThanOrEqual(0);
        expect(late).toBeLessThanOrEqual(0.3 + 1e-12);
        seen.add(Math.round(late * 10));
      });
    }
    expect([...seen].sort()).toEqual([0, 1, 2, 3]); // 0, 0.1, 0.2, 0.3: all four levels occur
  });

  it('rejects a negative or infinite jitter', () => {
    expect(() => new TaskScheduler({ timerJitter: -1 })).toThrowErrorMatchingInlineSnapshot(`[TypeError: timerJitter expected a non-negative number, got number -1]`);
    expect(() => new TaskScheduler({ timerJitter: Infinity })).toThrowErrorMatchingInlineSnapshot(`[RangeError: timerJitter expected a finite number of seconds >= 0, got Infinity]`);
  });
});
