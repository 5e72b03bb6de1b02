/**
 * The Chrome trace export, checked against the format by a validator
 * (fixtures/chrome-trace-validator.ts) on real runs of every bundled scenario,
 * with its tracks, slices and flow arrows checked against the trace they come
 * from — and the validator itself shown to reject broken traces.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BUGS } from '../../scenarios/bugs/zoo.js';
import { chromeTrace, type ChromeEvent, type ChromeTrace } from './chrome-trace.js';
import { validateChromeTrace } from './fixtures/chrome-trace-validator.js';
import { fifoParts, seedRuns, shrunkBugs, type ShrunkBug, type TracedRun } from './fixtures/traced-runs.js';
import { createTask, log, run, sleep } from '../aio/index.js';
import { defineScenario } from './scenario.js';
import { replay } from './replay.js';
import { NO_TASK, viewRun, type TracePart } from './run-view.js';

/** As a file would hold it: through JSON and back. */
function exported(parts: readonly TracePart[], scenario?: string): ChromeTrace {
  return JSON.parse(JSON.stringify(chromeTrace(parts, scenario === undefined ? {} : { scenario }))) as ChromeTrace;
}

const of = (trace: ChromeTrace, ph: string): ChromeEvent[] => trace.traceEvents.filter((e) => e.ph === ph);

function threadNames(trace: ChromeTrace, pid = 1): Map<number, string> {
  return new Map(trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === pid).map((e) => [e.tid, e.args!['name'] as string]));
}

