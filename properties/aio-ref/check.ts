/**
 * check.ts -- the differential check shared by aio-differential.test.ts and
 * the differential.ts script: sample programs from a seed, ask CPython for
 * all their traces in one batch, run each on simloop, compare line for line;
 * on a mismatch, shrink it with fc.assert (one python3 --lines process), and
 * count what the programs exercised.
 */
import fc from 'fast-check';
import { runProgram } from './interpreter.js';
import type { Program } from './language.js';
import { LineOracle, cpythonTraces, mismatch } from './oracle.js';
import { programs } from './programs.js';

export interface Mismatch {
  readonly index: number;
  readonly report: string;
}

/** simloop's trace, or the crash of the interpreter itself as a one-line trace. */
export function simloopTrace(program: Program): string[] {
  try {
    return runProgram(program);
  } catch (e) {
    return [`t=0 task=- interpreter-crash ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`];
  }
}

/** Programs `from` .. `from + count - 1` of the sample for `seed` (the same programs every time). */
export function samplePrograms(seed: number, count: number, from = 0): Program[] {
  return fc.sample(programs, { seed, numRuns: from + count }).slice(from);
}

/** Compares one batch; returns the mismatches (index within the batch) and CPython's traces. */
export function compareBatch(batch: readonly Program[]): { mismatches: Mismatch[]; traces: string[][] } {
  const traces = cpythonTraces(batch);
  const mismatches: Mismatch[] = [];
  batch.forEach((program, index) => {
    const report = mismatch(program, simloopTrace(program), traces[index]!);
    if (report !== null) mismatches.push({ index, report });
  });
  return { mismatches, traces };
}

/**
 * Replays the sample of `seed` with fc.assert (same seed, same programs) up to
 * `numRuns`, asking CPython per program, so fast-check shrinks the first
 * mismatch. Returns the shrunk report, or null if no mismatch came up.
 */
export async function shrink(seed: number, numRuns: number): Promise<string | null> {
  const oracle = new LineOracle();
  let last: string | null = null;
  try {
    await fc.assert(
      fc.asyncProperty(programs, async (program) => {
        const report = mismatch(program, simloopTrace(program), await oracle.trace(program));
        if (report !== null) last = report;
        return report === null;
      }),
      { seed, numRuns, endOnFailure: false },
    );
    return null;
  } catch (e) {
    return `${last ?? ''}\n\nfast-check: ${e instanceof Error ? e.message.split('\n').slice(0, 3).join('\n') : String(e)}`;
  } finally {
    oracle.close();
  }
}

// ---------------------------------------------------------------- what the programs exercised

const FEATURES: readonly [string, (trace: readonly string[], program: Program) => boolean][] = [
  ['exit result', (t) => /exit result/.test(t.at(-1)!)],
  ['exit raised', (t) => /exit raised/.test(t.at(-1)!)],
  ['exit cancelled', (t) => /exit cancelled/.test(t.at(-1)!)],
  ['deadlock', (t) => / deadlock \[/.test(t.at(-1)!)],
  ['budget (any)', (t) => / budget /.test(t.at(-1)!)],
  ['budget iterations', (t) => / budget iterations$/.test(t.at(-1)!)],
  ['budget statements', (t) => / budget statements$/.test(t.at(-1)!)],
  ['budget depth', (t) => / budget depth$/.test(t.at(-1)!)],
  ['invalid / internal-error', (t) => t.some((l) => / (invalid|internal-error) /.test(l))],
  ['>= 2 tasks print or finish', (t) => new Set(t.map((l) => /task=(\S+)/.exec(l)![1]).filter((n) => n !== '-')).size >= 2],
  ['>= 3 tasks print or finish', (t) => new Set(t.map((l) => /task=(\S+)/.exec(l)![1]).filter((n) => n !== '-')).size >= 3],
  ['implicit Task-N prints', (t) => t.some((l) => /task=Task-\d+ print/.test(l))],
  ['clock moved', (t) => t.some((l) => !l.startsWith('t=0 '))],
  ['fractional time', (t) => t.some((l) => /^t=\d*\.\d/.test(l) || /^t=\d+(\.\d+)?e/.test(l))],
  ['cancel true', (t) => t.some((l) => / cancel \S+ true$/.test(l))],
  ['cancel false', (t) => t.some((l) => / cancel \S+ false$/.test(l))],
  ['task cancelled', (t) => t.some((l) => / cancelled$/.test(l) && !/ exit /.test(l))],
  ['caught cancelled', (t) => t.some((l) => / caught cancelled$/.test(l))],
  ['TimeoutError seen', (t) => t.some((l) => /TimeoutError/.test(l))],
  ['user error seen', (t) => t.some((l) => /(Boom|Oops)/.test(l))],
  ['caught (any)', (t) => t.some((l) => / caught /.test(l))],
  ['task raised', (t) => t.some((l) => / raised /.test(l) && !/ exit /.test(l))],
  ['NameError', (t) => t.some((l) => /NameError/.test(l))],
  ['Lock is not acquired.', (t) => t.some((l) => /Lock is not acquired\./.test(l))],
  ['task_done() too many', (t) => t.some((l) => /task_done\(\) called too many times/.test(l))],
  ['got (await logged)', (t) => t.some((l) => / got /.test(l))],
  ['error inside a value', (t) => t.some((l) => / (got|result) .*\{"error":/.test(l))],
  ['shutdown cancels tasks', (t) => t.some((l) => / shutdown \[.+\]$/.test(l))],
  ['uses wait_for', (_, p) => JSON.stringify(p).includes('"wait_for"')],
  ['uses shield', (_, p) => JSON.stringify(p).includes('"shield"')],
  ['uses gather', (_, p) => JSON.stringify(p).includes('"gather"')],
  ['uses lock', (_, p) => p.locks !== undefined],
  ['uses event', (_, p) => p.events !== undefined],
  ['uses queue', (_, p) => p.queues !== undefined],
];

export class Stats {
  private total = 0;
  private lines = 0;
  private readonly counts = new Map<string, number>();

  add(program: Program, trace: readonly string[]): void {
    this.total++;
    this.lines += trace.length;
    for (const [name, has] of FEATURES) if (has(trace, program)) this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }

  toString(): string {
    const pct = (n: number) => `${((100 * n) / Math.max(1, this.total)).toFixed(1).padStart(5)}%`;
    const rows = FEATURES.map(([name]) => `  ${name.padEnd(28)} ${pct(this.counts.get(name) ?? 0)}`);
    return [`${this.total} programs, ${(this.lines / Math.max(1, this.total)).toFixed(1)} trace lines on average`, ...rows].join('\n');
  }
}
