/**
 * log(...): a coroutine's line in the trace, stamped with the step, the
 * virtual time and the current task's name — simloop's `print` for runs you
 * want to read or compare later. Needs a running loop.
 */
import { formatTime } from '../kernel/index.js';
import { getRunningLoop } from './loop.js';

export function log(...values: unknown[]): void {
  const loop = getRunningLoop();
  loop.kernel.emit('log', values.map(String).join(' '), loop.currentTask);
  loop.output.push(`t=${formatTime(loop.time())} task=${loop.currentTask?.name ?? '-'} ${values.map(String).join(' ')}`);
}
