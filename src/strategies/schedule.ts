/**
 * Schedules: what a run chose, as data.
 *
 * A run makes a sequence of choices (only where more than one candidate
 * exists); its schedule is the list of indices picked, where 0 is what FIFO
 * would have picked. Read as a tape: an index past the end of the tape is 0,
 * so `[]` is the faithful FIFO run and a failing schedule shrinks towards it.
 *
 * Text form: `fifo` for the empty tape, else the non-zero positions as
 * `<choice>:<index>` joined by commas — `3:1,7:2` means "at the 4th choice
 * take candidate 1, at the 8th candidate 2, FIFO everywhere else".
 */
import type { Choice, Strategy } from '../kernel/index.js';

export type Tape = readonly number[];

export function formatSchedule(tape: Tape): string {
  const parts: string[] = [];
  tape.forEach((index, at) => index !== 0 && parts.push(`${at}:${index}`));
  return parts.length === 0 ? 'fifo' : parts.join(',');
}

export function parseSchedule(text: string): number[] {
  if (typeof text !== 'string') throw new TypeError(`a schedule is a string like "3:1,7:2" or "fifo", got ${typeof text}`);
  const trimmed = text.trim();
  if (trimmed === 'fifo' || trimmed === '') return [];
  const tape: number[] = [];
  for (const part of trimmed.split(',')) {
    const m = /^(\d+):(\d+)$/.exec(part.trim());
    if (m === null) throw new SyntaxError(`bad schedule entry "${part}" in "${text}": expected <choice>:<index>, e.g. "3:1,7:2"`);
    const at = Number(m[1]);
    const index = Number(m[2]);
    while (tape.length < at) tape.push(0);
    if (tape.length > at) throw new SyntaxError(`schedule "${text}" lists choice ${at} twice or out of order`);
    tape.push(index);
  }
  return tape;
}

/**
 * The step a decision belongs to. The kernel asks its 'ready' choice before
 * the step it decides, so `choice.step` (steps run so far) is one short; a
 * layer's own choice (which waiter a Lock wakes, ...) is made inside the step
 * that is running, already counted.
 */
export function stepOf(choice: Choice): number {
  return choice.kind === 'ready' ? choice.step + 1 : choice.step;
}

/** One recorded choice: which candidate ran, which FIFO would have run, and where. */
export interface Decision {
  /** 'ready' (the kernel: which entry runs next) or a layer's kind ('lock-waiter', ...). */
  readonly kind: string;
  readonly index: number;
  readonly count: number;
  /** The step it decided (ready) or was made in (a layer's choice): see stepOf. */
  readonly step: number;
  readonly time: number;
  /** Names of the chosen and of the FIFO candidate (equal when index is 0). */
  readonly chose: string;
  readonly fifo: string;
}

/**
 * Wraps a strategy and writes down every decision: the tape (for replay and
 * shrinking), the number of candidates of each choice (for dfs), the
 * decisions with names (for reports, on request); its hash counts distinct
 * interleavings (a run is a function of its tape).
 */
const NO_DECISIONS: readonly Decision[] = Object.freeze([]);

export class Recorder implements Strategy {
  readonly name: string;
  readonly tape: number[] = [];
  /** How many candidates each choice had (empty unless kept: only dfs needs them). */
  readonly counts: number[] = [];
  private readonly detailed: Decision[] | null;
  private readonly keepCounts: boolean;

  constructor(
    private readonly inner: Strategy,
    keepDecisions = false,
    keepCounts = true,
  ) {
    this.name = inner.name;
    this.detailed = keepDecisions ? [] : null;
    this.keepCounts = keepCounts;
  }

  choose(choice: Choice): number {
    const index = this.inner.choose(choice);
    this.tape.push(index);
    if (this.keepCounts) this.counts.push(choice.count);
    if (this.detailed !== null) {
      const owner = choice.owner(index);
      this.detailed.push({
        kind: choice.kind,
        index,
        count: choice.count,
        step: stepOf(choice),
        time: choice.time,
        chose: owner?.name ?? '-',
        fifo: choice.owner(0)?.name ?? '-',
      });
    }
    return index;
  }

  /** The decisions, with names; only when built with keepDecisions. */
  get decisions(): readonly Decision[] {
    return this.detailed ?? NO_DECISIONS;
  }

  /**
   * Identifies the interleaving (equal tapes, equal runs): FNV-1a over the
   * tape, then its length. Computed when asked (once per run), not per choice.
   */
  get interleaving(): number {
    const tape = this.tape;
    let h = 0x811c9dc5;
    for (let i = 0; i < tape.length; i++) h = Math.imul(h ^ tape[i]!, 16777619);
    return (h ^ tape.length) >>> 0;
  }
}
