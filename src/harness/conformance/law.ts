/**
 * A law is a fast-check property over generated workloads (or, for the
 * no-cliff law, one fixed measurement) whose check throws a LawViolation
 * naming the law broken. `runLaws` checks them in order, stops at the first
 * broken one and turns fast-check's shrunk counterexample into a
 * ConformanceError that says how to replay it.
 */
import fc from 'fast-check';
import { describe as describeValue } from '../../kernel/index.js';
import { ConformanceError, renderOptions } from './report.js';

export class LawViolation extends Error {
  override name = 'LawViolation';
  constructor(
    readonly law: string,
    readonly detail: string,
    readonly observed: string | null = null,
  ) {
    super(`${law}: ${detail}`);
  }
}

export interface Law<T> {
  readonly name: string;
  /** Generated values; null for a law checked once on `fixed`. */
  readonly arbitrary: fc.Arbitrary<T> | null;
  readonly fixed?: T;
  /** Throws a LawViolation when the scheduler breaks this law (or another one it stumbled on). */
  readonly check: (value: T) => void;
  readonly render: (value: T) => string;
  /** Runs for this law given the kit's numRuns (default: numRuns). */
  readonly runs?: (numRuns: number) => number;
  readonly examples?: readonly T[];
}

/** Lets laws over different values share one list. */
export function law<T>(spec: Law<T>): Law<unknown> {
  return spec as unknown as Law<unknown>;
}

export interface ConformanceOptions {
  /** Random workloads per law (default 200; the heavy laws run fewer). */
  readonly numRuns?: number;
  /** fast-check seed (default: fast-check picks one, and a failure reports it). */
  readonly seed?: number;
  /** fast-check path of a reported failure: with `seed` and `laws: [law]`, replays it. */
  readonly path?: string;
  /** Check only these laws (names as in TASK_LAWS / ACTOR_LAWS), in the kit's order. */
  readonly laws?: readonly string[];
}

export interface LawSummary {
  readonly law: string;
  readonly runs: number;
  /** fast-check's seed for this law (null for the fixed no-cliff measurement). */
  readonly seed: number | null;
}

export interface ConformanceSummary {
  readonly kit: 'task' | 'actor';
  readonly laws: readonly LawSummary[];
  /** Runs over all laws. */
  readonly runs: number;
}

export const DEFAULT_RUNS = 200;

export interface Kit {
  readonly kit: 'task' | 'actor';
  /** `checkTaskScheduler` / `checkActorScheduler`: for the replay line. */
  readonly fn: string;
  readonly laws: readonly Law<unknown>[];
  /** Options besides seed/path/laws that shape the workloads (they go in the replay line). */
  readonly shaping: Readonly<Record<string, unknown>>;
}

export function validateOptions(fn: string, options: unknown, known: readonly string[], extra: readonly string[]): ConformanceOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError(`${fn} expected an options object, got ${describeValue(options)}`);
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!['numRuns', 'seed', 'path', 'laws', ...extra].includes(key)) {
      throw new TypeError(`${fn}: unknown option "${key}" (expected ${['numRuns', 'seed', 'path', 'laws', ...extra].join(', ')})`);
    }
  }
  if (o.numRuns !== undefined && !(Number.isInteger(o.numRuns) && (o.numRuns as number) > 0)) {
    throw new TypeError(`${fn} expected options.numRuns to be a positive integer, got ${describeValue(o.numRuns)}`);
  }
  if (o.seed !== undefined && !Number.isInteger(o.seed)) throw new TypeError(`${fn} expected options.seed to be an integer, got ${describeValue(o.seed)}`);
  if (o.path !== undefined && !(typeof o.path === 'string' && /^\d+(:\d+)*$/.test(o.path))) {
    throw new TypeError(`${fn} expected options.path to be a fast-check path like "3:0:1", got ${describeValue(o.path)}`);
  }
  if (o.laws !== undefined) {
    if (!Array.isArray(o.laws)) throw new TypeError(`${fn} expected options.laws to be an array of law names, got ${describeValue(o.laws)}`);
    for (const name of o.laws) {
      if (!known.includes(name as string)) throw new TypeError(`${fn}: unknown law ${describeValue(name)}; the laws are ${known.map((k) => JSON.stringify(k)).join(', ')}`);
    }
  }
  if (o.path !== undefined && (o.seed === undefined || !Array.isArray(o.laws) || o.laws.length !== 1)) {
    throw new TypeError(`${fn}: options.path replays one law's failure: pass it with that failure's seed and laws: [<law>] (the error's replay line has all three)`);
  }
  return o as ConformanceOptions;
}

/** Checks the kit's laws in order; throws a ConformanceError at the first one broken. */
export function runLaws(kit: Kit, options: ConformanceOptions): ConformanceSummary {
  const numRuns = options.numRuns ?? DEFAULT_RUNS;
  const selected = kit.laws.filter((l) => options.laws === undefined || options.laws.includes(l.name));
  const summaries: LawSummary[] = [];
  for (const l of selected) {
    if (l.arbitrary === null) {
      try {
        l.check(l.fixed);
      } catch (error) {
        throw failure(kit, l, error, l.fixed, l.fixed, null, null);
      }
      summaries.push({ law: l.name, runs: 1, seed: null });
      continue;
    }
    const runs = l.runs ? l.runs(numRuns) : numRuns;
    const details = fc.check(
      fc.property(l.arbitrary, (value) => {
        l.check(value);
      }),
      {
        numRuns: runs,
        verbose: 1,
        ...(options.seed !== undefined && { seed: options.seed }),
        ...(options.path !== undefined && { path: options.path }),
        ...(l.examples !== undefined && { examples: l.examples.map((e) => [e] as [unknown]) }),
      },
    );
    if (details.failed && details.counterexample !== null) {
      const [value] = details.counterexample;
      const first = details.failures.length > 0 ? details.failures[0]![0] : value;
      throw failure(kit, l, details.errorInstance, value, first, details.seed, details.counterexamplePath);
    }
    if (details.failed) throw new Error(`${kit.fn}: fast-check failed without a counterexample while checking "${l.name}": ${String(details.errorInstance)}`);
    summaries.push({ law: l.name, runs: details.numRuns, seed: details.seed });
  }
  return { kit: kit.kit, laws: summaries, runs: summaries.reduce((sum, s) => sum + s.runs, 0) };
}

function failure(kit: Kit, l: Law<unknown>, error: unknown, value: unknown, first: unknown, seed: number | null, path: string | null): ConformanceError {
  const violation =
    error instanceof LawViolation
      ? error
      : new LawViolation(l.name, `the check raised ${error instanceof Error ? `${error.name}: ${error.message}` : describeValue(error)}`);
  const counterexample = l.render(value);
  const firstFound = first === value ? null : l.render(first);
  const replay: Record<string, unknown> = {
    ...(seed !== null && { seed }),
    ...(path !== null && { path }),
    laws: [l.name],
    ...kit.shaping,
  };
  return new ConformanceError({
    kit: kit.kit,
    law: violation.law,
    checking: l.name,
    detail: violation.detail,
    observed: violation.observed,
    counterexample,
    value,
    firstFound: firstFound === counterexample ? null : firstFound,
    seed,
    path,
    replay,
    replayCall: `${kit.fn}(factory, ${renderOptions(replay)})`,
  });
}
