/**
 * Argument values for the commands: each parser names the flag, the bad
 * value and what was expected, as a UsageError (exit code 2).
 */
import { STRATEGY_NAMES, type StrategyName } from '../strategies/index.js';
import { EXPLORE_STRATEGIES, type ExploreStrategyName, type SeedRange, type Shard } from '../harness/index.js';
import { UsageError } from './load.js';

export function integer(flag: string, value: string | undefined, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`${flag} expected an integer >= ${min}, got "${value}"`);
  }
  return n;
}

export function seeds(value: string | undefined): number | SeedRange | undefined {
  if (value === undefined) return undefined;
  const range = /^(\d+)\.\.(\d+)$/.exec(value.trim());
  if (range !== null) {
    const [from, to] = [Number(range[1]), Number(range[2])];
    if (from > to) throw new UsageError(`--seeds ${value}: the range is empty (${from} > ${to}); write --seeds ${to}..${from}`);
    return { from, to };
  }
  return integer('--seeds', value, 1);
}

export function strategy(value: string | undefined, fallback: StrategyName): StrategyName {
  if (value === undefined) return fallback;
  if (!(STRATEGY_NAMES as readonly string[]).includes(value)) {
    throw new UsageError(`--strategy expected one of ${STRATEGY_NAMES.join(', ')}, got "${value}"`);
  }
  return value as StrategyName;
}

/** explore's strategies: the seeded ones, dfs, and portfolio. */
export function exploreStrategy(value: string | undefined): ExploreStrategyName {
  if (value === undefined) return 'random';
  if (!(EXPLORE_STRATEGIES as readonly string[]).includes(value)) {
    throw new UsageError(`--strategy expected one of ${EXPLORE_STRATEGIES.join(', ')}, got "${value}"`);
  }
  return value as ExploreStrategyName;
}

export function workers(value: string | undefined, cores: number): number {
  if (value === undefined) return cores;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1) {
    throw new UsageError(`--workers expected a number of worker threads >= 1, got "${value}"; omit it to use all ${cores} cores`);
  }
  return n;
}

/** `I/N`: shard I of N, numbered from 0. */
export function shard(value: string | undefined): Shard | null {
  if (value === undefined) return null;
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (m === null) throw new UsageError(`--shard expected I/N (shard I of N, from 0), e.g. --shard 0/4, got "${value}"`);
  const [index, count] = [Number(m[1]), Number(m[2])];
  if (count < 1) throw new UsageError(`--shard ${value}: N must be at least 1, e.g. --shard 0/4`);
  if (index >= count) {
    throw new UsageError(`--shard ${value}: shard ${index} does not exist among ${count}; shards are numbered from 0, so use --shard 0/${count} to --shard ${count - 1}/${count}`);
  }
  return { index, count };
}

/** A positive number of seconds (virtual time). */
export function seconds(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} expected a number of seconds > 0, got "${value}"`);
  return n;
}
