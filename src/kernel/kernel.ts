/**
 * The kernel: one virtual-clock event loop under every simloop layer.
 *
 * It owns a ready queue (a ring buffer), a timer heap on a virtual clock in
 * seconds, the strategy that picks what runs next, the trace and the budgets.
 * It refuses everything else: no tasks, futures, actors, locks or messages
 * live here (curio's rule: don't add features to the kernel). Layers put
 * Runnables in the queue — or, for a layer that keeps its tasks in a table,
 * slot numbers (see SlotTable); `step` is the only place either is run, and
 * they are the only code that calls into user generators.
 *
 * One iteration is CPython's `BaseEventLoop._run_once` (Lib/asyncio/base_events.py):
 *   1. drop cancelled timers from the top of the heap (or rebuild the heap
 *      when more than half of >100 timers are cancelled);
 *   2. if nothing is ready, jump the clock to the earliest deadline;
 *   3. move every timer due within the clock resolution to the END of the
 *      ready queue, in heap order;
 *   4. run exactly the entries that were ready at that moment — whatever they
 *      schedule waits for the next iteration.
 */
import { describe } from './describe.js';
import { TimerHeap } from './heap.js';
import { IterationBudgetError, ReentrantRunError, StepBudgetError, TimeBudgetError, type RunPosition } from './errors.js';
import { LayerChoice, ReadyChoice, unrunPlace } from './choices.js';
import { ReadyQueue } from './ready-queue.js';
import type { Owner, Strategy } from './strategy.js';
import { Trace, type TraceMode } from './trace.js';

/** An entry in the ready queue: a task's next step, a message delivery, a callback. */
export interface Runnable {
  /** The task or actor this entry belongs to (strategies and the trace see it). */
  readonly owner: Owner | null;
  /** A cancelled entry stays queued and is skipped when reached, as in CPython. */
  readonly cancelled: boolean;
  /**
   * True for an entry queued with an argument (`callSoon(entry, arg)`): only
   * these get one, so an entry that never takes one (a seed task's step)
   * costs no argument traffic. Queueing an argument for an entry without it
   * is a TypeError. Best a prototype getter: V8 then folds it to a constant.
   */
  readonly takesArg?: boolean;
  /** Runs one step; `arg` is what it was queued with (`callSoon(entry, arg)`), undefined unless `takesArg`. */
  run(arg: unknown): void;
}

/**
 * A layer that keeps its tasks in a table (TaskScheduler) queues their slot
 * numbers instead of an object per task: a slot is a small integer, so
 * queueing one allocates nothing, writes no pointer and keeps the task's
 * generator the only object a task costs (at 100,000 tasks, a wrapper per
 * task was the garbage collector's work and a dependent cache miss per step).
 * One table per kernel (`useSlots`).
 */
export interface SlotTable {
  /** Runs one step of the task in `slot`. */
  run(slot: number): void;
  /** The task in `slot`, as strategies, the trace and error messages see it (made when first asked). */
  ownerOf(slot: number): Owner;
}

/** What the ready queue and the timer heap hold: an entry, or a slot of the kernel's SlotTable. */
export type Queued = Runnable | number;

// CPython's constants (base_events.py and time.get_clock_info('monotonic')).
const CLOCK_RESOLUTION = 1e-9;
const MAXIMUM_SELECT_TIMEOUT = 24 * 3600;
const MIN_SCHEDULED_TIMER_HANDLES = 100;
const MIN_CANCELLED_TIMER_HANDLES_FRACTION = 0.5;

export const DEFAULT_MAX_STEPS = 100_000_000;

export interface KernelOptions {
  /** Who runs next; omitted means FIFO, the faithful order. */
  readonly strategy?: Strategy;
  /** Named in error messages; the strategy was built from it. */
  readonly seed?: number;
  /** Steps before StepBudgetError (default 10^8). */
  readonly maxSteps?: number;
  /** Virtual seconds before TimeBudgetError (default: unbounded). */
  readonly maxTime?: number;
  /** Loop iterations (CPython `_run_once` calls) before IterationBudgetError (default: unbounded). */
  readonly maxIterations?: number;
  /** true: keep every event; 'hash': keep only the hash; false (default): no trace. */
  readonly trace?: TraceMode;
  /**
   * Up to this many virtual seconds added to every timer's deadline, the
   * amount a strategy choice (kind 'timer-jitter') among JITTER_LEVELS evenly
   * spaced levels from 0 to `timerJitter`; fifo adds nothing. Timers only ever
   * fire late, as real ones do (default 0: no jitter).
   */
  readonly timerJitter?: number;
  /**
   * What the strategy chooses among at each step: 'iteration' (default) the
   * entries ready when the iteration began — every queued entry runs once per
   * round, in a chosen order (fair); 'queue' every queued entry, including
   * those queued during this round — a strategy can then run one task again
   * and again while others wait (an unfair scheduler). Same order under fifo.
   */
  readonly choiceScope?: ChoiceScope;
}

