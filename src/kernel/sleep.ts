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
  constructor(
    /** Seconds of virtual time; 0 or less is a bare yield. */
    readonly delay: number,
    readonly result: R,
  ) {}

  *[Symbol.iterator](): Generator<Sleep<R>, R, unknown> {
    return (yield this) as R;
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
  return new Sleep(delay, result);
}
