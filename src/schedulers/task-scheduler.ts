/**
 * TaskScheduler and RunFunc: the seed talk's round-robin scheduler
 * (Python Cookbook 12.12), on the kernel.
 *
 * Seed semantics, kept exactly: each task runs until its next `yield` and
 * goes back to the end of the queue; a task that finished is noticed (and
 * dropped) at the `next()` that reports it done, one turn after its last
 * yield; a task added during a step is queued before the stepping task goes
 * back; an exception thrown by a task escapes `run()`. The one extension is
 * the talk's "more areas": a task may `yield sleep(d)` to park on the
 * virtual clock for d seconds.
 */
import { describe, isSleep, show, type Kernel, type Owner, type Runnable, type Trace } from '../kernel/index.js';
import { isIterator, kernelFor, type SchedulerOptions } from './options.js';

export interface AddTaskOptions {
  /** Shown in traces and errors (default `task-<n>`). */
  readonly name?: string;
}

export class TaskScheduler {
  protected readonly kernel: Kernel;
  private readonly shared: TaskContext;
  private nextId = 1;

  constructor(options: SchedulerOptions = {}) {
    this.kernel = kernelFor(options);
    this.shared = { kernel: this.kernel, live: 0 };
  }

  addTask(task: Iterator<unknown>, options?: AddTaskOptions): void {
    const name = options?.name;
    if (!isIterator(task)) {
      throw new TypeError(`addTask expected a generator/iterator, got ${describe(task)} (for task "${name ?? `task-${this.nextId}`}")`);
    }
    if (name !== undefined && typeof name !== 'string') throw new TypeError(`addTask expected options.name to be a string, got ${describe(name)}`);
    const seedTask = new SeedTask(this.nextId++, name, task, this.shared);
    this.shared.live++;
    if (this.kernel.trace !== null) this.kernel.emit('spawn', seedTask.name);
    this.kernel.callSoon(seedTask);
  }

  /** Runs until every task has finished. An exception from a task escapes, as in the seed. */
  run(): void {
    this.kernel.run();
  }

  /** Tasks added and not yet finished (queued or sleeping). */
  get pending(): number {
    return this.shared.live;
  }

  get steps(): number {
    return this.kernel.steps;
  }

  /** Virtual time in seconds. */
  get time(): number {
    return this.kernel.time;
  }

  get trace(): Trace | null {
    return this.kernel.trace;
  }
}

/** The seed's earlier name for the same machine: RunFunc with add_func. */
export class RunFunc extends TaskScheduler {
  addFunc(func: Iterator<unknown>, options: AddTaskOptions = {}): void {
    this.addTask(func, options);
  }
}

/** What every task of one scheduler shares: one reference per task instead of several. */
interface TaskContext {
  readonly kernel: Kernel;
  live: number;
}

// Kept small (a task can be one of 100,000): `owner` and `cancelled` live on
// the prototype, and the default name is made only when someone reads it.
class SeedTask implements Runnable, Owner {
  constructor(
    readonly id: number,
    private readonly given: string | undefined,
    private readonly gen: Iterator<unknown>,
    private readonly shared: TaskContext,
  ) {}

  get name(): string {
    return this.given ?? `task-${this.id}`;
  }

  get owner(): Owner {
    return this;
  }

  get cancelled(): boolean {
    return false;
  }

  run(): void {
    const kernel = this.shared.kernel;
    let step: IteratorResult<unknown>;
    try {
      step = this.gen.next();
    } catch (error) {
      this.shared.live--;
      kernel.emit('raise', show(error));
      throw error;
    }
    if (step.done === true) {
      this.shared.live--;
      if (kernel.trace !== null) kernel.emit('done');
      return;
    }
    const value = step.value;
    if (value !== undefined && isSleep(value) && value.delay > 0) {
      if (kernel.trace !== null) kernel.emit('sleep', String(value.delay));
      kernel.wakeAt(kernel.time + value.delay, this);
      return;
    }
    if (kernel.trace !== null) kernel.emit('yield', show(value));
    kernel.callSoon(this);
  }
}