export type ChoiceScope = 'iteration' | 'queue';

/** How many deadlines a jittered timer can get: 0, 1/3, 2/3 and all of `timerJitter`. */
export const JITTER_LEVELS = 4;

// The kernel tells handles from plain entries by a brand on the prototype: a
// property load V8 caches per shape, where `instanceof` against a class bound
// in a module is a generic call of ~100 instructions on every popped timer.
const TIMER_HANDLE: unique symbol = Symbol('TimerHandle');

function isTimerHandle(queued: Queued): queued is TimerHandle {
  return typeof queued !== 'number' && (queued as { [TIMER_HANDLE]?: true })[TIMER_HANDLE] === true;
}

/**
 * A timer someone may cancel (asyncio's TimerHandle): made by `callAt`, it is
 * the entry in the heap and runs its target when due. Timers nobody cancels
 * need no handle: `wakeAt` queues the entry itself.
 */
export class TimerHandle implements Runnable {
  declare readonly [TIMER_HANDLE]: true;
  /** True while in the heap (CPython's `_scheduled`). */
  scheduled = false;
  cancelled = false;
  /** The target's owner, read once: strategies ask for it often. */
  readonly owner: Owner | null;

  constructor(
    /** The deadline, jitter included (set again by `Kernel.rearm`). */
    public when: number,
    readonly target: Runnable,
    private readonly arg: unknown,
    private readonly kernel: Kernel,
  ) {
    this.owner = target.owner;
  }

  run(): void {
    this.target.run(this.arg);
  }

  /** Lazy deletion, as CPython: the handle stays in the heap until it surfaces. */
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    if (this.scheduled) this.kernel.timerCancelled();
  }
}
Object.defineProperty(TimerHandle.prototype, TIMER_HANDLE, { value: true });

export class Kernel {
  readonly strategy: Strategy | null;
  readonly trace: Trace | null;
  readonly seed: number | undefined;
  readonly maxSteps: number;
  readonly maxTime: number;
  readonly maxIterations: number;
  readonly timerJitter: number;
  readonly choiceScope: ChoiceScope;

  private clock = 0;
  private iterationCount = 0;
  private stepCount = 0;
  private readonly ready = new ReadyQueue<Queued>();
  /** Index of the entry running now within the batch at the front of `ready`. */
  private cursor = 0;
  /**
   * In a batch run in place (`runPicked`), a bit per place of the batch that
   * has run or is running; -1 in a batch run in order, where the places
   * before `cursor` are the ones that ran.
   */
  private ranPlaces = -1;
  private readonly timers = new TimerHeap<Queued>();
  private slots: SlotTable | null = null;
  private cancelledTimers = 0;
  /** True once an entry object (not a slot number) went into the timer heap: it must then be emptied timer by timer. */
  private heapHeldEntries = false;
  private running = false;
  private stopping = false;
  /** True while a batch runs: the entry at `cursor` is then the one running (or about to). */
  private inBatch = false;
  /**
   * True once this batch reached an entry object: its places must be emptied
   * when it is dropped (no reference kept to what ran). A batch of slot
   * numbers only (a TaskScheduler round) holds nothing to let go of, and
   * emptying its places was ~15 instructions a step.
   */
  private batchHeldEntries = false;
  /** Made with a kernel that has a strategy (a fifo kernel has none). Made lazily, its `new` went through V8's generic construct stub once per explored run. */
  private readonly readyChoice: ReadyChoice | null;
  // Made on first use: most runs never put a layer's decision to the strategy.
  private layerChoice: LayerChoice | null = null;

