/**
 * asyncio.sleep(d > 0) event for event. simloop keeps sleep's private future
 * as a state of the task and targets its timer at the task's own entry (no
 * Future, Handle or closure per sleep); these programs pin what that must
 * not change, against CPython 3.11 on the virtual clock (vloop.py): when the
 * wakeup runs, what a cancel does at each point of a sleep (before the timer
 * fires, after it fired but before the wakeup, in the very step that starts
 * the sleep, twice), the cancel message, the sleep's result, and the timer
 * staying in the heap (counted in `timerCount`, CPython's `len(_scheduled)`)
 * until it surfaces. Then what only simloop has: who owns the timer, what a
 * deadlock report says a sleeping task waits on.
 */
import { outputLines as lines } from './fixtures/output-lines.js';
import { describe, expect, it } from 'vitest';
import { cpython, hasPython } from '../../properties/reference/cpython.js';
import type { Choice, Strategy } from '../kernel/index.js';
import { CancelledError, createTask, currentTask, DeadlockError, getRunningLoop, log, runSim, sleep, type Coroutine, type Task } from './index.js';

/** CPython's `len(loop._scheduled)`: timers in the heap, cancelled ones included. */
const timers = (): number => getRunningLoop().timerCount;

const PY_TIMERS = `
def timers():
    return len(asyncio.get_running_loop()._scheduled)
def msg(e):
    return e.args[0] if e.args else '-'
`;

const message = (error: unknown): string => (error instanceof CancelledError && error.message !== '' ? error.message : '-');

