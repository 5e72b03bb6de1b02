/**
 * One rare order among eleven tasks: non-intersecting quorums — TaskScheduler.
 *
 * Source: Gifford, "Weighted Voting for Replicated Data" (SOSP 1979): a read
 * quorum R and a write quorum W over N replicas must intersect, R + W > N.
 * The PCT paper (Burckhardt et al., ASPLOS 2010) for why such bugs are rare
 * under random scheduling: the bad order is one particular placement among
 * many tasks.
 *
 * Ten replica tasks apply a write, one per task, in the same round; the write
 * counts as acknowledged once W = 6 replicas have it. A reader in the same
 * round reads a quorum of R = 3 (replicas 8, 9 and 10, its nearest) and,
 * if the write was already acknowledged, must see it. R + W = 9 ≤ N = 10: the
 * quorums need not intersect. In the seed's round robin the reader (spawned
 * last) runs after every replica, so it always sees the write.
 *
 * DEPTH 1 — one deviation: run the reader right after replica 7 (or after
 * six of replicas 1–7) and before 8, 9, 10. But it is rare: under a uniformly
 * random order the reader must come after at least six of replicas 1–7 and
 * before all of 8–10, probability (1/11)·(C(7,6)/C(10,6) + C(7,7)/C(10,7)) =
 * 1/264. In PCT's terms the depth is 9 — six writes before the read, the
 * read before three writes — so PCT's bound 1/(n·k⁸) says next to nothing;
 * its random priorities order the round like a random permutation, about
 * 1/264 too. dfs bounded to one preemption meets it within ten runs.
 * Fix: R + W > N (e.g. W = 8, or R = 5).
 */
import { TaskScheduler, defineScenario } from 'simloop';
import type { BugMeta } from './zoo.js';

export const meta: BugMeta = {
  layer: 'TaskScheduler',
  depth: 1,
  pctDepth: 9,
  tasks: 11,
  failsWith: 'Error: stale read',
  source: 'Gifford 1979 (quorum intersection); PCT paper (rare orders among n threads)',
  budgets: [
    { strategy: 'dfs', seeds: 10, maxPreemptions: 1 },
    { strategy: 'random', seeds: 600 },
    { strategy: 'pct', seeds: 800 },
  ],
};

const N = 10;
const W = 6;
const READ_QUORUM = [8, 9, 10];

export default defineScenario({
  name: 'quorum-rare-order',
  description: `N=${N} replicas, write quorum ${W}, read quorum ${READ_QUORUM.length}: R + W <= N`,
  run({ print, options }) {
    const s = new TaskScheduler(options);
    const replicas = new Map<number, number>(); // replica → version it holds
    let acks = 0;
    let read: string | null = null;

    // Each task does its whole job in one step: the only freedom is the order of the round.
    function* replica(id: number) {
      replicas.set(id, 1); // apply write v1
      acks++;
    }
    function* reader() {
      const acknowledged = acks >= W;
      const seen = Math.max(...READ_QUORUM.map((id) => replicas.get(id) ?? 0));
      read = `v${seen}`;
      if (acknowledged && seen < 1) {
        throw new Error(`stale read: the write was acknowledged by ${acks} replicas, but the read quorum [${READ_QUORUM.join(', ')}] has v${seen}`);
      }
    }
    for (let id = 1; id <= N; id++) s.addTask(replica(id), { name: `replica-${id}` });
    s.addTask(reader(), { name: 'reader' });
    s.run();
    print(`read ${read}, ${acks} acks`);
  },
});
