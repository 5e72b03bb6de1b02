/**
 * Random workloads for the seed's schedulers, and how to run them: the
 * material of the conformance kits and of the property suites in
 * properties/ (which import them from here).
 *
 * A task is a list of resumptions (the last one returns, so a task with k
 * yields is resumed k+1 times); each resumption logs `<name> <i>` and may
 * spawn children or throw. An actor logs every message it gets, forwards
 * `m-1` to its targets while m > 0, and may throw, re-register a name, or
 * finish after `limit` messages. The same workloads run on the seed's Python
 * classes (properties/reference/seed_runner.py, which mirrors this file line
 * for line), so the logs can be compared.
 */
import fc from 'fast-check';

// ---- tasks ---------------------------------------------------------------

export type TaskOp = { readonly spawn: TaskProgram } | { readonly throw: string };

export interface TaskProgram {
  readonly name: string;
  readonly resumptions: readonly (readonly TaskOp[])[];
}

/** What the task kit needs of a scheduler: the seed's `add_task` and `run`. */
export interface TaskSchedulerLike {
  addTask(task: Iterator<unknown>): void;
  run(): void;
}

/** Raised by a task on purpose; the driver logs it and runs the scheduler again. */
export class UserError extends Error {
  override name = 'UserError';
}

type Shape = { readonly resumptions: readonly (readonly ShapeOp[])[] };
type ShapeOp = { readonly spawn: Shape } | { readonly throw: true };

function shapeArb(depth: number, throws: boolean): fc.Arbitrary<Shape> {
  const op: fc.Arbitrary<ShapeOp>[] = [];
  if (depth > 0) op.push(shapeArb(depth - 1, throws).map((spawn) => ({ spawn })));
  if (throws) op.push(fc.constant({ throw: true as const }));
  const none = fc.constant<ShapeOp[]>([]);
  const ops: fc.Arbitrary<ShapeOp[]> =
    op.length === 0
      ? none
      : fc.oneof({ weight: 6, arbitrary: none }, { weight: 1, arbitrary: fc.array(fc.oneof(...op), { minLength: 1, maxLength: 2 }) });
  return fc.array(ops, { minLength: 1, maxLength: 6 }).map((resumptions) => ({ resumptions }));
}

function named(shape: Shape, name: string): TaskProgram {
  let child = 0;
  return {
    name,
    resumptions: shape.resumptions.map((ops, i) =>
      ops.map((op): TaskOp => ('spawn' in op ? { spawn: named(op.spawn, `${name}.${child++}`) } : { throw: `${name}@${i}` })),
    ),
  };
}

export interface TaskWorkloadOptions {
  readonly maxTasks?: number;
  readonly spawnDepth?: number;
  readonly throws?: boolean;
}

export function taskWorkload(options: TaskWorkloadOptions = {}): fc.Arbitrary<TaskProgram[]> {
  const { maxTasks = 6, spawnDepth = 2, throws = false } = options;
  return fc
    .array(shapeArb(spawnDepth, throws), { minLength: 1, maxLength: maxTasks })
    .map((shapes) => shapes.map((shape, i) => named(shape, `t${i}`)));
}

/** Every program in a workload, children included, in a stable order. */
export function allPrograms(programs: readonly TaskProgram[]): TaskProgram[] {
  const out: TaskProgram[] = [];
  const visit = (p: TaskProgram): void => {
    out.push(p);
    for (const ops of p.resumptions) for (const op of ops) if ('spawn' in op) visit(op.spawn);
  };
  programs.forEach(visit);
  return out;
}

export function* taskGenerator(
  program: TaskProgram,
  log: string[],
  add: (task: Iterator<unknown>, program: TaskProgram) => void,
): Generator<number, void, unknown> {
  const last = program.resumptions.length - 1;
  for (let i = 0; i <= last; i++) {
    log.push(`${program.name} ${i}`);
    for (const op of program.resumptions[i]!) {
      if ('spawn' in op) {
        log.push(`${program.name} spawn ${op.spawn.name}`);
        add(taskGenerator(op.spawn, log, add), op.spawn);
      } else {
        throw new UserError(op.throw);
      }
    }
    if (i < last) yield i;
  }
}

/** The most times run() is retried after a task raised, before the driver gives up on a scheduler. */
const MAX_RERUNS = 1000;

