/**
 * The sleep trap: the one request a task may yield to ask for virtual time to
 * pass. It is plain data; each layer decides what sleeping means for it
 * (TaskScheduler parks the task on a timer, the asyncio layer waits on a
 * future resolved by a timer, as CPython's `asyncio.sleep` does).
 *
 * `sleep(d)` is also iterable, so both spellings work:
 *   `yield sleep(2)`   in a seed-style task;
 *   `yield* sleep(2)`  in a coroutine, where `yield*` plays `await` and the
 *                      value sent back (the `result` argument) is returned.
 */
import { describe } from './describe.js';

export class Sleep<R = undefined> {
  /**
   * Set by `yield*` (the iterator) just before the request is yielded, so the
   * asyncio layer can tell `yield* sleep(1)` from a forgotten star in
   * `yield sleep(1)` — the trick CPython plays with `_asyncio_future_blocking`.
   */
  awaited = false;

  constructor(
    /** Seconds of virtual time; 0 is a bare yield (one turn), Infinity parks until cancelled. */
    readonly delay: number,
    readonly result: R,
  ) {}

  /** `yield* sleep(d)`: yields this request once, then returns what the layer sends back. */
  [Symbol.iterator](): Iterator<Sleep<R>, R, unknown> {
    let yielded = false;
    const request = this;
    // Hand-written rather than a generator: one is made per sleep, on the hottest path.
    return {
      next(sent?: unknown): IteratorResult<Sleep<R>, R> {
        if (yielded) return { done: true, value: sent as R };
        yielded = true;
        request.awaited = true;
        return { done: false, value: request };
      },
      throw(error: unknown): IteratorResult<Sleep<R>, R> {
        throw error;
      },
    };
  }

  toString(): string {
    return `sleep(${this.delay})`;
  }
}

export function sleep(delay: number): Sleep<undefined>;
export function sleep<R>(delay: number, result: R): Sleep<R>;
export function sleep<R>(delay: number, result?: R): Sleep<R | undefined> {
  if (typeof delay !== 'number' || Number.isNaN(delay)) {
    throw new TypeError(`sleep expected a number of seconds, got ${describe(delay)}`);
  }
  if (delay < 0) {
    throw new RangeError(`sleep expected a delay of 0 seconds or more, got ${delay}; asyncio treats a negative delay as 0 — write sleep(0)`);
  }
  return new Sleep(delay, result);
}
