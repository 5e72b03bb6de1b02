/**
 * shield(aw): CPython 3.11's `tasks.shield`, ported line for line. The
 * returned future follows `aw`, but cancelling it (or the task awaiting it)
 * does not cancel `aw`: the inner work runs on, and its error, if any, is
 * marked retrieved. A coroutine becomes a task (through loop.createTask);
 * an awaitable already done is returned as is.
 */
import { Future, isFuture } from './future.js';
import { toAwaitable, type AwaitableLike } from './inputs.js';
import { getEventLoop } from './loop.js';

/** asyncio.shield: a future that follows `aw` and whose cancellation does not reach it. */
export function shield<T>(aw: AwaitableLike<T>): Future<T> {
  const arg = toAwaitable('shield', aw);
  const inner = isFuture(arg) ? (arg as Future<T>) : getEventLoop().ensureFuture(arg);
  if (inner.done()) {
    // Shortcut.
    return inner;
  }
  const loop = inner.loop;
  const outer = loop.createFuture<T>(`shield(${inner.label})`);

  const innerDoneCallback = (inner: Future<T>): void => {
    if (outer.cancelled()) {
      // Mark inner's result as retrieved.
      if (!inner.cancelled()) inner.exception();
      return;
    }

    if (inner.cancelled()) {
      outer.cancel();
    } else if (inner.hasException()) {
      outer.setException(inner.exception());
    } else {
      outer.setResult(inner.result());
    }
  };

  const outerDoneCallback = (): void => {
    if (!inner.done()) inner.removeDoneCallback(innerDoneCallback);
  };

  inner.addDoneCallback(innerDoneCallback);
  outer.addDoneCallback(outerDoneCallback);
  return outer;
}
