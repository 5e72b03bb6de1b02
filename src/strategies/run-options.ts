/**
 * The options every simloop run takes — strategy, seed, trace, budgets — and
 * how they become a kernel. Shared by the seed's schedulers and the asyncio
 * layer; defaults are the faithful ones: fifo, no trace, the kernel's budgets.
 */
import { Kernel, type ChoiceScope, type KernelOptions, type TraceMode } from '../kernel/index.js';
import { resolveStrategy, type StrategyOption } from './resolve.js';

export interface RunOptions {
  /** Who runs next (default 'fifo': the seed's and CPython's own order). */
  readonly strategy?: StrategyOption;
  /** Seed for seeded strategies (default 0). */
  readonly seed?: number;
  /** true: keep every event; 'hash': only the trace hash; false (default): none. */
  readonly trace?: TraceMode;
  /** Steps before StepBudgetError (default 10^8). */
  readonly maxSteps?: number;
  /** Virtual seconds before TimeBudgetError (default: unbounded). */
  readonly maxTime?: number;
  /** Loop iterations before IterationBudgetError (default: unbounded). */
  readonly maxIterations?: number;
  /**
   * Up to this many virtual seconds of lateness added to each timer, chosen
   * by the strategy among JITTER_LEVELS levels (a recorded choice of kind
   * 'timer-jitter'); fifo adds none. Default 0: no jitter.
   */
  readonly timerJitter?: number;
  /** Called with every kernel built from these options: the harness reads steps, time and traces through it. */
  readonly onKernel?: (kernel: Kernel) => void;
}

/** `choiceScope` is the layer's to set (the seed schedulers' `fair` option), not the user's directly. */
export function kernelFor(options: RunOptions, choiceScope?: ChoiceScope): Kernel {
  const seed = options.seed ?? 0;
  // Guarded here, not in checkBudget: an unset budget (the usual case) then costs no call, once per explored run.
  if (options.maxSteps !== undefined) checkBudget('maxSteps', options.maxSteps);
  if (options.maxTime !== undefined) checkBudget('maxTime', options.maxTime);
  if (options.maxIterations !== undefined) checkBudget('maxIterations', options.maxIterations);
  if (options.timerJitter !== undefined) checkBudget('timerJitter', options.timerJitter);
  // Field by field rather than conditional spreads: explore builds a kernel per run.
  const kernelOptions: { -readonly [K in keyof KernelOptions]: KernelOptions[K] } = { strategy: resolveStrategy(options.strategy, seed), seed };
  if (options.maxSteps !== undefined) kernelOptions.maxSteps = options.maxSteps;
  if (options.maxTime !== undefined) kernelOptions.maxTime = options.maxTime;
  if (options.maxIterations !== undefined) kernelOptions.maxIterations = options.maxIterations;
  if (options.trace !== undefined) kernelOptions.trace = options.trace;
  if (options.timerJitter !== undefined) kernelOptions.timerJitter = options.timerJitter;
  if (choiceScope !== undefined) kernelOptions.choiceScope = choiceScope;
  const kernel = new Kernel(kernelOptions);
  options.onKernel?.(kernel);
  return kernel;
}

function checkBudget(name: string, value: number): void {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new TypeError(`${name} expected a non-negative number, got ${typeof value} ${String(value)}`);
  }
}
