/**
 * Controlled interleaving of the program's own promises, in the spirit of
 * fast-check's `fc.scheduler()` (`schedule`, `scheduleFunction`): the program
 * hands simloop the operations whose completion order matters — a fetch, a
 * database call, a lock grant — and gets back a promise that settles like
 * the operation, but only when simloop releases it.
 *
 * Unlike fc.scheduler, nothing has to call `waitAll`: an operation becomes a
 * candidate as soon as its own promise has settled, and the run releases
 * candidates one at a time — the strategy picks which, among everything
 * ready at that instant (timers and immediates included) — letting the
 * microtasks settle after each. The choice is recorded like every other, so
 * a run replays from its seed or its schedule and shrinks towards FIFO
 * (operations released in the order they completed).
 */
import { describe, show } from '../kernel/index.js';
import { Operation, type World } from './world.js';

export interface Controls {
  /**
   * The returned promise settles like `task` (resolves with its value or
   * rejects with its error), once `task` has settled *and* simloop releases it.
   */
  schedule<T>(task: PromiseLike<T> | T, label?: string): Promise<T>;
  /**
   * Wraps a function: every call runs it at once, and its result is
   * scheduled, labelled `name(arg, ...)` — `name` is `label` when given,
   * else the function's own name.
   */
  scheduleFunction<A extends unknown[], T>(fn: (...args: A) => PromiseLike<T> | T, label?: string): (...args: A) => Promise<T>;
  /** Virtual milliseconds since the run started. */
  now(): number;
}

export function controls(world: World): Controls {
  const schedule = <T>(task: PromiseLike<T> | T, label?: string): Promise<T> => {
    if (label !== undefined && typeof label !== 'string') throw new TypeError(`schedule expected a string label, got ${describe(label)}`);
    let op!: Operation;
    const released = new Promise<T>((resolve, reject) => {
      op = new Operation(world.owner(label ?? ((id) => `operation#${id}`)), world.kernel, resolve as (v: unknown) => void, reject);
    });
    if (world.closed) return released; // after the run: never released
    world.waiting.add(op);
    if (world.kernel.trace !== null) world.kernel.emit('schedule', '', op.owner);
    const ready = (ok: boolean, value: unknown): void => {
      if (!world.waiting.delete(op)) return;
      op.settled(ok, value);
      world.makeReady(op);
    };
    Promise.resolve(task).then(
      (value) => ready(true, value),
      (error: unknown) => ready(false, error),
    );
    return released;
  };

  return {
    schedule,
    scheduleFunction<A extends unknown[], T>(fn: (...args: A) => PromiseLike<T> | T, label?: string) {
      if (typeof fn !== 'function') throw new TypeError(`scheduleFunction expected a function, got ${describe(fn)}`);
      return (...args: A): Promise<T> => {
        let task: PromiseLike<T> | T;
        try {
          task = fn(...args);
        } catch (error) {
          task = Promise.reject(error);
        }
        return schedule(task, `${label ?? (fn.name || 'function')}(${args.map(show).join(', ')})`);
      };
    },
    now: () => world.now,
  };
}
