/**
 * The seed-style schedulers take the common run options (strategy, seed,
 * trace, budgets); this module also says what counts as a task.
 */
export { kernelFor, type RunOptions as SchedulerOptions } from '../strategies/run-options.js';

/** True for anything with a callable `next`: generators and hand-written iterators. */
export function isIterator(value: unknown): value is Iterator<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { next?: unknown }).next === 'function';
}
