/**
 * EventLoop: asyncio's loop API on the simloop kernel.
 *
 * The kernel owns the iteration (`_run_once`), the clock and the queues; this
 * class adds what asyncio puts around them: handles and timers for callbacks,
 * tasks and the current task, the task factory, the exception handler,
 * run_until_complete / run_forever / stop / close, and the registry of the
 * running loop. When an iteration finds nothing to do while the awaited
 * future is still pending, CPython would block forever; simloop raises a
 * DeadlockError naming every waiting task instead, and leaves the loop usable.
 */
import { describe, show, type Kernel, type Owner, type TimerHandle } from '../kernel/index.js';
import { kernelFor, type RunOptions } from '../strategies/index.js';
import { DeadlockError, RuntimeError } from './errors.js';
import { Future, isFuture } from './future.js';
import { CallbackHandle, Handle, type OwnedCallback } from './handle.js';
import { PendingTasks } from './pending-tasks.js';
import { Task, isCoroutine, type Awaitable, type Coroutine, type TaskOptions } from './task.js';

export interface LoopOptions extends RunOptions {
  /** Fail the run on an exception in a callback or a task error never retrieved (default: record it). */
  readonly strict?: boolean;
}

export interface ExceptionContext {
  readonly message: string;
  readonly exception?: unknown;
  readonly task?: string;
}

export type ExceptionHandler = (loop: EventLoop, context: ExceptionContext) => void;
export type TaskFactory = <T>(loop: EventLoop, coro: Coroutine<T>, options: TaskOptions) => Task<T>;

let runningLoop: EventLoop | null = null;
let eventLoop: EventLoop | null = null;

export class EventLoop {
  readonly kernel: Kernel;
  readonly strict: boolean;
  /** What the default exception handler saw, in order. */
  readonly errors: ExceptionContext[] = [];
  /** Lines written with log(), as `t=<time> task=<name> <text>`. */
  readonly output: string[] = [];
  private closed = false;
  private running = false;
  private taskIds = 0;
  private unnamedTasks = 0;
  private readonly pendingTasks = new PendingTasks<Task<unknown>>();
  private readonly erroredTasks: Task<unknown>[] = [];
  private currentTaskNow: Task<unknown> | null = null;
  private taskFactory: TaskFactory | null = null;
  private readonly unnamedTaskOptions: { readonly loop: EventLoop } = { loop: this };
  private exceptionHandler: ExceptionHandler | null = null;
  /** Set by the strict exception handler: the run stops and throws it. */
  private fatal: { error: unknown } | null = null;

  constructor(options: LoopOptions = {}) {
    this.kernel = kernelFor(options);
    this.strict = options.strict ?? false;
  }

  // ---- time and callbacks ---------------------------------------------------

  time(): number {
    return this.kernel.time;
  }

  callSoon<A extends unknown[]>(callback: (...args: A) => void, ...args: A): CallbackHandle<A> {
    this.checkClosed();
    checkCallable('callSoon', callback);
    const handle = new CallbackHandle(callback, args, this);
    this.kernel.callSoon(handle);
    return handle;
  }

  callLater<A extends unknown[]>(delay: number, callback: (...args: A) => void, ...args: A): TimerHandle {
    checkDelay('callLater', delay);
    return this.callAt(this.kernel.time + delay, callback, ...args);
  }

  callAt<A extends unknown[]>(when: number, callback: (...args: A) => void, ...args: A): TimerHandle {
    this.checkClosed();
    if (typeof when !== 'number' || Number.isNaN(when)) throw new TypeError(`callAt expected a time in seconds, got ${describe(when)}`);
    checkCallable('callAt', callback);
    return this.kernel.callAt(when, new CallbackHandle(callback, args, this));
  }

  /** @internal the hot path for futures and tasks: one argument, an owner for the strategy (passed on as a second argument). */
  soon<A>(callback: ((arg: A) => void) | OwnedCallback<A>, arg: A, owner: Owner | null): void {
    this.kernel.callSoon(new Handle(callback, arg, owner, this));
  }

  /** Entries ready to run in the next iteration. */
  get readyCount(): number {
    return this.kernel.readyCount;
  }

  /** Timers scheduled (cancelled ones stay counted until they surface, as in CPython). */
  get timerCount(): number {
    return this.kernel.timerCount;
  }

  // ---- futures and tasks ----------------------------------------------------

  createFuture<T = unknown>(label?: string): Future<T> {
    return new Future<T>(this, label);
  }

