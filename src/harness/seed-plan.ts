/**
 * The plan of a parallel or sharded exploration, and the rules that make its
 * result a function of the plan alone — never of how many threads or machines
 * ran it, nor of which finished first:
 *
 * - every run is a pure function of (scenario, seed, plan): the strategy of
 *   seed s is fixed by the plan (pct's k included, see `pctSteps`), so a seed
 *   can run anywhere, in any order;
 * - shard I of N owns the seeds s with s mod N = I (strided, not contiguous
 *   blocks): a seed's shard depends only on s and N, not on the range, so
 *   `--seeds 0..999` and `--seeds 0..1999` give shard I the same first seeds;
 *   every shard starts at the low seeds, where the stop rule below cuts, and
 *   each shard gets a fair mix of cheap and costly seeds;
 * - results are merged by seed, and "stop after F failures" means: keep the
 *   seeds up to the F-th failing seed in seed order, drop the rest — what a
 *   single thread walking the seeds in order would have run.
 *
 * `portfolio` mixes strategies per seed: seed s runs PORTFOLIO[mix(s) mod 4],
 * a fixed hash of the seed (not s mod 4, which would hand shard I of 4 a
 * single strategy); each failure names the strategy its seed ran.
 */
import { STRATEGY_NAMES, type StrategyName } from '../strategies/index.js';

export type ExploreStrategyName = StrategyName | 'portfolio';
export const EXPLORE_STRATEGIES: readonly ExploreStrategyName[] = [...STRATEGY_NAMES, 'portfolio'];

export interface ExplorePlan {
  readonly strategy: ExploreStrategyName;
  /** Both ends included. dfs: `to - from + 1` is the most runs. */
  readonly seeds: { readonly from: number; readonly to: number };
  /** Stop after this many failures (crashes count), in seed order. */
  readonly maxFailures: number;
  /** pct: bug depth d (default 3; portfolio picks its own). */
  readonly depth?: number;
  /** pct: k, the choices per run (default: the larger of 50 and the FIFO run's choices). */
  readonly steps?: number;
  /** dfs: most deviations from FIFO. */
  readonly maxPreemptions?: number;
  /** Per-run budgets: steps, and virtual seconds. */
  readonly maxSteps?: number;
  readonly maxTime?: number;
  /** Run every seed twice and compare trace hashes; each run's hash goes into the run log. */
  readonly checkDeterminism: boolean;
}

export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** One seed's strategy, as data and as the flags that rebuild it. */
export interface SeedStrategy {
  readonly name: 'fifo' | 'random' | 'pct';
  readonly depth?: number;
}

export const PORTFOLIO: readonly SeedStrategy[] = [{ name: 'random' }, { name: 'pct', depth: 1 }, { name: 'pct', depth: 2 }, { name: 'pct', depth: 3 }];

/** A 32-bit integer hash (Chris Wellons' lowbias32): neighbouring seeds land far apart. */
export function mix32(seed: number): number {
  let x = seed >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

export function seedStrategy(plan: ExplorePlan, seed: number): SeedStrategy {
  switch (plan.strategy) {
    case 'portfolio':
      return PORTFOLIO[mix32(seed) % PORTFOLIO.length]!;
    case 'pct':
      return { name: 'pct', depth: plan.depth ?? 3 };
    case 'fifo':
    case 'random':
      return { name: plan.strategy };
    case 'dfs':
      throw new TypeError('a dfs exploration is not made of seeds: it walks one tree (run it with explore())');
  }
}

/** pct's k for a scenario: given, or the larger of 50 (pct's default) and the choices of the FIFO run — the same in every thread. */
export function pctSteps(plan: ExplorePlan, fifoChoices: number): number {
  return plan.steps ?? Math.max(50, fifoChoices);
}

export function inShard(seed: number, shard: Shard | null): boolean {
  return shard === null || seed % shard.count === shard.index;
}

/** The seeds this plan runs on this shard, in order. fifo runs once, on the first seed. */
export function shardSeeds(plan: ExplorePlan, shard: Shard | null): number[] {
  const { from, to } = plan.seeds;
  if (plan.strategy === 'fifo') return inShard(from, shard) ? [from] : [];
  const out: number[] = [];
  if (shard === null) {
    for (let s = from; s <= to; s++) out.push(s);
  } else {
    const first = from + ((((shard.index - from) % shard.count) + shard.count) % shard.count);
    for (let s = first; s <= to; s += shard.count) out.push(s);
  }
  return out;
}
