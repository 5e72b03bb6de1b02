/**
 * The world one async run lives in: the work that is ready at the current
 * virtual instant (due timers, immediates, released operations), the timers
 * still to come, and the scheduled operations still waiting on their own
 * promise — all driven by one kernel.
 *
 * Owns: what is ready, which of it runs next (a strategy choice through
 * `Kernel.choose`, so it is recorded, replayed and shrunk like every other
 * choice), and moving the virtual clock (one kernel alarm at the earliest
 * deadline: the kernel jumps its clock to it only when nothing is ready).
 * Must not: call user code anywhere but in a `Work.run` executed by the
 * kernel's step, or read any real clock.
 *
 * One piece of work runs per kernel step, and the driver lets the microtask
 * queue settle between two steps, as Node does after every timer or
 * immediate callback.
 */
import { show, type Kernel, type Owner, type Runnable, type TimerHandle } from '../kernel/index.js';
import type { Pending } from './errors.js';
import { TimerHeap, type Deadline } from './timer-heap.js';

export class BridgeOwner implements Owner {
  constructor(
    readonly id: number,
    readonly name: string,
  ) {}
}

/** Something that can run at the current instant. */
export abstract class Work implements Runnable {
  cancelled = false;
  /** Where it is: waiting for its deadline, ready now, or neither (done, or an operation not yet settled). */
  place: 'heap' | 'ready' | 'none' = 'none';
  constructor(readonly owner: BridgeOwner) {}
  abstract run(): void;
}

type Callback = (...args: unknown[]) => unknown;

/** A timer made by the program (timeout or interval). */
export class Timer extends Work implements Deadline {
  due = 0;
  readonly seq: number;

  constructor(
    private readonly world: World,
    owner: BridgeOwner,
    readonly callback: Callback,
    readonly args: readonly unknown[],
    readonly delay: number,
    readonly repeat: boolean,
  ) {
    super(owner);
    this.seq = owner.id;
  }

  run(): void {
    this.place = 'none';
    // Node re-arms an interval from the instant it fires; clearInterval in the callback undoes it.
    if (this.repeat) this.world.arm(this);
    this.world.kernel.emit('fire', `${this.delay}ms`, this.owner);
    this.callback(...this.args);
  }
}

export class Immediate extends Work {
  constructor(
    owner: BridgeOwner,
    private readonly kernel: Kernel,
    private readonly callback: Callback,
    private readonly args: readonly unknown[],
  ) {
    super(owner);
  }

  run(): void {
    this.place = 'none';
    this.kernel.emit('immediate', '', this.owner);
    this.callback(...this.args);
  }
}

/** A scheduled operation: its own promise has settled; releasing it settles the promise the program awaits. */
export class Operation extends Work {
  private outcome: { readonly ok: boolean; readonly value: unknown } | null = null;

  constructor(
    owner: BridgeOwner,
    private readonly kernel: Kernel,
    private readonly resolve: (value: unknown) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    super(owner);
  }

  settled(ok: boolean, value: unknown): void {
    this.outcome = { ok, value };
  }

  run(): void {
    this.place = 'none';
    const { ok, value } = this.outcome!;
    this.kernel.emit('release', ok ? show(value) : `rejects ${show(value)}`, this.owner);
    if (ok) this.resolve(value);
    else this.reject(value);
  }
}

export interface WorldOptions {
  /** Most milliseconds added to a deadline, chosen by the strategy (default 0: exact deadlines). */
  readonly jitter?: number;
  /** Told the new virtual time (ms since the start) whenever the clock moves: Date and performance follow it. */
  readonly onTime?: (ms: number) => void;
}

export class World {
  private lastId = 0;
  private ready: Work[] = [];
  private cancelledReady = 0;
  private readonly timers = new TimerHeap<Timer>();
  /** Scheduled operations whose own promise has not settled yet. */
  readonly waiting = new Set<Operation>();
  private alarm: TimerHandle | null = null;
  private alarmDue = Infinity;
  private readonly jitter: number;
  private readonly onTime: (ms: number) => void;
  private readonly alarmEntry: Runnable = { owner: null, cancelled: false, run: () => this.fireDue() };
  /** After the run: the fake functions a program kept a reference to do nothing any more. */
  closed = false;

