/**
 * Queue, PriorityQueue and LifoQueue: CPython 3.11.7's asyncio/queues.py,
 * ported line for line. A queue of at most `maxsize` items (≤ 0: unbounded);
 * get() waits while it is empty, put() while it is full; join() waits until
 * taskDone() has been called once for every item put.
 *
 * Owns: the getter and putter deques (FIFO; `_wakeupNext` pops waiters until
 * it finds one not done), the hand-off on cancellation (a waiter woken and
 * then cancelled passes the wakeup on to the next one), the unfinished count
 * and the `_finished` Event that join() waits on. QueueEmpty / QueueFull
 * come from errors.ts.
 *
 * Subclasses override `_init` / `_get` / `_put` as in CPython: the base
 * queue is a ring deque (O(1) append and popleft), LifoQueue a stack, PriorityQueue a
 * heapq heap ordered like Python values (see heapq.ts for what it compares).
 */
import { describe, show } from '../kernel/index.js';
import { Deque } from './deque.js';
import { QueueEmpty, QueueFull } from './errors.js';
import type { Future } from './future.js';
import { heappop, heappush } from './heapq.js';
import { Event } from './locks.js';
import { LoopBound } from './mixins.js';
import { ValueError } from './sync-errors.js';
import type { Coroutine } from './task.js';
import { chooseWaiter, noteArrival, type WaiterKind } from './waiters.js';

export class Queue<T = unknown> extends LoopBound {
  private readonly _maxsize: number;
  private readonly _getters: Future<void>[] = [];
  private readonly _putters: Future<void>[] = [];
  private _unfinishedTasks = 0;
  private readonly _finished = new Event();
  /** The items, in whatever structure `_init` makes: a Deque here, an array in the subclasses. */
  protected _queue!: Deque<T> | T[];

  /** `maxsize` ≤ 0 (the default) means no limit; otherwise put() waits while maxsize items are queued. */
  constructor(maxsize = 0) {
    super();
    if (typeof maxsize !== 'number' || Number.isNaN(maxsize)) {
      throw new TypeError(`${new.target.name} expected a maxsize (a number; 0 means unbounded), got ${describe(maxsize)}`);
    }
    this._maxsize = maxsize;
    this._finished.set();
    this._init(maxsize);
  }

  // These three are overridable in subclasses.

  protected _init(_maxsize: number): void {
    this._queue = new Deque<T>();
  }

  protected _get(): T {
    return (this._queue as Deque<T>).shift();
  }

  protected _put(item: T): void {
    (this._queue as Deque<T>).push(item);
  }

  // End of the overridable methods.

  /** Wakes up the next waiter (if any) that isn't cancelled. */
  private _wakeupNext(waiters: Future<void>[], kind: WaiterKind): void {
    while (waiters.length > 0) {
      if (waiters[0]!.done()) {
        waiters.shift();
        continue;
      }
      // Choice point 'queue-getter' / 'queue-putter': CPython pops the first
      // waiter to arrive; those that joined at the same instant could have
      // arrived in another order (waiters.ts). The one woken leaves the
      // deque, as in CPython; the others keep their places.
      const pick = chooseWaiter(kind, waiters, 0);
      const waiter = pick === 0 ? waiters.shift()! : waiters.splice(pick, 1)[0]!;
      waiter.setResult(undefined);
      break;
    }
  }

  override toString(): string {
    return `<${this.constructor.name} ${this._format()}>`;
  }

  private _format(): string {
    let result = `maxsize=${this._maxsize}`;
    if (this._queue.length > 0) {
      const items = Array.isArray(this._queue) ? this._queue : this._queue.toArray();
      result += ` _queue=[${items.map(show).join(', ')}]`;
    }
    if (this._getters.length > 0) result += ` _getters[${this._getters.length}]`;
    if (this._putters.length > 0) result += ` _putters[${this._putters.length}]`;
    if (this._unfinishedTasks) result += ` tasks=${this._unfinishedTasks}`;
    return result;
  }

  /** Number of items in the queue. */
  qsize(): number {
    return this._queue.length;
  }

  /** Number of items allowed in the queue (≤ 0: no limit). */
  get maxsize(): number {
    return this._maxsize;
  }

  /** True if the queue is empty. */
  empty(): boolean {
    return this._queue.length === 0;
  }

