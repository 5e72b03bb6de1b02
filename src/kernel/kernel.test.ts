import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Kernel, type Runnable, type SlotTable } from './kernel.js';
import { TimerHeap } from './heap.js';
import type { Choice, Owner, Strategy } from './strategy.js';

const python = spawnSync('python3', ['--version']).status === 0;

/** A callback entry for tests: runs `fn` as `name`. */
function entry(name: string, fn: () => void = () => {}): Runnable & { cancelled: boolean } {
  const owner: Owner = { id: 0, name };
  return { owner, cancelled: false, run: fn };
}

describe('one iteration is CPython _run_once', () => {
  // X schedules a zero-delay timer T and a callback Y; Y schedules Z.
  // Y was ready before T became due, and Z was scheduled during the
  // iteration that ran T, so: X, Y, T, Z.
  const CPYTHON = `
import asyncio
loop = asyncio.new_event_loop()
out = []
def X(): out.append('X'); loop.call_later(0, T); loop.call_soon(Y)
def Y(): out.append('Y'); loop.call_soon(Z)
def T(): out.append('T')
def Z(): out.append('Z'); loop.stop()
loop.call_soon(X)
loop.run_forever()
print(' '.join(out))
`;

  function ours(): string {
    const kernel = new Kernel();
    const out: string[] = [];
    const Z = entry('Z', () => out.push('Z'));
    const Y = entry('Y', () => (out.push('Y'), kernel.callSoon(Z)));
    const T = entry('T', () => out.push('T'));
    const X = entry('X', () => (out.push('X'), kernel.callLater(0, T), kernel.callSoon(Y)));
    kernel.callSoon(X);
    kernel.run();
    return out.join(' ');
  }

  it.skipIf(!python)('due timers join the end of the ready queue; new work waits for the next iteration (as CPython)', () => {
    const run = spawnSync('python3', ['-c', CPYTHON], { encoding: 'utf8' });
    expect(ours()).toBe(run.stdout.trim());
  });

  it('jumps the clock only when nothing is ready, and keeps float deadlines within 1e-9 together', () => {
    const kernel = new Kernel({ trace: true });
    const seen: string[] = [];
    kernel.callLater(0.1 + 0.1 + 0.1, entry('sum', () => seen.push(`sum@${kernel.time}`)));
    kernel.callLater(0.3, entry('lit', () => seen.push(`lit@${kernel.time}`)));
    kernel.callLater(5, entry('late', () => seen.push(`late@${kernel.time}`)));
    kernel.run();
    // 0.3 < 0.30000000000000004: the smaller deadline pops first, and both run at the first jump.
    expect(seen).toEqual(['lit@0.3', 'sum@0.3', 'late@5']);
  });

  it('counts steps and stops at an infinitely distant timer instead of spinning', () => {
    const kernel = new Kernel();
    kernel.callLater(Infinity, entry('never'));
    kernel.callSoon(entry('once'));
    kernel.run();
    expect(kernel.steps).toBe(1);
    expect(kernel.time).toBe(0);
  });

  it('skips cancelled entries and lazily drops cancelled timers', () => {
    const kernel = new Kernel();
    const ran: string[] = [];
    const a = entry('a', () => ran.push('a'));
    kernel.callSoon(a);
    kernel.callSoon(entry('b', () => ran.push('b')));
    a.cancelled = true;
    const timer = kernel.callLater(1, entry('t', () => ran.push('t')));
    timer.cancel();
    expect(kernel.timerCount).toBe(1); // still in the heap, as in CPython
    kernel.run();
    expect(ran).toEqual(['b']);
    expect(kernel.timerCount).toBe(0);
    expect(kernel.time).toBe(0); // a cancelled timer does not move the clock
  });

  it('rebuilds the heap when more than half of over 100 timers are cancelled', () => {
    const kernel = new Kernel();
    const timers = Array.from({ length: 150 }, (_, i) => kernel.callLater(10 + i, entry(`t${i}`)));
    for (const t of timers.slice(0, 100)) t.cancel();
    kernel.callSoon(entry('tick'));
    kernel.runOnce();
    expect(kernel.timerCount).toBe(50);
  });

  it('stop() ends the run after the current iteration without moving the clock', () => {
    const kernel = new Kernel();
    const ran: string[] = [];
    kernel.callLater(3, entry('later', () => ran.push('later')));
    kernel.callSoon(entry('stopper', () => (ran.push('stopper'), kernel.stop())));
    kernel.callSoon(entry('same-iteration', () => ran.push('same-iteration')));
    kernel.run();
    expect(ran).toEqual(['stopper', 'same-iteration']);
    expect(kernel.time).toBe(0);
    kernel.run();
    expect(ran).toEqual(['stopper', 'same-iteration', 'later']);
  });
});

