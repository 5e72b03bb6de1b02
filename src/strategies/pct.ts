/**
 * pct: Probabilistic Concurrency Testing (Burckhardt, Kothari, Musuvathi,
 * Nagarakatte, ASPLOS 2010). Every owner (task, actor) gets a random priority
 * above d when first seen; the highest-priority candidate runs. At d−1 change
 * points, drawn uniformly among the first k choices, the owner just chosen
 * drops to priority d−i, below every initial priority. A bug of depth d is
 * then found with probability at least 1/(n·k^(d−1)).
 *
 * k counts only choices with more than one candidate (the only ones a
 * strategy is asked); explore keeps the largest k seen across runs and passes
 * it in, and reports it so a run can be replayed. Spin loops cannot starve
 * others here: a choice only orders the entries ready in one iteration, and
 * every one of them runs in it.
 */
import type { Choice, Owner, Strategy } from '../kernel/index.js';
import { Rng } from './rng.js';

export interface PctOptions {
  /** The bug depth aimed at: d−1 priority change points (default 3). */
  readonly depth?: number;
  /** The estimated number of choices in a run, k (default 50). */
  readonly steps?: number;
}

export function pctStrategy(seed: number, options: PctOptions = {}): Strategy {
  const depth = options.depth ?? 3;
  const steps = options.steps ?? 50;
  if (!Number.isInteger(depth) || depth < 1) throw new TypeError(`pct depth expected an integer >= 1, got ${depth}`);
  if (!Number.isInteger(steps) || steps < 1) throw new TypeError(`pct steps expected an integer >= 1, got ${steps}`);
  const rng = new Rng(seed);
  // d−1 change points, distinct, in 1..k; change point number i (1-based) lowers to priority d−i.
  const changeAt = new Map<number, number>();
  while (changeAt.size < Math.min(depth - 1, steps)) {
    const at = 1 + rng.below(steps);
    if (!changeAt.has(at)) changeAt.set(at, changeAt.size + 1);
  }
  const priority = new Map<number, number>();
  const priorityOf = (owner: Owner | null): number => {
    const key = owner === null ? -1 : owner.id;
    let p = priority.get(key);
    if (p === undefined) {
      p = depth + rng.uint32() / 0x100000000; // above every change-point priority
      priority.set(key, p);
    }
    return p;
  };
  let choices = 0;
  return {
    name: `pct(d=${depth},k=${steps})`,
    choose(choice: Choice): number {
      choices++;
      let best = 0;
      let bestPriority = -Infinity;
      for (let i = 0; i < choice.count; i++) {
        const p = priorityOf(choice.owner(i));
        if (p > bestPriority) [best, bestPriority] = [i, p];
      }
      const change = changeAt.get(choices);
      if (change !== undefined) {
        const owner = choice.owner(best);
        priority.set(owner === null ? -1 : owner.id, depth - change);
      }
      return best;
    },
  };
}
