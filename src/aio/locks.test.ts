/**
 * Lock, Event, Condition, Semaphore, BoundedSemaphore and Barrier against
 * CPython 3.11.7: each program runs on simloop and on real asyncio with a
 * virtual clock (properties/reference/vloop.py), and the logged lines must be
 * identical — FIFO wakeups, no barging, cancellation before and after a
 * waiter is woken. Then the errors for bad input.
 */
import { outputLines as lines } from './fixtures/output-lines.js';
import { describe, expect, it } from 'vitest';
import { cpython, hasPython, dedent } from '../../properties/reference/cpython.js';
import {
  Barrier,
  BoundedSemaphore,
  Condition,
  Event,
  Lock,
  Semaphore,
  ValueError,
  createTask,
  log,
  runSim,
  sleep,
  type Coroutine,
  type Task,
} from './index.js';

/** CPython's lines for `program`, with `b(x)` (a bool as JavaScript prints it) and `name(e)` available. */
function python(program: string): string[] {
  return cpython(`
    def b(x): return str(x).lower()
    def name(e): return type(e).__name__
    ${dedent(program).replace(/\n/g, '\n    ')}
  `);
}

const errName = (e: unknown): string => (e as Error).name;

describe.skipIf(!hasPython)('Lock matches CPython', () => {
  it('waiters get the lock in FIFO order; a release hands it over with no barging', () => {
    function* worker(lock: Lock): Coroutine<void> {
      log('wants');
      yield* lock.acquire();
      try {
        log('has');
        yield* sleep(1);
        log('releases');
      } finally {
        lock.release();
      }
    }
    function* main(): Coroutine<void> {
      const lock = new Lock();
      log(`acquired ${yield* lock.acquire()}`);
      for (const n of ['A', 'B', 'C']) createTask(worker(lock), { name: n });
      yield* sleep(0);
      log(`locked ${lock.locked()} ${lock}`);
      lock.release();
      log(`after release locked ${lock.locked()}`);
      createTask(worker(lock), { name: 'D' }); // comes after A was woken: must queue, not barge
      yield* lock.acquire(); // main too
      log('main has it again');
      lock.release();
      yield* sleep(10);
      log(`end locked ${lock.locked()} ${lock}`);
    }
    expect(lines(main)).toEqual(
      python(`
        async def worker(lock):
            say('wants')
            async with lock:
                say('has')
                await asyncio.sleep(1)
                say('releases')
        def show(lock):
            extra = 'locked' if lock.locked() else 'unlocked'
            if lock._waiters: extra += f', waiters:{len(lock._waiters)}'
            return f'<Lock [{extra}]>'
        async def main():
            lock = asyncio.Lock()
            say(f'acquired {b(await lock.acquire())}')
            for n in 'ABC': asyncio.create_task(worker(lock), name=n)
            await asyncio.sleep(0)
            say(f'locked {b(lock.locked())} {show(lock)}')
            lock.release()
            say(f'after release locked {b(lock.locked())}')
            asyncio.create_task(worker(lock), name='D')
            await lock.acquire()
            say('main has it again')
            lock.release()
            await asyncio.sleep(10)
            say(f'end locked {b(lock.locked())} {show(lock)}')
        run(main())
      `),
    );
  });

  it('cancelling a waiter: while queued, and woken but not yet run (it passes the lock on)', () => {
    function* worker(lock: Lock): Coroutine<void> {
      try {
        yield* lock.acquire();
      } catch (e) {
        log(`acquire raised ${errName(e)}, locked ${lock.locked()}`);
        throw e;
      }
      try {
        log('has');
        yield* sleep(1);
      } finally {
        lock.release();
        log('released');
      }
    }
    function* main(): Coroutine<void> {
      const lock = new Lock();
      yield* lock.acquire();
      const t: Record<string, Task<void>> = {};
      for (const n of ['A', 'B', 'C', 'D', 'E']) t[n] = createTask(worker(lock), { name: n });
      yield* sleep(0);
      t['B']!.cancel(); // queued, never woken
      yield* sleep(0);
      log(`${lock}`);
      lock.release(); // wakes A
      t['A']!.cancel(); // woken, not yet run: A must pass the lock on to C
      yield* sleep(0.5);
      log(`${lock}`);
      yield* sleep(1);
      yield* sleep(1);
      log(`${lock}`);
    }
    expect(lines(main)).toEqual(
      python(`
        async def worker(lock):
            try:
                await lock.acquire()
            except BaseException as e:
                say(f'acquire raised {name(e)}, locked {b(lock.locked())}'); raise
            try:
                say('has')
                await asyncio.sleep(1)
            finally:
                lock.release()
                say('released')
        def show(lock):
            extra = 'locked' if lock.locked() else 'unlocked'
            if lock._waiters: extra += f', waiters:{len(lock._waiters)}'
            return f'<Lock [{extra}]>'
        async def main():
            lock = asyncio.Lock()
            await lock.acquire()
            t = {n: asyncio.create_task(worker(lock), name=n) for n in 'ABCDE'}
            await asyncio.sleep(0)
            t['B'].cancel()
            await asyncio.sleep(0)
            say(show(lock))
            lock.release()
            t['A'].cancel()
            await asyncio.sleep(0.5)
            say(show(lock))
            await asyncio.sleep(1)
            await asyncio.sleep(1)
            say(show(lock))
        run(main())
      `),
    );
  });

  it('the first waiter cancelled in the same tick as release: nobody is woken until it runs, then the next one is', () => {
    function* worker(lock: Lock): Coroutine<void> {
      try {
        yield* lock.acquire();
      } catch (e) {
        log(`raised ${errName(e)} locked ${lock.locked()}`);
        throw e;
      }
      log('has');
      lock.release();
    }
    function* main(): Coroutine<void> {
      const lock = new Lock();
      yield* lock.acquire();
      const a = createTask(worker(lock), { name: 'A' });
      createTask(worker(lock), { name: 'B' });
      yield* sleep(0);
      a.cancel(); // A's future is cancelled, so release() finds it done and wakes nobody
      lock.release();
      log(`locked ${lock.locked()}`);
      createTask(worker(lock), { name: 'C' }); // a newcomer while A's cancelled future is still queued
      yield* sleep(0);
      yield* sleep(0);
      yield* sleep(0);
      log(`end locked ${lock.locked()}`);
    }
    expect(lines(main)).toEqual(
      python(`
        async def worker(lock):
            try:
                await lock.acquire()
            except BaseException as e:
                say(f'raised {name(e)} locked {b(lock.locked())}'); raise
            say('has')
            lock.release()
        async def main():
            lock = asyncio.Lock()
            await lock.acquire()
            a = asyncio.create_task(worker(lock), name='A')
            asyncio.create_task(worker(lock), name='B')
            await asyncio.sleep(0)
            a.cancel()
            lock.release()
            say(f'locked {b(lock.locked())}')
            asyncio.create_task(worker(lock), name='C')
            await asyncio.sleep(0)
            await asyncio.sleep(0)
            await asyncio.sleep(0)
            say(f'end locked {b(lock.locked())}')
        run(main())
      `),
    );
  });
});

