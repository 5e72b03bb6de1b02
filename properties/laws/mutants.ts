/**
 * Deliberately broken schedulers: each differs from the seed in one way, and
 * the law named beside it must catch it. A law that let its mutant live would
 * be a law that asserts nothing.
 *
 * Most are the conformance kits' own mutants (one set of broken schedulers
 * for the project); the two defined here break a law only these property
 * suites state on their own.
 */
import { GoodTaskScheduler } from '../../src/harness/conformance/fixtures/mutants.js';

export {
  GoodActorScheduler as PlainActorScheduler,
  GoodTaskScheduler as PlainTaskScheduler,
  LateBindingActorScheduler,
  LifoTaskScheduler,
  RandomTaskScheduler,
  RecursiveRunActorScheduler,
  RecursiveSendActorScheduler as RecursiveActorScheduler,
  RerunsFinishedTaskScheduler as KeepsFinishedTaskScheduler,
  SpawnerFirstTaskScheduler,
  SwallowingTaskScheduler,
} from '../../src/harness/conformance/fixtures/mutants.js';

/** Gives every task a second step in a row on its second turn: unfair. */
export class DoubleStepTaskScheduler extends GoodTaskScheduler {
  private readonly turns = new Map<Iterator<unknown>, number>();
  protected override step(task: Iterator<unknown>): boolean {
    const turn = (this.turns.get(task) ?? 0) + 1;
    this.turns.set(task, turn);
    if (!super.step(task)) return false;
    return turn === 2 ? super.step(task) : true;
  }
}

/** Stops with one task still queued. */
export class StopsEarlyTaskScheduler extends GoodTaskScheduler {
  override run(): void {
    while (this.size > 1) {
      const task = this.take();
      if (this.step(task)) this.queue.push(task);
    }
  }
}
