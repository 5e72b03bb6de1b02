/**
 * TaskGroup against CPython 3.11's taskgroups.py: each program runs on
 * simloop and on CPython's asyncio with a virtual clock
 * (properties/reference/vloop.py); the logged lines must be identical.
 *
 * CPython keeps a group's tasks in a set and cancels them in hash order;
 * simloop's is a Set in creation order, so the reference programs import
 * properties/reference/ordered_sets.py, which makes TaskGroup keep its tasks
 * in insertion order — the same move as vloop.py's `_cancel_all_tasks`.
 */
import { outputLines as lines } from './fixtures/output-lines.js';
import { describe, expect, it } from 'vitest';
import { cpython, hasPython, dedent } from '../../properties/reference/cpython.js';
import {
  AbortRun,
  BaseExceptionGroup,
  CancelledError,
  ExceptionGroup,
  Task,
  TaskGroup,
  createTask,
  currentTask,
  log,
  newEventLoop,
  runSim,
  sleep,
  taskGroup,
  type Coroutine,
  type TaskFactory,
} from './index.js';

const PY_PRELUDE = dedent(`
  import ordered_sets  # the group's tasks in creation order, as simloop's

  class Boom(Exception): pass
  async def child(name, d, fail=False, cleanup=0):
      try:
          await asyncio.sleep(d)
      except asyncio.CancelledError:
          say(f'{name} cancelled')
          if cleanup:
              await asyncio.sleep(cleanup)
              say(f'{name} cleaned up')
          raise
      if fail:
          say(f'{name} fails')
          raise Boom(name)
      say(f'{name} done')
      return name
  def group(eg):
      return f"{type(eg).__name__}: {eg} [{', '.join(type(e).__name__ + ' ' + str(e) for e in eg.exceptions)}]"
  def cancelling():
      return asyncio.current_task().cancelling()
`);

function reference(program: string): string[] {
  return cpython(PY_PRELUDE + '\n' + dedent(program));
}

class Boom extends Error {
  override name = 'Boom';
}

function* child(name: string, d: number, fail = false, cleanup = 0): Coroutine<string> {
  try {
    yield* sleep(d);
  } catch (e) {
    if (!(e instanceof CancelledError)) throw e;
    log(`${name} cancelled`);
    if (cleanup) {
      yield* sleep(cleanup);
      log(`${name} cleaned up`);
    }
    throw e;
  }
  if (fail) {
    log(`${name} fails`);
    throw new Boom(name);
  }
  log(`${name} done`);
  return name;
}

function group(eg: BaseExceptionGroup): string {
  return `${eg.name}: ${eg.message} [${eg.exceptions.map((e) => `${(e as Error).name} ${(e as Error).message}`).join(', ')}]`;
}

function cancelling(): number {
  return currentTask()!.cancelling();
}

