/**
 * The no-cliff law: a scheduler must not slow down per step as its queue
 * grows. 20,000 tasks that each yield once (addTask, then two steps each)
 * must run with every step counted and in order, and no operation (an
 * addTask or a step) may cost on the order of copying the queue.
 *
 * Why timing. A queue that copies itself or scans on every dequeue is
 * invisible to the tasks: it makes exactly the seed's next() calls, in the
 * seed's order, so no count of calls can see it; only time can. Every
 * measure is relative, taken in the same process a moment apart, never an
 * absolute threshold:
 *
 *   small  time per operation with 200 tasks (the best of three runs of 50
 *          schedulers each, after a warm-up run);
 *   large  time per operation with 20,000 tasks;
 *   copy   time to copy a 20,000-element array (`slice()`, the best of ten):
 *          the machine's price, right now, for touching the whole queue.
 *
 * addTask and steps are timed apart. A cliff is `large - small >= copy / 2`
 * (each operation pays half a copy of the queue or more) and
 * `large >= 10 × small` (guarding schedulers whose constant cost per step is
 * large). Measured per step on Node 20, on a loaded machine: correct queues
 * (head index, ring buffer, simloop) pay under 1% of a copy, 1–3× small; a
 * queue copied on every dequeue pays 200–400% of a copy, 180–1000× small.
 * Array#shift is why the unit is a copy and not a plain ratio: at 20,000
 * elements V8 either moves the array's start in O(1) or memmoves it,
 * depending on the heap's state, so a shift-based queue costs anywhere from
 * 5× to ~110× small per step from one run to the next — a ratio bound would
 * pass or fail it at random — but 2–17% of a copy, so it passes, every time
 * (a head index is still better).
 *
 * Cost: a correct scheduler takes a few hundred milliseconds. A failing one
 * is stopped once it has certainly failed: its whole budget spent, or,
 * after 200 ms, its running time per operation over the limit. A failure is
 * confirmed by a second attempt before it is reported. The tasks are
 * iterator objects rather than generators, so every next() is counted: a
 * run() that keeps stepping finished tasks is stopped too.
 */
import { errorLine } from '../scenario.js';
import { LawViolation } from './law.js';
import type { TaskSchedulerLike } from './workloads.js';

export const LARGE_QUEUE = 20_000;
const SMALL_QUEUE = 200;
const SMALL_REPEATS = 50;
/** A cliff costs at least this fraction of a copy of the queue per operation... */
export const CLIFF_COPY_FRACTION = 0.5;
/** ...and at least this many times the cost per operation with a small queue. */
export const CLIFF_MIN_RATIO = 10;
const EARLY_AFTER_MS = 200;
const CHECK_EVERY = 256;

// simloop-allow-nondeterminism: the no-cliff law times the scheduler under test, never a simulation
const now = (): number => performance.now(); // simloop-allow-nondeterminism: the no-cliff law compares timings, never inside a run

class Stop extends Error {
  override name = 'CliffStop';
}

/** Milliseconds per addTask and per step. */
interface Costs {
  readonly add: number;
  readonly step: number;
}

interface Trial extends Costs {
  /** Why the trial was stopped early, if it was. */
  readonly stopped: string | null;
  /** For the large trial: the task index of each resumption, in order (null if stopped). */
  readonly order: Uint32Array | null;
  /** Resumptions (each task has two: one yields, one returns). */
  readonly steps: number;
  /** next() calls on tasks that had already returned. */
  readonly afterEnd: number;
}

/** What a trial's tasks report to. */
interface Meter {
  tick(): void;
  resumed(i: number): void;
  afterEnd: number;
}

/** A task that yields once: resumed twice, then done. An iterator object, so that every next() — even on a finished task — is counted. */
class OnceTask implements IterableIterator<number> {
  private resumptions = 0;
  constructor(
    private readonly i: number,
    private readonly meter: Meter,
  ) {}
  next(): IteratorResult<number, undefined> {
    this.meter.tick();
    if (this.resumptions === 2) {
      this.meter.afterEnd++;
      return { done: true, value: undefined };
    }
    this.meter.resumed(this.i);
    return ++this.resumptions === 1 ? { done: false, value: this.i } : { done: true, value: undefined };
  }
  [Symbol.iterator](): OnceTask {
    return this;
  }
}

/**
 * `tasks` tasks yielding once each, `repeats` times over (a fresh scheduler
 * each time), timing the addTask calls and run() apart; with `limits`,
 * stops a phase once it has certainly gone over its limit per operation.
 * Always stops a run() that makes four times the calls it should.
 */
