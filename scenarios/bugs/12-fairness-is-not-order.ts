/**
 * Fairness is not order — asyncio Lock, FIFO by arrival, relied on to keep
 * submission order.
 *
 * Source: the java.util.concurrent ReentrantLock documentation ("fairness of
 * locks does not guarantee fairness of thread scheduling"; a fair lock grants
 * in the order of arrival at the lock, not of anything before it); Goetz et
 * al., "Java Concurrency in Practice", §13.3; asyncio's own Lock docs ("the
 * first coroutine that started waiting proceeds").
 *
 * A journal appends records under an asyncio.Lock while a flush holds it.
 * Requests are numbered when they are submitted, and the code counts on the
 * lock being fair to append them in that order. But the lock is fair to
 * ARRIVALS: request 0 goes straight for the lock, request 1 first checks its
 * payload against a cache (one await that answers at once), request 2 checks
 * two. In CPython's order they reach the lock in number order — a cache hit
 * costs one loop iteration — and the journal comes out sorted. A cache that
 * answers one hop later (a miss, another library version) changes who
 * arrives first, and nothing in the program orders them.
 *
 * ONLY FOUND BY A WAITER CHOICE: the three requests join the lock's deque at
 * the same instant but in three different loop iterations, so no reordering
 * of the callbacks ready in one iteration (the kernel's choice) puts request
 * 1 ahead of request 0 — dfs over those choices alone covers every schedule
 * and finds nothing (bugs.test.ts). The Lock's 'lock-waiter' choice (which of
 * the waiters that joined at the same instant it wakes) finds it.
 *
 * DEPTH 1: one waiter choice — the lock wakes request 1 or 2 before request 0
 * — and the journal is out of order. PCT depth 1.
 * Fix: take the sequence number under the lock, or append by number (a
 * reorder buffer), not by arrival.
 */
import { Lock, createTask, defineScenario, run, sleep, type Coroutine } from 'simloop';
import type { BugMeta } from './zoo.js';

export const meta: BugMeta = {
  layer: 'asyncio',
  depth: 1,
  pctDepth: 1,
  tasks: 4,
  failsWith: 'Error: journal out of order',
  source: 'ReentrantLock docs (fairness is not scheduling order); Goetz, Java Concurrency in Practice, §13.3',
  budgets: [
    { strategy: 'random', seeds: 10 },
    { strategy: 'pct', seeds: 10 },
    { strategy: 'dfs', seeds: 10 },
  ],
  onlyByWaiterChoice: true,
};

export default defineScenario({
  name: 'fairness-is-not-order',
  description: 'submission order kept by relying on a fair Lock: but the Lock is fair to arrivals',
  run({ print, options }) {
    const journal: number[] = [];
    run(function* (): Coroutine<void> {
      const lock = new Lock();
      yield* lock.acquire(); // a flush holds the journal until t=1

      function* cacheCheck(hops: number): Coroutine<void> {
        for (let i = 0; i < hops; i++) yield* sleep(0); // a cache hit: answers in one loop iteration
      }
      function* request(seq: number): Coroutine<void> {
        yield* cacheCheck(seq);
        yield* lock.acquire(); // BUG: relies on the fair lock to keep `seq` order
        try {
          journal.push(seq);
        } finally {
          lock.release();
        }
      }

      const requests = [0, 1, 2].map((seq) => createTask(request(seq), { name: `request-${seq}` }));
      yield* sleep(1);
      lock.release(); // the flush is done
      for (const r of requests) yield* r;
    }, options);
    print(`journal ${journal.join(' ')}`);
    if (journal.some((seq, i) => seq !== i)) throw new Error(`journal out of order: ${journal.join(' ')} (appended by arrival at the lock, not by number)`);
  },
});
