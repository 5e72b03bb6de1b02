/**
 * Lost update — TaskScheduler (generators).
 *
 * Source: Herlihy & Shavit, "The Art of Multiprocessor Programming", ch. 1
 * (and §2.1): `value++` is a read followed by a write, and two threads that
 * both read before either writes lose one increment.
 *
 * Three workers each add one to a shared hit counter with a read in one turn
 * and the write in the next (`seen = hits; yield; hits = seen + 1` — the yield
 * stands for anything that gives up the CPU: a log call, an await). The
 * workers start one turn apart, so in the round where worker i writes,
 * worker i+1 reads — and the seed's round robin runs the older worker first:
 * the write lands before the read, every increment counts.
 *
 * DEPTH 1: one deviation from FIFO — run worker i+1 before worker i in the
 * round they share — makes both read the same value. PCT depth 1 here: the
 * textbook lost update has depth 2 (read₂ before write₁, write₁ before
 * write₂), but with the workers a turn apart the second constraint holds in
 * every schedule.
 * Fix: do the read-modify-write in one step (no yield inside), or guard it.
 */
import { TaskScheduler, defineScenario } from 'simloop';
import type { BugMeta } from './zoo.js';

export const meta: BugMeta = {
  layer: 'TaskScheduler',
  depth: 1,
  pctDepth: 1,
  tasks: 3,
  failsWith: 'Error: lost update',
  source: 'Herlihy & Shavit, The Art of Multiprocessor Programming, ch. 1',
  budgets: [
    { strategy: 'random', seeds: 10 },
    { strategy: 'pct', seeds: 10 },
    { strategy: 'dfs', seeds: 10 },
  ],
};

export default defineScenario({
  name: 'lost-update',
  description: 'three staggered read-yield-write increments of a shared counter',
  run({ print, options }) {
    const s = new TaskScheduler(options);
    let hits = 0;
    function* increment(startAfter: number) {
      for (let i = 0; i < startAfter; i++) yield 'waiting';
      const seen = hits; // read
      yield 'read';
      hits = seen + 1; // write: the value read a turn ago
    }
    for (let i = 0; i < 3; i++) s.addTask(increment(i), { name: `worker-${i + 1}` });
    s.run();
    print(`hits = ${hits}`);
    if (hits !== 3) throw new Error(`lost update: hits is ${hits} after 3 increments`);
  },
});
