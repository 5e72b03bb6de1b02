/**
 * timeout / timeoutAt against CPython 3.11's timeouts.py: each program runs
 * on simloop and on CPython's asyncio with a virtual clock
 * (properties/reference/vloop.py); the logged lines must be identical.
 */
import { outputLines as lines } from './fixtures/output-lines.js';
import { describe, expect, it } from 'vitest';
import { cpython, hasPython, dedent } from '../../properties/reference/cpython.js';
import { formatTime } from '../kernel/index.js';
import {
  CancelledError,
  ExceptionGroup,
  Timeout,
  TimeoutError,
  createTask,
  currentTask,
  getRunningLoop,
  log,
  newEventLoop,
  runSim,
  sleep,
  taskGroup,
  timeout,
  timeoutAt,
  withTimeout,
  withTimeoutAt,
  type Coroutine,
} from './index.js';

const PY_PRELUDE = dedent(`
  import ordered_sets  # TaskGroup's tasks in creation order, as simloop's
  async def nap(name, d):
      try:
          await asyncio.sleep(d)
      except asyncio.CancelledError:
          say(f'{name} cancelled'); raise
      say(f'{name} woke')
  def cancelling():
      return asyncio.current_task().cancelling()
  def b(x): return 'true' if x else 'false'
  def w(tm): return 'null' if tm.when() is None else fmt_time(tm.when())
`);

function reference(program: string): string[] {
  return cpython(PY_PRELUDE + '\n' + dedent(program));
}

function* nap(name: string, d: number): Coroutine<void> {
  try {
    yield* sleep(d);
  } catch (e) {
    if (e instanceof CancelledError) log(`${name} cancelled`);
    throw e;
  }
  log(`${name} woke`);
}

const cancelling = (): number => currentTask()!.cancelling();
const w = (tm: Timeout): string => (tm.when() === null ? 'null' : formatTime(tm.when()!));

