/**
 * Lock, Event and Condition: CPython 3.11.7's asyncio/locks.py, ported line
 * for line (Semaphore and BoundedSemaphore are in semaphores.ts, Barrier in
 * barrier.ts). Every wakeup is a `setResult` on a waiter future, so the woken
 * task runs through the loop's callbacks in exactly CPython's order. Which
 * waiter is woken is CPython's under fifo; other strategies may pick among
 * the waiters that joined at the same instant (waiters.ts: 'lock-waiter',
 * 'condition-waiter').
 *
 * Owns: the waiter deques and the subtle parts — Lock never lets a newcomer
 * barge past a woken waiter (`_wakeUpFirst`, the `_locked`/waiters dance on
 * cancellation); Event.set wakes every waiter and a clear() right after does
 * not undo it; Condition.wait re-acquires the lock even when cancelled, then
 * raises CancelledError.
 *
 * Private members keep CPython's names, camelCased (`_wake_up_first` →
 * `_wakeUpFirst`), so the port reads side by side with locks.py.
 * `async with lock:` is `yield* lock.acquire(); try { ... } finally { lock.release(); }`.
 */
import { describe } from '../kernel/index.js';
import { CancelledError, RuntimeError } from './errors.js';
import type { Future } from './future.js';
import { LoopBound } from './mixins.js';
import type { Coroutine } from './task.js';
import { chooseWaiter, noteArrival } from './waiters.js';

/** @internal `deque.remove(x)` when x is known to be there (or absent: then nothing). */
export function dequeRemove<T>(waiters: T[], item: T): void {
  const i = waiters.indexOf(item);
  if (i >= 0) waiters.splice(i, 1);
}

/** The `[state, waiters:n]` part of a primitive's repr. */
export function reprExtra(extra: string, waiters: readonly unknown[] | null): string {
  return waiters !== null && waiters.length > 0 ? `${extra}, waiters:${waiters.length}` : extra;
}

/**
 * A primitive lock: not owned by a task; acquire() waits until it is
 * unlocked, waiters get it in FIFO order, and release() of an unlocked lock
 * raises RuntimeError.
 */
export class Lock extends LoopBound {
  private _waiters: Future<boolean>[] | null = null;
  private _locked = false;
  /**
   * simloop: a waiter woken out of FIFO order (a 'lock-waiter' choice) that
   * has not run yet. Until it runs it stands first, as the woken head does in
   * CPython: no second waiter may be woken meanwhile. Under fifo the woken
   * waiter is always the head, and this stays null.
   */
  private _woken: Future<boolean> | null = null;

  override toString(): string {
    return `<Lock [${reprExtra(this._locked ? 'locked' : 'unlocked', this._waiters)}]>`;
  }

  /** True if the lock is acquired. */
  locked(): boolean {
    return this._locked;
  }

  /** Waits until the lock is unlocked, then locks it and returns true. */
  *acquire(): Coroutine<true> {
    if (!this._locked && (this._waiters === null || this._waiters.every((w) => w.cancelled()))) {
      this._locked = true;
      return true;
    }

    if (this._waiters === null) this._waiters = [];
    const fut = this._getLoop().createFuture<boolean>('Lock.acquire()');
    this._waiters.push(fut);
    noteArrival(fut);

    // The finally block runs before the CancelledError handling, so a
    // cancelled waiter does not _wakeUpFirst() itself.
    try {
      try {
        yield* fut;
      } finally {
        dequeRemove(this._waiters, fut);
        if (this._woken === fut) this._woken = null;
      }
    } catch (exc) {
      if (exc instanceof CancelledError) {
        if (!this._locked) this._wakeUpFirst();
      }
      throw exc;
    }

    this._locked = true;
    return true;
  }

  /** Unlocks, and lets the first waiter (if any) proceed. RuntimeError if not locked. */
  release(): void {
    if (this._locked) {
      this._locked = false;
      this._wakeUpFirst();
    } else {
      throw new RuntimeError(`Lock is not acquired: release() called on ${this}`);
    }
  }

  /** Wakes up the first waiter if it isn't done. */
  private _wakeUpFirst(): void {
    if (this._waiters === null || this._waiters.length === 0) return;
    const fut = this._waiters[0]!;
    // done() means that waiter will run later and either take the lock or,
    // if it was cancelled and the lock is free, come back here for the next one.
    if (fut.done() || this._woken !== null) return;
    // Choice point 'lock-waiter': the first waiter is the first to ARRIVE;
    // waiters that joined at the same instant could have arrived in another
    // order (waiters.ts), so the strategy may wake any of them. Fairness
    // (no barging past the woken one) is kept: see _woken.
    const chosen = this._waiters[chooseWaiter('lock-waiter', this._waiters, 0)]!;
    if (chosen !== fut) this._woken = chosen;
    chosen.setResult(true);
  }
}

/**
 * asyncio.Event: a flag; wait() blocks until it is set. set() wakes every
 * waiter; a clear() right after does not take that back.
 */
export class Event extends LoopBound {
  private readonly _waiters: Future<boolean>[] = [];
  private _value = false;

  override toString(): string {
    return `<Event [${reprExtra(this._value ? 'set' : 'unset', this._waiters)}]>`;
  }

