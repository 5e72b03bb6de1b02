/**
 * Semaphore and BoundedSemaphore: CPython 3.11.7's asyncio/locks.py, ported
 * line for line. A counter that acquire() decrements and release()
 * increments; acquire() waits while it is 0 (or while non-cancelled waiters
 * are queued: no barging).
 *
 * Owns: 3.11.7's exact hand-off — `_wakeUpNext` takes the count for the
 * waiter it wakes (`_value -= 1` before `setResult`); a waiter woken and then
 * cancelled before it ran gives the count back and wakes the next; a woken
 * waiter that finds the count still above 0 wakes the next one too.
 */
import { describe } from '../kernel/index.js';
import { CancelledError } from './errors.js';
import type { Future } from './future.js';
import { dequeRemove, reprExtra } from './locks.js';
import { LoopBound } from './mixins.js';
import { ValueError } from './sync-errors.js';
import type { Coroutine } from './task.js';
import { chooseWaiter, noteArrival } from './waiters.js';

export class Semaphore extends LoopBound {
  protected _waiters: Future<boolean>[] | null = null;
  protected _value: number;

  /** `value` is the initial count, an integer ≥ 0 (or Infinity); default 1. */
  constructor(value = 1) {
    super();
    checkValue(new.target.name, value);
    if (value < 0) throw new ValueError(`${new.target.name} initial value must be >= 0, got ${value}`);
    this._waiters = null;
    this._value = value;
  }

  override toString(): string {
    const extra = this.locked() ? 'locked' : `unlocked, value:${this._value}`;
    return `<${this.constructor.name} [${reprExtra(extra, this._waiters)}]>`;
  }

  /** True if the semaphore cannot be acquired immediately. */
  locked(): boolean {
    return this._value === 0 || (this._waiters ?? []).some((w) => !w.cancelled());
  }

  /** Decrements the count and returns true, waiting first while it cannot be acquired. */
  *acquire(): Coroutine<true> {
    if (!this.locked()) {
      this._value -= 1;
      return true;
    }

    if (this._waiters === null) this._waiters = [];
    const fut = this._getLoop().createFuture<boolean>(`${this.constructor.name}.acquire()`);
    this._waiters.push(fut);
    noteArrival(fut);

    // The finally block runs before the CancelledError handling, so a
    // cancelled waiter does not _wakeUpNext() itself.
    try {
      try {
        yield* fut;
      } finally {
        dequeRemove(this._waiters, fut);
      }
    } catch (exc) {
      if (exc instanceof CancelledError) {
        if (!fut.cancelled()) {
          // Woken (the count was taken for us), then cancelled before we ran: give it back.
          this._value += 1;
          this._wakeUpNext();
        }
      }
      throw exc;
    }

    if (this._value > 0) this._wakeUpNext();
    return true;
  }

  /** Increments the count, and wakes the first waiter if there is one. */
  release(): void {
    this._value += 1;
    this._wakeUpNext();
  }

  /** Wakes up the first waiter that isn't done, taking the count for it. */
  private _wakeUpNext(): void {
    if (this._waiters === null || this._waiters.length === 0) return;

    const waiters = this._waiters;
    for (let i = 0; i < waiters.length; i++) {
      if (!waiters[i]!.done()) {
        // Choice point 'semaphore-waiter': CPython wakes the first waiter to
        // arrive; those that joined at the same instant could have arrived in
        // another order (waiters.ts). Several may be woken at once here (each
        // takes a count), so no extra bookkeeping is needed to stay fair.
        const pick = chooseWaiter('semaphore-waiter', waiters, i);
        this._value -= 1;
        waiters[pick]!.setResult(true);
        return;
      }
    }
  }
}

/** A Semaphore whose release() raises ValueError if it would go above the initial value. */
export class BoundedSemaphore extends Semaphore {
  private readonly _boundValue: number;

  constructor(value = 1) {
    super(value);
    this._boundValue = value;
  }

  override release(): void {
    if (this._value >= this._boundValue) {
      throw new ValueError(`BoundedSemaphore released too many times: its value is already ${this._value}, the initial value`);
    }
    super.release();
  }
}

function checkValue(kind: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || Number.isNaN(value)) throw new TypeError(`${kind} expected an initial value (an integer >= 0), got ${describe(value)}`);
  if (!Number.isInteger(value) && value !== Infinity && value >= 0) {
    throw new TypeError(`${kind} expected an integer initial value, got ${value}`);
  }
}
