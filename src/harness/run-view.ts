/**
 * A run's trace read as a picture: lanes (one per task or actor), units (the
 * events one lane recorded in one step), the deviations from FIFO placed on
 * the unit they picked, and flows between units — a message from its send to
 * its delivery, a wake-up from the step that resolved what a task waited on
 * to the task's next traced step, a spawn to the new task's first step, a
 * sleeping TaskScheduler task to the step it wakes in.
 *
 * Owns: reading the events the layers emit (src/schedulers, src/aio: spawn,
 * yield, sleep, done, raise, send, recv, swallowed, dead-letter, await,
 * wake, result, raised, cancelled, log, exception, shutdown). The terminal
 * timeline (timeline.ts) and the Chrome trace (chrome-trace.ts) are both
 * drawn from this view. Must not: run anything or read anything ambient.
 *
 * Limits, by what the trace holds: a send is matched to the earliest pending
 * delivery of the same rendered message to the same actor, exact unless two
 * senders send the same text to one actor and a strategy swaps them (the
 * arrows of the two identical messages are then swapped); an asyncio step
 * that records nothing (a bare `yield`, an internal callback) has no unit,
 * so a flow ends at the woken task's next step that recorded something.
 */
import type { TraceEvent } from '../kernel/index.js';
import type { Decision } from '../strategies/index.js';

/** The trace's name for "no task": the scenario's own code between runs, timers, callbacks. */
export const NO_TASK = '-';

/** What one kernel recorded, and the deviations from FIFO its run took. */
export interface TracePart {
  readonly events: readonly TraceEvent[];
  readonly deviations: readonly Decision[];
}

export interface Unit {
  readonly index: number;
  readonly step: number;
  readonly time: number;
  /** The task or actor that recorded these events, or NO_TASK. */
  readonly task: string;
  /** Empty for a unit made for a deviation whose step recorded nothing. */
  readonly events: readonly TraceEvent[];
  /** The deviations from FIFO that picked this unit (usually none, at most one `ready` choice). */
  readonly deviations: Decision[];
}

export type FlowKind = 'message' | 'wake' | 'spawn' | 'timer';

export interface Flow {
  readonly kind: FlowKind;
  /** Unit indices: where the arrow starts and where it ends. */
  readonly from: number;
  readonly to: number;
  /** The message, what was waited on, the sleep. */
  readonly label: string;
}

export interface RunView {
  /** Every task and actor, in order of first appearance; NO_TASK last, when it recorded anything. */
  readonly lanes: readonly string[];
  readonly units: readonly Unit[];
  /** Sorted by `to`. */
  readonly flows: readonly Flow[];
}

export function viewRun(part: TracePart): RunView {
  const units = placeDeviations(groupUnits(part.events), part.deviations);
  const lanes = laneNames(part.events, units);
  return { lanes, units, flows: findFlows(units, new Set(lanes)) };
}

function groupUnits(events: readonly TraceEvent[]): Unit[] {
  const units: Unit[] = [];
  let current: { step: number; task: string; events: TraceEvent[] } | null = null;
  for (const e of events) {
    if (current === null || current.step !== e.step || current.task !== e.task) {
      current = { step: e.step, task: e.task, events: [] };
      units.push({ index: units.length, step: e.step, time: e.time, task: e.task, events: current.events, deviations: [] });
    }
    current.events.push(e);
  }
  return units;
}

/**
 * A `ready` choice picks the step it names (the Recorder stamps the step about
 * to run); a layer's own choice (timer jitter, which waiter wakes) is stamped
 * with the step it was made in (strategies/schedule.ts, stepOf). A deviation
 * whose step recorded nothing gets a unit of its own, so that every deviation
 * has a row.
 */
function placeDeviations(units: readonly Unit[], deviations: readonly Decision[]): Unit[] {
  if (deviations.length === 0) return [...units];
  // One merge pass over both (both are in step order): a run can have a million deviations.
  const sorted = [...deviations].sort((x, y) => x.step - y.step);
  const out: Unit[] = [];
  let u = 0;
  for (let k = 0; k < sorted.length; ) {
    const step = sorted[k]!.step;
    while (u < units.length && units[u]!.step < step) out.push(units[u++]!);
    const from = u;
    while (u < units.length && units[u]!.step === step) u++;
    const atStep = units.slice(from, u);
    const made: Unit[] = [];
    for (; k < sorted.length && sorted[k]!.step === step; k++) {
      const d = sorted[k]!;
      const target = atStep.find((x) => x.task === d.chose) ?? made.find((x) => x.task === d.chose) ?? (d.kind === 'ready' ? undefined : atStep[0]);
      if (target !== undefined) target.deviations.push(d);
      else made.push({ index: -1, step, time: d.time, task: d.chose, events: [], deviations: [d] });
    }
    out.push(...made, ...atStep);
  }
  while (u < units.length) out.push(units[u++]!);
  return out.map((unit, index) => (unit.index === index ? unit : { ...unit, index }));
}

