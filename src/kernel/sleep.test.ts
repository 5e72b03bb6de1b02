/**
 * The sleep request is its own `yield*` iterator and IteratorResult (one
 * object per sleep): what a coroutine sees through `yield*` must be exactly
 * what a separate iterator would give — one yield of the request, then the
 * value sent back — also when the request is awaited again or an error is
 * thrown in.
 */
import { describe, expect, it } from 'vitest';
import { Sleep, sleep } from './sleep.js';

// Compared by identity: a Sleep is iterable, and a deep equality would iterate it (and so await it).

/** Drives `yield* request` by hand, as a layer would: returns what was yielded and what the coroutine got back. */
function drive(request: Sleep<string>, sent: unknown): { yielded: unknown[]; awaitedWhenYielded: boolean[]; got: unknown } {
  const yielded: unknown[] = [];
  const awaitedWhenYielded: boolean[] = [];
  let got: unknown;
  const coroutine = (function* () {
    got = yield* request;
  })();
  let step = coroutine.next();
  while (step.done !== true) {
    yielded.push(step.value);
    awaitedWhenYielded.push(request.awaited);
    step = coroutine.next(sent);
  }
  return { yielded, awaitedWhenYielded, got };
}

describe('sleep(d) under yield*', () => {
  it('yields the request once, marked awaited, and returns what is sent back', () => {
    const request = sleep(2, 'r');
    const { yielded, awaitedWhenYielded, got } = drive(request, 'sent back');
    expect(yielded.length).toBe(1);
    expect(yielded[0]).toBe(request);
    expect(awaitedWhenYielded).toEqual([true]);
    expect(got).toBe('sent back');
    expect(request.awaited).toBe(false);
  });

  it('is claimed once by the layer it was yielded to, and never when yielded without the star', () => {
    const request = sleep(2, 'r');
    const coroutine = (function* () {
      return yield* request;
    })();
    expect(request.claim()).toBe(false); // fresh: a forgotten star would hand the layer this
    coroutine.next();
    expect([request.awaited, request.claim()]).toEqual([true, true]);
    expect([request.awaited, request.claim()]).toEqual([false, false]); // parked: a second task yielding it gets nothing
    expect(() => (function* () { yield* request; })().next()).toThrow(/already being awaited/);
    expect(coroutine.next('woken')).toEqual({ done: true, value: 'woken' });
  });

  it('can be awaited again once finished: a second sleep, yielded once more', () => {
    const request = sleep(1, 'r');
    drive(request, 'first');
    const again = drive(request, 'second');
    expect(again.yielded.length).toBe(1);
    expect(again.yielded[0]).toBe(request);
    expect(again.got).toBe('second');
  });

  it('refuses a second await while the first is still parked on it', () => {
    const request = sleep(3, 'r');
    const first = (function* () {
      yield* request;
    })();
    first.next();
    const second = (function* () {
      yield* request;
    })();
    expect(() => second.next()).toThrowErrorMatchingInlineSnapshot(`[Error: sleep(3) is already being awaited by another coroutine; call sleep() again for a second sleep]`);
  });

  it('passes a thrown-in error (a cancellation) to the awaiting coroutine, and is reusable after it', () => {
    const request = sleep(1, 'r');
    const coroutine = (function* () {
      try {
        yield* request;
      } catch (error) {
        return `caught ${String(error)}`;
      }
      return 'not cancelled';
    })();
    coroutine.next();
    expect(coroutine.throw('cancel')).toEqual({ done: true, value: 'caught cancel' });
    expect(drive(request, 'again').got).toBe('again');
  });

  it('is plain data for a seed task that yields it without the star', () => {
    const request = sleep(2);
    expect([request instanceof Sleep, request.delay, request.awaited, String(request)]).toEqual([true, 2, false, 'sleep(2)']);
  });
});
