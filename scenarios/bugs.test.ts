/**
 * The bug zoo (scenarios/bugs/): every bug passes under FIFO, is found by
 * each strategy its catalogue entry names within the stated budget (fixed
 * seeds 0..budget−1, so the result is deterministic), replays to the
 * identical failure from its seed and from its schedule, and shrinks to a
 * schedule with about as many deviations from FIFO as its depth — a depth
 * that bounded dfs proves exact (no schedule with fewer deviations fails).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DfsExplorer, Recorder, explore, replay, runScenario, type Choice, type ExploreResult, type Scenario, type Strategy } from 'simloop';
import { fairLockNoStarvation } from './bugs/07-unfair-lock-starvation.js';
import { BUGS, type Budget, type Bug } from './bugs/zoo.js';

/**
 * Shrinking may keep one deviation more than the bug needs: shrinkTape is
 * greedy delta debugging, so its result is 1-minimal (dropping any single
 * deviation, or lowering any index, makes the run pass) but not necessarily
 * globally minimal — dropping one deviation shifts the choices after it onto
 * a different interleaving, and the fewest-deviation schedule may lie on a
 * path the greedy passes never try. One extra deviation is the slack allowed;
 * on every bug of the zoo the shrunk schedule has exactly `depth` today.
 */
const SLACK = 1;

const explored = new Map<string, ExploreResult>();

/** The exploration a budget promises, run once and shared by the tests below. */
function exploreWithin(bug: Bug, budget: Budget): ExploreResult {
  const key = `${bug.scenario.name} ${budget.strategy} ${budget.seeds} ${budget.maxPreemptions ?? ''}`;
  let result = explored.get(key);
  if (result === undefined) {
    result = explore(bug.scenario, {
      strategy: budget.strategy,
      seeds: budget.seeds,
      depth: budget.depth ?? bug.meta.pctDepth,
      ...(budget.maxPreemptions !== undefined && { maxPreemptions: budget.maxPreemptions }),
      file: `scenarios/bugs/${bug.file}`,
    });
    explored.set(key, result);
  }
  return result;
}

const describeBudget = (b: Budget): string => `${b.strategy}${b.maxPreemptions !== undefined ? ` (≤ ${b.maxPreemptions} preemptions)` : ''} within ${b.seeds} runs`;

/** `pct --depth 3 --steps 40` → { depth: 3, steps: 40 }: what a failure's strategy line says, as replay options. */
function explorerOptionsOf(strategy: string): { depth?: number; steps?: number } {
  const depth = /--depth (\d+)/.exec(strategy)?.[1];
  const steps = /--steps (\d+)/.exec(strategy)?.[1];
  return { ...(depth !== undefined && { depth: Number(depth) }), ...(steps !== undefined && { steps: Number(steps) }) };
}

describe('the bug zoo', () => {
  it('has at least ten bugs, one file each, every one catalogued and in the README table', () => {
    expect(BUGS.length).toBeGreaterThanOrEqual(10);
    const dir = new URL('./bugs/', import.meta.url);
    const files = readdirSync(dir).filter((f) => /^\d\d-.*\.ts$/.test(f));
    expect(BUGS.map((b) => b.file).sort()).toEqual(files.sort());
    expect(new Set(BUGS.map((b) => b.scenario.name)).size).toBe(BUGS.length);
    const readme = readFileSync(new URL('README.md', dir), 'utf8');
    for (const bug of BUGS) expect(readme).toContain(`[${bug.scenario.name}](${bug.file})`);
    expect(new Set(BUGS.map((b) => b.meta.layer))).toEqual(new Set(['TaskScheduler', 'ActorScheduler', 'asyncio']));
  });
});

