/**
 * The terminal timeline, drawn from real runs of the bundled scenarios (the
 * seed examples under FIFO, the bug zoo replayed from shrunk schedules): its
 * lanes, the order of its rows, where each event lands, the deviation marks,
 * and how it stays readable with many lanes and long runs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { TaskScheduler } from '../schedulers/index.js';
import { defineScenario } from './scenario.js';
import { NO_TASK, describeChoice, viewRun, type TracePart } from './run-view.js';
import { cell, renderTimeline, timelineRows } from './timeline.js';
import { fifoParts, seedRuns, shrunkBugs, type ShrunkBug, type TracedRun } from './fixtures/traced-runs.js';
import { replay } from './replay.js';
import { BUGS } from '../../scenarios/bugs/zoo.js';

interface Row {
  readonly mark: string;
  readonly step: number | null;
  readonly time: string | null;
  /** Trimmed text of each column. */
  readonly cells: string[];
  readonly note: string;
}

/** Reads a rendered timeline back: its lanes (column titles) and rows. */
function parse(text: string): { lanes: string[]; rows: Row[]; elisions: string[] } {
  const lines = text.split('\n').filter((l) => l !== '');
  const lanes = lines[1]!.split('│').slice(1).map((s) => s.trim());
  const rows: Row[] = [];
  const elisions: string[] = [];
  for (const line of lines.slice(3)) {
    if (line.startsWith('  ⋮')) {
      elisions.push(line);
      continue;
    }
    const [side, ...cells] = line.split('│');
    const last = cells[cells.length - 1] ?? '';
    const flag = last.indexOf('  ⚑ ');
    const note = flag === -1 ? '' : last.slice(flag + 4);
    if (flag !== -1) cells[cells.length - 1] = last.slice(0, flag);
    while (cells.length < lanes.length) cells.push(''); // trailing empty cells are trimmed away
    const m = /^(.) +(\d*) *(t=\S*)? *$/.exec(side!)!;
    rows.push({ mark: m[1]!, step: m[2] === '' ? null : Number(m[2]), time: m[3] ?? null, cells: cells.map((c) => c.trim()), note });
  }
  return { lanes, rows, elisions };
}

/** Each row's step: the last step label above it. */
function stepsOf(rows: readonly Row[]): number[] {
  let step = -1;
  return rows.map((r) => (step = r.step ?? step));
}

const laneTitle = (lane: string): string => (lane === NO_TASK ? '(loop)' : lane);

/** What every timeline must satisfy, checked against the trace it was drawn from. */
function checkStructure(part: TracePart, text: string): void {
  const { lanes, rows } = parse(text);
  const view = viewRun(part);
  const model = timelineRows(view);
  // Lanes: every lane that has a row, in order of first appearance, no others.
  expect(lanes).toEqual(view.lanes.filter((l) => model.some((r) => r.lane === l)).map((l) => cell(laneTitle(l), '', 32).trim()));
  // One row per event (and per deviation that picked a step with no event), in trace order.
  expect(rows).toHaveLength(model.length);
  const steps = stepsOf(rows);
  for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeGreaterThanOrEqual(steps[i - 1]!);
  expect(steps).toEqual(model.map((r) => r.unit.step));
  // Each row fills exactly one cell: its lane's.
  rows.forEach((row, i) => {
    const filled = row.cells.flatMap((c, k) => (c === '' ? [] : [k]));
    expect(filled, `row ${i}: ${JSON.stringify(row)}`).toEqual([view.lanes.filter((l) => model.some((r) => r.lane === l)).indexOf(model[i]!.lane)]);
  });
  // Every trace event is on a row at its step: done/yield/recv/... in the lane of the task that did it,
  // a spawn in the lane of the task spawned.
  const events = part.events;
  const order = view.lanes.filter((l) => model.some((r) => r.lane === l));
  let r = 0;
  for (const e of events) {
    while (r < model.length && model[r]!.unit.events.length === 0) r++;
    const row = rows[r]!;
    expect(steps[r]).toBe(e.step);
    const lane = e.event === 'spawn' ? e.detail : e.event === 'wake' ? model[r]!.lane : e.task;
    expect(row.cells[order.indexOf(lane)], `${e.step} ${e.task} ${e.event} ${e.detail}`).not.toBe('');
    r++;
  }
  // Marks: one row per deviation, at the step it picked (a layer's own choice: the step it was made in),
  // in the chosen task's lane, saying what ran (or was chosen) instead of what.
  const marked = rows.flatMap((row, i) => (row.mark === '▶' ? [i] : []));
  expect(marked).toHaveLength(part.deviations.length);
  marked.forEach((i, k) => {
    const d = part.deviations[k]!;
    expect(steps[i]).toBe(d.step);
    expect(rows[i]!.note).toBe(describeChoice(d));
    if (d.kind === 'ready' && d.chose !== d.fifo) expect(rows[i]!.note).toBe(`ran ${d.chose} instead of ${d.fifo}`);
    expect(rows[i]!.cells[order.indexOf(d.chose)]).not.toBe('');
  });
}

