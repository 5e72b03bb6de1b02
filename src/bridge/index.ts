/**
 * simloop/bridge: ordinary async/await code on simloop's kernel — simulated
 * timers, Date, performance.now and seeded Math.random, and the program's own
 * operations released in an order the strategy chooses.
 */
export { simulate, DEFAULT_ASYNC_MAX_STEPS, type SimulateOptions, type AsyncRun } from './simulate.js';
export { type Controls } from './operations.js';
export { AsyncDeadlockError, UnhandledRejectionError, type Pending } from './errors.js';
export { DEFAULT_EPOCH } from './environment.js';
export { settle, type Settle } from './settle.js';
export { SimTimeout, SimImmediate } from './timer-api.js';
