/**
 * The terminal timeline of a run: one lane (column) per task or actor, step
 * and virtual time down the side, one row per trace event, written in the
 * lane it is about — a spawn and a wake-up in the lane of the task spawned or
 * woken, everything else in the lane of the task that did it. Deliveries name
 * their sender, wake-ups their waker. A deviation from FIFO is marked `▶` in
 * the margin of the row it picked, with `⚑ ran X instead of Y` at the end.
 *
 * Readability, decided here:
 * - Width: lanes share `width` columns (default 120), each between 12 and 32
 *   characters; a cell too long is cut with `…`, keeping its last words
 *   ("from teller", "by producer").
 * - Many lanes: when they do not fit at 12 characters, the first lanes that
 *   fit get columns — those with deviations first, then the busiest — and the
 *   rest share one last column, "(N others)", each cell prefixed by its lane.
 *   No event is ever dropped for lack of columns.
 * - Long runs: `window: { from, to }` keeps the steps in that range; without
 *   one, past `maxRows` rows (default 400) the middle is elided — the first
 *   and last rows stay, and a few rows around each deviation, up to another
 *   `maxRows` of them — with a line saying which steps (and how many
 *   deviations) were left out.
 *
 * Must not: run anything (it draws a trace already recorded).
 */
import { formatTime } from '../kernel/index.js';
import { NO_TASK, describeChoice, viewRun, type TracePart, type Unit } from './run-view.js';
import { laneOf, timelineRows } from './timeline-rows.js';

export { timelineRows, type TimelineRow } from './timeline-rows.js';

export interface TimelineOptions {
  /** Total width in characters (default 120). */
  readonly width?: number;
  /** Only the steps in [from, to] (both inclusive, either optional). */
  readonly window?: { readonly from?: number; readonly to?: number };
  /** Without a window, rows past this are elided from the middle (default 400). */
  readonly maxRows?: number;
}

const MIN_LANE = 12;
const MAX_LANE = 32;
const CONTEXT = 2; // rows kept on each side of a deviation when eliding
const NO_TASK_LANE = '(loop)';

/** Renders one or more kernels' traces (a scenario may build several schedulers). */
export function renderTimeline(parts: readonly TracePart[], options: TimelineOptions = {}): string {
  if (parts.length === 1) return renderPart(parts[0]!, options);
  return parts.map((part, i) => `── scheduler ${i + 1} of ${parts.length}\n${renderPart(part, options)}`).join('\n');
}

