/**
 * Actor message reordering (a causality violation) — ActorScheduler.
 *
 * Source: Lamport, "Time, Clocks, and the Ordering of Events in a Distributed
 * System" (CACM 1978) — happened-before; Birman & Joseph, "Reliable
 * communication in the presence of failures" (1987) — causal delivery. Actor
 * runtimes (Erlang, Akka) order messages per sender–receiver pair at best,
 * never across senders: a message sent *because of* another one may overtake
 * it on a different path.
 *
 * Alice pays Bob: she sends the deposit through a teller (who forwards it to
 * the bank) and tells Bob "paid". Bob, on hearing it, withdraws from the
 * bank. The deposit (via the teller) and the withdrawal (via Bob) are sent in
 * the same round and reach the bank in the same round; the seed's global FIFO
 * delivers the deposit first, because the teller heard from Alice first.
 *
 * DEPTH 1: one deviation — Bob before the teller, or the withdrawal before the
 * deposit at the bank — and the bank refuses a withdrawal of money that,
 * causally, is already there. PCT depth 1 (withdraw delivered before deposit).
 * Fix: causal delivery (vector clocks), or route both through one ordered channel.
 */
import { ActorScheduler, defineScenario } from 'simloop';
import type { BugMeta } from './zoo.js';

export const meta: BugMeta = {
  layer: 'ActorScheduler',
  depth: 1,
  pctDepth: 1,
  tasks: 4,
  failsWith: 'Error: causality violated',
  source: 'Lamport 1978 (happened-before); Birman & Joseph 1987 (causal delivery)',
  budgets: [
    { strategy: 'random', seeds: 10 },
    { strategy: 'pct', seeds: 10 },
    { strategy: 'dfs', seeds: 10 },
  ],
};

type Msg = { op: 'pay'; amount: number } | { op: 'paid'; amount: number } | { op: 'deposit'; amount: number } | { op: 'withdraw'; amount: number };

export default defineScenario({
  name: 'actor-reordering',
  description: 'a deposit via a teller and a withdrawal caused by it reach the bank in the same round',
  run({ print, options }) {
    const a = new ActorScheduler({ ...options, strict: true });
    let bobBalance = 0;
    const log: string[] = [];

    a.newActor('alice', (function* (): Generator<undefined, void, Msg> {
      for (;;) {
        const m = yield;
        if (m.op === 'pay') {
          a.send('teller', { op: 'deposit', amount: m.amount }); // the money, via the teller
          a.send('bob', { op: 'paid', amount: m.amount }); // the news, directly
        }
      }
    })());
    a.newActor('teller', (function* (): Generator<undefined, void, Msg> {
      for (;;) {
        const m = yield;
        if (m.op === 'deposit') a.send('bank', m);
      }
    })());
    a.newActor('bob', (function* (): Generator<undefined, void, Msg> {
      for (;;) {
        const m = yield;
        if (m.op === 'paid') a.send('bank', { op: 'withdraw', amount: m.amount }); // caused by the deposit
      }
    })());
    a.newActor('bank', (function* (): Generator<undefined, void, Msg> {
      for (;;) {
        const m = yield;
        if (m.op === 'deposit') bobBalance += m.amount;
        if (m.op === 'withdraw') {
          if (bobBalance < m.amount) throw new Error(`causality violated: bob withdraws ${m.amount} that alice paid him, the bank has ${bobBalance}`);
          bobBalance -= m.amount;
        }
        log.push(`${m.op} ${m.amount}`);
      }
    })());
    a.run(); // prime every actor first: a message must not overtake its actor's priming
    a.send('alice', { op: 'pay', amount: 50 });
    a.run();
    print(`bank: ${log.join(', ')}; bob has ${bobBalance}`);
  },
});
