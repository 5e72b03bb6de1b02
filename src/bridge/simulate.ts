/**
 * simulate: runs an ordinary async function on simloop's kernel — its
 * timers, Date, performance.now and Math.random simulated, the operations it
 * hands over released one at a time by the strategy — and always puts the
 * real environment back.
 *
 * The driver loop, after the main function has been called:
 *   1. settle: let every microtask run (see settle.ts);
 *   2. stop if the main promise has settled, or fail if the process reported
 *      an unhandled rejection;
 *   3. if nothing is ready at this instant, jump the virtual clock to the
 *      next deadline (the kernel's alarm: the timers due then become ready)
 *      — or, with no timer left, report what the program is stuck on
 *      (AsyncDeadlockError) instead of hanging;
 *   4. run one ready thing (the strategy's choice) as one kernel step, and
 *      go to 1.
 * Budgets (steps, virtual time) stop a program that never settles but keeps
 * working, e.g. a setInterval that is never cleared.
 */
import type { Kernel } from '../kernel/index.js';
import { kernelFor, type RunOptions } from '../strategies/index.js';
import { install, type Environment } from './environment.js';
import { AsyncDeadlockError } from './errors.js';
import { controls, type Controls } from './operations.js';
import { activeResources, describeOutside } from './outside.js';
import { settle as realSettle, type Settle } from './settle.js';
import { World } from './world.js';

/** Steps before StepBudgetError when none is given: an async run pays a macrotask per step. */
export const DEFAULT_ASYNC_MAX_STEPS = 100_000;

export interface SimulateOptions extends RunOptions {
  /** The wall-clock date at virtual time 0, in ms since 1970 (default 2024-01-01T00:00:00Z). */
  readonly epoch?: number;
  /** Most milliseconds a timer may fire late, chosen by the strategy (default 0). */
  readonly jitter?: number;
  /** How microtasks are let to settle between steps (tests swap in broken ones to show they are caught). */
  readonly settle?: Settle;
}

export interface AsyncRun<T> {
  readonly ok: boolean;
  readonly result: T | undefined;
  readonly error: unknown;
  /** Virtual seconds when the run ended. */
  readonly time: number;
  readonly steps: number;
  readonly kernel: Kernel;
  /** What was still pending when the main promise settled (dropped, never run). */
  readonly leftover: { readonly timers: number; readonly ready: number; readonly operations: number };
}

type MainState<T> = { readonly settled: false } | { readonly settled: true; readonly ok: boolean; readonly value: T | unknown };

export async function simulate<T>(main: (controls: Controls) => T | PromiseLike<T>, options: SimulateOptions = {}): Promise<AsyncRun<T>> {
  if (typeof main !== 'function') throw new TypeError(`simulate expected an async function, got ${main === null ? 'null' : typeof main}`);
  const settle = options.settle ?? realSettle;
  const kernel = kernelFor({ ...options, maxSteps: options.maxSteps ?? DEFAULT_ASYNC_MAX_STEPS });
  let env: Environment | null = null;
  const world = new World(kernel, { ...(options.jitter !== undefined && { jitter: options.jitter }), onTime: (ms) => env?.setTime(ms) });
  const before = activeResources();
  env = install(world, { seed: options.seed ?? 0, ...(options.epoch !== undefined && { epoch: options.epoch }) });

  let state: MainState<T> = { settled: false };
  let ok = false;
  let result: T | undefined;
  let error: unknown;
  let leftover: AsyncRun<T>['leftover'] = { timers: 0, ready: 0, operations: 0 };
  try {
    kernel.enter();
    (async () => main(controls(world)))().then(
      (value) => (state = { settled: true, ok: true, value }),
      (reason: unknown) => (state = { settled: true, ok: false, value: reason }),
    );
    for (;;) {
      await settle();
      const failure = env.takeFailure();
      if (failure !== null) throw failure;
      if (state.settled) break;
      // Moving the clock runs no user code (due timers only become ready), so no settle is needed before the step.
      if (world.readyCount === 0 && !world.advance()) throw new AsyncDeadlockError(world.pending(describeOutside(before)), kernel.position);
      world.step();
    }
    const done = state as MainState<T> & { settled: true };
    ok = done.ok;
    if (done.ok) result = done.value as T;
    else error = done.value;
  } catch (caught) {
    error = caught;
  } finally {
    leftover = world.close();
    kernel.leave();
    env.restore();
  }
  return { ok, result, error, time: kernel.time, steps: kernel.steps, kernel, leftover };
}
