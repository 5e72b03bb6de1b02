/**
 * The async examples (scenarios/async/): every bug passes under FIFO, is
 * found by each strategy its catalogue entry names within the stated budget
 * (fixed seeds 0..budget−1), replays to the identical failure from its seed
 * and from its shrunk schedule, and shrinks to about its depth; the fixed
 * version passes the very same explorations. The command line and the
 * vitest helper take async scenarios too.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asyncInterleavingProperty, explore, replay, runScenario, type ExploreResult } from 'simloop';
import { itExplores } from '../src/harness/vitest.js';
import { ASYNC_BUGS, type AsyncBudget, type AsyncBug } from './async/catalogue.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Greedy shrinking is 1-minimal, not minimal (see bugs.test.ts): one deviation of slack. */
const SLACK = 1;

const explored = new Map<string, Promise<ExploreResult>>();
function exploreWithin(bug: AsyncBug, budget: AsyncBudget, fixed = false): Promise<ExploreResult> {
  const key = `${bug.file} ${fixed} ${budget.strategy} ${budget.seeds}`;
  let result = explored.get(key);
  if (result === undefined) {
    result = explore(fixed ? bug.fixed : bug.scenario, {
      strategy: budget.strategy,
      seeds: budget.seeds,
      ...(budget.maxPreemptions !== undefined && { maxPreemptions: budget.maxPreemptions }),
      file: `scenarios/async/${bug.file}`,
    });
    explored.set(key, result);
  }
  return result;
}

describe('the async examples', () => {
  it('are at least five, each with a fixed twin, covering operations, timer ties and jitter', () => {
    expect(ASYNC_BUGS.length).toBeGreaterThanOrEqual(5);
    expect(new Set(ASYNC_BUGS.map((b) => b.exposedBy))).toEqual(new Set(['operation order', 'timer tie', 'timer jitter']));
    for (const bug of ASYNC_BUGS) expect(bug.fixed.name).toBe(`${bug.scenario.name}-fixed`);
  });
});

for (const bug of ASYNC_BUGS) {
  describe(`${bug.scenario.name} (${bug.exposedBy}, depth ${bug.depth})`, () => {
    it('passes under fifo: the bug is hidden in the default order', async () => {
      const result = await runScenario(bug.scenario);
      expect(result.error).toBeUndefined();
      const fifo = await explore(bug.scenario, { strategy: 'fifo' });
      expect(fifo.failures).toEqual([]);
      expect(fifo.complete).toBe(true);
    });

    for (const budget of bug.budgets) {
      const within = `${budget.strategy}${budget.maxPreemptions !== undefined ? ` (≤ ${budget.maxPreemptions} preemption)` : ''} within ${budget.seeds} runs`;
      it(`is found by ${within}, and shrunk to about its depth`, async () => {
        const result = await exploreWithin(bug, budget);
        expect(result.failures).toHaveLength(1);
        const failure = result.failures[0]!;
        expect(failure.message.startsWith(bug.failsWith), failure.message).toBe(true);
        const kept = failure.shrunk!.deviations.length;
        expect(kept).toBeGreaterThanOrEqual(bug.depth);
        expect(kept).toBeLessThanOrEqual(bug.depth + SLACK);
        expect(failure.replay).toBe(`npx simloop replay scenarios/async/${bug.file} --scenario ${bug.scenario.name} --schedule ${failure.shrunk!.schedule} --seed ${failure.seed}`);
      });

      it(`its fixed version passes the same exploration (${within})`, async () => {
        const result = await exploreWithin(bug, budget, true);
        expect(result.failures.map((f) => f.message)).toEqual([]);
        expect(result.runs).toBeGreaterThan(0);
      });
    }

    it('replays to the identical failure from its seed, and from its shrunk schedule', async () => {
      const random = bug.budgets.find((b) => b.strategy === 'random')!;
      const failure = (await exploreWithin(bug, random)).failures[0]!;
      const first = await replay(bug.scenario, { seed: failure.seed, strategy: 'random' });
      const again = await replay(bug.scenario, { seed: failure.seed, strategy: 'random' });
      expect(first.passed).toBe(false);
      expect(first.message).toBe(failure.message);
      expect(again.traceHash).toBe(first.traceHash);
      expect(again.trace).toBe(first.trace);
      const shrunk = await replay(bug.scenario, { schedule: failure.shrunk!.schedule, seed: failure.seed });
      expect(shrunk.passed).toBe(false);
      expect(shrunk.message!.startsWith(bug.failsWith)).toBe(true);
      expect(shrunk.divergence).toBeNull();
      expect(shrunk.deviations.map((d) => d.chose)).toEqual(failure.shrunk!.deviations.map((d) => d.chose));
    });
  });
}

describe('async scenarios elsewhere', () => {
  it('--check-determinism finds every async example deterministic', async () => {
    for (const bug of ASYNC_BUGS) {
      const result = await explore(bug.fixed, { strategy: 'random', seeds: 5, checkDeterminism: true });
      expect(result.nondeterminism, bug.file).toBeNull();
    }
  });

  itExplores('itExplores takes an async scenario: the fixed cache passes every interleaving', ASYNC_BUGS[0]!.fixed, { numRuns: 30 });

  it('the async interleaving property fails on the buggy cache, with the replay line', async () => {
    const details = await fc.check(asyncInterleavingProperty(ASYNC_BUGS[0]!.scenario), { numRuns: 30, seed: 1 });
    expect(details.failed).toBe(true);
    expect(String(details.errorInstance)).toContain('replay: npx simloop replay <file> --scenario async-stale-cache --schedule 0:1');
  });

  it('the command explores an async scenario, prints the replay line, and the line replays it', () => {
    const simloop = (...args: string[]) => spawnSync('node', ['dist/cli/main.js', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const found = simloop('explore', 'scenarios/async/05-pool-leak.ts', '--scenario', 'async-pool-leak', '--seeds', '20', '--workers', '1');
    expect(found.status).toBe(1);
    const line = /replay: npx simloop (replay .*)/.exec(found.stdout)![1]!;
    expect(line).toContain('--seed');
    const replayed = simloop(...line.split(' '));
    expect(replayed.status).toBe(1);
    expect(replayed.stdout).toContain('✗ Error: the pool leaked its connection');
    const run = simloop('run', 'scenarios/async/05-pool-leak.ts', '--scenario', 'async-pool-leak-fixed');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('C got conn-1; idle connections: 1');
  });
});
