/**
 * The asyncio core against CPython: each program runs on simloop and on
 * CPython 3.11's asyncio with a virtual clock (properties/reference/vloop.py),
 * and the logged lines must be identical. Cases follow asyncio-ordering.md.
 */
import { outputLines as lines } from './fixtures/output-lines.js';
import { describe, expect, it } from 'vitest';
import { cpython, hasPython } from '../../properties/reference/cpython.js';
import { CancelledError, createTask, Future, gather, getRunningLoop, log, run, runSim, sleep, type Coroutine } from './index.js';

describe.skipIf(!hasPython)('ordering matches CPython', () => {
  it('tasks start after their creator yields, in creation order (§4)', () => {
    function* worker(name: string): Coroutine<void> {
      log(name);
    }
    function* main(): Coroutine<void> {
      for (const n of ['a', 'b', 'c']) createTask(worker(n), { name: n.toUpperCase() });
      log('main.spawned');
      yield* sleep(0);
      log('main.after_sleep0');
    }
    expect(lines(main)).toEqual(
      cpython(`
        async def worker(name): say(name)
        async def main():
            for n in 'abc': asyncio.create_task(worker(n), name=n.upper())
            say('main.spawned')
            await asyncio.sleep(0)
            say('main.after_sleep0')
        run(main())
      `),
    );
  });

  it('timer ties follow heapq, and a cancelled timer still shapes the order (§2)', () => {
    function* sleeper(name: string, d: number): Coroutine<void> {
      yield* sleep(d);
      log(name);
    }
    function* main(): Coroutine<void> {
      const tasks = ['A', 'B', 'C', 'D', 'E'].map((n) => createTask(sleeper(n, 2), { name: n }));
      yield* sleep(0);
      tasks[0]!.cancel();
      for (const n of ['F', 'G', 'H']) createTask(sleeper(n, 1), { name: n });
      yield* sleep(3);
      log('end');
    }
    expect(lines(main)).toEqual(
      cpython(`
        async def sleeper(name, d):
            await asyncio.sleep(d); say(name)
        async def main():
            tasks = [asyncio.create_task(sleeper(n, 2), name=n) for n in 'ABCDE']
            await asyncio.sleep(0)
            tasks[0].cancel()
            for n in 'FGH': asyncio.create_task(sleeper(n, 1), name=n)
            await asyncio.sleep(3)
            say('end')
        run(main())
      `),
    );
  });

  it('awaits cost iterations as in CPython: inline coroutine, done task, pending task, gather (§5)', () => {
    function* ticker(): Coroutine<void> {
      for (let i = 0; i < 8; i++) {
        log(`tick ${i}`);
        yield* sleep(0);
      }
    }
    function* quick(): Coroutine<number> {
      return 1;
    }
    function* main(): Coroutine<void> {
      createTask(ticker(), { name: 'T' });
      yield* quick();
      log('inline');
      const t = createTask(quick(), { name: 'Q' });
      yield* t;
      log('pending task');
      yield* t;
      log('done task');
      yield* gather();
      log('empty gather');
      yield* gather(quick(), quick());
      log('gather');
    }
    expect(lines(main)).toEqual(
      cpython(`
        async def ticker():
            for i in range(8):
                say(f'tick {i}'); await asyncio.sleep(0)
        async def quick(): return 1
        async def main():
            asyncio.create_task(ticker(), name='T')
            await quick(); say('inline')
            t = asyncio.create_task(quick(), name='Q')
            await t; say('pending task')
            await t; say('done task')
            await asyncio.gather(); say('empty gather')
            await asyncio.gather(quick(), quick()); say('gather')
        run(main())
      `),
    );
  });

  it('gather: argument order, first error propagates while the others run on, cancel cancels children (§6)', () => {
    function* child(name: string, d: number, fail: boolean): Coroutine<string> {
      try {
        yield* sleep(d);
      } catch (e) {
        if (e instanceof CancelledError) log(`${name} cancelled`);
        throw e;
      }
      log(`${name} done`);
      if (fail) throw new Error(`${name} failed`);
      return name;
    }
    function* main(): Coroutine<void> {
      log(JSON.stringify(yield* gather(child('a', 2, false), child('b', 1, false))));
      try {
        yield* gather(child('c', 1, true), child('d', 2, false));
      } catch (e) {
        log(`caught ${(e as Error).message}`);
      }
      const g = gather(child('e', 5, false), child('f', 5, false), { returnExceptions: true });
      yield* sleep(1);
      log(`cancel ${g.cancel()}`);
      try {
        yield* g;
      } catch (e) {
        log(`gather raised ${(e as Error).name}`);
      }
      yield* sleep(3);
    }
    expect(lines(main)).toEqual(
      cpython(`
        async def child(name, d, fail):
            try:
                await asyncio.sleep(d)
            except asyncio.CancelledError:
                say(f'{name} cancelled'); raise
            say(f'{name} done')
            if fail: raise Exception(f'{name} failed')
            return name
        async def main():
            r = await asyncio.gather(child('a', 2, False), child('b', 1, False))
            say('[' + ','.join('"' + x + '"' for x in r) + ']')
            try:
                await asyncio.gather(child('c', 1, True), child('d', 2, False))
            except Exception as e:
                say(f'caught {e}')
            g = asyncio.gather(child('e', 5, False), child('f', 5, False), return_exceptions=True)
            await asyncio.sleep(1)
            say(f'cancel {str(g.cancel()).lower()}')
            try:
                await g
            except asyncio.CancelledError as e:
                say('gather raised CancelledError')
            await asyncio.sleep(3)
        run(main())
      `),
    );
  });

  it('cancellation: order of cancel() calls, a queued task first, cancel before the first step (§7)', () => {
    function* waiter(name: string): Coroutine<void> {
      try {
        yield* sleep(10);
      } catch (e) {
        log(`${name} caught ${(e as Error).name}`);
      } finally {
        log(`${name} finally`);
      }
    }
    function* main(): Coroutine<void> {
      const a = createTask(waiter('A'), { name: 'A' });
      const b = createTask(waiter('B'), { name: 'B' });
      yield* sleep(0);
      log(`cancel B ${b.cancel()}`);
      log(`cancel A ${a.cancel()}`);
      const never = createTask(waiter('N'), { name: 'N' });
      log(`cancel N ${never.cancel()}`);
      yield* sleep(0);
      yield* sleep(0);
      log(`again ${a.cancel()}`);
    }
    expect(lines(main)).toEqual(
      cpython(`
        async def waiter(name):
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError as e:
                say(f'{name} caught CancelledError')
            finally:
                say(f'{name} finally')
        async def main():
            a = asyncio.create_task(waiter('A'), name='A')
            b = asyncio.create_task(waiter('B'), name='B')
            await asyncio.sleep(0)
            say(f'cancel B {str(b.cancel()).lower()}')
            say(f'cancel A {str(a.cancel()).lower()}')
            n = asyncio.create_task(waiter('N'), name='N')
            say(f'cancel N {str(n.cancel()).lower()}')
            await asyncio.sleep(0)
            await asyncio.sleep(0)
            say(f'again {str(a.cancel()).lower()}')
        run(main())
      `),
    );
  });

  it('the end of run: other tasks run in the last iteration, then leftovers are cancelled in creation order (§10)', () => {
    function* spinner(name: string): Coroutine<void> {
      try {
        for (;;) {
          log(name);
          yield* sleep(0.5);
        }
      } catch (e) {
        log(`${name} ${(e as Error).name}`);
        throw e;
      }
    }
    function* main(): Coroutine<void> {
      createTask(spinner('a'), { name: 'A' });
      createTask(spinner('b'), { name: 'B' });
      yield* sleep(1);
      log('main.end');
    }
    expect(lines(main)).toEqual(
      cpython(`
        async def spinner(name):
            try:
                while True:
                    say(name); await asyncio.sleep(0.5)
            except asyncio.CancelledError as e:
                say(f'{name} CancelledError'); raise
        async def main():
            asyncio.create_task(spinner('a'), name='A')
            asyncio.create_task(spinner('b'), name='B')
            await asyncio.sleep(1)
            say('main.end')
        run(main())
      `),
    );
  });
});

