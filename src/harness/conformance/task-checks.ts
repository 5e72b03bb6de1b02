/**
 * The laws of the seed's TaskScheduler as checks over one watched run of a
 * workload: which task resumed when, who added whom, which next() calls
 * came after a task had finished, what escaped run(). They need nothing from
 * the scheduler's insides, so they hold any scheduler with addTask/run to
 * the seed's behaviour.
 */
import { errorLine } from '../scenario.js';
import { LawViolation } from './law.js';
import { renderLog } from './report.js';
import { allPrograms, runTaskWorkload, UserError, type TaskProgram, type TaskSchedulerLike } from './workloads.js';

const RESUMED = /^(\S+) (\d+)$/;
const SPAWNED = /^(\S+) spawn (\S+)$/;

export interface Observed {
  /** Task names in the order they resumed. */
  readonly order: string[];
  readonly indices: Map<string, number[]>;
  /** `at`: index in `order` of the spawner's step; `entry`: index in the log. */
  readonly spawns: { readonly at: number; readonly entry: number; readonly parent: string; readonly child: string }[];
  readonly raised: string[];
  /** For each resumption in `order`, its index in the log. */
  readonly entries: number[];
}

export function observe(log: readonly string[]): Observed {
  const order: string[] = [];
  const entries: number[] = [];
  const indices = new Map<string, number[]>();
  const spawns: Observed['spawns'][number][] = [];
  const raised: string[] = [];
  log.forEach((line, entry) => {
    let m: RegExpExecArray | null;
    if ((m = RESUMED.exec(line))) {
      order.push(m[1]!);
      entries.push(entry);
      indices.set(m[1]!, [...(indices.get(m[1]!) ?? []), Number(m[2])]);
    } else if ((m = SPAWNED.exec(line))) {
      spawns.push({ at: order.length - 1, entry, parent: m[1]!, child: m[2]! });
    } else if (line.startsWith('raised ')) {
      raised.push(line.slice('raised '.length));
    }
  });
  return { order, indices, spawns, raised, entries };
}

/** One run of a workload, every next() call watched. */
export interface TaskWatch {
  readonly log: readonly string[];
  /** The task stepped by each next() call, in order. */
  readonly calls: readonly string[];
  /** One entry per next() call on a task that had already finished. */
  readonly afterEnd: readonly string[];
  /** Tasks not finished when run() last returned. */
  readonly unfinished: readonly string[];
  /** The UserErrors tasks raised, in order. */
  readonly threw: readonly string[];
  /** What escaped the run that is not a task's UserError (null if nothing). */
  readonly failure: unknown;
  /** The most next() calls allowed before the run counts as runaway. */
  readonly budget: number;
  /** With `again`: resumptions of one more task added after the run finished, then run() (expected 2). */
  readonly again: number | null;
}

/** Thrown into the scheduler from a task's next() once a run has made far more calls than the workload has resumptions. */
export class RunawayError extends Error {
  override name = 'RunawayError';
}

function watchedIterator(
  task: Iterator<unknown>,
  name: string,
  run: { calls: string[]; afterEnd: string[]; threw: string[]; budget: number; runaway: boolean },
  states: { name: string; done: boolean }[],
): Iterator<unknown> {
  const state = { name, done: false };
  states.push(state);
  const it: IterableIterator<unknown> = {
    next() {
      if (run.runaway || run.calls.length >= run.budget) {
        run.runaway = true;
        throw new RunawayError(`more than ${run.budget} next() calls`);
      }
      run.calls.push(name);
      if (state.done) run.afterEnd.push(name);
      let result: IteratorResult<unknown>;
      try {
        result = task.next();
      } catch (error) {
        state.done = true;
        if (error instanceof UserError) run.threw.push(error.message);
        throw error;
      }
      if (result.done === true) state.done = true;
      return result;
    },
    return(value?: unknown) {
      state.done = true;
      return task.return ? task.return(value) : { done: true, value };
    },
    [Symbol.iterator]() {
      return it;
    },
  };
  return it;
}

