/**
 * Installing the simulated environment for the duration of one run, and
 * putting the real one back — always, also when the run throws.
 *
 * Installed: the timer functions (globals, `node:timers`, the promise forms
 * of `node:timers/promises`, `AbortSignal.timeout`) on the world's virtual
 * clock; `Date`, `performance.now` and `process.hrtime` from a
 * @sinonjs/fake-timers clock, moved to the kernel's time whenever it jumps
 * (its implementations, swapped in here rather than by its `install`, which
 * costs half a millisecond a run and replaces the whole `performance`
 * object where only `now` needs to change); `Math.random` from seedrandom, seeded with the run's seed; and
 * listeners that turn an unhandled rejection or an exception escaping a
 * microtask into the run's failure instead of a crashed process.
 *
 * Left alone, on purpose: `queueMicrotask` and `process.nextTick`. They are
 * already deterministic (FIFO queues drained by the settle step), and
 * faking them would run their callbacks later than the promise reactions
 * queued after them — an order no real Node process produces.
 *
 * Timers are the bridge's own rather than fake-timers' because fake-timers
 * fires timers due at the same instant in a fixed order (deadline, then id)
 * with no way to ask anyone else; here every due timer is a candidate the
 * strategy chooses among, like every other ready thing.
 */
import { createRequire, syncBuiltinESMExports } from 'node:module';
import FakeTimers from '@sinonjs/fake-timers';
import seedrandom from 'seedrandom';
import { ReentrantRunError } from '../kernel/index.js';
import { UnhandledRejectionError } from './errors.js';
import { timerApi, type TimerApi } from './timer-api.js';
import type { World } from './world.js';

const require = createRequire(import.meta.url);
// Built once: withGlobal assembles fake-timers' whole implementation for this global.
const fakeTimers = FakeTimers.withGlobal(globalThis);
type Table = Record<string, unknown>;
const timersModule = require('node:timers') as Table;
const timersPromises = require('node:timers/promises') as Table;

// The names the bridge replaces; the values are read and restored, never called to decide anything.
const TIMER_NAMES = ['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate'] as const; // simloop-allow-nondeterminism: the globals the bridge fakes
const PROMISE_NAMES = ['setTimeout', 'setImmediate', 'setInterval'] as const; // simloop-allow-nondeterminism: node:timers/promises, faked

/** The wall-clock date at virtual time 0 unless told otherwise: 2024-01-01T00:00:00Z (a real date, so no code sees a falsy 0). */
export const DEFAULT_EPOCH = 1_704_067_200_000;

export interface EnvironmentOptions {
  readonly seed: number;
  /** The wall-clock date at virtual time 0, in ms since 1970. */
  readonly epoch?: number;
}

export interface Environment {
  /** A failure reported by the process (unhandled rejection, microtask exception), if any, taken once. */
  takeFailure(): UnhandledRejectionError | null;
  /** Moves Date, performance and hrtime to this virtual time (ms since the start). */
  setTime(ms: number): void;
  /** Puts every global back. Safe to call twice. */
  restore(): void;
  readonly timers: TimerApi;
}

let active = false;

/** Replaces `table[key]` and remembers how to put it back. */
function swap(undo: (() => void)[], table: Table, key: string, value: unknown): void {
  const had = Object.prototype.hasOwnProperty.call(table, key);
  const saved = table[key];
  table[key] = value;
  undo.push(() => {
    if (had) table[key] = saved;
    else delete table[key];
  });
}

export function install(world: World, options: EnvironmentOptions): Environment {
  if (active) {
    throw new ReentrantRunError(
      'another simulated async run is in progress: the bridge replaces process-wide globals (timers, Date, Math.random), so two runs cannot overlap — await the first one',
    );
  }
  const epoch = options.epoch ?? DEFAULT_EPOCH;
  if (!Number.isFinite(epoch)) throw new TypeError(`epoch expected a number of milliseconds since 1970, got ${String(epoch)}`);
  const undo: (() => void)[] = [];
  const g = globalThis as unknown as Table;
  let failure: UnhandledRejectionError | null = null;
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    let first: unknown = null;
    for (const step of undo.reverse()) {
      try {
        step();
      } catch (error) {
        first ??= error;
      }
    }
    syncBuiltinESMExports();
    active = false;
    if (first !== null) throw first;
  };

  active = true;
  try {
    // Date, performance.now, hrtime: a fake-timers clock, moved by the kernel's clock.
    if ((g['Date'] as { isFake?: boolean }).isFake === true) {
      throw new Error(
        "simloop's bridge could not install its clock: Date is already faked — are fake timers installed (vi.useFakeTimers(), sinon)? " +
          'Restore real timers before a simulated run',
      );
    }
    const clock = fakeTimers.createClock(epoch);
    swap(undo, g, 'Date', clock.Date);
    swap(undo, performance as unknown as Table, 'now', clock.performance.now); // simloop-allow-nondeterminism: replaced by the virtual clock
    swap(undo, process as unknown as Table, 'hrtime', clock.hrtime);
    let lastMs = 0;
    const setTime = (ms: number): void => {
      if (ms > lastMs) clock.tick(ms - lastMs);
      lastMs = Math.max(lastMs, ms);
    };

    // Timers: globals, node:timers (and its ESM named exports), node:timers/promises, AbortSignal.timeout.
    const real = { clearTimeout: g['clearTimeout'], clearInterval: g['clearInterval'], clearImmediate: g['clearImmediate'] } as Parameters<typeof timerApi>[1];
    const timers = timerApi(world, real);
    for (const name of TIMER_NAMES) {
      swap(undo, g, name, timers[name]);
      swap(undo, timersModule, name, timers[name]);
    }
    for (const name of PROMISE_NAMES) swap(undo, timersPromises, name, timers.promises[name]);
    swap(undo, AbortSignal as unknown as Table, 'timeout', timers.abortSignalTimeout);
    syncBuiltinESMExports();

    // Math.random: seeded from the run's seed.
    swap(undo, Math as unknown as Table, 'random', seedrandom(`simloop:${options.seed}`));

    // A rejection nobody handles, or a throw in a microtask, would end a real process: it ends the run.
    for (const event of ['unhandledRejection', 'uncaughtException'] as const) {
      const saved = process.rawListeners(event) as ((...args: unknown[]) => void)[];
      const listener = (reason: unknown): void => {
        failure ??= new UnhandledRejectionError(reason, event);
      };
      process.removeAllListeners(event);
      process.on(event, listener);
      undo.push(() => {
        process.removeListener(event, listener);
        for (const l of saved) process.on(event, l);
      });
    }

    return {
      takeFailure: () => {
        const taken = failure;
        failure = null;
        return taken;
      },
      setTime,
      restore,
      timers,
    };
  } catch (error) {
    try {
      restore();
    } catch {
      // the install error is the one to report
    }
    throw error;
  }
}
