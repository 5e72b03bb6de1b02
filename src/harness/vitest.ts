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
import { asyncInterleavingProperty, interleavingProperty, schedules, type ScheduleArbitraryOptions } from './arbitraries.js';
import type { Budgets } from './run-once.js';
import { defineScenario, isAnyScenario, isAsyncScenario, type AnyScenario, type ScenarioContext } from './scenario.js';

export interface ItExploresOptions extends Budgets, ScheduleArbitraryOptions {
  /** Interleavings to try (default 200). */
  readonly numRuns?: number;
  /** fast-check seed and path, to replay a reported failure. */
  readonly seed?: number;
  readonly path?: string;
}

/**
 * `scenario`: a scenario of either kind (an async one is explored with
 * fc.asyncProperty), or a synchronous run function.
 */
export function itExplores(name: string, scenario: AnyScenario | ((context: ScenarioContext) => void), options: ItExploresOptions = {}): void {
  const target: AnyScenario = isAnyScenario(scenario) ? scenario : defineScenario({ name, run: scenario });
  const budgets: Budgets = { ...(options.maxSteps !== undefined && { maxSteps: options.maxSteps }), ...(options.maxTime !== undefined && { maxTime: options.maxTime }) };
  const parameters = {
    numRuns: options.numRuns ?? 200,
    ...(options.seed !== undefined && { seed: options.seed }),
    ...(options.path !== undefined && { path: options.path }),
  };
  if (isAsyncScenario(target)) it(name, () => fc.assert(asyncInterleavingProperty(target, budgets, schedules(options)), parameters));
  else it(name, () => fc.assert(interleavingProperty(target, budgets, schedules(options)), parameters));
}
export { corpusTests, checkCorpusEntry, type CorpusTestOptions } from './vitest-corpus.js';
