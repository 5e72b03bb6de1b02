/**
 * ReadyQueue: the kernel's ready queue — a FIFO of (entry, argument) pairs on
 * a power-of-two ring.
 *
 * The argument slot lets a layer queue "run this with that" without
 * allocating a wrapper per item (an actor delivery is the actor plus the
 * message). The kernel runs an iteration's batch in place, by index (`take`
 * empties each place as it runs it), and drops it from the front afterwards
 * (`advance`); strategies bring their pick to the cursor with `bringForward`. Must not: use Array#shift (quadratic past ~16k
 * entries in V8) or keep references to entries it has dropped (memory stays
 * flat at millions of messages).
 */
export class ReadyQueue<E> {
  // Interleaved: slots[2k] is an entry, slots[2k + 1] its argument.
  private slots: unknown[];
  private mask: number; // capacity - 1, in pairs
  private head = 0;
  private size = 0;

  constructor(initialCapacity = 16) {
    let capacity = 16;
    while (capacity < initialCapacity) capacity *= 2;
    this.slots = new Array<unknown>(capacity * 2);
    this.mask = capacity - 1;
  }

  get length(): number {
    return this.size;
  }

  push(entry: E, arg: unknown): void {
    if (this.size > this.mask) this.grow();
    const at = ((this.head + this.size) & this.mask) << 1;
    this.slots[at] = entry;
    this.slots[at + 1] = arg;
    this.size++;
  }

  /** The entry `index` places behind the front. The caller keeps index < length. */
  entryAt(index: number): E {
    return this.slots[((this.head + index) & this.mask) << 1] as E;
  }

  argAt(index: number): unknown {
    return this.slots[(((this.head + index) & this.mask) << 1) + 1];
  }

  /** The argument of the pair last taken. */
  takenArg: unknown = undefined;

  /**
   * Takes the pair `index` places behind the front out of its slots (the
   * entry is returned, its argument left in `takenArg`); the emptied place
   * stays counted until `advance` drops it. Clearing while the slot is hot
   * saves a second pass over the batch.
   */
  take(index: number): E {
    const slots = this.slots;
    const at = ((this.head + index) & this.mask) << 1;
    const entry = slots[at] as E;
    this.takenArg = slots[at + 1];
    slots[at] = undefined;
    slots[at + 1] = undefined;
    return entry;
  }

  /** Puts a taken pair back in its place (a step that did not run after all). */
  putBack(index: number, entry: E, arg: unknown): void {
    const at = ((this.head + index) & this.mask) << 1;
    this.slots[at] = entry;
    this.slots[at + 1] = arg;
  }

  /** Drops the first `count` places, already emptied by `take`. */
  advance(count: number): void {
    if (count > this.size) throw new RangeError(`ReadyQueue.advance(${count}) with ${this.size} queued`);
    this.head = (this.head + count) & this.mask;
    this.size -= count;
  }

  /** Moves the pair at `from` back to `to` (to ≤ from), shifting those between one place on. */
  bringForward(to: number, from: number): void {
    if (to < 0 || from < to || from >= this.size) throw new RangeError(`ReadyQueue.bringForward(${to}, ${from}) outside 0..${this.size - 1}`);
    const { slots, head, mask } = this;
    const source = ((head + from) & mask) << 1;
    const entry = slots[source];
    const arg = slots[source + 1];
    const target = ((head + to) & mask) << 1;
    if (target <= source) {
      // The usual case: the span does not wrap around the ring's end, so it shifts as one block.
      for (let at = source; at > target; at -= 2) {
        slots[at] = slots[at - 2];
        slots[at + 1] = slots[at - 1];
      }
      slots[target] = entry;
      slots[target + 1] = arg;
      return;
    }
    for (let i = from; i > to; i--) {
      const into = ((head + i) & mask) << 1;
      const out = ((head + i - 1) & mask) << 1;
      slots[into] = slots[out];
      slots[into + 1] = slots[out + 1];
    }
    slots[target] = entry;
    slots[target + 1] = arg;
  }

  entries(): E[] {
    return Array.from({ length: this.size }, (_, i) => this.entryAt(i));
  }

  // Doubles in place with built-ins (V8 copies the backing store natively): a
  // queue that grows to 100,000 entries in one run spends its growth in memcpy,
  // not in a JS loop that has not been optimised yet. The ring is full, so its
  // pairs run from head to the end, then wrap to 0..head: move the wrapped
  // part behind the old end and clear where it was.
  private grow(): void {
    const slots = this.slots;
    const oldLength = slots.length;
    const wrapped = this.head << 1;
    slots.length = oldLength * 2;
    if (wrapped > 0) {
      slots.copyWithin(oldLength, 0, wrapped);
      slots.fill(undefined, 0, wrapped);
    }
    this.mask = (this.mask << 1) | 1;
  }
}
