/**
 * Goldens for the seed scenarios: the expected output of each scenario is
 * produced by running the seed's own Python code (kept beside it as
 * `<name>.py`) with python3, never written by hand.
 *
 * A golden file holds the output lines; when the program raised, its last
 * line is `raised <last line of the traceback>` (e.g. `raised StopIteration`).
 * Memory addresses (`at 0x7f...`) are normalised to `at 0x…`. An output too
 * large to commit (the counter from 10^6) is stored as a digest line:
 * `#digest lines=<n> sha256=<hex of the lines joined by \n>`.
 *
 * Regenerate every golden: `npx tsx scenarios/golden.ts` (needs python3).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SEED_DIR = join(dirname(fileURLToPath(import.meta.url)), 'seed');
const DIGEST_ABOVE_LINES = 2000;

export function hasPython(): boolean {
  return spawnSync('python3', ['--version']).status === 0;
}

/** Runs a seed Python program and returns its normalised output lines. */
export function pythonOutput(pyFile: string): string[] {
  // stdout goes to a file: a million lines through a pipe take ten times longer here.
  const dir = mkdtempSync(join(tmpdir(), 'simloop-golden-'));
  const outFile = join(dir, 'stdout');
  const fd = openSync(outFile, 'w');
  let run;
  try {
    run = spawnSync('python3', [pyFile], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
  } finally {
    closeSync(fd);
  }
  const stdout = readFileSync(outFile, 'utf8');
  rmSync(dir, { recursive: true, force: true });
  if (run.error) throw run.error;
  const lines = normalise(stdout);
  if (run.status !== 0) {
    const stderr = run.stderr.trimEnd().split('\n');
    lines.push(`raised ${stderr[stderr.length - 1]}`);
  }
  return lines;
}

export function normalise(text: string): string[] {
  const lines = text.replace(/ at 0x[0-9a-fA-F]+/g, ' at 0x…').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The golden form of some output: the lines themselves, or a digest when large. */
export function goldenText(lines: readonly string[]): string {
  if (lines.length <= DIGEST_ABOVE_LINES) return lines.join('\n') + '\n';
  return `#digest lines=${lines.length} sha256=${createHash('sha256').update(lines.join('\n')).digest('hex')}\n`;
}

export function goldenPath(scenarioFile: string): string {
  return scenarioFile.replace(/\.(ts|py)$/, '.out');
}

export function readGolden(scenarioFile: string): string {
  return readFileSync(goldenPath(scenarioFile), 'utf8');
}

/** The seed examples: every `<name>.py` beside a `<name>.ts`. */
export function seedExamples(): { name: string; ts: string; py: string }[] {
  return readdirSync(SEED_DIR)
    .filter((f) => f.endsWith('.py'))
    .sort()
    .map((f) => ({ name: basename(f, '.py'), ts: join(SEED_DIR, f.replace(/\.py$/, '.ts')), py: join(SEED_DIR, f) }))
    .filter((e) => existsSync(e.ts));
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const example of seedExamples()) {
    writeFileSync(goldenPath(example.py), goldenText(pythonOutput(example.py)));
    console.log(`wrote ${basename(goldenPath(example.py))}`);
  }
}
