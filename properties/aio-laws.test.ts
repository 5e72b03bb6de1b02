/**
 * Laws of the asyncio layer, as fast-check properties over random programs:
 * gather ordering, virtual time, cancellation (tasks and TaskGroup), and
 * determinism. Each law is parameterised by the piece it judges, and each is
 * shown a deliberately broken version it must catch.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  ExceptionGroup,
  Future,
  Task,
  createTask,
  gather,
  getRunningLoop,
  log,
  runSim,
  sleep,
  taskGroup,
  type Coroutine,
  type LoopOptions,
  type Strategy,
  type TaskGroup,
} from '../src/index.js';
import { lawBroken } from './laws/kill.js';

const RUNS = 300;

class ChildError extends Error {
  override name = 'ChildError';
}

function simulate<T>(main: () => Coroutine<T>, options: LoopOptions = {}) {
  const outcome = runSim(main, options);
  if (!outcome.ok) throw outcome.error;
  return outcome;
}

// ---- gather ---------------------------------------------------------------------------

type GatherImpl = (children: Coroutine<number>[], returnExceptions: boolean) => Future<unknown[]>;
interface Child {
  delay: number;
  fails: boolean;
}
const childArb = fc.record({ delay: fc.integer({ min: 0, max: 3 }), fails: fc.integer({ min: 0, max: 9 }).map((n) => n < 2) });
const gatherCase = fc.record({ children: fc.array(childArb, { minLength: 1, maxLength: 6 }), returnExceptions: fc.boolean() });

const gatherOrdering = (impl: GatherImpl) =>
  fc.property(gatherCase, ({ children, returnExceptions }) => {
    const finished: number[] = [];
    let outcome: { results?: unknown[]; error?: unknown } = {};
    function* child(i: number, c: Child): Coroutine<number> {
      yield* sleep(c.delay);
      finished.push(i);
      if (c.fails) throw new ChildError(`child ${i}`);
      return i * 10;
    }
    simulate(function* () {
      try {
        outcome = { results: yield* impl(children.map((c, i) => child(i, c)), returnExceptions) };
      } catch (error) {
        outcome = { error };
      }
      yield* sleep(10); // long enough for every child to finish, if it still runs
    });
    if (finished.length !== children.length) throw new Error(`gather law: only children ${finished} finished; the others must keep running`);
    const failing = finished.filter((i) => children[i]!.fails);
    if (!returnExceptions && failing.length > 0) {
      const first = failing[0]!;
      if (!(outcome.error instanceof ChildError) || outcome.error.message !== `child ${first}`) {
        throw new Error(`gather law: expected the first error in completion order (child ${first}), got ${String(outcome.error)}`);
      }
      return;
    }
    const expected = children.map((c, i) => (c.fails ? `ChildError: child ${i}` : i * 10));
    const got = (outcome.results ?? []).map((r) => (r instanceof Error ? `${r.name}: ${r.message}` : r));
    if (JSON.stringify(got) !== JSON.stringify(expected)) throw new Error(`gather law: results ${JSON.stringify(got)}, expected argument order ${JSON.stringify(expected)}`);
  });

const realGather: GatherImpl = (children, returnExceptions) => gather(...children, { returnExceptions });

/** Mutant: results in completion order. */
const completionOrderGather: GatherImpl = (children, returnExceptions) => {
  const loop = getRunningLoop();
  const outer = loop.createFuture<unknown[]>();
  const results: unknown[] = [];
  for (const c of children) {
    loop.createTask(c).addDoneCallback((t) => {
      if (outer.done()) return;
      if (t.hasException() && !returnExceptions) return outer.setException(t.exception());
      results.push(t.hasException() ? t.exception() : t.result());
      if (results.length === children.length) outer.setResult(results);
    });
  }
  return outer;
};

/** Mutant: cancels the other children on the first error. */
const cancellingGather: GatherImpl = (children, returnExceptions) => {
  const tasks = children.map((c) => getRunningLoop().createTask(c));
  const outer = gather(...tasks, { returnExceptions });
  if (!returnExceptions) {
    for (const t of tasks) t.addDoneCallback((done) => done.hasException() && tasks.forEach((o) => o.cancel()));
  }
  return outer;
};

describe('gather ordering', () => {
  it('results come back in argument order; with returnExceptions each error at its position; otherwise the first error propagates and the others keep running', () => {
    fc.assert(gatherOrdering(realGather), { numRuns: RUNS });
  });
  it('kills a gather that returns results in completion order', () => {
    expect(lawBroken(gatherOrdering(completionOrderGather), RUNS)).toMatch(/gather law: results/);
  });
  it('kills a gather that cancels the other children on the first error', () => {
    expect(lawBroken(gatherOrdering(cancellingGather), RUNS)).toMatch(/gather law: only children/);
  });
});