  constructor(options: KernelOptions = {}) {
    const strategy = options.strategy ?? null;
    this.strategy = strategy === null || strategy.picksHead === true ? null : strategy;
    this.readyChoice = this.strategy === null ? null : new ReadyChoice(this.ready, this);
    this.seed = options.seed;
    this.maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
    this.maxTime = options.maxTime ?? Infinity;
    this.maxIterations = options.maxIterations ?? Infinity;
    this.timerJitter = options.timerJitter ?? 0;
    if (!(this.timerJitter >= 0 && this.timerJitter < Infinity)) {
      throw new RangeError(`timerJitter expected a finite number of seconds >= 0, got ${String(options.timerJitter)}`);
    }
    this.choiceScope = options.choiceScope ?? 'iteration';
    if (this.choiceScope !== 'iteration' && this.choiceScope !== 'queue') {
      throw new RangeError(`choiceScope expected 'iteration' or 'queue', got ${String(options.choiceScope)}`);
    }
    const mode = options.trace ?? false;
    this.trace = mode === false ? null : new Trace(mode === true);
    this.strategyName = strategy?.name ?? 'fifo';
  }

  readonly strategyName: string;

  /** Virtual time in seconds. */
  get time(): number {
    return this.clock;
  }

  /** Entries run so far. */
  get steps(): number {
    return this.stepCount;
  }

  /** Loop iterations so far (CPython's `_run_once` calls; fused ones counted too). */
  get iterations(): number {
    return this.iterationCount;
  }

  /** The owner of the entry being run, or null outside a batch (within one, only a step's own code can ask). */
  get current(): Owner | null {
    // Read from the queue, not kept in a field: a pointer store per step costs a write barrier.
    return this.inBatch ? this.ownerOf(this.ready.entryAt(this.cursor)) : null;
  }

