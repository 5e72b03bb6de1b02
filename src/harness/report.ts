/**
 * Failure reports: a failure, printed as its reproduction — what failed, at
 * which step and virtual time, the minimal schedule as a list of deviations
 * from FIFO, and the line to paste to replay it.
 */
import { formatTime } from '../kernel/index.js';
import type { Decision } from '../strategies/index.js';
import type { Failure } from './explore.js';

/** What a decision of each kind did, as a verb phrase before "X instead of Y". */
const DID: Readonly<Record<string, string>> = {
  ready: 'ran',
  'lock-waiter': 'a Lock woke',
  'condition-waiter': 'a Condition notified',
  'semaphore-waiter': 'a Semaphore woke',
  'queue-getter': 'a Queue woke getter',
  'queue-putter': 'a Queue woke putter',
  jitter: 'fired', // the bridge's timer jitter: `fired setTimeout#3(100ms) +2ms instead of ... +0ms`
};

export function describeDeviation(d: Decision): string {
  const at = `at step ${d.step} (t=${formatTime(d.time)})`;
  // The kernel's timer jitter: one timer, a choice of lateness levels.
  if (d.kind === 'timer-jitter') return `${at}, made ${d.chose}'s timer late by ${d.index}/${d.count - 1} of the jitter`;
  const did = DID[d.kind] ?? `chose (${d.kind})`;
  // Two entries of one owner (two deliveries to one actor): say which, not "X instead of X".
  if (d.chose === d.fifo) return `${at}, ${did} a later entry of ${d.chose} (candidate ${d.index}) before its earlier one`;
  return `${at}, ${did} ${d.chose} instead of ${d.fifo}`;
}

/** What a failure report prints: a Failure, or a failure record a worker sent back as JSON. */
export type ReportedFailure = Pick<Failure, 'scenario' | 'seed' | 'strategy' | 'message' | 'step' | 'time' | 'schedule' | 'replay'> & {
  readonly shrunk: { readonly schedule: string; readonly deviations: readonly Decision[]; readonly runs: number } | null;
};

export function formatFailure(failure: ReportedFailure): string {
  const lines = [
    `✗ scenario "${failure.scenario}" failed with seed ${failure.seed} (strategy ${failure.strategy})`,
    `  ${failure.message}`,
    `  at step ${failure.step}, t=${formatTime(failure.time)}; schedule ${failure.schedule}`,
  ];
  if (failure.shrunk !== null) {
    const n = failure.shrunk.deviations.length;
    lines.push(`  minimal schedule: ${failure.shrunk.schedule} (${n} deviation${n === 1 ? '' : 's'} from FIFO, found in ${failure.shrunk.runs} runs)`);
    for (const d of failure.shrunk.deviations) lines.push(`    - ${describeDeviation(d)}`);
  }
  lines.push(`  replay: ${failure.replay}`);
  return lines.join('\n');
}
