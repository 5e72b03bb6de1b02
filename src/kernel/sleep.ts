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

// Where a `yield* sleep(d)` stands: not started, yielded (the task holds it), finished.
const FRESH = 0;
const YIELDED = 1;
const FINISHED = 2;

// Layers test for a sleep request on every yield: by a brand on the prototype
// (a property load V8 caches), not `instanceof` against a class bound in another
// module (a generic call of ~100 instructions).
const SLEEP: unique symbol = Symbol('Sleep');

/** True for a sleep request (what `sleep(d)` returns). */
export function isSleep(value: unknown): value is Sleep<unknown> {
  return typeof value === 'object' && value !== null && (value as { [SLEEP]?: true })[SLEEP] === true;
}

/**
 * A sleep request. It is also its own iterator for `yield*` and its own
 * IteratorResult: `yield*` reads `done` and `value` from what `next` returns
 * at once and keeps nothing, so on the hottest path of the asyncio layer a
 * sleep costs one object, not three (request, iterator, result).
 */
export class Sleep<R = undefined> implements Iterator<Sleep<R>, R, unknown> {
  declare readonly [SLEEP]: true;
  /**
   * Set by `yield*` (the iterator) just before the request is yielded, so the
   * asyncio layer can tell `yield* sleep(1)` from a forgotten star in
   * `yield sleep(1)` — the trick CPython plays with `_asyncio_future_blocking`.
   */
  awaited = false;
  /** @internal The IteratorResult side of the request (read by `yield*`). */
  done = false;
  /** @internal The request itself while yielded, then what the layer sent back. */
  value: unknown;
  private state = FRESH;

  constructor(
    /** Seconds of virtual time; 0 is a bare yield (one turn), Infinity parks until cancelled. */
    readonly delay: number,
    readonly result: R,
  ) {
    this.value = this;
  }

  /** `yield* sleep(d)`: yields this request once, then returns what the layer sends back. */
  [Symbol.iterator](): Iterator<Sleep<R>, R, unknown> {
    if (this.state === YIELDED) {
      throw new Error(`${this.label} is already being awaited by another coroutine; call sleep() again for a second sleep`);
    }
    // Awaiting a request again after it finished is a new sleep, as `yield* sleep(d)` written twice would be.
    this.state = FRESH;
    this.done = false;
    this.value = this;
    return this;
  }

  /** @internal */
  next(sent?: unknown): IteratorResult<Sleep<R>, R> {
    if (this.state === FRESH) {
      this.state = YIELDED;
      this.awaited = true;
    } else {
      this.state = FINISHED;
      this.done = true;
      this.value = sent;
    }
    return this as unknown as IteratorResult<Sleep<R>, R>;
  }

  /** @internal A thrown-in error (a cancellation) propagates to the coroutine that awaits the sleep. */
  throw(error: unknown): IteratorResult<Sleep<R>, R> {
    this.state = FINISHED;
    throw error;
  }

  /** What a task parked on this request waits on, in deadlock reports and the trace: `sleep(2)`. */
  get label(): string {
    return `sleep(${this.delay})`;
  }

  toString(): string {
    return this.label;
  }
}

Object.defineProperty(Sleep.prototype, SLEEP, { value: true });

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