// ---- virtual time ---------------------------------------------------------------------

type SleepImpl = (delay: number) => Coroutine<void>;
const realSleep: SleepImpl = function* (d) {
  yield* sleep(d);
};
/** Mutant: a "sleep" that polls every virtual second, as a naive ticking scheduler would. */
const tickingSleep: SleepImpl = function* (d) {
  for (let t = 0; t < d; t++) yield* sleep(1);
};
/** Mutant: a sleep that rounds its delay down. */
const truncatingSleep: SleepImpl = function* (d) {
  yield* sleep(Math.floor(d));
};

// Delays in quarters: dyadic, so sums and maxima are exact in floating point.
const delays = fc.array(fc.integer({ min: 0, max: 40 }).map((q) => q / 4), { minLength: 1, maxLength: 6 });

const virtualTime = (impl: SleepImpl) =>
  fc.property(delays, fc.integer({ min: 2, max: 1000 }), (ds, scale) => {
    const sequential = simulate(function* () {
      for (const d of ds) yield* impl(d);
    });
    const sum = ds.reduce((a, b) => a + b, 0);
    if (sequential.time !== sum) throw new Error(`virtual time: sequential sleeps ${ds} ended at t=${sequential.time}, expected the sum ${sum}`);
    const concurrent = simulate(function* () {
      yield* gather(...ds.map((d) => impl(d)));
    });
    const max = Math.max(...ds);
    if (concurrent.time !== max) throw new Error(`virtual time: concurrent sleeps ${ds} ended at t=${concurrent.time}, expected the max ${max}`);
    // Work does not depend on how long the sleeps are: the same program with every delay scaled runs the same steps.
    const scaled = simulate(function* () {
      yield* gather(...ds.map((d) => impl(d * scale)));
    });
    if (scaled.steps !== concurrent.steps) {
      throw new Error(`virtual time: scaling delays by ${scale} changed the work from ${concurrent.steps} to ${scaled.steps} steps`);
    }
  });

describe('virtual time', () => {
  it('sequential awaits cost the sum, concurrent tasks the max, and the work does not grow with the delays', () => {
    fc.assert(virtualTime(realSleep), { numRuns: RUNS });
  });
  it('kills a sleep that ticks through virtual time', () => {
    expect(lawBroken(virtualTime(tickingSleep), RUNS)).toMatch(/virtual time: (scaling delays|sequential|concurrent)/);
  });
  it('kills a sleep that loses fractions of a second', () => {
    expect(lawBroken(virtualTime(truncatingSleep), RUNS)).toMatch(/virtual time: (sequential|concurrent)/);
  });
});

// ---- cancellation ---------------------------------------------------------------------

/** Mutant: a task whose cancel() reports success but never delivers CancelledError. */
class DeafTask<T> extends Task<T> {
  override cancel(): boolean {
    return !this.done();
  }
}

const cancelCase = fc.record({
  sleeps: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 5 }),
  cancelAt: fc.integer({ min: 0, max: 12 }),
  catches: fc.boolean(),
});

const cancellation = (deaf: boolean) =>
  fc.property(cancelCase, ({ sleeps, cancelAt, catches }) => {
    const events: string[] = [];
    let victim!: Task<string>;
    function* work(): Coroutine<string> {
      try {
        for (let i = 0; i < sleeps.length; i++) {
          events.push(`before ${i}`);
          yield* sleep(sleeps[i]!);
          events.push(`after ${i}`);
        }
        return 'finished';
      } catch (error) {
        if (!(error instanceof CancelledError) || !catches) throw error;
        events.push('caught');
        return 'caught';
      }
    }
    let cancelled = false;
    simulate(function* () {
      const loop = getRunningLoop();
      if (deaf) loop.setTaskFactory((l, coro, options) => new DeafTask(coro, { loop: l, ...options }));
      victim = createTask(work(), { name: 'victim' });
      yield* sleep(cancelAt);
      cancelled = victim.cancel();
      events.push('cancel');
      try {
        yield* victim;
      } catch {
        /* cancelled, as it should be when it did not catch */
      }
    });
    if (!cancelled) return; // it had finished before the cancel
    const after = events.slice(events.indexOf('cancel') + 1);
    const expected = catches ? ['caught'] : [];
    if (after.join() !== expected.join()) throw new Error(`cancellation: after cancel() the task went on: ${after.join(', ')} (expected ${expected.join(', ') || 'nothing'})`);
    if (victim.cancelled() === catches) throw new Error(`cancellation: cancelled() is ${victim.cancelled()} though the task ${catches ? 'caught' : 'did not catch'} the CancelledError`);
  });