describe.skipIf(!hasPython)('Event matches CPython', () => {
  it('set() wakes every waiter in FIFO order and a clear() right after does not undo it; a waiter cancelled after set() still raises', () => {
    function* waiter(ev: Event): Coroutine<void> {
      log('waits');
      try {
        log(`woke ${yield* ev.wait()} isSet ${ev.isSet()}`);
      } catch (e) {
        log(`raised ${errName(e)}`);
      }
    }
    function* main(): Coroutine<void> {
      const ev = new Event();
      const t: Record<string, Task<void>> = {};
      for (const n of ['A', 'B', 'C', 'D']) t[n] = createTask(waiter(ev), { name: n });
      yield* sleep(1);
      t['B']!.cancel(); // cancelled while waiting
      yield* sleep(0);
      log(`${ev}`);
      ev.set();
      ev.clear();
      t['D']!.cancel(); // woken, then cancelled before it ran
      log(`set then clear: isSet ${ev.isSet()} ${ev}`);
      yield* sleep(1);
      createTask(waiter(ev), { name: 'E' });
      yield* sleep(1);
      ev.set();
      log(`wait on a set event: ${yield* ev.wait()}`);
      ev.set(); // already set: nothing to do
      yield* sleep(0);
      log(`${ev}`);
    }
    expect(lines(main)).toEqual(
      python(`
        async def waiter(ev):
            say('waits')
            try:
                say(f'woke {b(await ev.wait())} isSet {b(ev.is_set())}')
            except BaseException as e:
                say(f'raised {name(e)}')
        def show(ev):
            extra = 'set' if ev.is_set() else 'unset'
            if ev._waiters: extra += f', waiters:{len(ev._waiters)}'
            return f'<Event [{extra}]>'
        async def main():
            ev = asyncio.Event()
            t = {n: asyncio.create_task(waiter(ev), name=n) for n in 'ABCD'}
            await asyncio.sleep(1)
            t['B'].cancel()
            await asyncio.sleep(0)
            say(show(ev))
            ev.set()
            ev.clear()
            t['D'].cancel()
            say(f'set then clear: isSet {b(ev.is_set())} {show(ev)}')
            await asyncio.sleep(1)
            asyncio.create_task(waiter(ev), name='E')
            await asyncio.sleep(1)
            ev.set()
            say(f'wait on a set event: {b(await ev.wait())}')
            ev.set()
            await asyncio.sleep(0)
            say(show(ev))
        run(main())
      `),
    );
  });
});

