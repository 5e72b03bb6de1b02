/**
 * Stale read in a read-through cache — async/await, scheduled operations.
 *
 * A cache in front of a database: `get` misses, reads the database and
 * keeps what comes back for a TTL; `set` writes the database, then
 * invalidates the key. A reader and a writer race on one key. If the write
 * and its invalidation land while the reader's database read is still in
 * flight, that read — which reached the database *before* the write — fills
 * the cache with the old value after the invalidation, and the cache serves
 * it until the TTL runs out (the classic "stale set" race of cache-aside,
 * e.g. Facebook's memcache paper, NSDI 2013, §3.2.1 "leases").
 *
 * DEPTH 1: deliver the write's reply before the read's. Under FIFO the
 * replies come back in the order the requests were sent, and it passes.
 * Fix (`fixed`): a generation per key, bumped by every invalidation; a read
 * caches its value only if the generation has not moved since it started
 * (the memcache paper's lease, in miniature).
 */
import { defineScenario, type Controls } from 'simloop';

export interface Db {
  read(key: string): Promise<string>;
  write(key: string, value: string): Promise<void>;
}

export class ReadThroughCache {
  private readonly entries = new Map<string, { readonly value: string; readonly expires: number }>();
  private readonly generations = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly ttlMs: number,
    private readonly fixed: boolean,
  ) {}

  async get(key: string): Promise<string> {
    const hit = this.entries.get(key);
    if (hit !== undefined && hit.expires > Date.now()) return hit.value;
    const generation = this.generations.get(key) ?? 0;
    const value = await this.db.read(key);
    // The bug: without the generation check, a read that started before an invalidation still fills the cache.
    if (!this.fixed || (this.generations.get(key) ?? 0) === generation) this.entries.set(key, { value, expires: Date.now() + this.ttlMs });
    return value;
  }

  async set(key: string, value: string): Promise<void> {
    await this.db.write(key, value);
    this.entries.delete(key);
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
  }
}

/** A database whose requests take effect when sent and whose replies come back when the scheduler releases them. */
export function scheduledDb(scheduleFunction: Controls['scheduleFunction'], data: Map<string, string>): Db {
  return {
    read: scheduleFunction(async (key: string) => data.get(key) ?? '', 'db.read'),
    write: scheduleFunction(async (key: string, value: string) => {
      data.set(key, value);
    }, 'db.write'),
  };
}

/** The check both runners drive (simloop here, fc.scheduler in bench/async-vs-fc.ts). */
export async function staleCacheCheck(fixed: boolean, scheduleFunction: Controls['scheduleFunction'], print: (line: string) => void = () => {}): Promise<void> {
  const data = new Map([['user:1', 'v1']]);
  const cache = new ReadThroughCache(scheduledDb(scheduleFunction, data), 60_000, fixed);
  await Promise.all([cache.get('user:1'), cache.set('user:1', 'v2')]);
  const served = await cache.get('user:1');
  print(`cache serves ${served}, database holds ${data.get('user:1')}`);
  if (served !== data.get('user:1')) throw new Error(`stale read: the cache serves "${served}" for user:1 but the database holds "${data.get('user:1')}"`);
}

export default defineScenario({
  name: 'async-stale-cache',
  description: 'a read-through cache refills itself with a value read before the invalidation',
  async run({ scheduleFunction, print }) {
    await staleCacheCheck(false, scheduleFunction, print);
  },
});

export const fixed = defineScenario({
  name: 'async-stale-cache-fixed',
  description: 'the same cache with a generation check on refill',
  async run({ scheduleFunction, print }) {
    await staleCacheCheck(true, scheduleFunction, print);
  },
});
