/**
 * Future: a result that arrives later (asyncio.Future, futures.py), ported
 * line for line where order matters: done callbacks are never called
 * directly — `scheduleCallbacks` queues each with `callSoon`, in registration
 * order, so they run in the next loop iteration, as in CPython.
 *
 * `yield* future` is `await future`: the iterator is Python's `__await__` —
 * mark the future blocking, yield it to the task, and return its result (or
 * throw its error) when the task is resumed.
 */
import { describe, type Owner, type Runnable } from '../kernel/index.js';
import type { OwnedCallback } from './handle.js';
import { CancelledError, InvalidStateError, RuntimeError } from './errors.js';
import type { EventLoop } from './loop.js';

const PENDING = 0;
const CANCELLED = 1;
/** Finished with a result. */
const FINISHED = 2;
/** Finished with an error (which can be any thrown value, even undefined). */
const FAILED = 3;

// Declared as a method so that Future<T> stays assignable to Future<unknown>
// (method parameters are bivariant; a plain function type would make Future invariant).
export type DoneCallback<T> = { bivarianceHack(future: Future<T>): void }['bivarianceHack'];
// How callbacks are kept: typed loosely so that Future<T> stays covariant in T.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type StoredCallback = (future: any, owner: Owner) => void;
/**
 * A done callback as kept: a function (queued in a Handle when the future is
 * done), or a ready-queue entry of the loop's own (a task's step entry),
 * queued as is with the future as its argument — no Handle per wakeup.
 */
type Callback = StoredCallback | Runnable;

// Futures (tasks included) carry a brand on the prototype, and `isFuture` reads
// it: a property load V8 caches, where `instanceof` against a class bound in a
// module is a generic call of ~100 instructions — and a task tests every yield.
const FUTURE: unique symbol = Symbol('Future');

export class Future<T = unknown> {
  declare readonly [FUTURE]: true;
  /** CPython's `_asyncio_future_blocking`: set by `yield*`, so a bare `yield future` is caught. */
  blocking = false;
  /** What this future stands for, when given (a task's label is made from its name, when read). */
  private labelText: string | null;

  private state = PENDING;
  /** The result (FINISHED) or the error (FAILED). */
  private outcome: unknown = undefined;
  // The done callbacks: none, one without an owner (the usual case: the task that
  // awaits this future — CPython's C Future also keeps the first one apart), or
  // an array of (callback, owner) pairs, flat.
  private callbacks: Callback | (Callback | Owner | null)[] | null = null;
  protected logTraceback = false;
  protected cancelMessage: string | undefined = undefined;
  protected cancelledExc: CancelledError | null = null;

  constructor(
    readonly loop: EventLoop,
    label: string | null = 'a future',
  ) {
    this.labelText = label;
  }

  /** What this future stands for, in deadlock reports and the trace: "sleep(2)", "Lock.acquire()", ... */
  get label(): string {
    return this.labelText ?? this.defaultLabel();
  }

  set label(value: string) {
    this.labelText = value;
  }

  /** The label when none was given (a Task's reads `task "<name>"`). */
  protected defaultLabel(): string {
    return 'a future';
  }

  done(): boolean {
    return this.state !== PENDING;
  }

  cancelled(): boolean {
    return this.state === CANCELLED;
  }

  result(): T {
    const state = this.state;
    if (state === CANCELLED) throw this.makeCancelledError();
    if (state === PENDING) throw new InvalidStateError('Result is not ready.');
    this.logTraceback = false;
    if (state === FAILED) throw this.outcome;
    return this.outcome as T;
  }

  /** The error the future finished with, or undefined; throws CancelledError if cancelled. */
  exception(): unknown {
    if (this.state === CANCELLED) throw this.makeCancelledError();
    if (this.state === PENDING) throw new InvalidStateError('Exception is not set.');
    this.logTraceback = false;
    return this.state === FAILED ? this.outcome : undefined;
  }

  /** The error, without marking it retrieved (for the trace and reports). */
  peekException(): unknown {
    return this.state === FAILED ? this.outcome : undefined;
  }

  /** True when the future finished with an error (an error can be any thrown value, even undefined). */
  hasException(): boolean {
    return this.state === FAILED;
  }

  setResult(result: T): void {
    if (this.state !== PENDING) throw new InvalidStateError(`${stateName(this.state)}: ${this}`);
    this.outcome = result;
    this.state = FINISHED;
    this.scheduleCallbacks();
  }

  setException(exception: unknown): void {
    if (this.state !== PENDING) throw new InvalidStateError(`${stateName(this.state)}: ${this}`);
    this.outcome = exception;
    this.state = FAILED;
    this.scheduleCallbacks();
    this.logTraceback = true;
  }

  cancel(msg?: string): boolean {
    this.logTraceback = false;
    if (this.state !== PENDING) return false;
    this.state = CANCELLED;
    this.cancelMessage = msg;
    this.scheduleCallbacks();
    return true;
  }

