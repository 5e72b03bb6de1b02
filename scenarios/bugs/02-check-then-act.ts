/**
 * Check-then-act — asyncio.
 *
 * Source: Goetz et al., "Java Concurrency in Practice", §2.2.1 (race
 * conditions: check-then-act; Listing 2.3 LazyInitRace).
 *
 * A lazily-initialised connection pool: `getPool()` checks whether the pool
 * exists and, if not, opens one — with an await in between (opening a
 * connection is I/O). Two request handlers call it; the second arrives one
 * loop turn after the first. In CPython's order the first handler's open
 * completes in the very iteration where the second one checks, and it runs
 * first: the second finds the pool and reuses it.
 *
 * DEPTH 1: one deviation — the second handler's check runs before the first
 * handler's assignment, in the iteration they share — opens two pools (one
 * leaks). PCT depth 1 (check₂ before act₁).
 * Fix: cache the *task* (a future) rather than its result, or hold a Lock
 * around check and act.
 */
import { createTask, defineScenario, run, sleep, type Coroutine } from 'simloop';
import type { BugMeta } from './zoo.js';

export const meta: BugMeta = {
  layer: 'asyncio',
  depth: 1,
  pctDepth: 1,
  tasks: 3,
  failsWith: 'Error: check-then-act',
  source: 'Goetz, Java Concurrency in Practice, §2.2.1 (LazyInitRace)',
  budgets: [
    { strategy: 'random', seeds: 10 },
    { strategy: 'pct', seeds: 10 },
    { strategy: 'dfs', seeds: 10 },
  ],
};

export default defineScenario({
  name: 'check-then-act',
  description: 'lazy initialisation of a connection pool with an await between the check and the act',
  run({ print, options }) {
    let pool: { id: number } | null = null;
    let opened = 0;

    function* getPool(): Coroutine<{ id: number }> {
      if (pool === null) {
        // check
        yield* sleep(0); // await connect(): the I/O that opens the pool
        pool = { id: ++opened }; // act
      }
      return pool;
    }
    function* handler(arrivesAfter: number): Coroutine<number> {
      for (let i = 0; i < arrivesAfter; i++) yield* sleep(0);
      const p = yield* getPool();
      return p.id;
    }

    run(function* (): Coroutine<void> {
      const a = createTask(handler(0), { name: 'request-1' });
      const b = createTask(handler(1), { name: 'request-2' });
      const ids = [yield* a, yield* b];
      print(`pools used: ${ids.join(', ')}`);
    }, options);
    if (opened !== 1) throw new Error(`check-then-act: ${opened} pools opened, expected 1 (one leaks)`);
  },
});
