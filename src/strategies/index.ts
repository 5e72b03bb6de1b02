/** The strategies layer: who runs next, one small file each, and the run options that pick one. */
export { fifo } from './fifo.js';
export { randomStrategy } from './random.js';
export { pctStrategy, type PctOptions } from './pct.js';
export { DfsExplorer, type DfsOptions } from './dfs.js';
export { ReplayStrategy, type Divergence, type ReplayOptions } from './replay.js';
export { Recorder, formatSchedule, parseSchedule, stepOf, type Decision, type Tape } from './schedule.js';
export { explorerFor, STRATEGY_NAMES, type Explorer, type ExplorerOptions, type StrategyName, type StrategySpec } from './explorer.js';
export { Rng } from './rng.js';
export { resolveStrategy, type StrategyOption } from './resolve.js';
export { kernelFor, type RunOptions } from './run-options.js';