/** Runs a workload on a fresh scheduler, watching every next() call. */
export function watchTasks(make: () => TaskSchedulerLike, programs: readonly TaskProgram[], options: { again?: boolean } = {}): TaskWatch {
  const log: string[] = [];
  const states: { name: string; done: boolean }[] = [];
  const resumptions = allPrograms(programs).reduce((sum, p) => sum + p.resumptions.length, 0);
  const run = { calls: [] as string[], afterEnd: [] as string[], threw: [] as string[], budget: 4 * resumptions + 64, runaway: false };
  let scheduler: TaskSchedulerLike | undefined;
  let failure: unknown = null;
  try {
    runTaskWorkload(() => (scheduler = make()), programs, (task, program) => watchedIterator(task, program.name, run, states), log);
  } catch (error) {
    failure = error;
  }
  let again: number | null = null;
  if (options.again === true && failure === null && scheduler !== undefined) {
    again = 0;
    const counter = (function* () {
      again!++;
      yield 0;
      again!++;
    })();
    try {
      scheduler.addTask(watchedIterator(counter, 'again', run, states));
      scheduler.run();
    } catch (error) {
      failure = error;
    }
  }
  const unfinished = states.filter((s) => !s.done).map((s) => s.name);
  return { log, calls: run.calls, afterEnd: run.afterEnd, unfinished, threw: run.threw, failure, budget: run.budget, again };
}

function fail(law: string, detail: string, w: TaskWatch): never {
  throw new LawViolation(law, detail, renderLog(w.log));
}

function distinct(names: readonly string[]): boolean {
  return new Set(names).size === names.length;
}

/** A run that did not end normally, named by what it says about the scheduler (or as a breach of `law`). */
export function checkCompleted(law: string, w: TaskWatch): void {
  if (w.failure === null) return;
  if (w.failure instanceof RunawayError) {
    if (w.afterEnd.length > 0) {
      fail('finished tasks removed', `run() kept going: the kit stopped it after ${w.budget} next() calls (4× the workload's resumptions), ${w.afterEnd.length} of them on tasks that had finished (${[...new Set(w.afterEnd)].join(', ')})`, w);
    }
    fail('run() ends when no task is left', `run() kept going: the kit stopped it after ${w.budget} next() calls (4× the workload's resumptions)`, w);
  }
  if (w.threw.length > 0 && !(w.failure instanceof UserError)) {
    fail('exceptions escape run()', `run() threw ${errorLine(w.failure)}, after a task raised UserError("${w.threw[w.threw.length - 1]}"): the seed lets the task's own exception escape`, w);
  }
  fail(law, `the scheduler threw ${errorLine(w.failure)}`, w);
}

export function checkFirstRunOrder(programs: readonly TaskProgram[], w: TaskWatch): void {
  const { order } = observe(w.log);
  const firsts = order.slice(0, programs.length);
  const added = programs.map((p) => p.name);
  if (firsts.join() !== added.join()) {
    fail('first-run order', `the first ${programs.length} steps ran ${firsts.join(', ') || 'nothing'}; the tasks were added as ${added.join(', ')}`, w);
  }
}

/** Between two consecutive steps of a task, every other task live across them steps exactly once. */
export function checkRoundRobin(w: TaskWatch, law = 'round robin'): void {
  const { order } = observe(w.log);
  const positions = new Map<string, number[]>();
  order.forEach((name, i) => positions.set(name, [...(positions.get(name) ?? []), i]));
  for (const [name, at] of positions) {
    for (let k = 1; k < at.length; k++) {
      const [i, j] = [at[k - 1]!, at[k]!];
      const between = order.slice(i + 1, j);
      if (!distinct(between)) fail(law, `between steps ${i} and ${j} (both ${name}), a task stepped twice: ${between.join(', ')}`, w);
      for (const [other, otherAt] of positions) {
        const liveAcross = otherAt.some((p) => p < i) && otherAt.some((p) => p > j);
        if (other !== name && liveAcross && !between.includes(other)) {
          fail(law, `${other} was live but did not step between steps ${i} and ${j} (both ${name}): ${between.join(', ') || 'nothing'} stepped`, w);
        }
      }
    }
  }
}

/**
 * A task added during another task's step joins the queue at the back: it
 * first runs after exactly the tasks queued when it was added, each once,
 * and before its spawner steps again (a spawner P gives P, Q, child, P).
 */
