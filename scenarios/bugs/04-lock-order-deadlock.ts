/**
 * Lock-order deadlock — asyncio Locks.
 *
 * Source: Coffman, Elphick & Shoshani, "System Deadlocks" (1971) — circular
 * wait; Goetz et al., "Java Concurrency in Practice", §10.1.1 (lock-ordering
 * deadlocks, Listing 10.1 LeftRightDeadlock) and §10.1.2 (dynamic lock order:
 * transferMoney(from, to) locks `from` then `to`).
 *
 * Two transfers between the same two accounts lock the source account, then
 * (after an await: reading the balance) the destination — one alice→bob, the
 * other bob→alice. The second transfer is queued one turn later; in
 * CPython's order the first has taken both locks by the time the second asks
 * for its first one, so the second just waits its turn.
 *
 * DEPTH 1: one deviation — the second transfer takes bob's lock in the
 * iteration where the first one goes for it — and each holds the lock the
 * other wants: nothing is ready, no timer is pending, and the loop raises
 * DeadlockError naming both tasks and the locks they wait on. PCT depth 1
 * here: the textbook lock-order deadlock has depth 2 (acquire₁(alice) before
 * acquire₂(alice), acquire₂(bob) before acquire₁(bob)), and the stagger makes
 * the first hold in every schedule.
 * Fix: acquire the locks in one global order (e.g. by account id).
 */
import { Lock, createTask, defineScenario, gather, run, sleep, type Coroutine } from 'simloop';
import type { BugMeta } from './zoo.js';

export const meta: BugMeta = {
  layer: 'asyncio',
  depth: 1,
  pctDepth: 1,
  tasks: 3,
  failsWith: 'DeadlockError: deadlock',
  source: 'Coffman et al. 1971; Goetz, Java Concurrency in Practice, §10.1.1–10.1.2',
  budgets: [
    { strategy: 'random', seeds: 10 },
    { strategy: 'pct', seeds: 10 },
    { strategy: 'dfs', seeds: 10 },
  ],
};

export default defineScenario({
  name: 'lock-order-deadlock',
  description: 'transfer(alice→bob) and transfer(bob→alice) lock source then destination',
  run({ print, options }) {
    const balances = { alice: 100, bob: 100 };
    type Account = keyof typeof balances;
    const locks: Record<Account, Lock> = { alice: new Lock(), bob: new Lock() };

    function* transfer(from: Account, to: Account, amount: number, startAfter: number): Coroutine<void> {
      for (let i = 0; i < startAfter; i++) yield* sleep(0);
      yield* locks[from].acquire();
      try {
        yield* sleep(0); // await the balance of `from`
        yield* locks[to].acquire();
        try {
          balances[from] -= amount;
          balances[to] += amount;
        } finally {
          locks[to].release();
        }
      } finally {
        locks[from].release();
      }
    }

    run(function* (): Coroutine<void> {
      yield* gather(
        createTask(transfer('alice', 'bob', 30, 0), { name: 'alice→bob' }),
        createTask(transfer('bob', 'alice', 10, 1), { name: 'bob→alice' }),
      );
    }, options);
    print(`alice ${balances.alice}, bob ${balances.bob}`);
  },
});
