/**
 * The errors the kernel itself raises. Each message says what happened, the
 * likely cause and the next step; layers add their own (deadlock reports,
 * bad input) on top of SimloopError.
 */
export class SimloopError extends Error {
  override name = 'SimloopError';
}

/** Where a run stood when it stopped: enough to name it in a message. */
export interface RunPosition {
  readonly step: number;
  readonly time: number;
  readonly strategy: string;
  readonly seed: number | undefined;
}

function where(at: RunPosition): string {
  const seed = at.seed === undefined ? '' : ` seed ${at.seed}`;
  return `at step ${at.step}, t=${at.time} (strategy ${at.strategy}${seed})`;
}

export class StepBudgetError extends SimloopError {
  override name = 'StepBudgetError';
  constructor(
    readonly maxSteps: number,
    readonly at: RunPosition,
  ) {
    super(
      `step budget exhausted: maxSteps=${maxSteps} steps ran ${where(at)} and work was still queued. ` +
        `A task that never finishes? If the run is just long, raise the budget with { maxSteps: ${maxSteps * 10} }.`,
    );
  }
}

export class TimeBudgetError extends SimloopError {
  override name = 'TimeBudgetError';
  constructor(
    readonly maxTime: number,
    readonly nextTimer: number,
    readonly at: RunPosition,
  ) {
    super(
      `virtual-time budget exhausted: the next timer is due at t=${nextTimer}, past maxTime=${maxTime}, ${where(at)}. ` +
        `A task that sleeps in a loop forever? If the run is just long, raise the budget with { maxTime: ${Math.max(nextTimer, maxTime * 10)} }.`,
    );
  }
}

export class IterationBudgetError extends SimloopError {
  override name = 'IterationBudgetError';
  constructor(
    readonly maxIterations: number,
    readonly at: RunPosition,
  ) {
    super(
      `iteration budget exhausted: maxIterations=${maxIterations} loop iterations ran ${where(at)}. ` +
        `A loop that never settles? If the run is just long, raise the budget with { maxIterations: ${maxIterations * 10} }.`,
    );
  }
}

export class ReentrantRunError extends SimloopError {
  override name = 'ReentrantRunError';
}