  /** Runs `fn(this)` once the future is done — always through callSoon, never directly. */
  addDoneCallback(fn: DoneCallback<T>): void;
  /** @internal a callback that resumes `owner`, which it receives as a second argument */
  addDoneCallback(fn: OwnedCallback<Future<T>>, owner: Owner): void;
  /** @internal a ready-queue entry of the loop's own (a task's step), queued with this future as its argument */
  addDoneCallback(entry: Runnable): void;
  addDoneCallback(fn: DoneCallback<T> | OwnedCallback<Future<T>> | Runnable, owner: Owner | null = null): void {
    if (typeof fn !== 'function' && !isEntry(fn)) throw new TypeError(`addDoneCallback expected a function, got ${describe(fn)}`);
    const callback = fn as Callback;
    if (this.state !== PENDING) return this.schedule(callback, owner);
    const callbacks = this.callbacks;
    if (callbacks === null) this.callbacks = owner === null ? callback : [callback, owner];
    else if (Array.isArray(callbacks)) callbacks.push(callback, owner);
    else this.callbacks = [callbacks, null, callback, owner];
  }

  /** Removes every registration of `fn`; returns how many there were. */
  removeDoneCallback(fn: DoneCallback<T> | Runnable): number {
    const all = this.takeCallbacks();
    let removed = 0;
    for (let i = 0; i < all.length; i += 2) {
      if (all[i] === fn) removed++;
      else this.addDoneCallback(all[i] as StoredCallback, all[i + 1] as Owner);
    }
    return removed;
  }

  getLoop(): EventLoop {
    return this.loop;
  }

  /** True when it finished with an error nobody has looked at (asyncio logs these). */
  get unretrievedError(): boolean {
    return this.logTraceback;
  }

  /** CPython's `_make_cancelled_error`: the saved CancelledError once, or a new one. */
  makeCancelledError(): CancelledError {
    if (this.cancelledExc !== null) {
      const exc = this.cancelledExc;
      this.cancelledExc = null;
      return exc;
    }
    return new CancelledError(this.cancelMessage ?? '');
  }

  /** The message given to `cancel(msg)`, if any. */
  get cancelMsg(): string | undefined {
    return this.cancelMessage;
  }

  /**
   * `yield* future`: Python's `Future.__await__` — mark the future blocking,
   * yield it to the task, and once resumed return its result (or throw).
   * A small hand-written iterator rather than a generator: one is made per await.
   */
  [Symbol.iterator](): Iterator<Future<T>, T, unknown> {
    return new FutureAwait(this);
  }

  toString(): string {
    return `<Future ${stateName(this.state)} ${this.label}>`;
  }

  // futures.py's __schedule_callbacks: every callback through call_soon, in
  // registration order. The single-waiter case (the usual one) touches no array.
  private scheduleCallbacks(): void {
    const callbacks = this.callbacks;
    if (callbacks === null) return;
    this.callbacks = null;
    if (!Array.isArray(callbacks)) return this.schedule(callbacks, null);
    for (let i = 0; i < callbacks.length; i += 2) this.schedule(callbacks[i] as Callback, callbacks[i + 1] as Owner | null);
  }

  private schedule(callback: Callback, owner: Owner | null): void {
    if (this.loop.kernel.trace !== null) this.traceWake(typeof callback === 'function' ? owner : callback.owner);
    if (typeof callback === 'function') this.loop.soon(callback, this, owner);
    else this.loop.kernel.callSoon(callback, this);
  }

  // A callback with an owner resumes that task: the trace records who woke it, and from what (timelines draw the arrow).
  private traceWake(woken: Owner | null): void {
    if (woken !== null) this.loop.kernel.emit('wake', `${woken.name} ${this.label}`);
  }

  /** Every registration as flat (callback, owner) pairs, and none left here. */
  private takeCallbacks(): (Callback | Owner | null)[] {
    const callbacks = this.callbacks;
    this.callbacks = null;
    if (callbacks === null) return [];
    return Array.isArray(callbacks) ? callbacks : [callbacks, null];
  }
}

Object.defineProperty(Future.prototype, FUTURE, { value: true });

/** The iterator behind `yield* future` (two states: not yet yielded, yielded). */
class FutureAwait<T> implements Iterator<Future<T>, T, unknown> {
  private yielded = false;

  constructor(private readonly future: Future<T>) {}

  next(): IteratorResult<Future<T>, T> {
    const future = this.future;
    if (!this.yielded && !future.done()) {
      this.yielded = true;
      future.blocking = true;
      return { done: false, value: future };
    }
    if (!future.done()) throw new RuntimeError("await wasn't used with future");
    return { done: true, value: future.result() };
  }

  // A thrown-in error (cancellation) propagates to the awaiting coroutine, as in Python.
  throw(error: unknown): IteratorResult<Future<T>, T> {
    throw error;
  }
}

function stateName(state: number): string {
  return state === PENDING ? 'pending' : state === CANCELLED ? 'cancelled' : 'finished';
}

/** A loop-internal ready-queue entry (a task's step, gather's child callback), accepted as a done callback. */
function isEntry(value: unknown): value is Runnable {
  return typeof value === 'object' && value !== null && typeof (value as Runnable).run === 'function' && 'owner' in value && 'cancelled' in value;
}

export function isFuture(value: unknown): value is Future {
  return typeof value === 'object' && value !== null && (value as { [FUTURE]?: true })[FUTURE] === true;
}
