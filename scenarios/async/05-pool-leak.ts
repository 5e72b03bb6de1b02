/**
 * A connection pool that leaks a connection when a waiter gives up —
 * AbortSignal.timeout, a timer tie.
 *
 * A pool of one connection. Client A holds it for 50 ms; client B asks for
 * one at t=10 with a 40 ms timeout (AbortSignal.timeout) and waits. At t=50 two
 * things are due at once: A's release and B's timeout. Released first, B
 * gets the connection and all is well. Timed out first, B's acquire
 * rejects — but its waiter stays in the pool's queue, and A's release hands
 * the connection to that dead waiter. Nobody will ever give it back: client
 * C, arriving later, waits until its own timeout, and the pool is empty for
 * good (a bug pools keep shipping: the acquire timed out, but its waiter was
 * never taken off the queue).
 *
 * DEPTH 1: B's timeout before A's release, at the same instant. FIFO runs
 * timers due together in the order they were set (A's first), and it passes.
 * Fix (`fixed`): on abort, take the waiter out of the queue.
 */
import { defineScenario } from 'simloop';

export class Pool {
  private readonly idle: string[];
  private readonly waiters: { resolve: (connection: string) => void }[] = [];

  constructor(
    size: number,
    private readonly fixed: boolean,
  ) {
    this.idle = Array.from({ length: size }, (_, i) => `conn-${i + 1}`);
  }

  get available(): number {
    return this.idle.length;
  }

  acquire(signal?: AbortSignal): Promise<string> {
    const connection = this.idle.pop();
    if (connection !== undefined) return Promise.resolve(connection);
    return new Promise((resolve, reject) => {
      const waiter = { resolve };
      this.waiters.push(waiter);
      signal?.addEventListener(
        'abort',
        () => {
          // The bug: the waiter stays queued, and release() will hand it a connection nobody gives back.
          if (this.fixed) this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  release(connection: string): void {
    const waiter = this.waiters.shift();
    if (waiter !== undefined) waiter.resolve(connection);
    else this.idle.push(connection);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function client(pool: Pool, name: string, holdMs: number, timeoutMs: number, log: string[]): Promise<void> {
  let connection: string;
  try {
    connection = await pool.acquire(AbortSignal.timeout(timeoutMs));
  } catch {
    log.push(`${name} gave up`);
    return;
  }
  log.push(`${name} got ${connection}`);
  await sleep(holdMs);
  pool.release(connection);
}

/** The check both runners drive: A holds the one connection, B waits with a timeout, C comes later; C must get it. */
export async function poolLeakCheck(fixed: boolean, print: (line: string) => void = () => {}): Promise<void> {
  const pool = new Pool(1, fixed);
  const log: string[] = [];
  const a = client(pool, 'A', 50, 1000, log);
  await sleep(10);
  const b = client(pool, 'B', 10, 40, log);
  await sleep(90);
  const c = client(pool, 'C', 10, 1000, log);
  await Promise.all([a, b, c]);
  print(`${log.join(', ')}; idle connections: ${pool.available}`);
  if (!log.includes('C got conn-1') || pool.available !== 1) {
    throw new Error(`the pool leaked its connection: ${log.join(', ')}; idle at the end: ${pool.available} of 1`);
  }
}

export default defineScenario({
  name: 'async-pool-leak',
  description: 'a waiter that times out still receives a connection, which is never returned',
  async run({ print }) {
    await poolLeakCheck(false, print);
  },
});

export const fixed = defineScenario({
  name: 'async-pool-leak-fixed',
  description: 'the same pool dropping a waiter when it gives up',
  async run({ print }) {
    await poolLeakCheck(true, print);
  },
});
