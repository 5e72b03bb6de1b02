/**
 * Waiter choices (waiters.ts): which waiter a Lock, Condition, Semaphore or
 * Queue wakes is put to the strategy, among the waiters that joined at the
 * same virtual instant as the one CPython wakes. Checked here: the candidates
 * offered (same instant only, owners named, FIFO first), that fifo keeps
 * CPython's order (the program's order is CPython's own, by vloop.py), and —
 * as properties over seeds, random and pct, with cancellations — that the
 * primitives' guarantees survive every choice: mutual exclusion, at most
 * `value` holders, every item delivered once, notify(n) waking n. The Lock's
 * `_woken` guard has a mutant (without it) that the mutual-exclusion
 * property must catch.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cpython, hasPython } from '../../properties/reference/cpython.js';
import type { Choice, Strategy } from '../kernel/index.js';
import { Recorder, pctStrategy, randomStrategy } from '../strategies/index.js';
import { CancelledError } from './errors.js';
import { Condition, Lock, Queue, Semaphore, createTask, getRunningLoop, log, runSim, sleep, type Coroutine, type Task } from './index.js';
import { WAITER_KINDS } from './waiters.js';

/** Picks the last candidate of every waiter choice, FIFO for the kernel's; writes down what it was offered. */
function lastWaiter(seen: string[]): Strategy {
  return {
    name: 'last-waiter',
    choose(choice: Choice): number {
      if (choice.kind === 'ready') return 0;
      const owners = Array.from({ length: choice.count }, (_, i) => choice.owner(i)?.name ?? '-');
      seen.push(`${choice.kind}:${owners.join(',')}`);
      return choice.count - 1;
    },
  };
}

/**
 * A, B and C join the lock's deque at t=0 in three different iterations (B
 * and C after one and two bare yields, so no reordering of ready callbacks
 * could change their order); D joins at t=1. The holder releases at t=2.
 */
function* lockProgram(): Coroutine<void> {
  const lock = new Lock();
  yield* lock.acquire();
  function* worker(hops: number, delay: number): Coroutine<void> {
    if (delay > 0) yield* sleep(delay);
    for (let i = 0; i < hops; i++) yield* sleep(0);
    yield* lock.acquire();
    log('has');
    lock.release();
  }
  const tasks = [
    createTask(worker(0, 0), { name: 'A' }),
    createTask(worker(1, 0), { name: 'B' }),
    createTask(worker(2, 0), { name: 'C' }),
    createTask(worker(0, 1), { name: 'D' }),
  ];
  yield* sleep(2);
  lock.release();
  for (const t of tasks) yield* t;
}

const namesOf = (output: readonly string[]): string => output.map((line) => /task=(\S+)/.exec(line)![1]).join('');

