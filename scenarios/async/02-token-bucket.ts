/**
 * A token bucket that refuses a client keeping to its rate — timers with
 * jitter, Date.now.
 *
 * A rate limiter: one token per 100 ms, a bucket of one. A well-behaved
 * client sends request k at k·100 ms (each on its own timer, so real timers
 * fire a little late, each by its own amount). On every request the bucket
 * adds the whole periods elapsed since its last refill — and then restarts
 * the period at *now*, throwing away the part of a period already elapsed.
 * When request k fires later than request k+1 does (late by 3 ms, then by
 * 1 ms), the second finds only 98 ms since the "last refill", earns nothing
 * and is refused, although the client never exceeded the rate.
 *
 * DEPTH 1: one timer late by any amount more than the next one (jitter is a
 * strategy choice: `jitter: 5` lets every timer fire up to 5 ms late). FIFO
 * fires every timer on time, and it passes.
 * Fix (`fixed`): advance the refill mark by the periods earned
 * (`last += earned · interval`), never to `now` — the usual GCRA / token
 * bucket bookkeeping.
 */
import { defineScenario } from 'simloop';

export class TokenBucket {
  private tokens: number;
  private last = Date.now();

  constructor(
    readonly capacity: number,
    readonly intervalMs: number,
    private readonly fixed: boolean,
  ) {
    this.tokens = capacity;
  }

  tryTake(): boolean {
    const now = Date.now();
    const earned = Math.floor((now - this.last) / this.intervalMs);
    if (earned > 0) {
      this.tokens = Math.min(this.capacity, this.tokens + earned);
      // The bug: `now` loses the fraction of a period that had already elapsed.
      this.last = this.fixed ? this.last + earned * this.intervalMs : now;
    }
    if (this.tokens === 0) return false;
    this.tokens--;
    return true;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The check both runners drive: five requests, one per period, each on its own timer; none may be refused. */
export async function tokenBucketCheck(fixed: boolean, print: (line: string) => void = () => {}): Promise<void> {
  const start = Date.now();
  const bucket = new TokenBucket(1, 100, fixed);
  const refused: string[] = [];
  for (let k = 1; k <= 5; k++) {
    setTimeout(() => {
      if (!bucket.tryTake()) refused.push(`request ${k} at +${Date.now() - start}ms`);
    }, k * 100);
  }
  await sleep(1000);
  print(refused.length === 0 ? 'every request allowed' : `refused: ${refused.join(', ')}`);
  if (refused.length > 0) throw new Error(`rate limiter refused a client that kept to the rate: ${refused.join(', ')}`);
}

export default defineScenario({
  name: 'async-token-bucket',
  description: 'a token bucket that restarts its refill period at now and refuses an on-rate client',
  jitter: 5,
  async run({ print }) {
    await tokenBucketCheck(false, print);
  },
});

export const fixed = defineScenario({
  name: 'async-token-bucket-fixed',
  description: 'the same bucket advancing its refill mark by whole periods',
  jitter: 5,
  async run({ print }) {
    await tokenBucketCheck(true, print);
  },
});