  /** True if there are maxsize items in the queue (never, when maxsize ≤ 0). */
  full(): boolean {
    if (this._maxsize <= 0) {
      return false;
    } else {
      return this.qsize() >= this._maxsize;
    }
  }

  /** Puts an item into the queue, waiting first while the queue is full. */
  *put(item: T): Coroutine<void> {
    while (this.full()) {
      const putter = this._getLoop().createFuture<void>(`${this.constructor.name}.put()`);
      this._putters.push(putter);
      noteArrival(putter);
      try {
        yield* putter;
      } catch (exc) {
        putter.cancel(); // just in case putter is not done yet
        // Clean self._putters from the cancelled putter (a getNowait() may have removed it already).
        const i = this._putters.indexOf(putter);
        if (i >= 0) this._putters.splice(i, 1);
        if (!this.full() && !putter.cancelled()) {
          // We were woken up by getNowait(), but can't take the call: wake up the next in line.
          this._wakeupNext(this._putters, 'queue-putter');
        }
        throw exc;
      }
    }
    return this.putNowait(item);
  }

  /** Puts an item into the queue without blocking; QueueFull if no slot is free. */
  putNowait(item: T): void {
    if (this.full()) throw new QueueFull(`putNowait() on a full ${this} (maxsize=${this._maxsize}): use \`yield* queue.put(item)\` to wait for a free slot`);
    this._put(item);
    this._unfinishedTasks += 1;
    this._finished.clear();
    this._wakeupNext(this._getters, 'queue-getter');
  }

  /** Removes and returns an item, waiting first while the queue is empty. */
  *get(): Coroutine<T> {
    while (this.empty()) {
      const getter = this._getLoop().createFuture<void>(`${this.constructor.name}.get()`);
      this._getters.push(getter);
      noteArrival(getter);
      try {
        yield* getter;
      } catch (exc) {
        getter.cancel(); // just in case getter is not done yet
        // Clean self._getters from the cancelled getter (a putNowait() may have removed it already).
        const i = this._getters.indexOf(getter);
        if (i >= 0) this._getters.splice(i, 1);
        if (!this.empty() && !getter.cancelled()) {
          // We were woken up by putNowait(), but can't take the call: wake up the next in line.
          this._wakeupNext(this._getters, 'queue-getter');
        }
        throw exc;
      }
    }
    return this.getNowait();
  }

  /** Removes and returns an item if one is there now; QueueEmpty otherwise. */
  getNowait(): T {
    if (this.empty()) throw new QueueEmpty(`getNowait() on an empty ${this}: use \`yield* queue.get()\` to wait for an item`);
    const item = this._get();
    this._wakeupNext(this._putters, 'queue-putter');
    return item;
  }

  /**
   * Marks one item taken with get() as processed. When every item put has
   * been marked, join() returns. ValueError if called more times than items were put.
   */
  taskDone(): void {
    if (this._unfinishedTasks <= 0) {
      throw new ValueError(`taskDone() called too many times: ${this} has no unfinished item (call it once per item taken with get())`);
    }
    this._unfinishedTasks -= 1;
    if (this._unfinishedTasks === 0) this._finished.set();
  }

  /** Waits until every item put has been taken and marked with taskDone(). */
  *join(): Coroutine<void> {
    if (this._unfinishedTasks > 0) yield* this._finished.wait();
  }
}

/**
 * A Queue that returns the smallest item first, ordered as Python's heapq
 * orders them: numbers, strings, and arrays as tuples — typically
 * `[priority, data]` (see heapq.ts).
 */
export class PriorityQueue<T = unknown> extends Queue<T> {
  protected override _init(_maxsize: number): void {
    this._queue = [];
  }

  protected override _put(item: T): void {
    heappush(this._queue as T[], item);
  }

  protected override _get(): T {
    return heappop(this._queue as T[]);
  }
}

/** A Queue that returns the most recently added item first. */
export class LifoQueue<T = unknown> extends Queue<T> {
  protected override _init(_maxsize: number): void {
    this._queue = [];
  }

  protected override _put(item: T): void {
    (this._queue as T[]).push(item);
  }

  protected override _get(): T {
    return (this._queue as T[]).pop() as T;
  }
}
