/**
 * `--trace text|json|chrome`, `--out FILE` and `--window A..B` for `simloop
 * run` and `simloop replay`: parsing the flags, and turning a traced run into
 * the asked format —
 *   text    the timeline (harness/timeline.ts), lanes sized to the terminal;
 *   json    the raw trace events, an array of {step, time, task, event,
 *           detail} (with `kernel`, numbered from 1, when the scenario built
 *           more than one scheduler);
 *   chrome  the Chrome trace-event JSON that Perfetto and chrome://tracing open.
 * Without --out the trace goes to stdout; json and chrome then keep stdout for
 * the JSON document alone (the run's own lines go to stderr), so that
 * `simloop run x.ts --trace json > trace.json` is valid JSON.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { chromeEvents, OTHER_DATA, renderTimeline, type TracePart } from '../harness/index.js';
import { UsageError } from './load.js';

export const TRACE_FORMATS = ['text', 'json', 'chrome'] as const;
export type TraceFormat = (typeof TRACE_FORMATS)[number];

export interface TraceRequest {
  readonly format: TraceFormat;
  /** Write here instead of stdout. */
  readonly out?: string;
  /** Only these steps in the text timeline. */
  readonly window?: { readonly from: number; readonly to: number };
}

/** The trace flags, checked together: `--out` and `--window` mean nothing without `--trace`. */
export function traceRequest(trace: string | undefined, out: string | undefined, window: string | undefined): TraceRequest | undefined {
  if (trace === undefined) {
    if (out !== undefined) throw new UsageError(`--out ${out} writes a trace: add --trace text, json or chrome`);
    if (window !== undefined) throw new UsageError(`--window ${window} selects the steps of a timeline: add --trace text`);
    return undefined;
  }
  if (!(TRACE_FORMATS as readonly string[]).includes(trace)) {
    throw new UsageError(`--trace expected one of ${TRACE_FORMATS.join(', ')}, got "${trace}"`);
  }
  const format = trace as TraceFormat;
  if (out !== undefined && out.trim() === '') throw new UsageError('--out expected a file name, got an empty string');
  let steps: { from: number; to: number } | undefined;
  if (window !== undefined) {
    if (format !== 'text') throw new UsageError(`--window ${window} applies to --trace text; ${format} traces always hold every step`);
    const m = /^(\d+)\.\.(\d+)$/.exec(window.trim());
    if (m === null) throw new UsageError(`--window expected a step range A..B (e.g. --window 100..200), got "${window}"`);
    const [from, to] = [Number(m[1]), Number(m[2])];
    if (from > to) throw new UsageError(`--window ${window}: the range is empty (${from} > ${to}); write --window ${to}..${from}`);
    steps = { from, to };
  }
  return { format, ...(out !== undefined && { out }), ...(steps !== undefined && { window: steps }) };
}

/** True when stdout must carry only the JSON trace: the run's own lines go to stderr. */
export function stdoutIsTrace(request: TraceRequest | undefined): boolean {
  return request !== undefined && request.out === undefined && request.format !== 'text';
}

export interface FormatContext {
  /** The scenario, named in the Chrome trace's process. */
  readonly scenario: string;
  /** Total width of the text timeline (default 120). */
  readonly width?: number;
}

export function formatTrace(format: TraceFormat, parts: readonly TracePart[], context: FormatContext, window?: TraceRequest['window']): string {
  let text = '';
  for (const chunk of traceChunks(format, parts, context, window)) text += chunk;
  return text;
}

const BATCH = 10_000; // events per chunk written: a million-message run never becomes one string

/** The trace in the asked format, in pieces that concatenate to the whole document. */
export function* traceChunks(format: TraceFormat, parts: readonly TracePart[], context: FormatContext, window?: TraceRequest['window']): Generator<string> {
  switch (format) {
    case 'text':
      yield renderTimeline(parts, { ...(context.width !== undefined && { width: context.width }), ...(window !== undefined && { window }) });
      return;
    case 'json': {
      // One event per line: readable, diffable, and still one JSON document.
      const several = parts.length > 1;
      const lines = (function* () {
        for (let k = 0; k < parts.length; k++) for (const e of parts[k]!.events) yield JSON.stringify(several ? { ...e, kernel: k + 1 } : e);
      })();
      yield* jsonArray(lines, '[', ']\n');
      return;
    }
    case 'chrome': {
      const events = (function* () {
        for (const e of chromeEvents(parts, { scenario: context.scenario })) yield JSON.stringify(e);
      })();
      yield* jsonArray(events, '{"traceEvents":[', `],"displayTimeUnit":"ms","otherData":${JSON.stringify(OTHER_DATA)}}\n`);
      return;
    }
  }
}

function* jsonArray(items: Iterable<string>, open: string, close: string): Generator<string> {
  let chunk = open;
  let n = 0;
  for (const item of items) {
    chunk += (n === 0 ? '\n' : ',\n') + item;
    if (++n % BATCH === 0) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk + (n === 0 ? '' : '\n') + close;
}

/**
 * Writes the trace where it was asked for; returns the line to tell the user
 * when it went to a file (null when it went to stdout).
 */
export function emitTrace(request: TraceRequest, parts: readonly TracePart[], scenario: string): string | null {
  const toFile = request.out !== undefined;
  // A terminal's width for a timeline shown on it; a fixed width for files and pipes, so they read the same everywhere.
  const width = !toFile && process.stdout.isTTY === true ? process.stdout.columns : undefined;
  const chunks = traceChunks(request.format, parts, { scenario, ...(width !== undefined && { width }) }, request.window);
  if (!toFile) {
    for (const chunk of chunks) process.stdout.write(chunk);
    return null;
  }
  let fd: number;
  try {
    fd = openSync(request.out!, 'w');
  } catch (error) {
    throw new UsageError(`--out ${request.out}: cannot write the trace there (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    for (const chunk of chunks) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  const events = parts.reduce((n, p) => n + p.events.length, 0);
  const hint = request.format === 'chrome' ? ' — open it in ui.perfetto.dev (Open trace file) or chrome://tracing' : '';
  return `trace (${request.format}, ${events} events) written to ${request.out}${hint}`;
}
