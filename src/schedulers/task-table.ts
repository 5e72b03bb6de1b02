/**
 * TaskTable: TaskScheduler's tasks, kept in parallel arrays indexed by slot,
 * and the kernel's SlotTable for them — the kernel queues a task's slot
 * number, and runs it here.
 *
 * Why a table and not an object per task: a task then costs its generator
 * and nothing else. With an object per task, 100,000 tasks were 100,000 more
 * objects for the scavenger to copy and promote, and every step loaded the
 * wrapper before the generator it points to (a second cache miss in a row
 * when the tasks outgrow the cache). Slots of finished tasks are reused, so
 * the table's size follows the tasks alive at once, not all ever added.
 *
 * Seed semantics, as TaskScheduler documents them: a step is one `next()`;
 * a finished task is dropped at the `next()` that reports it done; an
 * exception escapes; `yield sleep(d)` parks the task for d virtual seconds.
 */
import { isSleep, show, type Kernel, type Owner, type SlotTable } from '../kernel/index.js';

export class TaskTable implements SlotTable {
  private readonly gens: (Iterator<unknown> | undefined)[] = sixteenEmpty();
  /**
   * A task's id (from 1, in order of addition: the default name is
   * `task-<id>`) while its slot is in use; in a free slot, the next free
   * slot (-1 ends the list): the free list is threaded through the table.
   */
  private readonly ids: number[] = sixteenZeros();
  // Written only for the tasks that have one (shorter than `gens` otherwise):
  // a fifo run without a trace gives most tasks neither.
  private readonly names: (string | undefined)[] = [];
  /** Made when first asked for (strategies, the trace, errors). */
  private readonly owners: (TaskOwner | undefined)[] = [];
  /** Slots handed out so far: the most tasks alive at once. */
  private slots = 0;
  /** The first free slot, or -1. */
  private freeSlot = -1;
  private nextId = 1;
  /** Tasks added and not yet finished. */
  live = 0;

  constructor(private readonly kernel: Kernel) {}

  /** Slots in the table: the most tasks alive at once so far, not all ever added. */
  get size(): number {
    return this.slots;
  }

  /** The id the next task added will get. */
  get upcomingId(): number {
    return this.nextId;
  }

  /** Puts a task in a free slot and returns the slot (the caller queues it). */
  add(gen: Iterator<unknown>, name: string | undefined): number {
    let slot = this.freeSlot;
    if (slot >= 0) this.freeSlot = this.ids[slot]!;
    else slot = this.slots++; // past the first 16, `gens` and `ids` grow by appending
    this.gens[slot] = gen;
    this.ids[slot] = this.nextId++;
    if (name !== undefined) this.names[slot] = name; // a reused slot's was emptied by `finish`
    this.live++;
    return slot;
  }

  ownerOf(slot: number): Owner {
    return (this.owners[slot] ??= new TaskOwner(this.ids[slot]!, this.names[slot]));
  }

  run(slot: number): void {
    const kernel = this.kernel;
    let step: IteratorResult<unknown>;
    try {
      step = this.gens[slot]!.next();
    } catch (error) {
      kernel.emit('raise', show(error));
      this.finish(slot);
      throw error;
    }
    if (step.done === true) {
      if (kernel.trace !== null) kernel.emit('done');
      this.finish(slot);
      return;
    }
    const value = step.value;
    if (value !== undefined && isSleep(value) && value.delay > 0) {
      if (kernel.trace !== null) kernel.emit('sleep', String(value.delay));
      kernel.wakeSlotAt(kernel.time + value.delay, slot);
      return;
    }
    if (kernel.trace !== null) kernel.emit('yield', show(value));
    kernel.callSoonSlot(slot);
  }

  // After the step's last event: the trace names the task from its slot.
  private finish(slot: number): void {
    this.gens[slot] = undefined;
    if (slot < this.names.length) this.names[slot] = undefined;
    if (slot < this.owners.length) this.owners[slot] = undefined;
    this.ids[slot] = this.freeSlot;
    this.freeSlot = slot;
    this.live--;
  }
}

/** A task as strategies and the trace see it. */
class TaskOwner implements Owner {
  constructor(
    readonly id: number,
    private readonly given: string | undefined,
  ) {}

  get name(): string {
    return this.given ?? `task-${this.id}`;
  }
}

// Literals, so V8 clones them from a boilerplate (explore builds a table per
// run), and packed: a slot past the 16th is appended, never leaving a hole.
function sixteenEmpty(): undefined[] {
  // prettier-ignore
  return [undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined,
    undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined];
}

function sixteenZeros(): number[] {
  return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
}
