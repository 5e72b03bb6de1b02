/**
 * wait and asCompleted against CPython 3.11: each program runs on simloop and
 * on CPython's asyncio with a virtual clock (properties/reference/vloop.py);
 * the logged lines must be identical. CPython's sets iterate in hash order,
 * so the programs print done/pending names sorted; the argument order of
 * simloop's Sets is checked on its own.
 */
import { outputLines as lines } from './fixtures/output-lines.js';
import { describe, expect, it } from 'vitest';
import { cpython, hasPython, dedent } from '../../properties/reference/cpython.js';
import {
  ALL_COMPLETED,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  Task,
  TimeoutError,
  asCompleted,
  createTask,
  getRunningLoop,
  log,
  newEventLoop,
  runSim,
  sleep,
  wait,
  type Coroutine,
  type Future,
  type ReturnWhen,
  type TaskFactory,
  type WaitOptions,
} from './index.js';

function reference(program: string): string[] {
  return cpython(PY_PRELUDE + '\n' + dedent(program));
}

class Boom extends Error {
  override name = 'Boom';
}

function* job(name: string, d: number, fail = false): Coroutine<string> {
  yield* sleep(d);
  if (fail) {
    log(`${name} fails`);
    throw new Boom(name);
  }
  log(`${name} done`);
  return name;
}

function names(fs: Set<Future<unknown>>): string {
  return [...fs].map((f) => (f as Task<unknown>).getName()).sort().join(',') || '-';
}

const PY_PRELUDE = dedent(`
  class Boom(Exception): pass
  async def job(name, d, fail=False):
      await asyncio.sleep(d)
      if fail:
          say(f'{name} fails'); raise Boom(name)
      say(f'{name} done')
      return name
  def names(fs):
      return ','.join(sorted(f.get_name() for f in fs)) or '-'
`);

describe.skipIf(!hasPython)('wait matches CPython 3.11', () => {
  it('the three modes, with and without a timeout', () => {
    function* round(label: string, returnWhen: ReturnWhen, timeout: number | null, failB: boolean): Coroutine<void> {
      const a = createTask(job(`${label}A`, 1), { name: `${label}A` });
      const b = createTask(job(`${label}B`, 2, failB), { name: `${label}B` });
      const c = createTask(job(`${label}C`, 3), { name: `${label}C` });
      const [done, pending] = yield* wait([a, b, c], { returnWhen, timeout });
      log(label, returnWhen, `timeout=${timeout}`, 'done', names(done), 'pending', names(pending));
      yield* wait([a, b, c]);
    }
    function* main(): Coroutine<void> {
      yield* round('fc', FIRST_COMPLETED, null, true);
      yield* round('fe', FIRST_EXCEPTION, null, true);
      yield* round('fe-none', FIRST_EXCEPTION, null, false);
      yield* round('fe-t', FIRST_EXCEPTION, 1.5, true);
      yield* round('all', ALL_COMPLETED, null, true);
      yield* round('all-t', ALL_COMPLETED, 2.5, true);
      yield* round('fc-t0', FIRST_COMPLETED, 0, false);
    }
    // FIRST_EXCEPTION looks at each error (f.exception()), which marks it retrieved: only the other modes leave errors unretrieved.
    const outcome = runSim(main);
    const unretrieved = outcome.errors.filter((e) => e.message === 'Task exception was never retrieved').map((e) => e.task);
    expect([...outcome.output, `never retrieved ${unretrieved.sort().join(',')}`]).toEqual(
      reference(`
        async def round(label, return_when, timeout, fail_b):
            a = asyncio.create_task(job(f'{label}A', 1), name=f'{label}A')
            b = asyncio.create_task(job(f'{label}B', 2, fail_b), name=f'{label}B')
            c = asyncio.create_task(job(f'{label}C', 3), name=f'{label}C')
            done, pending = await asyncio.wait([a, b, c], return_when=return_when, timeout=timeout)
            say(label, return_when, f'timeout={"null" if timeout is None else fmt_time(timeout)}', 'done', names(done), 'pending', names(pending))
            await asyncio.wait([a, b, c])
        never = []
        async def main():
            asyncio.get_running_loop().set_exception_handler(lambda loop, ctx: never.append((ctx.get('future') or ctx.get('task')).get_name()))
            await round('fc', asyncio.FIRST_COMPLETED, None, True)
            await round('fe', asyncio.FIRST_EXCEPTION, None, True)
            await round('fe-none', asyncio.FIRST_EXCEPTION, None, False)
            await round('fe-t', asyncio.FIRST_EXCEPTION, 1.5, True)
            await round('all', asyncio.ALL_COMPLETED, None, True)
            await round('all-t', asyncio.ALL_COMPLETED, 2.5, True)
            await round('fc-t0', asyncio.FIRST_COMPLETED, 0, False)
        run(main())
        import gc; gc.collect()
        print('never retrieved', ','.join(sorted(never)))
      `),
    );
  });

  it('futures done at the same instant, futures already done, the same task twice, and a ticker showing the iterations', () => {
    function* ticker(): Coroutine<void> {
      yield* sleep(1);
      for (let i = 0; i < 4; i++) {
        log(`tick ${i}`);
        yield* sleep(0);
      }
    }
    function* main(): Coroutine<void> {
      createTask(ticker(), { name: 'T' });
      const loop = getRunningLoop();
      const ready = loop.createFuture<string>();
      ready.setResult('ready');
      const a = createTask(job('A', 1), { name: 'A' });
      const b = createTask(job('B', 1), { name: 'B' });
      const [done, pending] = yield* wait([a, b, a], { returnWhen: FIRST_COMPLETED });
      log('done', names(done), 'pending', names(pending));
      const [done2] = yield* wait([ready], { timeout: 5 });
      log('already done', done2.size, 'timers', loop.timerCount);
    }
    expect(lines(main)).toEqual(
      reference(`
        async def ticker():
            await asyncio.sleep(1)
            for i in range(4):
                say(f'tick {i}'); await asyncio.sleep(0)
        async def main():
            asyncio.create_task(ticker(), name='T')
            loop = asyncio.get_running_loop()
            ready = loop.create_future()
            ready.set_result('ready')
            a = asyncio.create_task(job('A', 1), name='A')
            b = asyncio.create_task(job('B', 1), name='B')
            done, pending = await asyncio.wait([a, b, a], return_when=asyncio.FIRST_COMPLETED)
            say('done', names(done), 'pending', names(pending))
            done2, _ = await asyncio.wait([ready], timeout=5)
            say('already done', len(done2), 'timers', len(loop._scheduled))
        run(main())
      `),
    );
  });
});