describe('waiter choices: the candidates', () => {
  it('names the kinds it asks', () => {
    expect(WAITER_KINDS).toEqual(['lock-waiter', 'condition-waiter', 'semaphore-waiter', 'queue-getter', 'queue-putter']);
  });

  it.skipIf(!hasPython)('under fifo, nothing is asked and the Lock wakes in CPython order', () => {
    const outcome = runSim(lockProgram);
    const reference = cpython(`
      async def worker(lock, hops, delay):
          if delay > 0: await asyncio.sleep(delay)
          for _ in range(hops): await asyncio.sleep(0)
          await lock.acquire()
          say('has')
          lock.release()
      async def main():
          lock = asyncio.Lock()
          await lock.acquire()
          tasks = [asyncio.create_task(worker(lock, h, d), name=n) for n, h, d in [('A', 0, 0), ('B', 1, 0), ('C', 2, 0), ('D', 0, 1)]]
          await asyncio.sleep(2)
          lock.release()
          for t in tasks: await t
      run(main())
    `);
    expect(outcome.output).toEqual(reference);
  });

  it('offers the waiters that joined at the same instant, FIFO first; a later one keeps its place', () => {
    const seen: string[] = [];
    const outcome = runSim(lockProgram, { strategy: lastWaiter(seen) });
    expect(outcome.ok).toBe(true);
    expect(namesOf(outcome.output)).toBe('CBAD');
    // D joined at t=1: never offered with A, B, C; alone, it is no choice.
    expect(seen).toEqual(['lock-waiter:A,B,C', 'lock-waiter:A,B']);
  });

  it('a waiter choice is recorded at the step that made it (the release), not the next one', () => {
    let releasedAt = -1;
    const recorder = new Recorder(lastWaiter([]), true);
    const outcome = runSim(function* (): Coroutine<void> {
      const lock = new Lock();
      yield* lock.acquire();
      const tasks = ['A', 'B'].map((name, hops) => createTask((function* () {
        for (let i = 0; i < hops; i++) yield* sleep(0);
        yield* lock.acquire();
        lock.release();
      })(), { name }));
      yield* sleep(1);
      releasedAt = getRunningLoop().kernel.steps; // the step running now
      lock.release();
      for (const t of tasks) yield* t;
    }, { strategy: recorder });
    expect(outcome.ok).toBe(true);
    const woke = recorder.decisions.filter((d) => d.kind === 'lock-waiter');
    expect(woke.map((d) => [d.step, d.chose, d.fifo, d.time])).toEqual([[releasedAt, 'B', 'A', 1]]);
  });

  it('Condition.notify(n) chooses only when fewer than the candidates are woken', () => {
    const seen: string[] = [];
    const outcome = runSim(function* (): Coroutine<void> {
      const cond = new Condition();
      function* waiter(hops: number): Coroutine<void> {
        for (let i = 0; i < hops; i++) yield* sleep(0);
        yield* cond.acquire();
        yield* cond.wait();
        log('woken');
        cond.release();
      }
      const tasks = ['A', 'B', 'C'].map((name, hops) => createTask(waiter(hops), { name }));
      yield* sleep(1);
      yield* cond.acquire();
      cond.notify(2); // two of three: a choice, then one among the two left
      cond.release();
      yield* sleep(1);
      yield* cond.acquire();
      cond.notifyAll(); // the last one: no choice
      cond.release();
      for (const t of tasks) yield* t;
    }, { strategy: lastWaiter(seen) });
    expect(outcome.ok).toBe(true);
    expect(namesOf(outcome.output)).toBe('CBA');
    expect(seen).toEqual(['condition-waiter:A,B,C', 'condition-waiter:A,B']);
  });

  it('Semaphore and Queue getters and putters are choices too', () => {
    const seen: string[] = [];
    const outcome = runSim(function* (): Coroutine<void> {
      const sem = new Semaphore(0);
      const queue = new Queue<number>(1);
      function* user(hops: number): Coroutine<void> {
        for (let i = 0; i < hops; i++) yield* sleep(0);
        yield* sem.acquire();
        log(`got ${yield* queue.get()}`);
      }
      function* producer(hops: number, item: number): Coroutine<void> {
        yield* sleep(0.5);
        for (let i = 0; i < hops; i++) yield* sleep(0);
        yield* queue.put(item);
      }
      const tasks = [createTask(user(0), { name: 'U1' }), createTask(user(1), { name: 'U2' })];
      // P1's item fills the queue; P2 and P3 wait to put, P2 first.
      const producers = [createTask(producer(0, 1), { name: 'P1' }), createTask(producer(1, 2), { name: 'P2' }), createTask(producer(2, 3), { name: 'P3' })];
      yield* sleep(1);
      sem.release(); // U2 (last) instead of U1
      sem.release();
      for (const t of [...tasks, ...producers]) yield* t;
      log(`left ${queue.qsize()}`);
    }, { strategy: lastWaiter(seen) });
    expect(outcome.ok).toBe(true);
    expect(seen).toEqual(['semaphore-waiter:U1,U2', 'queue-putter:P2,P3']);
    // U2 takes P1's item, which frees a slot for P3 (chosen over P2); U1 then takes P3's.
    expect(outcome.output.map((l) => l.replace(/^t=\S+ /, ''))).toEqual(['task=U2 got 1', 'task=U1 got 3', 'task=Task-1 left 1']);
  });
});

// ---- the guarantees, under every choice ----------------------------------------

interface Contender {
  /** Bare yields before asking (arrival iteration), and virtual delay before that (arrival instant). */
  readonly hops: number;
  readonly delay: number;
  /** Held for this long (0: one bare yield). */
  readonly hold: number;
  /** Cancelled at this virtual time, if set. */
  readonly cancelAt: number | null;
}

const contender: fc.Arbitrary<Contender> = fc.record({
  hops: fc.nat(2),
  delay: fc.constantFrom(0, 0, 1),
  hold: fc.constantFrom(0, 0, 1),
  cancelAt: fc.option(fc.constantFrom(0, 0.5, 1, 1.5, 2), { nil: null }),
});

const strategyFor = (kind: 'random' | 'pct', seed: number): Strategy => (kind === 'random' ? randomStrategy(seed) : pctStrategy(seed, { depth: 3, steps: 30 }));

/**
 * Contenders ask `acquire` after `delay` and `hops`, hold, release; some are
 * cancelled on the way. Returns the most holders at once and who never got
 * through without being cancelled (both must be as the primitive promises).
 */
function contend(makeAcquire: () => { acquire(): Coroutine<unknown>; release(): void }, contenders: readonly Contender[], strategy: Strategy): { most: number; stuck: string[]; error: unknown } {
  let holders = 0;
  let most = 0;
  const finished = new Set<string>();
  const outcome = runSim(function* (): Coroutine<void> {
    const primitive = makeAcquire();
    function* body(c: Contender, name: string): Coroutine<void> {
      if (c.delay > 0) yield* sleep(c.delay);
      for (let i = 0; i < c.hops; i++) yield* sleep(0);
      yield* primitive.acquire();
      holders++;
      most = Math.max(most, holders);
      try {
        yield* sleep(c.hold);
      } finally {
        holders--;
        primitive.release();
      }
      finished.add(name);
    }
    const tasks: Task<void>[] = contenders.map((c, i) => createTask(body(c, `c${i}`), { name: `c${i}` }));
    contenders.forEach((c, i) => {
      if (c.cancelAt !== null) createTask((function* () { yield* sleep(c.cancelAt!); tasks[i]!.cancel(); })());
    });
    for (const t of tasks) {
      try {
        yield* t;
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
      }
    }
  }, { strategy, maxSteps: 100_000 });
  const stuck = contenders.flatMap((c, i) => (c.cancelAt === null && !finished.has(`c${i}`) ? [`c${i}`] : []));
  return { most, stuck, error: outcome.ok ? undefined : outcome.error };
}