describe('timeline of real runs', () => {
  let seeds: TracedRun[];
  let bugs: ShrunkBug[];
  beforeAll(async () => {
    seeds = await seedRuns();
    bugs = shrunkBugs();
  });

  it('every seed example: lanes, one row per event in order, each in its lane', () => {
    expect(seeds.length).toBeGreaterThanOrEqual(15);
    for (const run of seeds) {
      for (const part of run.parts) {
        if (part.events.length === 0) continue;
        checkStructure(part, renderTimeline([part], { maxRows: Infinity, width: 100_000 }));
      }
    }
  });

  it('every bug of the zoo, from its shrunk schedule: the deviations marked on the rows they picked', () => {
    expect(bugs.map((b) => b.name)).toEqual(BUGS.map((b) => b.scenario.name));
    for (const bug of bugs) {
      expect(bug.replayed.passed, bug.name).toBe(false);
      const marked = bug.replayed.parts.flatMap((p) => p.deviations);
      expect(marked, bug.name).toEqual(bug.replayed.deviations);
      for (const part of bug.replayed.parts) checkStructure(part, renderTimeline([part], { maxRows: Infinity, width: 100_000 }));
    }
  });

  it('TaskScheduler (lost update): one row per step, the swapped worker marked', () => {
    const bug = bugs.find((b) => b.name === 'lost-update')!;
    const part = bug.replayed.parts[0]!;
    const { lanes, rows } = parse(renderTimeline([part]));
    expect(lanes).toEqual(['worker-1', 'worker-2', 'worker-3']);
    const steps = stepsOf(rows).filter((s) => s > 0);
    expect(new Set(steps).size).toBe(steps.length); // a seed task records exactly one event per step
    expect(rows.filter((r) => r.cells.some((c) => c === 'done'))).toHaveLength(3);
    const mark = rows.find((r) => r.mark === '▶')!;
    expect(mark.note).toMatch(/^ran worker-\d instead of worker-\d$/);
  });

  it('ActorScheduler (causality violation): each delivery names its sender, the failing one included', () => {
    const bug = bugs.find((b) => b.name === 'actor-reordering')!;
    const part = bug.replayed.parts[0]!;
    const { lanes, rows } = parse(renderTimeline([part], { width: 200 }));
    expect(lanes).toEqual(['alice', 'teller', 'bob', 'bank', '(loop)']);
    const bank = lanes.indexOf('bank');
    const failing = rows.findIndex((r) => r.cells[bank]!.startsWith('✗ raised Error: causality'));
    expect(rows[failing - 1]!.cells[bank]).toMatch(/^recv \{op:"withdraw",am.*from bob$/);
    // Every non-priming delivery has a sender, who sent that very message to that actor earlier.
    const sends = part.events.filter((e) => e.event === 'send');
    for (const e of part.events.filter((e) => e.event === 'recv' && e.detail !== 'undefined')) {
      const sender = sends.find((s) => s.step <= e.step && s.detail === `${e.task} ${e.detail}`);
      expect(sender, `${e.task} recv ${e.detail}`).toBeDefined();
    }
    const delivered = rows.flatMap((r) => r.cells.filter((c) => c.startsWith('recv ')));
    expect(delivered.length).toBeGreaterThan(0);
    for (const c of delivered) expect(c).toMatch(/ from (alice|teller|bob|\(loop\))$|\{op:"pay",amount:50\}$/);
  });

  it('asyncio (missed wakeup): who waits on what, and who woke whom', () => {
    const bug = bugs.find((b) => b.name === 'missed-wakeup')!;
    const { lanes, rows } = parse(renderTimeline(bug.replayed.parts, { width: 200 }));
    expect(lanes.slice(0, 3)).toEqual(['Task-1', 'consumer', 'producer']);
    const cells = (lane: string): string[] => rows.map((r) => r.cells[lanes.indexOf(lane)]!).filter((c) => c !== '');
    expect(cells('Task-1').filter((c) => c.startsWith('woken by producer: task "pro'))).toHaveLength(1);
    expect(cells('consumer')).toContain('waits on Condition.wait()');
    expect(cells('producer')[0]).toBe('spawned by Task-1');
    // The wake-up is drawn on the row of the producer's last step, before its result.
    const woke = rows.findIndex((r) => r.cells[0]!.startsWith('woken by producer'));
    expect(rows[woke + 1]!.cells[lanes.indexOf('producer')]).toMatch(/^done → /);
  });
});

describe('as it reads', () => {
  it('lost update, replayed from 0:1 (produced by the code, checked by eye)', () => {
    const lostUpdate = BUGS.find((b) => b.scenario.name === 'lost-update')!.scenario;
    const replayed = replay(lostUpdate, { schedule: '0:1' });
    expect('\n' + renderTimeline(replayed.parts, { width: 80 })).toMatchInlineSnapshot(`
      "
      3 lanes, steps 0–9, t=0–0, 1 deviation from FIFO (▶ ⚑)
        step time │ worker-1            │ worker-2            │ worker-3
      ────────────┼─────────────────────┼─────────────────────┼─────────────────────
           0 t=0  │ spawned             │                     │
                  │                     │ spawned             │
                  │                     │                     │ spawned
      ▶    1 t=0  │                     │ yield "waiting"     │                      ⚑ ran worker-2 instead of worker-1
           2 t=0  │ yield "read"        │                     │
           3 t=0  │                     │                     │ yield "waiting"
           4 t=0  │                     │ yield "read"        │
           5 t=0  │ done                │                     │
           6 t=0  │                     │                     │ yield "waiting"
           7 t=0  │                     │ done                │
           8 t=0  │                     │                     │ yield "read"
           9 t=0  │                     │                     │ done
      "
    `);
  });
});

describe('many lanes', () => {
  const crowd = defineScenario({
    name: 'crowd',
    run({ options }) {
      const s = new TaskScheduler(options);
      for (let i = 1; i <= 12; i++) {
        s.addTask(
          (function* () {
            for (let k = 0; k < i % 3; k++) yield k;
          })(),
          { name: `t${i}` },
        );
      }
      s.run();
    },
  });

  it('past what fits, the rest share one "(N others)" column, and no event is dropped', () => {
    const part = fifoParts(crowd)[0]!;
    const text = renderTimeline([part], { width: 80 });
    const { lanes, rows } = parse(text);
    expect(lanes.length).toBeLessThan(12);
    expect(lanes[lanes.length - 1]).toBe(`(${12 - (lanes.length - 1)} others)`);
    expect(rows).toHaveLength(timelineRows(viewRun(part)).length);
    for (const row of rows) expect(row.cells.filter((c) => c !== '')).toHaveLength(1);
    const others = rows.map((r) => r.cells[lanes.length - 1]!).filter((c) => c !== '');
    expect(others.length).toBeGreaterThan(0);
    for (const c of others) expect(c).toMatch(/^t\d+: /);
    for (const line of text.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it('lanes with a deviation keep their own column', () => {
    const bug = shrunkBugs().find((b) => b.name === 'dining-philosophers')!;
    const part = bug.replayed.parts[0]!;
    const chosen = new Set(part.deviations.map((d) => d.chose));
    const { lanes, rows } = parse(renderTimeline([part], { width: 85 }));
    expect(lanes[lanes.length - 1]).toMatch(/^\(\d+ others\)$/);
    expect(lanes.length - 1).toBeGreaterThanOrEqual(chosen.size);
    for (const name of chosen) expect(lanes).toContain(name);
    expect(rows.filter((r) => r.mark === '▶')).toHaveLength(part.deviations.length);
  });

  it('cuts a cell with … and keeps who sent or woke', () => {
    expect(cell('recv {op:"withdraw",amount:50}', ' from bob', 20)).toBe('recv {op:"… from bob');
    expect(cell('short', '', 8)).toBe('short   ');
    expect([...cell('x'.repeat(50), ' by somebody-with-a-long-name', 20)]).toHaveLength(20);
  });
});

describe('long runs', () => {
  let part: TracePart;
  beforeAll(async () => {
    part = (await seedRuns()).find((r) => r.name === 'seed/10-actors-1001.ts')!.parts[0]!;
  });

  it('elides the middle past maxRows, keeping the first and the last rows', () => {
    const all = timelineRows(viewRun(part));
    expect(all.length).toBeGreaterThan(2000);
    const { rows, elisions } = parse(renderTimeline([part], { maxRows: 100 }));
    // 50 rows at each end, widened to whole steps (a step here records at most 3 events).
    expect(rows.length).toBeGreaterThanOrEqual(100);
    expect(rows.length).toBeLessThanOrEqual(104);
    expect(elisions).toHaveLength(1);
    const steps = stepsOf(rows);
    expect(steps[0]).toBe(all[0]!.unit.step);
    expect(steps[steps.length - 1]).toBe(all[all.length - 1]!.unit.step);
    const [, hidden, from, to] = /⋮ (\d+) rows not shown \(steps (\d+)–(\d+)/.exec(elisions[0]!)!;
    expect(Number(hidden)).toBe(all.length - rows.length);
    // The hidden steps are exactly those between the last shown at the top and the first shown at the bottom.
    const gap = rows.findIndex((_, i) => i > 0 && steps[i]! - steps[i - 1]! > 1);
    expect(Number(from)).toBe(steps[gap - 1]! + 1);
    expect(Number(to)).toBe(steps[gap]! - 1);
  });

  it('a window shows exactly the steps asked for, every event of them', () => {
    const { rows, elisions } = parse(renderTimeline([part], { window: { from: 500, to: 510 } }));
    expect(elisions).toEqual([]);
    expect(new Set(stepsOf(rows))).toEqual(new Set([500, 501, 502, 503, 504, 505, 506, 507, 508, 509, 510]));
    expect(rows).toHaveLength(part.events.filter((e) => e.step >= 500 && e.step <= 510).length);
  });

  it('with deviations everywhere (a random run), keeps a bounded number of rows and counts what it hides', async () => {
    const scenario = Object.values(await import('../../scenarios/seed/10-actors-1001.js'))[0] as Parameters<typeof replay>[0];
    const replayed = replay(scenario, { seed: 2, strategy: 'random' });
    expect(replayed.deviations.length).toBeGreaterThan(200);
    const { rows, elisions } = parse(renderTimeline(replayed.parts, { maxRows: 100 }));
    expect(rows.length).toBeLessThanOrEqual(100 + 100 + 2 * 2 + 3);
    const marked = rows.filter((r) => r.mark === '▶').length;
    const hidden = elisions.map((e) => Number(/, (\d+) deviations? among them/.exec(e)?.[1] ?? 0)).reduce((a, b) => a + b, 0);
    expect(marked + hidden).toBe(replayed.deviations.length);
  });

  it('keeps the rows around a deviation that falls in the elided middle', async () => {
    const scenario = Object.values(await import('../../scenarios/seed/10-actors-1001.js'))[0] as Parameters<typeof replay>[0];
    const replayed = replay(scenario, { schedule: '700:1' });
    expect(replayed.divergence).toBeNull();
    expect(replayed.deviations).toHaveLength(1);
    const { rows, elisions } = parse(renderTimeline(replayed.parts, { maxRows: 40 }));
    expect(elisions).toHaveLength(2);
    const marked = rows.filter((r) => r.mark === '▶');
    expect(marked).toHaveLength(1);
    expect(marked[0]!.note).toBe(`ran ${replayed.deviations[0]!.chose} instead of ${replayed.deviations[0]!.fifo}`);
  });
});