export function checkJoinsAtBack(programs: readonly TaskProgram[], w: TaskWatch): void {
  const law = 'spawned tasks join at the back';
  const { order, spawns, entries } = observe(w.log);
  const addedAt = new Map<string, number>(programs.map((p) => [p.name, -1]));
  for (const s of spawns) addedAt.set(s.child, s.entry);
  for (const { at, entry, parent, child } of spawns) {
    const first = order.indexOf(child, at + 1);
    if (first < 0) fail(law, `${child}, added by ${parent} during step ${at}, never ran`, w);
    const got = order.slice(at + 1, first);
    const queued = [...new Set(order.filter((name, i) => entries[i]! > entry && name !== parent && name !== child && (addedAt.get(name) ?? Infinity) < entry))];
    const same = distinct(got) && got.length === queued.length && queued.every((q) => got.includes(q));
    if (!same) {
      fail(
        law,
        `${child}, added by ${parent} during step ${at}, first ran at step ${first}, after ${got.join(', ') || 'nothing'}; ` +
          `it should run after ${queued.join(', ') || 'no other task'} (queued when it was added), each once, and before ${parent} steps again`,
        w,
      );
    }
  }
}

/** The index of the resumption at which a program throws, or its last index. */
function lastResumption(program: TaskProgram): number {
  const i = program.resumptions.findIndex((ops) => ops.some((op) => 'throw' in op));
  return i >= 0 ? i : program.resumptions.length - 1;
}

/** Every task that came to exist is resumed exactly yields+1 times (or up to the step at which it throws). */
export function checkResumptions(programs: readonly TaskProgram[], w: TaskWatch, law = 'stepped yields+1 times'): void {
  const { indices, spawns } = observe(w.log);
  const spawned = new Set(spawns.map((s) => s.child));
  const initial = new Set(programs.map((p) => p.name));
  for (const program of allPrograms(programs)) {
    if (!initial.has(program.name) && !spawned.has(program.name)) continue; // its spawner threw first
    const last = lastResumption(program);
    const expected = Array.from({ length: last + 1 }, (_, i) => i);
    const got = indices.get(program.name) ?? [];
    if (got.join() !== expected.join()) {
      const why = last < program.resumptions.length - 1 ? `it throws at resumption ${last}` : `it yields ${program.resumptions.length - 1} times, then returns`;
      fail(law, `${program.name} was resumed at [${got.join(', ')}], expected [${expected.join(', ')}] (${why})`, w);
    }
  }
}

export function checkFinishedRemoved(w: TaskWatch): void {
  if (w.afterEnd.length > 0) {
    const name = w.afterEnd[0]!;
    const n = w.afterEnd.filter((x) => x === name).length;
    fail('finished tasks removed', `${name} was stepped ${n} more time${n === 1 ? '' : 's'} after its generator had finished (the seed drops a task at the next() that reports it done)`, w);
  }
}

export function checkRunEnds(w: TaskWatch): void {
  const law = 'run() ends when no task is left';
  if (w.again !== null && w.again !== 2) {
    fail(law, `after run() returned, one more task (yielding once) was added and run() called again: it was resumed ${w.again} time(s), expected 2 (run() runs whatever is queued, every time)`, w);
  }
  if (w.unfinished.length > 0) fail(law, `run() returned with ${w.unfinished.length} task(s) not finished: ${w.unfinished.join(', ')}`, w);
}

export function checkExceptionsEscape(w: TaskWatch): void {
  const { raised } = observe(w.log);
  for (let i = 0; i < w.threw.length; i++) {
    if (raised[i] !== w.threw[i]) {
      fail(
        'exceptions escape run()',
        `a task raised UserError("${w.threw[i]}") but ${raised[i] === undefined ? 'run() did not throw it' : `run() threw UserError("${raised[i]}") in its place`} (run() threw: ${raised.join(', ') || 'nothing'})`,
        w,
      );
    }
  }
}

export function checkDeterminism(first: TaskWatch, second: TaskWatch): void {
  const a = [...first.log, '--', ...first.calls];
  const b = [...second.log, '--', ...second.calls];
  const i = a.findIndex((line, k) => line !== b[k]);
  if (i >= 0 || a.length !== b.length) {
    const at = i >= 0 ? i : Math.min(a.length, b.length);
    throw new LawViolation('determinism', `two runs of the same workload on fresh schedulers differ at entry ${at}: ${a[at] ?? '(end)'} vs ${b[at] ?? '(end)'}`, `first run:\n${renderLog(first.log)}\nsecond run:\n${renderLog(second.log)}`);
  }
}
