/**
 * Deliberately broken schedulers: each differs from the seed in one way, and
 * the law named beside it must catch it. A law that let its mutant live would
 * be a law that asserts nothing.
 */
import type { ActorSchedulerLike, TaskSchedulerLike } from './workload.js';

/** A correct minimal port of the seed's TaskScheduler, the base the task mutants bend. */
export class PlainTaskScheduler implements TaskSchedulerLike {
  protected queue: Iterator<unknown>[] = [];
  protected head = 0;

  addTask(task: Iterator<unknown>): void {
    this.queue.push(task);
  }

  protected take(): Iterator<unknown> {
    return this.queue[this.head++]!;
  }

  protected get size(): number {
    return this.queue.length - this.head;
  }

  run(): void {
    while (this.size > 0) {
      const task = this.take();
      if (this.step(task)) this.queue.push(task);
    }
  }

  /** One `next()`; true when the task yielded and must go back in the queue. */
  protected step(task: Iterator<unknown>): boolean {
    return task.next().done !== true;
  }
}

/** Runs the newest task first (a stack): breaks first-run order and fairness. */
export class LifoTaskScheduler extends PlainTaskScheduler {
  protected override take(): Iterator<unknown> {
    return this.queue.pop()!;
  }
  protected override get size(): number {
    return this.queue.length - this.head;
  }
}

/** Puts the stepping task back before the tasks it spawned: children no longer join behind it. */
export class SpawnerFirstTaskScheduler extends PlainTaskScheduler {
  private held: Iterator<unknown>[] | null = null;
  override addTask(task: Iterator<unknown>): void {
    if (this.held !== null) this.held.push(task);
    else super.addTask(task);
  }
  override run(): void {
    while (this.size > 0) {
      const task = this.take();
      this.held = [];
      const alive = this.step(task);
      const spawned = this.held;
      this.held = null;
      if (alive) this.queue.push(task);
      this.queue.push(...spawned);
    }
  }
}

/** Gives every task a second step in a row on its second turn: unfair. */
export class DoubleStepTaskScheduler extends PlainTaskScheduler {
  private turns = new Map<Iterator<unknown>, number>();
  protected override step(task: Iterator<unknown>): boolean {
    const turn = (this.turns.get(task) ?? 0) + 1;
    this.turns.set(task, turn);
    if (!super.step(task)) return false;
    return turn === 2 ? super.step(task) : true;
  }
}

/** Notices a finished task one turn late: steps it again after it reported done. */
export class KeepsFinishedTaskScheduler extends PlainTaskScheduler {
  private finished = new Set<Iterator<unknown>>();
  protected override step(task: Iterator<unknown>): boolean {
    if (this.finished.has(task)) {
      task.next();
      return false;
    }
    if (!super.step(task)) this.finished.add(task);
    return true;
  }
}

/** Catches a task's exception instead of letting it escape run(). */
export class SwallowingTaskScheduler extends PlainTaskScheduler {
  protected override step(task: Iterator<unknown>): boolean {
    try {
      return super.step(task);
    } catch {
      return false;
    }
  }
}

/** Stops with one task still queued. */
export class StopsEarlyTaskScheduler extends PlainTaskScheduler {
  override run(): void {
    while (this.size > 1) {
      const task = this.take();
      if (this.step(task)) this.queue.push(task);
    }
  }
}

/** Picks the next task with Math.random: not reproducible. */
export class RandomTaskScheduler extends PlainTaskScheduler {
  protected override take(): Iterator<unknown> {
    const i = this.head + Math.floor(Math.random() * this.size);
    const task = this.queue[i]!;
    this.queue[i] = this.queue[this.head]!;
    this.head++;
    return task;
  }
}

/** A correct minimal port of the seed's ActorScheduler. */
export class PlainActorScheduler implements ActorSchedulerLike {
  protected actors = new Map<string, Iterator<unknown, unknown, unknown>>();
  protected queue: [Iterator<unknown, unknown, unknown>, unknown][] = [];
  protected head = 0;

  newActor(name: string, actor: Iterator<unknown, unknown, unknown>): void {
    this.queue.push([actor, undefined]);
    this.actors.set(name, actor);
  }

  send(name: string, msg: unknown): void {
    const actor = this.actors.get(name);
    if (actor !== undefined) this.queue.push([actor, msg]);
  }

  run(): void {
    while (this.head < this.queue.length) {
      const [actor, msg] = this.queue[this.head++]!;
      actor.next(msg);
    }
  }
}

/** Delivers a message by calling into the actor at once: the stack grows with every hop. */
export class RecursiveActorScheduler extends PlainActorScheduler {
  private primed = false;
  override send(name: string, msg: unknown): void {
    if (!this.primed) return super.send(name, msg);
    this.actors.get(name)?.next(msg);
  }
  override run(): void {
    this.primed = true;
    super.run();
  }
}

/** Delivers one message and then calls run() again: the stack grows with every message. */
export class RecursiveRunActorScheduler extends PlainActorScheduler {
  override run(): void {
    if (this.head >= this.queue.length) return;
    const [actor, msg] = this.queue[this.head++]!;
    actor.next(msg);
    this.run();
  }
}

/** Resolves the name at delivery instead of at send: re-registration steals queued messages. */
export class LateBindingActorScheduler implements ActorSchedulerLike {
  private actors = new Map<string, Iterator<unknown, unknown, unknown>>();
  private queue: [string, Iterator<unknown, unknown, unknown> | null, unknown][] = [];
  private head = 0;
  newActor(name: string, actor: Iterator<unknown, unknown, unknown>): void {
    this.queue.push([name, actor, undefined]);
    this.actors.set(name, actor);
  }
  send(name: string, msg: unknown): void {
    if (this.actors.has(name)) this.queue.push([name, null, msg]);
  }
  run(): void {
    while (this.head < this.queue.length) {
      const [name, primed, msg] = this.queue[this.head++]!;
      (primed ?? this.actors.get(name)!).next(msg);
    }
  }
}
