/**
 * What a conformance kit says when a scheduler breaks a law: the law, what
 * was observed, the minimal counterexample (fast-check's shrunk value,
 * rendered as the calls that reproduce it), fast-check's { seed, path } and
 * the exact call that replays it.
 */
import type { ActorProgram, ActorWorkload, TaskProgram } from './workloads.js';

export interface ConformanceFailure {
  /** 'task' (checkTaskScheduler) or 'actor' (checkActorScheduler). */
  readonly kit: 'task' | 'actor';
  /** The law broken. */
  readonly law: string;
  /** The law whose property found it (the one to replay); usually `law` itself. */
  readonly checking: string;
  /** What went wrong, in one or a few lines. */
  readonly detail: string;
  /** What the scheduler did on the counterexample (resumption or delivery log), if useful. */
  readonly observed: string | null;
  /** The minimal counterexample, rendered. */
  readonly counterexample: string;
  /** The minimal counterexample, as generated (task programs, actor workload, a count...). */
  readonly value: unknown;
  /** The counterexample first found, before shrinking (rendered), if it differs. */
  readonly firstFound: string | null;
  /** fast-check's seed and path (null for a law that is not a random property). */
  readonly seed: number | null;
  readonly path: string | null;
  /** The options that replay exactly this failure. */
  readonly replay: Readonly<Record<string, unknown>>;
  /** The call that replays it, ready to paste. */
  readonly replayCall: string;
}

/** Thrown by checkTaskScheduler / checkActorScheduler when a scheduler breaks a law. */
export class ConformanceError extends Error implements ConformanceFailure {
  override name = 'ConformanceError';
  readonly kit: 'task' | 'actor';
  readonly law: string;
  readonly checking: string;
  readonly detail: string;
  readonly observed: string | null;
  readonly counterexample: string;
  readonly value: unknown;
  readonly firstFound: string | null;
  readonly seed: number | null;
  readonly path: string | null;
  readonly replay: Readonly<Record<string, unknown>>;
  readonly replayCall: string;

  constructor(failure: ConformanceFailure) {
    super(formatConformanceFailure(failure));
    this.kit = failure.kit;
    this.law = failure.law;
    this.checking = failure.checking;
    this.detail = failure.detail;
    this.observed = failure.observed;
    this.counterexample = failure.counterexample;
    this.value = failure.value;
    this.firstFound = failure.firstFound;
    this.seed = failure.seed;
    this.path = failure.path;
    this.replay = failure.replay;
    this.replayCall = failure.replayCall;
  }
}

const indent = (text: string, by: string): string => text.split('\n').map((line) => by + line).join('\n');

export function formatConformanceFailure(f: ConformanceFailure): string {
  const lines = [
    `${f.kit === 'task' ? 'task' : 'actor'} scheduler breaks the law "${f.law}"${f.checking !== f.law ? ` (found while checking "${f.checking}")` : ''}`,
    indent(f.detail, '  '),
    `  minimal counterexample:`,
    indent(f.counterexample, '    '),
  ];
  if (f.observed !== null) lines.push(`  observed:`, indent(f.observed, '    '));
  if (f.firstFound !== null) lines.push(`  first found (before shrinking):`, indent(f.firstFound, '    '));
  if (f.seed !== null) lines.push(`  fast-check: { seed: ${f.seed}, path: ${JSON.stringify(f.path)} }`);
  lines.push(`  replay: ${f.replayCall}`);
  return lines.join('\n');
}

/** `{ seed: 1, path: "0:2", laws: ["round robin"] }` */
export function renderOptions(options: Readonly<Record<string, unknown>>): string {
  const entries = Object.entries(options).filter(([, v]) => v !== undefined);
  return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ')} }`;
}

// ---- counterexamples, readably ----------------------------------------------

const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

function describeTask(program: TaskProgram, depth: number): string[] {
  const throwsAt = program.resumptions.findIndex((ops) => ops.some((op) => 'throw' in op));
  const reached = throwsAt >= 0 ? program.resumptions.slice(0, throwsAt + 1) : program.resumptions;
  const events: string[] = [];
  const children: TaskProgram[] = [];
  reached.forEach((ops, i) => {
    for (const op of ops) {
      if ('throw' in op) {
        events.push(`at resumption ${i} throws UserError("${op.throw}")`);
        break;
      }
      events.push(`at resumption ${i} adds ${op.spawn.name}`);
      children.push(op.spawn);
    }
  });
  const life = throwsAt >= 0 ? `yields ${plural(throwsAt, 'time')}, then throws` : `yields ${plural(program.resumptions.length - 1, 'time')}, then returns`;
  const head = `${'  '.repeat(depth)}${program.name}: ${life}${events.length > 0 ? `; ${events.join('; ')}` : ''}`;
  return [head, ...children.flatMap((child) => describeTask(child, depth + 1))];
}

/** The tasks of a workload: each added in order, then run(). */
export function renderTaskPrograms(programs: readonly TaskProgram[]): string {
  return [
    `addTask(${programs.map((p) => p.name).join('), addTask(')}), then run() (again after each UserError):`,
    ...programs.flatMap((p) => describeTask(p, 1)),
  ].join('\n');
}

function describeActor(program: ActorProgram): string {
  const parts = [program.limit >= 1e9 ? 'never returns' : `returns after ${plural(program.limit, 'message')}`];
  parts.push(`on m > 0 sends m-1 to ${program.targets.map((t) => JSON.stringify(t)).join(' and ')}`);
  if (program.throwOn !== null) parts.push(`throws on ${program.throwOn}`);
  if (program.spawnOn !== null) parts.push(`on ${program.spawnOn.at} calls newActor(${JSON.stringify(program.spawnOn.actor.name)}, <${describeActor(program.spawnOn.actor)}>)`);
  return parts.join('; ');
}

/** An actor workload: the actors registered in order, the sends, then run(). */
export function renderActorWorkload(workload: ActorWorkload): string {
  return [
    ...workload.actors.map((a) => `newActor(${JSON.stringify(a.name)}, <${describeActor(a)}>)`),
    ...workload.sends.map(([to, m]) => `send(${JSON.stringify(to)}, ${m})`),
    'run() (again after each UserError)',
  ].join('\n');
}

/** A log, a few entries a line. */
export function renderLog(entries: readonly string[], perLine = 8, max = 120): string {
  const shown = entries.slice(0, max);
  const lines: string[] = [];
  for (let i = 0; i < shown.length; i += perLine) lines.push(shown.slice(i, i + perLine).join(', '));
  if (entries.length > max) lines.push(`... (${entries.length - max} more)`);
  return lines.join('\n');
}
