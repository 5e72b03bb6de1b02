/**
 * oracle.ts -- asking CPython (run_program.py) for reference traces, and
 * comparing them with simloop's: a batch call (one process, a JSON array in,
 * one JSON line out, through a file so large outputs are fine), a long-lived
 * `--lines` process for shrinking, and the mismatch report.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PythonOracle, hasPython } from '../laws/python.js';
import type { Program } from './language.js';

export { hasPython };

export const RUN_PROGRAM = fileURLToPath(new URL('./run_program.py', import.meta.url));

/** CPython's traces for `programs`, in order (one python3 process). */
export function cpythonTraces(programs: readonly Program[]): string[][] {
  const dir = mkdtempSync(join(tmpdir(), 'aio-ref-'));
  const outPath = join(dir, 'traces.json');
  const out = openSync(outPath, 'w');
  try {
    const r = spawnSync('python3', [RUN_PROGRAM], { input: JSON.stringify(programs), stdio: ['pipe', out, 'pipe'], maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`run_program.py exited ${r.status}: ${r.stderr?.toString() ?? r.error}`);
    return JSON.parse(readFileSync(outPath, 'utf8')) as string[][];
  } finally {
    closeSync(out);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One python3 process answering one program per line (run_program.py --lines). */
export class LineOracle {
  private readonly oracle = new PythonOracle(RUN_PROGRAM, ['--lines']);

  async trace(program: Program): Promise<string[]> {
    const answer = await this.oracle.ask(program);
    if (!Array.isArray(answer)) throw new Error(`run_program.py --lines answered ${JSON.stringify(answer)}`);
    return answer as string[];
  }

  close(): void {
    this.oracle.close();
  }
}

/** null if the traces are equal, else a report: the program, the first differing line, both traces. */
export function mismatch(program: Program, ours: readonly string[], theirs: readonly string[]): string | null {
  let i = 0;
  while (i < ours.length && i < theirs.length && ours[i] === theirs[i]) i++;
  if (i === ours.length && i === theirs.length) return null;
  const show = (lines: readonly string[]) => lines.map((l, k) => `${k === i ? '>' : ' '} ${l}`).join('\n');
  return [
    `simloop and CPython differ at line ${i + 1}:`,
    `  simloop: ${ours[i] ?? '(end of trace)'}`,
    `  cpython: ${theirs[i] ?? '(end of trace)'}`,
    `program: ${JSON.stringify(program)}`,
    `simloop trace:\n${show(ours)}`,
    `cpython trace:\n${show(theirs)}`,
  ].join('\n');
}
