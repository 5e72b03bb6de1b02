/**
 * fast-check integration: arbitraries for seeds and schedules, and a property
 * over interleavings. A schedule is a tape of choices where 0 is FIFO; its
 * arbitrary is biased to 0 and fast-check shrinks it towards the empty tape —
 * towards the faithful FIFO run — so a counterexample comes out with the
 * fewest deviations fast-check can find.
 */
import fc from 'fast-check';
import { ReplayStrategy, formatSchedule } from '../strategies/index.js';
import { runOnce, type Budgets } from './run-once.js';
import { errorLine, isAsyncScenario, isScenario, type AsyncScenario, type Scenario } from './scenario.js';
import { describe as describeValue } from '../kernel/index.js';

export function seeds(): fc.Arbitrary<number> {
  return fc.nat();
}

export interface ScheduleArbitraryOptions {
  /** Most choices on the tape (default 64; later choices are FIFO). */
  readonly maxLength?: number;
  /** Largest index drawn (default 7; taken modulo the candidates of each choice). */
  readonly maxIndex?: number;
}

export function schedules(options: ScheduleArbitraryOptions = {}): fc.Arbitrary<number[]> {
  const choice = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: options.maxIndex ?? 7 }) });
  return fc.array(choice, { maxLength: options.maxLength ?? 64 });
}

/** The error a property over interleavings throws: the scenario's error, with the schedule that caused it. */
export class InterleavingError extends Error {
  override name = 'InterleavingError';
  constructor(
    readonly scenario: string,
    readonly schedule: string,
    override readonly cause: unknown,
  ) {
    super(`scenario "${scenario}" failed under schedule ${schedule}: ${errorLine(cause)}\n  replay: npx simloop replay <file> --scenario ${scenario} --schedule ${schedule}`);
  }
}

/** A fast-check property: the scenario passes under every schedule. */
export function interleavingProperty(scenario: Scenario, budgets: Budgets = {}, arbitrary: fc.Arbitrary<number[]> = schedules()): fc.IPropertyWithHooks<[number[]]> {
  if (!isScenario(scenario)) throw new TypeError(`interleavingProperty expected a scenario made with defineScenario(), got ${describeValue(scenario)}`);
  return fc.property(arbitrary, (tape) => {
    const record = runOnce(scenario, new ReplayStrategy(tape, { wrap: true }), 0, budgets, false);
    if (!record.result.passed) throw new InterleavingError(scenario.name, formatSchedule(record.recorder.tape), record.result.error);
  });
}

/** The same property for an async scenario: each schedule is one simulated run (seed 0, so Math.random is fixed too). */
export function asyncInterleavingProperty(scenario: AsyncScenario, budgets: Budgets = {}, arbitrary: fc.Arbitrary<number[]> = schedules()): fc.IAsyncPropertyWithHooks<[number[]]> {
  if (!isAsyncScenario(scenario)) throw new TypeError(`asyncInterleavingProperty expected a scenario made with defineAsyncScenario() or an async run, got ${describeValue(scenario)}`);
  return fc.asyncProperty(arbitrary, async (tape) => {
    const record = await runOnce(scenario, new ReplayStrategy(tape, { wrap: true }), 0, budgets, false);
    if (!record.result.passed) throw new InterleavingError(scenario.name, formatSchedule(record.recorder.tape), record.result.error);
  });
}
