/** Progress: a bar redrawn in place on a terminal, plain lines otherwise; never colour without a terminal. */
import { describe, expect, it } from 'vitest';
import { formatSeconds, Progress, progressLine } from './progress.js';

function stream(isTTY: boolean): { isTTY: boolean; written: string[]; write(text: string): void } {
  return { isTTY, written: [], write(text: string) { this.written.push(text); } };
}

describe('progress', () => {
  it('says runs, runs/s, failures, distinct interleavings and ETA', () => {
    expect(progressLine({ runs: 250, total: 1000, failures: 1, distinct: 240 }, 100)).toBe('250/1000 runs · 100 runs/s · 1 failure · 240 distinct · ETA 7.5s');
    expect(progressLine({ runs: 0, total: 10, failures: 0, distinct: 0 }, null)).toBe('0/10 runs · … runs/s · 0 failures · 0 distinct');
    expect(formatSeconds(125)).toBe('2m05s');
    expect(formatSeconds(7300)).toBe('2h01m');
  });

  it('draws a bar in place on a terminal and clears it at the end', () => {
    const tty = stream(true);
    const progress = new Progress(tty);
    progress.update({ runs: 0, total: 100, failures: 0, distinct: 0 });
    progress.update({ runs: 50, total: 100, failures: 0, distinct: 7 });
    progress.done();
    expect(tty.written[0]).toMatch(/^\r\x1b\[K.*█{12}░{12}.* 50\/100 runs · \d+ runs\/s · 0 failures · 7 distinct/);
    expect(tty.written.at(-1)).toBe('\r\x1b[K');
  });

  it('writes plain lines, without escapes, when not on a terminal', () => {
    const pipe = stream(false);
    const progress = new Progress(pipe, 0);
    progress.update({ runs: 0, total: 100, failures: 0, distinct: 0 });
    progress.update({ runs: 50, total: 100, failures: 2, distinct: 7 });
    progress.done();
    expect(pipe.written).toHaveLength(1);
    expect(pipe.written[0]).toMatch(/^explore: 50\/100 runs · (\d+|…) runs\/s · 2 failures · 7 distinct( · ETA .*)?\n$/);
    expect(pipe.written.join('')).not.toContain('\x1b');
  });
});