describe.skipIf(!hasPython)('Condition matches CPython', () => {
  it('notify(n) wakes the first n waiters, notifyAll the rest; each returns once it re-acquires the lock, in FIFO order', () => {
    function* waiter(cond: Condition): Coroutine<void> {
      yield* cond.acquire();
      try {
        log('waits');
        const r = yield* cond.wait();
        log(`woke ${r} locked ${cond.locked()}`);
        yield* sleep(0);
      } finally {
        cond.release();
      }
    }
    function* main(): Coroutine<void> {
      const cond = new Condition();
      for (const n of ['A', 'B', 'C', 'D', 'E']) createTask(waiter(cond), { name: n });
      yield* sleep(0);
      log(`${cond}`);
      yield* cond.acquire();
      try {
        cond.notify(2);
        log(`notified 2: ${cond}`);
        yield* sleep(1); // the woken ones wait for the lock meanwhile
        log('releasing');
      } finally {
        cond.release();
      }
      yield* sleep(1);
      yield* cond.acquire();
      try {
        cond.notify(0);
        cond.notifyAll();
        log(`notified all: ${cond}`);
      } finally {
        cond.release();
      }
      yield* sleep(1);
      log(`${cond}`);
    }
    expect(lines(main)).toEqual(
      python(`
        async def waiter(cond):
            async with cond:
                say('waits')
                r = await cond.wait()
                say(f'woke {b(r)} locked {b(cond.locked())}')
                await asyncio.sleep(0)
        def show(c):
            extra = 'locked' if c.locked() else 'unlocked'
            if c._waiters: extra += f', waiters:{len(c._waiters)}'
            return f'<Condition [{extra}]>'
        async def main():
            cond = asyncio.Condition()
            for n in 'ABCDE': asyncio.create_task(waiter(cond), name=n)
            await asyncio.sleep(0)
            say(show(cond))
            async with cond:
                cond.notify(2)
                say(f'notified 2: {show(cond)}')
                await asyncio.sleep(1)
                say('releasing')
            await asyncio.sleep(1)
            async with cond:
                cond.notify(0)
                cond.notify_all()
                say(f'notified all: {show(cond)}')
            await asyncio.sleep(1)
            say(show(cond))
        run(main())
      `),
    );
  });

  it('waitFor re-checks the predicate after every wakeup and returns its value', () => {
    const state = { n: 0 };
    function* consumer(cond: Condition, need: number): Coroutine<void> {
      yield* cond.acquire();
      try {
        const r = yield* cond.waitFor(() => {
          log(`check ${state.n} >= ${need}`);
          return state.n >= need ? state.n : 0;
        });
        log(`got ${r}`);
      } finally {
        cond.release();
      }
    }
    function* main(): Coroutine<void> {
      const cond = new Condition(new Lock());
      createTask(consumer(cond, 2), { name: 'two' });
      createTask(consumer(cond, 1), { name: 'one' });
      createTask(consumer(cond, 0), { name: 'zero' });
      for (let i = 0; i < 3; i++) {
        yield* sleep(1);
        yield* cond.acquire();
        state.n += 1;
        log(`n=${state.n}`);
        cond.notifyAll();
        cond.release();
      }
    }
    expect(lines(main)).toEqual(
      python(`
        state = {'n': 0}
        async def consumer(cond, need):
            def pred():
                say(f"check {state['n']} >= {need}")
                return state['n'] if state['n'] >= need else 0
            async with cond:
                r = await cond.wait_for(pred)
                say(f'got {r}')
        async def main():
            cond = asyncio.Condition(asyncio.Lock())
            asyncio.create_task(consumer(cond, 2), name='two')
            asyncio.create_task(consumer(cond, 1), name='one')
            asyncio.create_task(consumer(cond, 0), name='zero')
            for i in range(3):
                await asyncio.sleep(1)
                await cond.acquire()
                state['n'] += 1
                say(f"n={state['n']}")
                cond.notify_all()
                cond.release()
        run(main())
      `),
    );
  });

  it('a cancelled wait re-acquires the lock before raising: cancelled while waiting, after notify, and while re-acquiring', () => {
    function* waiter(cond: Condition): Coroutine<void> {
      yield* cond.acquire();
      try {
        log('waits');
        yield* cond.wait();
        log('woke');
      } catch (e) {
        log(`wait raised ${errName(e)}, locked ${cond.locked()}`);
      } finally {
        cond.release();
        log('released');
      }
    }
    function* main(): Coroutine<void> {
      const cond = new Condition();
      const t: Record<string, Task<void>> = {};
      for (const n of ['A', 'B', 'C', 'D']) t[n] = createTask(waiter(cond), { name: n });
      yield* sleep(1);
      t['A']!.cancel(); // cancelled while waiting; the lock is free
      yield* sleep(1);
      yield* cond.acquire();
      cond.notify(2); // wakes B and C
      t['B']!.cancel(); // woken, not yet run; the lock is held
      log(`${cond}`);
      yield* sleep(1); // B and C now wait for the lock
      t['C']!.cancel(); // cancelled while re-acquiring: it keeps trying
      yield* sleep(1);
      log(`releasing ${cond}`);
      cond.release();
      yield* sleep(1);
      yield* cond.acquire();
      cond.notify();
      cond.release();
      yield* sleep(1);
      log(`${cond}`);
    }
    expect(lines(main)).toEqual(
      python(`
        async def waiter(cond):
            await cond.acquire()
            try:
                say('waits')
                await cond.wait()
                say('woke')
            except BaseException as e:
                say(f'wait raised {name(e)}, locked {b(cond.locked())}')
            finally:
                cond.release()
                say('released')
        def show(c):
            extra = 'locked' if c.locked() else 'unlocked'
            if c._waiters: extra += f', waiters:{len(c._waiters)}'
            return f'<Condition [{extra}]>'
        async def main():
            cond = asyncio.Condition()
            t = {n: asyncio.create_task(waiter(cond), name=n) for n in 'ABCD'}
            await asyncio.sleep(1)
            t['A'].cancel()
            await asyncio.sleep(1)
            await cond.acquire()
            cond.notify(2)
            t['B'].cancel()
            say(show(cond))
            await asyncio.sleep(1)
            t['C'].cancel()
            await asyncio.sleep(1)
            say(f'releasing {show(cond)}')
            cond.release()
            await asyncio.sleep(1)
            await cond.acquire()
            cond.notify()
            cond.release()
            await asyncio.sleep(1)
            say(show(cond))
        run(main())
      `),
    );
  });
});