describe('timers: handles, handle-free timers, re-armed handles', () => {
  it('fires wakeAt timers in exactly the order of callAt timers (same heap, same ties)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.boolean()), { maxLength: 40 }), (timers) => {
        const fired = (useWakeAt: (i: number) => boolean): number[] => {
          const kernel = new Kernel();
          const out: number[] = [];
          timers.forEach(([when], i) => {
            const e = entry(`t${i}`, () => out.push(i));
            if (useWakeAt(i)) kernel.wakeAt(when, e);
            else kernel.callAt(when, e);
          });
          kernel.run();
          return out;
        };
        expect(fired((i) => timers[i]![1])).toEqual(fired(() => false));
      }),
      { numRuns: 300 },
    );
  });

  it('re-arms a handle whose timer fired, and refuses one still in the heap', () => {
    const kernel = new Kernel();
    const ran: number[] = [];
    const timer = kernel.callAt(1, entry('t', () => ran.push(kernel.time)));
    expect(() => kernel.rearm(timer, 2)).toThrowErrorMatchingInlineSnapshot(`[Error: rearm: the timer due at 1 is still in the heap]`);
    kernel.run();
    kernel.rearm(timer, 5);
    expect([timer.when, timer.scheduled, kernel.timerCount]).toEqual([5, true, 1]);
    kernel.run();
    expect(ran).toEqual([1, 5]);
  });

  it('a cancelled handle that surfaced can be re-armed and counts as live again', () => {
    const kernel = new Kernel();
    const ran: string[] = [];
    const timer = kernel.callAt(1, entry('t', () => ran.push(`t@${kernel.time}`)));
    timer.cancel();
    kernel.callSoon(entry('tick'));
    kernel.run(); // the cancelled timer surfaces and is dropped
    expect([timer.scheduled, kernel.timerCount, kernel.time]).toEqual([false, 0, 0]);
    kernel.rearm(timer, 3);
    kernel.run();
    expect(ran).toEqual(['t@3']);
  });
});