/**
 * Adds the workload's tasks, runs the scheduler, and whenever a task raises,
 * logs `raised <message>` and runs it again (the seed lets the exception
 * escape run() and keeps the other tasks queued). `wrap` lets a law observe
 * every `next()` call the scheduler makes; `log` is filled as the run goes
 * (so it is there even if the run throws).
 */
export function runTaskWorkload(
  make: () => TaskSchedulerLike,
  programs: readonly TaskProgram[],
  wrap: (task: Iterator<unknown>, program: TaskProgram) => Iterator<unknown> = (t) => t,
  log: string[] = [],
): string[] {
  const scheduler = make();
  const add = (task: Iterator<unknown>, program: TaskProgram): void => scheduler.addTask(wrap(task, program));
  for (const program of programs) add(taskGenerator(program, log, add), program);
  for (let reruns = 0; ; reruns++) {
    try {
      scheduler.run();
      return log;
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      if (reruns === MAX_RERUNS) throw new Error(`run() raised ${MAX_RERUNS} times: a task that raised is being stepped again`);
      log.push(`raised ${error.message}`);
    }
  }
}

// ---- actors --------------------------------------------------------------

export interface ActorProgram {
  readonly name: string;
  /** Messages before the actor returns. */
  readonly limit: number;
  /** Where `m-1` goes for every message m > 0 (names may be unknown: dead letters). */
  readonly targets: readonly string[];
  /** Raise UserError on this message. */
  readonly throwOn: number | null;
  /** On this message, register a new actor (maybe under an existing name). */
  readonly spawnOn: { readonly at: number; readonly actor: ActorProgram } | null;
}

export interface ActorWorkload {
  readonly actors: readonly ActorProgram[];
  readonly sends: readonly (readonly [string, number])[];
}

/** What the actor kit needs of a scheduler: the seed's `new_actor`, `send` and `run`. */
export interface ActorSchedulerLike {
  newActor(name: string, actor: Iterator<unknown, unknown, unknown>): void;
  send(name: string, msg: unknown): void;
  run(): void;
}

/** An actor `limit` that is never reached: messages are at most 7 and each forwards at most two smaller ones. */
export const NEVER = 1_000_000_000;

export interface ActorWorkloadOptions {
  /** Now and then a target no actor has: a send to an unknown name (default true). */
  readonly unknownNames?: boolean;
  /** Actors that return after a few messages (default true); otherwise none ever finishes. */
  readonly finishing?: boolean;
  /** Actors that raise on some message (default true). */
  readonly throws?: boolean;
  /** Actors that register a new actor, maybe under a name already taken (default true). */
  readonly spawns?: boolean;
}

const ACTOR_NAMES = ['a', 'b', 'c', 'd'];
const message = fc.integer({ min: 0, max: 7 });

/** `value` once in `oneIn` draws, otherwise null. */
function rarely<T>(value: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | null> {
  return fc.oneof({ withCrossShrink: true }, { weight: oneIn - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: value });
}

function actorArb(depth: number, options: Required<ActorWorkloadOptions>): fc.Arbitrary<ActorProgram> {
  // mostly actors that exist; now and then a name nobody has (a dead letter)
  const target = options.unknownNames
    ? fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...ACTOR_NAMES) }, { weight: 1, arbitrary: fc.constant('nobody') })
    : fc.constantFrom(...ACTOR_NAMES);
  return fc.record({
    name: fc.constantFrom(...ACTOR_NAMES),
    limit: options.finishing
      ? fc.oneof({ weight: 1, arbitrary: fc.integer({ min: 0, max: 2 }) }, { weight: 4, arbitrary: fc.integer({ min: 3, max: 12 }) })
      : fc.constant(NEVER),
    targets: fc.array(target, { minLength: 1, maxLength: 2 }),
    throwOn: options.throws ? rarely(message, 6) : fc.constant(null),
    spawnOn: depth === 0 || !options.spawns ? fc.constant(null) : rarely(fc.record({ at: message, actor: actorArb(depth - 1, options) }), 3),
  });
}

export function actorWorkload(options: ActorWorkloadOptions = {}): fc.Arbitrary<ActorWorkload> {
  const all = { unknownNames: true, finishing: true, throws: true, spawns: true, ...options };
  return fc.record({
    actors: fc.uniqueArray(actorArb(1, all), { selector: (a) => a.name, minLength: 3, maxLength: 4 }),
    sends: fc.array(fc.tuple(fc.constantFrom(...ACTOR_NAMES), message), { minLength: 1, maxLength: 4 }),
  });
}

