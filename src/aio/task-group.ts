/**
 * TaskGroup: CPython 3.11's taskgroups.py, ported line for line.
 *
 * `async with asyncio.TaskGroup() as tg: body` is
 *
 *     yield* taskGroup(function* (tg) {
 *       tg.createTask(work(), { name: 'w' });
 *       ...
 *     });
 *
 * (or `yield* new TaskGroup().run(function* (tg) { ... })`). `run` is
 * `__aenter__` + try + `__aexit__`: the exit — waiting for every task of the
 * group — always runs and there is no other way in, so it cannot be
 * forgotten; it returns what the body returns. The first task to fail
 * cancels the body (the parent task, through cancel()/uncancel()) and every
 * other task of the group; once all are done, the errors are thrown together
 * as an ExceptionGroup, "unhandled errors in a TaskGroup", in the order the
 * tasks failed (an error thrown by the body itself comes last).
 *
 * Differences: the group's tasks are a Set in creation order, so siblings
 * are cancelled in creation order (CPython's is a set in hash order — the
 * reference tests patch it to insertion order); `_is_base_error` — CPython's
 * SystemExit/KeyboardInterrupt — is simloop's AbortRun: thrown by the body or
 * a task, it is re-thrown as is once the tasks are done, never grouped;
 * `createTask` takes `{ name }` as create_task(name=).
 */
import { AbortRun, CancelledError, RuntimeError } from './errors.js';
import { ExceptionGroup } from './exception-group.js';
import type { Future } from './future.js';
import { callBody, checkBody } from './inputs.js';
import { currentTask, getRunningLoop, type EventLoop } from './loop.js';
import type { Coroutine, Task, TaskOptions } from './task.js';

export class TaskGroup {
  private entered = false;
  private exiting = false;
  private aborting = false;
  private loop: EventLoop | null = null;
  private parentTask: Task<unknown> | null = null;
  private parentCancelRequested = false;
  private readonly tasks = new Set<Task<unknown>>();
  private errors: unknown[] | null = [];
  private baseError: { readonly error: unknown } | null = null;
  private onCompletedFut: Future<boolean> | null = null;

  toString(): string {
    const info: string[] = [''];
    if (this.tasks.size > 0) info.push(`tasks=${this.tasks.size}`);
    if (this.errors !== null && this.errors.length > 0) info.push(`errors=${this.errors.length}`);
    if (this.aborting) info.push('cancelling');
    else if (this.entered) info.push('entered');
    return `<TaskGroup${info.join(' ')}>`;
  }

  /**
   * `async with tg:` around `body` — returns what the body returns once every
   * task of the group is done; throws an ExceptionGroup if any of them failed.
   */
  run<T>(body: (group: TaskGroup) => Coroutine<T>): Coroutine<T> {
    checkBody('TaskGroup.run', body);
    return this.scope(body);
  }

  private *scope<T>(body: (group: TaskGroup) => Coroutine<T>): Coroutine<T> {
    this.enter();
    let result: T;
    try {
      result = yield* callBody('TaskGroup.run', body, this);
    } catch (error) {
      yield* this.exit({ error });
      throw error;
    }
    yield* this.exit(null);
    return result;
  }

  /** `__aenter__` (it never suspends, so it is a plain method). */
  private enter(): void {
    if (this.entered) throw new RuntimeError(`TaskGroup ${this} has already been entered`);
    if (this.loop === null) this.loop = getRunningLoop();
    this.parentTask = currentTask(this.loop);
    if (this.parentTask === null) throw new RuntimeError(`TaskGroup ${this} cannot determine the parent task`);
    this.entered = true;
  }

