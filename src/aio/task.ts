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
 *
 * Speed without a change of order: a task queues one reused entry (its
 * TaskStep) for every step and wakeup, with what to do as the entry's
 * argument (none for a sleep's wakeup, the commonest), instead of a Handle per step; and `asyncio.sleep`'s private
 * future, which nothing but the task can see, is kept as the task's
 * `sleepState` (with the request in `waiter`), its timer targeting the
 * task's entry. Every entry CPython queues is still queued, in the same
 * iteration and order, with the task as owner.
 */
import { Sleep, describe, isSleep, show, type Owner, type Runnable, type TimerHandle } from '../kernel/index.js';
import { AbortRun, CancelledError, InvalidStateError, RuntimeError } from './errors.js';
import { Future, isFuture } from './future.js';
import type { EventLoop } from './loop.js';
import type { PendingLinks } from './pending-tasks.js';

/** A coroutine: a generator where `yield*` plays `await`. */
export type Coroutine<T = unknown> = Generator<unknown, T, unknown>;

/** Anything `yield*` can await: a future, a task, or a coroutine. */
export type Awaitable<T = unknown> = Future<T> | Coroutine<T>;

export interface TaskOptions {
  readonly name?: string;
}

const NO_EXCEPTION: unique symbol = Symbol('no exception');
type Thrown = unknown;

// What a task's entry does when run (its argument in the ready queue or the timer heap).
/** `__step()`: the first step, a bare yield, sleep(0). */
const STEP: unique symbol = Symbol('step');
/** asyncio.sleep's timer: `futures._set_result_unless_cancelled(future, result)`. */
const SLEEP_TIMER: unique symbol = Symbol('sleep timer');
// No argument (undefined): asyncio.sleep's future is done, the task's `__wakeup(future)`.
// The wakeup is queued once per sleep: without an argument it writes no slot in the
// ready queue's argument ring, and the kernel finds none to take back.
/** An error thrown into the task at its next step (a bad yield). Rare: allocated. */
class ThrowIn {
  constructor(readonly error: Error) {}
}
// (Any other argument is a Future the task waited on: `__wakeup(future)`.)

// The state of asyncio.sleep's private future while the task sleeps on it.
const NOT_SLEEPING = 0;
/** The timer is pending and nothing cancelled the sleep. */
const SLEEP_PENDING = 1;
/** The timer fired (the future has its result) and the wakeup is queued. */
const SLEEP_DONE = 2;
/** The sleep was cancelled (the future is cancelled) and the wakeup is queued; the timer may still be in the heap. */
const SLEEP_CANCELLED = 3;

export function isCoroutine(value: unknown): value is Coroutine {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Coroutine).next === 'function' &&
    typeof (value as Coroutine).throw === 'function' &&
    typeof (value as Coroutine)[Symbol.iterator] === 'function'
  );
}

export class Task<T = unknown> extends Future<T> implements Owner, PendingLinks<Task<unknown>> {
  readonly id: number;
  /** The name given, or the N of the default name `Task-N`, which is made when first read. */
  private taskName: string | number;
  private readonly coro: Coroutine<T>;
  /**
   * The coroutine's `next`, read once: every generator function gives its
   * generators a map of its own, so `coro.next` read at each step is a
   * megamorphic load (~75 instructions) in any program with more than four
   * coroutine functions; called through this field it is one known function.
   */
  private readonly resume: (sent: unknown) => IteratorResult<unknown, T>;
  /** The task's one ready-queue entry, reused for every step and wakeup. */
  private readonly entry: TaskStep;
  private mustCancel = false;
  private numCancelsRequested = 0;
  /** What this task waits on: the future (CPython's `_fut_waiter`), or the sleep request it is in. */
  private waiter: Future | Sleep<unknown> | null = null;
  /**
   * The state of asyncio.sleep's future while the task is in a sleep: the
   * future is kept in the task as this state (nothing else can see it).
   */
  private sleepState = NOT_SLEEPING;
  /** asyncio.sleep's timer, cancelled when the task resumes early (the `finally: h.cancel()`); kept after it fired, for the next sleep. */
  private sleepTimer: TimerHandle | null = null;
  /**
   * What the next `next()` sends in: a sleep's result — or, once the sleep is
   * cancelled (its result never delivered), the cancel message for the
   * CancelledError the wakeup throws in instead.
   */
  private resumeValue: unknown = undefined;
  /** @internal the loop's list of pending tasks (pending-tasks.ts) */
  pendingPrev: Task<unknown> | null = null;
  /** @internal */
  pendingNext: Task<unknown> | null = null;

  constructor(coro: Coroutine<T>, options: TaskOptions & { readonly loop: EventLoop }) {
    const loop = options.loop;
    super(loop, null);
    if (!isCoroutine(coro)) {
      const hint = typeof coro === 'function' ? ' — did you forget to call it? createTask(main()), not createTask(main)' : '';
      throw new TypeError(`createTask expected a coroutine (a generator object), got ${describe(coro)}${hint}`);
    }
    this.coro = coro;
    this.resume = coro.next;
    this.id = loop.nextTaskId();
    this.taskName = options.name === undefined ? loop.nextTaskNumber() : String(options.name);
    this.entry = new TaskStep(this);
    loop.kernel.callSoon(this.entry, STEP);
    loop.registerTask(this);
  }

