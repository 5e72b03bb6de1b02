/**
 * Strategies by name: turns a name (or a Strategy object) into a Strategy
 * for one run. Each strategy lives in its own small file behind the kernel's
 * interface.
 */
import { describe, type Strategy } from '../kernel/index.js';
import { fifo } from './fifo.js';
import { pctStrategy } from './pct.js';
import { randomStrategy } from './random.js';

/** A strategy given by name, or any object implementing Strategy. */
export type StrategyOption = 'fifo' | 'random' | 'pct' | Strategy;

const BUILT_IN = ['fifo', 'random', 'pct'] as const;

export function resolveStrategy(option: StrategyOption | undefined, seed: number): Strategy {
  // An object first: explore passes one per run, and comparing an object with the names took V8's generic `===` three times.
  if (typeof option === 'object' && option !== null && typeof option.choose === 'function' && typeof option.name === 'string') return option;
  if (option === undefined || option === 'fifo') return fifo;
  if (option === 'random') return randomStrategy(seed);
  if (option === 'pct') return pctStrategy(seed);
  throw new TypeError(
    `strategy expected one of ${BUILT_IN.map((n) => `'${n}'`).join(', ')} or an object with name and choose(), got ${describe(option)}`,
  );
}
