/**
 * A bug behind two timers due at the same instant — asyncio sleeps with
 * equal deadlines.
 *
 * Source: the asyncio documentation, loop.call_at / call_later: "If two
 * callbacks are scheduled for exactly the same time, the order in which they
 * are called is undefined"; the failure-detector timeout equal to the
 * heartbeat period is the classic way to fall into it (Chandra & Toueg,
 * "Unreliable failure detectors", JACM 1996, on timeouts as suspicion).
 *
 * A worker beats every second; a monitor checks every second that the last
 * beat is less than one second old. Both sleep(1) from t=0, so their timers
 * are due together at t=1, 2, 3. The worker starts an iteration earlier, so
 * CPython's heap gives its timer first: the beat lands, then the check —
 * always fresh. Every failing schedule deviates at one of those instants
 * (the one choice at t=0 is harmless).
 *
 * DEPTH 1: one deviation — the monitor before the worker at one of the
 * instants they share (the timers' order, or their wake-ups' in the next
 * iteration) — and the monitor sees a beat exactly one second old and
 * declares a healthy worker dead. PCT depth 1 (check before beat).
 * Fix: a timeout strictly longer than the period (plus slack), never equal.
 */
import { createTask, defineScenario, getRunningLoop, run, sleep, type Coroutine } from 'simloop';
import type { BugMeta } from './zoo.js';

export const meta: BugMeta = {
  layer: 'asyncio',
  depth: 1,
  pctDepth: 1,
  tasks: 3,
  failsWith: 'Error: false suspicion',
  source: 'asyncio docs, loop.call_at (same-time callbacks: undefined order); Chandra & Toueg 1996',
  budgets: [
    { strategy: 'random', seeds: 10 },
    { strategy: 'pct', seeds: 10 },
    { strategy: 'dfs', seeds: 10 },
  ],
};

export default defineScenario({
  name: 'equal-timers',
  description: 'heartbeat period equal to the monitor timeout: two timers due at the same instant',
  run({ print, options }) {
    const PERIOD = 1;
    const TIMEOUT = 1;
    let lastBeat = 0;

    function* worker(): Coroutine<void> {
      for (let i = 0; i < 3; i++) {
        yield* sleep(PERIOD);
        lastBeat = getRunningLoop().time();
      }
    }
    function* monitor(): Coroutine<void> {
      for (let i = 0; i < 3; i++) {
        yield* sleep(TIMEOUT);
        const now = getRunningLoop().time();
        if (now - lastBeat >= TIMEOUT) throw new Error(`false suspicion at t=${now}: last beat at t=${lastBeat}, the worker is alive`);
      }
    }

    run(function* (): Coroutine<void> {
      const w = createTask(worker(), { name: 'worker' });
      yield* sleep(0); // the monitor starts an iteration later (still at t=0): the heap has the worker's timer first
      const m = createTask(monitor(), { name: 'monitor' });
      yield* w;
      yield* m;
    }, options);
    print(`last beat at t=${lastBeat}`);
  },
});
