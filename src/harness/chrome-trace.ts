/**
 * A run's trace in the Chrome trace-event format (the JSON object form that
 * Perfetto — ui.perfetto.dev → "Open trace file" — and chrome://tracing
 * open): one process per scheduler the scenario built, one track (tid) per
 * task or actor with `thread_name` metadata, a complete ("X") slice for what
 * each lane did in each step, instant ("i") events for log lines and for the
 * deviations from FIFO, and flow arrows ("s" → "f", bound to the enclosing
 * slices) for messages (send → delivery), wake-ups (the step that resolved
 * what a task waited on → the task's next step), spawns and sleeps.
 *
 * Timestamps are virtual time in microseconds. Steps taken at one virtual
 * instant (most steps: time moves only when nothing is ready) are laid out
 * 1 µs apart so that each is visible; a step's `ts` is therefore its virtual
 * time or just after the previous step, whichever is later, and every slice
 * carries its exact step and virtual time in `args`.
 *
 * Must not: run anything or read anything ambient (the output is a pure
 * function of the trace).
 */
import { formatTime } from '../kernel/index.js';
import { NO_TASK, describeChoice, viewRun, type Flow, type TracePart } from './run-view.js';

/** One trace event, as the format names its fields. */
export interface ChromeEvent {
  readonly name: string;
  readonly ph: 'X' | 'B' | 'E' | 'i' | 's' | 't' | 'f' | 'M';
  readonly pid: number;
  readonly tid: number;
  readonly ts?: number;
  readonly dur?: number;
  readonly cat?: string;
  readonly id?: number;
  readonly bp?: 'e';
  readonly s?: 'g' | 'p' | 't';
  readonly args?: Record<string, unknown>;
}

export interface ChromeTrace {
  readonly traceEvents: ChromeEvent[];
  readonly displayTimeUnit: 'ms' | 'ns';
  readonly otherData: Record<string, string>;
}

export interface ChromeTraceOptions {
  /** Names the processes: `<scenario>` (or `<scenario> · scheduler 2`). */
  readonly scenario?: string;
}

/** How long a step's slice is, in µs, and the least gap between two steps at one virtual instant. */
const STEP_US = 1;
const NAME_LENGTH = 80;

export function chromeTrace(parts: readonly TracePart[], options: ChromeTraceOptions = {}): ChromeTrace {
  return { traceEvents: [...chromeEvents(parts, options)], displayTimeUnit: 'ms', otherData: OTHER_DATA };
}

/** What the trace says about itself (its `otherData`). */
export const OTHER_DATA: Readonly<Record<string, string>> = {
  producer: 'simloop',
  time: 'virtual time, in µs; steps at one instant are laid out 1 µs apart (exact step and time in each slice args)',
};

/** The trace's events one by one, in file order: a long run can be written out without holding them all. */
export function* chromeEvents(parts: readonly TracePart[], options: ChromeTraceOptions = {}): Generator<ChromeEvent> {
  let nextFlowId = 1;
  for (let k = 0; k < parts.length; k++) {
    const pid = k + 1;
    const view = viewRun(parts[k]!);
    const title = options.scenario ?? 'simloop run';
    yield { name: 'process_name', ph: 'M', pid, tid: 0, args: { name: parts.length === 1 ? title : `${title} · scheduler ${k + 1}` } };
    yield { name: 'process_sort_index', ph: 'M', pid, tid: 0, args: { sort_index: k } };
    const tids = new Map<string, number>();
    for (let i = 0; i < view.lanes.length; i++) {
      const lane = view.lanes[i]!;
      tids.set(lane, i + 1);
      const name = lane === NO_TASK ? '(loop: timers, callbacks, code outside any task)' : lane;
      yield { name: 'thread_name', ph: 'M', pid, tid: i + 1, args: { name } };
      yield { name: 'thread_sort_index', ph: 'M', pid, tid: i + 1, args: { sort_index: i } };
    }

    // Each unit's slice: at its virtual time, or 1 µs after the previous one.
    const starts: number[] = [];
    let previous = -Infinity;
    for (const unit of view.units) {
      const ts = Math.max(Math.round(unit.time * 1e9) / 1e3, previous + STEP_US);
      starts.push(ts);
      previous = ts;
    }
    // Flow arrows are pinned inside the slices they join (the middle of each), as the format binds them to the enclosing slice.
    const mid = (unit: number): number => starts[unit]! + STEP_US / 2;
    type Numbered = { readonly id: number; readonly flow: Flow };
    const outgoing = new Map<number, Numbered[]>();
    const incoming = new Map<number, Numbered[]>();
    for (const flow of view.flows) {
      const entry = { id: nextFlowId++, flow };
      push(outgoing, flow.from, entry);
      push(incoming, flow.to, entry);
    }

    for (const unit of view.units) {
      const tid = tids.get(unit.task)!;
      const ts = starts[unit.index]!;
      const lines = unit.events.map((e) => (e.detail === '' ? e.event : `${e.event} ${e.detail}`));
      const name = lines.length === 0 ? 'ran (untraced step)' : shorten(lines.join(' · '));
      const args: Record<string, unknown> = { step: unit.step, time: formatTime(unit.time), events: lines };
      if (unit.deviations.length > 0) args['deviation'] = unit.deviations.map(describeChoice).join('; ');
      yield { name, cat: 'step', ph: 'X', ts, dur: STEP_US, pid, tid, args };
      for (const e of unit.events) {
        if (e.event === 'log') yield { name: shorten(`log: ${e.detail}`), cat: 'log', ph: 'i', s: 't', ts, pid, tid, args: { text: e.detail } };
      }
      for (const d of unit.deviations) yield { name: `⚑ ${describeChoice(d)}`, cat: 'deviation', ph: 'i', s: 't', ts, pid, tid, args: { ...d } };
      for (const { id, flow } of incoming.get(unit.index) ?? []) {
        yield { name: flow.kind, cat: flow.kind, ph: 'f', bp: 'e', id, ts: mid(unit.index), pid, tid, args: { label: flow.label } };
      }
      for (const { id, flow } of outgoing.get(unit.index) ?? []) {
        yield { name: flow.kind, cat: flow.kind, ph: 's', id, ts: mid(unit.index), pid, tid, args: { label: flow.label } };
      }
    }
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function shorten(text: string): string {
  return [...text].length <= NAME_LENGTH ? text : [...text].slice(0, NAME_LENGTH - 1).join('') + '…';
}
