/**
 * The bug zoo's catalogue: every bug scenario with what is known about it —
 * its layer, its depth, where it comes from, and the exploration budget
 * within which a stated strategy is guaranteed (by fixed seeds) to find it.
 * bugs.test.ts checks every claim made here; run-zoo.ts measures the rest.
 *
 * This module exports no scenario itself (only a list), so pointing the CLI
 * at the directory loads each bug once, from its own file.
 */
import type { Scenario, StrategyName } from 'simloop';

export type Layer = 'TaskScheduler' | 'ActorScheduler' | 'asyncio';

/** A budget the test suite holds a strategy to: it must find the bug within `seeds` runs. */
export interface Budget {
  readonly strategy: Exclude<StrategyName, 'fifo'>;
  readonly seeds: number;
  /** pct: the depth d it aims at (default: the bug's pctDepth). */
  readonly depth?: number;
  /** dfs: the most deviations from FIFO per run. */
  readonly maxPreemptions?: number;
}

export interface BugMeta {
  readonly layer: Layer;
  /** The fewest deviations from FIFO that make it fail: what a shrunk schedule can get down to. */
  readonly depth: number;
  /** PCT's depth d: the ordering constraints the bug needs (Burckhardt et al. 2010), for the bound 1/(n·k^(d−1)). */
  readonly pctDepth: number;
  /** n: the tasks / actors taking part (PCT's n). */
  readonly tasks: number;
  /** How a failing run ends: the start of its error line (`Name: message`). */
  readonly failsWith: string;
  /** The classic reference. */
  readonly source: string;
  /** Strategies that find it, each within its budget (checked by bugs.test.ts, fixed seeds). */
  readonly budgets: readonly Budget[];
  /**
   * Set when only a layer's waiter choice (which waiter a Lock, Condition,
   * Semaphore or Queue wakes) can expose it: with those choices held to FIFO,
   * dfs covers every schedule and none fails (checked by bugs.test.ts).
   */
  readonly onlyByWaiterChoice?: boolean;
}

export interface Bug {
  readonly file: string;
  readonly scenario: Scenario;
  readonly meta: BugMeta;
}

import lostUpdate, { meta as lostUpdateMeta } from './01-lost-update.js';
import checkThenAct, { meta as checkThenActMeta } from './02-check-then-act.js';
import useBeforeInit, { meta as useBeforeInitMeta } from './03-use-before-init.js';
import lockOrderDeadlock, { meta as lockOrderDeadlockMeta } from './04-lock-order-deadlock.js';
import missedWakeup, { meta as missedWakeupMeta } from './05-missed-wakeup.js';
import equalTimers, { meta as equalTimersMeta } from './06-equal-timers.js';
import unfairLockStarvation, { meta as unfairLockStarvationMeta } from './07-unfair-lock-starvation.js';
import actorReordering, { meta as actorReorderingMeta } from './08-actor-reordering.js';
import diningPhilosophers, { meta as diningPhilosophersMeta } from './09-dining-philosophers.js';
import quorumRareOrder, { meta as quorumRareOrderMeta } from './10-quorum-rare-order.js';
import actorToctou, { meta as actorToctouMeta } from './11-actor-toctou.js';
import fairnessIsNotOrder, { meta as fairnessIsNotOrderMeta } from './12-fairness-is-not-order.js';

/** Every bug, in file order. */
export const BUGS: readonly Bug[] = [
  { file: '01-lost-update.ts', scenario: lostUpdate, meta: lostUpdateMeta },
  { file: '02-check-then-act.ts', scenario: checkThenAct, meta: checkThenActMeta },
  { file: '03-use-before-init.ts', scenario: useBeforeInit, meta: useBeforeInitMeta },
  { file: '04-lock-order-deadlock.ts', scenario: lockOrderDeadlock, meta: lockOrderDeadlockMeta },
  { file: '05-missed-wakeup.ts', scenario: missedWakeup, meta: missedWakeupMeta },
  { file: '06-equal-timers.ts', scenario: equalTimers, meta: equalTimersMeta },
  { file: '07-unfair-lock-starvation.ts', scenario: unfairLockStarvation, meta: unfairLockStarvationMeta },
  { file: '08-actor-reordering.ts', scenario: actorReordering, meta: actorReorderingMeta },
  { file: '09-dining-philosophers.ts', scenario: diningPhilosophers, meta: diningPhilosophersMeta },
  { file: '10-quorum-rare-order.ts', scenario: quorumRareOrder, meta: quorumRareOrderMeta },
  { file: '11-actor-toctou.ts', scenario: actorToctou, meta: actorToctouMeta },
  { file: '12-fairness-is-not-order.ts', scenario: fairnessIsNotOrder, meta: fairnessIsNotOrderMeta },
];