describe.skipIf(!hasPython)('timeout matches CPython 3.11', () => {
  it('expires: the body is cancelled, TimeoutError comes out, cancelling() is back to 0; a body in time is left alone', () => {
    function* main(): Coroutine<void> {
      let kept: Timeout | null = null;
      try {
        yield* withTimeout(1, function* (tm) {
          kept = tm;
          log('inside', w(tm), String(tm));
          yield* nap('body', 5);
        });
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
        log('TimeoutError', (e.cause as Error).name, 'expired', kept!.expired(), 'cancelling', cancelling(), String(kept));
      }
      const r = yield* withTimeout(2, function* (tm) {
        yield* nap('quick', 1);
        log('expired', tm.expired());
        return 'value';
      });
      log('returned', r, 'timers', getRunningLoop().timerCount);
      yield* withTimeout(null, function* (tm) {
        yield* nap('untimed', 3);
        log('when', w(tm));
      });
    }
    expect(lines(main)).toEqual(
      reference(`
        async def main():
            kept = None
            try:
                async with asyncio.timeout(1) as tm:
                    kept = tm
                    say('inside', w(tm), repr(tm))
                    await nap('body', 5)
            except TimeoutError as e:
                say('TimeoutError', type(e.__cause__).__name__, 'expired', b(kept.expired()), 'cancelling', cancelling(), repr(kept))
            async with asyncio.timeout(2) as tm:
                await nap('quick', 1)
                say('expired', b(tm.expired()))
                r = 'value'
            say('returned', r, 'timers', len(asyncio.get_running_loop()._scheduled))
            async with asyncio.timeout(None) as tm:
                await nap('untimed', 3)
                say('when', w(tm))
        run(main())
      `),
    );
  });

  it('rescheduled: later, earlier, to a past time (expires next iteration), to null and back', () => {
    function* ticker(): Coroutine<void> {
      yield* sleep(4.75);
      for (let i = 0; i < 6; i++) {
        log(`tick ${i}`);
        yield* sleep(0);
      }
    }
    function* attempt(label: string, body: (tm: Timeout) => Coroutine<void>, tm: Timeout): Coroutine<void> {
      try {
        yield* tm.run(body);
        log(label, 'finished in time');
      } catch (e) {
        if (!(e instanceof TimeoutError)) throw e;
        log(label, 'TimeoutError', 'when', w(tm));
      }
    }
    function* main(): Coroutine<void> {
      const loop = getRunningLoop();
      createTask(ticker(), { name: 'T' });
      yield* attempt(
        'later',
        function* (tm) {
          tm.reschedule(loop.time() + 3);
          yield* nap('later', 2);
        },
        timeout(1),
      );
      yield* attempt(
        'earlier',
        function* (tm) {
          tm.reschedule(loop.time() + 0.5);
          yield* nap('earlier', 2);
        },
        timeout(10),
      );
      yield* attempt(
        'null',
        function* (tm) {
          tm.reschedule(null);
          yield* nap('null-1', 1);
          tm.reschedule(loop.time() + 1);
          yield* nap('null-2', 2);
        },
        timeout(0.5),
      );
      yield* attempt(
        'past',
        function* (tm) {
          yield* nap('past-1', 0.25);
          tm.reschedule(loop.time() - 1);
          log('rescheduled into the past');
          yield* nap('past-2', 1);
        },
        timeoutAt(loop.time() + 5),
      );
      yield* attempt(
        'at-now',
        function* () {
          yield* nap('at-now', 1);
        },
        timeoutAt(loop.time()),
      );
    }
    expect(lines(main)).toEqual(
      reference(`
        async def ticker():
            await asyncio.sleep(4.75)
            for i in range(6):
                say(f'tick {i}'); await asyncio.sleep(0)
        async def attempt(label, body, tm):
            try:
                async with tm:
                    await body(tm)
                say(label, 'finished in time')
            except TimeoutError:
                say(label, 'TimeoutError', 'when', w(tm))
        async def main():
            loop = asyncio.get_running_loop()
            asyncio.create_task(ticker(), name='T')
            async def later(tm):
                tm.reschedule(loop.time() + 3)
                await nap('later', 2)
            await attempt('later', later, asyncio.timeout(1))
            async def earlier(tm):
                tm.reschedule(loop.time() + 0.5)
                await nap('earlier', 2)
            await attempt('earlier', earlier, asyncio.timeout(10))
            async def null(tm):
                tm.reschedule(None)
                await nap('null-1', 1)
                tm.reschedule(loop.time() + 1)
                await nap('null-2', 2)
            await attempt('null', null, asyncio.timeout(0.5))
            async def past(tm):
                await nap('past-1', 0.25)
                tm.reschedule(loop.time() - 1)
                say('rescheduled into the past')
                await nap('past-2', 1)
            await attempt('past', past, asyncio.timeout_at(loop.time() + 5))
            async def at_now(tm):
                await nap('at-now', 1)
            await attempt('at-now', at_now, asyncio.timeout_at(loop.time()))
        run(main())
      `),
    );
  });

  it('nested timeouts: only the one that expired turns the cancel into TimeoutError', () => {
    function* main(): Coroutine<void> {
      try {
        yield* withTimeout(1, function* (outer) {
          try {
            yield* withTimeout(5, function* () {
              yield* nap('deep', 10);
            });
          } catch (e) {
            log('inner saw', (e as Error).name, 'outer expired', outer.expired());
            throw e;
          }
        });
      } catch (e) {
        log('outside', (e as Error).name, 'cancelling', cancelling());
      }
      yield* withTimeout(5, function* (outer) {
        try {
          yield* withTimeout(1, function* () {
            yield* nap('shallow', 10);
          });
        } catch (e) {
          log('inner raised', (e as Error).name, 'outer expired', outer.expired(), 'cancelling', cancelling());
        }
      });
      log('done');
    }
    expect(lines(main)).toEqual(
      reference(`
        async def main():
            try:
                async with asyncio.timeout(1) as outer:
                    try:
                        async with asyncio.timeout(5):
                            await nap('deep', 10)
                    except BaseException as e:
                        say('inner saw', type(e).__name__, 'outer expired', b(outer.expired())); raise
            except BaseException as e:
                say('outside', type(e).__name__, 'cancelling', cancelling())
            async with asyncio.timeout(5) as outer:
                try:
                    async with asyncio.timeout(1):
                        await nap('shallow', 10)
                except TimeoutError as e:
                    say('inner raised', type(e).__name__, 'outer expired', b(outer.expired()), 'cancelling', cancelling())
            say('done')
        run(main())
      `),
    );
  });

  it('a cancel from outside at the same instant as the expiry: uncancel() leaves a request, so CancelledError passes through', () => {
    function* victim(): Coroutine<void> {
      try {
        yield* withTimeout(1, function* () {
          yield* nap('victim', 5);
        });
      } catch (e) {
        log('victim', (e as Error).name, 'cancelling', cancelling());
        throw e;
      }
    }
    function* swallower(): Coroutine<string> {
      // The body swallows the cancel: the timeout has nothing to convert.
      return yield* withTimeout(1, function* (tm) {
        try {
          yield* sleep(5);
        } catch {
          log('swallowed; expired', tm.expired());
        }
        return 'kept going';
      });
    }
    function* main(): Coroutine<void> {
      const v = createTask(victim(), { name: 'V' });
      yield* sleep(1); // its timer is due with V's deadline, and comes first
      v.cancel();
      log('main cancels V');
      try {
        yield* v;
      } catch (e) {
        log('main', (e as Error).name, v.cancelled());
      }
      const s = createTask(swallower(), { name: 'S' });
      log('swallower', yield* s, 'cancelling', s.cancelling());
    }
    expect(lines(main)).toEqual(
      reference(`
        async def victim():
            try:
                async with asyncio.timeout(1):
                    await nap('victim', 5)
            except BaseException as e:
                say('victim', type(e).__name__, 'cancelling', cancelling()); raise
        async def swallower():
            async with asyncio.timeout(1) as tm:
                try:
                    await asyncio.sleep(5)
                except BaseException:
                    say('swallowed; expired', b(tm.expired()))
                return 'kept going'
        async def main():
            v = asyncio.create_task(victim(), name='V')
            await asyncio.sleep(1)
            v.cancel()
            say('main cancels V')
            try:
                await v
            except asyncio.CancelledError:
                say('main', 'CancelledError', b(v.cancelled()))
            s = asyncio.create_task(swallower(), name='S')
            say('swallower', await s, 'cancelling', s.cancelling())
        run(main())
      `),
    );
  });

  it('a timeout around a TaskGroup: the group is cancelled, its tasks with it, and TimeoutError comes out', () => {
    function* main(): Coroutine<void> {
      try {
        yield* withTimeout(2, function* () {
          yield* taskGroup(function* (tg) {
            tg.createTask(nap('A', 1), { name: 'A' });
            tg.createTask(nap('B', 3), { name: 'B' });
            tg.createTask(nap('C', 4), { name: 'C' });
          });
        });
      } catch (e) {
        log((e as Error).name, e instanceof ExceptionGroup, 'cancelling', cancelling());
      }
      try {
        yield* withTimeoutAt(getRunningLoop().time() + 1, function* () {
          yield* taskGroup(function* (tg) {
            tg.createTask(nap('D', 0.5), { name: 'D' });
            yield* nap('body', 3);
          });
        });
      } catch (e) {
        log((e as Error).name, 'cancelling', cancelling());
      }
    }
    expect(lines(main)).toEqual(
      reference(`
        async def main():
            try:
                async with asyncio.timeout(2):
                    async with asyncio.TaskGroup() as tg:
                        tg.create_task(nap('A', 1), name='A')
                        tg.create_task(nap('B', 3), name='B')
                        tg.create_task(nap('C', 4), name='C')
            except BaseException as e:
                say(type(e).__name__, b(isinstance(e, BaseExceptionGroup)), 'cancelling', cancelling())
            try:
                async with asyncio.timeout_at(asyncio.get_running_loop().time() + 1):
                    async with asyncio.TaskGroup() as tg:
                        tg.create_task(nap('D', 0.5), name='D')
                        await nap('body', 3)
            except BaseException as e:
                say(type(e).__name__, 'cancelling', cancelling())
        run(main())
      `),
    );
  });
});