  createTask<T>(coro: Coroutine<T>, options?: TaskOptions): Task<T> {
    this.checkClosed();
    if (this.taskFactory !== null) return this.taskFactory(this, coro, options ?? {});
    // An unnamed task (gather's children, ensureFuture) allocates no options object.
    return new Task(coro, options?.name === undefined ? this.unnamedTaskOptions : { name: options.name, loop: this });
  }

  setTaskFactory(factory: TaskFactory | null): void {
    if (factory !== null && typeof factory !== 'function') {
      throw new TypeError(`setTaskFactory expected a function (loop, coro, { name }) => Task, or null, got ${describe(factory)}`);
    }
    this.taskFactory = factory;
  }

  getTaskFactory(): TaskFactory | null {
    return this.taskFactory;
  }

  /** Tasks not yet done, in creation order (asyncio's is a set; simloop's order is deterministic). */
  allTasks(): Task<unknown>[] {
    return this.pendingTasks.toArray();
  }

  get currentTask(): Task<unknown> | null {
    return this.currentTaskNow;
  }

  /** @internal */
  nextTaskId(): number {
    return ++this.taskIds;
  }

  /**
   * @internal the number in the default name of an unnamed task: Task-1, Task-2, … counting unnamed tasks only,
   * as CPython does (per loop here, so runs do not depend on each other). The name itself is made when read.
   */
  nextTaskNumber(): number {
    return ++this.unnamedTasks;
  }

  /** @internal */
  registerTask(task: Task<unknown>): void {
    this.pendingTasks.add(task);
    if (this.kernel.trace !== null) this.kernel.emit('spawn', task.name);
  }

  /** @internal called by a task in the step that finishes it (no extra callback, so no extra step). */
  taskFinished(task: Task<unknown>): void {
    this.pendingTasks.delete(task);
    if (task.hasException()) this.erroredTasks.push(task);
    if (this.kernel.trace === null) return;
    if (task.cancelled()) this.kernel.emit('cancelled', '', task);
    else if (task.hasException()) this.kernel.emit('raised', show(task.peekException()), task);
    else this.kernel.emit('result', show(task.result()), task);
  }

  /**
   * Reports every task that ended with an error nobody retrieved — what
   * CPython logs as "Task exception was never retrieved" when the task is
   * collected; simloop reports them when the run ends, in creation order.
   */
  reportUnretrieved(): void {
    for (const task of this.erroredTasks.splice(0).sort((a, b) => a.id - b.id)) {
      if (task.unretrievedError) {
        this.callExceptionHandler({ message: 'Task exception was never retrieved', exception: task.peekException(), task: task.name });
      }
    }
  }

  /** @internal */
  enterTask(task: Task<unknown>): void {
    if (this.currentTaskNow !== null) {
      throw new RuntimeError(`Cannot enter into task ${task} while another task ${this.currentTaskNow} is being executed.`);
    }
    this.currentTaskNow = task;
  }

  /** @internal */
  leaveTask(task: Task<unknown>): void {
    if (this.currentTaskNow !== task) throw new RuntimeError(`Leaving task ${task} does not match the current task ${this.currentTaskNow}.`);
    this.currentTaskNow = null;
  }

  // ---- running --------------------------------------------------------------

  /** Runs until `awaitable` is done and returns its result (or throws its error). */
  runUntilComplete<T>(awaitable: Awaitable<T>): T {
    this.checkClosed();
    this.checkNotRunning();
    const future = this.ensureFuture(awaitable);
    const stopWhenDone = (): void => this.stop();
    future.addDoneCallback(stopWhenDone);
    try {
      this.runForever(future);
    } finally {
      future.removeDoneCallback(stopWhenDone);
    }
    if (!future.done()) throw new RuntimeError('Event loop stopped before Future completed.');
    return future.result();
  }

  /**
   * Runs iterations until `stop()`. `awaited` names what a deadlock report is
   * about; without it, a loop with nothing left to do is a deadlock too (CPython would block forever).
   */
  runForever(awaited: { readonly label: string } | null = null): void {
    this.checkClosed();
    this.checkNotRunning();
    if (runningLoop !== null) throw new RuntimeError('Cannot run the event loop while another loop is running');
    const kernel = this.kernel;
    kernel.enter();
    this.running = true;
    runningLoop = this;
    try {
      do {
        if (!kernel.runOnce()) throw this.deadlock(awaited);
        if (this.fatal !== null) {
          const { error } = this.fatal;
          this.fatal = null;
          throw error;
        }
      } while (!kernel.stopRequested);
    } finally {
      runningLoop = null;
      this.running = false;
      kernel.leave();
    }
  }

  stop(): void {
    this.kernel.stop();
  }

  isRunning(): boolean {
    return this.running;
  }

  isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    if (this.running) throw new RuntimeError('Cannot close a running event loop');
    this.closed = true;
  }

  /** A coroutine becomes a task; a future must belong to this loop. */
  ensureFuture<T>(awaitable: Awaitable<T>): Future<T> {
    if (isFuture(awaitable)) {
      if (awaitable.loop !== this) throw new RuntimeError(`${awaitable} belongs to a different loop than the one asked to run it`);
      return awaitable as Future<T>;
    }
    if (isCoroutine(awaitable)) return this.createTask(awaitable as Coroutine<T>);
    // Any other awaitable (a sleep request, a hand-written iterator) is wrapped in a coroutine, as CPython's _wrap_awaitable does.
    if (isAwaitableIterable(awaitable)) return this.createTask(wrapAwaitable(awaitable as Iterable<unknown>) as Coroutine<T>);
    throw new TypeError(`expected a Future, a Task or a coroutine (a generator object), got ${describe(awaitable)}`);
  }

  // ---- errors -----------------------------------------------------------------

  setExceptionHandler(handler: ExceptionHandler | null): void {
    this.exceptionHandler = handler;
  }

  /** Where an exception nobody can catch goes: a callback that threw, a task error never retrieved. */
  callExceptionHandler(context: ExceptionContext): void {
    if (this.exceptionHandler !== null) {
      try {
        this.exceptionHandler(this, context);
        return;
      } catch (error) {
        context = { message: 'Unhandled error in exception handler', exception: error };
      }
    }
    this.errors.push(context);
    this.kernel.emit('exception', `${context.message}${context.exception === undefined ? '' : `: ${show(context.exception)}`}`);
    if (this.strict && this.fatal === null) {
      this.fatal = { error: context.exception ?? new RuntimeError(context.message) };
      this.kernel.stop(); // end this iteration; runForever then throws it
    }
  }

  private deadlock(awaited: { readonly label: string } | null): DeadlockError {
    const blocked = this.allTasks().map((task) => ({ task: task.name, waitsOn: task.waitingOn?.label ?? 'nothing (its next step was never scheduled)' }));
    const error = new DeadlockError(blocked, this.kernel.time, this.kernel.steps);
    if (awaited !== null && blocked.length === 0) error.message += `\n  the awaited ${awaited.label} is never resolved`;
    return error;
  }

  private checkClosed(): void {
    if (this.closed) throw new RuntimeError('Event loop is closed');
  }

  private checkNotRunning(): void {
    if (this.running) throw new RuntimeError('This event loop is already running');
  }
}

function isAwaitableIterable(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function' && !Array.isArray(value);
}

function* wrapAwaitable(awaitable: Iterable<unknown>): Coroutine<unknown> {
  return yield* awaitable as Iterable<unknown> & Iterator<unknown, unknown, unknown>;
}

function checkCallable(method: string, callback: unknown): void {
  if (typeof callback !== 'function') throw new TypeError(`${method} expected a function, got ${describe(callback)}`);
}

function checkDelay(method: string, delay: unknown): void {
  if (typeof delay !== 'number' || Number.isNaN(delay)) throw new TypeError(`${method} expected a delay in seconds, got ${describe(delay)}`);
}

// ---- the loop registry (asyncio.events) ----------------------------------------

export function getRunningLoop(): EventLoop {
  if (runningLoop === null) throw new RuntimeError('no running event loop');
  return runningLoop;
}

/** The running loop, else the one set with setEventLoop. */
export function getEventLoop(): EventLoop {
  const loop = runningLoop ?? eventLoop;
  if (loop === null) throw new RuntimeError('There is no current event loop: create one with newEventLoop() and setEventLoop(loop), or use run(main)');
  return loop;
}

/** @internal the loop set with setEventLoop, or null */
export function getEventLoopOrNull(): EventLoop | null {
  return eventLoop;
}

/** @internal */
export function isLoopRunning(): boolean {
  return runningLoop !== null;
}

export function setEventLoop(loop: EventLoop | null): void {
  if (loop !== null && !(loop instanceof EventLoop)) throw new TypeError(`setEventLoop expected an EventLoop or null, got ${describe(loop)}`);
  eventLoop = loop;
}

export function newEventLoop(options: LoopOptions = {}): EventLoop {
  return new EventLoop(options);
}

/** The task running now on the given (or running) loop, or null. */
export function currentTask(loop?: EventLoop): Task<unknown> | null {
  return (loop ?? getRunningLoop()).currentTask;
}

/** Pending tasks of the given (or running) loop, in creation order. */
export function allTasks(loop?: EventLoop): Task<unknown>[] {
  return (loop ?? getRunningLoop()).allTasks();
}