describe.skipIf(!hasPython)('asyncio.sleep matches CPython', () => {
  it('a cancelled sleep wakes its task one iteration later; its timer stays in the heap until it surfaces', () => {
    function* sleeper(): Coroutine<void> {
      try {
        yield* sleep(5);
      } catch (error) {
        log('sleeper cancelled', message(error), timers());
        throw error;
      }
    }
    function* ticker(): Coroutine<void> {
      for (let i = 0; i < 4; i++) {
        log('tick', i, timers());
        yield* sleep(0);
      }
    }
    function* main(): Coroutine<void> {
      const s = createTask(sleeper(), { name: 'S' });
      createTask(ticker(), { name: 'T' });
      yield* sleep(0);
      log('cancel', s.cancel('stop'), timers());
      log('cancel again', s.cancel('again'), timers());
      try {
        yield* s;
      } catch {
        log('main sees cancelled', s.cancelled(), timers());
      }
      yield* sleep(1);
      log('after 1', timers());
      yield* sleep(5);
      log('after 6', timers());
    }
    expect(lines(main)).toEqual(
      cpython(`
        ${PY_TIMERS.trim().split('\n').join('\n        ')}
        async def sleeper():
            try:
                await asyncio.sleep(5)
            except asyncio.CancelledError as e:
                say('sleeper cancelled', msg(e), timers())
                raise
        async def ticker():
            for i in range(4):
                say('tick', i, timers())
                await asyncio.sleep(0)
        async def main():
            s = asyncio.create_task(sleeper(), name='S')
            asyncio.create_task(ticker(), name='T')
            await asyncio.sleep(0)
            say('cancel', str(s.cancel('stop')).lower(), timers())
            say('cancel again', str(s.cancel('again')).lower(), timers())
            try:
                await s
            except asyncio.CancelledError:
                say('main sees cancelled', str(s.cancelled()).lower(), timers())
            await asyncio.sleep(1)
            say('after 1', timers())
            await asyncio.sleep(5)
            say('after 6', timers())
        run(main())
      `),
    );
  });

  it('a cancel after the timer fired but before the wakeup ran throws CancelledError instead of the result', () => {
    const tasks = new Map<string, Task<unknown>>();
    function* sleeper(name: string, result: string): Coroutine<void> {
      try {
        const got = yield* sleep(1, result);
        log(name, 'woke with', got);
      } catch (error) {
        log(name, 'cancelled', message(error));
      }
    }
    function* canceller(): Coroutine<void> {
      yield* sleep(1);
      log('cancel B', tasks.get('B')!.cancel('late'), timers());
    }
    function* main(): Coroutine<void> {
      createTask(canceller(), { name: 'A' });
      for (const n of ['B', 'C']) tasks.set(n, createTask(sleeper(n, `${n.toLowerCase()}-result`), { name: n }));
      yield* sleep(2);
      log('end', timers());
    }
    expect(lines(main)).toEqual(
      cpython(`
        ${PY_TIMERS.trim().split('\n').join('\n        ')}
        tasks = {}
        async def sleeper(name, result):
            try:
                got = await asyncio.sleep(1, result)
                say(name, 'woke with', got)
            except asyncio.CancelledError as e:
                say(name, 'cancelled', msg(e))
        async def canceller():
            await asyncio.sleep(1)
            say('cancel B', str(tasks['B'].cancel('late')).lower(), timers())
        async def main():
            asyncio.create_task(canceller(), name='A')
            for n in 'BC':
                tasks[n] = asyncio.create_task(sleeper(n, n.lower() + '-result'), name=n)
            await asyncio.sleep(2)
            say('end', timers())
        run(main())
      `),
    );
  });

  it('a task cancelled in the step that starts a sleep: the sleep is cancelled at once, its timer left in the heap', () => {
    function* selfish(): Coroutine<void> {
      currentTask()!.cancel('self');
      log('cancel requested', timers());
      try {
        yield* sleep(3);
        log('slept');
      } catch (error) {
        log('cancelled at once', message(error), timers());
      }
      yield* sleep(0, 'x');
      log('after', timers());
      log('result of sleep(0, x):', yield* sleep(0, 'x'), 'and of sleep(0.5, y):', yield* sleep(0.5, 'y'));
    }
    function* other(): Coroutine<void> {
      for (let i = 0; i < 3; i++) {
        log('other', i, timers());
        yield* sleep(0);
      }
    }
    function* main(): Coroutine<void> {
      createTask(selfish(), { name: 'S' });
      createTask(other(), { name: 'O' });
      yield* sleep(4);
      log('end', timers());
    }
    expect(lines(main)).toEqual(
      cpython(`
        ${PY_TIMERS.trim().split('\n').join('\n        ')}
        async def selfish():
            asyncio.current_task().cancel('self')
            say('cancel requested', timers())
            try:
                await asyncio.sleep(3)
                say('slept')
            except asyncio.CancelledError as e:
                say('cancelled at once', msg(e), timers())
            await asyncio.sleep(0, 'x')
            say('after', timers())
            say('result of sleep(0, x):', await asyncio.sleep(0, 'x'), 'and of sleep(0.5, y):', await asyncio.sleep(0.5, 'y'))
        async def other():
            for i in range(3):
                say('other', i, timers())
                await asyncio.sleep(0)
        async def main():
            asyncio.create_task(selfish(), name='S')
            asyncio.create_task(other(), name='O')
            await asyncio.sleep(4)
            say('end', timers())
        run(main())
      `),
    );
  });

  it('a task that swallows the cancel of its sleep sleeps again; more than half of >100 timers cancelled rebuilds the heap', () => {
    function* stubborn(name: string, d: number): Coroutine<void> {
      for (let round = 0; round < 2; round++) {
        try {
          yield* sleep(d);
          log(name, 'slept', round);
        } catch {
          log(name, 'swallowed', round, timers());
        }
      }
    }
    function* main(): Coroutine<void> {
      const tasks: Task<void>[] = [];
      for (let i = 0; i < 120; i++) tasks.push(createTask(stubborn(`w${i}`, 1 + (i % 7)), { name: `w${i}` }));
      yield* sleep(0);
      for (let i = 0; i < 120; i += 2) tasks[i]!.cancel();
      yield* sleep(0);
      log('after cancels', timers());
      yield* sleep(0);
      log('next iteration', timers());
      yield* sleep(10);
      log('end', timers());
    }
    expect(lines(main)).toEqual(
      cpython(`
        ${PY_TIMERS.trim().split('\n').join('\n        ')}
        async def stubborn(name, d):
            for rnd in range(2):
                try:
                    await asyncio.sleep(d)
                    say(name, 'slept', rnd)
                except asyncio.CancelledError:
                    say(name, 'swallowed', rnd, timers())
        async def main():
            tasks = [asyncio.create_task(stubborn(f'w{i}', 1 + i % 7), name=f'w{i}') for i in range(120)]
            await asyncio.sleep(0)
            for i in range(0, 120, 2):
                tasks[i].cancel()
            await asyncio.sleep(0)
            say('after cancels', timers())
            await asyncio.sleep(0)
            say('next iteration', timers())
            await asyncio.sleep(10)
            say('end', timers())
        run(main())
      `),
    );
  });
});

