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
import { describe, type Kernel, type Trace } from '../kernel/index.js';
import { isIterator, kernelFor, type SchedulerOptions } from './options.js';
import { TaskTable } from './task-table.js';

export interface AddTaskOptions {
  /** Shown in traces and errors (default `task-<n>`). */
  readonly name?: string;
}

export class TaskScheduler {
  protected readonly kernel: Kernel;
  private readonly tasks: TaskTable;

  constructor(options: SchedulerOptions = {}) {
    this.kernel = kernelFor(options);
    this.tasks = new TaskTable(this.kernel);
    this.kernel.useSlots(this.tasks);
  }

  addTask(task: Iterator<unknown>, options?: AddTaskOptions): void {
    const name = options?.name;
    if (!isIterator(task)) {
      throw new TypeError(`addTask expected a generator/iterator, got ${describe(task)} (for task "${name ?? `task-${this.tasks.upcomingId}`}")`);
    }
    if (name !== undefined && typeof name !== 'string') throw new TypeError(`addTask expected options.name to be a string, got ${describe(name)}`);
    const slot = this.tasks.add(task, name);
    if (this.kernel.trace !== null) this.kernel.emit('spawn', this.tasks.ownerOf(slot).name);
    this.kernel.callSoonSlot(slot);
  }

  /** Runs until every task has finished. An exception from a task escapes, as in the seed. */
  run(): void {
    this.kernel.run();
  }

  /** Tasks added and not yet finished (queued or sleeping). */
  get pending(): number {
    return this.tasks.live;
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
