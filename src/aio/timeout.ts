/**
 * timeout(delay) / timeoutAt(when) and the Timeout they make: CPython 3.11's
 * timeouts.py, ported line for line.
 *
 * `async with asyncio.timeout(d) as tm: body` is
 *
 *     yield* withTimeout(d, function* (tm) { body });
 *
 * (or `yield* timeout(d).run(function* (tm) { ... })` for a Timeout made
 * earlier). `run` is `__aenter__` + try + `__aexit__`: the exit always runs
 * and there is no other way in, so it cannot be forgotten; it returns what
 * the body returns. When the deadline passes, the task is cancelled; if the
 * CancelledError comes out of the body and no other cancellation is pending
 * (`uncancel()` brings the count back to what it was on entry), it becomes a
 * TimeoutError whose `cause` is the CancelledError. Inside, `tm.reschedule()`
 * moves the deadline, `tm.expired()` tells whether it passed, `tm.when()`
 * reads it. A negative or NaN delay is refused (write 0); a past `when` is
 * allowed and expires in the next iteration, as in CPython.
 */
import { formatTime } from '../kernel/index.js';
import { CancelledError, RuntimeError, TimeoutError } from './errors.js';
import { callBody, checkBody, checkDeadline, checkTimeout } from './inputs.js';
import { currentTask, getRunningLoop } from './loop.js';
import type { Coroutine, Task } from './task.js';

type State = 'created' | 'active' | 'expiring' | 'expired' | 'finished';

export class Timeout {
  private state: State = 'created';
  private timeoutHandler: { cancel(): void } | null = null;
  private task: Task<unknown> | null = null;
  private cancellingOnEntry = 0;
  private deadline: number | null;

  /** Use timeout() or timeoutAt() rather than this constructor. `when` null: never expires. */
  constructor(when: number | null) {
    checkDeadline('Timeout', when);
    this.deadline = when;
  }

  /** The current deadline (loop time), or null. */
  when(): number | null {
    return this.deadline;
  }

  /** Moves the deadline to loop time `when` (null: never); only inside `run`, before it expires. */
  reschedule(when: number | null): void {
    checkDeadline('Timeout.reschedule', when);
    if (this.state !== 'active') {
      if (this.state === 'created') throw new RuntimeError('Timeout has not been entered');
      throw new RuntimeError(`Cannot change state of ${this.state} Timeout`);
    }

    this.deadline = when;

    if (this.timeoutHandler !== null) this.timeoutHandler.cancel();

    if (when === null) {
      this.timeoutHandler = null;
    } else {
      const loop = getRunningLoop();
      if (when <= loop.time()) this.timeoutHandler = loop.callSoon(this.onTimeout);
      else this.timeoutHandler = loop.callAt(when, this.onTimeout);
    }
  }

  /** True once the deadline has passed while inside `run`. */
  expired(): boolean {
    return this.state === 'expiring' || this.state === 'expired';
  }

  toString(): string {
    let info = '';
    if (this.state === 'active') info = ` when=${this.deadline === null ? 'None' : Math.round(this.deadline * 1000) / 1000}`;
    return `<Timeout [${this.state}]${info}>`;
  }

  /**
   * `async with timeout:` around `body` — returns what the body returns, or
   * throws TimeoutError if the deadline cancelled it.
   */
  run<T>(body: (timeout: Timeout) => Coroutine<T>): Coroutine<T> {
    checkBody('Timeout.run', body);
    return this.scope(body);
  }

  private *scope<T>(body: (timeout: Timeout) => Coroutine<T>): Coroutine<T> {
    this.enter();
    let result: T;
    try {
      result = yield* callBody('Timeout.run', body, this);
    } catch (error) {
      this.exit({ error });
      throw error;
    }
    this.exit(null);
    return result;
  }

  /** `__aenter__` (it never suspends, so it is a plain method). */
  private enter(): void {
    if (this.state !== 'created') throw new RuntimeError('Timeout has already been entered');
    const task = currentTask();
    if (task === null) throw new RuntimeError('Timeout should be used inside a task');
    this.state = 'active';
    this.task = task;
    this.cancellingOnEntry = task.cancelling();
    this.reschedule(this.deadline);
  }

  /** `__aexit__` (it never suspends either); `thrown` is what the body threw, null if it returned. */
  private exit(thrown: { readonly error: unknown } | null): void {
    if (this.state !== 'active' && this.state !== 'expiring') throw new RuntimeError(`Timeout exited in state ${this.state}`);

    if (this.timeoutHandler !== null) {
      this.timeoutHandler.cancel();
      this.timeoutHandler = null;
    }

    if (this.state === 'expiring') {
      this.state = 'expired';

      if (this.task!.uncancel() <= this.cancellingOnEntry && thrown !== null && thrown.error instanceof CancelledError) {
        // Since there are no new cancel requests, we're handling this.
        throw new TimeoutError(`timeout expired at t=${formatTime(this.deadline!)}`, { cause: thrown.error });
      }
    } else if (this.state === 'active') {
      this.state = 'finished';
    }
  }

  private readonly onTimeout = (): void => {
    if (this.state !== 'active') throw new RuntimeError(`Timeout fired in state ${this.state}`);
    this.task!.cancel();
    this.state = 'expiring';
    // drop the reference early
    this.timeoutHandler = null;
  };
}

/** asyncio.timeout: a Timeout expiring `delay` seconds from now (null: never). Enter it with `.run(body)`. */
export function timeout(delay: number | null): Timeout {
  checkTimeout('timeout', delay);
  const loop = getRunningLoop();
  return new Timeout(delay !== null ? loop.time() + delay : null);
}

/** asyncio.timeout_at: a Timeout expiring at loop time `when` (null: never). Enter it with `.run(body)`. */
export function timeoutAt(when: number | null): Timeout {
  checkDeadline('timeoutAt', when);
  return new Timeout(when);
}

/** `async with asyncio.timeout(delay) as tm:` — runs `body(tm)` under a deadline `delay` seconds from now. */
export function withTimeout<T>(delay: number | null, body: (timeout: Timeout) => Coroutine<T>): Coroutine<T> {
  checkBody('withTimeout', body);
  return timeout(delay).run(body);
}

/** `async with asyncio.timeout_at(when) as tm:` — runs `body(tm)` under a deadline at loop time `when`. */
export function withTimeoutAt<T>(when: number | null, body: (timeout: Timeout) => Coroutine<T>): Coroutine<T> {
  checkBody('withTimeoutAt', body);
  return timeoutAt(when).run(body);
}

