/**
 * The sleep trap: the one request a task may yield to ask for virtual time to
 * pass. It is plain data; each layer decides what sleeping means for it
 * (TaskScheduler parks the task on a timer, the asyncio layer parks the task
 * on a timer exactly as CPython's `asyncio.sleep` coroutine does).
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
    return new SleepAwait(this);
  }

  /** What a task parked on this request waits on, in deadlock reports and the trace: `sleep(2)`. */
  get label(): string {
    return `sleep(${this.delay})`;
  }

  toString(): string {
    return this.label;
  }
}

/**
 * The iterator behind `yield* sleep(d)`, made once per sleep on the hottest
 * path, so it allocates as little as it can: a small class rather than a
 * generator or a closure (those cost a context and two function objects
 * more), and it is its own IteratorResult — `yield*` reads `done` and
 * `value` from what `next` returns at once and keeps nothing, so one object
 * serves for both results instead of two more allocations per sleep.
 */
class SleepAwait<R> {
  done = false;
  value: unknown;
  private yielded = false;

  constructor(request: Sleep<R>) {
    this.value = request;
  }

  next(sent?: unknown): IteratorResult<Sleep<R>, R> {
    if (this.yielded) {
      this.done = true;
      this.value = sent;
    } else {
      this.yielded = true;
      (this.value as Sleep<R>).awaited = true;
    }
    return this as unknown as IteratorResult<Sleep<R>, R>;
  }

  // A thrown-in error (a cancellation) propagates to the coroutine that awaits the sleep.
  throw(error: unknown): IteratorResult<Sleep<R>, R> {
    throw error;
  }
}

export function sleep(delay: number): Sleep<undefined>;
export function sleep<R>(delay: number, result: R): Sleep<R>;
export function sleep<R>(delay: number, result?: R): Sleep<R | undefined> {
  // One comparison on the hot path: `delay >= 0` is false for NaN and negatives, and for non-numbers
  // other than numeric strings, which the typeof rules out.
  if (typeof delay !== 'number' || !(delay >= 0)) {
    if (typeof delay !== 'number' || Number.isNaN(delay)) {
      throw new TypeError(`sleep expected a number of seconds, got ${describe(delay)}`);
    }
    throw new RangeError(`sleep expected a delay of 0 seconds or more, got ${delay}; asyncio treats a negative delay as 0 — write sleep(0)`);
  }
  return new Sleep(delay, result);
}
