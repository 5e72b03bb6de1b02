/**
 * `--trace text|json|chrome`, `--out` and `--window` on `simloop run` and
 * `simloop replay`, as a user runs them (the built dist/: npm test builds
 * first), and the flag parsing on its own.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { validateChromeTrace } from '../harness/fixtures/chrome-trace-validator.js';
import { chromeTrace, defineScenario, replay } from '../harness/index.js';
import { TaskScheduler } from '../schedulers/index.js';
import { formatTrace, traceChunks, traceRequest } from './trace-output.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = 'src/cli/fixtures/use-before-init.ts';
const REPLAY = ['replay', FIXTURE, '--scenario', 'use-before-init', '--schedule', '0:1'];
const TMP = mkdtempSync(join(tmpdir(), 'simloop-trace-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

function simloop(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync('node', ['dist/cli/main.js', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

interface RawEvent {
  step: number;
  time: number;
  task: string;
  event: string;
  detail: string;
}

describe('simloop replay --trace', () => {
  it('text: the timeline, with the deviation of the schedule marked', () => {
    const { code, stdout } = simloop(...REPLAY, '--trace', 'text');
    expect(code).toBe(1);
    const lines = stdout.split('\n');
    const header = lines.find((l) => l.includes('step') && l.includes('│'))!;
    expect(header.split('│').slice(1, 4).map((s) => s.trim())).toEqual(['Task-1', 'init', 'user']);
    const marked = lines.filter((l) => l.startsWith('▶'));
    expect(marked).toHaveLength(1);
    expect(marked[0]).toMatch(/⚑ ran user instead of init$/);
    // The timeline comes before the verdict, which still ends the output.
    expect(lines.indexOf(header)).toBeLessThan(lines.findIndex((l) => l.startsWith('✗ Error: used before init')));
  });

  it('json: stdout is the raw events and nothing else; the run goes to stderr', () => {
    const { code, stdout, stderr } = simloop(...REPLAY, '--trace', 'json');
    expect(code).toBe(1);
    const events = JSON.parse(stdout) as RawEvent[];
    expect(events.length).toBeGreaterThan(3);
    for (const e of events) expect(Object.keys(e)).toEqual(['step', 'time', 'task', 'event', 'detail']);
    expect(events[0]).toEqual({ step: 0, time: 0, task: '-', event: 'spawn', detail: 'Task-1' });
    expect(events.some((e) => e.task === 'user' && e.event === 'raised' && e.detail.startsWith('Error: used before init'))).toBe(true);
    expect(stderr).toContain('deviation: at step 2, ran user instead of init');
    // The same events, line for line, as the trace the replay hashes.
    const text = simloop(...REPLAY, '--trace', 'json', '--out', join(TMP, 'same.json'));
    expect(JSON.parse(readFileSync(join(TMP, 'same.json'), 'utf8'))).toEqual(events);
    expect(text.stdout).toContain(`trace (json, ${events.length} events) written to ${join(TMP, 'same.json')}`);
  });

  it('chrome --out: a file that validates, a track per task, and the hint to open it', () => {
    const out = join(TMP, 'trace.json');
    const { code, stdout } = simloop(...REPLAY, '--trace', 'chrome', '--out', out);
    expect(code).toBe(1);
    expect(stdout).toContain(`written to ${out} — open it in ui.perfetto.dev (Open trace file) or chrome://tracing`);
    expect(stdout).toContain('✗ Error: used before init');
    const trace = JSON.parse(readFileSync(out, 'utf8')) as { traceEvents: { ph: string; name: string; args?: { name?: string } }[] };
    expect(validateChromeTrace(trace)).toEqual([]);
    const threads = trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => e.args!.name);
    expect(threads).toEqual(expect.arrayContaining(['Task-1', 'init', 'user']));
    expect(trace.traceEvents.filter((e) => e.ph === 'i' && e.name === '⚑ ran user instead of init')).toHaveLength(1);
  });

  it('--window keeps only the steps asked for', () => {
    const { stdout } = simloop(...REPLAY, '--trace', 'text', '--window', '2..3');
    const steps = stdout
      .split('\n')
      .filter((l) => l.includes('│') && !l.includes('step'))
      .map((l) => /^. +(\d*)/.exec(l)![1])
      .filter((s) => s !== '');
    expect(steps.length).toBeGreaterThan(0);
    for (const s of steps) expect(['2', '3']).toContain(s);
  });
});

describe('simloop run --trace', () => {
  it('json for a seed example: valid JSON on stdout, the example output on stderr, exit 0', () => {
    const { code, stdout, stderr } = simloop('run', 'scenarios/seed/06-task-scheduler.ts', '--trace', 'json');
    expect(code).toBe(0);
    const events = JSON.parse(stdout) as RawEvent[];
    expect(events.filter((e) => e.event === 'spawn').map((e) => e.detail)).toEqual(['task-1', 'task-2', 'task-3']);
    expect(stderr).toContain('6 odd_till - 5');
  });

  it('text under a strategy: the timeline marks where it deviated from FIFO', () => {
    const { stdout } = simloop('run', FIXTURE, '--strategy', 'random', '--seed', '3', '--trace', 'text');
    const marks = stdout.split('\n').filter((l) => l.startsWith('▶'));
    for (const m of marks) expect(m).toMatch(/⚑ ran \S+ instead of \S+$/);
    expect(stdout).toMatch(/^\d+ lanes?, steps /m);
  });

  it('text for several scenarios: one timeline each', () => {
    const { code, stdout } = simloop('run', 'scenarios/seed/06-task-scheduler.ts', 'scenarios/seed/07-runfunc.ts', '--trace', 'text');
    expect(code).toBe(0);
    expect(stdout.match(/^\d+ lanes?, steps /gm)).toHaveLength(2);
  });
});

describe('bad trace flags: one line naming the problem, exit 2', () => {
  it.each([
    [[...REPLAY, '--trace', 'xml'], '--trace expected one of text, json, chrome, got "xml"'],
    [[...REPLAY, '--out', 'x.json'], '--out x.json writes a trace: add --trace text, json or chrome'],
    [[...REPLAY, '--trace', 'text', '--window', '9..2'], '--window 9..2: the range is empty (9 > 2); write --window 2..9'],
    [[...REPLAY, '--trace', 'json', '--window', '1..2'], '--window 1..2 applies to --trace text'],
    [[...REPLAY, '--trace', 'text', '--window', 'a..b'], '--window expected a step range A..B'],
    [['run', 'scenarios/seed/06-task-scheduler.ts', 'scenarios/seed/07-runfunc.ts', '--trace', 'chrome'], 'writes the trace of one run, but 2 scenarios were found: pick one with --scenario NAME'],
    [[...REPLAY, '--trace', 'chrome', '--out', join(TMP, 'no/such/dir/t.json')], 'cannot write the trace there (ENOENT)'],
  ])('%j', (args, message) => {
    const { code, stderr } = simloop(...args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('traceRequest', () => {
  it('reads the three flags together', () => {
    expect(traceRequest(undefined, undefined, undefined)).toBeUndefined();
    expect(traceRequest('chrome', 't.json', undefined)).toEqual({ format: 'chrome', out: 't.json' });
    expect(traceRequest('text', undefined, ' 10..20 ')).toEqual({ format: 'text', window: { from: 10, to: 20 } });
    expect(() => traceRequest('text', '', undefined)).toThrow('--out expected a file name, got an empty string');
    expect(() => traceRequest(undefined, undefined, '1..2')).toThrow('--window 1..2 selects the steps of a timeline: add --trace text');
  });
});

describe('formatTrace', () => {
  // A long run, so that the JSON is written in several chunks.
  const busy = defineScenario({
    name: 'busy',
    run({ options }) {
      const s = new TaskScheduler(options);
      for (const name of ['a', 'b']) {
        s.addTask(
          (function* () {
            for (let i = 0; i < 6000; i++) yield i;
          })(),
          { name },
        );
      }
      s.run();
    },
  });

  it('json and chrome, written in chunks, are the events and the document chromeTrace makes', () => {
    const replayed = replay(busy, { seed: 1, strategy: 'random' });
    const parts = replayed.parts;
    expect(parts[0]!.events.length).toBeGreaterThan(12_000);
    expect([...traceChunks('json', parts, { scenario: 'busy' })].length).toBeGreaterThan(1);
    expect(JSON.parse(formatTrace('json', parts, { scenario: 'busy' }))).toEqual(parts[0]!.events);
    const chrome = JSON.parse(formatTrace('chrome', parts, { scenario: 'busy' })) as unknown;
    expect(chrome).toEqual(JSON.parse(JSON.stringify(chromeTrace(parts, { scenario: 'busy' }))));
    expect(validateChromeTrace(chrome)).toEqual([]);
  });

  it('json of a scenario with several schedulers numbers their events by kernel', () => {
    const twice = defineScenario({
      name: 'twice',
      run({ options }) {
        for (let k = 0; k < 2; k++) {
          const s = new TaskScheduler(options);
          s.addTask((function* () { yield k; })(), { name: `only-${k}` });
          s.run();
        }
      },
    });
    const parts = replay(twice, { schedule: 'fifo' }).parts;
    expect(parts).toHaveLength(2);
    const events = JSON.parse(formatTrace('json', parts, { scenario: 'twice' })) as { kernel: number; task: string }[];
    expect(events.map((e) => `${e.kernel} ${e.task}`)).toEqual(['1 -', '1 only-0', '1 only-0', '2 -', '2 only-1', '2 only-1']);
    expect(formatTrace('text', parts, { scenario: 'twice' }).match(/^── scheduler \d of 2$/gm)).toEqual(['── scheduler 1 of 2', '── scheduler 2 of 2']);
    expect(formatTrace('json', [], { scenario: 'none' })).toBe('[]\n');
  });
});