describe.skipIf(!hasPython)('Semaphore matches CPython', () => {
  it('value 2, five workers: two at a time, the rest in FIFO order; locked() while waiters queue', () => {
    function* worker(sem: Semaphore, d: number): Coroutine<void> {
      yield* sem.acquire();
      try {
        log(`in ${sem}`);
        yield* sleep(d);
      } finally {
        sem.release();
        log('out');
      }
    }
    function* main(): Coroutine<void> {
      const sem = new Semaphore(2);
      log(`${sem} locked ${sem.locked()}`);
      const ds: Record<string, number> = { A: 3, B: 1, C: 1, D: 2, E: 1 };
      for (const n of Object.keys(ds)) createTask(worker(sem, ds[n]!), { name: n });
      yield* sleep(0);
      log(`${sem} locked ${sem.locked()}`);
      yield* sleep(10);
      log(`${sem} locked ${sem.locked()}`);
    }
    expect(lines(main)).toEqual(
      python(`
        def show(s):
            extra = 'locked' if s.locked() else f'unlocked, value:{s._value}'
            if s._waiters: extra += f', waiters:{len(s._waiters)}'
            return f'<Semaphore [{extra}]>'
        async def worker(sem, d):
            async with sem:
                say(f'in {show(sem)}')
                await asyncio.sleep(d)
            say('out')
        async def main():
            sem = asyncio.Semaphore(2)
            say(f'{show(sem)} locked {b(sem.locked())}')
            ds = {'A': 3, 'B': 1, 'C': 1, 'D': 2, 'E': 1}
            for n, d in ds.items(): asyncio.create_task(worker(sem, d), name=n)
            await asyncio.sleep(0)
            say(f'{show(sem)} locked {b(sem.locked())}')
            await asyncio.sleep(10)
            say(f'{show(sem)} locked {b(sem.locked())}')
        run(main())
      `),
    );
  });

  it('cancellation: a queued waiter, a woken waiter that gives its count back, several releases in one tick', () => {
    function* worker(sem: Semaphore): Coroutine<void> {
      try {
        yield* sem.acquire();
      } catch (e) {
        log(`raised ${errName(e)} ${sem}`);
        throw e;
      }
      log(`in ${sem}`);
      yield* sleep(1);
      sem.release();
    }
    function* main(): Coroutine<void> {
      const sem = new Semaphore(0);
      const t: Record<string, Task<void>> = {};
      for (const n of ['A', 'B', 'C', 'D', 'E', 'F']) t[n] = createTask(worker(sem), { name: n });
      yield* sleep(0);
      t['B']!.cancel(); // queued
      yield* sleep(0);
      sem.release(); // wakes A, taking the count for it
      t['A']!.cancel(); // woken, not run: gives the count back and wakes C
      log(`${sem}`);
      yield* sleep(0.5);
      sem.release();
      sem.release(); // D and E
      t['E']!.cancel();
      t['F']!.cancel();
      yield* sleep(5);
      log(`${sem}`);
    }
    expect(lines(main)).toEqual(
      python(`
        def show(s):
            extra = 'locked' if s.locked() else f'unlocked, value:{s._value}'
            if s._waiters: extra += f', waiters:{len(s._waiters)}'
            return f'<Semaphore [{extra}]>'
        async def worker(sem):
            try:
                await sem.acquire()
            except BaseException as e:
                say(f'raised {name(e)} {show(sem)}'); raise
            say(f'in {show(sem)}')
            await asyncio.sleep(1)
            sem.release()
        async def main():
            sem = asyncio.Semaphore(0)
            t = {n: asyncio.create_task(worker(sem), name=n) for n in 'ABCDEF'}
            await asyncio.sleep(0)
            t['B'].cancel()
            await asyncio.sleep(0)
            sem.release()
            t['A'].cancel()
            say(show(sem))
            await asyncio.sleep(0.5)
            sem.release()
            sem.release()
            t['E'].cancel()
            t['F'].cancel()
            await asyncio.sleep(5)
            say(show(sem))
        run(main())
      `),
    );
  });

  it('no barging: a newcomer queues behind a woken waiter even when the count is above 0, and is woken by it', () => {
    function* worker(sem: Semaphore): Coroutine<void> {
      log(`wants ${sem}`);
      yield* sem.acquire();
      log(`in ${sem}`);
    }
    function* main(): Coroutine<void> {
      const sem = new Semaphore(0);
      createTask(worker(sem), { name: 'A' });
      yield* sleep(0);
      createTask(worker(sem), { name: 'B' }); // B and C start before A resumes: they must queue behind it; A wakes B
      createTask(worker(sem), { name: 'C' });
      sem.release(); // wakes A, taking the count for it
      sem.release(); // nobody left to wake: the count stays 1
      log(`${sem} locked ${sem.locked()}`);
      yield* sleep(1);
      log(`${sem}`);
    }
    expect(lines(main)).toEqual(
      python(`
        def show(s):
            extra = 'locked' if s.locked() else f'unlocked, value:{s._value}'
            if s._waiters: extra += f', waiters:{len(s._waiters)}'
            return f'<Semaphore [{extra}]>'
        async def worker(sem):
            say(f'wants {show(sem)}')
            await sem.acquire()
            say(f'in {show(sem)}')
        async def main():
            sem = asyncio.Semaphore(0)
            asyncio.create_task(worker(sem), name='A')
            await asyncio.sleep(0)
            asyncio.create_task(worker(sem), name='B')
            asyncio.create_task(worker(sem), name='C')
            sem.release()
            sem.release()
            say(f'{show(sem)} locked {b(sem.locked())}')
            await asyncio.sleep(1)
            say(show(sem))
        run(main())
      `),
    );
  });

  it('BoundedSemaphore: release past the initial value raises ValueError and changes nothing', () => {
    function* main(): Coroutine<void> {
      const sem = new BoundedSemaphore(2);
      yield* sem.acquire();
      sem.release();
      try {
        sem.release();
      } catch (e) {
        log(`raised ${errName(e)} locked ${sem.locked()}`);
      }
      yield* sem.acquire();
      yield* sem.acquire();
      log(`locked ${sem.locked()}`);
    }
    expect(lines(main)).toEqual(
      python(`
        async def main():
            sem = asyncio.BoundedSemaphore(2)
            await sem.acquire()
            sem.release()
            try:
                sem.release()
            except ValueError as e:
                say(f'raised {name(e)} locked {b(sem.locked())}')
            await sem.acquire()
            await sem.acquire()
            say(f'locked {b(sem.locked())}')
        run(main())
      `),
    );
  });
});

