/** The kernel's public surface: what strategies, layers and the harness may use. */
export { Kernel, TimerHandle, DEFAULT_MAX_STEPS, JITTER_LEVELS, type ChoiceScope, type KernelOptions, type Queued, type Runnable, type SlotTable } from './kernel.js';
export type { Choice, Owner, Strategy } from './strategy.js';
export { Trace, renderLine, type TraceEvent, type TraceMode } from './trace.js';
export { SimloopError, StepBudgetError, TimeBudgetError, IterationBudgetError, ReentrantRunError, type RunPosition } from './errors.js';
export { Sleep, isSleep, sleep } from './sleep.js';
export { describe, show, formatTime } from './describe.js';
export { ReadyQueue } from './ready-queue.js';
export { TimerHeap } from './heap.js';
