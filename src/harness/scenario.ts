/**
 * Scenarios: a named, runnable piece of concurrent code — it builds tasks,
 * actors or coroutines with simloop's API, runs them, prints what it wants
 * shown, and throws when an invariant is broken.
 *
 * Owns: the scenario shape, `defineScenario`, and running one scenario to a
 * result (its output lines and how it ended). Must not: touch the file system
 * or the console (the CLI does), or read anything ambient.
 */
import { describe } from '../kernel/index.js';
import type { SchedulerOptions } from '../schedulers/index.js';

// A registered symbol, so that scenarios compiled against another copy of
// simloop (a user's node_modules next to the CLI's) are still recognised.
const SCENARIO = Symbol.for('simloop.scenario');

export interface ScenarioContext {
  /** Prints one line of output, like Python's print: values joined by a space. */
  print(...values: unknown[]): void;
  /** Pass these to every scheduler the scenario builds: strategy, seed, trace, budgets. */
  readonly options: SchedulerOptions;
}

export interface ScenarioSpec {
  readonly name: string;
  readonly description?: string;
  /**
   * Set when the scenario demonstrates an exception (e.g. the seed's
   * `StopIteration`): it passes when it raises exactly `Name` or `Name: message`.
   */
  readonly raises?: string;
  run(context: ScenarioContext): void;
}

export interface Scenario extends ScenarioSpec {
  readonly [SCENARIO]: true;
}

export function defineScenario(spec: ScenarioSpec): Scenario {
  if (typeof spec !== 'object' || spec === null) throw new TypeError(`defineScenario expected an object, got ${describe(spec)}`);
  if (typeof spec.name !== 'string' || spec.name === '') {
    throw new TypeError(`defineScenario expected a non-empty string name, got ${describe(spec.name)}`);
  }
  if (typeof spec.run !== 'function') {
    throw new TypeError(`defineScenario expected run to be a function for scenario "${spec.name}", got ${describe(spec.run)}`);
  }
  return Object.freeze({ ...spec, [SCENARIO]: true as const });
}

export function isScenario(value: unknown): value is Scenario {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[SCENARIO] === true;
}

export interface ScenarioResult {
  readonly scenario: string;
  /** Every printed line; when the run raised, the last line is `raised <Name>: <message>`. */
  readonly output: string[];
  /** What the run raised, if anything. */
  readonly error: unknown;
  /** True when the run ended as the scenario says it should (no error, or exactly `raises`). */
  readonly passed: boolean;
}

export function runScenario(scenario: Scenario, options: SchedulerOptions = {}): ScenarioResult {
  const output: string[] = [];
  const print = (...values: unknown[]): void => {
    output.push(values.map(String).join(' '));
  };
  let error: unknown = undefined;
  let raised = false;
  try {
    scenario.run({ print, options });
  } catch (caught) {
    raised = true;
    error = caught;
    output.push(`raised ${errorLine(caught)}`);
  }
  const passed = scenario.raises === undefined ? !raised : raised && matchesRaises(error, scenario.raises);
  return { scenario: scenario.name, output, error, passed };
}

/** `Name` or `Name: message`, the last line of a Python traceback. */
export function errorLine(error: unknown): string {
  if (error instanceof Error) return error.message === '' ? error.name : `${error.name}: ${error.message}`;
  return `thrown value ${describe(error)}`;
}

function matchesRaises(error: unknown, expected: string): boolean {
  return errorLine(error) === expected || (error instanceof Error && error.name === expected);
}
