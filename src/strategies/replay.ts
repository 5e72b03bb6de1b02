/**
 * replay: follows a recorded schedule (a tape); replay is just another
 * strategy, as in shuttle. When the run no longer fits the tape — a recorded
 * index that is not a candidate any more, because the code changed — it
 * records where it diverged and what it expected, then goes on with a seeded
 * random fallback instead of failing obscurely.
 */
import type { Choice, Strategy } from '../kernel/index.js';
import { Rng } from './rng.js';
import { stepOf, type Tape } from './schedule.js';

export interface Divergence {
  /** The choice number (0-based) where the tape stopped fitting. */
  readonly choice: number;
  readonly step: number;
  readonly time: number;
  /** The recorded index, and how many candidates there were instead. */
  readonly recorded: number;
  readonly count: number;
}

export interface ReplayOptions {
  /** Seed of the random fallback after a divergence (default 0). */
  readonly fallbackSeed?: number;
  /**
   * Take an out-of-range index modulo the candidates instead of reporting a
   * divergence: for tapes that are not recordings (fast-check's, shrinking's).
   */
  readonly wrap?: boolean;
}

export class ReplayStrategy implements Strategy {
  readonly name = 'replay';
  private position = 0;
  private fallback: Rng | null = null;
  divergence: Divergence | null = null;

  constructor(
    private readonly tape: Tape,
    private readonly options: ReplayOptions = {},
  ) {}

  choose(choice: Choice): number {
    const at = this.position++;
    if (this.fallback !== null) return this.fallback.below(choice.count);
    const recorded = at < this.tape.length ? this.tape[at]! : 0;
    if (recorded < choice.count) return recorded;
    if (this.options.wrap === true) return recorded % choice.count;
    this.divergence = { choice: at, step: stepOf(choice), time: choice.time, recorded, count: choice.count };
    this.fallback = new Rng(this.options.fallbackSeed ?? 0);
    return this.fallback.below(choice.count);
  }
}