describe.skipIf(!hasPython)('asCompleted matches CPython 3.11', () => {
  it('yields results in completion order, errors included, then TimeoutError for the rest', () => {
    function* main(): Coroutine<void> {
      const slow = createTask(job('slow', 3), { name: 'slow' });
      const fast = createTask(job('fast', 1), { name: 'fast' });
      const bad = createTask(job('bad', 2, true), { name: 'bad' });
      const never = createTask(job('never', 10), { name: 'never' });
      let i = 0;
      for (const next of asCompleted([slow, fast, bad, sleep(0.5, 'slept'), never], { timeout: 5 })) {
        try {
          log(`#${i}`, 'got', yield* next);
        } catch (e) {
          log(`#${i}`, 'raised', (e as Error).name);
        }
        i++;
      }
      log('never cancelled?', never.cancelled(), never.done());
    }
    expect(lines(main)).toEqual(
      reference(`
        async def main():
            slow = asyncio.create_task(job('slow', 3), name='slow')
            fast = asyncio.create_task(job('fast', 1), name='fast')
            bad = asyncio.create_task(job('bad', 2, True), name='bad')
            never = asyncio.create_task(job('never', 10), name='never')
            i = 0
            for nxt in asyncio.as_completed([slow, fast, bad, asyncio.sleep(0.5, 'slept'), never], timeout=5):
                try:
                    say(f'#{i}', 'got', await nxt)
                except Exception as e:
                    say(f'#{i}', 'raised', type(e).__name__)
                i += 1
            say('never cancelled?', 'true' if never.cancelled() else 'false', 'true' if never.done() else 'false')
        run(main())
      `),
    );
  });

  it('awaits taken in a different order than made still get results in completion order; no timeout, nothing left', () => {
    function* main(): Coroutine<void> {
      const ts = [3, 1, 2].map((d) => createTask(job(`j${d}`, d), { name: `j${d}` }));
      const its = [...asCompleted(ts)];
      const second = createTask(its[1]!, { name: 'second' });
      log('first', yield* its[0]!);
      log('second', yield* second);
      log('third', yield* its[2]!);
      log('timers', getRunningLoop().timerCount);
    }
    expect(lines(main)).toEqual(
      reference(`
        async def main():
            ts = [asyncio.create_task(job(f'j{d}', d), name=f'j{d}') for d in (3, 1, 2)]
            its = list(asyncio.as_completed(ts))
            second = asyncio.create_task(its[1], name='second')
            say('first', await its[0])
            say('second', await second)
            say('third', await its[2])
            say('timers', len(asyncio.get_running_loop()._scheduled))
        run(main())
      `),
    );
  });
});

