/**
 * The laws of the seed's TaskScheduler, as fast-check properties over random
 * workloads, for any scheduler with addTask/run (simloop's, a user's, a
 * mutant). Each law reads the log the workload's tasks write — which task
 * resumed when, who spawned whom — so it needs nothing from the scheduler's
 * insides.
 */
import fc from 'fast-check';
import { allPrograms, runTaskWorkload, taskWorkload, type TaskProgram, type TaskSchedulerLike } from './workload.js';

const RESUMED = /^(\S+) (\d+)$/;
const SPAWNED = /^(\S+) spawn (\S+)$/;

interface Observed {
  /** Task names in the order they resumed. */
  readonly order: string[];
  readonly indices: Map<string, number[]>;
  readonly spawns: { readonly at: number; readonly parent: string; readonly child: string }[];
  readonly raised: string[];
}

export function observe(log: readonly string[]): Observed {
  const order: string[] = [];
  const indices = new Map<string, number[]>();
  const spawns: Observed['spawns'][number][] = [];
  const raised: string[] = [];
  for (const line of log) {
    let m: RegExpExecArray | null;
    if ((m = RESUMED.exec(line))) {
      order.push(m[1]!);
      indices.set(m[1]!, [...(indices.get(m[1]!) ?? []), Number(m[2])]);
    } else if ((m = SPAWNED.exec(line))) {
      spawns.push({ at: order.length - 1, parent: m[1]!, child: m[2]! });
    } else if (line.startsWith('raised ')) {
      raised.push(line.slice('raised '.length));
    }
  }
  return { order, indices, spawns, raised };
}

function fail(law: string, detail: string, log: readonly string[]): never {
  throw new Error(`${law}: ${detail}\nlog:\n  ${log.join('\n  ')}`);
}

function distinct(names: readonly string[]): boolean {
  return new Set(names).size === names.length;
}

/**
 * FIFO fairness: tasks first run in the order they were added; between two
 * consecutive steps of a task, every other task live across them steps
 * exactly once; a task added while running joins at the back (it runs after
 * every task already queued and before its spawner's next step).
 */
export function checkFifoFairness(programs: readonly TaskProgram[], log: readonly string[]): void {
  const { order, spawns } = observe(log);
  const firsts = order.slice(0, programs.length);
  const added = programs.map((p) => p.name);
  if (firsts.join() !== added.join()) fail('first-run order', `first steps ${firsts.join(', ')}, added ${added.join(', ')}`, log);

  const positions = new Map<string, number[]>();
  order.forEach((name, i) => positions.set(name, [...(positions.get(name) ?? []), i]));
  for (const [name, at] of positions) {
    for (let k = 1; k < at.length; k++) {
      const [i, j] = [at[k - 1]!, at[k]!];
      const between = order.slice(i + 1, j);
      if (!distinct(between)) fail('round robin', `between steps ${i} and ${j} of ${name}, a task stepped twice: ${between.join(', ')}`, log);
      for (const [other, otherAt] of positions) {
        const liveAcross = otherAt.some((p) => p < i) && otherAt.some((p) => p > j);
        if (other !== name && liveAcross && !between.includes(other)) {
          fail('round robin', `${other} was live but did not step between steps ${i} and ${j} of ${name}`, log);
        }
      }
    }
  }

  for (const { at, parent, child } of spawns) {
    const first = order.indexOf(child, at + 1);
    if (first < 0) fail('spawned task runs', `${child} (spawned by ${parent} at step ${at}) never ran`, log);
    const before = order.slice(at + 1, first);
    const parentNext = order.indexOf(parent, at + 1);
    if (!distinct(before) || before.includes(parent) || (parentNext >= 0 && parentNext < first)) {
      fail('joins at the back', `${child} spawned at step ${at} first ran at step ${first}, after ${before.join(', ')}`, log);
    }
  }
}

/** The index of the resumption at which a program throws, or its last index. */
function lastResumption(program: TaskProgram): number {
  const i = program.resumptions.findIndex((ops) => ops.some((op) => 'throw' in op));
  return i >= 0 ? i : program.resumptions.length - 1;
}

/**
 * Finished-task removal (the seed's StopIteration): every task is stepped
 * exactly yields+1 times (or up to the step that throws), never once more;
 * run() returns exactly when no task is left; an exception escapes run().
 */
export function checkFinishedRemoval(programs: readonly TaskProgram[], log: readonly string[], steppedAfterEnd: readonly number[], unfinished: number): void {
  const { indices, spawns, raised } = observe(log);
  if (steppedAfterEnd.length > 0) fail('finished task removed', `${steppedAfterEnd.length} next() call(s) on a task that had already finished`, log);
  const spawned = new Set(spawns.map((s) => s.child));
  const initial = new Set(programs.map((p) => p.name));
  for (const program of allPrograms(programs)) {
    if (!initial.has(program.name) && !spawned.has(program.name)) continue; // its spawner threw first
    const expected = Array.from({ length: lastResumption(program) + 1 }, (_, i) => i);
    const got = indices.get(program.name) ?? [];
    if (got.join() !== expected.join()) fail('stepped yields+1 times', `${program.name} resumed at [${got.join(', ')}], expected [${expected.join(', ')}]`, log);
    const throws = program.resumptions[lastResumption(program)]!.find((op) => 'throw' in op);
    if (throws && 'throw' in throws && !raised.includes(throws.throw)) {
      fail('exceptions escape run()', `${program.name} raised ${throws.throw} but run() did not`, log);
    }
  }
  if (unfinished > 0) fail('run() ends when no task is left', `run() returned with ${unfinished} task(s) not finished`, log);
}

/** Runs a workload on a fresh scheduler, watching every next() call. */
export function runWatched(make: () => TaskSchedulerLike, programs: readonly TaskProgram[]) {
  const steppedAfterEnd: number[] = [];
  const states: { done: boolean }[] = [];
  const wrap = (task: Iterator<unknown>): Iterator<unknown> => {
    const state = { done: false };
    states.push(state);
    return {
      next() {
        if (state.done) steppedAfterEnd.push(states.indexOf(state));
        try {
          const result = task.next();
          if (result.done === true) state.done = true;
          return result;
        } catch (error) {
          state.done = true;
          throw error;
        }
      },
    };
  };
  const log = runTaskWorkload(make, programs, wrap);
  return { log, steppedAfterEnd, unfinished: states.filter((s) => !s.done).length };
}

export const fifoFairness = (make: () => TaskSchedulerLike) =>
  fc.property(taskWorkload({ throws: false }), (programs) => {
    checkFifoFairness(programs, runTaskWorkload(make, programs));
  });

export const finishedRemoval = (make: () => TaskSchedulerLike) =>
  fc.property(taskWorkload({ throws: true }), (programs) => {
    const { log, steppedAfterEnd, unfinished } = runWatched(make, programs);
    checkFinishedRemoval(programs, log, steppedAfterEnd, unfinished);
  });

export const taskDeterminism = (make: () => TaskSchedulerLike) =>
  fc.property(taskWorkload({ throws: true }), (programs) => {
    const first = runTaskWorkload(make, programs);
    const second = runTaskWorkload(make, programs);
    if (first.join('\n') !== second.join('\n')) fail('determinism', `two runs of one workload differ:\n${second.join('\n')}`, first);
  });
