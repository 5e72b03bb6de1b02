/**
 * Progress of an exploration, on stderr: on a terminal, one bar redrawn in
 * place at most ten times a second (runs, runs/s, failures, distinct
 * interleavings, ETA); otherwise a plain line every few seconds, so a CI log
 * shows the run is alive without filling up. Wall-clock time is read here for
 * display only — never by a run.
 */
import type { ParallelProgress } from '../harness/index.js';
import { colorsEnabled, paint } from './color.js';

const now = (): number => performance.now(); // simloop-allow-nondeterminism: progress display only

export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `rate`: runs per second, or null before there is one. */
export function progressLine(p: ParallelProgress, rate: number | null): string {
  const eta = p.total > p.runs && rate !== null && rate > 0 ? ` · ETA ${formatSeconds((p.total - p.runs) / rate)}` : '';
  return `${p.runs}/${p.total} runs · ${rate === null ? '…' : Math.round(rate)} runs/s · ${plural(p.failures, 'failure')} · ${p.distinct} distinct${eta}`;
}

export function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(Math.round(s - m * 60)).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export class Progress {
  private readonly started = now();
  private last = 0;
  private drawn = false;
  /** When the first runs came back: the rate is measured from there, past the threads' start-up. */
  private first: { at: number; runs: number } | null = null;
  private readonly tty: boolean;
  private readonly paint;

  constructor(
    private readonly stream: ProgressStream = process.stderr,
    /** Seconds between plain lines when not on a terminal. */
    private readonly every = 5,
  ) {
    this.tty = stream.isTTY === true;
    this.paint = paint(colorsEnabled(stream));
  }

  get seconds(): number {
    return (now() - this.started) / 1000;
  }

  update(p: ParallelProgress): void {
    const t = now();
    if (this.first === null) {
      this.first = { at: t, runs: p.runs };
      return;
    }
    const rate = t > this.first.at ? ((p.runs - this.first.runs) * 1000) / (t - this.first.at) : null;
    if (this.tty) {
      if (t - this.last < 100 && p.runs !== p.total) return;
      this.last = t;
      const width = 24;
      const filled = p.total === 0 ? width : Math.round((width * p.runs) / p.total);
      const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
      const line = progressLine(p, rate);
      this.stream.write(`\r\x1b[K${p.failures > 0 ? this.paint.red(bar) : this.paint.green(bar)} ${line}`);
      this.drawn = true;
    } else if (t - this.started >= this.every * 1000 && t - this.last >= this.every * 1000) {
      this.last = t;
      this.stream.write(`explore: ${progressLine(p, rate)}\n`);
    }
  }

  /** Clears the bar before the report is printed. */
  done(): void {
    if (this.tty && this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}
