import { describe, expect, it } from 'vitest';
import { sleep } from '../kernel/index.js';
import { ActorScheduler, DEAD_LETTERS_KEPT, UnknownActorError } from './actor-scheduler.js';

function* collector(into: unknown[], limit = Infinity): Generator<undefined, void, unknown> {
  for (let i = 0; i < limit; i++) into.push(yield);
}

describe('ActorScheduler', () => {
  it('rejects bad names and non-generators, naming the value', () => {
    const s = new ActorScheduler();
    expect(() => s.newActor('a', {} as never)).toThrowErrorMatchingInlineSnapshot(`[TypeError: newActor expected a generator for actor "a", got object {}]`);
    expect(() => s.newActor(5 as never, collector([]))).toThrowErrorMatchingInlineSnapshot(`[TypeError: newActor expected a string name, got number 5]`);
    expect(() => s.send(null as never, 1)).toThrowErrorMatchingInlineSnapshot(`[TypeError: send expected a string actor name, got null]`);
  });

  it('send only enqueues: nothing runs until run()', () => {
    const s = new ActorScheduler();
    const got: unknown[] = [];
    s.newActor('a', collector(got));
    s.send('a', 1);
    s.send('a', 2);
    expect(got).toEqual([]);
    expect(s.pending).toBe(3); // priming + two messages
    s.run();
    expect(got).toEqual([1, 2]);
  });

  it('counts and keeps sends to unknown names (dead letters), which the seed drops silently', () => {
    const s = new ActorScheduler({ trace: true });
    s.newActor('a', collector([]));
    s.send('nobody', 'hello');
    s.run();
    expect(s.deadLetterCount).toBe(1);
    expect(s.deadLetters).toEqual([{ to: 'nobody', msg: 'hello', from: '-', step: 0, time: 0 }]);
    expect(s.trace!.render()).toContain('dead-letter nobody "hello"');
  });

  it('keeps the first DEAD_LETTERS_KEPT dead letters and counts them all', () => {
    const s = new ActorScheduler();
    for (let i = 0; i < DEAD_LETTERS_KEPT + 5; i++) s.send('x', i);
    expect(s.deadLetterCount).toBe(DEAD_LETTERS_KEPT + 5);
    expect(s.deadLetters).toHaveLength(DEAD_LETTERS_KEPT);
  });

  it('strict mode makes a send to an unknown name an error that lists the known names', () => {
    const s = new ActorScheduler({ strict: true });
    s.newActor('printer', collector([]));
    s.newActor('counter', collector([]));
    let caught: unknown;
    try {
      s.send('prnter', 5);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnknownActorError);
    expect(caught).toMatchInlineSnapshot(
      `[UnknownActorError: send to unknown actor "prnter" (message 5, from -): no actor has that name; known actors: "printer", "counter". The seed drops such sends; strict mode makes them errors.]`,
    );
  });

  it('binds a message to the actor at send time: re-registering a name only redirects later sends', () => {
    const s = new ActorScheduler();
    const first: unknown[] = [];
    const second: unknown[] = [];
    s.newActor('a', collector(first));
    s.send('a', 'early');
    s.newActor('a', collector(second));
    s.send('a', 'late');
    s.run();
    expect(first).toEqual(['early']);
    expect(second).toEqual(['late']);
  });

  it('a finished actor keeps its name and swallows later messages', () => {
    const s = new ActorScheduler({ trace: true });
    const got: unknown[] = [];
    s.newActor('once', collector(got, 1));
    s.send('once', 1);
    s.send('once', 2);
    s.run();
    expect(got).toEqual([1]);
    expect(s.deadLetterCount).toBe(0);
    expect(s.trace!.render()).toMatchInlineSnapshot(`
      "0 t=0 - spawn once
      0 t=0 - send once 1
      0 t=0 - send once 2
      1 t=0 once recv undefined
      2 t=0 once recv 1
      2 t=0 once done
      3 t=0 once swallowed 2
      "
    `);
  });

  it('explains that actors cannot sleep', () => {
    const s = new ActorScheduler();
    s.newActor(
      'napper',
      (function* () {
        yield sleep(1);
      })(),
    );
    expect(() => s.run()).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: actor "napper" yielded sleep(1), but actors wait for messages, not time — run timed work as a TaskScheduler task or an asyncio coroutine]`,
    );
  });

  it('10^6 self-sends: constant stack, all delivered', () => {
    const s = new ActorScheduler();
    let received = 0;
    s.newActor(
      'counter',
      (function* (): Generator<undefined, void, number> {
        for (;;) {
          const n = yield;
          received++;
          if (n === 0) return;
          s.send('counter', n - 1);
        }
      })(),
    );
    s.send('counter', 1_000_000);
    s.run();
    expect(received).toBe(1_000_001);
  });
});