  /** `__aexit__`: `thrown` is what the body threw, null if it returned. */
  private *exit(thrown: { readonly error: unknown } | null): Coroutine<void> {
    this.exiting = true;
    const exc = thrown?.error;

    if (thrown !== null && isBaseError(exc) && this.baseError === null) this.baseError = thrown;

    let propagateCancellationError: CancelledError | null = thrown !== null && exc instanceof CancelledError ? exc : null;
    if (this.parentCancelRequested) {
      // If this flag is set we *must* call uncancel().
      if (this.parentTask!.uncancel() === 0) {
        // If there are no pending cancellations left, don't propagate CancelledError.
        propagateCancellationError = null;
      }
    }

    if (thrown !== null) {
      if (!this.aborting) {
        // Our parent task is being cancelled, or the body threw: cancel the tasks.
        this.abort();
      }
    }

    // A while loop, because onCompletedFut can be cancelled several times if
    // the parent task is cancelled repeatedly (or even once, when our own
    // cancellation is already in progress).
    while (this.tasks.size > 0) {
      if (this.onCompletedFut === null) this.onCompletedFut = this.loop!.createFuture<boolean>(`the tasks of TaskGroup ${this}`);

      try {
        yield* this.onCompletedFut;
      } catch (ex) {
        if (!(ex instanceof CancelledError)) throw ex;
        if (!this.aborting) {
          // Our parent task is being cancelled while tasks of the group still run.
          propagateCancellationError = ex;
          this.abort();
        }
      }

      this.onCompletedFut = null;
    }

    if (this.baseError !== null) throw this.baseError.error;

    // Propagate CancelledError if there is one, except if there are other errors -- those have priority.
    if (propagateCancellationError !== null && this.errors!.length === 0) throw propagateCancellationError;

    if (thrown !== null && !(exc instanceof CancelledError)) this.errors!.push(exc);

    if (this.errors!.length > 0) {
      const me = new ExceptionGroup('unhandled errors in a TaskGroup', this.errors!);
      this.errors = null;
      throw me;
    }
  }

  /** asyncio's TaskGroup.create_task: a task of this group, made through the loop (a task factory sees it). */
  createTask<T>(coro: Coroutine<T>, options: TaskOptions = {}): Task<T> {
    if (!this.entered) throw new RuntimeError(`TaskGroup ${this} has not been entered`);
    if (this.exiting && this.tasks.size === 0) throw new RuntimeError(`TaskGroup ${this} is finished`);
    if (this.aborting) throw new RuntimeError(`TaskGroup ${this} is shutting down`);
    // 3.11 creates the task unnamed and names it afterwards: a Task-N number is used up either way.
    if (options.name !== undefined) this.loop!.nextTaskNumber();
    const task = this.loop!.createTask(coro, options);
    task.addDoneCallback(this.onTaskDone);
    this.tasks.add(task);
    return task;
  }

  private abort(): void {
    this.aborting = true;

    for (const t of this.tasks) if (!t.done()) t.cancel();
  }

  private readonly onTaskDone = (fut: Future<unknown>): void => {
    const task = fut as Task<unknown>;
    this.tasks.delete(task);

    if (this.onCompletedFut !== null && this.tasks.size === 0) {
      if (!this.onCompletedFut.done()) this.onCompletedFut.setResult(true);
    }

    if (task.cancelled()) return;

    const exc = task.exception();
    if (!task.hasException()) return;

    this.errors!.push(exc);
    if (isBaseError(exc) && this.baseError === null) this.baseError = { error: exc };

    const parent = this.parentTask!;
    if (parent.done()) {
      // Not sure if this case is possible, but we want to handle it anyways.
      this.loop!.callExceptionHandler({
        message: `Task ${task} has errored out but its parent task ${parent} is already completed`,
        exception: exc,
        task: task.getName(),
      });
      return;
    }

    if (!this.aborting && !this.parentCancelRequested) {
      // The parent task is not being cancelled: cancel it, to abort whatever
      // it runs in the group now, and mark it "not cancelled" again in exit().
      this.abort();
      this.parentCancelRequested = true;
      parent.cancel();
    }
  };
}

/** CPython's `_is_base_error` (SystemExit, KeyboardInterrupt): here AbortRun, which ends the run. */
function isBaseError(exc: unknown): boolean {
  return exc instanceof AbortRun;
}

/** `async with asyncio.TaskGroup() as tg:` — runs `body(tg)`, then waits for every task of the group. */
export function taskGroup<T>(body: (group: TaskGroup) => Coroutine<T>): Coroutine<T> {
  checkBody('taskGroup', body);
  return new TaskGroup().run(body);
}
