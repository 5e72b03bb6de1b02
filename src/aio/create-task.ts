/** createTask(coro, { name }): asyncio.create_task on the running loop. */
import { getRunningLoop } from './loop.js';
import type { Coroutine, Task, TaskOptions } from './task.js';

export function createTask<T>(coro: Coroutine<T>, options: TaskOptions = {}): Task<T> {
  const loop = getRunningLoop();
  // CPython 3.11's asyncio.create_task creates the task unnamed and names it
  // afterwards, so even a named task uses up a Task-N number; loop.createTask
  // with a name does not. Default names depend on it.
  if (options.name !== undefined) loop.nextTaskNumber();
  return loop.createTask(coro, options);
}
