/**
 * wait(aws, { timeout, returnWhen }) and asCompleted(aws, { timeout }):
 * CPython 3.11's `tasks.wait` / `tasks._wait` and `tasks.as_completed`,
 * ported line for line.
 *
 * Order. CPython keeps the futures in a `set`, which iterates in hash order —
 * for futures and tasks, their memory addresses: an order no program can
 * rely on. simloop uses a JavaScript Set built from the argument, so every
 * walk over "the set" follows the argument's order (first occurrence, the
 * same future twice counting once). Concretely:
 *  - wait's `done` and `pending` are Sets in argument order (CPython: the
 *    order of `set(fs)`);
 *  - its done callbacks are added, and removed, in argument order — which no
 *    event order can show: each future runs only its own callbacks;
 *  - asCompleted makes tasks of coroutines in argument order (CPython: in
 *    `set(fs)` order, which decides which task starts first: pass tasks to
 *    asCompleted when the start order matters, on both sides).
 * The event order itself does not depend on this choice.
 *
 * 3.11 forbids coroutines in wait() (make tasks of them first); an empty
 * wait set is an error; as_completed uses an unbounded Queue (queues.ts), as
 * CPython's does.
 */
import { describe } from '../kernel/index.js';
import { TimeoutError } from './errors.js';
import { Future, isFuture } from './future.js';
import { checkTimeout, toAwaitable, type AwaitableLike, type ResultOf } from './inputs.js';
import { getEventLoop, getRunningLoop, type EventLoop } from './loop.js';
import { Queue } from './queues.js';
import { isCoroutine, type Awaitable, type Coroutine } from './task.js';
import { releaseWaiter } from './wait-for.js';

export const FIRST_COMPLETED = 'FIRST_COMPLETED';
export const FIRST_EXCEPTION = 'FIRST_EXCEPTION';
export const ALL_COMPLETED = 'ALL_COMPLETED';
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;

export interface WaitOptions {
  /** Seconds before wait() returns anyway (null or omitted: no timeout); wait never raises TimeoutError. */
  readonly timeout?: number | null;
  /** When to return: ALL_COMPLETED (default), FIRST_COMPLETED, or FIRST_EXCEPTION. */
  readonly returnWhen?: ReturnWhen;
}

export interface AsCompletedOptions {
  /** Seconds after which the remaining awaits raise TimeoutError (null or omitted: no timeout). */
  readonly timeout?: number | null;
}

function checkOptions(fn: string, options: unknown): void {
  if (typeof options !== 'object' || options === null || isFuture(options) || isCoroutine(options)) {
    throw new TypeError(`${fn} expected its options as an object like { timeout: 5 }, got ${describe(options)}`);
  }
}

/**
 * asyncio.wait: waits for the futures or tasks in `aws` and returns
 * `[done, pending]`, two Sets in argument order. Never raises TimeoutError.
 */
export function wait<F extends Future<unknown>>(aws: Iterable<F>, options: WaitOptions = {}): Coroutine<[Set<F>, Set<F>]> {
  checkOptions('wait', options);
  const timeout = options.timeout ?? null;
  const returnWhen = options.returnWhen ?? ALL_COMPLETED;
  checkTimeout('wait', timeout);
  if (isFuture(aws) || isCoroutine(aws)) {
    throw new TypeError(`wait expected an iterable of futures (an array), not a single ${isCoroutine(aws) ? 'coroutine' : describe(aws)} — write wait([x])`);
  }
  if (typeof aws !== 'object' || aws === null || typeof (aws as Iterable<F>)[Symbol.iterator] !== 'function') {
    throw new TypeError(`wait expected an iterable of futures (an array), got ${describe(aws)}`);
  }
  if (returnWhen !== FIRST_COMPLETED && returnWhen !== FIRST_EXCEPTION && returnWhen !== ALL_COMPLETED) {
    throw new RangeError(`wait: invalid returnWhen value ${describe(returnWhen)}; expected 'FIRST_COMPLETED', 'FIRST_EXCEPTION' or 'ALL_COMPLETED'`);
  }
  const fs = new Set(aws);
  if (fs.size === 0) throw new RangeError('wait expected at least one future or task, got an empty set: there would be nothing to wait for');
  let index = 0;
  for (const f of fs) {
    if (isCoroutine(f)) {
      throw new TypeError(`wait: passing coroutines is forbidden (item ${index} is a coroutine), use tasks explicitly — wait([createTask(coro)])`);
    }
    if (!isFuture(f)) throw new TypeError(`wait expected futures or tasks, but item ${index} is ${describe(f)}`);
    index++;
  }
  return waitImpl(fs, timeout, returnWhen);
}

function* waitImpl<F extends Future<unknown>>(fs: Set<F>, timeout: number | null, returnWhen: ReturnWhen): Coroutine<[Set<F>, Set<F>]> {
  const loop = getRunningLoop();
  return yield* _wait(fs, timeout, returnWhen, loop);
}