describe.skipIf(!hasPython)('Barrier matches CPython', () => {
  it('releases all parties together with their arrival index; abort and reset break the waiters', () => {
    function* party(barrier: Barrier, d: number): Coroutine<void> {
      yield* sleep(d);
      log(`arrives, waiting ${barrier.nWaiting}`);
      try {
        log(`index ${yield* barrier.wait()}`);
      } catch (e) {
        log(`raised ${errName(e)} ${barrier}`);
      }
    }
    function* main(): Coroutine<void> {
      const barrier = new Barrier(3);
      for (const [n, d] of [['A', 2], ['B', 1], ['C', 3], ['D', 4], ['E', 4]] as const) createTask(party(barrier, d), { name: n });
      yield* sleep(3.5);
      log(`${barrier}`);
      yield* sleep(1);
      log(`${barrier}`);
      yield* barrier.reset();
      yield* sleep(1);
      log(`${barrier}`);
      createTask(party(barrier, 0), { name: 'F' });
      yield* sleep(1);
      yield* barrier.abort();
      yield* sleep(1);
      createTask(party(barrier, 0), { name: 'G' });
      yield* sleep(1);
      log(`${barrier} broken ${barrier.broken} parties ${barrier.parties}`);
    }
    expect(lines(main)).toEqual(
      python(`
        def show(br):
            extra = br._state.value
            if not br.broken: extra += f', waiters:{br.n_waiting}/{br.parties}'
            return f'<Barrier [{extra}]>'
        async def party(barrier, d):
            await asyncio.sleep(d)
            say(f'arrives, waiting {barrier.n_waiting}')
            try:
                say(f'index {await barrier.wait()}')
            except BaseException as e:
                say(f'raised {name(e)} {show(barrier)}')
        async def main():
            barrier = asyncio.Barrier(3)
            for n, d in [('A', 2), ('B', 1), ('C', 3), ('D', 4), ('E', 4)]: asyncio.create_task(party(barrier, d), name=n)
            await asyncio.sleep(3.5)
            say(show(barrier))
            await asyncio.sleep(1)
            say(show(barrier))
            await barrier.reset()
            await asyncio.sleep(1)
            say(show(barrier))
            asyncio.create_task(party(barrier, 0), name='F')
            await asyncio.sleep(1)
            await barrier.abort()
            await asyncio.sleep(1)
            asyncio.create_task(party(barrier, 0), name='G')
            await asyncio.sleep(1)
            say(f'{show(barrier)} broken {b(barrier.broken)} parties {barrier.parties}')
        run(main())
      `),
    );
  });
});

