/**
 * Explorers: a strategy across many runs. `explore` asks one for each run's
 * strategy and tells it what the run chose: random needs nothing between
 * runs, pct keeps its estimate of k, dfs walks its tree and knows when it is
 * done.
 */
import type { Strategy } from '../kernel/index.js';
import { DfsExplorer } from './dfs.js';
import { fifo } from './fifo.js';
import { pctStrategy } from './pct.js';
import { randomStrategy } from './random.js';
import type { Tape } from './schedule.js';

export type StrategyName = 'fifo' | 'random' | 'pct' | 'dfs';
export const STRATEGY_NAMES: readonly StrategyName[] = ['fifo', 'random', 'pct', 'dfs'];

export interface ExplorerOptions {
  /** pct: bug depth d (default 3). */
  readonly depth?: number;
  /** pct: first estimate of k, the choices per run (default 50; grows to the largest seen). */
  readonly steps?: number;
  /** dfs: most deviations from FIFO per run. */
  readonly maxPreemptions?: number;
}

/** A strategy as data: its name and the parameters a run had — what `Explorer.describe()` says as text. */
export interface StrategySpec {
  readonly name: StrategyName;
  /** pct: the bug depth d aimed at. */
  readonly depth?: number;
  /** pct: k, the estimate of choices per run that this run was given. */
  readonly steps?: number;
  /** dfs: the bound on deviations from FIFO, when given. */
  readonly maxPreemptions?: number;
}

export interface Explorer {
  readonly name: StrategyName;
  /** The strategy for the run with this seed, or null when there is nothing left to explore. */
  nextRun(seed: number): Strategy | null;
  afterRun(tape: Tape, counts: readonly number[]): void;
  /** True when the explorer has covered its whole space (dfs, or fifo after one run). */
  readonly complete: boolean;
  /** How to rebuild the strategy of the last run for replay: `pct --depth 3 --steps 40`. */
  describe(): string;
  /** The same, as data. */
  spec(): StrategySpec;
}

export function explorerFor(name: StrategyName, options: ExplorerOptions = {}): Explorer {
  switch (name) {
    case 'fifo': {
      let ran = false;
      return {
        name,
        nextRun: () => (ran ? null : ((ran = true), fifo)),
        afterRun: () => {},
        get complete() {
          return ran;
        },
        describe: () => 'fifo',
        spec: () => ({ name }),
      };
    }
    case 'random':
      return { name, nextRun: (seed) => randomStrategy(seed), afterRun: () => {}, complete: false, describe: () => 'random', spec: () => ({ name }) };
    case 'pct': {
      const depth = options.depth ?? 3;
      let steps = options.steps ?? 50;
      let lastRunSteps = steps; // k grows between runs: a run is replayed with the k it had
      return {
        name,
        nextRun: (seed) => pctStrategy(seed, { depth, steps: (lastRunSteps = steps) }),
        afterRun: (tape) => {
          steps = Math.max(steps, tape.length);
        },
        complete: false,
        describe: () => `pct --depth ${depth} --steps ${lastRunSteps}`,
        spec: () => ({ name, depth, steps: lastRunSteps }),
      };
    }
    case 'dfs': {
      const dfs = new DfsExplorer(options.maxPreemptions === undefined ? {} : { maxPreemptions: options.maxPreemptions });
      return {
        name,
        nextRun: () => dfs.nextRun(),
        afterRun: (tape, counts) => dfs.afterRun(tape, counts),
        get complete() {
          return dfs.complete;
        },
        describe: () => (options.maxPreemptions === undefined ? 'dfs' : `dfs --max-preemptions ${options.maxPreemptions}`),
        spec: () => (options.maxPreemptions === undefined ? { name } : { name, maxPreemptions: options.maxPreemptions }),
      };
    }
    default:
      throw new TypeError(`unknown strategy ${JSON.stringify(name)}: expected one of ${STRATEGY_NAMES.join(', ')}`);
  }
}