function mutualExclusion(makeLock: () => Lock, numRuns: number): void {
  fc.assert(
    fc.property(fc.constantFrom('random' as const, 'pct' as const), fc.nat(), fc.array(contender, { minLength: 2, maxLength: 6 }), (kind, seed, contenders) => {
      const { most, stuck, error } = contend(makeLock, contenders, strategyFor(kind, seed));
      expect(error).toBeUndefined();
      expect(most).toBeLessThanOrEqual(1);
      expect(stuck).toEqual([]);
    }),
    { numRuns },
  );
}

describe('waiter choices keep every guarantee', () => {
  it('Lock: mutual exclusion, and every waiter not cancelled gets it (random and pct, with cancellations)', () => {
    mutualExclusion(() => new Lock(), 400);
  });

  it('kills a Lock that forgets a waiter woken out of order (a second one is woken: two holders)', () => {
    const proto = Lock.prototype as unknown as { _wakeUpFirst(this: Lock): void };
    const original = proto._wakeUpFirst;
    // The mutant: CPython's check only (the head), not simloop's _woken guard.
    proto._wakeUpFirst = function (this: Lock) {
      const self = this as unknown as { _woken: unknown };
      const saved = self._woken;
      self._woken = null;
      try {
        original.call(this);
      } finally {
        self._woken ??= saved;
      }
    };
    try {
      let caught: unknown = null;
      try {
        mutualExclusion(() => new Lock(), 2000);
      } catch (error) {
        caught = error;
      }
      // Two tasks granted the lock: seen holding it together, or the second release finds it already released.
      expect(String((caught as Error | null)?.cause)).toMatch(/expected 2 to be less than or equal to 1|Lock is not acquired/);
    } finally {
      proto._wakeUpFirst = original;
    }
  });

  it('Semaphore(2): never more than two holders, nobody left waiting', () => {
    fc.assert(
      fc.property(fc.constantFrom('random' as const, 'pct' as const), fc.nat(), fc.array(contender, { minLength: 2, maxLength: 7 }), (kind, seed, contenders) => {
        const { most, stuck, error } = contend(() => new Semaphore(2), contenders, strategyFor(kind, seed));
        expect(error).toBeUndefined();
        expect(most).toBeLessThanOrEqual(2);
        expect(stuck).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('Queue(1): every item put is got exactly once, by getters arriving in any order', () => {
    fc.assert(
      fc.property(fc.constantFrom('random' as const, 'pct' as const), fc.nat(), fc.array(fc.nat(2), { minLength: 1, maxLength: 5 }), (kind, seed, hops) => {
        const got: number[] = [];
        const outcome = runSim(function* (): Coroutine<void> {
          const queue = new Queue<number>(1);
          const getters = hops.map((h, i) => createTask((function* () {
            for (let k = 0; k < h; k++) yield* sleep(0);
            got.push(yield* queue.get());
          })(), { name: `get${i}` }));
          const putters = hops.map((h, i) => createTask((function* () {
            for (let k = 0; k < 2 - h; k++) yield* sleep(0);
            yield* queue.put(i);
          })(), { name: `put${i}` }));
          for (const t of [...getters, ...putters]) yield* t;
        }, { strategy: strategyFor(kind, seed) });
        expect(outcome.ok).toBe(true);
        expect([...got].sort()).toEqual(hops.map((_, i) => i));
      }),
      { numRuns: 300 },
    );
  });

  it('Condition.notify(n) wakes exactly min(n, waiting) waiters', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(fc.nat(2), { minLength: 1, maxLength: 6 }), fc.nat(7), (seed, hops, n) => {
        let woken = 0;
        let firstRound = -1;
        const outcome = runSim(function* (): Coroutine<void> {
          const cond = new Condition();
          hops.forEach((h) => createTask((function* () {
            for (let k = 0; k < h; k++) yield* sleep(0);
            yield* cond.acquire();
            yield* cond.wait();
            woken++;
            cond.release();
          })()));
          yield* sleep(1);
          yield* cond.acquire();
          cond.notify(n);
          cond.release();
          yield* sleep(1);
          firstRound = woken;
          yield* cond.acquire();
          cond.notifyAll(); // let the rest go, so the run ends
          cond.release();
        }, { strategy: randomStrategy(seed) });
        expect(outcome.ok).toBe(true);
        expect(firstRound).toBe(Math.min(n, hops.length));
        expect(woken).toBe(hops.length);
      }),
      { numRuns: 200 },
    );
  });
});
