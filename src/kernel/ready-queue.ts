/**
 * ReadyQueue: the kernel's ready queue — a FIFO of entries, each with an
 * optional argument, on a power-of-two ring.
 *
 * Entries and arguments live in two parallel rings. The argument lets a
 * layer queue "run this with that" without allocating a wrapper per item (an
 * actor delivery is the actor plus the message); an entry queued without one
 * (a seed task's next step) never touches the argument ring, which keeps the
 * commonest step down to one slot written and one read. An argument slot is
 * written only for a defined argument and is emptied by `takeArg`, so the
 * kernel must take the argument of every entry queued with one (it does: see
 * `Runnable.takesArg`).
 *
 * The kernel runs an iteration's batch in place, by index, and drops it
 * from the front afterwards (`advance` empties the places: the entry of the
 * running step stays readable, so the kernel keeps no field for it);
 * strategies bring their pick to the cursor with `bringForward`.
 * Must not: use Array#shift (quadratic past ~16k entries in V8) or keep
 * references to entries it has dropped (memory stays flat at millions of
 * messages) — only a number, which references nothing, may stay in a
 * dropped place (see `advance`).
 */
export class ReadyQueue<E> {
  private entries: unknown[];
  /** NO_ARGS until the first argument is queued: a queue of seed tasks never builds (or doubles) it. */
  private args: unknown[];
  private mask: number; // capacity - 1
  private head = 0;
  private size = 0;
  /** Arguments in the ring now: while none is, moving entries leaves the argument ring alone. */
  private argsHeld = 0;

  constructor(initialCapacity = 16) {
    let capacity = 16;
    while (capacity < initialCapacity) capacity *= 2;
    this.entries = emptyRing(capacity);
    this.args = NO_ARGS;
    this.mask = capacity - 1;
  }

  get length(): number {
    return this.size;
  }

  push(entry: E, arg: unknown): void {
    if (this.size > this.mask) this.grow();
    const at = (this.head + this.size) & this.mask;
    this.entries[at] = entry;
    if (arg !== undefined) this.holdArg(at, arg);
    this.size++;
  }

  private holdArg(at: number, arg: unknown): void {
    if (this.args === NO_ARGS) this.args = emptyRing(this.mask + 1);
    this.args[at] = arg;
    this.argsHeld++;
  }

  /**
   * Queues `source[places[0]]`, `source[places[1]]`, ... in that order, with
   * no arguments (the kernel moves a heap of slot numbers due at one instant
   * this way: a push per timer re-read the ring's fields every time).
   */
  appendFrom(source: readonly unknown[], places: readonly number[]): void {
    const count = places.length;
    while (this.size + count > this.mask + 1) this.grow();
    const { entries, mask } = this;
    const tail = this.head + this.size;
    for (let k = 0; k < count; k++) entries[(tail + k) & mask] = source[places[k]!];
    this.size += count;
  }

  /** The entry `index` places behind the front. The caller keeps index < length. */
  entryAt(index: number): E {
    return this.entries[(this.head + index) & this.mask] as E;
  }

  argAt(index: number): unknown {
    if (this.argsHeld === 0) return undefined;
    return this.args[(this.head + index) & this.mask];
  }

  /** Takes the argument queued with the entry at `index` out of its slot. */
  takeArg(index: number): unknown {
    if (this.argsHeld === 0) return undefined;
    const args = this.args;
    const at = (this.head + index) & this.mask;
    const arg = args[at];
    if (arg !== undefined) {
      args[at] = undefined;
      this.argsHeld--;
    }
    return arg;
  }

  /**
   * Drops the first `count` places, emptying them (their arguments were taken
   * by `takeArg`) — unless the caller knows they hold no references (`empty`
   * false: only numbers were queued there), when a stale number may stay.
   */
  advance(count: number, empty = true): void {
    if (count > this.size) throw new RangeError(`ReadyQueue.advance(${count}) with ${this.size} queued`);
    const { entries, head } = this;
    const end = head + count;
    const capacity = this.mask + 1;
    if (empty) {
      // In one run up to the ring's end, then the wrapped rest from 0: no mask per place.
      for (let at = head; at < end && at < capacity; at++) entries[at] = undefined;
      for (let at = 0; at < end - capacity; at++) entries[at] = undefined;
    }
    this.head = end & this.mask;
    this.size -= count;
  }

  /**
   * Moves the entry (and argument) at `from` back to `to`, shifting those
   * between one place on. The caller keeps 0 ≤ to ≤ from < length (the
   * kernel's pick is range-checked where the strategy returns it).
   */
  bringForward(to: number, from: number): void {
    const { head, mask } = this;
    const source = (head + from) & mask;
    const target = (head + to) & mask;
    shiftOne(this.entries, source, target, mask);
    if (this.argsHeld > 0) shiftOne(this.args, source, target, mask);
  }

  // Doubles with built-ins only (V8 copies and fills backing stores natively):
  // a queue that grows to 100,000 entries in one run spends its growth in
  // memcpy, not in a JS loop that has not been optimised yet. The ring is
  // full, so its places run from head to the end, then wrap to 0..head.
  // `ring.concat(ring)` puts a copy of the wrapped part right behind the old
  // end, where it belongs; clearing the rest leaves the ring in order. (Not
  // `length =`: that would leave holes, and a holey ring checks every read.)
  private grow(): void {
    const oldLength = this.mask + 1;
    const wrapped = this.head;
    this.entries = doubled(this.entries, oldLength, wrapped);
    if (this.args !== NO_ARGS) this.args = doubled(this.args, oldLength, wrapped);
    this.mask = (this.mask << 1) | 1;
  }
}

/** The argument ring of a queue that never held an argument (never written). */
const NO_ARGS: unknown[] = [];

function doubled(ring: unknown[], oldLength: number, wrapped: number): unknown[] {
  const grown = ring.concat(ring);
  grown.fill(undefined, 0, wrapped);
  grown.fill(undefined, oldLength + wrapped);
  return grown;
}

/** A ring of `capacity` empty places, without holes (V8 keeps it PACKED: no hole check on each read). */
function emptyRing(capacity: number): unknown[] {
  // The usual size as a literal: V8 clones it from a boilerplate (explore builds one per run).
  // prettier-ignore
  const ring: unknown[] = [undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined,
    undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined];
  for (let i = ring.length; i < capacity; i++) ring.push(undefined);
  return ring;
}

/** Moves ring[source] back to ring[target], shifting those between one place on (towards source). */
function shiftOne(ring: unknown[], source: number, target: number, mask: number): void {
  const moved = ring[source];
  if (target <= source) {
    // The usual case: the span does not wrap around the ring's end, so it shifts as one block.
    for (let at = source; at > target; at--) ring[at] = ring[at - 1];
  } else {
    for (let at = source; at !== target; at = (at - 1) & mask) ring[at] = ring[(at - 1) & mask];
  }
  ring[target] = moved;
}