describe('wait and asCompleted: simloop specifics', () => {
  it('done and pending are Sets in argument order (first occurrence)', () => {
    function* main(): Coroutine<string[]> {
      const ts = [3, 1, 2, 4].map((d) => createTask(job(`j${d}`, d), { name: `j${d}` }));
      const [done, pending] = yield* wait([ts[2]!, ts[0]!, ts[3]!, ts[1]!, ts[2]!], { timeout: 3.5 });
      return [[...done].map((t) => t.getName()).join(','), [...pending].map((t) => t.getName()).join(',')];
    }
    const outcome = runSim(main);
    expect(outcome.result).toEqual(['j2,j3,j1', 'j4']);
  });

  it('a task factory sees the tasks asCompleted makes of coroutines', () => {
    const loop = newEventLoop();
    const seen: string[] = [];
    const factory: TaskFactory = (l, coro, options) => {
      const task = new Task(coro, { loop: l, ...options });
      seen.push(task.getName());
      return task;
    };
    loop.setTaskFactory(factory);
    function* main(): Coroutine<number> {
      let n = 0;
      for (const next of asCompleted([job('x', 1), sleep(2, 'y')])) {
        yield* next;
        n++;
      }
      return n;
    }
    expect(loop.runUntilComplete(main())).toBe(2);
    expect(seen).toEqual(['Task-1', 'Task-2', 'Task-3']);
  });

  it('asCompleted is not a coroutine: it cannot be made a task', () => {
    const loop = newEventLoop();
    const iter = asCompleted([]);
    expect(() => loop.createTask(iter as unknown as Coroutine<void>)).toThrowErrorMatchingInlineSnapshot(`[TypeError: createTask expected a coroutine (a generator object), got AsCompleted <asCompleted>]`);
  });

  it('bad input: names the value', () => {
    const loop = newEventLoop();
    const f = loop.createFuture<void>();
    function* co(): Coroutine<void> {}
    expect(() => wait([])).toThrowErrorMatchingInlineSnapshot(`[RangeError: wait expected at least one future or task, got an empty set: there would be nothing to wait for]`);
    expect(() => wait(new Set<Future>())).toThrowErrorMatchingInlineSnapshot(`[RangeError: wait expected at least one future or task, got an empty set: there would be nothing to wait for]`);
    expect(() => wait(f as unknown as Future[])).toThrowErrorMatchingInlineSnapshot(`[TypeError: wait expected an iterable of futures (an array), not a single Future <Future pending a future> — write wait([x])]`);
    expect(() => wait(co() as unknown as Future[])).toThrowErrorMatchingInlineSnapshot(`[TypeError: wait expected an iterable of futures (an array), not a single coroutine — write wait([x])]`);
    expect(() => wait(5 as unknown as Future[])).toThrowErrorMatchingInlineSnapshot(`[TypeError: wait expected an iterable of futures (an array), got number 5]`);
    expect(() => wait([f, co() as unknown as Future])).toThrowErrorMatchingInlineSnapshot(`[TypeError: wait: passing coroutines is forbidden (item 1 is a coroutine), use tasks explicitly — wait([createTask(coro)])]`);
    expect(() => wait([f, 'x' as unknown as Future])).toThrowErrorMatchingInlineSnapshot(`[TypeError: wait expected futures or tasks, but item 1 is string "x"]`);
    expect(() => wait([f], { timeout: -2 })).toThrowErrorMatchingInlineSnapshot(`[RangeError: wait expected a timeout of 0 seconds or more (or null), got -2; asyncio treats a negative timeout as 0 — write 0]`);
    expect(() => wait([f], { timeout: NaN })).toThrowErrorMatchingInlineSnapshot(`[TypeError: wait expected a timeout in seconds or null, got number NaN]`);
    expect(() => wait([f], { returnWhen: 'FIRST' as ReturnWhen })).toThrowErrorMatchingInlineSnapshot(`[RangeError: wait: invalid returnWhen value string "FIRST"; expected 'FIRST_COMPLETED', 'FIRST_EXCEPTION' or 'ALL_COMPLETED']`);
    expect(() => wait([f], 3 as unknown as WaitOptions)).toThrowErrorMatchingInlineSnapshot(`[TypeError: wait expected its options as an object like { timeout: 5 }, got number 3]`);
    expect(() => asCompleted([f], { timeout: -1 })).toThrowErrorMatchingInlineSnapshot(`[RangeError: asCompleted expected a timeout of 0 seconds or more (or null), got -1; asyncio treats a negative timeout as 0 — write 0]`);
    expect(() => asCompleted([f, null as unknown as Future])).toThrowErrorMatchingInlineSnapshot(`[TypeError: asCompleted expected a Future, a Task or a coroutine (a generator object), got null]`);
    expect(() => asCompleted(f as unknown as Future[])).toThrowErrorMatchingInlineSnapshot(`[TypeError: asCompleted expected an iterable of awaitables (an array), not a single Future <Future pending a future> — write asCompleted([x])]`);
  });

  it('asCompleted with a timeout: each remaining await raises TimeoutError', () => {
    function* main(): Coroutine<string[]> {
      const out: string[] = [];
      for (const next of asCompleted([sleep(1, 'a'), sleep(5, 'b'), sleep(6, 'c')], { timeout: 2 })) {
        try {
          out.push(yield* next);
        } catch (e) {
          out.push(e instanceof TimeoutError ? 'timeout' : String(e));
        }
      }
      return out;
    }
    expect(runSim(main).result).toEqual(['a', 'timeout', 'timeout']);
  });
});
