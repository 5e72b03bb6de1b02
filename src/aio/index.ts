/** simloop/aio: asyncio on the virtual clock, with generator coroutines (`yield*` is `await`). */
export { sleep, Sleep } from '../kernel/index.js';
export { AbortRun, CancelledError, TimeoutError, InvalidStateError, RuntimeError, QueueEmpty, QueueFull, DeadlockError, type BlockedTask } from './errors.js';
export { Future, isFuture, type DoneCallback } from './future.js';
export { Task, isCoroutine, type Awaitable, type Coroutine, type TaskOptions } from './task.js';
export {
  EventLoop,
  getRunningLoop,
  getEventLoop,
  setEventLoop,
  newEventLoop,
  currentTask,
  allTasks,
  type LoopOptions,
  type ExceptionContext,
  type ExceptionHandler,
  type TaskFactory,
} from './loop.js';
export { gather, type GatherOptions, type AwaitedOf } from './gather.js';
export { run, runSim, type SimResult } from './run.js';
export { log } from './log.js';
export { createTask } from './create-task.js';
export { Lock, Event, Condition, type LockLike } from './locks.js';
export { Semaphore, BoundedSemaphore } from './semaphores.js';
export { Barrier } from './barrier.js';
export { Queue, PriorityQueue, LifoQueue } from './queues.js';
export { ValueError, BrokenBarrierError } from './sync-errors.js';
export { waitFor } from './wait-for.js';
export { wait, asCompleted, FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED, type ReturnWhen, type WaitOptions, type AsCompletedOptions } from './wait.js';
export { shield } from './shield.js';
export { TaskGroup, taskGroup } from './task-group.js';
export { Timeout, timeout, timeoutAt, withTimeout, withTimeoutAt } from './timeout.js';
export { BaseExceptionGroup, ExceptionGroup } from './exception-group.js';
export type { AwaitableLike } from './inputs.js';
