/**
 * waitFor(aw, timeout): CPython 3.11's `tasks.wait_for`, with its helpers
 * `_release_waiter` and `_cancel_and_wait`, ported line for line (3.11's
 * waiter-based version, not 3.12's one built on `timeout()`).
 *
 * The timeout timer is created before the inner task, so when the inner work
 * and the timeout are due at the same instant the timeout wins. On timeout
 * the inner task is cancelled and awaited (`_cancel_and_wait`): its
 * cancellation happens before the caller sees TimeoutError; if it swallows
 * the cancel and returns, that value is returned. A timeout of 0 cancels the
 * inner task before it runs; `null` just awaits. Negative or NaN timeouts
 * are refused (asyncio treats a negative one as 0: write 0).
 */
import { CancelledError, TimeoutError } from './errors.js';
import type { Future } from './future.js';
import { checkTimeout, toAwaitable, type AwaitableLike } from './inputs.js';
import { getRunningLoop, type EventLoop } from './loop.js';
import type { Awaitable, Coroutine } from './task.js';

/** asyncio.wait_for: the result of `aw`, or TimeoutError after `timeout` seconds (null: no timeout). */
export function waitFor<T>(aw: AwaitableLike<T>, timeout: number | null): Coroutine<T> {
  checkTimeout('waitFor', timeout);
  return waitForImpl(toAwaitable('waitFor', aw), timeout);
}

function* waitForImpl<T>(fut: Awaitable<T>, timeout: number | null): Coroutine<T> {
  const loop = getRunningLoop();

  if (timeout === null) return yield* fut;

  if (timeout <= 0) {
    const inner = loop.ensureFuture(fut);

    if (inner.done()) return inner.result();

    yield* cancelAndWait(inner, loop);
    try {
      return inner.result();
    } catch (exc) {
      if (exc instanceof CancelledError) throw timedOut(timeout, exc);
      throw exc;
    }
  }

  const waiter = loop.createFuture<void>(`waitFor(${timeout}) of a result or the timeout`);
  const timeoutHandle = loop.callLater(timeout, releaseWaiter, waiter);
  const cb = (): void => releaseWaiter(waiter);

  const inner = loop.ensureFuture(fut);
  inner.addDoneCallback(cb);

  try {
    // wait until the future completes or the timeout
    try {
      yield* waiter;
    } catch (exc) {
      if (!(exc instanceof CancelledError)) throw exc;
      if (inner.done()) return inner.result();
      inner.removeDoneCallback(cb);
      // We must ensure that the task is not running after waitFor() returns (bpo-32751).
      yield* cancelAndWait(inner, loop);
      throw exc;
    }

    if (inner.done()) return inner.result();
    inner.removeDoneCallback(cb);
    // We must ensure that the task is not running after waitFor() returns (bpo-32751).
    yield* cancelAndWait(inner, loop);
    // In case task cancellation failed with some exception, we should re-raise it (bpo-40607).
    try {
      return inner.result();
    } catch (exc) {
      if (exc instanceof CancelledError) throw timedOut(timeout, exc);
      throw exc;
    }
  } finally {
    timeoutHandle.cancel();
  }
}

/** `raise exceptions.TimeoutError() from exc` */
function timedOut(timeout: number, cause: CancelledError): TimeoutError {
  return new TimeoutError(`waitFor timed out after ${timeout} s`, { cause });
}

/** CPython's `_release_waiter`: resolve the waiter unless something already did. */
export function releaseWaiter(waiter: Future<void>): void {
  if (!waiter.done()) waiter.setResult(undefined);
}

/** CPython's `_cancel_and_wait`: cancel `fut` and wait until it completes, through a waiter of our own. */
export function* cancelAndWait(fut: Future<unknown>, loop: EventLoop): Coroutine<void> {
  const waiter = loop.createFuture<void>(`the cancellation of ${fut.label}`);
  const cb = (): void => releaseWaiter(waiter);
  fut.addDoneCallback(cb);

  try {
    fut.cancel();
    // We cannot wait on fut directly, to make sure cancelAndWait itself is reliably cancellable.
    yield* waiter;
  } finally {
    fut.removeDoneCallback(cb);
  }
}
