/**
 * The environment a run installs is always put back — after a run that
 * passes, throws, or fails inside the install — identity for identity.
 */
import { createRequire } from 'node:module';
import FakeTimers from '@sinonjs/fake-timers';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { simulate } from './index.js';

const require = createRequire(import.meta.url);
const timersModule = require('node:timers') as Record<string, unknown>;
const timersPromises = require('node:timers/promises') as Record<string, unknown>;

/** Every global the bridge may touch, by identity. */
function snapshot(): Record<string, unknown> {
  const g = globalThis as unknown as Record<string, unknown>;
  const names = ['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate', 'queueMicrotask', 'Date', 'performance'];
  return {
    ...Object.fromEntries(names.map((n) => [n, g[n]])),
    'performance.now': performance.now,
    'Math.random': Math.random,
    'process.hrtime': process.hrtime,
    'process.nextTick': process.nextTick,
    'AbortSignal.timeout': AbortSignal.timeout,
    ...Object.fromEntries(['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate'].map((n) => [`timers.${n}`, timersModule[n]])),
    ...Object.fromEntries(['setTimeout', 'setImmediate', 'setInterval'].map((n) => [`timers/promises.${n}`, timersPromises[n]])),
    ...Object.fromEntries(['unhandledRejection', 'uncaughtException'].flatMap((e) => process.rawListeners(e).map((l, i) => [`${e}[${i}]`, l]))),
  };
}

function expectSame(before: Record<string, unknown>, after: Record<string, unknown>): void {
  expect(Object.keys(after)).toEqual(Object.keys(before));
  for (const key of Object.keys(before)) expect(after[key], key).toBe(before[key]);
}

describe('the environment of a run', () => {
  it('is simulated during the run and real again after it', async () => {
    const before = snapshot();
    let during: Record<string, unknown> = {};
    const run = await simulate(async () => {
      during = snapshot();
    });
    expect(run.ok).toBe(true);
    for (const key of ['setTimeout', 'Date', 'performance.now', 'Math.random', 'process.hrtime', 'AbortSignal.timeout', 'timers.setTimeout', 'timers/promises.setTimeout']) {
      expect(during[key], key).not.toBe(before[key]);
    }
    // Left native on purpose: they are deterministic, and faking them would reorder them against promise reactions.
    expect(during['queueMicrotask']).toBe(before['queueMicrotask']);
    expect(during['process.nextTick']).toBe(before['process.nextTick']);
    expectSame(before, snapshot());
  });

  it('is restored after a run that throws from its main function', async () => {
    const before = snapshot();
    const run = await simulate(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      throw new Error('main failed');
    });
    expect(String(run.error)).toBe('Error: main failed');
    expectSame(before, snapshot());
  });

  it('is restored after a run whose timer callback throws', async () => {
    const before = snapshot();
    const run = await simulate(async () => {
      setTimeout(() => {
        throw new Error('callback failed');
      }, 5);
      await new Promise(() => {});
    });
    expect(String(run.error)).toBe('Error: callback failed');
    expectSame(before, snapshot());
  });

  it('is restored when the install itself fails (fake timers already installed), and says why', async () => {
    const clock = FakeTimers.withGlobal(globalThis).install({ toFake: ['Date'] });
    try {
      const before = snapshot();
      await expect(simulate(async () => {})).rejects.toThrow("simloop's bridge could not install its clock: Date is already faked — are fake timers installed");
      expectSame(before, snapshot());
    } finally {
      clock.uninstall();
    }
  });

  it('refuses a second run while one is in progress (the globals are process-wide)', async () => {
    const before = snapshot();
    const run = await simulate(async () => {
      await simulate(async () => {});
    });
    expect(String(run.error)).toMatch(/^ReentrantRunError: another simulated async run is in progress/);
    expectSame(before, snapshot());
  });

  it('seeds Math.random from the run seed with seedrandom, and restores it', async () => {
    const real = Math.random;
    const draw = (seed: number) => simulate(async () => [Math.random(), Math.random()], { seed });
    const [a, b, c] = [await draw(7), await draw(7), await draw(8)];
    const reference = seedrandom('simloop:7');
    expect(a.result).toEqual([reference(), reference()]);
    expect(b.result).toEqual(a.result);
    expect(c.result).not.toEqual(a.result);
    expect(Math.random).toBe(real);
  });

  it('moves Date, performance.now and process.hrtime with virtual time, from the epoch', async () => {
    const run = await simulate(
      async () => {
        const t0 = [Date.now(), performance.now(), process.hrtime()[0]];
        await new Promise((resolve) => setTimeout(resolve, 3_600_000));
        return [t0, [Date.now(), performance.now(), process.hrtime()[0]], new Date().toISOString()];
      },
      { epoch: Date.UTC(2030, 0, 1) },
    );
    expect(run.result).toEqual([[Date.UTC(2030, 0, 1), 0, 0], [Date.UTC(2030, 0, 1) + 3_600_000, 3_600_000, 3600], '2030-01-01T01:00:00.000Z']);
    expect(run.time).toBe(3600);
  });

  it('turns an unhandled rejection into the run failure, not a crash, and puts the listeners back', async () => {
    const before = snapshot();
    const run = await simulate(async () => {
      void Promise.reject(new Error('nobody listens'));
      await new Promise((resolve) => setTimeout(resolve, 10));
    });
    expect(String(run.error)).toBe(
      'UnhandledRejectionError: a promise was rejected and nothing handled it: Error: nobody listens (a real Node process would crash here)',
    );
    expectSame(before, snapshot());
  });
});