/** CPython's `_wait`: `fs` is a non-empty set of futures. */
function* _wait<F extends Future<unknown>>(fs: Set<F>, timeout: number | null, returnWhen: ReturnWhen, loop: EventLoop): Coroutine<[Set<F>, Set<F>]> {
  const waiter = loop.createFuture<void>(`wait(${fs.size} futures, ${returnWhen})`);
  let timeoutHandle: { cancel(): void } | null = null;
  if (timeout !== null) timeoutHandle = loop.callLater(timeout, releaseWaiter, waiter);
  let counter = fs.size;

  const onCompletion = (f: Future<unknown>): void => {
    counter -= 1;
    if (
      counter <= 0 ||
      returnWhen === FIRST_COMPLETED ||
      (returnWhen === FIRST_EXCEPTION && !f.cancelled() && hasError(f))
    ) {
      if (timeoutHandle !== null) timeoutHandle.cancel();
      if (!waiter.done()) waiter.setResult(undefined);
    }
  };

  for (const f of fs) f.addDoneCallback(onCompletion);

  try {
    yield* waiter;
  } finally {
    if (timeoutHandle !== null) timeoutHandle.cancel();
    for (const f of fs) f.removeDoneCallback(onCompletion);
  }

  const done = new Set<F>();
  const pending = new Set<F>();
  for (const f of fs) {
    if (f.done()) done.add(f);
    else pending.add(f);
  }
  return [done, pending];
}

/** `f.exception() is not None`: calls exception() as CPython does, which marks the error retrieved. */
function hasError(f: Future<unknown>): boolean {
  f.exception();
  return f.hasException();
}

/**
 * asyncio.as_completed: an iterable of coroutines, one per distinct
 * awaitable; awaiting the n-th gives the n-th result to arrive (or throws its
 * error, or TimeoutError once `timeout` has passed). As in CPython, nothing
 * starts until the iteration does, and the iterable is one-shot:
 *
 *     for (const next of asCompleted([a, b, c], { timeout: 5 })) {
 *       const result = yield* next;
 *     }
 */
export function asCompleted<A extends AwaitableLike<unknown>>(aws: Iterable<A>, options: AsCompletedOptions = {}): IterableIterator<Coroutine<ResultOf<A>>> {
  checkOptions('asCompleted', options);
  const timeout = options.timeout ?? null;
  checkTimeout('asCompleted', timeout);
  if (isFuture(aws) || isCoroutine(aws)) {
    throw new TypeError(`asCompleted expected an iterable of awaitables (an array), not a single ${isCoroutine(aws) ? 'coroutine' : describe(aws)} — write asCompleted([x])`);
  }
  if (typeof aws !== 'object' || aws === null || typeof (aws as Iterable<A>)[Symbol.iterator] !== 'function') {
    throw new TypeError(`asCompleted expected an iterable of awaitables (an array), got ${describe(aws)}`);
  }
  const items = [...new Set(aws)].map((aw) => toAwaitable('asCompleted', aw as AwaitableLike<ResultOf<A>>));
  return new AsCompleted(asCompletedImpl(items, timeout));
}

/**
 * The generator behind asCompleted, wrapped so that it is not itself a
 * coroutine: `createTask(asCompleted(...))` and `yield* asCompleted(...)`
 * are errors, as they are in Python.
 */
class AsCompleted<T> implements IterableIterator<Coroutine<T>> {
  readonly #gen: Generator<Coroutine<T>, void, unknown>;

  constructor(gen: Generator<Coroutine<T>, void, unknown>) {
    this.#gen = gen;
  }

  next(): IteratorResult<Coroutine<T>> {
    return this.#gen.next() as IteratorResult<Coroutine<T>>;
  }

  [Symbol.iterator](): this {
    return this;
  }

  toString(): string {
    return '<asCompleted>';
  }
}

function* asCompletedImpl<T>(items: readonly Awaitable<T>[], timeout: number | null): Generator<Coroutine<T>, void, unknown> {
  const done = new Queue<Future<T> | null>();

  const loop = getEventLoop();
  const todo = new Set(items.map((f) => loop.ensureFuture(f)));
  let timeoutHandle: { cancel(): void } | null = null;

  const onTimeout = (): void => {
    for (const f of todo) {
      f.removeDoneCallback(onCompletion);
      done.putNowait(null); // Queue a dummy value for waitForOne().
    }
    todo.clear();
  };

  const onCompletion = (f: Future<T>): void => {
    if (todo.size === 0) return; // onTimeout() was here first.
    todo.delete(f);
    done.putNowait(f);
    if (todo.size === 0 && timeoutHandle !== null) timeoutHandle.cancel();
  };

  function* waitForOne(): Coroutine<T> {
    const f = yield* done.get();
    if (f === null) {
      // Dummy value from onTimeout().
      throw new TimeoutError(`asCompleted timed out after ${timeout} s`);
    }
    return f.result(); // May throw f's error.
  }

  for (const f of todo) f.addDoneCallback(onCompletion);
  if (todo.size > 0 && timeout !== null) timeoutHandle = loop.callLater(timeout, onTimeout);
  for (let i = todo.size; i > 0; i--) yield waitForOne();
}
