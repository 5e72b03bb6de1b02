/**
 * Run a small asyncio program on real CPython, on the virtual-clock loop of
 * vloop.py, and get its printed lines — the reference an ordering test
 * compares simloop with. The program gets `run`, `fmt_time` and a `say(text)`
 * helper that prints `t=<time> task=<name> <text>`, the format of simloop's
 * `log()` lines.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));

export const hasPython = spawnSync('python3', ['--version']).status === 0;

const PRELUDE = `
import asyncio, sys
from vloop import run, fmt_time, Deadlock
def say(*values):
    task = asyncio.current_task()
    name = task.get_name() if task else '-'
    print(f"t={fmt_time(asyncio.get_running_loop().time())} task={name} {' '.join(str(v) for v in values)}")
`;

/** Runs `program` (Python source, dedented) after the prelude; returns stdout lines. */
export function cpython(program: string): string[] {
  const source = PRELUDE + dedent(program);
  const run = spawnSync('python3', ['-c', source], { cwd: HERE, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`python3 failed (${run.status}):\n${run.stderr}\n--- program ---\n${source}`);
  return run.stdout.split('\n').filter((line) => line !== '');
}

export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join('\n');
}
