/**
 * waitFor against CPython 3.11's wait_for (the waiter-based one): each
 * program runs on simloop and on CPython's asyncio with a virtual clock
 * (properties/reference/vloop.py); the logged lines must be identical.
 */
import { outputLines as lines } from './fixtures/output-lines.js';
import { describe, expect, it } from 'vitest';
import { cpython, hasPython, dedent } from '../../properties/reference/cpython.js';
import { CancelledError, Task, TimeoutError, createTask, getRunningLoop, log, newEventLoop, sleep, waitFor, type Coroutine, type TaskFactory } from './index.js';

/** CPython's lines for `program`, after `prelude` (both dedented on their own). */
function reference(program: string, prelude = ''): string[] {
  return cpython(dedent(prelude) + '\n' + dedent(program));
}

function* ticker(from: number, n: number): Coroutine<void> {
  yield* sleep(from);
  for (let i = 0; i < n; i++) {
    log(`tick ${i}`);
    yield* sleep(0);
  }
}

const PY_TICKER = `
async def ticker(start, n):
    await asyncio.sleep(start)
    for i in range(n):
        say(f'tick {i}'); await asyncio.sleep(0)
`;

describe.skipIf(!hasPython)('waitFor matches CPython 3.11', () => {
  it('timeout and inner completion due at the same instant: the timeout wins, the inner task is cancelled first', () => {
    function* inner(name: string, d: number): Coroutine<string> {
      try {
        yield* sleep(d);
      } catch (e) {
        if (e instanceof CancelledError) log(`${name} cancelled`);
        throw e;
      }
      log(`${name} finished`);
      return name;
    }
    function* main(): Coroutine<void> {
      createTask(ticker(1, 6), { name: 'T' });
      try {
        const r = yield* waitFor(inner('same-instant', 1), 1);
        log('result', r);
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
        log('TimeoutError', (e.cause as Error).name);
      }
      const r = yield* waitFor(inner('in-time', 1), 1.5);
      log('result', r);
      log('timers left', getRunningLoop().timerCount);
    }
    expect(lines(main)).toEqual(
      reference(
        `
        async def inner(name, d):
            try:
                await asyncio.sleep(d)
            except asyncio.CancelledError:
                say(f'{name} cancelled'); raise
            say(f'{name} finished')
            return name
        async def main():
            asyncio.create_task(ticker(1, 6), name='T')
            try:
                r = await asyncio.wait_for(inner('same-instant', 1), 1)
                say('result', r)
            except TimeoutError as e:
                say('TimeoutError', type(e.__cause__).__name__)
            r = await asyncio.wait_for(inner('in-time', 1), 1.5)
            say('result', r)
            say('timers left', len(asyncio.get_running_loop()._scheduled))
        run(main())
        `,
        PY_TICKER,
      ),
    );
  });

  it('an inner task that swallows the cancel and returns: its value is the result; one that raises instead: that error', () => {
    function* stubborn(value: string, fail: boolean): Coroutine<string> {
      try {
        yield* sleep(5);
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        log('swallowed the cancel');
        yield* sleep(0.5);
        if (fail) throw new RangeError('cleanup failed');
        log('returns', value);
        return value;
      }
      return 'finished';
    }
    function* main(): Coroutine<void> {
      createTask(ticker(1, 4), { name: 'T' });
      const r = yield* waitFor(stubborn('kept', false), 1);
      log('result', r);
      try {
        yield* waitFor(stubborn('lost', true), 1);
      } catch (e) {
        log('raised', (e as Error).name, (e as Error).message);
      }
    }
    expect(lines(main)).toEqual(
      reference(
        `
        async def stubborn(value, fail):
            try:
                await asyncio.sleep(5)
            except asyncio.CancelledError:
                say('swallowed the cancel')
                await asyncio.sleep(0.5)
                if fail: raise ValueError('cleanup failed')
                say('returns', value)
                return value
            return 'finished'
        async def main():
            asyncio.create_task(ticker(1, 4), name='T')
            r = await asyncio.wait_for(stubborn('kept', False), 1)
            say('result', r)
            try:
                await asyncio.wait_for(stubborn('lost', True), 1)
            except ValueError as e:
                say('raised', 'RangeError', str(e))
        run(main())
        `,
        PY_TICKER,
      ),
    );
  });

  it('timeout 0 cancels the inner task before it runs; a done future is returned at once; null just awaits', () => {
    function* work(name: string): Coroutine<string> {
      log(`${name} started`);
      yield* sleep(1);
      return name;
    }
    function* swallow(): Coroutine<string> {
      try {
        yield* sleep(0);
      } catch {
        log('never: it was cancelled before it started');
      }
      return 'unreachable';
    }
    function* main(): Coroutine<void> {
      createTask(ticker(0, 5), { name: 'T' });
      try {
        yield* waitFor(work('zero'), 0);
      } catch (e) {
        log((e as Error).name, (e as Error & { cause: Error }).cause.name);
      }
      try {
        yield* waitFor(swallow(), 0);
      } catch (e) {
        log((e as Error).name);
      }
      const done = getRunningLoop().createFuture<string>();
      done.setResult('ready');
      log('done future', yield* waitFor(done, 0));
      const started = createTask(work('started'), { name: 'S' });
      yield* sleep(0);
      try {
        yield* waitFor(started, 0);
      } catch (e) {
        log((e as Error).name, started.cancelled());
      }
      log('null', yield* waitFor(work('untimed'), null));
    }
    expect(lines(main)).toEqual(
      reference(
        `
        async def work(name):
            say(f'{name} started')
            await asyncio.sleep(1)
            return name
        async def swallow():
            try:
                await asyncio.sleep(0)
            except BaseException:
                say('never: it was cancelled before it started')
            return 'unreachable'
        async def main():
            asyncio.create_task(ticker(0, 5), name='T')
            try:
                await asyncio.wait_for(work('zero'), 0)
            except TimeoutError as e:
                say('TimeoutError', type(e.__cause__).__name__)
            try:
                await asyncio.wait_for(swallow(), 0)
            except TimeoutError as e:
                say('TimeoutError')
            done = asyncio.get_running_loop().create_future()
            done.set_result('ready')
            say('done future', await asyncio.wait_for(done, 0))
            started = asyncio.create_task(work('started'), name='S')
            await asyncio.sleep(0)
            try:
                await asyncio.wait_for(started, 0)
            except TimeoutError:
                say('TimeoutError', started.cancelled())
            say('null', await asyncio.wait_for(work('untimed'), None))
        run(main())
        `,
        PY_TICKER,
      ).map((l) => l.replace(/ True$/, ' true').replace(/ False$/, ' false')),
    );
  });

  it('cancelling the caller cancels the inner task and waits for it before CancelledError reaches the caller', () => {
    function* inner(): Coroutine<void> {
      try {
        yield* sleep(10);
      } catch (e) {
        log('inner cancelled; cleaning up');
        yield* sleep(0.25);
        log('inner cleaned up');
        throw e;
      }
    }
    function* caller(): Coroutine<void> {
      try {
        yield* waitFor(inner(), 5);
      } catch (e) {
        log('caller got', (e as Error).name);
        throw e;
      }
    }
    function* main(): Coroutine<void> {
      const c = createTask(caller(), { name: 'caller' });
      yield* sleep(1);
      c.cancel();
      log('cancel requested');
      try {
        yield* c;
      } catch (e) {
        log('main got', (e as Error).name, c.cancelled());
      }
    }
    expect(lines(main)).toEqual(
      cpython(`
        async def inner():
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                say('inner cancelled; cleaning up')
                await asyncio.sleep(0.25)
                say('inner cleaned up')
                raise
        async def caller():
            try:
                await asyncio.wait_for(inner(), 5)
            except asyncio.CancelledError as e:
                say('caller got', 'CancelledError'); raise
        async def main():
            c = asyncio.create_task(caller(), name='caller')
            await asyncio.sleep(1)
            c.cancel()
            say('cancel requested')
            try:
                await c
            except asyncio.CancelledError:
                say('main got', 'CancelledError', 'true' if c.cancelled() else 'false')
        run(main())
      `),
    );
  });

  it('takes sleep(d) as CPython takes asyncio.sleep(d)', () => {
    function* main(): Coroutine<void> {
      log('slept', yield* waitFor(sleep(1, 'value'), 2));
      try {
        yield* waitFor(sleep(3), 2);
      } catch (e) {
        log((e as Error).name);
      }
    }
    expect(lines(main)).toEqual(
      cpython(`
        async def main():
            say('slept', await asyncio.wait_for(asyncio.sleep(1, 'value'), 2))
            try:
                await asyncio.wait_for(asyncio.sleep(3), 2)
            except TimeoutError:
                say('TimeoutError')
        run(main())
      `),
    );
  });
});