describe.skipIf(!hasPython)('TaskGroup matches CPython 3.11', () => {
  it('the first failure cancels the body and the siblings; the failures come out as one ExceptionGroup', () => {
    function* main(): Coroutine<void> {
      try {
        yield* taskGroup(function* (tg) {
          tg.createTask(child('A', 1), { name: 'A' });
          tg.createTask(child('B', 2, true), { name: 'B' });
          tg.createTask(child('C', 5, false, 0.5), { name: 'C' });
          tg.createTask(child('D', 6), { name: 'D' });
          tg.createTask(child('E', 2, true), { name: 'E' });
          log('body waits');
          try {
            yield* sleep(10);
          } catch (e) {
            log('body', (e as Error).name, 'cancelling', cancelling());
            throw e;
          }
          log('body never gets here');
        });
      } catch (e) {
        if (!(e instanceof ExceptionGroup)) throw e;
        log(group(e), 'cancelling', cancelling());
      }
      yield* sleep(1);
      log('main goes on');
    }
    expect(lines(main)).toEqual(
      reference(`
        async def main():
            try:
                async with asyncio.TaskGroup() as tg:
                    tg.create_task(child('A', 1), name='A')
                    tg.create_task(child('B', 2, True), name='B')
                    tg.create_task(child('C', 5, False, 0.5), name='C')
                    tg.create_task(child('D', 6), name='D')
                    tg.create_task(child('E', 2, True), name='E')
                    say('body waits')
                    try:
                        await asyncio.sleep(10)
                    except asyncio.CancelledError as e:
                        say('body', 'CancelledError', 'cancelling', cancelling()); raise
                    say('body never gets here')
            except ExceptionGroup as eg:
                say(group(eg), 'cancelling', cancelling())
            await asyncio.sleep(1)
            say('main goes on')
        run(main())
      `),
    );
  });

  it('an error in the body cancels the tasks and joins the group last; a clean body waits for every task and returns', () => {
    function* main(): Coroutine<void> {
      try {
        yield* taskGroup(function* (tg) {
          tg.createTask(child('A', 1, true), { name: 'A' });
          tg.createTask(child('B', 3, false, 1), { name: 'B' });
          yield* sleep(0.5);
          log('body raises');
          throw new Boom('body');
        });
      } catch (e) {
        if (!(e instanceof ExceptionGroup)) throw e;
        log(group(e));
      }
      const r = yield* taskGroup(function* (tg) {
        const x = tg.createTask(child('X', 2), { name: 'X' });
        tg.createTask(child('Y', 1), { name: 'Y' });
        log('body ends');
        return x;
      });
      log('after the group', r.result());
    }
    expect(lines(main)).toEqual(
      reference(`
        async def main():
            try:
                async with asyncio.TaskGroup() as tg:
                    tg.create_task(child('A', 1, True), name='A')
                    tg.create_task(child('B', 3, False, 1), name='B')
                    await asyncio.sleep(0.5)
                    say('body raises')
                    raise Boom('body')
            except ExceptionGroup as eg:
                say(group(eg))
            async with asyncio.TaskGroup() as tg:
                x = tg.create_task(child('X', 2), name='X')
                tg.create_task(child('Y', 1), name='Y')
                say('body ends')
            say('after the group', x.result())
        run(main())
      `),
    );
  });

  it('cancelling the parent from outside cancels the tasks, waits for them (even when cancelled again) and raises CancelledError', () => {
    function* parent(): Coroutine<void> {
      try {
        yield* taskGroup(function* (tg) {
          tg.createTask(child('A', 5, false, 1), { name: 'A' });
          tg.createTask(child('B', 5, false, 2), { name: 'B' });
          yield* sleep(10);
        });
      } catch (e) {
        log('parent', (e as Error).name, 'cancelling', cancelling());
        throw e;
      }
    }
    function* main(): Coroutine<void> {
      const p = createTask(parent(), { name: 'P' });
      yield* sleep(1);
      p.cancel();
      yield* sleep(1.5);
      log('cancel again');
      p.cancel();
      try {
        yield* p;
      } catch (e) {
        log('main', (e as Error).name, p.cancelled());
      }
    }
    expect(lines(main)).toEqual(
      reference(`
        async def parent():
            try:
                async with asyncio.TaskGroup() as tg:
                    tg.create_task(child('A', 5, False, 1), name='A')
                    tg.create_task(child('B', 5, False, 2), name='B')
                    await asyncio.sleep(10)
            except BaseException as e:
                say('parent', type(e).__name__, 'cancelling', cancelling()); raise
        async def main():
            p = asyncio.create_task(parent(), name='P')
            await asyncio.sleep(1)
            p.cancel()
            await asyncio.sleep(1.5)
            say('cancel again')
            p.cancel()
            try:
                await p
            except asyncio.CancelledError:
                say('main', 'CancelledError', 'true' if p.cancelled() else 'false')
        run(main())
      `),
    );
  });

  it('nested groups: the inner one cancels and uncancels its parent, the outer one carries on', () => {
    function* main(): Coroutine<void> {
      yield* taskGroup(function* (outer) {
        outer.createTask(child('O1', 3), { name: 'O1' });
        try {
          yield* taskGroup(function* (inner) {
            inner.createTask(child('I1', 1, true), { name: 'I1' });
            inner.createTask(child('I2', 5), { name: 'I2' });
            yield* sleep(10);
          });
        } catch (e) {
          if (!(e instanceof ExceptionGroup)) throw e;
          log('inner', group(e), 'cancelling', cancelling());
        }
        yield* sleep(1);
        log('outer body goes on');
      });
      log('all done, cancelling', cancelling());
    }
    expect(lines(main)).toEqual(
      reference(`
        async def main():
            async with asyncio.TaskGroup() as outer:
                outer.create_task(child('O1', 3), name='O1')
                try:
                    async with asyncio.TaskGroup() as inner:
                        inner.create_task(child('I1', 1, True), name='I1')
                        inner.create_task(child('I2', 5), name='I2')
                        await asyncio.sleep(10)
                except ExceptionGroup as eg:
                    say('inner', group(eg), 'cancelling', cancelling())
                await asyncio.sleep(1)
                say('outer body goes on')
            say('all done, cancelling', cancelling())
        run(main())
      `),
    );
  });

  it('a child failing while the parent is also cancelled from outside: the group error wins and one cancel stays pending', () => {
    function* parent(): Coroutine<void> {
      try {
        yield* taskGroup(function* (tg) {
          tg.createTask(child('A', 1, true), { name: 'A' });
          tg.createTask(child('B', 4, false, 0.5), { name: 'B' });
          yield* sleep(10);
        });
      } catch (e) {
        if (!(e instanceof ExceptionGroup)) throw e;
        log('parent', group(e), 'cancelling', cancelling());
      }
      try {
        yield* sleep(1);
        log('parent slept');
      } catch (e) {
        log('parent', (e as Error).name, 'in its next await');
        throw e;
      }
    }
    function* main(): Coroutine<void> {
      const p = createTask(parent(), { name: 'P' });
      yield* sleep(1);
      p.cancel();
      log('main cancelled P too');
      try {
        yield* p;
      } catch (e) {
        log('main', (e as Error).name);
      }
    }
    expect(lines(main)).toEqual(
      reference(`
        async def parent():
            try:
                async with asyncio.TaskGroup() as tg:
                    tg.create_task(child('A', 1, True), name='A')
                    tg.create_task(child('B', 4, False, 0.5), name='B')
                    await asyncio.sleep(10)
            except ExceptionGroup as eg:
                say('parent', group(eg), 'cancelling', cancelling())
            try:
                await asyncio.sleep(1)
                say('parent slept')
            except asyncio.CancelledError:
                say('parent', 'CancelledError', 'in its next await'); raise
        async def main():
            p = asyncio.create_task(parent(), name='P')
            await asyncio.sleep(1)
            p.cancel()
            say('main cancelled P too')
            try:
                await p
            except asyncio.CancelledError:
                say('main', 'CancelledError')
        run(main())
      `),
    );
  });
  it('3.11 quirk kept: a task failing after the body returned cancels the parent, and exit never uncancels it', () => {
    function* main(): Coroutine<void> {
      try {
        yield* taskGroup(function* (tg) {
          tg.createTask(child('A', 1, true), { name: 'A' });
          tg.createTask(child('B', 2, false, 0.5), { name: 'B' });
          log('body returns');
        });
      } catch (e) {
        if (!(e instanceof ExceptionGroup)) throw e;
        log(group(e), 'cancelling', cancelling());
      }
      yield* sleep(1);
      log('slept anyway');
    }
    expect(lines(main)).toEqual(
      reference(`
        async def main():
            try:
                async with asyncio.TaskGroup() as tg:
                    tg.create_task(child('A', 1, True), name='A')
                    tg.create_task(child('B', 2, False, 0.5), name='B')
                    say('body returns')
            except ExceptionGroup as eg:
                say(group(eg), 'cancelling', cancelling())
            await asyncio.sleep(1)
            say('slept anyway')
        run(main())
      `),
    );
  });
  it('AbortRun (CPython: SystemExit) thrown by the body: the tasks are cancelled and awaited, then it ends the run, never grouped', () => {
    function* main(): Coroutine<void> {
      yield* taskGroup(function* (tg) {
        tg.createTask(child('A', 5, false, 1), { name: 'A' });
        tg.createTask(child('B', 1, true), { name: 'B' });
        yield* sleep(0.5);
        log('body aborts');
        throw new AbortRun('stop');
      });
    }
    const outcome = runSim(main);
    expect(outcome.error).toBeInstanceOf(AbortRun);
    expect([...outcome.output, `run ended ${(outcome.error as Error).name}`]).toEqual(
      reference(`
        async def main():
            async with asyncio.TaskGroup() as tg:
                tg.create_task(child('A', 5, False, 1), name='A')
                tg.create_task(child('B', 1, True), name='B')
                await asyncio.sleep(0.5)
                say('body aborts')
                raise SystemExit('stop')
        try:
            run(main())
        except SystemExit as e:
            print('run ended', 'AbortRun')
      `),
    );
  });
});