describe('what only simloop reports about a sleep', () => {
  it("a sleep timer belongs to the sleeping task: strategies see its owner (it used to be anonymous)", () => {
    // Records, at every ready choice, which owner each candidate has.
    const seen: string[][] = [];
    const recorder: Strategy = {
      name: 'recorder',
      choose(choice: Choice): number {
        seen.push(Array.from({ length: choice.count }, (_, i) => choice.owner(i)?.name ?? '-'));
        return 0;
      },
    };
    function* sleeper(): Coroutine<void> {
      yield* sleep(1);
    }
    const outcome = runSim(
      function* main(): Coroutine<void> {
        createTask(sleeper(), { name: 'A' });
        createTask(sleeper(), { name: 'B' });
        yield* sleep(2);
      },
      { strategy: recorder },
    );
    expect(outcome.ok).toBe(true);
    // t=0: main's first step is alone; then A, B, main; at t=1 the two timers, then the two wakeups.
    expect(seen).toContainEqual(['A', 'B']);
    expect(seen.flat()).not.toContain('-');
  });

  it('a deadlock report names the sleep a task is parked in', () => {
    function* forever(): Coroutine<void> {
      yield* sleep(Infinity);
    }
    const outcome = runSim(function* main(): Coroutine<void> {
      const t = createTask(forever(), { name: 'parked' });
      yield* sleep(0);
      expect(t.waitingOn?.label).toBe('sleep(Infinity)');
      yield* t;
    });
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toBeInstanceOf(DeadlockError);
    expect(String((outcome.error as Error).message)).toContain('parked');
    expect(String((outcome.error as Error).message)).toContain('sleep(Infinity)');
  });

});

describe.skipIf(!hasPython)('default task names (made when read) match CPython', () => {
  it('count unnamed tasks only, in creation order; create_task(name=...) uses up a number; set_name renames', () => {
    function* nothing(): Coroutine<void> {}
    function* main(): Coroutine<void> {
      const a = createTask(nothing());
      const b = createTask(nothing(), { name: 'named' });
      const c = createTask(nothing());
      c.setName(`renamed-${c.name}`);
      const d = getRunningLoop().createTask(nothing());
      log(currentTask()!.name, a.name, b.name, c.name, d.getName());
      yield* sleep(0);
    }
    expect(lines(main)).toEqual(
      cpython(`
        async def nothing(): pass
        async def main():
            a = asyncio.create_task(nothing())
            b = asyncio.create_task(nothing(), name='named')
            c = asyncio.create_task(nothing())
            c.set_name('renamed-' + c.get_name())
            d = asyncio.get_running_loop().create_task(nothing())
            say(asyncio.current_task().get_name(), a.get_name(), b.get_name(), c.get_name(), d.get_name())
            await asyncio.sleep(0)
        run(main())
      `),
    );
  });
});