describe('waitFor: simloop specifics', () => {
  it('the inner task is made through loop.createTask (a task factory sees it); with no timeout the coroutine runs inline', () => {
    const loop = newEventLoop();
    const seen: string[] = [];
    const factory: TaskFactory = (l, coro, options) => {
      const task = new Task(coro, { loop: l, ...options });
      seen.push(task.getName());
      return task;
    };
    loop.setTaskFactory(factory);
    function* main(): Coroutine<string | undefined> {
      yield* waitFor(sleep(1), null);
      return yield* waitFor(sleep(1, 'inner'), 5);
    }
    expect(loop.runUntilComplete(main())).toBe('inner');
    expect(seen).toEqual(['Task-1', 'Task-2']);
  });
});

describe('waitFor: bad input', () => {
  it('names the bad timeout or awaitable', () => {
    function* work(): Coroutine<void> {}
    expect(() => waitFor(work(), -1)).toThrowErrorMatchingInlineSnapshot(`[RangeError: waitFor expected a timeout of 0 seconds or more (or null), got -1; asyncio treats a negative timeout as 0 — write 0]`);
    expect(() => waitFor(work(), NaN)).toThrowErrorMatchingInlineSnapshot(`[TypeError: waitFor expected a timeout in seconds or null, got number NaN]`);
    expect(() => waitFor(work(), '5' as unknown as number)).toThrowErrorMatchingInlineSnapshot(`[TypeError: waitFor expected a timeout in seconds or null, got string "5"]`);
    expect(() => waitFor(work(), undefined as unknown as number)).toThrowErrorMatchingInlineSnapshot(`[TypeError: waitFor expected a timeout in seconds or null, got undefined]`);
    expect(() => waitFor(42 as unknown as Coroutine<void>, 1)).toThrowErrorMatchingInlineSnapshot(`[TypeError: waitFor expected a Future, a Task or a coroutine (a generator object), got number 42]`);
    expect(() => waitFor(work as unknown as Coroutine<void>, 1)).toThrowErrorMatchingInlineSnapshot(`[TypeError: waitFor expected a Future, a Task or a coroutine (a generator object), got function work — did you forget to call it? waitFor(work()), not waitFor(work)]`);
  });
});
