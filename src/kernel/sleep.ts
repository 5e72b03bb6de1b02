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

// Where a `yield* sleep(d)` stands, read from its IteratorResult fields rather
// than kept in fields of its own (one object per asyncio sleep, kept small):
//   fresh     done false, value undefined
//   yielded   done false, value the request   (`yield*` took it, no layer yet)
//   parked    done false, value PARKED        (a layer took it: a task sleeps on it)
//   finished  done true,  value what the layer sent back
const PARKED: unique symbol = Symbol('parked');

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
  /** @internal The IteratorResult side of the request (read by `yield*`). */
  done = false;
  /** @internal Undefined while fresh, the request itself while yielded, PARKED, then what the layer sent back. */
  value: unknown = undefined;

  constructor(
    /** Seconds of virtual time; 0 is a bare yield (one turn), Infinity parks until cancelled. */
    readonly delay: number,
    readonly result: R,
  ) {}

  /**
   * True once `yield*` has yielded the request and no layer has claimed it:
   * how the asyncio layer tells `yield* sleep(1)` from a forgotten star in
   * `yield sleep(1)` — the trick CPython plays with `_asyncio_future_blocking`.
   */
  get awaited(): boolean {
    return this.value === this && !this.done;
  }

  /** @internal A layer takes the request it was yielded: true if it came through `yield*` and nobody took it yet. */
  claim(): boolean {
    if (this.value !== this || this.done) return false;
    this.value = PARKED;
    return true;
  }

  /** `yield* sleep(d)`: yields this request once, then returns what the layer sends back. */
  [Symbol.iterator](): Iterator<Sleep<R>, R, unknown> {
    if (!this.done && this.value !== undefined) {
      throw new Error(`${this.label} is already being awaited by another coroutine; call sleep() again for a second sleep`);
    }
    // Awaiting a request again after it finished is a new sleep, as `yield* sleep(d)` written twice would be.
    this.done = false;
    this.value = undefined;
    return this;
  }

  /** @internal */
  next(sent?: unknown): IteratorResult<Sleep<R>, R> {
    if (this.value === undefined && !this.done) {
      this.value = this;
    } else {
      this.done = true;
      this.value = sent;
    }
    return this as unknown as IteratorResult<Sleep<R>, R>;
  }

  /** @internal A thrown-in error (a cancellation) propagates to the coroutine that awaits the sleep. */
  throw(error: unknown): IteratorResult<Sleep<R>, R> {
    this.done = true;
    this.value = undefined;
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
