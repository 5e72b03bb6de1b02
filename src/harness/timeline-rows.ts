/**
 * The rows of a timeline: each trace event described in a few words, in the
 * lane it is about — a spawn or a wake-up in the lane of the task spawned or
 * woken, everything else in the lane of the task that did it; a delivery
 * names its sender, a wake-up its waker (from the flows of run-view.ts).
 *
 * Must not: lay anything out (timeline.ts does), or run anything.
 */
import type { TraceEvent } from '../kernel/index.js';
import { NO_TASK, splitName, type RunView, type Unit } from './run-view.js';

/** One row: an event (or the bare step a deviation picked), in its lane. */
export interface TimelineRow {
  readonly unit: Unit;
  /** One row of each unit carries the unit's deviations: its first in the unit's own lane. */
  readonly first: boolean;
  readonly lane: string;
  readonly text: string;
  /** Kept when the cell is cut: who sent, who woke, who spawned. */
  readonly suffix: string;
}

/** The rows of a run (or of some of its units), in trace order — what the timeline draws, for tests and other renderers. */
export function timelineRows(view: RunView, units: readonly Unit[] = view.units): TimelineRow[] {
  const known = new Set(view.lanes);
  const wanted = units === view.units ? null : new Set(units.map((u) => u.index));
  const senders = new Map<number, string[]>(); // unit → who sent each delivery it received, in order
  for (const f of view.flows) {
    if (f.kind !== 'message' || (wanted !== null && !wanted.has(f.to))) continue;
    const list = senders.get(f.to) ?? [];
    list.push(view.units[f.from]!.task);
    senders.set(f.to, list);
  }
  const rows: TimelineRow[] = [];
  for (const unit of units) {
    if (unit.events.length === 0) {
      const ran = unit.deviations.some((d) => d.kind === 'ready');
      rows.push({ unit, first: true, lane: unit.task, text: ran ? 'ran (untraced)' : 'chose', suffix: '' });
      continue;
    }
    const from = [...(senders.get(unit.index) ?? [])];
    const described = unit.events.map((e) => describeEvent(e, known, from));
    // The mark goes on the unit's first row in its own lane (a spawn or a wake-up it caused is drawn in
    // another) — or, for a layer's own choice (which waiter a lock wakes), on the row of the one chosen.
    const chosen = unit.deviations.find((d) => d.kind !== 'ready')?.chose;
    const inChosen = chosen === undefined ? -1 : described.findIndex(([lane]) => lane === chosen);
    const own = inChosen !== -1 ? inChosen : Math.max(0, described.findIndex(([lane]) => lane === unit.task));
    described.forEach(([lane, text, suffix], i) => rows.push({ unit, first: i === own, lane, text, suffix }));
  }
  return rows;
}

/** The lane an event is drawn in, without describing it (for counting over long runs). */
export function laneOf(e: TraceEvent, known: ReadonlySet<string>): string {
  if (e.event === 'spawn') return e.detail;
  if (e.event === 'wake') return splitName(e.detail, known)[0];
  return e.task;
}

// Display only: a message's JSON keys without their quotes (`{op:"pay",amount:50}`) — lanes are narrow.
const QUOTED_KEY = /"([A-Za-z_$][\w$]*)":/g;
const compact = (text: string): string => text.replace(QUOTED_KEY, '$1:');

function describeEvent(e: TraceEvent, known: ReadonlySet<string>, senders: string[]): [string, string, string] {
  const by = (who: string, word: string): string => (who === NO_TASK ? '' : ` ${word} ${who}`);
  switch (e.event) {
    case 'spawn':
      return [e.detail, 'spawned', by(e.task, 'by')];
    case 'wake': {
      const [woken, label] = splitName(e.detail, known);
      return [woken, e.task === NO_TASK ? `woken: ${label}` : `woken by ${e.task}: ${label}`, ''];
    }
    case 'recv':
      // An actor's priming delivery (newActor) has no sender; every other delivery has one.
      return [e.task, e.detail === 'undefined' && senders.length === 0 ? 'primed' : `recv ${compact(e.detail)}`, senders.length > 0 ? by(senders.shift()!, 'from') : ''];
    case 'swallowed':
      return [e.task, `swallowed ${compact(e.detail)} (finished)`, senders.length > 0 ? by(senders.shift()!, 'from') : ''];
    case 'send': {
      const [to, msg] = splitName(e.detail, known);
      return [e.task, `→ ${to} ${compact(msg)}`, ''];
    }
    case 'dead-letter': {
      const [to, msg] = splitName(e.detail, known);
      return [e.task, `dead letter → ${to} ${compact(msg)}`, ''];
    }
    case 'await':
      return [e.task, `waits on ${e.detail}`, ''];
    case 'done':
      return [e.task, 'done', ''];
    case 'result':
      return [e.task, `done → ${e.detail}`, ''];
    case 'raise':
    case 'raised':
      return [e.task, `✗ raised ${e.detail}`, ''];
    case 'cancelled':
      return [e.task, 'cancelled', ''];
    case 'log':
      return [e.task, `log: ${e.detail}`, ''];
    case 'shutdown':
      return [e.task, `shutdown: cancels ${e.detail}`, ''];
    default:
      return [e.task, e.detail === '' ? e.event : `${e.event} ${e.detail}`, ''];
  }
}
