/**
 * Scenarios: a named, runnable piece of concurrent code — it builds tasks,
 * actors or coroutines with simloop's API, runs them, prints what it wants
 * shown, and throws when an invariant is broken.
 *
 * Owns: the scenario shape, `defineScenario`, and running one scenario to a
 * result (its output lines and how it ended). Must not: touch the file system
 * or the console (the CLI does), or read anything ambient.
 *
 * Two kinds: a scenario whose `run` is a plain function builds simloop
 * schedulers itself and runs synchronously; one whose `run` is an async
 * function (or made with `defineAsyncScenario`) runs under the bridge
 * (src/bridge): its timers, Date and Math.random are simulated, and running
 * it — runScenario, explore, replay — returns a promise.
 */
import { simulate, type Controls } from '../bridge/index.js';
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
  readonly async?: false;
}

/** What an async scenario's run gets: print and options, plus the bridge's controls (schedule, scheduleFunction, now). */
export interface AsyncScenarioContext extends Controls {
  print(...values: unknown[]): void;
  /** The run's strategy, seed and budgets (the bridge already uses them; there is no scheduler to pass them to). */
  readonly options: SchedulerOptions;
}

export interface AsyncScenarioSpec {
  readonly name: string;
  readonly description?: string;
  readonly raises?: string;
  /** Most milliseconds a timer may fire late, chosen by the strategy (default 0). */
  readonly jitter?: number;
  /** The wall-clock date at virtual time 0, in ms since 1970 (default 2024-01-01T00:00:00Z). */
  readonly epoch?: number;
  run(context: AsyncScenarioContext): Promise<void>;
}

export interface AsyncScenario extends AsyncScenarioSpec {
  readonly [SCENARIO]: true;
  readonly async: true;
}

export type AnyScenario = Scenario | AsyncScenario;

function checkSpec(spec: { readonly name: string; readonly run: unknown }, by: string): void {
  if (typeof spec !== 'object' || spec === null) throw new TypeError(`${by} expected an object, got ${describe(spec)}`);
  if (typeof spec.name !== 'string' || spec.name === '') {
    throw new TypeError(`${by} expected a non-empty string name, got ${describe(spec.name)}`);
  }
  if (typeof spec.run !== 'function') {
    throw new TypeError(`${by} expected run to be a function for scenario "${spec.name}", got ${describe(spec.run)}`);
  }
}

const isAsyncFunction = (f: unknown): boolean => typeof f === 'function' && f.constructor?.name === 'AsyncFunction';

/** A scenario; an `async run` makes it an async scenario (see defineAsyncScenario). */
export function defineScenario(spec: AsyncScenarioSpec): AsyncScenario;
export function defineScenario(spec: ScenarioSpec): Scenario;
export function defineScenario(spec: ScenarioSpec | AsyncScenarioSpec): AnyScenario {
  checkSpec(spec, 'defineScenario');
  if (isAsyncFunction(spec.run)) return Object.freeze({ ...(spec as AsyncScenarioSpec), [SCENARIO]: true as const, async: true as const });
  return Object.freeze({ ...(spec as ScenarioSpec), [SCENARIO]: true as const });
}

/** An async scenario, for a `run` that returns a promise without being declared `async`. */
export function defineAsyncScenario(spec: AsyncScenarioSpec): AsyncScenario {
  checkSpec(spec, 'defineAsyncScenario');
  return Object.freeze({ ...spec, [SCENARIO]: true as const, async: true as const });
}

const marked = (value: unknown): boolean => typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[SCENARIO] === true;

/** A synchronous scenario (made with defineScenario and a plain `run`). */
export function isScenario(value: unknown): value is Scenario {
  return marked(value) && (value as { async?: boolean }).async !== true;
}

export function isAsyncScenario(value: unknown): value is AsyncScenario {
  return marked(value) && (value as { async?: boolean }).async === true;
}

/** Either kind. */
export function isAnyScenario(value: unknown): value is AnyScenario {
  return marked(value);
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

/** Runs a scenario once; an async scenario runs under the bridge and gives a promise. */
export function runScenario(scenario: AsyncScenario, options?: SchedulerOptions): Promise<ScenarioResult>;
export function runScenario(scenario: Scenario, options?: SchedulerOptions): ScenarioResult;
export function runScenario(scenario: AnyScenario, options?: SchedulerOptions): ScenarioResult | Promise<ScenarioResult>;
export function runScenario(scenario: AnyScenario, options: SchedulerOptions = {}): ScenarioResult | Promise<ScenarioResult> {
  const output: string[] = [];
  const print = (...values: unknown[]): void => {
    output.push(values.map(String).join(' '));
  };
  if (isAsyncScenario(scenario)) return runAsync(scenario, options, output, print);
  let error: unknown = undefined;
  let raised = false;
  try {
    const returned: unknown = scenario.run({ print, options });
    if (typeof (returned as PromiseLike<unknown> | undefined)?.then === 'function') {
      throw new TypeError(
        `scenario "${scenario.name}" returned a promise from a run that is not declared async: define it with defineAsyncScenario() so that simloop runs it under the bridge and awaits it`,
      );
    }
  } catch (caught) {
    raised = true;
    error = caught;
  }
  return resultOf(scenario, output, raised, error);
}

async function runAsync(scenario: AsyncScenario, options: SchedulerOptions, output: string[], print: (...values: unknown[]) => void): Promise<ScenarioResult> {
  const run = await simulate((controls) => scenario.run({ ...controls, print, options }), {
    ...options,
    ...(scenario.jitter !== undefined && { jitter: scenario.jitter }),
    ...(scenario.epoch !== undefined && { epoch: scenario.epoch }),
  });
  return resultOf(scenario, output, !run.ok, run.error);
}

function resultOf(scenario: AnyScenario, output: string[], raised: boolean, error: unknown): ScenarioResult {
  if (raised) output.push(`raised ${errorLine(error)}`);
  const passed = scenario.raises === undefined ? !raised : raised && matchesRaises(error, scenario.raises);
  return { scenario: scenario.name, output, error: raised ? error : undefined, passed };
}

/** `Name` or `Name: message`, the last line of a Python traceback. */
export function errorLine(error: unknown): string {
  if (error instanceof Error) return error.message === '' ? error.name : `${error.name}: ${error.message}`;
  return `thrown value ${describe(error)}`;
}

function matchesRaises(error: unknown, expected: string): boolean {
  return errorLine(error) === expected || (error instanceof Error && error.name === expected);
}
