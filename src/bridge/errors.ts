/**
 * What the bridge reports when a run cannot go on: the program waits on
 * something no release, timer or immediate can ever settle, or a promise was
 * rejected with nobody listening (which would crash a real Node process).
 */
import { formatTime, SimloopError, type RunPosition } from '../kernel/index.js';

export interface Pending {
  /** Scheduled operations whose own promise has not settled (nothing can release them). */
  readonly operations: readonly string[];
  /** Timers still armed (none when the run is stuck: a timer would be progress). */
  readonly timers: readonly string[];
  /** Native resources alive now that the bridge does not control: real timers, real I/O. */
  readonly outside: readonly string[];
}

const list = (items: readonly string[]): string => (items.length === 0 ? 'none' : items.join(', '));

export class AsyncDeadlockError extends SimloopError {
  override name = 'AsyncDeadlockError';
  constructor(
    readonly pending: Pending,
    readonly at: RunPosition,
  ) {
    const outside = pending.outside.length === 0 ? '' : `; outside simloop's control: ${pending.outside.join(', ')}`;
    super(
      `the scenario is waiting on a promise that nothing can settle (at step ${at.step}, t=${formatTime(at.time)}): ` +
        `pending scheduled operations: ${list(pending.operations)}; timers: ${list(pending.timers)}${outside}. ` +
        `Something awaited is never resolved: a forgotten resolve, real I/O, or a timer made outside the run ` +
        `(simloop fires only the timers it created) — see "Async code under simulation" in the README.`,
    );
  }
}

/** A rejection nobody handled, or an exception thrown from a microtask: in Node, the process would crash. */
export class UnhandledRejectionError extends SimloopError {
  override name = 'UnhandledRejectionError';
  constructor(
    readonly reason: unknown,
    readonly kind: 'unhandledRejection' | 'uncaughtException',
  ) {
    const shown = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
    super(
      kind === 'unhandledRejection'
        ? `a promise was rejected and nothing handled it: ${shown} (a real Node process would crash here)`
        : `an exception escaped a microtask or nextTick callback: ${shown} (a real Node process would crash here)`,
      { cause: reason },
    );
  }
}