// Built for long runs (a million messages): rows are described only for the units shown, and nothing
// spreads a run-sized array into a call.
function renderPart(part: TracePart, options: TimelineOptions): string {
  const view = viewRun(part);
  const known = new Set(view.lanes);
  const width = Math.max(40, options.width ?? 120);
  const window = options.window;
  const units = window === undefined ? view.units : view.units.filter((u) => u.step >= (window.from ?? -Infinity) && u.step <= (window.to ?? Infinity));
  if (units.length === 0) return window === undefined ? '(no events traced)\n' : `(no events traced in steps ${windowText(window)})\n`;

  // Where each unit's rows start, and which rows are shown.
  const starts: number[] = [];
  let total = 0;
  for (const u of units) {
    starts.push(total);
    total += Math.max(1, u.events.length);
  }
  const kept = keptRanges(units, starts, total, window === undefined ? (options.maxRows ?? 400) : Infinity);
  const unitsCursor = new RangeCursor(kept);
  const shown = units.flatMap((u, k) => (unitsCursor.overlaps(starts[k]!, starts[k]! + Math.max(1, u.events.length) - 1) ? [k] : []));
  const rows = timelineRows(
    view,
    shown.map((k) => units[k]!),
  );
  const rowIndex: number[] = []; // each built row's index among all rows
  for (const k of shown) for (let j = 0; j < Math.max(1, units[k]!.events.length); j++) rowIndex.push(starts[k]! + j);

  // Lanes, busy-ness and ranges over every unit in view, not only those shown.
  const laneRows = new Map<string, number>();
  const count = (lane: string, n: number): void => void laneRows.set(lane, (laneRows.get(lane) ?? 0) + n);
  let minTime = Infinity;
  let maxTime = -Infinity;
  for (const u of units) {
    if (u.events.length === 0) count(u.task, 1);
    for (const e of u.events) count(laneOf(e, known), 1);
    for (const d of u.deviations) count(d.chose, 1e9); // a lane with a deviation keeps its column
    if (u.time < minTime) minTime = u.time;
    if (u.time > maxTime) maxTime = u.time;
  }
  const lanes = view.lanes.filter((l) => laneRows.has(l));

  let stepWidth = 4;
  let timeWidth = 4;
  for (const r of rows) {
    stepWidth = Math.max(stepWidth, String(r.unit.step).length);
    timeWidth = Math.max(timeWidth, formatTime(r.unit.time).length + 2);
  }
  timeWidth += 1;
  const gutter = 2 + stepWidth + 1 + timeWidth;
  const columns = chooseColumns(lanes, laneRows, Math.floor((width - gutter) / (MIN_LANE + 3)));
  const laneWidth = Math.min(MAX_LANE, Math.max(MIN_LANE, Math.floor((width - gutter) / columns.names.length) - 3));

  const lines: string[] = [];
  lines.push(
    `${lanes.length} lane${lanes.length === 1 ? '' : 's'}, steps ${units[0]!.step}–${units[units.length - 1]!.step}, ` +
      `t=${formatTime(minTime)}–${formatTime(maxTime)}` +
      (part.deviations.length === 0 ? '' : `, ${part.deviations.length} deviation${part.deviations.length === 1 ? '' : 's'} from FIFO (▶ ⚑)`),
  );
  const header = columns.names.map((n) => cell(n === NO_TASK ? NO_TASK_LANE : n, '', laneWidth));
  lines.push(`${' '.repeat(2)}${'step'.padStart(stepWidth)} ${'time'.padEnd(timeWidth)}│ ${header.join(' │ ')}`.trimEnd());
  lines.push(`${'─'.repeat(gutter)}┼${columns.names.map(() => '─'.repeat(laneWidth + 2)).join('┼')}`);

  // Deviations before each unit, to say how many an elided stretch hides.
  const deviationsBefore: number[] = [0];
  for (const u of units) deviationsBefore.push(deviationsBefore[deviationsBefore.length - 1]! + u.deviations.length);
  const elide = (from: number, to: number): void => {
    if (to < from) return;
    const [first, last] = [lastAtMost(starts, from), lastAtMost(starts, to)];
    const hidden = deviationsBefore[last + 1]! - deviationsBefore[first]!;
    const among = hidden === 0 ? '' : `, ${hidden} deviation${hidden === 1 ? '' : 's'} among them`;
    lines.push(`  ⋮ ${to - from + 1} row${to === from ? '' : 's'} not shown (steps ${units[first]!.step}–${units[last]!.step}${among}; use a window to see them)`);
  };
  let previous: Unit | null = null;
  let next = 0; // the index (among all rows) of the row expected next
  const rowsCursor = new RangeCursor(kept);
  rows.forEach((row, i) => {
    const at = rowIndex[i]!;
    if (!rowsCursor.contains(at)) return;
    if (at > next) {
      elide(next, at - 1);
      previous = null;
    }
    next = at + 1;
    const marked = row.first && row.unit.deviations.length > 0;
    const newStep = previous === null || previous.step !== row.unit.step || marked;
    const side = `${marked ? '▶' : ' '} ${(newStep ? String(row.unit.step) : '').padStart(stepWidth)} ${(newStep ? `t=${formatTime(row.unit.time)}` : '').padEnd(timeWidth)}`;
    const cells = columns.names.map((name) => {
      if (name !== columns.lane(row.lane)) return ' '.repeat(laneWidth);
      return columns.shared(row.lane) ? cell(`${laneLabel(row.lane)}: ${row.text}`, row.suffix, laneWidth) : cell(row.text, row.suffix, laneWidth);
    });
    const note = marked ? `  ⚑ ${row.unit.deviations.map(describeChoice).join('; ')}` : '';
    lines.push(`${side}│ ${cells.join(' │ ')}${note}`.trimEnd());
    previous = row.unit;
  });
  elide(next, total - 1);
  return lines.join('\n') + '\n';
}

