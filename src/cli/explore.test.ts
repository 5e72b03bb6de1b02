/**
 * simloop explore at scale, as a user runs it (the built dist/): the same
 * results whatever the number of worker threads, shards merged equal to one
 * run, worker crashes reported with their seed, the failure corpus, and every
 * bad input as one line with exit code 2. Small seed counts: each spawn
 * starts worker threads that load the scenario files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RARE = 'src/cli/fixtures/rare-order.ts';
const TMP = mkdtempSync(join(tmpdir(), 'simloop-explore-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

function simloop(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync('node', ['dist/cli/main.js', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A result file without its timing: the one part allowed to differ. */
function results(file: string): string {
  const report = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  delete report['timing'];
  return JSON.stringify(report, null, 2);
}

// portfolio mixes random and pct per seed; --check-determinism puts every run's trace hash in the log;
// --max-failures 3 makes the stop rule cut in the middle of the seeds.
const EXPLORATION = ['explore', RARE, '--seeds', '160', '--strategy', 'portfolio', '--max-failures', '3', '--check-determinism'];

describe('explore on worker threads', () => {
  it('gives byte-equal results on 1, 2 and 3 workers: runs, failures, shrunk schedules, trace hashes', () => {
    const outputs = [1, 2, 3].map((n) => {
      const json = join(TMP, `workers-${n}.json`);
      const run = simloop(...EXPLORATION, '--workers', String(n), '--json', json);
      expect(run.code).toBe(1);
      return { json: results(json), run };
    });
    expect(outputs[1]!.json).toBe(outputs[0]!.json);
    expect(outputs[2]!.json).toBe(outputs[0]!.json);
    const report = JSON.parse(outputs[0]!.json) as { scenarios: { scenario: string; runs: number; failures: { seed: number; strategy: string }[]; log: string[] }[] };
    const rare = report.scenarios.find((s) => s.scenario === 'rare-order')!;
    // The exploration really found several failures, under more than one strategy, and stopped at the third.
    expect(rare.failures).toHaveLength(3);
    expect(rare.runs).toBe(rare.failures[2]!.seed + 1);
    expect(rare.log.every((line) => /^\d+ [0-9a-f]{8} \S+$/.test(line))).toBe(true); // seed, interleaving, trace hash
    expect(report.scenarios.find((s) => s.scenario === 'steady')!.runs).toBe(160);
    expect(new Set(rare.failures.map((f) => f.strategy)).size).toBeGreaterThan(1);
    // Each failure ends with the replay line, and that line reproduces it.
    const line = /replay: npx simloop (replay .*)/.exec(outputs[0]!.run.stdout)![1]!;
    expect(simloop(...line.split(' ')).stdout).toContain('✗ Error: rare order');
  });

  it('N shards merged equal one unsharded run', () => {
    const whole = join(TMP, 'workers-1.json'); // the unsharded run of the test above
    const shards = [0, 1, 2].map((i) => join(TMP, `shard-${i}.json`));
    shards.forEach((file, i) => simloop(...EXPLORATION, '--shard', `${i}/3`, '--workers', '1', '--json', file));
    // Each shard alone ran only its own seeds (s mod 3 = i).
    for (const [i, file] of shards.entries()) {
      const report = JSON.parse(readFileSync(file, 'utf8')) as { scenarios: { log: string[] }[] };
      const owners = report.scenarios[1]!.log.map((l) => Number(l.split(' ')[0]) % 3);
      expect(owners.length).toBeGreaterThan(50);
      expect(owners.every((owner) => owner === i)).toBe(true);
    }
    const merged = join(TMP, 'merged.json');
    const merge = simloop('merge', ...shards, '--json', merged);
    expect(merge.code).toBe(1);
    expect(merge.stdout).toContain('✗ scenario "rare-order" failed with seed');
    expect(results(merged)).toBe(results(whole));
  });

  it('merge refuses a missing or repeated shard', () => {
    const shards = [0, 1, 2].map((i) => join(TMP, `shard-${i}.json`));
    expect(simloop('merge', shards[0]!, shards[2]!).stderr.trim()).toBe(
      'simloop: missing shard 1/3: the results cover 2 of 3 shards; run the missing ones or pass their files',
    );
    expect(simloop('merge', shards[0]!, shards[0]!, shards[1]!).code).toBe(2);
  });

  it('reports a worker that crashed with its seed, and goes on', () => {
    const json = join(TMP, 'crashes.json');
    const { code, stdout } = simloop('explore', 'src/cli/fixtures/crashes.ts', '--seeds', '14', '--max-failures', '5', '--workers', '2', '--json', json);
    expect(code).toBe(1);
    expect(stdout).toContain('✗ scenario "crashes" crashed its worker with seed 7 (strategy random)');
    expect(stdout).toContain('the worker thread died running seed 7: the worker thread exited with code 3 (process.exit(3)?)');
    expect(stdout).toContain('replay: npx simloop replay src/cli/fixtures/crashes.ts --scenario crashes --seed 7 --strategy random');
    expect(stdout).toContain('the worker thread died running seed 11: Error: thrown from a real timer');
    const report = JSON.parse(readFileSync(json, 'utf8')) as { scenarios: { runs: number; failures: { seed: number }[] }[] };
    expect(report.scenarios[0]!.runs).toBe(14); // every other seed still ran
    expect(report.scenarios[0]!.failures.map((f) => f.seed)).toEqual([7, 11]);
  });

  it("a pct crash's replay line carries the k the workers used, so replaying it by seed runs the same strategy", () => {
    const { code, stdout } = simloop('explore', 'src/cli/fixtures/crashes.ts', '--seeds', '10', '--max-failures', '5', '--workers', '1', '--strategy', 'pct');
    expect(code).toBe(1);
    expect(stdout).toMatch(/crashed its worker with seed 7 \(strategy pct --depth 3 --steps \d+\)/);
    expect(stdout).toMatch(/replay: npx simloop replay src\/cli\/fixtures\/crashes.ts --scenario crashes --seed 7 --strategy pct --depth 3 --steps \d+/);
  });

  it('--time-budget is a per-run budget of virtual seconds, --max-steps of steps', () => {
    const timed = simloop('explore', RARE, '--scenario', 'steady', '--seeds', '3', '--workers', '1', '--time-budget', '2');
    expect(timed.code).toBe(1);
    expect(timed.stdout).toContain('TimeBudgetError: virtual-time budget exhausted: the next timer is due at t=3, past maxTime=2');
    expect(simloop('explore', RARE, '--scenario', 'steady', '--seeds', '3', '--workers', '1', '--time-budget', '3').code).toBe(0);
  });

  it('--save-failures keeps each failure, and the next explore re-runs them first', () => {
    const dir = join(TMP, 'corpus');
    const first = simloop('explore', 'src/cli/fixtures/use-before-init.ts', '--seeds', '20', '--workers', '1', '--save-failures', dir);
    expect(first.stdout).toContain(`saved 1 new failure to ${dir}`);
    const [name] = readdirSync(dir);
    const entry = JSON.parse(readFileSync(join(dir, name!), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(entry)).toEqual(['format', 'file', 'scenario', 'seed', 'strategy', 'schedule', 'message', 'budgets', 'replay']);
    const again = simloop('explore', 'src/cli/fixtures/use-before-init.ts', '--seeds', '20', '--workers', '1', '--save-failures', dir);
    expect(again.stdout).toContain(`corpus ${dir}: re-running 1 saved failure first\n  ✗ still fails: use-before-init`);
    expect(again.stdout).toContain('(1 already there)');
    expect(readdirSync(dir)).toHaveLength(1); // found again: the same file, not a second one
  });
});

describe('bad input: one line naming the problem and the fix, exit code 2', () => {
  const cases: [string, string[]][] = [
    ['missing file', ['explore', 'no/such/file.ts']],
    ['module exporting no scenario', ['explore', 'src/cli/fixtures/exports-nothing.ts']],
    ['scenario throwing while loading', ['explore', 'src/cli/fixtures/throws-on-load.ts']],
    ['unknown strategy', ['explore', RARE, '--strategy', 'lifo']],
    ['empty seed range', ['explore', RARE, '--seeds', '10..5']],
    ['shard out of range', ['explore', RARE, '--shard', '3/2']],
    ['no workers', ['explore', RARE, '--workers', '0']],
    ['dfs sharded', ['explore', RARE, '--strategy', 'dfs', '--shard', '0/2']],
    ['a flag of another command', ['explore', RARE, '--schedule', '0:1']],
    ['unknown flag', ['explore', RARE, '--frobnicate']],
    ['merge of a file that is not a result', ['merge', 'package.json']],
  ];
  const seen = new Map<string, { code: number | null; stderr: string }>();
  for (const [what, args] of cases) seen.set(what, simloop(...args));

  it.each(cases.map(([what]) => what))('%s', (what) => {
    const { code, stderr } = seen.get(what)!;
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('says what is wrong and how to fix it', () => {
    const lines = Object.fromEntries([...seen].map(([what, r]) => [what, r.stderr.trim().replace(ROOT.replace(/\/$/, ''), '<repo>').replace(/all \d+ cores/, 'all <N> cores')]));
    expect(lines).toMatchInlineSnapshot(`
      {
        "a flag of another command": "simloop: explore does not take --schedule (see simloop explore --help)",
        "dfs sharded": "simloop: --strategy dfs cannot be sharded: its runs walk one tree, each depending on the last; shard random, pct or portfolio instead",
        "empty seed range": "simloop: --seeds 10..5: the range is empty (10 > 5); write --seeds 5..10",
        "merge of a file that is not a result": "simloop: package.json is not a simloop explore result (expected "format": "simloop-explore/1"): pass files written by simloop explore --json",
        "missing file": "simloop: no such file or directory: no/such/file.ts (check the path; it is read relative to <repo>)",
        "module exporting no scenario": "simloop: src/cli/fixtures/exports-nothing.ts exports no scenario: export one made with defineScenario(), e.g. export default defineScenario({ name, run })",
        "no workers": "simloop: --workers expected a number of worker threads >= 1, got "0"; omit it to use all <N> cores",
        "scenario throwing while loading": "simloop: cannot load scenario file src/cli/fixtures/throws-on-load.ts: it threw Error: the config file is missing (fix the module; --verbose shows the stack)",
        "shard out of range": "simloop: --shard 3/2: shard 3 does not exist among 2; shards are numbered from 0, so use --shard 0/2 to --shard 1/2",
        "unknown flag": "simloop: unknown option --frobnicate (see simloop explore --help for the options)",
        "unknown strategy": "simloop: --strategy expected one of fifo, random, pct, dfs, portfolio, got "lifo"",
      }
    `);
  });

  it('--verbose adds the stack of what the module threw', () => {
    const { code, stderr } = simloop('explore', 'src/cli/fixtures/throws-on-load.ts', '--verbose');
    expect(code).toBe(2);
    expect(stderr).toContain('Error: the config file is missing');
    expect(stderr).toMatch(/\n\s+at .*throws-on-load\.ts/);
  });
});

describe('help, version', () => {
  it.each(['run', 'explore', 'replay', 'merge'])('simloop %s --help describes the command and exits 0', (command) => {
    const { code, stdout } = simloop(command, '--help');
    expect(code).toBe(0);
    expect(stdout.startsWith(`simloop ${command} `)).toBe(true);
    expect(stdout).toContain('Exit codes: 0 all passed, 1 a failure was found, 2 bad usage');
  });

  it('simloop help <command> is <command> --help', () => {
    expect(simloop('help', 'merge').stdout).toBe(simloop('merge', '--help').stdout);
  });

  it('explore --help lists every flag of the issue', () => {
    const { stdout } = simloop('explore', '--help');
    for (const flag of ['--seeds', '--strategy', '--workers', '--shard', '--max-steps', '--time-budget', '--json', '--save-failures']) expect(stdout).toContain(flag);
    for (const strategy of ['fifo', 'random', 'pct', 'dfs', 'portfolio']) expect(stdout).toContain(strategy);
  });

  it('--version prints the package version; no colour escapes when NO_COLOR is set or output is not a terminal', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(simloop('--version').stdout.trim()).toBe(pkg.version);
    const run = simloop('explore', 'src/cli/fixtures/use-before-init.ts', '--seeds', '5', '--workers', '1');
    expect(run.stdout + run.stderr).not.toContain('\x1b[');
  });
});
