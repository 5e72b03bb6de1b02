/**
 * shield against CPython 3.11: each program runs on simloop and on CPython's
 * asyncio with a virtual clock (properties/reference/vloop.py); the logged
 * lines must be identical.
 */
import { outputLines as lines } from './fixtures/output-lines.js';
import { describe, expect, it } from 'vitest';
import { cpython, hasPython } from '../../properties/reference/cpython.js';
import { CancelledError, Task, TimeoutError, createTask, getRunningLoop, log, newEventLoop, runSim, shield, sleep, waitFor, type Coroutine, type TaskFactory } from './index.js';

describe.skipIf(!hasPython)('shield matches CPython 3.11', () => {
  it('the shielded task survives the cancel of its awaiter, and its result is still there', () => {
    function* precious(): Coroutine<string> {
      log('precious starts');
      yield* sleep(2);
      log('precious done');
      return 'saved';
    }
    function* awaiter(inner: Task<string>): Coroutine<void> {
      try {
        const r = yield* shield(inner);
        log('awaiter got', r);
      } catch (e) {
        log('awaiter', (e as Error).name);
        throw e;
      }
    }
    function* main(): Coroutine<void> {
      const inner = createTask(precious(), { name: 'P' });
      const w = createTask(awaiter(inner), { name: 'W' });
      yield* sleep(1);
      w.cancel();
      yield* sleep(0);
      log('W cancelled', w.cancelled(), 'P done', inner.done());
      log('main got', yield* inner);
      const coroShielded = shield(precious());
      yield* sleep(0.5);
      coroShielded.cancel();
      log('outer cancelled', coroShielded.cancelled());
      yield* sleep(2);
      log('timers', getRunningLoop().timerCount);
    }
    expect(lines(main)).toEqual(
      cpython(`
        async def precious():
            say('precious starts')
            await asyncio.sleep(2)
            say('precious done')
            return 'saved'
        async def awaiter(inner):
            try:
                r = await asyncio.shield(inner)
                say('awaiter got', r)
            except asyncio.CancelledError:
                say('awaiter', 'CancelledError'); raise
        def b(x): return 'true' if x else 'false'
        async def main():
            inner = asyncio.create_task(precious(), name='P')
            w = asyncio.create_task(awaiter(inner), name='W')
            await asyncio.sleep(1)
            w.cancel()
            await asyncio.sleep(0)
            say('W cancelled', b(w.cancelled()), 'P done', b(inner.done()))
            say('main got', await inner)
            coro_shielded = asyncio.shield(precious())
            await asyncio.sleep(0.5)
            coro_shielded.cancel()
            say('outer cancelled', b(coro_shielded.cancelled()))
            await asyncio.sleep(2)
            say('timers', len(asyncio.get_running_loop()._scheduled))
        run(main())
      `),
    );
  });

  it('waitFor(shield(x)) times out while x runs on; an inner error or cancel reaches the awaiter; a done task comes back as is', () => {
    function* work(name: string, d: number, fail: boolean): Coroutine<string> {
      yield* sleep(d);
      if (fail) throw new RangeError(name);
      log(`${name} done`);
      return name;
    }
    function* main(): Coroutine<void> {
      const x = createTask(work('x', 3, false), { name: 'X' });
      try {
        yield* waitFor(shield(x), 1);
      } catch (e) {
        log((e as Error).name, 'x cancelled', x.cancelled());
      }
      log('x result', yield* x);
      log('same task back', shield(x) === x);
      try {
        yield* shield(work('y', 1, true));
      } catch (e) {
        log('error', (e as Error).name, (e as Error).message);
      }
      const z = createTask(work('z', 5, false), { name: 'Z' });
      const sz = shield(z);
      yield* sleep(0.5);
      z.cancel();
      try {
        yield* sz;
      } catch (e) {
        log('shielded cancel', e instanceof CancelledError, sz.cancelled());
      }
    }
    expect(lines(main)).toEqual(
      cpython(`
        async def work(name, d, fail):
            await asyncio.sleep(d)
            if fail: raise ValueError(name)
            say(f'{name} done')
            return name
        def b(x): return 'true' if x else 'false'
        async def main():
            x = asyncio.create_task(work('x', 3, False), name='X')
            try:
                await asyncio.wait_for(asyncio.shield(x), 1)
            except TimeoutError as e:
                say('TimeoutError', 'x cancelled', b(x.cancelled()))
            say('x result', await x)
            say('same task back', b(asyncio.shield(x) is x))
            try:
                await asyncio.shield(work('y', 1, True))
            except ValueError as e:
                say('error', 'RangeError', str(e))
            z = asyncio.create_task(work('z', 5, False), name='Z')
            sz = asyncio.shield(z)
            await asyncio.sleep(0.5)
            z.cancel()
            try:
                await sz
            except asyncio.CancelledError as e:
                say('shielded cancel', 'true', b(sz.cancelled()))
        run(main())
      `),
    );
  });
});

describe('shield: simloop specifics', () => {
  it('a coroutine becomes a task through loop.createTask (a task factory sees it)', () => {
    const loop = newEventLoop();
    const seen: string[] = [];
    const factory: TaskFactory = (l, coro, options) => {
      const task = new Task(coro, { loop: l, ...options });
      seen.push(task.getName());
      return task;
    };
    loop.setTaskFactory(factory);
    function* main(): Coroutine<string | undefined> {
      return yield* shield(sleep(1, 'ok'));
    }
    expect(loop.runUntilComplete(main())).toBe('ok');
    expect(seen).toEqual(['Task-1', 'Task-2']);
  });

  it('bad input: names the value', () => {
    expect(() => shield(undefined as unknown as Coroutine<void>)).toThrowErrorMatchingInlineSnapshot(`[TypeError: shield expected a Future, a Task or a coroutine (a generator object), got undefined]`);
    expect(() => shield((() => 1) as unknown as Coroutine<void>)).toThrowErrorMatchingInlineSnapshot(`[TypeError: shield expected a Future, a Task or a coroutine (a generator object), got function (anonymous) — did you forget to call it? shield(work()), not shield(work)]`);
    expect(() => shield(Promise.resolve(1) as unknown as Coroutine<void>)).toThrowErrorMatchingInlineSnapshot(`[TypeError: shield expected a Future, a Task or a coroutine (a generator object), got Promise {} — a native Promise, which this loop does not own and cannot wait on in virtual time]`);
  });

  it('a TimeoutError from waitFor(shield(...)) leaves the inner task to finish', () => {
    function* main(): Coroutine<string> {
      const t = createTask(
        (function* (): Coroutine<string> {
          yield* sleep(2);
          return 'late';
        })(),
      );
      try {
        yield* waitFor(shield(t), 1);
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
      }
      return yield* t;
    }
    expect(runSim(main).result).toBe('late');
  });
});
