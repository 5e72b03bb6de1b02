/**
 * Progress of an exploration: on a terminal, one line redrawn in place (runs,
 * runs/s, failures, distinct interleavings, ETA); otherwise one summary line
 * per scenario. Wall-clock time is read here for display only — never by a run.
 */
import type { ExploreProgress, ExploreResult } from '../harness/index.js';

const now = (): number => performance.now(); // simloop-allow-nondeterminism: progress display only

export class Progress {
  private readonly started = now();
  private lastDraw = 0;
  private readonly tty = process.stderr.isTTY === true;

  constructor(private readonly label: string) {}

  update(p: ExploreProgress): void {
    if (!this.tty) return;
    const t = now();
    if (t - this.lastDraw < 100 && p.runs !== p.total) return;
    this.lastDraw = t;
    const rate = p.runs / Math.max(1e-3, (t - this.started) / 1000);
    const eta = p.total > p.runs ? `, ETA ${((p.total - p.runs) / rate).toFixed(1)}s` : '';
    process.stderr.write(`\r\x1b[K${this.label}: ${p.runs}/${p.total} runs, ${Math.round(rate)}/s, ${p.failures} failed, ${p.distinct} distinct${eta}`);
  }

  done(result: ExploreResult): void {
    const seconds = (now() - this.started) / 1000;
    if (this.tty) process.stderr.write('\r\x1b[K');
    const verdict = result.failures.length > 0 ? `✗ ${result.failures.length} failure${result.failures.length === 1 ? '' : 's'}` : '✓ no failure';
    const coverage = result.complete ? ', space covered completely' : '';
    console.log(
      `${this.label}: ${verdict} in ${result.runs} runs (${result.strategy}), ${result.distinct} distinct interleavings${coverage}, ${seconds.toFixed(1)}s`,
    );
  }
}