function laneLabel(name: string): string {
  return name === NO_TASK ? NO_TASK_LANE : name;
}

function windowText(window: { readonly from?: number; readonly to?: number }): string {
  return `${window.from ?? 0}..${window.to ?? '∞'}`;
}

/** `text` cut to `width` with `…`, the suffix kept whole when it fits; padded to `width`. */
export function cell(text: string, suffix: string, width: number): string {
  const full = text + suffix;
  const length = [...full].length;
  if (length <= width) return full + ' '.repeat(width - length);
  const keepSuffix = [...suffix].length <= width / 2 ? suffix : '';
  const room = width - 1 - [...keepSuffix].length;
  const cut = [...text].slice(0, Math.max(0, room)).join('') + '…' + keepSuffix;
  return cut + ' '.repeat(Math.max(0, width - [...cut].length));
}

interface Columns {
  readonly names: string[];
  /** The column a lane is drawn in. */
  lane(name: string): string;
  /** True for lanes drawn in the shared "others" column. */
  shared(name: string): boolean;
}

function chooseColumns(lanes: readonly string[], weight: ReadonlyMap<string, number>, fit: number): Columns {
  if (lanes.length <= Math.max(1, fit)) return { names: [...lanes], lane: (n) => n, shared: () => false };
  const own = Math.max(1, fit - 1);
  const ranked = [...lanes].sort((a, b) => weight.get(b)! - weight.get(a)! || lanes.indexOf(a) - lanes.indexOf(b));
  const chosen = new Set(ranked.slice(0, own));
  const names = lanes.filter((l) => chosen.has(l));
  const label = `(${lanes.length - names.length} others)`;
  return {
    names: [...names, label],
    lane: (n) => (chosen.has(n) ? n : label),
    shared: (n) => !chosen.has(n),
  };
}

type Ranges = readonly (readonly [number, number])[];

/**
 * Which rows to show when there are too many: the ends, and the rows around
 * the deviations (merged ranges, widened to whole units, so that a step is
 * shown or hidden as a whole).
 */
function keptRanges(units: readonly Unit[], starts: readonly number[], total: number, maxRows: number): Ranges {
  if (total <= maxRows) return [[0, total - 1]];
  const half = Math.max(1, Math.floor(maxRows / 2));
  const whole = (from: number, to: number): [number, number] => {
    const last = lastAtMost(starts, Math.min(to, total - 1));
    return [starts[lastAtMost(starts, Math.max(0, from))]!, starts[last]! + Math.max(1, units[last]!.events.length) - 1];
  };
  const ranges: [number, number][] = [whole(0, half - 1)];
  // Around the deviations, as many as another maxRows rows allow (a shrunk schedule has a few; a random run
  // can have thousands, and then only a window shows them all).
  let budget = maxRows;
  for (let k = 0; k < units.length && budget > 0; k++) {
    const u = units[k]!;
    if (u.deviations.length === 0) continue;
    const range = whole(starts[k]! - CONTEXT, starts[k]! + Math.max(1, u.events.length) - 1 + CONTEXT);
    budget -= range[1] - range[0] + 1;
    ranges.push(range);
  }
  ranges.push(whole(total - half, total - 1));
  ranges.sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of ranges) {
    const last = merged[merged.length - 1];
    // A gap of a few rows costs as many lines as the elision line itself: show it.
    if (last !== undefined && from <= last[1] + 1 + CONTEXT * 2) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/** Asks whether ascending positions fall in the (sorted, disjoint) ranges, walking them once. */
class RangeCursor {
  private at = 0;

  constructor(private readonly ranges: Ranges) {}

  contains(position: number): boolean {
    return this.overlaps(position, position);
  }

  /** For ascending `from`s: does [from, to] meet a range? */
  overlaps(from: number, to: number): boolean {
    while (this.at < this.ranges.length && this.ranges[this.at]![1] < from) this.at++;
    const range = this.ranges[this.at];
    return range !== undefined && range[0] <= to;
  }
}

/** The index of the last element of an ascending array that is <= value. */
function lastAtMost(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid]! <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
