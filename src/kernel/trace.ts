/**
 * The trace: what ran, when, and what it did — one event per line of
 * (step, virtual time, task, event, detail), with a stable hash.
 *
 * Owns: recording, the plain-text rendering and the hash. The hash is computed
 * incrementally over the rendered lines, so a run can keep only the hash
 * (`trace: 'hash'`) and still be compared with another run without holding
 * millions of events in memory. Must not: depend on anything ambient (the
 * hash is a pure function of the lines: the same on every machine).
 */
import { formatTime } from './describe.js';

export interface TraceEvent {
  readonly step: number;
  readonly time: number;
  readonly task: string;
  readonly event: string;
  readonly detail: string;
}

export type TraceMode = boolean | 'hash';

export class Trace {
  private readonly steps: number[] = [];
  private readonly times: number[] = [];
  private readonly tasks: string[] = [];
  private readonly kinds: string[] = [];
  private readonly details: string[] = [];
  private count = 0;
  // Two 32-bit lanes in the manner of cyrb53 (public domain, bryc): cheap,
  // well mixed, and plain integer arithmetic, so stable everywhere.
  private h1 = 0xdeadbeef;
  private h2 = 0x41c6ce57;

  constructor(readonly keepEvents = true) {}

  get length(): number {
    return this.count;
  }

  record(step: number, time: number, task: string, event: string, detail: string): void {
    this.count++;
    this.mix(renderLine(step, time, task, event, detail));
    if (!this.keepEvents) return;
    this.steps.push(step);
    this.times.push(time);
    this.tasks.push(task);
    this.kinds.push(event);
    this.details.push(detail);
  }

  events(): TraceEvent[] {
    this.requireEvents('events()');
    const out: TraceEvent[] = [];
    for (let i = 0; i < this.steps.length; i++) {
      out.push({ step: this.steps[i]!, time: this.times[i]!, task: this.tasks[i]!, event: this.kinds[i]!, detail: this.details[i]! });
    }
    return out;
  }

  /** One line per event: `<step> t=<time> <task> <event> <detail>`. */
  render(): string {
    this.requireEvents('render()');
    let out = '';
    for (let i = 0; i < this.steps.length; i++) {
      out += renderLine(this.steps[i]!, this.times[i]!, this.tasks[i]!, this.kinds[i]!, this.details[i]!) + '\n';
    }
    return out;
  }

  /** 16 hex digits identifying the whole sequence of events. */
  hash(): string {
    let h1 = this.h1;
    let h2 = this.h2;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return hex32(h2 ^ this.count) + hex32(h1);
  }

  private mix(line: string): void {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    // a line separator, so that ("ab","c") and ("a","bc") differ
    h1 = Math.imul(h1 ^ 10, 2654435761);
    h2 = Math.imul(h2 ^ 10, 1597334677);
    this.h1 = h1;
    this.h2 = h2;
  }

  private requireEvents(what: string): void {
    if (!this.keepEvents) {
      throw new Error(`Trace.${what}: this run kept only the trace hash (trace: 'hash'); run with { trace: true } to keep the events`);
    }
  }
}

export function renderLine(step: number, time: number, task: string, event: string, detail: string): string {
  const t = formatTime(time);
  return detail === '' ? `${step} t=${t} ${task} ${event}` : `${step} t=${t} ${task} ${event} ${detail}`;
}

function hex32(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}