  get name(): string {
    const name = this.taskName;
    return typeof name === 'string' ? name : (this.taskName = `Task-${name}`);
  }

  getName(): string {
    return this.name;
  }

  setName(value: unknown): void {
    this.taskName = String(value);
  }

  protected override defaultLabel(): string {
    return `task "${this.name}"`;
  }

  getCoro(): Coroutine<T> {
    return this.coro;
  }

  /** What this task is blocked on, for deadlock reports: a future, or the sleep it is in. */
  get waitingOn(): Future | Sleep<unknown> | null {
    return this.waiter;
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
    const waiter = this.waiter;
    if (isFuture(waiter)) {
      // Keep the waiter: it may be a task that swallows the cancel and must be cancelled again.
      if (waiter.cancel(msg)) return true;
    } else if (this.cancelSleep(msg)) {
      // `self._fut_waiter.cancel(msg)` on asyncio.sleep's future: true while its timer is pending.
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
    return `<Task ${this.done() ? (this.cancelled() ? 'cancelled' : 'finished') : 'pending'} name=${JSON.stringify(this.name)}>`;
  }

  /** @internal what the task's entry does when run; `arg` says what (see STEP and the others above). */
  runEntry(arg: unknown): void {
    // The sleep wakeup first, tested against the literal: a named constant holding undefined
    // compiled to a generic StrictEqual call (~25 instructions) once futures reach this test too.
    if (arg === undefined) this.sleepWakeup();
    else if (arg === SLEEP_TIMER) this.sleepTimerFired();
    else if (arg === STEP) this.step(NO_EXCEPTION);
    else if (isFuture(arg)) this.wakeup(arg);
    else this.step((arg as ThrowIn).error);
  }

  private step(exc: Thrown): void {
    if (this.done()) throw new InvalidStateError(`_step(): already done: ${this}, ${show(exc)}`);
    if (this.mustCancel) {
      if (!(exc instanceof CancelledError)) exc = this.makeCancelledError();
      this.mustCancel = false;
    }
    this.waiter = null;
    if (this.sleepState !== NOT_SLEEPING) this.leaveSleep();
    const send = this.resumeValue;
    this.resumeValue = undefined;

    const loop = this.loop;
    loop.enterTask(this);
    let result: IteratorResult<unknown, T>;
    try {
      result = exc === NO_EXCEPTION ? this.resume.call(this.coro, send) : this.coro.throw(exc);
    } catch (error) {
      loop.leaveTask(this);
      this.finishWithError(error);
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

  // The hot cases first, in a small method the step can inline; every bad
  // yield (rare) goes to badYieldError, which checks in CPython's order.
  /** The coroutine raised: the task is cancelled (CancelledError) or failed. Out of `step`, which stays small. */
  private finishWithError(error: unknown): void {
    if (error instanceof CancelledError) {
      this.cancelledExc = error;
      super.cancel();
    } else {
      super.setException(error);
    }
    this.loop.taskFinished(this);
    // Like SystemExit in CPython's Task.__step: recorded, and re-raised to end the run.
    if (error instanceof AbortRun) throw error;
  }

  private handleYield(yielded: unknown): void {
    if (isSleep(yielded)) {
      if (yielded.claim()) {
        this.resumeValue = yielded.result;
        if (yielded.delay <= 0) this.loop.kernel.callSoon(this.entry, STEP); // sleep(0): a bare yield
        else this.enterSleep(yielded);
        return;
      }
    } else if (isFuture(yielded)) {
      if (yielded.loop === this.loop && yielded.blocking && yielded !== this) {
        yielded.blocking = false;
        this.waitOn(yielded);
        return;
      }
    } else if (yielded === undefined) {
      this.loop.kernel.callSoon(this.entry, STEP); // a bare yield gives up one iteration
      return;
    }
    this.badYield(this.badYieldError(yielded));
  }

  private badYieldError(yielded: unknown): Error {
    if (yielded instanceof Sleep) {
      return new RuntimeError(`task "${this.name}" yielded ${yielded} without the star — did you mean \`yield* ${yielded}\`?`);
    }
    if (yielded instanceof Future) {
      if (yielded.loop !== this.loop) return new RuntimeError(`Task ${this} got Future ${yielded} attached to a different loop`);
      if (!yielded.blocking) return new RuntimeError(`task "${this.name}" yielded ${yielded} without the star — write \`yield* future\` (yield* is await)`);
      return new RuntimeError(`Task cannot await on itself: ${this}`);
    }
    if (isCoroutine(yielded)) {
      return new RuntimeError(`task "${this.name}" yielded a coroutine instead of awaiting it — write \`yield* coro()\`, not \`yield coro()\``);
    }
    if (yielded instanceof Promise) {
      return new RuntimeError(
        `task "${this.name}" yielded a native Promise, which this loop does not own and cannot wait on in virtual time — ` +
          `await a simloop Future, Task or coroutine instead`,
      );
    }
    return new RuntimeError(`task "${this.name}" yielded ${describe(yielded)}, which simloop cannot wait on — did you mean \`yield* sleep(...)\` or \`yield* future\`?`);
  }

  private waitOn(future: Future): void {
    future.addDoneCallback(this.entry);
    this.waiter = future;
    if (this.mustCancel && future.cancel(this.cancelMessage)) this.mustCancel = false;
    if (this.loop.kernel.trace !== null) this.loop.kernel.emit('await', future.label, this);
  }

  /** CPython throws a bad yield back into the task in the next iteration. */
  private badYield(error: Error): void {
    this.loop.kernel.callSoon(this.entry, new ThrowIn(error));
  }

  /** `__wakeup(future)`: the future's outcome goes into the coroutine at this step. */
  private wakeup(future: Future): void {
    let exc: Thrown = NO_EXCEPTION;
    try {
      future.result();
    } catch (error) {
      exc = error;
    }
    this.step(exc);
  }

  // ---- asyncio.sleep(delay > 0), event for event --------------------------------
  //
  //   future = loop.create_future()
  //   h = loop.call_later(delay, futures._set_result_unless_cancelled, future, result)
  //   try: return await future
  //   finally: h.cancel()
  //
  // The future is the task's sleepState; `await future` adds the task's wakeup
  // as its one done callback. Its timer targets the task's entry, so the
  // timer's owner is the sleeping task (strategies see whose timer it is).

  private enterSleep(request: Sleep<unknown>): void {
    const kernel = this.loop.kernel;
    // A handle whose timer fired is out of the heap and no one else holds it: the next sleep re-arms it.
    if (this.sleepTimer === null) this.sleepTimer = kernel.callLater(request.delay, this.entry, SLEEP_TIMER);
    else kernel.rearm(this.sleepTimer, kernel.time + request.delay);
    this.waiter = request;
    this.sleepState = SLEEP_PENDING;
    // Task.__step: a task cancelled during this step cancels the future it now waits on.
    if (this.mustCancel && this.cancelSleep(this.cancelMessage)) this.mustCancel = false;
    if (this.loop.kernel.trace !== null) this.loop.kernel.emit('await', request.label, this);
  }

  /** `future.cancel(msg)` on the sleep's future: schedules the wakeup (call_soon); the timer stays in the heap. */
  private cancelSleep(msg: string | undefined): boolean {
    if (this.sleepState !== SLEEP_PENDING) return false;
    this.sleepState = SLEEP_CANCELLED;
    this.resumeValue = msg;
    this.loop.kernel.callSoon(this.entry); // the sleep wakeup: no argument
    return true;
  }

  /** `_set_result_unless_cancelled(future, result)`: the future gets its result and schedules the wakeup. */
  private sleepTimerFired(): void {
    if (this.sleepState !== SLEEP_PENDING) return; // cancelled
    this.sleepState = SLEEP_DONE;
    this.loop.kernel.callSoon(this.entry); // the sleep wakeup: no argument
  }

  /** `__wakeup(future)` on the sleep's future: its result (sent in as `resumeValue`) or its CancelledError. */
  private sleepWakeup(): void {
    this.step(this.sleepState === SLEEP_CANCELLED ? new CancelledError((this.resumeValue as string | undefined) ?? '') : NO_EXCEPTION);
  }

  /** The sleep coroutine's `finally: h.cancel()`, at the step that resumes it (before any user code runs). */
  private leaveSleep(): void {
    // A timer that fired is out of the heap: cancelling it would change nothing, and its handle is kept for the next sleep.
    if (this.sleepState !== SLEEP_DONE) {
      this.sleepTimer!.cancel();
      this.sleepTimer = null;
    }
    this.sleepState = NOT_SLEEPING;
  }
}

/**
 * A task's entry in the ready queue and the timer heap (the Runnable the
 * kernel runs), made once per task: every step and wakeup queues this same
 * object, with what to do as its argument. Like asyncio's Handle._run, an
 * exception escaping the step goes to the loop's exception handler.
 */
class TaskStep implements Runnable {
  readonly cancelled = false;

  constructor(readonly owner: Task<unknown>) {}

  /** Queued with what to do: STEP, a wakeup, a sleep timer, a future that finished, an error to throw in. */
  get takesArg(): boolean {
    return true;
  }

  run(arg: unknown): void {
    try {
      this.owner.runEntry(arg);
    } catch (exception) {
      if (exception instanceof AbortRun) throw exception; // CPython's Handle._run lets SystemExit out
      this.owner.loop.callExceptionHandler({ message: `Exception in callback ${callbackName(arg)}`, exception });
    }
  }
}

/** The name asyncio would give the callback behind `arg` (the Handle's, before entries were reused). */
function callbackName(arg: unknown): string {
  return arg === SLEEP_TIMER ? 'setResultUnlessCancelled' : arg === STEP || arg instanceof ThrowIn ? 'STEP' : 'WAKEUP';
}
