/**
 * A depth-3 bug: dining philosophers — asyncio Locks.
 *
 * Sources: Dijkstra, "Hierarchical Ordering of Sequential Processes" (Acta
 * Informatica, 1971) — the dining philosophers; Burckhardt, Kothari,
 * Musuvathi & Nagarakatte, "A Randomized Scheduler with Probabilistic
 * Guarantees of Finding Bugs" (ASPLOS 2010), §2 — the depth of a bug is the
 * number of ordering constraints it needs; their deadlock example has depth 2,
 * and a cycle of n locks needs n.
 *
 * Four philosophers, four forks (asyncio Locks); each takes the left fork,
 * thinks a turn, takes the right one, eats, puts both down. They sit down one
 * turn apart, so philosopher i reaches for fork i (its left) in the very
 * iteration philosopher i−1 reaches for it as its right. CPython's order runs
 * the one who sat down first first: philosopher i−1 gets fork i, i waits, and
 * everyone eats in turn.
 *
 * DEPTH 3: the cycle closes only if, at each of forks 1, 2 and 3, the later
 * philosopher wins — three ordering constraints (PCT depth 3; fork 0 is taken
 * by philosopher 0 long before philosopher 3 wants it) — and no schedule with
 * fewer than three deviations from FIFO does it. Then every philosopher holds
 * its left fork and waits on its right: DeadlockError. A typical shrunk
 * schedule is `0:3,1:2,2:1`: the three deviations reverse the order of the
 * first iteration (philosophers 3, 2, 1 before 0), and since a task goes back
 * to the queue in the order it ran, every later iteration keeps that order and
 * each race goes to the later philosopher.
 * Fix: a global lock order (the last philosopher takes its right fork first).
 */
import { Lock, createTask, defineScenario, gather, run, sleep, type Coroutine } from 'simloop';
import type { BugMeta } from './zoo.js';

export const meta: BugMeta = {
  layer: 'asyncio',
  depth: 3,
  pctDepth: 3,
  tasks: 5,
  failsWith: 'DeadlockError: deadlock',
  source: 'Dijkstra 1971 (dining philosophers); PCT paper §2 (bug depth)',
  budgets: [
    { strategy: 'random', seeds: 20 },
    { strategy: 'pct', seeds: 50 },
    { strategy: 'dfs', seeds: 500, maxPreemptions: 3 },
  ],
};

const N = 4;

export default defineScenario({
  name: 'dining-philosophers',
  description: `${N} philosophers sit down one turn apart and take left fork, then right fork`,
  run({ print, options }) {
    const meals: number[] = Array.from({ length: N }, () => 0);

    run(function* (): Coroutine<void> {
      const forks = Array.from({ length: N }, () => new Lock());
      function* philosopher(i: number): Coroutine<void> {
        for (let t = 0; t < i; t++) yield* sleep(0); // sits down at turn i
        const [left, right] = [forks[i]!, forks[(i + 1) % N]!];
        yield* left.acquire();
        try {
          yield* sleep(0); // thinks with one fork in hand
          yield* right.acquire();
          try {
            meals[i]!++;
          } finally {
            right.release();
          }
        } finally {
          left.release();
        }
      }
      yield* gather(...Array.from({ length: N }, (_, i) => createTask(philosopher(i), { name: `philosopher-${i}` })));
    }, options);
    print(`meals: ${meals.join(' ')}`);
  },
});
