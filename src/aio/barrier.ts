/**
 * Barrier: CPython 3.11.7's asyncio.Barrier (asyncio/locks.py), ported line
 * for line on a Condition. `parties` tasks call wait(); when the last one
 * arrives they are all released, each with its own index 0..parties-1 (the
 * order of arrival). reset() and abort() make the waiting tasks raise
 * BrokenBarrierError.
 *
 * Owns: the filling → draining → filling cycle and the resetting and broken
 * states. `async with barrier` (which awaits wait()) is `yield* barrier.wait()`.
 */
import { describe } from '../kernel/index.js';
import { Condition } from './locks.js';
import { LoopBound } from './mixins.js';
import { BrokenBarrierError, ValueError } from './sync-errors.js';
import type { Coroutine } from './task.js';

type BarrierState = 'filling' | 'draining' | 'resetting' | 'broken';

export class Barrier extends LoopBound {
  private readonly _cond = new Condition(); // notify all tasks when the state changes
  private readonly _parties: number;
  private _state: BarrierState = 'filling';
  private _count = 0; // tasks in the barrier

  /** A barrier for `parties` tasks (an integer ≥ 1). */
  constructor(parties: number) {
    super();
    if (typeof parties !== 'number' || Number.isNaN(parties)) throw new TypeError(`Barrier expected a number of parties, got ${describe(parties)}`);
    if (parties < 1) throw new ValueError(`parties must be > 0, got ${parties}`);
    this._parties = parties;
  }

  override toString(): string {
    let extra: string = this._state;
    if (!this.broken) extra += `, waiters:${this.nWaiting}/${this.parties}`;
    return `<Barrier [${extra}]>`;
  }

  /**
   * Waits until `parties` tasks wait, then returns this task's index
   * (0..parties-1). BrokenBarrierError if the barrier is reset or aborted.
   */
  *wait(): Coroutine<number> {
    yield* this._cond.acquire();
    try {
      yield* this._block(); // block while the barrier drains or resets
      try {
        const index = this._count;
        this._count += 1;
        if (index + 1 === this._parties) {
          yield* this._release(); // the last one releases the barrier
        } else {
          yield* this._wait();
        }
        return index;
      } finally {
        this._count -= 1;
        this._exit(); // wake up any task waiting for the barrier to drain
      }
    } finally {
      this._cond.release();
    }
  }

  // Blocks until the barrier is ready for us, or raises if it is broken.
  private *_block(): Coroutine<void> {
    // Draining or resetting: wait until done, unless cancelled.
    yield* this._cond.waitFor(() => this._state !== 'draining' && this._state !== 'resetting');

    if (this._state === 'broken') throw new BrokenBarrierError('Barrier aborted');
  }

  // Releases the tasks waiting in the barrier: the next ones block until it has drained.
  // eslint-disable-next-line require-yield
  private *_release(): Coroutine<void> {
    this._state = 'draining';
    this._cond.notifyAll();
  }

  // Waits in the barrier until released; raises if it is reset or broken meanwhile.
  private *_wait(): Coroutine<void> {
    yield* this._cond.waitFor(() => this._state !== 'filling');

    if (this._state === 'broken' || this._state === 'resetting') throw new BrokenBarrierError('Abort or reset of barrier');
  }

  // The last task out of the barrier wakes any task waiting for it to drain.
  private _exit(): void {
    if (this._count === 0) {
      if (this._state === 'resetting' || this._state === 'draining') this._state = 'filling';
      this._cond.notifyAll();
    }
  }

  /** Resets the barrier: tasks waiting in it raise BrokenBarrierError. */
  *reset(): Coroutine<void> {
    yield* this._cond.acquire();
    try {
      if (this._count > 0) {
        if (this._state !== 'resetting') this._state = 'resetting'; // wakes up the tasks
      } else {
        this._state = 'filling';
      }
      this._cond.notifyAll();
    } finally {
      this._cond.release();
    }
  }

  /** Breaks the barrier: tasks waiting in it, and any that call wait() later, raise BrokenBarrierError. */
  *abort(): Coroutine<void> {
    yield* this._cond.acquire();
    try {
      this._state = 'broken';
      this._cond.notifyAll();
    } finally {
      this._cond.release();
    }
  }

  /** The number of tasks needed to trip the barrier. */
  get parties(): number {
    return this._parties;
  }

  /** The number of tasks waiting in the barrier now. */
  get nWaiting(): number {
    if (this._state === 'filling') return this._count;
    return 0;
  }

  /** True if the barrier is broken. */
  get broken(): boolean {
    return this._state === 'broken';
  }
}
