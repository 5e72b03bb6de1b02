/**
 * The timer functions a program sees during a run — setTimeout,
 * setInterval, setImmediate, their clear* and the promise forms of
 * node:timers/promises — with Node's argument rules and handle objects
 * (`ref`, `unref`, `hasRef`, `refresh`, `close`, `+handle`), on the world's
 * virtual clock.
 *
 * Must not: create a real timer. A handle from a real timer (made before the
 * run, or through a saved reference) passed to clear* is cleared with the
 * saved real function, so cleanup code keeps working.
 */
import { Immediate, Timer, type World } from './world.js';

type Callback = (...args: unknown[]) => unknown;

// Node's own limit: a delay above it, below 1 or not a number becomes 1 ms.
const TIMEOUT_MAX = 2 ** 31 - 1;

function delayOf(value: unknown): number {
  const after = Number(value);
  return after >= 1 && after <= TIMEOUT_MAX ? Math.trunc(after) : 1;
}

function checkCallback(name: string, callback: unknown): asserts callback is Callback {
  if (typeof callback !== 'function') {
    throw new TypeError(`${name} expected a function as its callback, got ${callback === null ? 'null' : typeof callback} ${String(callback)}`);
  }
}

/** Node's `ref()` / `unref()`: answered by `hasRef()`, no effect on a simulated run (it ends with its main promise). */
class Referenced {
  private referenced = true;

  ref(): this {
    this.referenced = true;
    return this;
  }

  unref(): this {
    this.referenced = false;
    return this;
  }

  hasRef(): boolean {
    return this.referenced;
  }
}

/** What `setTimeout`/`setInterval` return: Node's Timeout, on the simulated clock. */
export class SimTimeout extends Referenced {
  constructor(
    private timer: Timer,
    private readonly world: World,
  ) {
    super();
  }

  /** Restarts the countdown from now, with the same delay and callback. */
  refresh(): this {
    if (this.world.closed) return this;
    const old = this.timer;
    this.world.cancel(old);
    const timer = new Timer(this.world, this.world.owner(old.owner.name), old.callback, old.args, old.delay, old.repeat);
    this.timer = timer;
    this.world.arm(timer);
    return this;
  }

  close(): this {
    this.world.cancel(this.timer);
    return this;
  }

  get cancelled(): boolean {
    return this.timer.cancelled;
  }

  [Symbol.toPrimitive](): number {
    return this.timer.owner.id;
  }

}

/** What `setImmediate` returns. */
export class SimImmediate extends Referenced {
  constructor(
    readonly work: Immediate,
    private readonly world: World,
  ) {
    super();
  }

  dispose(): void {
    this.world.cancel(this.work);
  }
}

// Node 20's timer handles are disposable (`using t = setTimeout(...)`), so ours
// are too — set on the prototypes rather than declared, so that the published
// types do not need TypeScript's esnext.disposable lib.
const dispose = (Symbol as { readonly dispose?: symbol }).dispose;
if (dispose !== undefined) {
  Object.defineProperty(SimTimeout.prototype, dispose, { value: SimTimeout.prototype.close, writable: true, configurable: true });
  Object.defineProperty(SimImmediate.prototype, dispose, { value: SimImmediate.prototype.dispose, writable: true, configurable: true });
}

/** The saved real clear functions, for handles of real timers. */
export interface RealClears {
  readonly clearTimeout: (handle: unknown) => void;
  readonly clearInterval: (handle: unknown) => void;
  readonly clearImmediate: (handle: unknown) => void;
}

export interface TimerApi {
  setTimeout(callback: Callback, delay?: unknown, ...args: unknown[]): SimTimeout;
  setInterval(callback: Callback, delay?: unknown, ...args: unknown[]): SimTimeout;
  setImmediate(callback: Callback, ...args: unknown[]): SimImmediate;
  clearTimeout(handle: unknown): void;
  clearInterval(handle: unknown): void;
  clearImmediate(handle: unknown): void;
  /** node:timers/promises */
  promises: {
    setTimeout<T = void>(delay?: unknown, value?: T, options?: { signal?: AbortSignal }): Promise<T>;
    setImmediate<T = void>(value?: T, options?: { signal?: AbortSignal }): Promise<T>;
    setInterval(): never;
  };
  /** AbortSignal.timeout on the simulated clock. */
  abortSignalTimeout(delay: number): AbortSignal;
}

