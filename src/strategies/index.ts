/** The strategies layer: who runs next, and the run options that pick one. */
export { fifo } from './fifo.js';
export { resolveStrategy, type StrategyOption } from './resolve.js';
export { kernelFor, type RunOptions } from './run-options.js';
