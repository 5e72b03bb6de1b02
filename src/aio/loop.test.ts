/**
 * The loop's own API (issue 7): newEventLoop, runUntilComplete, stop,
 * close, the task factory, allTasks, readyCount/timerCount, and a deadlock
 * that leaves the loop usable.
 */
import { describe, expect, it } from 'vitest';
import { cpython, hasPython } from '../../properties/reference/cpython.js';
import {
  CancelledError,
  DeadlockError,
  EventLoop,
  Task,
  createTask,
  gather,
  getRunningLoop,
  log,
  newEventLoop,
  sleep,
  type Coroutine,
  type TaskFactory,
} from './index.js';

describe.skipIf(!hasPython)('driving the loop by hand, as CPython', () => {
  it('newEventLoop + runUntilComplete + cancelling the leftovers in creation order gives CPython’s lines', () => {
    function* worker(name: string, d: number): Coroutine<string> {
      try {
        yield* sleep(d);
        log(`${name} woke`);
        return name;
      } catch (e) {
        log(`${name} ${(e as Error).name}`);
        throw e;
      }
    }
    function* main(): Coroutine<string> {
      createTask(worker('a', 1), { name: 'A' });
      createTask(worker('b', 5), { name: 'B' });
      createTask(worker('c', 7), { name: 'C' });
      yield* sleep(2);
      log('main done');
      return 'main';
    }
    const loop = newEventLoop();
    const out: string[] = [];
    out.push(`result ${loop.runUntilComplete(main())}`);
    const left = loop.allTasks();
    out.push(`left ${left.map((t) => t.getName()).join(',')}`);
    for (const t of left) t.cancel();
    const results = loop.runUntilComplete(gather(...left, { returnExceptions: true }));
    out.push(`gathered ${results.map((r) => (r instanceof CancelledError ? 'cancelled' : String(r))).join(',')}`);
    out.push(`time ${loop.time()}`);
    loop.close();
    expect([...loop.output, ...out]).toEqual(
      cpython(`
        async def worker(name, d):
            try:
                await asyncio.sleep(d); say(f'{name} woke'); return name
            except asyncio.CancelledError:
                say(f'{name} CancelledError'); raise
        async def main():
            asyncio.create_task(worker('a', 1), name='A')
            asyncio.create_task(worker('b', 5), name='B')
            asyncio.create_task(worker('c', 7), name='C')
            await asyncio.sleep(2)
            say('main done')
            return 'main'
        from vloop import VirtualLoop
        loop = VirtualLoop()
        asyncio.set_event_loop(loop)
        out = [f'result {loop.run_until_complete(main())}']
        left = [t for t in loop._created if not t.done()]
        out.append('left ' + ','.join(t.get_name() for t in left))
        for t in left: t.cancel()
        results = loop.run_until_complete(asyncio.gather(*left, return_exceptions=True))
        out.append('gathered ' + ','.join('cancelled' if isinstance(r, asyncio.CancelledError) else str(r) for r in results))
        out.append(f'time {fmt_time(loop.time())}')
        loop.close()
        print('\\n'.join(out))
      `),
    );
  });
});

describe('the task factory', () => {
  it('sees every task: createTask and the implicit ones of gather, with the requested names', () => {
    const loop = newEventLoop();
    const seen: string[] = [];
    const factory: TaskFactory = (l, coro, options) => {
      const task = new Task(coro, { loop: l, ...options });
      seen.push(task.getName());
      return task;
    };
    loop.setTaskFactory(factory);
    expect(loop.getTaskFactory()).toBe(factory);
    function* leaf(): Coroutine<number> {
      yield* sleep(1);
      return 1;
    }
    function* main(): Coroutine<number> {
      const t = createTask(leaf(), { name: 'explicit' });
      const [a, b] = yield* gather(leaf(), leaf());
      return (yield* t) + a + b;
    }
    expect(loop.runUntilComplete(main())).toBe(3);
    expect(seen).toEqual(['Task-1', 'explicit', 'Task-3', 'Task-4']);
  });
});

describe('loop state', () => {
  it('reports what is ready and scheduled, so a test can assert the loop is idle', () => {
    const loop = newEventLoop();
    expect([loop.readyCount, loop.timerCount]).toEqual([0, 0]);
    const handle = loop.callLater(5, () => {});
    loop.callSoon(() => {});
    expect([loop.readyCount, loop.timerCount]).toEqual([1, 1]);
    handle.cancel();
    expect(loop.timerCount).toBe(1); // cancelled timers stay until they surface, as in CPython
  });

  it('a deadlock raises DeadlockError and leaves the loop usable: cancel, then run again', () => {
    const loop = newEventLoop();
    const never = loop.createFuture<void>('a reply that never comes');
    let stuck!: Task<void>;
    function* main(): Coroutine<string> {
      stuck = createTask(
        (function* (): Coroutine<void> {
          yield* never;
        })(),
        { name: 'waiter' },
      );
      yield* sleep(1);
      yield* stuck;
      return 'unreachable';
    }
    const mainTask = loop.createTask(main(), { name: 'main' });
    expect(() => loop.runUntilComplete(mainTask)).toThrow(DeadlockError);
    try {
      loop.runUntilComplete(mainTask);
    } catch (error) {
      expect(error).toMatchInlineSnapshot(`
        [DeadlockError: deadlock at t=1, step 4: nothing is ready and no timer is pending, but 2 tasks are still waiting:
          - task "main" waits on task "waiter"
          - task "waiter" waits on a reply that never comes]
      `);
    }
    expect(loop.isRunning()).toBe(false);
    stuck.cancel();
    expect(() => loop.runUntilComplete(mainTask)).toThrow(CancelledError);
    expect(mainTask.cancelled()).toBe(true);
    loop.close();
    expect(loop.isClosed()).toBe(true);
    expect(() => loop.runUntilComplete(mainTask)).toThrowErrorMatchingInlineSnapshot(`[RuntimeError: Event loop is closed]`);
  });

  it('stop() from a callback ends runForever after that iteration; getRunningLoop works only inside', () => {
    const loop = new EventLoop();
    const seen: string[] = [];
    loop.callSoon(() => seen.push(`running ${getRunningLoop() === loop}`));
    loop.callSoon(() => loop.stop());
    loop.callSoon(() => seen.push('same iteration'));
    loop.runForever();
    expect(seen).toEqual(['running true', 'same iteration']);
    expect(() => getRunningLoop()).toThrowErrorMatchingInlineSnapshot(`[RuntimeError: no running event loop]`);
  });
});
