/**
 * Task: a coroutine driven step by step on the loop (asyncio.Task, tasks.py).
 *
 * `step` is a line-for-line port of CPython 3.11's `Task.__step`: send into
 * (or throw into) the generator; if it yields a future, wait for it through a
 * done callback (`wakeup`); a bare yield gives up one iteration; anything else
 * is a bad yield, thrown back into the task in the next iteration. The sleep
 * trap (`yield* sleep(d)`) is handled here exactly as CPython's
 * `asyncio.sleep` coroutine behaves: d ≤ 0 is a bare yield; otherwise a future
 * resolved by a timer, the timer cancelled when the task resumes.
 */
import { Sleep, describe, show, type Owner, type TimerHandle } from '../kernel/index.js';
import { AbortRun, CancelledError, InvalidStateError, RuntimeError } from './errors.js';
import { Future } from './future.js';
import { Handle } from './handle.js';
import type { EventLoop } from './loop.js';

/** A coroutine: a generator where `yield*` plays `await`. */
export type Coroutine<T = unknown> = Generator<unknown, T, unknown>;

/** Anything `yield*` can await: a future, a task, or a coroutine. */
export type Awaitable<T = unknown> = Future<T> | Coroutine<T>;

export interface TaskOptions {
  readonly name?: string;
}

const NO_EXCEPTION: unique symbol = Symbol('no exception');
type Thrown = unknown;

export function isCoroutine(value: unknown): value is Coroutine {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Coroutine).next === 'function' &&
    typeof (value as Coroutine).throw === 'function' &&
    typeof (value as Coroutine)[Symbol.iterator] === 'function'
  );
}

export class Task<T = unknown> extends Future<T> implements Owner {
  readonly id: number;
  private taskName: string;
  private readonly coro: Coroutine<T>;
  private mustCancel = false;
  private numCancelsRequested = 0;
  /** The future this task waits on (CPython's `_fut_waiter`). */
  private futWaiter: Future | null = null;
  /** asyncio.sleep's timer, cancelled when the task resumes (the `finally: h.cancel()`). */
  private sleepTimer: TimerHandle | null = null;
  /** What the next `next()` sends in: a sleep's result. */
  private resumeValue: unknown = undefined;
  // Shared by every task (the owner is the task): no closures per task.
  private static readonly STEP = (exc: Thrown, task: Owner): void => (task as Task<unknown>).step(exc);
  private static readonly WAKEUP = (future: Future, task: Owner): void => (task as Task<unknown>).onWakeup(future);

  constructor(coro: Coroutine<T>, options: TaskOptions & { readonly loop: EventLoop }) {
    const loop = options.loop;
    super(loop, 'a task');
    if (!isCoroutine(coro)) {
      const hint = typeof coro === 'function' ? ' — did you forget to call it? createTask(main()), not createTask(main)' : '';
      throw new TypeError(`createTask expected a coroutine (a generator object), got ${describe(coro)}${hint}`);
    }
    this.coro = coro;
    this.id = loop.nextTaskId();
    this.taskName = options.name === undefined ? loop.nextTaskName() : String(options.name);
    this.label = `task "${this.taskName}"`;
    loop.soon(Task.STEP, NO_EXCEPTION, this);
    loop.registerTask(this);
  }

  get name(): string {
    return this.taskName;
  }

  getName(): string {
    return this.taskName;
  }

  setName(value: unknown): void {
    this.taskName = String(value);
    this.label = `task "${this.taskName}"`;
  }

  getCoro(): Coroutine<T> {
    return this.coro;
  }

  /** What this task is blocked on, for deadlock reports. */
  get waitingOn(): Future | null {
    return this.futWaiter;
  }

  override setResult(): never {
    throw new RuntimeError('Task does not support set_result operation');
  }

  override setException(): never {
    throw new RuntimeError('Task does not support set_exception operation');
  }

  /** Requests cancellation: true unless already done; the CancelledError arrives at the next step. */
  override cancel(msg?: string): boolean {
    this.logTraceback = false;
    if (this.done()) return false;
    this.numCancelsRequested++;
    if (this.futWaiter !== null && this.futWaiter.cancel(msg)) {
      // Keep futWaiter: it may be a task that swallows the cancel and must be cancelled again.
      return true;
    }
    // The step is already scheduled: it will throw CancelledError in.
    this.mustCancel = true;
    this.cancelMessage = msg;
    return true;
  }

  cancelling(): number {
    return this.numCancelsRequested;
  }

  uncancel(): number {
    if (this.numCancelsRequested > 0) this.numCancelsRequested--;
    return this.numCancelsRequested;
  }

  override toString(): string {
    return `<Task ${this.done() ? (this.cancelled() ? 'cancelled' : 'finished') : 'pending'} name=${JSON.stringify(this.taskName)}>`;
  }