describe('timeout: misuse and bad input', () => {
  it('state errors, as CPython words them', () => {
    const out: string[] = [];
    const note = (f: () => unknown): void => {
      try {
        f();
        out.push('no error');
      } catch (e) {
        out.push(`${(e as Error).name}: ${(e as Error).message}`);
      }
    };
    function* main(): Coroutine<void> {
      const tm = timeout(1);
      note(() => tm.reschedule(5));
      out.push(String(tm));
      yield* tm.run(function* () {
        out.push(String(tm));
      });
      out.push(String(tm));
      note(() => tm.reschedule(5));
      try {
        yield* tm.run(function* () {});
      } catch (e) {
        out.push(`${(e as Error).name}: ${(e as Error).message}`);
      }
      const expired = timeout(0);
      try {
        yield* expired.run(function* () {
          yield* sleep(1);
        });
      } catch (e) {
        out.push(`${(e as Error).name}: ${(e as Error).message}`);
      }
      out.push(String(expired));
      note(() => expired.reschedule(null));
    }
    expect(runSim(main).ok).toBe(true);
    expect(out).toMatchInlineSnapshot(`
      [
        "RuntimeError: Timeout has not been entered",
        "<Timeout [created]>",
        "<Timeout [active] when=1>",
        "<Timeout [finished]>",
        "RuntimeError: Cannot change state of finished Timeout",
        "RuntimeError: Timeout has already been entered",
        "TimeoutError: timeout expired at t=0",
        "<Timeout [expired]>",
        "RuntimeError: Cannot change state of expired Timeout",
      ]
    `);
    const loop = newEventLoop();
    expect(() => loop.runUntilComplete(timeoutAt(null).run(function* () {}))).not.toThrow();
  });

  it('outside a task; negative, NaN and non-number delays; a body that is not a generator function', () => {
    expect(() => timeout(1)).toThrowErrorMatchingInlineSnapshot(`[RuntimeError: no running event loop]`);
    const tm = timeoutAt(5);
    expect(() => tm.run(function* () {}).next()).toThrowErrorMatchingInlineSnapshot(`[RuntimeError: no running event loop]`);
    function* main(): Coroutine<void> {
      expect(() => timeout(-1)).toThrowErrorMatchingInlineSnapshot(`[RangeError: timeout expected a timeout of 0 seconds or more (or null), got -1; asyncio treats a negative timeout as 0 — write 0]`);
      expect(() => timeout(NaN)).toThrowErrorMatchingInlineSnapshot(`[TypeError: timeout expected a timeout in seconds or null, got number NaN]`);
      expect(() => timeout('1' as unknown as number)).toThrowErrorMatchingInlineSnapshot(`[TypeError: timeout expected a timeout in seconds or null, got string "1"]`);
      expect(() => timeoutAt(NaN)).toThrowErrorMatchingInlineSnapshot(`[TypeError: timeoutAt expected a loop time in seconds or null, got number NaN]`);
      expect(() => withTimeout(-0.5, function* () {})).toThrowErrorMatchingInlineSnapshot(`[RangeError: timeout expected a timeout of 0 seconds or more (or null), got -0.5; asyncio treats a negative timeout as 0 — write 0]`);
      expect(() => withTimeout(1, 'body' as unknown as () => Coroutine<void>)).toThrowErrorMatchingInlineSnapshot(`[TypeError: withTimeout expected a generator function for its body, got string "body"]`);
      const t = timeout(1);
      let caught: unknown;
      try {
        yield* t.run((() => 7) as unknown as () => Coroutine<void>);
      } catch (e) {
        caught = e;
      }
      expect(caught).toMatchInlineSnapshot(`[TypeError: Timeout.run's body must be a generator function (function* (...) { ... }), but it returned number 7]`);
      yield* withTimeout(1, function* (inner) {
        expect(() => inner.reschedule(NaN)).toThrowErrorMatchingInlineSnapshot(`[TypeError: Timeout.reschedule expected a loop time in seconds or null, got number NaN]`);
      });
    }
    const outcome = runSim(main);
    if (!outcome.ok) throw outcome.error;
  });
});
