/**
 * Starvation under an unfair (barging) lock — asyncio, a hand-written lock
 * against asyncio's fair Lock.
 *
 * Source: Goetz et al., "Java Concurrency in Practice", §13.3 (fairness:
 * barging vs fair ReentrantLock); Dijkstra's and Lamport's bounded-waiting
 * requirement for mutual exclusion (Lamport, "A New Solution of Dijkstra's
 * Concurrent Programming Problem", CACM 1974). CPython's asyncio.Lock is fair
 * precisely because of `_wake_up_first` and the waiters check in acquire().
 *
 * A greedy task takes the lock, works a turn, releases it, yields a turn and
 * takes it again, five times over. A victim asks for it once, while greedy
 * holds it. The unfair lock wakes the first waiter on release but lets anyone
 * who finds it free take it; the woken waiter re-checks and, if beaten to it,
 * waits again at the back. In CPython's order the woken victim runs before the greedy task comes
 * back, and gets the lock at the first release.
 *
 * DEPTH 3: the invariant is bounded bypass — nobody may take the lock more
 * than twice while the victim waits — and each bypass needs the greedy task
 * to run before the woken victim: three deviations, and three ordering
 * constraints (PCT depth 3). But all three are the same preference — greedy
 * before victim — which one PCT priority assignment satisfies at once: PCT
 * finds it in a quarter to a half of its runs (more as k grows: its change
 * points then fall past the races more often), far above its bound
 * 1/(n·k²) = 1/147 at k = 7, while random must win three coin flips in a row.
 *
 * `fairLockNoStarvation` (exported as well) is the same program on asyncio's
 * Lock: the greedy task cannot barge past a woken waiter, and it passes under
 * every strategy — the contrast the test suite checks.
 */
import { Lock, createTask, defineScenario, getRunningLoop, run, sleep, type Coroutine, type Future, type LockLike } from 'simloop';
import type { BugMeta } from './zoo.js';

export const meta: BugMeta = {
  layer: 'asyncio',
  depth: 3,
  pctDepth: 3,
  tasks: 3,
  failsWith: 'Error: starvation',
  source: 'Goetz, Java Concurrency in Practice, §13.3 (fairness); Lamport 1974 (bounded waiting)',
  budgets: [
    { strategy: 'pct', seeds: 20 },
    { strategy: 'random', seeds: 50 },
    { strategy: 'dfs', seeds: 10 },
  ],
};

/** A barging lock: release wakes the first waiter, but whoever finds the lock free takes it. */
class UnfairLock implements LockLike {
  private held = false;
  private readonly waiters: Future<boolean>[] = [];

  locked(): boolean {
    return this.held;
  }

  *acquire(): Coroutine<true> {
    while (this.held) {
      const fut = getRunningLoop().createFuture<boolean>('UnfairLock.acquire()');
      this.waiters.push(fut);
      yield* fut; // woken — but by the time we run, someone may have taken it again
    }
    this.held = true;
    return true;
  }

  release(): void {
    if (!this.held) throw new Error('UnfairLock.release(): not locked');
    this.held = false;
    const next = this.waiters.shift();
    if (next !== undefined && !next.done()) next.setResult(true);
  }
}

const MAX_BYPASSES = 2;

function starvation(name: string, makeLock: () => LockLike) {
  return defineScenario({
    name,
    description: `a greedy task re-takes the lock right after releasing it; a victim must get it within ${MAX_BYPASSES} bypasses`,
    run({ print, options }) {
      let acquisitions = 0;
      let victimWaited = -1;

      run(function* (): Coroutine<void> {
        const lock = makeLock();
        function* greedy(): Coroutine<void> {
          for (let i = 0; i < 5; i++) {
            yield* lock.acquire();
            acquisitions++;
            yield* sleep(0); // the critical section
            lock.release();
            yield* sleep(0); // one turn outside, then straight back
          }
        }
        function* victim(): Coroutine<void> {
          // Starts in the iteration where greedy takes the lock: it has to wait.
          const before = acquisitions;
          yield* lock.acquire();
          victimWaited = acquisitions - before;
          acquisitions++;
          lock.release();
          if (victimWaited > MAX_BYPASSES) throw new Error(`starvation: the victim waited while the lock was taken ${victimWaited} times by others (bound ${MAX_BYPASSES})`);
        }
        const g = createTask(greedy(), { name: 'greedy' });
        const v = createTask(victim(), { name: 'victim' });
        yield* v;
        yield* g;
      }, options);
      print(`victim bypassed ${victimWaited} times`);
    },
  });
}

export default starvation('unfair-lock-starvation', () => new UnfairLock());

/** The same program on asyncio's fair Lock: no interleaving starves the victim. */
export const fairLockNoStarvation = starvation('fair-lock-no-starvation', () => new Lock());
