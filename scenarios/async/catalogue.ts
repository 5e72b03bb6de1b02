/**
 * The async bugs' catalogue: each realistic example with its fixed twin,
 * what simloop controls to expose it, its depth, and the exploration budgets
 * within which stated strategies find it (fixed seeds, so the claims are
 * deterministic). async.test.ts checks every claim; bench/async-vs-fc.ts
 * runs the same checks under fast-check's fc.scheduler.
 *
 * Exports no scenario itself, so pointing the CLI at the directory loads
 * each scenario once, from its own file.
 */
import type { AsyncScenario, StrategyName } from 'simloop';
import staleCache, { fixed as staleCacheFixed } from './01-stale-cache.js';
import tokenBucket, { fixed as tokenBucketFixed } from './02-token-bucket.js';
import retryDoubleCharge, { fixed as retryDoubleChargeFixed } from './03-retry-double-charge.js';
import debouncedSearch, { fixed as debouncedSearchFixed } from './04-debounced-search.js';
import poolLeak, { fixed as poolLeakFixed } from './05-pool-leak.js';

export interface AsyncBudget {
  readonly strategy: Exclude<StrategyName, 'fifo'>;
  readonly seeds: number;
  readonly maxPreemptions?: number;
}

export interface AsyncBug {
  readonly file: string;
  readonly scenario: AsyncScenario;
  /** The same code with the bug fixed: it passes every exploration the bug fails. */
  readonly fixed: AsyncScenario;
  /** What simloop has to choose to expose it. */
  readonly exposedBy: 'operation order' | 'timer tie' | 'timer jitter';
  /** The fewest deviations from FIFO that make it fail. */
  readonly depth: number;
  readonly failsWith: string;
  readonly budgets: readonly AsyncBudget[];
}

export const ASYNC_BUGS: readonly AsyncBug[] = [
  {
    file: '01-stale-cache.ts',
    scenario: staleCache,
    fixed: staleCacheFixed,
    exposedBy: 'operation order',
    depth: 1,
    failsWith: 'Error: stale read',
    budgets: [
      { strategy: 'random', seeds: 10 },
      { strategy: 'pct', seeds: 10 },
      { strategy: 'dfs', seeds: 10 },
    ],
  },
  {
    file: '02-token-bucket.ts',
    scenario: tokenBucket,
    fixed: tokenBucketFixed,
    exposedBy: 'timer jitter',
    depth: 1,
    failsWith: 'Error: rate limiter refused a client that kept to the rate',
    // pct orders owners and never delays a timer: jitter is explored by random and dfs.
    budgets: [
      { strategy: 'random', seeds: 10 },
      { strategy: 'dfs', seeds: 30, maxPreemptions: 1 },
    ],
  },
  {
    file: '03-retry-double-charge.ts',
    scenario: retryDoubleCharge,
    fixed: retryDoubleChargeFixed,
    exposedBy: 'timer jitter',
    depth: 1,
    failsWith: 'Error: order-17 charged 2 times',
    budgets: [
      { strategy: 'random', seeds: 100 },
      { strategy: 'dfs', seeds: 100, maxPreemptions: 1 },
    ],
  },
  {
    file: '04-debounced-search.ts',
    scenario: debouncedSearch,
    fixed: debouncedSearchFixed,
    exposedBy: 'timer jitter',
    depth: 1,
    failsWith: 'Error: the search box shows results for "ca" while the field says "cat"',
    budgets: [{ strategy: 'random', seeds: 400 }],
  },
  {
    file: '05-pool-leak.ts',
    scenario: poolLeak,
    fixed: poolLeakFixed,
    exposedBy: 'timer tie',
    depth: 1,
    failsWith: 'Error: the pool leaked its connection',
    budgets: [
      { strategy: 'random', seeds: 10 },
      { strategy: 'pct', seeds: 10 },
      { strategy: 'dfs', seeds: 10 },
    ],
  },
];
