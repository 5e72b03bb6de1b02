/**
 * A traced run, split per kernel: each kernel's events with the deviations
 * from FIFO taken while it ran. A decision belongs to the kernel most
 * recently built before it was made (scenarios build their schedulers one
 * after the other; one that interleaves two has its decisions all given to
 * the later one).
 */
import type { RunRecord } from './run-once.js';
import type { TracePart } from './run-view.js';

export function traceParts(record: RunRecord): TracePart[] {
  const decisions = record.recorder.decisions;
  return record.kernels.map((kernel, k) => {
    const end = record.firstDecisions[k + 1] ?? decisions.length;
    return {
      events: kernel.trace?.keepEvents === true ? kernel.trace.events() : [],
      deviations: decisions.slice(record.firstDecisions[k] ?? 0, end).filter((d) => d.index !== 0),
    };
  });
}