describe('TaskGroup: simloop specifics', () => {
  it('a task factory sees the tasks of a group, with their names', () => {
    const loop = newEventLoop();
    const seen: string[] = [];
    const factory: TaskFactory = (l, coro, options) => {
      const task = new Task(coro, { loop: l, ...options });
      seen.push(task.getName());
      return task;
    };
    loop.setTaskFactory(factory);
    function* main(): Coroutine<void> {
      yield* taskGroup(function* (tg) {
        tg.createTask(child('a', 1), { name: 'a' });
        tg.createTask(child('b', 1));
      });
    }
    loop.runUntilComplete(main());
    expect(seen).toEqual(['Task-1', 'a', 'Task-3']);
  });

  it('createTask outside the group, after it, while it shuts down; entering twice; a body that is not a generator function', () => {
    const errors: string[] = [];
    const note = (f: () => unknown): void => {
      try {
        f();
        errors.push('no error');
      } catch (e) {
        errors.push(`${(e as Error).name}: ${(e as Error).message}`);
      }
    };
    function* main(): Coroutine<void> {
      const tg = new TaskGroup();
      note(() => tg.createTask(child('x', 1)));
      try {
        yield* tg.run(function* (g) {
          note(() => g.createTask((() => 1) as unknown as Coroutine<void>));
          g.createTask(child('y', 0.5, true), { name: 'y' });
          try {
            yield* sleep(1);
          } catch (e) {
            note(() => g.createTask(child('z', 1)));
            throw e;
          }
        });
      } catch (e) {
        errors.push(group(e as ExceptionGroup));
      }
      note(() => tg.createTask(child('w', 1)));
      try {
        yield* tg.run(function* () {});
      } catch (e) {
        errors.push(`${(e as Error).name}: ${(e as Error).message}`);
      }
      try {
        yield* taskGroup((() => 42) as unknown as () => Coroutine<void>);
      } catch (e) {
        errors.push(group(e as ExceptionGroup));
      }
    }
    const outcome = runSim(main);
    expect(outcome.ok).toBe(true);
    expect(errors).toMatchInlineSnapshot(`
      [
        "RuntimeError: TaskGroup <TaskGroup> has not been entered",
        "TypeError: createTask expected a coroutine (a generator object), got function (anonymous) — did you forget to call it? createTask(main()), not createTask(main)",
        "RuntimeError: TaskGroup <TaskGroup errors=1 cancelling> is shutting down",
        "ExceptionGroup: unhandled errors in a TaskGroup (1 sub-exception) [Boom y]",
        "RuntimeError: TaskGroup <TaskGroup cancelling> is finished",
        "RuntimeError: TaskGroup <TaskGroup cancelling> has already been entered",
        "ExceptionGroup: unhandled errors in a TaskGroup (1 sub-exception) [TypeError TaskGroup.run's body must be a generator function (function* (...) { ... }), but it returned number 42]",
      ]
    `);
  });

  it('bad input: names the value', () => {
    expect(() => taskGroup(undefined as unknown as () => Coroutine<void>)).toThrowErrorMatchingInlineSnapshot(`[TypeError: taskGroup expected a generator function for its body, got undefined]`);
    function* body(): Coroutine<void> {}
    expect(() => new TaskGroup().run(body() as unknown as () => Coroutine<void>)).toThrowErrorMatchingInlineSnapshot(`[TypeError: TaskGroup.run expected a generator function for its body, got object {} — pass the generator function itself: function* () { ... }, not its call]`);
    expect(() => new ExceptionGroup('none', [])).toThrowErrorMatchingInlineSnapshot(`[TypeError: ExceptionGroup expected a non-empty array of errors second, got Array []]`);
  });
});