  constructor(
    readonly kernel: Kernel,
    options: WorldOptions = {},
  ) {
    const jitter = options.jitter ?? 0;
    if (!Number.isInteger(jitter) || jitter < 0) throw new TypeError(`jitter expected a whole number of milliseconds >= 0, got ${String(jitter)}`);
    this.jitter = jitter;
    this.onTime = options.onTime ?? (() => {});
  }

  /** Virtual milliseconds since the run started (the kernel counts seconds; rounding absorbs float error). */
  get now(): number {
    return Math.round(this.kernel.time * 1000);
  }

  /** A new owner (ids in creation order); a function is given the id, to put it in the name: `setTimeout#3(100ms)`. */
  owner(name: string | ((id: number) => string)): BridgeOwner {
    const id = ++this.lastId;
    return new BridgeOwner(id, typeof name === 'string' ? name : name(id));
  }

  /** Puts a timer in the heap at now + delay (+ the strategy's jitter). */
  arm(timer: Timer): void {
    let due = this.now + timer.delay;
    if (this.jitter > 0) {
      const name = timer.owner.name;
      due += this.kernel.choose('jitter', this.jitter + 1, (k) => new BridgeOwner(timer.owner.id, `${name} +${k}ms`));
    }
    timer.due = due;
    timer.place = 'heap';
    this.timers.push(timer);
  }

  /** clearTimeout / clearImmediate: a cancelled entry is never a candidate again. */
  cancel(work: Work): void {
    if (work.cancelled) return;
    work.cancelled = true;
    if (work.place === 'ready') this.cancelledReady++;
  }

  /** Ready now, behind what is already ready (FIFO is arrival order). */
  makeReady(work: Work): void {
    if (this.closed || work.cancelled) return;
    work.place = 'ready';
    this.ready.push(work);
  }

  get readyCount(): number {
    return this.ready.length - this.cancelledReady;
  }

  /** Runs one ready piece of work, chosen by the strategy, as one kernel step. */
  step(): void {
    if (this.cancelledReady > 0) {
      this.ready = this.ready.filter((w) => !w.cancelled);
      this.cancelledReady = 0;
    }
    const ready = this.ready;
    // 'ready', like the kernel's own choice: which of the things ready now runs next (decided before its step).
    const index = this.kernel.choose('ready', ready.length, (k) => ready[k]!.owner);
    const [work] = ready.splice(index, 1);
    this.kernel.callSoon(work!);
    this.kernel.runOnce();
  }

  /**
   * Nothing is ready: let the kernel jump its clock to the earliest deadline
   * and make every timer due then ready. False when no timer is left.
   */
  advance(): boolean {
    const timers = this.timers;
    while (timers.size > 0 && timers.peek()!.cancelled) timers.pop()!.place = 'none';
    const top = timers.peek();
    if (top === undefined) {
      this.disarm();
      return false;
    }
    if (this.alarm === null || this.alarmDue !== top.due) {
      this.disarm();
      this.alarmDue = top.due;
      this.alarm = this.kernel.callAt(top.due / 1000, this.alarmEntry);
    }
    this.kernel.runOnce();
    return true;
  }

  private disarm(): void {
    this.alarm?.cancel();
    this.alarm = null;
    this.alarmDue = Infinity;
  }

  private fireDue(): void {
    this.alarm = null;
    this.alarmDue = Infinity;
    const now = this.now;
    this.onTime(now);
    const timers = this.timers;
    while (timers.size > 0 && timers.peek()!.due <= now) {
      const timer = timers.pop()!;
      timer.place = 'none';
      this.makeReady(timer);
    }
  }

  /** Drops everything left: the run is over. */
  close(): { readonly timers: number; readonly ready: number; readonly operations: number } {
    const left = { timers: this.liveTimers().length, ready: this.readyCount, operations: this.waiting.size };
    this.closed = true;
    this.disarm();
    this.ready = [];
    this.cancelledReady = 0;
    this.waiting.clear();
    return left;
  }

  private liveTimers(): Timer[] {
    return this.timers.values().filter((t) => !t.cancelled);
  }

  /** What the run still waits on, for a stuck report. */
  pending(outside: readonly string[]): Pending {
    return {
      operations: [...this.waiting].map((op) => `${op.owner.name} (its own promise never settled)`),
      timers: this.liveTimers().map((t) => `${t.owner.name} due t=${t.due / 1000}`),
      outside,
    };
  }
}