describe('chrome trace of real runs', () => {
  let seeds: TracedRun[];
  let bugs: ShrunkBug[];
  beforeAll(async () => {
    seeds = await seedRuns();
    bugs = shrunkBugs();
  });

  it('validates for every seed example and every shrunk bug of the zoo', () => {
    const all = [...seeds.map((r) => [r.name, r.parts] as const), ...bugs.map((b) => [b.name, b.replayed.parts] as const)];
    expect(all.length).toBeGreaterThanOrEqual(15 + BUGS.length);
    for (const [name, parts] of all) {
      const trace = exported(parts, name);
      expect(validateChromeTrace(trace), name).toEqual([]);
      // Arrows end on the slice they point into (bound to the enclosing slice), not on whatever slice comes next.
      for (const f of of(trace, 'f')) expect(f.bp).toBe('e');
    }
  });

  it('puts log lines as instants on the track of the task that logged them', () => {
    const logged = defineScenario({
      name: 'logged',
      run({ options }) {
        run(
          (function* () {
            const worker = createTask(
              (function* () {
                log('worker starts');
                yield* sleep(2);
                log('worker ends');
              })(),
              { name: 'worker' },
            );
            log('main waits');
            yield* worker;
          })(),
          options,
        );
      },
    });
    const parts = fifoParts(logged);
    const trace = exported(parts);
    expect(validateChromeTrace(trace)).toEqual([]);
    const tids = threadNames(trace);
    const logs = of(trace, 'i').filter((e) => e.cat === 'log');
    expect(logs.map((e) => `${tids.get(e.tid)}: ${e.name}`)).toEqual(['Task-1: log: main waits', 'worker: log: worker starts', 'worker: log: worker ends']);
    expect(logs.map((e) => e.s)).toEqual(['t', 't', 't']);
    expect(logs[2]!.ts).toBeGreaterThanOrEqual(2e6); // after the 2 s virtual sleep
  });

  it('validates for random interleavings of every bug (10 seeds each)', () => {
    for (const bug of BUGS) {
      for (let seed = 0; seed < 10; seed++) {
        const replayed = replay(bug.scenario, { seed, strategy: 'random' });
        expect(validateChromeTrace(exported(replayed.parts)), `${bug.scenario.name} seed ${seed}`).toEqual([]);
      }
    }
  });

  it('has a named track per lane, one slice per unit with its step and time, in order', () => {
    for (const run of [...seeds.map((r) => r.parts), ...bugs.map((b) => b.replayed.parts)]) {
      const trace = exported(run);
      run.forEach((part, k) => {
        const view = viewRun(part);
        const names = [...threadNames(trace, k + 1).values()];
        expect(names.map((n) => (n.startsWith('(loop') ? NO_TASK : n))).toEqual(view.lanes);
        const slices = of(trace, 'X').filter((e) => e.pid === k + 1);
        expect(slices.map((s) => s.args!['step'])).toEqual(view.units.map((u) => u.step));
        const tids = threadNames(trace, k + 1);
        expect(slices.map((s) => tids.get(s.tid)!.replace(/^\(loop.*/, NO_TASK))).toEqual(view.units.map((u) => u.task));
        for (let i = 1; i < slices.length; i++) expect(slices[i]!.ts!).toBeGreaterThan(slices[i - 1]!.ts!);
        // Virtual time is the timestamp: a slice is never before its virtual time.
        slices.forEach((s, i) => expect(s.ts!).toBeGreaterThanOrEqual(view.units[i]!.time * 1e6 - 1e-6));
      });
    }
  });

  it('draws each message from its send to its delivery (actor reordering)', () => {
    const bug = bugs.find((b) => b.name === 'actor-reordering')!;
    const trace = exported(bug.replayed.parts);
    const tids = threadNames(trace);
    const starts = of(trace, 's').filter((e) => e.cat === 'message');
    const ends = new Map(of(trace, 'f').map((e) => [e.id, e]));
    const arrows = starts.map((s) => `${tids.get(s.tid)} → ${tids.get(ends.get(s.id)!.tid)}`);
    // One arrow per delivered message (the priming deliveries are spawns): the withdrawal from bob to the bank
    // included, and none for the deposit the teller sent the bank, which the failing run never delivered.
    const delivered = bug.replayed.parts[0]!.events.filter((e) => e.event === 'recv' && e.detail !== 'undefined');
    expect(arrows).toHaveLength(delivered.length);
    expect(arrows).toEqual(expect.arrayContaining(['alice → teller', 'alice → bob', 'bob → bank']));
    expect(arrows).not.toContain('teller → bank');
    expect(arrows.filter((a) => a.startsWith('(loop'))).toEqual(['(loop: timers, callbacks, code outside any task) → alice']);
    // The deviation is marked where it happened.
    const marks = of(trace, 'i').filter((e) => e.cat === 'deviation');
    expect(marks.map((m) => m.name)).toEqual(bug.replayed.deviations.map((d) => `⚑ ran ${d.chose} instead of ${d.fifo}`));
    expect(marks.map((m) => tids.get(m.tid))).toEqual(bug.replayed.deviations.map((d) => d.chose));
  });

  it('draws who woke whom (asyncio) and what a sleeping task woke from (TaskScheduler)', () => {
    const bug = bugs.find((b) => b.name === 'missed-wakeup')!;
    const trace = exported(bug.replayed.parts);
    const tids = threadNames(trace);
    const ends = new Map(of(trace, 'f').map((e) => [e.id, e]));
    const wakes = of(trace, 's')
      .filter((e) => e.cat === 'wake')
      .map((s) => `${tids.get(s.tid)} → ${tids.get(ends.get(s.id)!.tid)}: ${String(s.args!['label'])}`);
    expect(wakes).toContain('producer → Task-1: task "producer"');
    const spawns = of(trace, 's').filter((e) => e.cat === 'spawn').map((s) => `${tids.get(s.tid)} → ${tids.get(ends.get(s.id)!.tid)}`);
    expect(spawns).toEqual(expect.arrayContaining(['Task-1 → consumer', 'Task-1 → producer']));

    const sleepy = seeds.find((r) => r.name === 'seed/14-say-after-concurrent.ts')!;
    const t2 = exported(sleepy.parts);
    const timers = of(t2, 's').filter((e) => e.cat === 'timer' || e.cat === 'wake');
    expect(timers.length).toBeGreaterThan(0);
    // A sleep's arrow ends later in virtual time than it starts.
    const ends2 = new Map(of(t2, 'f').map((e) => [e.id, e]));
    expect(timers.some((s) => ends2.get(s.id)!.ts! - s.ts! >= 1e6)).toBe(true);
  });
});

describe('chrome trace validator', () => {
  let good: ChromeTrace;
  beforeAll(() => {
    const bug = shrunkBugs().find((b) => b.name === 'actor-reordering')!;
    good = exported(bug.replayed.parts, 'actor-reordering');
  });

  /** A copy of the good trace with its events changed by `edit`. */
  const broken = (edit: (events: Record<string, unknown>[]) => void): unknown => {
    const copy = JSON.parse(JSON.stringify(good)) as { traceEvents: Record<string, unknown>[] };
    edit(copy.traceEvents);
    return copy;
  };
  const first = (events: Record<string, unknown>[], ph: string): Record<string, unknown> => events.find((e) => e['ph'] === ph)!;
  const indexOf = (events: Record<string, unknown>[], ph: string): number => events.findIndex((e) => e['ph'] === ph);

  it('accepts the real trace', () => {
    expect(validateChromeTrace(good)).toEqual([]);
    expect(of(good, 's').length).toBeGreaterThan(0);
  });

  it.each<[string, (events: Record<string, unknown>[]) => void, RegExp]>([
    ['a slice without ts', (es) => delete first(es, 'X')['ts'], /\(X\): ts missing/],
    ['a slice without dur', (es) => delete first(es, 'X')['dur'], /\(X\): dur missing/],
    ['an event without name', (es) => delete first(es, 'X')['name'], /\(X\): name missing/],
    ['an event without tid', (es) => delete first(es, 'X')['tid'], /tid missing or not an integer/],
    ['an unknown phase', (es) => void (first(es, 'X')['ph'] = 'Q'), /unknown ph "Q"/],
    ['a flow without id', (es) => delete first(es, 's')['id'], /\(s\): id missing/],
    ['a flow without cat', (es) => delete first(es, 'f')['cat'], /\(f\): cat missing/],
    ['a flow start without its finish', (es) => void es.splice(indexOf(es, 'f'), 1), /flow \d+: 0 finishes/],
    ['a flow finish without its start', (es) => void es.splice(indexOf(es, 's'), 1), /flow \d+: 0 starts/],
    ['a flow with a bad binding point', (es) => void (first(es, 'f')['bp'] = 'x'), /bp must be "e"/],
    ['a flow outside any slice', (es) => void es.splice(indexOf(es, 'X'), 1, ...[]), /no slice on track .* encloses/],
    ['a flow finishing before it starts', (es) => void (first(es, 'f')['ts'] = 0), /finishes at 0 before it starts|goes back in time/],
    ['time going back on a track', (es) => void es.push({ ...first(es, 'X'), ts: 0 }), /goes back in time on track/],
    ['a track with no thread_name', (es) => void es.splice(es.findIndex((e) => e['name'] === 'thread_name'), 1), /has no thread_name/],
    ['thread_name without args.name', (es) => delete es.find((e) => e['name'] === 'thread_name')!['args'], /thread_name without args\.name/],
    ['an E with no B', (es) => void es.push({ name: 'x', ph: 'E', pid: 1, tid: 1, ts: 1e9 }), /\(E\): no open B/],
    ['a B never ended', (es) => void es.push({ name: 'x', ph: 'B', pid: 1, tid: 1, ts: 1e9 }), /B "x" at ts 1000000000 never ended/],
    [
      'B/E closing the wrong slice',
      (es) => void es.push({ name: 'a', ph: 'B', pid: 1, tid: 1, ts: 1e9 }, { name: 'b', ph: 'B', pid: 1, tid: 1, ts: 1e9 + 1 }, { name: 'a', ph: 'E', pid: 1, tid: 1, ts: 1e9 + 2 }, { name: 'b', ph: 'E', pid: 1, tid: 1, ts: 1e9 + 3 }),
      /closes "a" but "b" is open/,
    ],
    [
      'slices overlapping without nesting',
      (es) => void es.push({ name: 'a', ph: 'X', pid: 1, tid: 1, ts: 1e9, dur: 10 }, { name: 'b', ph: 'X', pid: 1, tid: 1, ts: 1e9 + 5, dur: 10 }),
      /overlaps "a" .* without nesting/,
    ],
    ['an instant with a bad scope', (es) => void (first(es, 'i')['s'] = 'q'), /scope s must be g, p or t/],
  ])('rejects %s', (_, edit, problem) => {
    const problems = validateChromeTrace(broken(edit));
    expect(problems.some((p) => problem.test(p)), problems.join('\n')).toBe(true);
  });

  it('rejects what is not a trace object', () => {
    expect(validateChromeTrace([])).toEqual(['expected an object with a traceEvents array']);
    expect(validateChromeTrace({ traceEvents: 'x' })).toEqual(['expected an object with a traceEvents array']);
  });

  it('accepts properly nested B/E and X slices', () => {
    const ok = broken((es) =>
      es.push(
        { name: 'a', ph: 'B', pid: 1, tid: 1, ts: 1e9 },
        { name: 'b', ph: 'X', pid: 1, tid: 1, ts: 1e9 + 1, dur: 1 },
        { name: 'a', ph: 'E', pid: 1, tid: 1, ts: 1e9 + 3 },
      ),
    );
    expect(validateChromeTrace(ok)).toEqual([]);
  });
});
