/**
 * Argument values for the commands: each parser names the flag, the bad
 * value and what was expected, as a UsageError (exit code 2).
 */
import { STRATEGY_NAMES, type StrategyName } from '../strategies/index.js';
import type { SeedRange } from '../harness/index.js';
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
