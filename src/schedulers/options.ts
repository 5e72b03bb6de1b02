/**
 * The seed-style schedulers take the common run options (strategy, seed,
 * trace, budgets); this module also says what counts as a task.
 */
import type { Kernel } from '../kernel/index.js';
import { kernelFor as kernelForRun, type RunOptions } from '../strategies/run-options.js';

export interface SchedulerOptions extends RunOptions {
  /**
   * true (default): a strategy orders each round — every queued task (or
   * delivery) runs once before any runs again, in a seeded permutation.
   * false: at every step the strategy may pick any queued entry, including
   * one queued during this round, so a task can run again and again while
   * others wait, as under an unfair scheduler. fifo is the same either way.
   */
  readonly fair?: boolean;
}

export function kernelFor(options: SchedulerOptions): Kernel {
  if (options.fair !== undefined && typeof options.fair !== 'boolean') {
    throw new TypeError(`fair expected a boolean, got ${typeof options.fair} ${String(options.fair)}`);
  }
  return kernelForRun(options, options.fair === false ? 'queue' : 'iteration');
}

/** True for anything with a callable `next`: generators and hand-written iterators. */
export function isIterator(value: unknown): value is Iterator<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { next?: unknown }).next === 'function';
}