describe('ExceptionGroup', () => {
  it('is an AggregateError with .exceptions, and splits like except*', () => {
    const inner = new ExceptionGroup('inner', [new RangeError('r2'), new Boom('b2')]);
    const eg = new ExceptionGroup('outer', [new RangeError('r1'), new Boom('b1'), inner]);
    expect(eg).toBeInstanceOf(AggregateError);
    expect(eg).toBeInstanceOf(BaseExceptionGroup);
    expect(eg.message).toBe('outer (3 sub-exceptions)');
    expect(eg.groupMessage).toBe('outer');
    expect(eg.errors).toEqual(eg.exceptions);
    const [match, rest] = eg.split(RangeError);
    const show = (g: BaseExceptionGroup | null): unknown =>
      g === null ? null : g.exceptions.map((e) => (e instanceof BaseExceptionGroup ? show(e) : (e as Error).message));
    expect(show(match)).toEqual(['r1', ['r2']]);
    expect(show(rest)).toEqual(['b1', ['b2']]);
    expect(show(eg.subgroup((e) => e instanceof Boom && e.message === 'b2'))).toEqual([['b2']]);
    expect(eg.subgroup(TypeError)).toBeNull();
    expect(eg.split(ExceptionGroup)).toEqual([eg, null]);
    expect(match).toBeInstanceOf(ExceptionGroup);
  });
});
