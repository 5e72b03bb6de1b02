/**
 * Async scenarios in the harness: how they are recognised, run, explored
 * and replayed — the same calls as generator scenarios, returning promises.
 */
import { describe, expect, it } from 'vitest';
import { explore } from './explore.js';
import { replay } from './replay.js';
import { defineAsyncScenario, defineScenario, isAnyScenario, isAsyncScenario, isScenario, runScenario } from './scenario.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Two writers; the last one to land wins; the check wants "b" (FIFO lands a, then b). */
const lastWriteWins = defineScenario({
  name: 'last-write-wins',
  async run({ schedule, print }) {
    let value = '';
    await Promise.all(['a', 'b'].map(async (v) => (value = await schedule(v, `write ${v}`))));
    print(`value ${value}`);
    if (value !== 'b') throw new Error(`lost update: value is ${value}`);
  },
});

describe('async scenarios', () => {
  it('an async run makes an async scenario; defineAsyncScenario makes one from any promise-returning run', () => {
    expect(isAsyncScenario(lastWriteWins) && isAnyScenario(lastWriteWins) && !isScenario(lastWriteWins)).toBe(true);
    const plain = defineAsyncScenario({ name: 'plain', run: () => sleep(1) });
    expect(isAsyncScenario(plain)).toBe(true);
    const sync = defineScenario({ name: 'sync', run() {} });
    expect(isScenario(sync) && !isAsyncScenario(sync)).toBe(true);
  });

  it('a plain run that returns a promise is refused with the way out, not silently passed', () => {
    const returnsPromise = defineScenario({ name: 'returns-promise', run: (() => sleep(1)) as () => void });
    const result = runScenario(returnsPromise);
    expect(result.passed).toBe(false);
    expect(String(result.error)).toBe(
      'TypeError: scenario "returns-promise" returned a promise from a run that is not declared async: define it with defineAsyncScenario() so that simloop runs it under the bridge and awaits it',
    );
  });

  it('runs, with output and raises, like a generator scenario', async () => {
    const result = await runScenario(lastWriteWins);
    expect(result).toEqual({ scenario: 'last-write-wins', output: ['value b'], error: undefined, passed: true });
    const expected = defineScenario({ name: 'expected', raises: 'Error: boom', async run() { await sleep(5); throw new Error('boom'); } });
    expect((await runScenario(expected)).passed).toBe(true);
  });

  it('is explored, shrunk and replayed; a schedule that no longer fits says where', async () => {
    const result = await explore(lastWriteWins, { strategy: 'dfs' });
    expect(result.complete).toBe(true);
    expect(result.runs).toBe(2);
    const failure = result.failures[0]!;
    expect(failure.shrunk!.schedule).toBe('0:1');
    expect(failure.shrunk!.deviations.map((d) => `${d.chose} instead of ${d.fifo}`)).toEqual(['write b instead of write a']);
    const again = await replay(lastWriteWins, { schedule: '0:1' });
    expect(again.message).toBe('Error: lost update: value is a');
    const misfit = await replay(lastWriteWins, { schedule: '0:5' });
    expect(misfit.divergence).toMatchObject({ choice: 0, recorded: 5, count: 2 });
  });
});
