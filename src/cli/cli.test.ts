/**
 * The simloop command as a user runs it (the built dist/: npm test builds
 * first): output, failure reports that end with the replay line, and exit codes.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = 'src/cli/fixtures/use-before-init.ts';

function simloop(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync('node', ['dist/cli/main.js', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('simloop', () => {
  it('run prints every seed example and exits 0', () => {
    const { code, stdout } = simloop('run', 'scenarios/seed/06-task-scheduler.ts', 'scenarios/seed/14-say-after-concurrent.ts');
    expect(code).toBe(0);
    expect(stdout).toContain('6 odd_till - 5');
    expect(stdout).toContain('finished at 2');
    expect(stdout).toContain('2 scenarios: 2 passed, 0 failed');
  });

  it('explore finds the bug, prints it as its reproduction and exits 1; replay reproduces it', () => {
    const found = simloop('explore', FIXTURE, '--seeds', '50');
    expect(found.code).toBe(1);
    expect(found.stdout).toContain('ran user instead of init');
    const line = /replay: npx simloop (replay .*)/.exec(found.stdout)![1]!;
    const replayed = simloop(...line.split(' '));
    expect(replayed.code).toBe(1);
    expect(replayed.stdout).toContain('✗ Error: used before init: x=0');
  });

  it('dfs covers the space and says so', () => {
    const { stdout } = simloop('explore', FIXTURE, '--strategy', 'dfs', '--max-failures', '10');
    expect(stdout).toMatch(/use-before-init +4 +4 +2 +✗ failed, space covered completely/);
  });

  it.each([
    [['explore', FIXTURE, '--seeds', '10..5'], '--seeds 10..5: the range is empty (10 > 5); write --seeds 5..10'],
    [['explore', FIXTURE, '--strategy', 'lifo'], '--strategy expected one of fifo, random, pct, dfs, portfolio, got "lifo"'],
    [['explore', 'no/such/dir'], 'no such file or directory: no/such/dir'],
    [['replay', FIXTURE, '--scenario', 'use-before-init'], 'replay expected --seed N or --schedule STR'],
    [['replay', FIXTURE, '--scenario', 'use-before-init', '--schedule', '1-2'], 'bad schedule entry "1-2"'],
    [['frobnicate'], 'unknown command "frobnicate"'],
  ])('bad usage %j: one line naming the problem, exit 2', (args, message) => {
    const { code, stderr } = simloop(...args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--help and --version exit 0', () => {
    expect(simloop('--help').stdout).toContain('simloop explore');
    expect(simloop('--version').stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