  /** True if and only if the flag is set. */
  isSet(): boolean {
    return this._value;
  }

  /** Sets the flag and wakes every waiter; later wait()s return at once. */
  set(): void {
    if (!this._value) {
      this._value = true;

      for (const fut of this._waiters) {
        if (!fut.done()) fut.setResult(true);
      }
    }
  }

  /** Resets the flag: later wait()s block until set() is called again. */
  clear(): void {
    this._value = false;
  }

  /** Returns true at once if the flag is set, else blocks until set() is called. */
  *wait(): Coroutine<true> {
    if (this._value) return true;

    const fut = this._getLoop().createFuture<boolean>('Event.wait()');
    this._waiters.push(fut);
    try {
      yield* fut;
      return true;
    } finally {
      dequeRemove(this._waiters, fut);
    }
  }
}

/** What Condition needs of its lock: CPython takes any object with these three methods. */
export interface LockLike {
  locked(): boolean;
  acquire(): Coroutine<unknown>;
  release(): void;
}

/**
 * asyncio.Condition: wait() until notified, holding a lock (a new Lock, or
 * the one given) around the check. `locked`, `acquire` and `release` are the
 * lock's.
 */
export class Condition extends LoopBound {
  private readonly _lock: LockLike;
  private readonly _waiters: Future<boolean>[] = [];

  constructor(lock: LockLike | null = null) {
    super();
    if (lock === null) lock = new Lock();
    else if (!isLockLike(lock)) {
      throw new TypeError(`Condition expected a Lock (an object with locked(), acquire() and release()), got ${describe(lock)}`);
    }
    this._lock = lock;
  }

  override toString(): string {
    return `<Condition [${reprExtra(this.locked() ? 'locked' : 'unlocked', this._waiters)}]>`;
  }

  // CPython exports the lock's bound methods as attributes.
  locked(): boolean {
    return this._lock.locked();
  }

  acquire(): Coroutine<unknown> {
    return this._lock.acquire();
  }

  release(): void {
    this._lock.release();
  }

  /**
   * Releases the lock, blocks until notify()/notifyAll(), re-acquires the
   * lock and returns true. The lock is re-acquired even if the wait is
   * cancelled (then CancelledError is raised once it is held).
   */
  *wait(): Coroutine<true> {
    if (!this.locked()) throw new RuntimeError(`cannot wait on un-acquired lock: acquire ${this} first (yield* cond.acquire())`);

    this.release();
    try {
      const fut = this._getLoop().createFuture<boolean>('Condition.wait()');
      this._waiters.push(fut);
      noteArrival(fut);
      try {
        yield* fut;
        return true;
      } finally {
        dequeRemove(this._waiters, fut);
      }
    } finally {
      // Must reacquire the lock even if wait is cancelled.
      let cancelled = false;
      for (;;) {
        try {
          yield* this.acquire();
          break;
        } catch (exc) {
          if (!(exc instanceof CancelledError)) throw exc;
          cancelled = true;
        }
      }

      // eslint-disable-next-line no-unsafe-finally
      if (cancelled) throw new CancelledError();
    }
  }

  /**
   * Waits until `predicate()` is truthy (JavaScript truthiness: an empty
   * array is truthy, unlike Python's) and returns its last value.
   */
  *waitFor<R>(predicate: () => R): Coroutine<R> {
    if (typeof predicate !== 'function') throw new TypeError(`waitFor expected a predicate function, got ${describe(predicate)}`);
    let result = predicate();
    while (!result) {
      yield* this.wait();
      result = predicate();
    }
    return result;
  }

  /**
   * Wakes up at most `n` waiters (default 1). Needs the lock; a woken waiter
   * returns from wait() only once it re-acquires it, so the caller should release it.
   */
  notify(n = 1): void {
    if (!this.locked()) throw new RuntimeError(`cannot notify on un-acquired lock: acquire ${this} first (yield* cond.acquire())`);
    if (typeof n !== 'number' || Number.isNaN(n)) throw new TypeError(`notify expected a number of waiters to wake, got ${describe(n)}`);

    // CPython wakes the first n waiters not done, in deque order. Choice
    // point 'condition-waiter': each one woken may instead be any waiter not
    // done that joined at the same instant as the first (their arrival order
    // is not the program's: waiters.ts). When every remaining candidate is
    // woken anyway, which goes first only orders their wake-ups in the next
    // iteration — already the kernel's choice — so nobody is asked.
    const waiters = this._waiters;
    let idx = 0;
    for (let i = 0; i < waiters.length && idx < n; i++) {
      if (waiters[i]!.done()) continue;
      idx += 1;
      const pick = chooseWaiter('condition-waiter', waiters, i, n - idx + 1);
      waiters[pick]!.setResult(false);
      if (pick !== i) i--; // the waiter at i is still not done: look at it again
    }
  }

  /** Wakes up every waiter. Needs the lock. */
  notifyAll(): void {
    this.notify(this._waiters.length);
  }
}

function isLockLike(value: unknown): value is LockLike {
  if (typeof value !== 'object' || value === null) return false;
  const lock = value as Partial<Record<keyof LockLike, unknown>>;
  return typeof lock.locked === 'function' && typeof lock.acquire === 'function' && typeof lock.release === 'function';
}