  /** Who a queued entry or slot belongs to. */
  ownerOf(queued: Queued): Owner | null {
    return typeof queued === 'number' ? this.slots!.ownerOf(queued) : queued.owner;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** True once `stop()` was called in this run. */
  get stopRequested(): boolean {
    return this.stopping;
  }

  /** Entries waiting to run (the batch being run counts only what is left of it). */
  get readyCount(): number {
    const begun = this.ranPlaces === -1 ? this.cursor : bitCount(this.ranPlaces) - 1; // the running entry counts as left
    return this.ready.length - begun;
  }

  /** Timers in the heap, cancelled ones included until they surface (as CPython). */
  get timerCount(): number {
    return this.timers.length;
  }

  get position(): RunPosition {
    return { step: this.stepCount, time: this.clock, strategy: this.strategyName, seed: this.seed };
  }

  /** Queues `entry.run(arg)` for the next iteration. */
  callSoon(entry: Runnable, arg?: unknown): void {
    if (arg !== undefined && entry.takesArg !== true) throw argumentRefused(entry, arg);
    this.ready.push(entry, arg);
  }

  /** Queues `entry.run(arg)` for the first iteration at or after `when`; the handle can cancel it. */
  callAt(when: number, entry: Runnable, arg?: unknown): TimerHandle {
    if (arg !== undefined && entry.takesArg !== true) throw argumentRefused(entry, arg);
    const timer = new TimerHandle(when, entry, arg, this);
    this.rearm(timer, when);
    return timer;
  }

  callLater(delay: number, entry: Runnable, arg?: unknown): TimerHandle {
    return this.callAt(this.clock + delay, entry, arg);
  }

  /**
   * Puts a handle whose timer already fired (or was made and never armed)
   * back in the heap with a new deadline: a layer that owns a handle reuses it
   * instead of making one per timer. Its target and argument stay.
   */
  rearm(timer: TimerHandle, when: number): void {
    if (timer.scheduled) throw new Error(`rearm: the timer due at ${timer.when} is still in the heap`);
    if (this.timerJitter > 0) when += this.jitterFor(timer);
    this.heapHeldEntries = true;
    timer.when = when;
    timer.cancelled = false;
    timer.scheduled = true;
    this.timers.push(timer, when);
  }

  /**
   * A timer nobody will cancel: queues `entry.run()` for the first iteration
   * at or after `when`, with no handle made for it (a seed task's sleep).
   * Fires and is ordered exactly as a `callAt` timer. No argument: an entry
   * woken with one needs a handle (`callAt`) to carry it.
   */
  wakeAt(when: number, entry: Runnable): void {
    if (this.timerJitter > 0) when += this.jitterFor(entry);
    this.heapHeldEntries = true;
    this.timers.push(entry, when);
  }

  /** Makes `table` the one that runs the slots queued by `callSoonSlot` and `wakeSlotAt`. */
  useSlots(table: SlotTable): void {
    if (this.slots !== null) throw new Error('useSlots: this kernel already runs the slots of another table (one table per kernel)');
    this.slots = table;
  }

  /** Queues a step of the task in `slot` of the SlotTable for the next iteration. */
  callSoonSlot(slot: number): void {
    this.ready.push(slot, undefined);
  }

  /** `wakeAt` for a slot: queues a step of the task in `slot` for the first iteration at or after `when`. */
  wakeSlotAt(when: number, slot: number): void {
    if (this.timerJitter > 0) when += this.jitterFor(slot);
    this.timers.push(slot, when);
  }

  private jitterFor(entry: Queued): number {
    const level = this.choose('timer-jitter', JITTER_LEVELS, () => this.ownerOf(entry));
    return (level * this.timerJitter) / (JITTER_LEVELS - 1);
  }

  /** Records a trace event stamped with the current step and time. */
  emit(event: string, detail = '', owner: Owner | null = this.current): void {
    this.trace?.record(this.stepCount, this.clock, owner === null ? '-' : owner.name, event, detail);
  }

  /** Runs iterations until nothing is ready and no timer is pending, or `stop()`. */
  run(): void {
    this.enter();
    try {
      // Like asyncio's run_forever, a stop() requested before the run still lets one iteration happen.
      while (this.runOnce() && !this.stopping);
    } finally {
      this.leave();
    }
  }

  /** Ends the run after the current iteration (asyncio's `loop.stop()`). */
  stop(): void {
    this.stopping = true;
  }

  /** Claims the loop for a run; layers that drive `runOnce` themselves call it. */
  enter(): void {
    if (this.running) {
      const current = this.current;
      const who = current === null ? '' : ` from inside "${current.name}"`;
      throw new ReentrantRunError(
        `run() called${who} while this scheduler is already running; a task cannot run its own scheduler — ` +
          `yield to let other tasks run, or create a separate scheduler`,
      );
    }
    this.running = true;
  }

  leave(): void {
    this.running = false;
    this.stopping = false;
  }

  /** One iteration of CPython's `_run_once`. Returns false when there is nothing left to do. */
  runOnce(): boolean {
    this.countIteration();
    this.dropCancelledTimers();
    // A stop request behaves like ready work: the clock must not jump (CPython's timeout=0).
    if (this.ready.length === 0 && !this.stopping) {
      if (this.timers.length === 0 || this.timers.firstWhen === Infinity) return false;
      this.advanceClock(this.timers.firstWhen);
    }
    this.moveDueTimers();
    this.runReady(this.ready.length);
    return true;
  }

  private countIteration(): void {
    if (++this.iterationCount > this.maxIterations) throw new IterationBudgetError(this.maxIterations, this.position);
  }

  /** Called by TimerHandle.cancel for a timer still in the heap. */
  timerCancelled(): void {
    this.cancelledTimers++;
  }

  private dropCancelledTimers(): void {
    const timers = this.timers;
    if (timers.length > MIN_SCHEDULED_TIMER_HANDLES && this.cancelledTimers / timers.length > MIN_CANCELLED_TIMER_HANDLES_FRACTION) {
      timers.rebuild((entry) => {
        if (!isCancelled(entry)) return true;
        if (isTimerHandle(entry)) entry.scheduled = false;
        return false;
      });
      this.cancelledTimers = 0;
      return;
    }
    while (timers.length > 0 && isCancelled(timers.first)) {
      const entry = timers.pop();
      // Only handles are counted (a `wakeAt` entry cancelled some other way is just dropped).
      if (isTimerHandle(entry)) {
        entry.scheduled = false;
        this.cancelledTimers--;
      }
    }
  }

  // CPython computes a select() timeout and the virtual clock advances by it;
  // keeping its arithmetic (capped at 24h per iteration) keeps the float clock
  // bit-identical to CPython's.
  private advanceClock(when: number): void {
    if (when > this.maxTime) throw new TimeBudgetError(this.maxTime, when, this.position);
    this.clock += Math.min(Math.max(0, when - this.clock), MAXIMUM_SELECT_TIMEOUT);
  }

  private moveDueTimers(): void {
    const timers = this.timers;
    const end = this.clock + CLOCK_RESOLUTION;
    if (timers.length === 0 || !(timers.firstWhen < end)) return;
    // Every timer set for the one instant that is due now (tasks that slept
    // alike): the same order as popping them one by one, in one pass.
    const order = timers.uniformPopOrder();
    if (order !== null) {
      if (!this.heapHeldEntries) {
        timers.moveNumbersInto(this.ready, order); // slots only (a TaskScheduler): no handle to mark, no place to empty
        return;
      }
      for (let k = 0; k < order.length; k++) this.makeReady(timers.takeAt(order[k]!));
      timers.drained();
      return;
    }
    while (timers.length > 0 && timers.firstWhen < end) this.makeReady(timers.pop());
  }

  private makeReady(due: Queued): void {
    if (isTimerHandle(due)) due.scheduled = false;
    this.ready.push(due, undefined);
  }

  // The batch is run in place, by index (no shift per step), and dropped from
  // the front afterwards — also when a step throws, so the queue stays whole.
  // Two loops, one per kind of run: the fifo one is every seed scheduler's
  // hot path and carries nothing it does not need.
  private runReady(ntodo: number): void {
    this.inBatch = true;
    if (this.strategy === null) this.runInOrder(ntodo);
    else this.runChosen(this.strategy, ntodo);
  }

  private runInOrder(ntodo: number): void {
    const ready = this.ready;
    let i = 0;
    try {
      for (;;) {
        for (; i < ntodo; i++) this.step(ready, i);
        // With no timer pending and no stop requested, the next iteration
        // would just run what is queued now, in order: run it here, without
        // the per-iteration bookkeeping. The order is the same.
        if (this.timers.length > 0 || this.stopping || ready.length === ntodo) break;
        this.countIteration();
        ready.advance(ntodo, this.batchHeldEntries);
        this.batchHeldEntries = false;
        i = 0;
        ntodo = ready.length;
      }
    } catch (error) {
      i = this.afterThrow(error, i);
      throw error;
    } finally {
      this.endBatch(i);
    }
  }

  private runChosen(strategy: Strategy, ntodo: number): void {
    if (ntodo <= IN_PLACE_BATCH && this.choiceScope === 'iteration') {
      this.runPicked(strategy, ntodo);
      return;
    }
    const ready = this.ready;
    const wholeQueue = this.choiceScope === 'queue';
    let i = 0;
    try {
      for (; i < ntodo; i++) {
        const candidates = (wholeQueue ? ready.length : ntodo) - i;
        if (candidates > 1) this.pick(strategy, i, candidates);
        this.step(ready, i);
      }
    } catch (error) {
      i = this.afterThrow(error, i);
      throw error;
    } finally {
      this.endBatch(i);
    }
  }

  // A batch of up to IN_PLACE_BATCH entries is run where it stands: the places
  // that ran are the bits of a small integer, and the strategy's pick (the
  // p-th entry not run yet, in queue order) is found from those bits in
  // registers. Bringing each pick forward instead shifted the ring ~4 places
  // a pick in explore's races, at ~25 instructions a place (V8 re-checks an
  // array on every access in a loop). Same choices, same order.
  private runPicked(strategy: Strategy, ntodo: number): void {
    const ready = this.ready;
    let ran = 0;
    let done = ntodo;
    try {
      for (let left = ntodo; left > 0; left--) {
        const place = left > 1 ? this.pickPlace(strategy, ran, left) : lowestUnrun(ran);
        this.cursor = place; // also where a budget that stops the step finds it
        this.ranPlaces = ran |= 1 << place;
        this.step(ready, place);
      }
    } catch (error) {
      if (this.stoppedBefore(error)) ran &= ~(1 << this.cursor); // the step at the cursor did not run
      done = keepUnrun(ready, ran, ntodo);
      throw error;
    } finally {
      this.ranPlaces = -1;
      this.endBatch(done);
    }
  }

  /** Asks the strategy which of the `count` entries not run yet (bits clear in `ran`) runs next; returns its place. */
  private pickPlace(strategy: Strategy, ran: number, count: number): number {
    const first = lowestUnrun(ran);
    this.cursor = first;
    const choice = this.readyChoice!; // made with the kernel: it has a strategy
    choice.count = count;
    choice.offset = first;
    choice.ran = ran;
    const picked = strategy.choose(choice);
    if (!(picked >= 0 && picked < count && picked === (picked | 0))) throw badPick(strategy, picked, count);
    return picked === 0 ? first : unrunPlace(ran, picked);
  }

  /** Runs the entry at `index` of the batch; a cancelled one is dropped unrun. */
  private step(ready: ReadyQueue<Queued>, index: number): void {
    const entry = ready.entryAt(index); // its place is emptied when the batch is dropped
    if (typeof entry === 'number') {
      this.countStep(index);
      this.slots!.run(entry);
      return;
    }
    this.batchHeldEntries = true;
    if (entry.cancelled) {
      if (entry.takesArg === true) ready.takeArg(index);
      return;
    }
    this.countStep(index);
    entry.run(entry.takesArg === true ? ready.takeArg(index) : undefined);
  }

  private countStep(index: number): void {
    if (this.stepCount >= this.maxSteps) throw new StepBudgetError(this.maxSteps, this.position);
    this.stepCount++;
    this.cursor = index;
  }

  /** Where the batch ends after a throw: past the entry that threw (it ran), or at it when a budget stopped the run before it. */
  private afterThrow(error: unknown, i: number): number {
    return this.stoppedBefore(error) ? i : i + 1;
  }

  /** True for a budget error: it stops the run before the step it was raised for, which did not run. */
  private stoppedBefore(error: unknown): boolean {
    return error instanceof StepBudgetError || error instanceof IterationBudgetError;
  }

  private endBatch(done: number): void {
    this.inBatch = false;
    this.cursor = 0;
    this.ready.advance(done, this.batchHeldEntries);
    this.batchHeldEntries = false;
  }

  /**
   * A layer's own decision, put to the strategy: which of `count` candidates
   * goes first (which waiter a lock wakes, which same-instant timer fires,
   * ...). Candidate 0 is what FIFO would take, and with FIFO, or one
   * candidate, the strategy is not asked and 0 is returned.
   */
  choose(kind: string, count: number, owner: (index: number) => Owner | null): number {
    const strategy = this.strategy;
    if (strategy === null || count <= 1) return 0;
    const choice = (this.layerChoice ??= new LayerChoice(this));
    choice.kind = kind;
    choice.count = count;
    choice.ownerOf = owner;
    const index = strategy.choose(choice);
    if (!(index >= 0 && index < count && index === (index | 0))) {
      throw new RangeError(`strategy ${strategy.name} chose ${index} for a '${kind}' choice, expected an integer in [0, ${count})`);
    }
    return index;
  }

  // Out of line, asking and moving in one call: the chosen-order loop already
  // inlines a whole step (the layer's entry, its generator resume, a timer
  // push), and V8's inlining budget ran out before the move, which then cost a
  // call of its own on every choice.
  /** Asks the strategy which of the `count` entries from `index` on runs next, and brings it to `index`. */
  private pick(strategy: Strategy, index: number, count: number): void {
    this.cursor = index;
    const choice = this.readyChoice!; // made with the kernel: it has a strategy
    choice.count = count;
    choice.offset = index;
    choice.ran = 0;
    const picked = strategy.choose(choice);
    if (!(picked >= 0 && picked < count && picked === (picked | 0))) throw badPick(strategy, picked, count);
    if (picked > 0) this.ready.bringForward(index, index + picked);
  }
}

/** The most entries a batch run in place can have: its places are the bits of an int32. */
const IN_PLACE_BATCH = 30;

/** The lowest place not run yet: the lowest bit clear in `ran` (`unrunPlace(ran, 0)`). */
function lowestUnrun(ran: number): number {
  return 31 - Math.clz32(~ran & (ran + 1));
}

function bitCount(bits: number): number {
  let n = 0;
  for (; bits !== 0; bits &= bits - 1) n++;
  return n;
}

/**
 * After a throw ended a batch run in place: brings the entries that ran to
 * the front, those that did not staying behind them in their order, and
 * returns how many ran (the batch drops them; the rest stay queued).
 */
function keepUnrun(ready: ReadyQueue<Queued>, ran: number, ntodo: number): number {
  let done = 0;
  for (let place = 0; place < ntodo; place++) {
    if (((ran >> place) & 1) === 0) continue;
    if (place > done) ready.bringForward(done, place);
    done++;
  }
  return done;
}

function badPick(strategy: Strategy, picked: number, count: number): RangeError {
  return new RangeError(`strategy ${strategy.name} chose ${picked}, expected an integer in [0, ${count})`);
}

/** Slots are never cancelled (a task in a table is not a timer anyone holds). */
function isCancelled(queued: Queued): boolean {
  return typeof queued !== 'number' && queued.cancelled;
}

function argumentRefused(entry: Runnable, arg: unknown): TypeError {
  const who = entry.owner === null ? 'an entry' : `the entry of "${entry.owner.name}"`;
  return new TypeError(`${who} was queued with the argument ${describe(arg)} but does not declare takesArg: true, so it would never receive it`);
}
