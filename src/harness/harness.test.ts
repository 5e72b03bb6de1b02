import { describe, expect, it } from 'vitest';
import { createTask, run, sleep, type Coroutine } from '../aio/index.js';
import { TaskScheduler } from '../schedulers/index.js';
import { explore } from './explore.js';
import { formatFailure } from './report.js';
import { replay } from './replay.js';
import { defineScenario } from './scenario.js';
import { shrinkTape } from './shrink.js';
import { formatSchedule } from '../strategies/index.js';

/** init sets x in its first step, user checks it in its own: FIFO runs init first; any reorder fails. */
const useBeforeInit = defineScenario({
  name: 'use-before-init',
  run({ options }) {
    let x = 0;
    run(
      (function* (): Coroutine<void> {
        const a = createTask(
          (function* () {
            yield* sleep(0);
            x = 1;
          })(),
          { name: 'init' },
        );
        const b = createTask(
          (function* () {
            yield* sleep(0);
            if (x !== 1) throw new Error(`used before init: x=${x}`);
          })(),
          { name: 'user' },
        );
        yield* a;
        yield* b;
      })(),
      options,
    );
  },
});

/** A lost update among n workers; fails only when the last two writers are reordered... in one of many ways. */
const lostUpdate = defineScenario({
  name: 'lost-update',
  run({ options }) {
    const s = new TaskScheduler(options);
    let counter = 0;
    for (const name of ['w1', 'w2']) {
      s.addTask(
        (function* () {
          yield;
          const seen = counter;
          yield;
          counter = seen + 1;
        })(),
        { name },
      );
    }
    s.addTask(
      (function* () {
        yield;
        yield;
        yield;
        if (counter !== 2 && counter !== 0) throw new Error(`lost update: counter is ${counter}`);
      })(),
      { name: 'checker' },
    );
    s.run();
    if (counter !== 2) throw new Error(`lost update: counter is ${counter}, expected 2`);
  },
});

describe('explore', () => {
  it('finds an ordering bug with random, pct and dfs, not with fifo, and shrinks it to one deviation', () => {
    expect(explore(useBeforeInit, { strategy: 'fifo' }).failures).toEqual([]);
    for (const strategy of ['random', 'pct', 'dfs'] as const) {
      const result = explore(useBeforeInit, { strategy, seeds: 100 });
      expect(result.failures).toHaveLength(1);
      const failure = result.failures[0]!;
      expect(failure.message).toBe('Error: used before init: x=0');
      expect(failure.shrunk!.deviations).toHaveLength(1);
      expect(failure.shrunk!.deviations[0]).toMatchObject({ chose: 'user', fifo: 'init' });
    }
  });

  it('dfs says when the space is covered, and counts distinct interleavings', () => {
    const result = explore(useBeforeInit, { strategy: 'dfs', seeds: 100, maxFailures: 100 });
    expect(result.complete).toBe(true);
    expect(result.distinct).toBe(result.runs);
    expect(result.failures.length).toBeGreaterThan(0);
    expect(result.failures.length).toBeLessThan(result.runs);
  });

  it('prints a failure as its reproduction', () => {
    const failure = explore(useBeforeInit, { strategy: 'dfs', file: 'scenarios/bugs/init.ts' }).failures[0]!;
    expect(formatFailure(failure)).toMatchInlineSnapshot(`
      "✗ scenario "use-before-init" failed with seed 1 (strategy dfs)
        Error: used before init: x=0
        at step 11, t=0; schedule 1:1
        minimal schedule: 1:1 (1 deviation from FIFO, found in 1 runs)
          - at step 4 (t=0), ran user instead of init
        replay: npx simloop replay scenarios/bugs/init.ts --scenario use-before-init --schedule 1:1"
    `);
  });

  it('gives each failure its strategy, schedule and decisions as data, which replay the same failure', () => {
    const cases = [
      ['pct', { strategy: 'pct', seeds: 100, depth: 2, steps: 7 }, { name: 'pct', depth: 2, steps: 7 }],
      ['random', { strategy: 'random', seeds: 100 }, { name: 'random' }],
      ['dfs', { strategy: 'dfs', maxPreemptions: 1 }, { name: 'dfs', maxPreemptions: 1 }],
    ] as const;
    for (const [name, options, spec] of cases) {
      const failure = explore(lostUpdate, options).failures[0]!;
      expect(failure.strategySpec, name).toEqual(spec);
      expect(formatSchedule(failure.tape)).toBe(failure.schedule);
      expect(failure.decisions.map((d) => d.index)).toEqual(failure.tape);
      expect(failure.shrunk!.tape.filter((i) => i !== 0)).toHaveLength(failure.shrunk!.deviations.length);
      // The data alone rebuilds the run: the same failure, at the same step and time.
      const again = name === 'dfs'
        ? replay(lostUpdate, { schedule: formatSchedule(failure.tape) })
        : replay(lostUpdate, { seed: failure.seed, strategy: failure.strategySpec.name as 'random' | 'pct', ...failure.strategySpec });
      expect([again.message, again.step, again.time, again.schedule]).toEqual([failure.message, failure.step, failure.time, failure.schedule]);
    }
    // JSON keeps all of it (the error object aside).
    const { error: _error, ...rest } = explore(lostUpdate, { strategy: 'random', seeds: 100 }).failures[0]!;
    expect(JSON.parse(JSON.stringify(rest))).toEqual(rest);
  });

  it('checks determinism on request: code that reads Math.random is caught, with the first difference', () => {
    const leaky = defineScenario({
      name: 'leaky',
      run({ options }) {
        const s = new TaskScheduler({ ...options, trace: options.trace ?? false });
        const n = 1 + Math.floor(Math.random() * 1000); // simloop-allow-nondeterminism: the leak the check must catch
        s.addTask(
          (function* () {
            for (let i = 0; i < n; i++) yield i;
          })(),
        );
        s.run();
      },
    });
    const result = explore(leaky, { seeds: 3, checkDeterminism: true });
    expect(result.nondeterminism?.seed).toBe(0);
    expect(result.nondeterminism?.detail).toMatch(/first difference at event|different lengths/);
    expect(explore(useBeforeInit, { seeds: 20, checkDeterminism: true }).nondeterminism).toBeNull();
  });

  it('rejects bad input, naming it', () => {
    expect(() => explore({} as never)).toThrowErrorMatchingInlineSnapshot(`[TypeError: explore expected a scenario made with defineScenario(), got object {}]`);
    expect(() => explore(useBeforeInit, { seeds: { from: 5, to: 1 } })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: seeds expected { from, to } with integers from <= to, got object {"from":5,"to":1}]`,
    );
    expect(() => explore(useBeforeInit, { strategy: 'lifo' as never })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: unknown strategy "lifo": expected one of fifo, random, pct, dfs]`,
    );
  });
});

