import { describe, expect, it } from 'vitest';
import { sleep } from '../kernel/index.js';
import { RunFunc, TaskScheduler } from './task-scheduler.js';

describe('TaskScheduler', () => {
  it('rejects what is not a generator, naming the value', () => {
    const s = new TaskScheduler();
    expect(() => s.addTask(5 as never)).toThrowErrorMatchingInlineSnapshot(`[TypeError: addTask expected a generator/iterator, got number 5 (for task "task-1")]`);
    expect(() => s.addTask({} as never, { name: 'w' })).toThrowErrorMatchingInlineSnapshot(`[TypeError: addTask expected a generator/iterator, got object {} (for task "w")]`);
    expect(() => s.addTask((function* () {}) as never)).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: addTask expected a generator/iterator, got function (anonymous) (for task "task-1")]`,
    );
  });

  it('rejects bad options, naming them', () => {
    expect(() => new TaskScheduler({ maxSteps: -1 })).toThrowErrorMatchingInlineSnapshot(`[TypeError: maxSteps expected a non-negative number, got number -1]`);
    expect(() => new TaskScheduler({ strategy: 'lifo' as never })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: strategy expected one of 'fifo', 'random', 'pct' or an object with name and choose(), got string "lifo"]`,
    );
  });

  it('refuses run() from inside a running task', () => {
    const s = new TaskScheduler();
    s.addTask(
      (function* () {
        yield;
        s.run();
      })(),
      { name: 'nested' },
    );
    expect(() => s.run()).toThrowErrorMatchingInlineSnapshot(
      `[ReentrantRunError: run() called from inside "nested" while this scheduler is already running; a task cannot run its own scheduler — yield to let other tasks run, or create a separate scheduler]`,
    );
  });

  it('stops a task that never ends at the step budget', () => {
    const s = new TaskScheduler({ maxSteps: 500 });
    s.addTask(
      (function* () {
        for (;;) yield;
      })(),
    );
    expect(() => s.run()).toThrow(/step budget exhausted: maxSteps=500 .* raise the budget with \{ maxSteps: 5000 \}/);
  });

  it('lets a task exception escape run(), and a later run() goes on with the others', () => {
    const s = new TaskScheduler();
    const log: string[] = [];
    s.addTask(
      (function* () {
        log.push('a0');
        yield;
        throw new Error('boom');
      })(),
    );
    s.addTask(
      (function* () {
        log.push('b0');
        yield;
        log.push('b1');
        yield;
        log.push('b2');
      })(),
    );
    expect(() => s.run()).toThrow('boom');
    expect(s.pending).toBe(1);
    s.run();
    expect(log).toEqual(['a0', 'b0', 'b1', 'b2']);
    expect(s.pending).toBe(0);
  });

  it('parks a task that yields sleep(d) on the virtual clock: sequential sleeps add up, concurrent ones overlap', () => {
    const s = new TaskScheduler({ trace: true });
    const woke: string[] = [];
    function* sleeper(name: string, delays: number[]) {
      for (const d of delays) yield sleep(d);
      woke.push(`${name}@${s.time}`);
    }
    s.addTask(sleeper('seq', [1, 2, 3]), { name: 'seq' });
    s.addTask(sleeper('short', [2]), { name: 'short' });
    s.addTask(sleeper('zero', [0, 0]), { name: 'zero' });
    s.run();
    expect(woke).toEqual(['zero@0', 'short@2', 'seq@6']);
    expect(s.time).toBe(6);
    expect(s.trace!.render()).toMatchInlineSnapshot(`
      "0 t=0 - spawn seq
      0 t=0 - spawn short
      0 t=0 - spawn zero
      1 t=0 seq sleep 1
      2 t=0 short sleep 2
      3 t=0 zero yield sleep(0)
      4 t=0 zero yield sleep(0)
      5 t=0 zero done
      6 t=1 seq sleep 2
      7 t=2 short done
      8 t=3 seq sleep 3
      9 t=6 seq done
      "
    `);
  });

  it('an hour of virtual sleep costs nothing', () => {
    const s = new TaskScheduler();
    s.addTask(
      (function* () {
        for (let i = 0; i < 3600; i++) yield sleep(1);
      })(),
    );
    s.run();
    expect(s.time).toBe(3600);
    expect(s.steps).toBe(3601);
  });

  it('RunFunc is the same machine under the seed’s earlier names', () => {
    const r = new RunFunc();
    const log: number[] = [];
    r.addFunc(
      (function* () {
        log.push(1);
        yield;
        log.push(3);
      })(),
    );
    r.addFunc(
      (function* () {
        log.push(2);
      })(),
    );
    r.run();
    expect(log).toEqual([1, 2, 3]);
  });
});
