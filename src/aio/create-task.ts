/** createTask(coro, { name }): asyncio.create_task on the running loop. */
import { getRunningLoop } from './loop.js';
import type { Coroutine, Task, TaskOptions } from './task.js';

export function createTask<T>(coro: Coroutine<T>, options: TaskOptions = {}): Task<T> {
  return getRunningLoop().createTask(coro, options);
}
