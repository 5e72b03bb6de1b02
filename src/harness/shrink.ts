/**
 * Shrinking a failing schedule to a minimal one: the fewest deviations from
 * FIFO (non-zero choices) that still fail, then the smallest indices.
 *
 * Greedy delta debugging on the tape: drop runs of deviations (halves, then
 * quarters, … then one at a time), then lower each index; after every
 * success the candidate is replaced by what the run actually chose, so the
 * result is a real schedule, not just a tape that happens to fail.
 */
import type { Tape } from '../strategies/index.js';

/** Runs the scenario on a tape; returns the tape it really followed if it failed, else null. */
export type FailsOn = (tape: Tape) => number[] | null;

export interface ShrinkResult {
  readonly tape: number[];
  readonly runs: number;
}

export function deviations(tape: Tape): number {
  let n = 0;
  for (const index of tape) if (index !== 0) n++;
  return n;
}

function trimmed(tape: Tape): number[] {
  let end = tape.length;
  while (end > 0 && tape[end - 1] === 0) end--;
  return tape.slice(0, end);
}

/** Orders tapes: fewer deviations, then a smaller sum of indices, then shorter, then lexicographically. */
function smaller(a: Tape, b: Tape): boolean {
  const key = (t: Tape): number[] => [deviations(t), t.reduce((x, y) => x + y, 0), t.length];
  const [ka, kb] = [key(a), key(b)];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]!;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

export function shrinkTape(failsOn: FailsOn, failing: Tape, maxRuns = 2000): ShrinkResult {
  const search = shrinking(failing, maxRuns);
  let next = search.next();
  while (!next.done) next = search.next(failsOn(next.value));
  return next.value;
}

/**
 * The search itself, as a generator: it yields each candidate tape and is
 * sent back what the run on it followed if it failed (null if it passed), so
 * that synchronous and asynchronous runs share one algorithm.
 */
export function* shrinking(failing: Tape, maxRuns = 2000): Generator<number[], ShrinkResult, number[] | null> {
  let best = trimmed(failing);
  let runs = 0;
  function* attempt(candidate: number[]): Generator<number[], boolean, number[] | null> {
    if (runs >= maxRuns) return false;
    runs++;
    const followed = yield candidate;
    if (followed === null) return false;
    const real = trimmed(followed);
    if (!smaller(real, best)) return false;
    best = real;
    return true;
  }

  let progress = true;
  while (progress && runs < maxRuns) {
    progress = false;
    // Drop deviations in chunks, largest chunks first.
    const positions = (): number[] => best.flatMap((index, at) => (index !== 0 ? [at] : []));
    for (let chunk = Math.max(1, positions().length >> 1); chunk >= 1; chunk >>= 1) {
      for (let start = 0; start < positions().length; start += chunk) {
        const drop = positions().slice(start, start + chunk);
        const candidate = best.map((index, at) => (drop.includes(at) ? 0 : index));
        if (yield* attempt(candidate)) {
          progress = true;
          start -= chunk; // positions shifted: look again from here
        }
      }
    }
    // Lower each remaining index towards 1.
    for (const at of positions()) {
      for (let lower = 1; lower < (best[at] ?? 0); lower++) {
        const candidate = [...best];
        candidate[at] = lower;
        if (yield* attempt(candidate)) {
          progress = true;
          break;
        }
      }
    }
  }
  return { tape: best, runs };
}