function laneNames(events: readonly TraceEvent[], units: readonly Unit[]): string[] {
  const seen = new Set<string>();
  const add = (name: string): void => void seen.add(name);
  for (const e of events) {
    add(e.task);
    if (e.event === 'spawn') add(e.detail);
  }
  for (const u of units) add(u.task);
  const lanes = [...seen].filter((n) => n !== NO_TASK);
  if (seen.has(NO_TASK)) lanes.push(NO_TASK);
  return lanes;
}

/** `ran worker-2 instead of worker-1`, or for a layer's own choice its kind and candidate. */
export function describeChoice(d: Decision): string {
  if (d.kind === 'ready') return d.chose === d.fifo ? `ran a later entry of ${d.chose} first` : `ran ${d.chose} instead of ${d.fifo}`;
  return `${d.kind}: took ${d.index} of ${d.count} (${d.chose}) instead of 0 (${d.fifo})`;
}

/**
 * Splits `<name> <rest>` where the name may itself hold spaces: the longest
 * known name the detail starts with, else the first word.
 */
export function splitName(detail: string, known: ReadonlySet<string>): [string, string] {
  let best: string | null = known.has(detail) ? detail : null;
  if (best === null) {
    for (let i = detail.indexOf(' '); i !== -1; i = detail.indexOf(' ', i + 1)) {
      const prefix = detail.slice(0, i);
      if (known.has(prefix)) best = prefix;
    }
  }
  if (best === null) {
    const space = detail.indexOf(' ');
    return space === -1 ? [detail, ''] : [detail.slice(0, space), detail.slice(space + 1)];
  }
  return [best, detail.slice(best.length + 1)];
}

interface Pending {
  readonly text: string;
  readonly unit: number;
  readonly kind: FlowKind;
}

function findFlows(units: readonly Unit[], known: ReadonlySet<string>): Flow[] {
  const flows: Flow[] = [];
  const deliveries = new Map<string, Pending[]>(); // per actor: sends and primings not yet received
  const next = new Map<string, Pending>(); // per task: what its next unit continues (spawn, wake, sleep)
  const queue = (name: string): Pending[] => {
    let q = deliveries.get(name);
    if (q === undefined) deliveries.set(name, (q = []));
    return q;
  };
  for (const unit of units) {
    const delivered = unit.events.some((e) => e.event === 'recv' || e.event === 'swallowed');
    const waiting = next.get(unit.task);
    // A delivery's own arrow (from its send or its spawn) says why an actor ran; otherwise the pending continuation does.
    if (waiting !== undefined && !(delivered && waiting.kind === 'spawn')) {
      flows.push({ kind: waiting.kind, from: waiting.unit, to: unit.index, label: waiting.text });
      next.delete(unit.task);
    }
    for (const e of unit.events) {
      switch (e.event) {
        case 'spawn':
          next.set(e.detail, { kind: 'spawn', unit: unit.index, text: e.detail });
          queue(e.detail).push({ kind: 'spawn', unit: unit.index, text: 'undefined' }); // an actor's priming delivery
          break;
        case 'send': {
          const [to, msg] = splitName(e.detail, known);
          queue(to).push({ kind: 'message', unit: unit.index, text: msg });
          break;
        }
        case 'recv':
        case 'swallowed': {
          const q = queue(unit.task);
          const at = q.findIndex((p) => p.text === e.detail);
          if (at === -1) break;
          const [p] = q.splice(at, 1);
          flows.push({ kind: p!.kind, from: p!.unit, to: unit.index, label: p!.kind === 'spawn' ? 'priming' : e.detail });
          if (p!.kind === 'spawn') next.delete(unit.task);
          break;
        }
        case 'wake': {
          const [woken, label] = splitName(e.detail, known);
          next.set(woken, { kind: 'wake', unit: unit.index, text: label });
          break;
        }
        case 'sleep': // a TaskScheduler task parks on the clock
          next.set(unit.task, { kind: 'timer', unit: unit.index, text: `sleep ${e.detail}` });
          break;
        case 'await': // asyncio.sleep: the timer wakes the task (a wake event, when one is recorded, says so instead)
          if (e.detail.startsWith('sleep(')) next.set(unit.task, { kind: 'timer', unit: unit.index, text: e.detail });
          break;
      }
    }
  }
  return flows.sort((a, b) => a.to - b.to || a.from - b.from);
}
