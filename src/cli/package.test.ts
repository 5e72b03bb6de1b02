/**
 * Packaging, as a new user meets it: `npm pack` gives a tarball (of the built
 * dist/: npm test builds first) that installs into a fresh empty project —
 * offline, from npm's cache, which the repository's own install filled —
 * where `import { TaskScheduler, explore } from 'simloop'` type-checks and
 * `npx simloop` runs and explores a scenario file of that project.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TMP = mkdtempSync(join(tmpdir(), 'simloop-pack-'));
const PROJECT = join(TMP, 'project');
const npm = (args: string[], cwd: string): string => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
let tarball = '';

beforeAll(() => {
  // --ignore-scripts: dist/ is already built; `prepare` would build it again.
  const packed = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', TMP], ROOT)) as { filename: string; files: { path: string }[] }[];
  tarball = join(TMP, packed[0]!.filename);
  files = packed[0]!.files.map((f) => f.path);
  mkdirSync(PROJECT);
  writeFileSync(join(PROJECT, 'package.json'), JSON.stringify({ name: 'fresh-project', private: true, type: 'module' }));
  try {
    npm(['install', '--offline', '--no-audit', '--no-fund', tarball], PROJECT);
  } catch {
    // A cache without every dependency: the registry fills the gaps.
    npm(['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], PROJECT);
  }
}, 180_000);
afterAll(() => rmSync(TMP, { recursive: true, force: true }));
let files: string[] = [];

function npx(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync('npx', ['--no-install', 'simloop', ...args], { cwd: PROJECT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('npm pack', () => {
  it('ships dist (code, types, the worker thread) and the README, and nothing from src, tests or scratch', () => {
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'dist/harness/explore-worker.js', 'dist/harness/vitest.js']));
    expect(files.filter((f) => !f.startsWith('dist/') && !['package.json', 'README.md'].includes(f))).toEqual([]);
    expect(files.filter((f) => /\.test\.|fixtures\//.test(f))).toEqual([]);
  });

  it('installs into a fresh project where the imports type-check', () => {
    expect(readdirSync(join(PROJECT, 'node_modules'))).toContain('simloop');
    writeFileSync(
      join(PROJECT, 'check.ts'),
      `import { TaskScheduler, explore, defineScenario, type ExploreResult } from 'simloop';
import { run, sleep } from 'simloop/aio';
const s: TaskScheduler = new TaskScheduler({ trace: 'hash' });
s.addTask((function* () { yield 1; })());
s.run();
const scenario = defineScenario({ name: 'x', run({ options }) { run((function* () { yield* sleep(1); })(), options); } });
const result: ExploreResult = explore(scenario, { seeds: 3 });
export const runs: number = result.runs + s.steps;
// @ts-expect-error the types are real: a string is not a seed count
explore(scenario, { seeds: 'many' });
`,
    );
    // What \`tsc --init\` sets up (skipLibCheck included); no @types/node.
    writeFileSync(
      join(PROJECT, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', noEmit: true, skipLibCheck: true, types: [] }, files: ['check.ts'] }),
    );
    const tsc = spawnSync('node', [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', PROJECT], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });

  it('npx simloop --help, run and explore work on a scenario file of the project', () => {
    expect(npx('--help').stdout).toContain('simloop explore <file|dir>...');
    writeFileSync(
      join(PROJECT, 'counter.ts'),
      `import { defineScenario, run, createTask, sleep } from 'simloop';
export default defineScenario({
  name: 'counter',
  run({ print, options }) {
    let hits = 0;
    run((function* () {
      const bump = function* () { const seen = hits; yield* sleep(0); hits = seen + 1; };
      const a = createTask(bump(), { name: 'a' });
      yield* a;
      yield* createTask(bump(), { name: 'b' });
    })(), options);
    print('hits', hits);
  },
});
`,
    );
    const ran = npx('run', 'counter.ts');
    expect(ran.stdout).toContain('hits 2');
    expect(ran.code).toBe(0);
    const explored = npx('explore', 'counter.ts', '--seeds', '20', '--workers', '2');
    expect(explored.stdout).toMatch(/counter\.ts · counter +20 +\d+ +0 +✓ passed/);
    expect(explored.code).toBe(0);
  });
});
