/**
 * Argument checks shared by waitFor, wait, asCompleted, shield, timeout and
 * TaskGroup: each error names the function, the value it got and the fix.
 * Also owns `toAwaitable`, which lets these functions take `sleep(d)` as
 * CPython's take `asyncio.sleep(d)` (a coroutine there, a trap object here).
 */
import { Sleep, describe } from '../kernel/index.js';
import { isFuture, type Future } from './future.js';
import { isCoroutine, type Awaitable, type Coroutine } from './task.js';

/** What waitFor, shield and asCompleted accept: a future, a task, a coroutine, or `sleep(d)`. */
export type AwaitableLike<T = unknown> = Awaitable<T> | Sleep<T>;

/** What awaiting an AwaitableLike gives. */
export type ResultOf<A> = A extends Future<infer T> ? T : A extends Sleep<infer T> ? T : A extends Generator<unknown, infer T, unknown> ? T : never;

function* sleepCoroutine<T>(request: Sleep<T>): Coroutine<T> {
  return yield* request;
}

/** A future or coroutine as is; `sleep(d)` as the coroutine asyncio.sleep(d) would be; anything else a TypeError. */
export function toAwaitable<T>(fn: string, value: AwaitableLike<T>): Awaitable<T> {
  if (isFuture(value) || isCoroutine(value)) return value as Awaitable<T>;
  if (value instanceof Sleep) return sleepCoroutine(value);
  const hint =
    typeof value === 'function'
      ? ` — did you forget to call it? ${fn}(work()), not ${fn}(work)`
      : (value as unknown) instanceof Promise
        ? ' — a native Promise, which this loop does not own and cannot wait on in virtual time'
        : '';
  throw new TypeError(`${fn} expected a Future, a Task or a coroutine (a generator object), got ${describe(value)}${hint}`);
}

/**
 * A timeout in seconds, or null for none. Negative timeouts are refused, as
 * simloop's sleep() refuses negative delays: asyncio treats them as 0.
 */
export function checkTimeout(fn: string, timeout: unknown): asserts timeout is number | null {
  if (timeout === null) return;
  if (typeof timeout !== 'number' || Number.isNaN(timeout)) {
    throw new TypeError(`${fn} expected a timeout in seconds or null, got ${describe(timeout)}`);
  }
  if (timeout < 0) {
    throw new RangeError(`${fn} expected a timeout of 0 seconds or more (or null), got ${timeout}; asyncio treats a negative timeout as 0 — write 0`);
  }
}

/** An absolute loop time, or null for never (any number but NaN: a past deadline expires at once). */
export function checkDeadline(fn: string, when: unknown): asserts when is number | null {
  if (when === null) return;
  if (typeof when !== 'number' || Number.isNaN(when)) {
    throw new TypeError(`${fn} expected a loop time in seconds or null, got ${describe(when)}`);
  }
}

/** The body of a `run(body)` scope: a function that makes a coroutine. */
export function checkBody(fn: string, body: unknown): void {
  if (typeof body !== 'function') {
    const hint = isCoroutine(body) ? ' — pass the generator function itself: function* () { ... }, not its call' : '';
    throw new TypeError(`${fn} expected a generator function for its body, got ${describe(body)}${hint}`);
  }
}

/** Calls the body and checks that it made a coroutine. */
export function callBody<S, T>(fn: string, body: (scope: S) => Coroutine<T>, scope: S): Coroutine<T> {
  const coro = body(scope);
  if (!isCoroutine(coro)) {
    throw new TypeError(`${fn}'s body must be a generator function (function* (...) { ... }), but it returned ${describe(coro)}`);
  }
  return coro;
}