export function* actorGenerator(
  program: ActorProgram,
  id: number,
  log: string[],
  scheduler: ActorSchedulerLike,
  spawn: (program: ActorProgram) => void,
): Generator<undefined, void, unknown> {
  let received = 0;
  while (received < program.limit) {
    const m = (yield) as number;
    received++;
    log.push(`${program.name}#${id} got ${m}`);
    if (m === program.throwOn) throw new UserError(`${program.name}#${id}`);
    if (program.spawnOn !== null && m === program.spawnOn.at) spawn(program.spawnOn.actor);
    if (m > 0) for (const target of program.targets) scheduler.send(target, m - 1);
  }
  log.push(`${program.name}#${id} done`);
}

/**
 * Registers the workload's actors, sends its messages, runs the scheduler,
 * and runs it again whenever an actor raised (logging `raised <message>`).
 * `through` lets a law stand between the workload and the scheduler: every
 * newActor, send and run goes through what it returns.
 */
export function runActorWorkload(
  make: () => ActorSchedulerLike,
  workload: ActorWorkload,
  through: (scheduler: ActorSchedulerLike) => ActorSchedulerLike = (s) => s,
  log: string[] = [],
): string[] {
  const scheduler = through(make());
  let nextId = 0;
  const spawn = (program: ActorProgram): void => {
    const id = nextId++;
    scheduler.newActor(program.name, actorGenerator(program, id, log, scheduler, spawn));
  };
  workload.actors.forEach(spawn);
  for (const [to, m] of workload.sends) scheduler.send(to, m);
  for (let reruns = 0; ; reruns++) {
    try {
      scheduler.run();
      return log;
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      if (reruns === MAX_RERUNS) throw new Error(`run() raised ${MAX_RERUNS} times`);
      log.push(`raised ${error.message}`);
    }
  }
}

// ---- the seed's counter and printer ----------------------------------------

/** Frames on the stack right now. */
export function stackDepth(): number {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = Infinity;
  const depth = new Error().stack!.split('\n').length;
  Error.stackTraceLimit = limit;
  return depth;
}

/** The counter got more counts than it was sent. */
export class DuplicatedCount extends Error {
  override name = 'DuplicatedCount';
}

export interface CountDown {
  /** Messages the printer got. */
  readonly printed: number;
  /** Stack depth inside the counter (relative to the caller) at its first count, then at n-1, n-2, n-4, ... and at 1. */
  readonly depths: number[];
  /** The counts at which `depths` were taken. */
  readonly at: number[];
  /** A delivery that ran inside another actor's step (its send called into the receiver), if any. */
  readonly nested: string | null;
}

/**
 * The seed's counter/printer pair counting down from n: the counter sends
 * the printer k and itself k-1. Records the stack depth at a few counts and
 * whether any delivery ran inside another actor's step.
 */
export function countDown(make: () => ActorSchedulerLike, n: number): CountDown {
  const base = stackDepth();
  const scheduler = make();
  let printed = 0;
  let busy: string | null = null;
  let nested: string | null = null;
  const depths: number[] = [];
  const at: number[] = [];
  function* printer(): Generator<undefined, void, unknown> {
    for (;;) {
      const k = yield;
      if (busy !== null && nested === null) nested = `the printer got ${String(k)} inside the ${busy}'s step`;
      printed++;
    }
  }
  let counts = 0;
  function* counter(): Generator<undefined, void, unknown> {
    for (;;) {
      const k = (yield) as number;
      if (k === 0) break;
      if (++counts > n) throw new DuplicatedCount(`the counter got more than ${n} counts (${String(k)} after ${n}): messages were delivered twice`);
      const gone = n - k;
      if (k === 1 || (gone & (gone - 1)) === 0) {
        depths.push(stackDepth() - base);
        at.push(k);
      }
      busy = `counter`;
      scheduler.send('printer', k);
      scheduler.send('counter', k - 1);
      busy = null;
    }
  }
  scheduler.newActor('printer', printer());
  scheduler.newActor('counter', counter());
  scheduler.send('counter', n);
  scheduler.run();
  return { printed, depths, at, nested };
}
