/**
 * Errors raised by the synchronization primitives and queues that errors.ts
 * does not have yet: Python's builtin ValueError (Semaphore(-1), an
 * over-released BoundedSemaphore, taskDone() called too many times,
 * Barrier(0)) and asyncio.BrokenBarrierError (a subclass of RuntimeError, as
 * in CPython). ValueError is generic enough to belong in errors.ts.
 */
import { RuntimeError } from './errors.js';

/** Python's ValueError: a value of the right type that is not allowed. */
export class ValueError extends Error {
  override name = 'ValueError';
}

/** asyncio.BrokenBarrierError: the barrier was reset or aborted while a task waited on it. */
export class BrokenBarrierError extends RuntimeError {
  override name = 'BrokenBarrierError';
}