describe('arguments go only to entries that take them', () => {
  const taker = (name: string, got: unknown[]): Runnable => ({ owner: { id: 0, name }, cancelled: false, takesArg: true, run: (arg) => void got.push(arg) });

  it('hands each entry the argument it was queued with, through callSoon and callAt; wakeAt has none', () => {
    const kernel = new Kernel();
    const got: unknown[] = [];
    const t = taker('t', got);
    kernel.callSoon(t, 'soon');
    kernel.callAt(1, t, 'handle');
    kernel.wakeAt(2, t);
    kernel.callSoon(t); // no argument: undefined, not a stale one
    kernel.run();
    expect(got).toEqual(['soon', undefined, 'handle', undefined]);
  });

  it('refuses an argument for an entry that does not declare takesArg, naming both', () => {
    const kernel = new Kernel();
    const plain = entry('plain');
    expect(() => kernel.callSoon(plain, 42)).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: the entry of "plain" was queued with the argument number 42 but does not declare takesArg: true, so it would never receive it]`,
    );
    expect(() => kernel.callAt(1, plain, 'x')).toThrow(TypeError);
    expect([kernel.readyCount, kernel.timerCount]).toEqual([0, 0]);
  });
});

describe('strategies choose among the entries ready in this iteration', () => {
  it('sees the owner of every candidate and can pick any of them', () => {
    const asked: string[][] = [];
    const last: Strategy = {
      name: 'last',
      choose(choice: Choice) {
        asked.push(Array.from({ length: choice.count }, (_, i) => choice.owner(i)?.name ?? '-'));
        return choice.count - 1;
      },
    };
    const kernel = new Kernel({ strategy: last });
    const ran: string[] = [];
    for (const name of ['a', 'b', 'c']) kernel.callSoon(entry(name, () => ran.push(name)));
    kernel.run();
    expect(ran).toEqual(['c', 'b', 'a']);
    expect(asked).toEqual([['a', 'b', 'c'], ['a', 'b']]); // one candidate left is not a choice
  });

  it('rejects an index out of range, naming the strategy', () => {
    const bad: Strategy = { name: 'off-by-one', choose: (c) => c.count };
    const kernel = new Kernel({ strategy: bad });
    kernel.callSoon(entry('a'));
    kernel.callSoon(entry('b'));
    expect(() => kernel.run()).toThrowErrorMatchingInlineSnapshot(`[RangeError: strategy off-by-one chose 2, expected an integer in [0, 2)]`);
  });
});

describe('a layer puts its own decisions to the strategy (Kernel.choose)', () => {
  const owners = ['w1', 'w2', 'w3'].map((name, id) => ({ id, name }));

  it('asks with the kind, the count and each candidate owner', () => {
    const seen: string[] = [];
    const last: Strategy = {
      name: 'last',
      choose(choice: Choice) {
        seen.push(`${choice.kind}:${Array.from({ length: choice.count }, (_, i) => choice.owner(i)?.name).join(',')}`);
        return choice.count - 1;
      },
    };
    const kernel = new Kernel({ strategy: last });
    expect(kernel.choose('lock-waiter', 3, (i) => owners[i]!)).toBe(2);
    expect(kernel.choose('lock-waiter', 1, (i) => owners[i]!)).toBe(0); // one candidate: not a choice
    expect(seen).toEqual(['lock-waiter:w1,w2,w3']);
  });

  it('answers 0 under fifo without asking, and rejects an index out of range', () => {
    expect(new Kernel().choose('lock-waiter', 3, () => null)).toBe(0);
    const bad = new Kernel({ strategy: { name: 'off-by-one', choose: (c) => c.count } });
    expect(() => bad.choose('queue-getter', 2, () => null)).toThrowErrorMatchingInlineSnapshot(`[RangeError: strategy off-by-one chose 2 for a 'queue-getter' choice, expected an integer in [0, 2)]`);
  });
});

describe('budgets', () => {
  it('stops a run that never ends at the step budget, saying how to raise it', () => {
    const kernel = new Kernel({ maxSteps: 1000, seed: 7 });
    const spin: Runnable = { owner: { id: 1, name: 'spinner' }, cancelled: false, run: () => kernel.callSoon(spin) };
    kernel.callSoon(spin);
    expect(() => kernel.run()).toThrowErrorMatchingInlineSnapshot(
      `[StepBudgetError: step budget exhausted: maxSteps=1000 steps ran at step 1000, t=0 (strategy fifo seed 7) and work was still queued. A task that never finishes? If the run is just long, raise the budget with { maxSteps: 10000 }.]`,
    );
  });

  it('stops before the clock passes the time budget', () => {
    const kernel = new Kernel({ maxTime: 60 });
    const tick: Runnable = { owner: { id: 1, name: 'ticker' }, cancelled: false, run: () => void kernel.callLater(25, tick) };
    kernel.callSoon(tick);
    expect(() => kernel.run()).toThrowErrorMatchingInlineSnapshot(
      `[TimeBudgetError: virtual-time budget exhausted: the next timer is due at t=75, past maxTime=60, at step 3, t=50 (strategy fifo). A task that sleeps in a loop forever? If the run is just long, raise the budget with { maxTime: 600 }.]`,
    );
  });
});

describe('trace', () => {
  it('stamps events with step and virtual time, renders them and hashes them stably', () => {
    const kernel = new Kernel({ trace: true });
    kernel.callLater(1.5, entry('sleeper', () => kernel.emit('woke', 'after 1.5')));
    kernel.emit('start');
    kernel.run();
    expect(kernel.trace!.render()).toMatchInlineSnapshot(`
      "0 t=0 - start
      1 t=1.5 sleeper woke after 1.5
      "
    `);
    // A pure function of the lines: pinned, so a change to the hash is a conscious one.
    expect(kernel.trace!.hash()).toMatchInlineSnapshot(`"fa92d93ff66a5bed"`);
  });
});

describe('current: the owner of the entry being run', () => {
  /** Entries that record kernel.current as they run; each queues `more` fresh ones (growing the ring past 16). */
  function recordCurrent(strategy: Strategy | undefined, more: number): { seen: [string, string][]; after: Owner | null } {
    const kernel = new Kernel({ strategy });
    const seen: [string, string][] = [];
    const make = (name: string, spawn: number): Runnable => {
      const e: Runnable = {
        owner: { id: 0, name },
        cancelled: false,
        run: () => {
          for (let k = 0; k < spawn; k++) kernel.callSoon(make(`${name}.${k}`, 0));
          seen.push([name, kernel.current?.name ?? 'null']);
        },
      };
      return e;
    };
    for (let i = 0; i < 5; i++) kernel.callSoon(make(`t${i}`, more));
    kernel.run();
    return { seen, after: kernel.current };
  }

  // Picks the last candidate every time: every pick moves an entry forward.
  const last: Strategy = { name: 'last', choose: (choice: Choice) => choice.count - 1 };

  it('is the running entry under fifo and under a strategy that moves its picks, across ring growth; null after the run', () => {
    for (const strategy of [undefined, last]) {
      const { seen, after } = recordCurrent(strategy, 6);
      expect(seen).toHaveLength(5 + 5 * 6);
      for (const [ran, current] of seen) expect(current).toBe(ran);
      expect(after).toBeNull();
    }
  });

  it('is null again after a step throws', () => {
    const kernel = new Kernel();
    kernel.callSoon(entry('boom', () => {
      throw new Error('boom');
    }));
    expect(() => kernel.run()).toThrow('boom');
    expect(kernel.current).toBeNull();
  });
});

describe('slots: a layer queues the slot numbers of its SlotTable', () => {
  /** A table whose slot `n` runs `program[n]`'s action and is owned by `s<n>`. */
  class Table implements SlotTable {
    readonly owners = new Map<number, Owner>();
    constructor(readonly runSlot: (slot: number) => void) {}
    run(slot: number): void {
      this.runSlot(slot);
    }
    ownerOf(slot: number): Owner {
      let owner = this.owners.get(slot);
      if (owner === undefined) this.owners.set(slot, (owner = { id: slot, name: `s${slot}` }));
      return owner;
    }
  }

  // Each op queues item i: as a slot or as an entry, now or at a deadline;
  // when it runs, item i records itself and, `again` times, queues itself once more the same way.
  type Op = { slot: boolean; at: number | null; again: number };
  const op = fc.record({ slot: fc.boolean(), at: fc.option(fc.integer({ min: 0, max: 3 })), again: fc.integer({ min: 0, max: 2 }) });

  /** Runs the ops; `asSlots` false queues every item as a Runnable entry instead. */
  function ranOrder(ops: Op[], asSlots: boolean, strategy?: Strategy): string[] {
    const kernel = new Kernel({ strategy });
    const out: string[] = [];
    const left = ops.map((o) => o.again);
    const queue = (i: number): void => {
      const o = ops[i]!;
      if (o.slot && asSlots) {
        if (o.at === null) kernel.callSoonSlot(i);
        else kernel.wakeSlotAt(kernel.time + o.at, i);
      } else if (o.at === null) kernel.callSoon(entries[i]!);
      else kernel.wakeAt(kernel.time + o.at, entries[i]!);
    };
    const runItem = (i: number): void => {
      out.push(`${kernel.current?.name}@${kernel.time}`);
      if (left[i]!-- > 0) queue(i);
    };
    const entries = ops.map((_, i): Runnable => ({ owner: { id: i, name: `s${i}` }, cancelled: false, run: () => runItem(i) }));
    kernel.useSlots(new Table(runItem));
    ops.forEach((_, i) => queue(i));
    kernel.run();
    // Batches of slots only are dropped without emptying their places; any batch with an entry is emptied.
    const ring = (kernel as unknown as { ready: { entries: unknown[] } }).ready.entries;
    expect(ring.filter((place) => typeof place === 'object' && place !== null)).toEqual([]);
    return out;
  }

  // A seeded strategy that asks for every candidate's owner and picks by their names.
  const byName = (seed: number): Strategy => ({
    name: 'by-name',
    choose(choice: Choice) {
      let best = 0;
      for (let i = 0; i < choice.count; i++) if (hashName(choice.owner(i)!.name, seed) > hashName(choice.owner(best)!.name, seed)) best = i;
      return best;
    },
  });

  it('run, wake and are seen (current, strategies) exactly as entries would be', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), fc.integer(), (ops, seed) => {
        expect(ranOrder(ops, true)).toEqual(ranOrder(ops, false));
        expect(ranOrder(ops, true, byName(seed))).toEqual(ranOrder(ops, false, byName(seed)));
      }),
      { numRuns: 400 },
    );
  });

  // A heap that only ever held slot numbers is moved to the ready queue in one pass (moveNumbersInto).
  const allSlots = fc.array(
    op.map((o) => ({ ...o, slot: true })),
    { maxLength: 30 },
  );
  const wakeLikeEntries = fc.property(allSlots, fc.integer(), (ops, seed) => {
    expect(ranOrder(ops, true)).toEqual(ranOrder(ops, false));
    expect(ranOrder(ops, true, byName(seed))).toEqual(ranOrder(ops, false, byName(seed)));
  });

  it('a heap of slots only wakes them in the order its pops would (and the ring keeps no entry)', () => {
    fc.assert(wakeLikeEntries, { numRuns: 400 });
  });

  it('a heap of slots moved in the order they were pushed (a mutant) is told apart', () => {
    const proto = TimerHeap.prototype as unknown as { moveNumbersInto(ready: unknown, order: readonly number[]): void };
    const real = proto.moveNumbersInto;
    proto.moveNumbersInto = function (this: unknown, ready: unknown, order: readonly number[]) {
      real.call(this, ready, order.map((_, k) => k));
    };
    try {
      expect(() => fc.assert(wakeLikeEntries, { numRuns: 400, seed: 1 })).toThrow(/Property failed/);
    } finally {
      proto.moveNumbersInto = real;
    }
  });

  it('count against the step budget, and a kernel takes one table', () => {
    const kernel = new Kernel({ maxSteps: 50 });
    kernel.useSlots(new Table((slot) => kernel.callSoonSlot(slot)));
    kernel.callSoonSlot(0);
    expect(() => kernel.run()).toThrow(/maxSteps=50/);
    expect(kernel.steps).toBe(50);
    expect(() => kernel.useSlots(new Table(() => {}))).toThrowErrorMatchingInlineSnapshot(
      `[Error: useSlots: this kernel already runs the slots of another table (one table per kernel)]`,
    );
  });
});

function hashName(name: string, seed: number): number {
  let h = seed | 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}