  private step(exc: Thrown): void {
    if (this.done()) throw new InvalidStateError(`_step(): already done: ${this}, ${show(exc)}`);
    if (this.mustCancel) {
      if (!(exc instanceof CancelledError)) exc = this.makeCancelledError();
      this.mustCancel = false;
    }
    this.futWaiter = null;
    if (this.sleepTimer !== null) {
      this.sleepTimer.cancel();
      this.sleepTimer = null;
    }
    const send = this.resumeValue;
    this.resumeValue = undefined;

    const loop = this.loop;
    loop.enterTask(this);
    let result: IteratorResult<unknown, T>;
    try {
      result = exc === NO_EXCEPTION ? this.coro.next(send) : this.coro.throw(exc);
    } catch (error) {
      loop.leaveTask(this);
      if (error instanceof CancelledError) {
        this.cancelledExc = error;
        super.cancel();
      } else {
        super.setException(error);
      }
      loop.taskFinished(this);
      // Like SystemExit in CPython's Task.__step: recorded, and re-raised to end the run.
      if (error instanceof AbortRun) throw error;
      return;
    }
    try {
      if (result.done === true) {
        if (this.mustCancel) {
          this.mustCancel = false; // cancelled right before the coroutine returned
          super.cancel(this.cancelMessage);
        } else {
          super.setResult(result.value);
        }
        loop.taskFinished(this);
      } else {
        this.handleYield(result.value);
      }
    } finally {
      loop.leaveTask(this);
    }
  }

  private handleYield(yielded: unknown): void {
    const loop = this.loop;
    if (yielded instanceof Future) {
      if (yielded.loop !== loop) {
        return this.badYield(new RuntimeError(`Task ${this} got Future ${yielded} attached to a different loop`));
      }
      if (!yielded.blocking) {
        return this.badYield(
          new RuntimeError(`task "${this.taskName}" yielded ${yielded} without the star — write \`yield* future\` (yield* is await)`),
        );
      }
      if (yielded === this) return this.badYield(new RuntimeError(`Task cannot await on itself: ${this}`));
      yielded.blocking = false;
      this.waitOn(yielded);
    } else if (yielded instanceof Sleep) {
      if (!yielded.awaited) {
        return this.badYield(new RuntimeError(`task "${this.taskName}" yielded ${yielded} without the star — did you mean \`yield* ${yielded}\`?`));
      }
      yielded.awaited = false;
      this.resumeValue = yielded.result;
      if (yielded.delay <= 0) {
        loop.soon(Task.STEP, NO_EXCEPTION, this); // sleep(0): a bare yield
        return;
      }
      // asyncio.sleep: a future, and a timer that resolves it unless it was cancelled.
      const future = new Future<unknown>(loop, `${yielded}`);
      this.sleepTimer = loop.kernel.callLater(yielded.delay, new Handle(setResultUnlessCancelled, future, null, loop));
      this.waitOn(future);
    } else if (yielded === undefined) {
      loop.soon(Task.STEP, NO_EXCEPTION, this); // a bare yield gives up one iteration
    } else if (isCoroutine(yielded)) {
      this.badYield(new RuntimeError(`task "${this.taskName}" yielded a coroutine instead of awaiting it — write \`yield* coro()\`, not \`yield coro()\``));
    } else if (yielded instanceof Promise) {
      this.badYield(
        new RuntimeError(
          `task "${this.taskName}" yielded a native Promise, which this loop does not own and cannot wait on in virtual time — ` +
            `await a simloop Future, Task or coroutine instead`,
        ),
      );
    } else {
      this.badYield(new RuntimeError(`task "${this.taskName}" yielded ${describe(yielded)}, which simloop cannot wait on — did you mean \`yield* sleep(...)\` or \`yield* future\`?`));
    }
  }

  private waitOn(future: Future): void {
    future.addDoneCallback(Task.WAKEUP, this);
    this.futWaiter = future;
    if (this.mustCancel && future.cancel(this.cancelMessage)) this.mustCancel = false;
    if (this.loop.kernel.trace !== null) this.loop.kernel.emit('await', future.label, this);
  }

  /** CPython throws a bad yield back into the task in the next iteration. */
  private badYield(error: Error): void {
    this.loop.soon(Task.STEP, error, this);
  }

  private onWakeup(future: Future): void {
    let exc: Thrown = NO_EXCEPTION;
    try {
      future.result();
    } catch (error) {
      exc = error;
    }
    this.step(exc);
  }
}

// The value itself reaches the task as `resumeValue`, as Sleep's iterator returns what is sent in.
function setResultUnlessCancelled(future: Future<unknown>): void {
  if (future.cancelled()) return;
  future.setResult(undefined);
}
