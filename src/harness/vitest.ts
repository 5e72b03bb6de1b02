/**
 * simloop/vitest: a property over interleavings in one line, in the spirit of
 * @fast-check/vitest. A failure names the scenario's error, the (shrunk)
 * schedule, fast-check's { seed, path } and the simloop replay line.
 *
 *   import { itExplores } from 'simloop/vitest';
 *   itExplores('the cache never serves a stale read', cacheScenario, { numRuns: 500 });
 *
 * Imports vitest: only for test files (vitest is a peer dependency).
 */
import fc from 'fast-check';
import { it } from 'vitest';
import { interleavingProperty, schedules, type ScheduleArbitraryOptions } from './arbitraries.js';
import type { Budgets } from './run-once.js';
import { defineScenario, isScenario, type Scenario, type ScenarioContext } from './scenario.js';

export interface ItExploresOptions extends Budgets, ScheduleArbitraryOptions {
  /** Interleavings to try (default 200). */
  readonly numRuns?: number;
  /** fast-check seed and path, to replay a reported failure. */
  readonly seed?: number;
  readonly path?: string;
}

export function itExplores(name: string, scenario: Scenario | ((context: ScenarioContext) => void), options: ItExploresOptions = {}): void {
  const target = isScenario(scenario) ? scenario : defineScenario({ name, run: scenario });
  it(name, () => {
    const budgets: Budgets = { ...(options.maxSteps !== undefined && { maxSteps: options.maxSteps }), ...(options.maxTime !== undefined && { maxTime: options.maxTime }) };
    fc.assert(interleavingProperty(target, budgets, schedules(options)), {
      numRuns: options.numRuns ?? 200,
      ...(options.seed !== undefined && { seed: options.seed }),
      ...(options.path !== undefined && { path: options.path }),
    });
  });
}