function abortError(signal: AbortSignal): Error {
  const error = new Error('The operation was aborted', { cause: signal.reason });
  error.name = 'AbortError';
  (error as Error & { code: string }).code = 'ABORT_ERR';
  return error;
}

export function timerApi(world: World, real: RealClears): TimerApi {
  const handles = new Map<number, SimTimeout>();

  const makeTimer = (name: string, callback: unknown, delay: unknown, args: unknown[], repeat: boolean): SimTimeout => {
    checkCallback(name, callback);
    const ms = delayOf(delay);
    const timer = new Timer(world, world.owner((id) => `${name}#${id}(${ms}ms)`), callback, args, ms, repeat);
    const handle = new SimTimeout(timer, world);
    if (world.closed) {
      world.cancel(timer);
      return handle;
    }
    world.arm(timer);
    if (world.kernel.trace !== null) world.kernel.emit('set', `due t=${timer.due / 1000}`, timer.owner);
    handles.set(timer.owner.id, handle);
    return handle;
  };

  const clear = (handle: unknown, realClear: (h: unknown) => void): void => {
    if (handle === undefined || handle === null) return;
    if (handle instanceof SimTimeout) {
      handle.close();
      return;
    }
    if (handle instanceof SimImmediate) {
      world.cancel(handle.work);
      return;
    }
    if (typeof handle === 'number' || typeof handle === 'string') {
      const known = handles.get(Number(handle));
      if (known !== undefined) known.close();
      return;
    }
    realClear(handle); // a real timer's handle
  };

  const setImmediate = (callback: unknown, ...args: unknown[]): SimImmediate => {
    checkCallback('setImmediate', callback);
    const work = new Immediate(world.owner((id) => `setImmediate#${id}`), world.kernel, callback, args);
    world.makeReady(work);
    return new SimImmediate(work, world);
  };

  const api: TimerApi = {
    setTimeout: (callback, delay, ...args) => makeTimer('setTimeout', callback, delay, args, false),
    setInterval: (callback, delay, ...args) => makeTimer('setInterval', callback, delay, args, true),
    setImmediate,
    clearTimeout: (handle) => clear(handle, real.clearTimeout),
    clearInterval: (handle) => clear(handle, real.clearInterval),
    clearImmediate: (handle) => clear(handle, real.clearImmediate),
    promises: {
      setTimeout: <T>(delay?: unknown, value?: T, options: { signal?: AbortSignal } = {}) =>
        new Promise<T>((resolve, reject) => {
          const signal = options.signal;
          if (signal?.aborted) return reject(abortError(signal));
          const handle = makeTimer('setTimeout', () => resolve(value as T), delay, [], false);
          signal?.addEventListener(
            'abort',
            () => {
              handle.close();
              reject(abortError(signal));
            },
            { once: true },
          );
        }),
      setImmediate: <T>(value?: T, options: { signal?: AbortSignal } = {}) =>
        new Promise<T>((resolve, reject) => {
          const signal = options.signal;
          if (signal?.aborted) return reject(abortError(signal));
          const handle = setImmediate(() => resolve(value as T));
          signal?.addEventListener(
            'abort',
            () => {
              world.cancel(handle.work);
              reject(abortError(signal));
            },
            { once: true },
          );
        }),
      setInterval: () => {
        throw new TypeError(
          "node:timers/promises setInterval is not simulated by simloop's bridge: use setInterval(callback, ms) or a loop over `await setTimeout(ms)`",
        );
      },
    },
    abortSignalTimeout: (delay: number) => {
      const controller = new AbortController();
      makeTimer(
        'AbortSignal.timeout',
        () => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
        delay,
        [],
        false,
      );
      return controller.signal;
    },
  };
  return api;
}