const groupCase = fc.record({
  delays: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 2, maxLength: 6 }),
  failing: fc.nat(),
});

type GroupImpl = (body: (add: (c: Coroutine<void>) => void) => void) => Coroutine<void>;
const realGroup: GroupImpl = function* (body) {
  yield* taskGroup(function* (tg: TaskGroup) {
    body((c) => void tg.createTask(c));
  });
};
/** Mutant: waits for everything and then raises — never cancels the siblings. */
const patientGroup: GroupImpl = function* (body) {
  const tasks: Coroutine<void>[] = [];
  body((c) => tasks.push(c));
  const results = yield* gather(...tasks, { returnExceptions: true });
  const errors = results.filter((r) => r instanceof Error);
  if (errors.length > 0) throw new ExceptionGroup('unhandled errors in a TaskGroup', errors);
};

const groupCancelsSiblings = (impl: GroupImpl) =>
  fc.property(groupCase, ({ delays, failing }) => {
    const f = failing % delays.length;
    const ends: string[] = [];
    let raised: unknown;
    simulate(function* () {
      try {
        yield* impl((add) =>
          delays.forEach((d, i) =>
            add(
              (function* (): Coroutine<void> {
                try {
                  yield* sleep(i === f ? d : d + 1); // the failing task fails strictly before the others would end
                } catch (e) {
                  if (e instanceof CancelledError) ends.push(`${i} cancelled`);
                  throw e;
                }
                if (i === f) throw new ChildError(`task ${i}`);
                ends.push(`${i} done`);
              })(),
            ),
          ),
        );
      } catch (error) {
        raised = error;
      }
    });
    const fd = delays[f]!;
    const survivors = delays.map((d, i) => [d, i] as const).filter(([d, i]) => i !== f && d + 1 > fd);
    for (const [, i] of survivors) {
      if (!ends.includes(`${i} cancelled`)) throw new Error(`TaskGroup: sibling ${i} was not cancelled when task ${f} failed: ${ends.join(', ')}`);
    }
    if (!(raised instanceof ExceptionGroup) || !raised.exceptions.some((e) => e instanceof ChildError)) {
      throw new Error(`TaskGroup: expected an ExceptionGroup holding the failure, got ${String(raised)}`);
    }
  });

describe('cancellation', () => {
  it('a cancelled task never continues past its await unless it catches', () => {
    fc.assert(cancellation(false), { numRuns: RUNS });
  });
  it('kills a task whose cancel() never delivers', () => {
    expect(lawBroken(cancellation(true), RUNS)).toMatch(/cancellation: after cancel\(\) the task went on/);
  });
  it('TaskGroup cancels the siblings on the first failure and raises the group', () => {
    fc.assert(groupCancelsSiblings(realGroup), { numRuns: RUNS });
  });
  it('kills a group that never cancels the siblings', () => {
    expect(lawBroken(groupCancelsSiblings(patientGroup), RUNS)).toMatch(/TaskGroup: sibling \d+ was not cancelled/);
  });
});

// ---- determinism ----------------------------------------------------------------------

/** Mutant: a strategy that picks with Math.random — not a function of the seed. */
const ambientRandom: Strategy = { name: 'ambient-random', choose: (c) => Math.floor(Math.random() * c.count) };

const programCase = fc.array(fc.record({ delay: fc.integer({ min: 0, max: 3 }), hops: fc.integer({ min: 1, max: 3 }) }), { minLength: 2, maxLength: 6 });

const determinism = (strategy: Strategy | undefined) =>
  fc.property(programCase, (workers) => {
    const hashOf = (): string => {
      const outcome = simulate(
        function* () {
          yield* gather(
            ...workers.map((w, i) =>
              (function* (): Coroutine<void> {
                for (let h = 0; h < w.hops; h++) {
                  log(`w${i} hop ${h}`);
                  yield* sleep(w.delay);
                }
              })(),
            ),
          );
        },
        { trace: 'hash', ...(strategy && { strategy }) },
      );
      return outcome.trace!.hash();
    };
    const first = hashOf();
    for (let k = 0; k < 3; k++) if (hashOf() !== first) throw new Error('determinism: the same program gave two different traces');
  });

describe('determinism', () => {
  it('the same program gives the same trace hash', () => {
    fc.assert(determinism(undefined), { numRuns: RUNS });
  });
  it('kills a strategy that reads Math.random', () => {
    expect(lawBroken(determinism(ambientRandom), RUNS)).toMatch(/determinism/);
  });
});
