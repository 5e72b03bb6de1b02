/**
 * The conformance kits on correct schedulers (simloop's own, and a port of
 * the seed as a user would write it in plain JavaScript), and what a failure
 * says: the law, the minimal counterexample, fast-check's seed and path, and
 * the options that replay it.
 */
import { describe, expect, it } from 'vitest';
import { ACTOR_LAWS, ActorScheduler, checkActorScheduler, checkTaskScheduler, ConformanceError, RunFunc, TASK_LAWS, TaskScheduler } from '../../index.js';
import * as M from './fixtures/mutants.js';
import * as Port from './fixtures/seed-port.js';

function failure(check: () => unknown): ConformanceError {
  try {
    check();
  } catch (error) {
    if (error instanceof ConformanceError) return error;
    throw error;
  }
  throw new Error('expected a ConformanceError');
}

describe('checkTaskScheduler passes', () => {
  it("simloop's TaskScheduler, every law", () => {
    const summary = checkTaskScheduler(() => new TaskScheduler());
    expect(summary.kit).toBe('task');
    expect(summary.laws.map((l) => l.law)).toEqual([...TASK_LAWS]);
    expect(summary.laws.every((l) => l.runs >= 1)).toBe(true);
    expect(summary.runs).toBe(summary.laws.reduce((n, l) => n + l.runs, 0));
  });

  it("simloop's RunFunc through the seed's addFunc", () => {
    checkTaskScheduler(() => {
      const runner = new RunFunc();
      return { addTask: (task) => runner.addFunc(task), run: () => runner.run() };
    });
  });

  it('a port of the seed in plain JavaScript (Array#shift and all)', () => {
    checkTaskScheduler(() => new Port.TaskScheduler());
  });

  it('the correct base the mutants bend', () => {
    checkTaskScheduler(() => new M.GoodTaskScheduler());
  });
});

describe('checkActorScheduler passes', () => {
  it("simloop's ActorScheduler, every law, counting down from 10^6", () => {
    const summary = checkActorScheduler(() => new ActorScheduler());
    expect(summary.kit).toBe('actor');
    expect(summary.laws.map((l) => l.law)).toEqual([...ACTOR_LAWS]);
  });

  it('a port of the seed in plain JavaScript', () => {
    checkActorScheduler(() => new Port.ActorScheduler());
  });

  it('the correct base the mutants bend', () => {
    checkActorScheduler(() => new M.GoodActorScheduler(), { maxMessages: 100_000 });
  });
});

describe('a failure', () => {
  it('names the law, shows the minimal counterexample, and replays from its seed and path', () => {
    const error = failure(() => checkTaskScheduler(() => new M.LifoTaskScheduler(), { seed: 42 }));
    expect(error.law).toBe('first-run order');
    expect(error.seed).toBe(42);
    expect(error.path).toMatch(/^\d+(:\d+)*$/);
    // LIFO shows with two tasks that never yield
    expect(error.counterexample).toBe(['addTask(t0), addTask(t1), then run() (again after each UserError):', '  t0: yields 0 times, then returns', '  t1: yields 0 times, then returns'].join('\n'));
    expect(error.observed).toBe('t1 0, t0 0');
    expect(error.replay).toEqual({ seed: 42, path: error.path, laws: ['first-run order'] });
    expect(error.replayCall).toBe(`checkTaskScheduler(factory, { seed: 42, path: ${JSON.stringify(error.path)}, laws: ["first-run order"] })`);
    expect(error.message).toContain('minimal counterexample:');
    expect(error.message).toContain(`fast-check: { seed: 42, path: ${JSON.stringify(error.path)} }`);

    const again = failure(() => checkTaskScheduler(() => new M.LifoTaskScheduler(), error.replay));
    expect(again.law).toBe(error.law);
    expect(again.value).toEqual(error.value);
    expect(again.path).toBe(error.path);
  });

  it('of the actor kit replays too, with maxMessages when it was given', () => {
    const error = failure(() => checkActorScheduler(() => new M.DropsEvery7thActorScheduler(), { seed: 7, maxMessages: 5000 }));
    expect(error.law).toBe('no lost or duplicated messages');
    expect(error.replay).toMatchObject({ seed: 7, laws: ['no lost or duplicated messages'], maxMessages: 5000 });
    expect(error.counterexample).toMatch(/^newActor\("\w", </);
    const again = failure(() => checkActorScheduler(() => new M.DropsEvery7thActorScheduler(), error.replay));
    expect(again.value).toEqual(error.value);
  });

  it('says which law found it when the run broke another', () => {
    const error = failure(() => checkTaskScheduler(() => new M.NeverRemovesTaskScheduler()));
    expect(error.law).toBe('finished tasks removed');
    expect(error.checking).toBe('first-run order');
    expect(error.message).toContain('(found while checking "first-run order")');
    expect(error.replay).toMatchObject({ laws: ['first-run order'] });
  });

  it('shrinks a recursive scheduler from 10^6 down to a short countdown', () => {
    const error = failure(() => checkActorScheduler(() => new M.RecursiveRunActorScheduler()));
    expect(error.law).toBe('recursion-free delivery');
    expect(error.value).toBeLessThan(20);
    expect(error.firstFound).toContain('send("counter", 1000000)');
  });
});

describe('options', () => {
  it('laws picks the laws to check, in the kit order', () => {
    const summary = checkTaskScheduler(() => new TaskScheduler(), { laws: ['determinism', 'round robin'], numRuns: 10 });
    expect(summary.laws.map((l) => l.law)).toEqual(['round robin', 'determinism']);
    expect(summary.runs).toBe(20);
  });

  it('bad input is a TypeError naming what was expected', () => {
    expect(() => checkTaskScheduler(42 as never)).toThrow(/expected a factory function/);
    expect(() => checkTaskScheduler(() => ({}) as never)).toThrow(/expected an object with addTask\(task\) and run\(\)/);
    expect(() => checkActorScheduler(() => new TaskScheduler() as never)).toThrow(/newActor\(name, actor\), send\(name, msg\) and run\(\)/);
    expect(() => checkTaskScheduler(() => new TaskScheduler(), { laws: ['fairness'] })).toThrow(/unknown law string "fairness"/);
    expect(() => checkTaskScheduler(() => new TaskScheduler(), { numRuns: 0 })).toThrow(/numRuns to be a positive integer/);
    expect(() => checkTaskScheduler(() => new TaskScheduler(), { seed: 1, path: '0:1' })).toThrow(/path replays one law's failure/);
    expect(() => checkActorScheduler(() => new ActorScheduler(), { maxMessages: 0 })).toThrow(/maxMessages to be a positive integer/);
    expect(() => checkTaskScheduler(() => new TaskScheduler(), { maxMessages: 10 } as never)).toThrow(/unknown option "maxMessages"/);
  });
});