describe('errors for bad input', () => {
  it('Lock: release() of an unlocked lock, use from a second loop', () => {
    const lock = new Lock();
    expect(() => lock.release()).toThrowErrorMatchingInlineSnapshot(`[RuntimeError: Lock is not acquired: release() called on <Lock [unlocked]>]`);
    const first = runSim(function* () {
      yield* lock.acquire();
      createTask(lock.acquire(), { name: 'second' }); // waits: binds the lock to this loop
      yield* sleep(0);
      lock.release();
      yield* sleep(0);
      lock.release();
    });
    expect(first.ok).toBe(true);
    const second = runSim(function* () {
      yield* lock.acquire(); // free: no loop needed
      yield* lock.acquire(); // must wait: the loop is checked
    });
    expect(second.error).toMatchInlineSnapshot(`[RuntimeError: <Lock [locked]> is bound to a different event loop]`);
  });

  it('Semaphore and BoundedSemaphore: bad initial values, over-release', () => {
    expect(() => new Semaphore(-1)).toThrowErrorMatchingInlineSnapshot(`[ValueError: Semaphore initial value must be >= 0, got -1]`);
    expect(() => new BoundedSemaphore(-3)).toThrowErrorMatchingInlineSnapshot(`[ValueError: BoundedSemaphore initial value must be >= 0, got -3]`);
    expect(() => new Semaphore('2' as never)).toThrowErrorMatchingInlineSnapshot(`[TypeError: Semaphore expected an initial value (an integer >= 0), got string "2"]`);
    expect(() => new Semaphore(1.5)).toThrowErrorMatchingInlineSnapshot(`[TypeError: Semaphore expected an integer initial value, got 1.5]`);
    expect(new Semaphore(Infinity).locked()).toBe(false);
    const sem = new BoundedSemaphore(1);
    expect(() => sem.release()).toThrowErrorMatchingInlineSnapshot(`[ValueError: BoundedSemaphore released too many times: its value is already 1, the initial value]`);
    expect(() => sem.release()).toThrow(ValueError);
  });

  it('Condition: wait and notify without the lock, a non-lock, a non-function predicate', () => {
    const cond = new Condition();
    expect(() => cond.notify()).toThrowErrorMatchingInlineSnapshot(`[RuntimeError: cannot notify on un-acquired lock: acquire <Condition [unlocked]> first (yield* cond.acquire())]`);
    expect(() => cond.wait().next()).toThrowErrorMatchingInlineSnapshot(`[RuntimeError: cannot wait on un-acquired lock: acquire <Condition [unlocked]> first (yield* cond.acquire())]`);
    expect(() => new Condition({} as never)).toThrowErrorMatchingInlineSnapshot(`[TypeError: Condition expected a Lock (an object with locked(), acquire() and release()), got object {}]`);
    expect(() => cond.waitFor(true as never).next()).toThrowErrorMatchingInlineSnapshot(`[TypeError: waitFor expected a predicate function, got boolean true]`);
  });

  it('Barrier and Event', () => {
    expect(() => new Barrier(0)).toThrowErrorMatchingInlineSnapshot(`[ValueError: parties must be > 0, got 0]`);
    const outside = new Event();
    expect(() => outside.wait().next()).toThrowErrorMatchingInlineSnapshot(`[RuntimeError: no running event loop]`);
    outside.set();
    expect(outside.wait().next()).toEqual({ done: true, value: true }); // set: no loop needed
  });
});
