/**
 * dfs: exhaustive enumeration of a small scenario's choice tree, by
 * re-execution (stateless model checking, as shuttle's DfsScheduler): each
 * run follows a prefix of choices and takes FIFO after it; after the run, the
 * deepest choice with an untried candidate is advanced. A bound on
 * preemptions — choices that deviate from FIFO — keeps the tree small
 * (context bounding, Musuvathi & Qadeer, PLDI 2007). When no choice is left
 * to advance, the space within the bound is covered completely.
 */
import type { Strategy } from '../kernel/index.js';
import { ReplayStrategy } from './replay.js';
import type { Tape } from './schedule.js';

export interface DfsOptions {
  /** Most deviations from FIFO in one run (default: unbounded). */
  readonly maxPreemptions?: number;
}

export class DfsExplorer {
  private prefix: number[] | null = [];
  private runs = 0;

  constructor(private readonly options: DfsOptions = {}) {}

  /** True once every schedule within the bound has been run. */
  get complete(): boolean {
    return this.prefix === null;
  }

  get runCount(): number {
    return this.runs;
  }

  /** The strategy for the next run, or null when the tree is covered. */
  nextRun(): Strategy | null {
    if (this.prefix === null) return null;
    this.runs++;
    return new ReplayStrategy(this.prefix);
  }

  /** Advances to the next unexplored branch, from what the last run chose among how many. */
  afterRun(tape: Tape, counts: readonly number[]): void {
    const bound = this.options.maxPreemptions ?? Infinity;
    let deviations = tape.reduce((n, index) => n + (index !== 0 ? 1 : 0), 0);
    for (let at = tape.length - 1; at >= 0; at--) {
      const index = tape[at]!;
      if (index !== 0) deviations--; // deviations before position `at`
      if (index + 1 < counts[at]! && deviations + 1 <= bound) {
        this.prefix = [...tape.slice(0, at), index + 1];
        return;
      }
    }
    this.prefix = null;
  }
}