describe('futures and tasks', () => {
  it('yield* future returns its result; an error thrown into the awaiting task', () => {
    const result = run(function* () {
      const loop = getRunningLoop();
      const f = loop.createFuture<number>();
      loop.callLater(1, () => f.setResult(7));
      const g = loop.createFuture<number>();
      loop.callLater(2, () => g.setException(new Error('nope')));
      const got = yield* f;
      try {
        yield* g;
      } catch (e) {
        return `${got} ${(e as Error).message} at t=${loop.time()}`;
      }
      return 'unreachable';
    });
    expect(result).toBe('7 nope at t=2');
  });

  it('a bad yield is thrown back into the task, naming the task and the value', () => {
    const outcome = runSim(function* () {
      yield 5;
    });
    expect(outcome.error).toMatchInlineSnapshot(
      `[RuntimeError: task "Task-1" yielded number 5, which simloop cannot wait on — did you mean \`yield* sleep(...)\` or \`yield* future\`?]`,
    );
    const forgot = runSim(function* () {
      yield sleep(1);
    });
    expect(forgot.error).toMatchInlineSnapshot(`[RuntimeError: task "Task-1" yielded sleep(1) without the star — did you mean \`yield* sleep(1)\`?]`);
  });

  it('a stuck run raises DeadlockError naming who waits on what', () => {
    const outcome = runSim(function* () {
      const loop = getRunningLoop();
      createTask(
        (function* () {
          yield* loop.createFuture('the reply from B');
        })(),
        { name: 'A' },
      );
      yield* loop.createFuture('a future nobody resolves');
    });
    expect(outcome.error).toMatchInlineSnapshot(`
      [DeadlockError: deadlock at t=0, step 2: nothing is ready and no timer is pending, but 2 tasks are still waiting:
        - task "Task-1" waits on a future nobody resolves
        - task "A" waits on the reply from B]
    `);
  });

  it('rejects a function where a coroutine is expected, with the fix', () => {
    function* main(): Coroutine<void> {}
    expect(() => run(function* () {
      createTask(main as never);
    })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: createTask expected a coroutine (a generator object), got function main — did you forget to call it? createTask(main()), not createTask(main)]`,
    );
    expect(() => sleep(-1)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: sleep expected a delay of 0 seconds or more, got -1; asyncio treats a negative delay as 0 — write sleep(0)]`,
    );
    expect(Future).toBeDefined();
  });
});
