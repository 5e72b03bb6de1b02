/**
 * Missed wakeup (lost signal) — asyncio Condition used without a predicate.
 *
 * Source: Lampson & Redell, "Experience with Processes and Monitors in Mesa"
 * (CACM 1980) — wait in a loop over the condition; Goetz et al., "Java
 * Concurrency in Practice", §14.2.3 ("Missed signals") and §14.2.2 (always
 * test the condition predicate before waiting).
 *
 * A consumer takes the condition's lock and waits for a notification, without
 * checking whether the item it waits for is already there. A producer takes
 * the lock, stores the item and notifies. In CPython's order the consumer
 * (created first) is already waiting when the producer notifies.
 *
 * DEPTH 1: one deviation — the producer runs first in the iteration both
 * start in — and the notify reaches nobody; the consumer then waits for a
 * signal that was already sent: the loop raises DeadlockError ("consumer waits
 * on Condition.wait()"). PCT depth 1 (notify before wait).
 * Fix: `yield* cond.waitFor(() => item !== null)` — test the predicate under
 * the lock, and wait only while it is false.
 */
import { Condition, createTask, defineScenario, run, type Coroutine } from 'simloop';
import type { BugMeta } from './zoo.js';

export const meta: BugMeta = {
  layer: 'asyncio',
  depth: 1,
  pctDepth: 1,
  tasks: 3,
  failsWith: 'DeadlockError: deadlock',
  source: 'Lampson & Redell 1980 (Mesa monitors); Goetz, Java Concurrency in Practice, §14.2.3',
  budgets: [
    { strategy: 'random', seeds: 10 },
    { strategy: 'pct', seeds: 10 },
    { strategy: 'dfs', seeds: 10 },
  ],
};

export default defineScenario({
  name: 'missed-wakeup',
  description: 'a consumer waits on a Condition without checking the predicate; the notify can come first',
  run({ print, options }) {
    let item: string | null = null;
    const cond = new Condition();

    function* consumer(): Coroutine<string> {
      yield* cond.acquire();
      try {
        yield* cond.wait(); // BUG: no `while (item === null)` around the wait
        return item!;
      } finally {
        cond.release();
      }
    }
    function* producer(): Coroutine<void> {
      yield* cond.acquire();
      try {
        item = 'order #1';
        cond.notify();
      } finally {
        cond.release();
      }
    }

    const got = run(function* (): Coroutine<string> {
      const c = createTask(consumer(), { name: 'consumer' });
      const p = createTask(producer(), { name: 'producer' });
      yield* p;
      return yield* c;
    }, options);
    print(`consumed ${got}`);
  },
});
