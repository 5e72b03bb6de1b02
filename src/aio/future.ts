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
import { describe, type Owner } from '../kernel/index.js';
import type { OwnedCallback } from './handle.js';
import { CancelledError, InvalidStateError, RuntimeError } from './errors.js';
import type { EventLoop } from './loop.js';

const PENDING = 0;
const CANCELLED = 1;
const FINISHED = 2;

// Declared as a method so that Future<T> stays assignable to Future<unknown>
// (method parameters are bivariant; a plain function type would make Future invariant).
export type DoneCallback<T> = { bivarianceHack(future: Future<T>): void }['bivarianceHack'];
// How callbacks are kept: typed loosely so that Future<T> stays covariant in T.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type StoredCallback = (future: any, owner: Owner) => void;

export class Future<T = unknown> {
  /** CPython's `_asyncio_future_blocking`: set by `yield*`, so a bare `yield future` is caught. */
  blocking = false;
  /** What this future stands for, in deadlock reports: "sleep(2)", "Lock.acquire()", ... */
  label: string;

  private state = PENDING;
  private value: T | undefined = undefined;
  private error: unknown = undefined;
  private hasError = false;
  // The first callback in fields, the rest in an array made on demand (CPython's C
  // Future does the same): most futures have exactly one waiter.
  private callback0: StoredCallback | null = null;
  private owner0: Owner | null = null;
  private callbacks: [StoredCallback, Owner | null][] | null = null;
  protected logTraceback = false;
  protected cancelMessage: string | undefined = undefined;
  protected cancelledExc: CancelledError | null = null;

  constructor(
    readonly loop: EventLoop,
    label = 'a future',
  ) {
    this.label = label;
  }

  done(): boolean {
    return this.state !== PENDING;
  }

  cancelled(): boolean {
    return this.state === CANCELLED;
  }

  result(): T {
    if (this.state === CANCELLED) throw this.makeCancelledError();
    if (this.state !== FINISHED) throw new InvalidStateError('Result is not ready.');
    this.logTraceback = false;
    if (this.hasError) throw this.error;
    return this.value as T;
  }

  /** The error the future finished with, or undefined; throws CancelledError if cancelled. */
  exception(): unknown {
    if (this.state === CANCELLED) throw this.makeCancelledError();
    if (this.state !== FINISHED) throw new InvalidStateError('Exception is not set.');
    this.logTraceback = false;
    return this.error;
  }

  /** The error, without marking it retrieved (for the trace and reports). */
  peekException(): unknown {
    return this.error;
  }

  /** True when the future finished with an error (an error can be any thrown value, even undefined). */
  hasException(): boolean {
    return this.state === FINISHED && this.hasError;
  }

  setResult(result: T): void {
    if (this.state !== PENDING) throw new InvalidStateError(`${stateName(this.state)}: ${this}`);
    this.value = result;
    this.state = FINISHED;
    this.scheduleCallbacks();
  }

  setException(exception: unknown): void {
    if (this.state !== PENDING) throw new InvalidStateError(`${stateName(this.state)}: ${this}`);
    this.error = exception;
    this.hasError = true;
    this.state = FINISHED;
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
  addDoneCallback(fn: DoneCallback<T> | OwnedCallback<Future<T>>, owner: Owner | null = null): void {
    if (typeof fn !== 'function') throw new TypeError(`addDoneCallback expected a function, got ${describe(fn)}`);
    const stored = fn as StoredCallback;
    if (this.state !== PENDING) this.loop.soon(stored, this, owner);
    else if (this.callback0 === null && this.callbacks === null) [this.callback0, this.owner0] = [stored, owner];
    else (this.callbacks ??= []).push([stored, owner]);
  }

  /** Removes every registration of `fn`; returns how many there were. */
  removeDoneCallback(fn: DoneCallback<T>): number {
    const all = this.takeCallbacks();
    const kept = all.filter(([f]) => f !== fn);
    for (const [f, owner] of kept) this.addDoneCallback(f, owner as Owner);
    return all.length - kept.length;
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

  private scheduleCallbacks(): void {
    if (this.callback0 === null && this.callbacks === null) return;
    for (const [fn, owner] of this.takeCallbacks()) this.loop.soon(fn, this, owner);
  }

  private takeCallbacks(): [StoredCallback, Owner | null][] {
    const all: [StoredCallback, Owner | null][] = [];
    if (this.callback0 !== null) all.push([this.callback0, this.owner0]);
    if (this.callbacks !== null) all.push(...this.callbacks);
    this.callback0 = null;
    this.owner0 = null;
    this.callbacks = null;
    return all;
  }
}

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

export function isFuture(value: unknown): value is Future {
  return value instanceof Future;
}