function trial(make: () => TaskSchedulerLike, tasks: number, repeats: number, limits: Costs | null, record: boolean): Trial {
  const order = record ? new Uint32Array(2 * tasks) : null;
  let steps = 0;
  let phase: 'add' | 'step' = 'add';
  let phaseStart = 0;
  let phaseOps = 0;
  let stopped: string | null = null;
  const over = (): string | null => {
    const total = phase === 'add' ? tasks : 2 * tasks;
    const what = phase === 'add' ? 'addTask calls' : 'steps';
    if (phaseOps > 4 * total) return `in its steps, run() kept going: ${fmt(phaseOps)} next() calls for ${fmt(tasks)} tasks that yield once`;
    if (limits === null) return null;
    const ms = now() - phaseStart;
    const limit = limits[phase];
    if (ms > limit * total) return `in its ${what}, past their whole budget (${(limit * total).toFixed(0)} ms) after ${fmt(phaseOps)} of ${fmt(total)}`;
    if (ms > EARLY_AFTER_MS && ms / phaseOps > limit) return `in its ${what}, after ${ms.toFixed(0)} ms and ${fmt(phaseOps)} of ${fmt(total)}, already over the limit`;
    return null;
  };
  const meter: Meter = {
    tick() {
      if (++phaseOps % CHECK_EVERY === 0 && (stopped = over()) !== null) throw new Stop();
    },
    resumed(i) {
      if (order !== null && steps < order.length) order[steps] = i;
      steps++;
    },
    afterEnd: 0,
  };
  let addMs = 0;
  let stepMs = 0;
  let adds = 0;
  try {
    for (let r = 0; r < repeats; r++) {
      const scheduler = make();
      phase = 'add';
      phaseOps = 0;
      phaseStart = now();
      for (let i = 0; i < tasks; i++) {
        scheduler.addTask(new OnceTask(i, meter));
        adds++;
        meter.tick();
      }
      const ran = now();
      addMs += ran - phaseStart;
      phase = 'step';
      phaseOps = 0;
      phaseStart = ran;
      try {
        scheduler.run();
      } finally {
        stepMs += now() - ran;
      }
    }
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    if (phase === 'add') addMs += now() - phaseStart;
  }
  return { add: addMs / Math.max(adds, 1), step: stepMs / Math.max(steps, 1), stopped, order: stopped === null ? order : null, steps, afterEnd: meter.afterEnd };
}

const fmt = (n: number): string => n.toLocaleString('en-US');

/** Every task stepped exactly twice, in two round-robin passes. */
function checkOrder(large: Trial): void {
  const law = 'no cliff at large queues';
  const n = LARGE_QUEUE;
  if (large.steps !== 2 * n || large.afterEnd > 0) {
    throw new LawViolation(
      law,
      `${fmt(n)} tasks that each yield once were resumed ${fmt(large.steps)} times, expected exactly ${fmt(2 * n)}` +
        (large.afterEnd > 0 ? `, and stepped ${fmt(large.afterEnd)} more times after they had finished` : ''),
    );
  }
  const order = large.order!;
  for (let k = 0; k < 2 * n; k++) {
    if (order[k] !== k % n) {
      throw new LawViolation(law, `with ${fmt(n)} tasks queued, step ${fmt(k)} resumed task ${fmt(order[k]!)}, expected task ${fmt(k % n)} (two round-robin passes over the tasks in the order added)`);
    }
  }
}

/** Milliseconds to copy an array of LARGE_QUEUE elements: the best of ten. */
function copyCost(): number {
  const queue = Array.from({ length: LARGE_QUEUE }, (_, i) => ({ i }));
  let best = Infinity;
  let sink = 0;
  for (let k = 0; k < 10; k++) {
    const start = now();
    for (let j = 0; j < 5; j++) sink += queue.slice().length;
    best = Math.min(best, (now() - start) / 5);
  }
  if (sink !== 50 * LARGE_QUEUE) throw new Error('copy calibration: slice() lost elements');
  return best;
}

const us = (ms: number): string => `${(ms * 1000).toFixed(2)} µs`;

export function checkNoCliff(make: () => TaskSchedulerLike): void {
  const law = 'no cliff at large queues';
  const failures: string[] = [];
  const smallTrial = (): Trial => {
    const t = trial(make, SMALL_QUEUE, SMALL_REPEATS, null, false);
    if (t.stopped !== null) throw new LawViolation(law, `with ${SMALL_QUEUE} tasks queued, ${t.stopped.replace('in its steps, ', '')}`);
    return t;
  };
  smallTrial(); // warm up
  for (let attempt = 0; attempt < 2; attempt++) {
    const smalls = [0, 1, 2].map(smallTrial);
    const small: Costs = { add: Math.min(...smalls.map((t) => t.add)), step: Math.min(...smalls.map((t) => t.step)) };
    const copy = copyCost();
    const limit = (ms: number): number => Math.max(ms + CLIFF_COPY_FRACTION * copy, CLIFF_MIN_RATIO * ms);
    const limits: Costs = { add: limit(small.add), step: limit(small.step) };
    let large: Trial;
    try {
      large = trial(make, LARGE_QUEUE, 1, limits, true);
    } catch (error) {
      throw new LawViolation(law, `with ${fmt(LARGE_QUEUE)} tasks queued, the scheduler threw ${errorLine(error)}`);
    }
    if (large.stopped?.includes('kept going')) throw new LawViolation(law, `with ${fmt(LARGE_QUEUE)} tasks queued, ${large.stopped.replace('in its steps, ', '')}`);
    if (large.stopped === null) checkOrder(large);
    const broken = (['add', 'step'] as const).filter((k) => large.stopped !== null ? large.stopped.includes(k === 'add' ? 'addTask' : 'steps') : large[k] >= limits[k]);
    if (broken.length === 0) return;
    for (const k of broken) {
      failures.push(
        `${k === 'add' ? 'addTask' : 'a step'}: ${us(large[k])} at ${fmt(LARGE_QUEUE)} tasks vs ${us(small[k])} at ${SMALL_QUEUE} ` +
          `(${(large[k] / small[k]).toFixed(0)}×; ${(((large[k] - small[k]) / copy) * 100).toFixed(0)}% of copying a ${fmt(LARGE_QUEUE)}-element array, ${us(copy)})` +
          (large.stopped === null ? '' : `; stopped ${large.stopped}`),
      );
    }
  }
  throw new LawViolation(
    law,
    `with ${fmt(LARGE_QUEUE)} tasks queued, an operation cost ${CLIFF_COPY_FRACTION * 100}% of a copy of the queue or more, on top of its cost with ${SMALL_QUEUE} (two attempts):\n` +
      failures.map((f) => `  ${f}`).join('\n') +
      `\nsome queue operation costs O(queued tasks): copying the queue, indexOf/splice, filter, a rebuilt array... (a head index or a ring buffer is O(1))`,
  );
}
