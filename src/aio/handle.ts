/**
 * Handle: a callback queued on the loop (asyncio.Handle). The kernel runs it;
 * an exception it raises goes to the loop's exception handler, as CPython's
 * `Handle._run` does, so one bad callback never takes the loop down.
 */
import type { Owner, Runnable } from '../kernel/index.js';
import { AbortRun } from './errors.js';
import type { EventLoop } from './loop.js';

/**
 * A one-argument callback. When it has an owner (the task it resumes), the
 * owner is passed as a second argument: the loop's own callbacks are then
 * shared functions, not a closure per task.
 */
export type OwnedCallback<A> = (arg: A, owner: Owner) => void;

export class Handle<A = unknown> implements Runnable {
  cancelled = false;

  constructor(
    private readonly callback: ((arg: A) => void) | OwnedCallback<A>,
    private readonly arg: A,
    /** The task this callback resumes, if any: strategies and the trace see it. */
    readonly owner: Owner | null,
    private readonly loop: EventLoop,
  ) {}

  cancel(): void {
    this.cancelled = true;
  }

  run(): void {
    try {
      if (this.owner === null) (this.callback as (arg: A) => void)(this.arg);
      else this.callback(this.arg, this.owner);
    } catch (exception) {
      if (exception instanceof AbortRun) throw exception; // CPython's Handle._run lets SystemExit out
      this.loop.callExceptionHandler({ message: `Exception in callback ${this.callback.name || '(anonymous)'}`, exception });
    }
  }
}

/** A callback with any number of arguments, from the public `callSoon` / `callLater` / `callAt`. */
export class CallbackHandle<A extends unknown[]> implements Runnable {
  cancelled = false;
  readonly owner: Owner | null = null;

  constructor(
    private readonly callback: (...args: A) => void,
    private readonly args: A,
    private readonly loop: EventLoop,
  ) {}

  cancel(): void {
    this.cancelled = true;
  }

  run(): void {
    try {
      this.callback(...this.args);
    } catch (exception) {
      if (exception instanceof AbortRun) throw exception;
      this.loop.callExceptionHandler({ message: `Exception in callback ${this.callback.name || '(anonymous)'}`, exception });
    }
  }
}
