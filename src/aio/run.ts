/**
 * run(main): asyncio.run on a fresh virtual-clock loop — create the main
 * task, run until it is done, then shut down as CPython's Runner does:
 * cancel every task still pending (in creation order; CPython walks a set)
 * and run until they finish, then the two shutdown steps (async generators,
 * default executor), each of which costs loop iterations in CPython too.
 *
 * runSim(main) is the same run, returning the result or error together with
 * the trace, the final virtual time and the step count.
 */
import { SimloopError, describe, type Trace } from '../kernel/index.js';
import { RuntimeError } from './errors.js';
import { gather } from './gather.js';
import { EventLoop, getEventLoopOrNull, isLoopRunning, setEventLoop, type ExceptionContext, type LoopOptions } from './loop.js';
import { isCoroutine, type Coroutine } from './task.js';

export interface SimResult<T> {
  /** True when main returned; then `result` holds its value, else `error` holds what it raised. */
  readonly ok: boolean;
  readonly result: T | undefined;
  readonly error: unknown;
  readonly trace: Trace | null;
  /** Virtual time when the run ended, in seconds. */
  readonly time: number;
  readonly steps: number;
  /** What reached the exception handler: failed callbacks, task errors never retrieved. */
  readonly errors: readonly ExceptionContext[];
  /** Lines written with log(). */
  readonly output: readonly string[];
}

type Main<T> = Coroutine<T> | (() => Coroutine<T>);

export function run<T>(main: Main<T>, options: LoopOptions = {}): T {
  const outcome = runSim(main, options);
  if (!outcome.ok) throw outcome.error;
  return outcome.result as T;
}

export function runSim<T>(main: Main<T>, options: LoopOptions = {}): SimResult<T> {
  if (isLoopRunning()) throw new RuntimeError('run() cannot be called from a running event loop');
  const coro = typeof main === 'function' ? main() : main;
  if (!isCoroutine(coro)) {
    throw new TypeError(`run expected a coroutine (a generator object) or a function returning one, got ${describe(coro)}`);
  }
  const loop = new EventLoop(options);
  const previous = getEventLoopOrNull();
  setEventLoop(loop);
  let ok = false;
  let result: T | undefined;
  let error: unknown;
  try {
    result = loop.runUntilComplete(loop.createTask(coro));
    ok = true;
  } catch (caught) {
    error = caught;
  }
  try {
    // A run stopped by simloop itself (budget, deadlock) is reported as it stands.
    if (!(error instanceof SimloopError)) shutdown(loop);
  } catch (caught) {
    if (ok) [ok, error] = [false, caught];
  } finally {
    loop.close();
    setEventLoop(previous);
  }
  if (ok && loop.strict && loop.errors.length > 0) [ok, error] = [false, loop.errors[0]!.exception ?? new RuntimeError(loop.errors[0]!.message)];
  return { ok, result: ok ? result : undefined, error, trace: loop.kernel.trace, time: loop.time(), steps: loop.kernel.steps, errors: loop.errors, output: loop.output };
}

function shutdown(loop: EventLoop): void {
  cancelAllTasks(loop);
  loop.runUntilComplete(shutdownAsyncgens());
  loop.runUntilComplete(shutdownDefaultExecutor());
  loop.reportUnretrieved();
}

// asyncio.runners._cancel_all_tasks
function cancelAllTasks(loop: EventLoop): void {
  const toCancel = loop.allTasks();
  if (toCancel.length === 0) return;
  loop.kernel.emit('shutdown', `[${toCancel.map((t) => t.name).join(',')}]`, null);
  for (const task of toCancel) task.cancel();
  loop.runUntilComplete(gather(...toCancel, { returnExceptions: true }));
  for (const task of toCancel) {
    if (task.cancelled()) continue;
    if (task.hasException()) {
      loop.callExceptionHandler({ message: 'unhandled exception during asyncio.run() shutdown', exception: task.exception(), task: task.name });
    }
  }
}

// Nothing to close in a simulation, but CPython runs each as a task: the iterations they cost are kept.
// eslint-disable-next-line require-yield
function* shutdownAsyncgens(): Coroutine<void> {}
// eslint-disable-next-line require-yield
function* shutdownDefaultExecutor(): Coroutine<void> {}
