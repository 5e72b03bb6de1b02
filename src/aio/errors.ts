/**
 * asyncio's exceptions, and simloop's report for a stuck run.
 */
import { SimloopError } from '../kernel/index.js';

/** asyncio.CancelledError: thrown into a task that was cancelled. */
export class CancelledError extends Error {
  override name = 'CancelledError';
}

/** asyncio.TimeoutError (an alias of the builtin TimeoutError since 3.11). */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/** asyncio.InvalidStateError: a result asked of a pending future, a future set twice. */
export class InvalidStateError extends Error {
  override name = 'InvalidStateError';
}

/** Python's RuntimeError, for the cases where asyncio raises one (a bad yield, a closed loop). */
export class RuntimeError extends Error {
  override name = 'RuntimeError';
}

/** asyncio.QueueEmpty / QueueFull, from the nowait queue methods. */
export class QueueEmpty extends Error {
  override name = 'QueueEmpty';
}
export class QueueFull extends Error {
  override name = 'QueueFull';
}

/**
 * Thrown from a coroutine or callback, ends the whole run at once — what
 * SystemExit does in asyncio: the task records it, nothing else runs, and it
 * escapes run()/runUntilComplete(). For harnesses that must stop a
 * simulation from inside (a budget of their own, a fatal invariant).
 */
export class AbortRun extends SimloopError {
  override name = 'AbortRun';
}

/** One blocked task in a deadlock report. */
export interface BlockedTask {
  readonly task: string;
  /** What it awaits: a future, lock, event, queue, another task — or "nothing" (never resumed). */
  readonly waitsOn: string;
}

/**
 * Nothing is ready, no timer is pending, and the awaited future is not done:
 * without simloop the program would hang forever.
 */
export class DeadlockError extends SimloopError {
  override name = 'DeadlockError';
  constructor(
    readonly blocked: readonly BlockedTask[],
    readonly time: number,
    readonly step: number,
  ) {
    const lines = blocked.map((b) => `  - task "${b.task}" waits on ${b.waitsOn}`);
    super(
      `deadlock at t=${time}, step ${step}: nothing is ready and no timer is pending, ` +
        `but ${blocked.length} task${blocked.length === 1 ? ' is' : 's are'} still waiting:\n${lines.join('\n')}` +
        (blocked.length === 0 ? '  (no task is pending: the awaited future is never resolved)' : ''),
    );
  }
}
