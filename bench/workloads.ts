/**
 * The benchmark workloads and the hand-written baselines they are measured
 * against. Both sides run the very same generator functions; only the loop
 * that drives them differs.
 *
 * Work done per step is trivial and observable: every step folds a number
 * into the module-level `sink` (kept an int32 with `| 0`, so it stays a small
 * integer and never allocates), and every run checks the sink moved by the
 * expected amount — V8 cannot drop the work, and neither side can skip steps.
 */

/** What the workloads fold their values into. Read it through `readSink`. */
let sink = 0;

export function readSink(): number {
  return sink;
}

// ---------------------------------------------------------------------------
// Tasks: T generators each yielding N times (N + 1 next() calls per task).

/** One task: yields `n` times, folding its counter into the sink on each step. */
export function* worker(n: number): Generator<undefined, void, unknown> {
  for (let i = 0; i < n; i++) {
    sink = (sink + i) | 0;
    yield;
  }
}

/** The sink delta a T×N task run must produce (int32 wraparound, as `| 0`). */
export function expectedTaskDelta(tasks: number, yields: number): number {
  return (tasks * ((yields * (yields - 1)) / 2)) | 0;
}

/**
 * Baseline for TaskScheduler: the bare round robin. The generators sit in a
 * plain array; each pass calls next() on every live generator in order and
 * compacts the survivors in place (write index `w`), so a generator that
 * reports done is dropped exactly when the seed's deque would drop it, and
 * the step order is the seed's FIFO order. No queue object, no Array#shift,
 * no allocation after the array is built.
 */
export function bareRoundRobin(tasks: number, yields: number): void {
  const live = new Array<Iterator<unknown>>(tasks);
  for (let t = 0; t < tasks; t++) live[t] = worker(yields);
  let count = tasks;
  while (count > 0) {
    let w = 0;
    for (let r = 0; r < count; r++) {
      const gen = live[r]!;
      if (gen.next().done !== true) live[w++] = gen;
    }
    count = w;
  }
}

/**
 * Second, informational baseline for TaskScheduler: the seed's own algorithm
 * (deque popleft / next / append) on a hand-written power-of-two ring of
 * generators: pop the front, call next(), push it back unless done. This is
 * what the seed's loop is in JS with a proper deque; the array pass above
 * does the same steps in the same order with fewer memory writes.
 */
export function bareRingRoundRobin(tasks: number, yields: number): void {
  let capacity = 16;
  while (capacity < tasks) capacity *= 2;
  const ring = new Array<Iterator<unknown> | undefined>(capacity);
  const mask = capacity - 1;
  for (let t = 0; t < tasks; t++) ring[t] = worker(yields);
  let head = 0;
  let size = tasks;
  while (size > 0) {
    const gen = ring[head]!;
    ring[head] = undefined;
    head = (head + 1) & mask;
    size--;
    if (gen.next().done !== true) {
      ring[(head + size) & mask] = gen;
      size++;
    }
  }
}

// ---------------------------------------------------------------------------
// Actors: the seed's counter/printer example, counting down from C.
// The counter sends C messages to the printer and C to itself; with the
// priming deliveries and the initial send that is 2C + 3 deliveries.

/** Called by the printer once per message it receives (used by the memory probe). */
export type PrinterHook = (msg: number) => void;

/** The seed's printer, writing to the sink instead of stdout. */
export function* printer(hook?: PrinterHook): Generator<undefined, void, number> {
  if (hook === undefined) {
    while (true) {
      const msg = yield;
      sink = (sink + msg) | 0;
    }
  }
  while (true) {
    const msg = yield;
    sink = (sink + msg) | 0;
    hook(msg);
  }
}

export interface Sends {
  send(name: string, msg: unknown): void;
}

// The counter is written out twice, identically, so the `sched.send` call
// site in each copy only ever sees one receiver class (the feedback V8
// collects at a call site is shared by every closure of the same function;
// one shared copy would make both sides pay for a polymorphic call).

/** The seed's counter, driven by simloop's ActorScheduler. */
export function* counterForSimloop(sched: Sends): Generator<undefined, void, number> {
  while (true) {
    const n = yield;
    if (n === 0) break;
    sched.send('printer', n);
    sched.send('counter', n - 1);
  }
}

/** The seed's counter, driven by the bare actor loop (same code as counterForSimloop). */
export function* counterForBare(sched: Sends): Generator<undefined, void, number> {
  while (true) {
    const n = yield;
    if (n === 0) break;
    sched.send('printer', n);
    sched.send('counter', n - 1);
  }
}

/** The sink delta a counter run from `count` must produce: printer sums count..1. */
export function expectedActorDelta(count: number): number {
  return ((count * (count + 1)) / 2) | 0;
}

/**
 * Baseline for ActorScheduler: the bare gen.next(msg) loop. A FIFO queue of
 * (generator, message) pairs stored flat in one power-of-two ring array
 * (slot 2k is the generator, 2k + 1 the message; it doubles when full and
 * clears slots as it pops, so nothing is retained), a Map from names to
 * generators, `send` = Map lookup + enqueue (dropped if the name is unknown,
 * as in the seed), `run` = pop a pair and call gen.next(msg) until the queue
 * is empty. No try/catch (nothing throws here), no trace, no step budget, no
 * per-message allocation.
 */
export class BareActors implements Sends {
  private readonly actors = new Map<string, Iterator<unknown, unknown, unknown>>();
  private slots: unknown[] = new Array<unknown>(32);
  private mask = 15; // capacity in pairs, minus one
  private head = 0;
  private size = 0;

  newActor(name: string, gen: Iterator<unknown, unknown, unknown>): void {
    this.push(gen, undefined);
    this.actors.set(name, gen);
  }

  send(name: string, msg: unknown): void {
    const gen = this.actors.get(name);
    if (gen !== undefined) this.push(gen, msg);
  }

  run(): void {
    while (this.size > 0) {
      const slots = this.slots;
      const at = this.head << 1;
      const gen = slots[at] as Iterator<unknown, unknown, unknown>;
      const msg = slots[at + 1];
      slots[at] = undefined;
      slots[at + 1] = undefined;
      this.head = (this.head + 1) & this.mask;
      this.size--;
      gen.next(msg);
    }
  }

  private push(gen: Iterator<unknown, unknown, unknown>, msg: unknown): void {
    if (this.size > this.mask) this.grow();
    const at = ((this.head + this.size) & this.mask) << 1;
    this.slots[at] = gen;
    this.slots[at + 1] = msg;
    this.size++;
  }

  private grow(): void {
    const old = this.slots;
    const pairs = this.mask + 1;
    const next = new Array<unknown>(pairs * 4);
    for (let i = 0; i < this.size; i++) {
      const from = ((this.head + i) & this.mask) << 1;
      next[i << 1] = old[from];
      next[(i << 1) + 1] = old[from + 1];
    }
    this.slots = next;
    this.mask = pairs * 2 - 1;
    this.head = 0;
  }
}

/** The counter workload on the bare loop. */
export function bareCounter(count: number, hook?: PrinterHook): void {
  const sched = new BareActors();
  sched.newActor('printer', printer(hook));
  sched.newActor('counter', counterForBare(sched));
  sched.send('counter', count);
  sched.run();
}
