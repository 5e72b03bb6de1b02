/**
 * Failure reports: a failure, printed as its reproduction — what failed, at
 * which step and virtual time, the minimal schedule as a list of deviations
 * from FIFO, and the line to paste to replay it.
 */
import { formatTime } from '../kernel/index.js';
import type { Decision } from '../strategies/index.js';
import type { Failure } from './explore.js';

export function describeDeviation(d: Decision): string {
  return `at step ${d.step} (t=${formatTime(d.time)}), ran ${d.chose} instead of ${d.fifo}`;
}

export function formatFailure(failure: Failure): string {
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
