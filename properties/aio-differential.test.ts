/**
 * Differential: random asyncio programs (aio-ref/programs.ts) run on CPython
 * 3.11 (aio-ref/run_program.py, one batch) and on simloop
 * (aio-ref/interpreter.ts) must print the same trace, line for line. A
 * mismatch is reported with the program, both traces and the first differing
 * line, then shrunk by fast-check against a long-lived python3 (--lines).
 * Unfaithful loops (other strategies) must be caught on the same programs.
 *
 *   SIMLOOP_DIFF_PROGRAMS=5000 SIMLOOP_DIFF_SEED=3 npx vitest run properties/aio-differential.test.ts
 * or, with progress and coverage figures: npx tsx properties/aio-ref/differential.ts --programs 5000 --seed 1
 */
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Strategy } from '../src/index.js';
import { samplePrograms, shrink, simloopTrace } from './aio-ref/check.js';
import { dump, runProgram } from './aio-ref/interpreter.js';
import type { Program } from './aio-ref/language.js';
import { cpythonTraces, hasPython, mismatch } from './aio-ref/oracle.js';

const PROGRAMS = Number(process.env.SIMLOOP_DIFF_PROGRAMS ?? 300);
const SEED = Number(process.env.SIMLOOP_DIFF_SEED ?? 20_250);
const python = hasPython();

/** Paths the generator leaves out, checked by hand: a task awaiting itself (then caught, then awaited by main). */
const SELF_AWAIT: Program = {
  coros: {
    main: [
      { op: 'spawn', var: 'a', coro: 'c1', name: 'A' },
      { op: 'await', aw: { task: 'a' }, log: true },
    ],
    c1: [{ op: 'try', body: [{ op: 'await', aw: { task: 'a' } }], except: [{ error: 'Exception', body: [{ op: 'log', text: 'x' }, { op: 'return', value: 1 }] }] }],
  },
};

/**
 * KNOWN_DIFFERENCE: after task A awaits itself, task B awaits A. CPython's C
 * accelerator (_asyncio, Modules/_asynciomodule.c FutureIter_iternext) raises
 * "await wasn't used with future" in B at once, because A's
 * `_asyncio_future_blocking` was left set (tasks.py:307-311 does not reset it).
 * The pure-Python asyncio that simloop ports (futures.py:284-290) lets B wait,
 * and B then gets A's RuntimeError — and so does CPython with the accelerator
 * blocked (sys.modules['_asyncio'] = None). The generator never makes a task
 * await itself; this test pins the difference so a change is noticed.
 */
const KNOWN_DIFFERENCE: Program = {
  coros: {
    main: [
      { op: 'spawn', var: 'a', coro: 'c1', name: 'A' },
      { op: 'spawn', var: 'b', coro: 'c2', name: 'B' },
      { op: 'sleep', delay: 1 },
    ],
    c1: [{ op: 'await', aw: { task: 'a' } }],
    c2: [{ op: 'await', aw: { task: 'a' } }],
  },
};

/** Values whose JSON text could differ: escapes, non-ASCII, key order by code point (U+FFFF < U+1F600, unlike UTF-16 order). */
const TRICKY_VALUES = [
  'é"\\\n\t\u0001\u001f\u007f\u2028😀',
  { '\uffff': 1, '😀': 2, a: 3, B: 4, 'é': 5, '': [null, true, -0, 2 ** 53] },
  [{ z: { y: [] }, A: {} }, '', -7],
];

/** A subtly unfaithful loop: of the last two ready entries, runs the second first. */
const swapLastTwo: Strategy = { name: 'swap-last-two', choose: (choice) => (choice.count === 2 ? 1 : 0) };

describe.skipIf(!python)('simloop prints CPython’s trace for random asyncio programs', () => {
  let programs: Program[] = [];
  let traces: string[][] = [];

  beforeAll(() => {
    programs = samplePrograms(SEED, PROGRAMS);
    traces = cpythonTraces([...programs, SELF_AWAIT, KNOWN_DIFFERENCE]);
  });

  it(`${PROGRAMS} random programs (seed ${SEED}) print the same trace`, async () => {
    const failures = programs.flatMap((p, i) => {
      const report = mismatch(p, simloopTrace(p), traces[i]!);
      return report === null ? [] : [{ index: i, report }];
    });
    if (failures.length === 0) return;
    const first = failures[0]!;
    const shrunk = await shrink(SEED, first.index + 1);
    throw new Error(
      `${failures.length} of ${PROGRAMS} programs differ (seed ${SEED}; #${failures.map((f) => f.index).join(', #')})\n\n` +
        `program #${first.index}:\n${first.report}\n\nshrunk:\n${shrunk ?? '(no mismatch on replay)'}`,
    );
  });

  it("dump() writes values as Python's json.dumps(sort_keys, compact, ensure_ascii=False)", () => {
    const script = 'import json,sys; print(json.dumps([json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False) for v in json.load(sys.stdin)]))';
    const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(TRICKY_VALUES), encoding: 'utf8', env: { ...process.env, PYTHONIOENCODING: 'utf-8' } });
    expect(TRICKY_VALUES.map(dump)).toEqual(JSON.parse(r.stdout));
  });

  it('a task awaiting itself: RuntimeError, caught, as in CPython', () => {
    expect(runProgram(SELF_AWAIT)).toEqual(traces[PROGRAMS]);
    expect(traces[PROGRAMS]).toContain('t=0 task=A caught RuntimeError: Task cannot await on itself');
  });

  it('known difference: awaiting a task that awaited itself (CPython’s C accelerator only)', () => {
    const cpython = traces[PROGRAMS + 1]!;
    expect(cpython[0]).toBe("t=0 task=B raised RuntimeError: await wasn't used with future");
    expect(runProgram(KNOWN_DIFFERENCE).slice(0, 2)).toEqual([
      't=0 task=A raised RuntimeError: Task cannot await on itself',
      't=0 task=B raised RuntimeError: Task cannot await on itself',
    ]);
  });

  it.each([
    ['random', { strategy: 'random', seed: 1 }],
    ['swap-last-two', { strategy: swapLastTwo }],
  ] as const)('catches an unfaithful loop: strategy %s', (_, options) => {
    const caught = programs.filter((p, i) => mismatch(p, runProgram(p, options), traces[i]!) !== null);
    expect(caught.length).toBeGreaterThan(0);
  });
});
