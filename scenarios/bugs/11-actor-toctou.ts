/**
 * Time-of-check to time-of-use across actors — ActorScheduler.
 *
 * Source: Bishop & Dilger, "Checking for Race Conditions in File Accesses"
 * (Computing Systems, 1996) — TOCTOU; in the actor model each message is
 * atomic but a conversation is not (Hewitt; Agha, "Actors", 1986): a
 * "how many are left?" reply is stale by the time the "reserve" arrives.
 *
 * An inventory actor holds one item. Shopper A asks how many are left and, on
 * "1", reserves it. Shopper B browses two rounds longer, then asks. A's
 * reserve and B's query are sent in the same round and reach the inventory
 * in the same round; the seed's FIFO delivers A's reserve first (A's answer
 * arrived before B finished browsing), so B hears "0" and leaves.
 *
 * DEPTH 1: one deviation — B before A in the round where both send, or B's
 * query before A's reserve at the inventory — and both hear "1", both
 * reserve: the inventory oversells. PCT depth 1 (query_B before reserve_A).
 * Fix: make check and act one message ("reserve if available"), answered
 * with success or failure.
 */
import { ActorScheduler, defineScenario } from 'simloop';
import type { BugMeta } from './zoo.js';

export const meta: BugMeta = {
  layer: 'ActorScheduler',
  depth: 1,
  pctDepth: 1,
  tasks: 3,
  failsWith: 'Error: oversold',
  source: 'Bishop & Dilger 1996 (TOCTOU); Agha, Actors (1986)',
  budgets: [
    { strategy: 'random', seeds: 10 },
    { strategy: 'pct', seeds: 10 },
    { strategy: 'dfs', seeds: 10 },
  ],
};

type Msg =
  | { op: 'shop' }
  | { op: 'browse'; left: number }
  | { op: 'query'; from: string }
  | { op: 'stock'; count: number }
  | { op: 'reserve'; from: string };

export default defineScenario({
  name: 'actor-toctou',
  description: 'ask the inventory how many are left, then reserve: the answer is stale when the reserve arrives',
  run({ print, options }) {
    const a = new ActorScheduler({ ...options, strict: true });
    let stock = 1;
    const sold: string[] = [];

    a.newActor('inventory', (function* (): Generator<undefined, void, Msg> {
      for (;;) {
        const m = yield;
        if (m.op === 'query') a.send(m.from, { op: 'stock', count: stock });
        if (m.op === 'reserve') {
          stock -= 1;
          sold.push(m.from);
          if (stock < 0) throw new Error(`oversold: ${sold.join(' and ')} both reserved the last item (stock ${stock})`);
        }
      }
    })());
    const shopper = (name: string, browseRounds: number) =>
      (function* (): Generator<undefined, void, Msg> {
        for (;;) {
          const m = yield;
          if (m.op === 'shop') a.send(name, { op: 'browse', left: browseRounds });
          if (m.op === 'browse') {
            if (m.left > 0) a.send(name, { op: 'browse', left: m.left - 1 });
            else a.send('inventory', { op: 'query', from: name }); // check
          }
          if (m.op === 'stock' && m.count > 0) a.send('inventory', { op: 'reserve', from: name }); // act, on a stale answer
        }
      })();
    a.newActor('shopper-a', shopper('shopper-a', 0));
    a.newActor('shopper-b', shopper('shopper-b', 2));
    a.run(); // prime every actor before any message reaches it
    a.send('shopper-a', { op: 'shop' });
    a.send('shopper-b', { op: 'shop' });
    a.run();
    print(`sold to ${sold.join(', ') || 'nobody'}; ${stock} left`);
  },
});