describe('replay', () => {
  it('gives the identical trace from the seed and from the recorded schedule', () => {
    const failure = explore(lostUpdate, { strategy: 'random', seeds: 500 }).failures[0]!;
    const bySeed = replay(lostUpdate, { seed: failure.seed, strategy: 'random' });
    const bySchedule = replay(lostUpdate, { schedule: failure.schedule });
    expect(bySeed.passed).toBe(false);
    expect(bySeed.message).toBe(failure.message);
    expect(bySchedule.traceHash).toBe(bySeed.traceHash);
    expect(bySchedule.trace).toBe(bySeed.trace);
    const shrunk = replay(lostUpdate, { schedule: failure.shrunk!.schedule });
    expect(shrunk.passed).toBe(false);
    expect(shrunk.deviations.length).toBe(failure.shrunk!.deviations.length);
  });

  it('says where a schedule stopped fitting the code', () => {
    const replayed = replay(useBeforeInit, { schedule: '0:7' });
    expect(replayed.divergence).toMatchObject({ choice: 0, recorded: 7, count: 2 });
  });
});

describe('shrinkTape', () => {
  it('finds the fewest deviations that still fail', () => {
    // Fails when choice 3 is 2 or more and choice 5 is not 0; everything else is noise.
    const failsOn = (tape: readonly number[]) => ((tape[3] ?? 0) >= 2 && (tape[5] ?? 0) !== 0 ? [...tape] : null);
    const { tape } = shrinkTape(failsOn, [1, 4, 0, 3, 2, 5, 1, 1, 0, 2]);
    expect(tape).toEqual([0, 0, 0, 2, 0, 1]);
  });
});

describe('a deviation reads as what happened', () => {
  it('names both owners, two entries of one owner, and a jittered timer', async () => {
    const { ActorScheduler } = await import('../schedulers/index.js');
    const { describeDeviation } = await import('./report.js');
    // Two messages to one actor, delivered out of order by a replayed schedule.
    const actors = defineScenario({
      name: 'two-to-one',
      run({ options }) {
        const got: number[] = [];
        const s = new ActorScheduler(options);
        s.newActor('sink', (function* () { for (;;) got.push((yield) as number); })());
        s.send('sink', 1);
        s.send('sink', 2);
        s.run();
        if (got[0] !== 1) throw new Error(`got ${got.join(',')}`);
      },
    });
    const swapped = replay(actors, { schedule: '0:2' });
    expect(swapped.passed).toBe(false);
    expect(swapped.deviations.map(describeDeviation)).toEqual(['at step 1 (t=0), ran a later entry of sink (candidate 2) before its earlier one']);
    // A jittered timer.
    const jittered = defineScenario({
      name: 'late',
      run({ options }) {
        const s = new TaskScheduler({ ...options, timerJitter: 0.3 });
        s.addTask((function* () { yield sleep(1); })(), { name: 'napper' });
        s.run();
        if (s.time !== 1) throw new Error(`woke at ${s.time}`);
      },
    });
    const late = replay(jittered, { schedule: '0:3' });
    expect(late.deviations.map(describeDeviation)).toEqual(["at step 1 (t=0), made napper's timer late by 3/3 of the jitter"]);
    expect(late.passed).toBe(false);
  });
});
