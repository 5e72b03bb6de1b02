/**
 * One run of a scenario under a given strategy, with everything the harness
 * needs afterwards: did it pass, what it raised, where it stood (step and
 * virtual time of the last kernel), what it chose (the recorder), and the
 * trace hash or events when asked.
 */
import type { Kernel, Strategy, TraceMode } from '../kernel/index.js';
import { Recorder } from '../strategies/index.js';
import { runScenario, type Scenario, type ScenarioResult } from './scenario.js';

export interface Budgets {
  readonly maxSteps?: number;
  readonly maxTime?: number;
}

export interface RunRecord {
  readonly result: ScenarioResult;
  readonly recorder: Recorder;
  /** The kernels the scenario built, in order (a scenario may build several schedulers). */
  readonly kernels: readonly Kernel[];
  /** Step and virtual time of the last kernel when the run ended. */
  readonly step: number;
  readonly time: number;
  /** Hash of every kernel's trace, when traced. */
  readonly traceHash: string | null;
}

export function runOnce(scenario: Scenario, strategy: Strategy, seed: number, budgets: Budgets, trace: TraceMode, keepDecisions = false): RunRecord {
  const recorder = new Recorder(strategy, keepDecisions);
  const kernels: Kernel[] = [];
  const result = runScenario(scenario, {
    strategy: recorder,
    seed,
    trace,
    ...budgets,
    onKernel: (kernel) => kernels.push(kernel),
  });
  const last = kernels[kernels.length - 1];
  const traceHash = trace === false ? null : kernels.map((k) => k.trace?.hash() ?? '').join('.');
  return { result, recorder, kernels, step: last?.steps ?? 0, time: last?.time ?? 0, traceHash };
}