for (const bug of BUGS) {
  const { scenario, meta } = bug;
  describe(`${scenario.name} (${meta.layer}, depth ${meta.depth})`, () => {
    it('passes under fifo: the bug is hidden in the default order', () => {
      const result = runScenario(scenario);
      expect(result.error).toBeUndefined();
      expect(result.passed).toBe(true);
      const fifo = explore(scenario, { strategy: 'fifo' });
      expect(fifo.failures).toEqual([]);
      expect(fifo.complete).toBe(true);
    });

    for (const budget of meta.budgets) {
      it(`is found by ${describeBudget(budget)}`, () => {
        const result = exploreWithin(bug, budget);
        expect(result.failures, `no failure in ${result.runs} runs`).toHaveLength(1);
        expect(result.failures[0]!.message.startsWith(meta.failsWith), result.failures[0]!.message).toBe(true);
        expect(result.runs).toBeLessThanOrEqual(budget.seeds);
      });
    }

    const seeded = meta.budgets.find((b) => b.strategy !== 'dfs');
    it(`replays to the identical failure from its ${seeded?.strategy} seed and from its schedule`, () => {
      expect(seeded, 'a bug needs a seeded strategy (random or pct) among its budgets').toBeDefined();
      const failure = exploreWithin(bug, seeded!).failures[0]!;
      const fromSeed = replay(scenario, { seed: failure.seed, strategy: seeded!.strategy, ...explorerOptionsOf(failure.strategy) });
      const fromSchedule = replay(scenario, { schedule: failure.schedule });
      expect(fromSeed.passed).toBe(false);
      expect(fromSchedule.passed).toBe(false);
      expect(fromSeed.message).toBe(failure.message);
      expect(fromSchedule.message).toBe(failure.message);
      expect(fromSchedule.traceHash).toBe(fromSeed.traceHash);
      expect(fromSchedule.schedule).toBe(failure.schedule);
      expect(fromSchedule.divergence).toBeNull();
      // The shrunk schedule is a reproduction too: the same kind of failure.
      const shrunk = replay(scenario, { schedule: failure.shrunk!.schedule });
      expect(shrunk.passed).toBe(false);
      expect(shrunk.message!.startsWith(meta.failsWith), shrunk.message!).toBe(true);
    });

    it(`shrinks to between ${meta.depth} and ${meta.depth + SLACK} deviations from FIFO`, () => {
      for (const budget of meta.budgets) {
        const shrunk = exploreWithin(bug, budget).failures[0]!.shrunk!;
        expect(shrunk.deviations.length, `${budget.strategy}: ${shrunk.schedule}`).toBeGreaterThanOrEqual(meta.depth);
        expect(shrunk.deviations.length, `${budget.strategy}: ${shrunk.schedule}`).toBeLessThanOrEqual(meta.depth + SLACK);
      }
    });

    if (meta.onlyByWaiterChoice === true) {
      it('is found only through a waiter choice: with those held to FIFO, dfs covers every schedule and none fails', () => {
        expect(dfsWithoutWaiterChoices(scenario)).toEqual({ complete: true, failures: 0 });
        // The same search is not blind: it finds a bug that the kernel's choices expose.
        expect(dfsWithoutWaiterChoices(BUGS.find((b) => b.scenario.name === 'missed-wakeup')!.scenario).failures).toBeGreaterThan(0);
        const shrunk = exploreWithin(bug, meta.budgets[0]!).failures[0]!.shrunk!;
        expect(shrunk.deviations.every((d) => d.kind !== 'ready'), shrunk.schedule).toBe(true);
      });
    }

    it(`needs ${meta.depth} deviation${meta.depth === 1 ? '' : 's'}: every schedule with fewer passes (dfs covers them all)`, () => {
      const fewer = explore(scenario, { strategy: 'dfs', seeds: 10_000, maxPreemptions: meta.depth - 1, shrink: false });
      expect(fewer.complete).toBe(true);
      expect(fewer.failures).toEqual([]);
    });
  });
}

/**
 * dfs over the kernel's choices alone: every layer choice (which waiter wakes)
 * is answered 0 — CPython's pick — before the recorder sees it, so the tree
 * enumerated is the tree without waiter choices.
 */
function dfsWithoutWaiterChoices(scenario: Scenario, maxRuns = 10_000): { complete: boolean; failures: number } {
  const dfs = new DfsExplorer();
  let failures = 0;
  for (let runs = 0; runs < maxRuns; runs++) {
    const next = dfs.nextRun();
    if (next === null) break;
    const recorder = new Recorder(next);
    const readyOnly: Strategy = { name: 'ready-only', choose: (choice: Choice) => (choice.kind === 'ready' ? recorder.choose(choice) : 0) };
    if (!runScenario(scenario, { strategy: readyOnly }).passed) failures++;
    dfs.afterRun(recorder.tape, recorder.counts);
  }
  return { complete: dfs.complete, failures };
}

describe('fair-lock-no-starvation (the contrast to unfair-lock-starvation)', () => {
  const fair: Scenario = fairLockNoStarvation;
  it('passes under every schedule the unfair lock fails in, and under fifo, random, pct and dfs', () => {
    expect(runScenario(fair).passed).toBe(true);
    const unfair = BUGS.find((b) => b.scenario.name === 'unfair-lock-starvation')!;
    const failing = explore(unfair.scenario, { strategy: 'dfs', seeds: 10_000, maxPreemptions: unfair.meta.depth + 1, maxFailures: 1000, shrink: false });
    expect(failing.failures.length).toBeGreaterThan(0);
    // The schedules are the unfair run's; on the fair lock they may not fit choice for choice, and must pass regardless.
    for (const f of failing.failures) expect(replay(fair, { schedule: f.schedule }).passed, f.schedule).toBe(true);
    for (const strategy of ['random', 'pct'] as const) expect(explore(fair, { strategy, seeds: 200, depth: 3 }).failures).toEqual([]);
    const dfs = explore(fair, { strategy: 'dfs', seeds: 10_000 });
    expect(dfs.complete).toBe(true);
    expect(dfs.failures).toEqual([]);
  });
});
