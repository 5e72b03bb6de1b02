/**
 * RingQueue: the kernel's ready queue, a FIFO deque on a power-of-two ring.
 *
 * Owns: O(1) push at the back and shift at the front, indexed reads, and
 * taking an entry out of the middle for strategies that run something other
 * than the head. Must not: use Array#shift (it goes quadratic past ~16k
 * entries in V8) or hold on to entries it has handed out (memory stays flat
 * at millions of messages).
 */
export class RingQueue<T> {
  private slots: (T | undefined)[];
  private mask: number;
  private head = 0;
  private size = 0;

  constructor(initialCapacity = 16) {
    let capacity = 16;
    while (capacity < initialCapacity) capacity *= 2;
    this.slots = new Array<T | undefined>(capacity);
    this.mask = capacity - 1;
  }

  get length(): number {
    return this.size;
  }

  push(item: T): void {
    if (this.size > this.mask) this.grow();
    this.slots[(this.head + this.size) & this.mask] = item;
    this.size++;
  }

  /** Removes and returns the front entry. The caller checks `length` first. */
  shift(): T {
    const i = this.head;
    const item = this.slots[i] as T;
    this.slots[i] = undefined; // let the entry be collected
    this.head = (i + 1) & this.mask;
    this.size--;
    return item;
  }

  /** The entry `index` places behind the front (0 is the front). */
  at(index: number): T {
    if (index < 0 || index >= this.size) throw new RangeError(`RingQueue.at(${index}) outside 0..${this.size - 1}`);
    return this.slots[(this.head + index) & this.mask] as T;
  }

  /**
   * Removes and returns the entry `index` places behind the front, keeping
   * the others in order. O(index): strategies choose among a handful.
   */
  takeAt(index: number): T {
    if (index === 0) return this.shift();
    const item = this.at(index);
    for (let i = index; i > 0; i--) {
      this.slots[(this.head + i) & this.mask] = this.slots[(this.head + i - 1) & this.mask];
    }
    this.shift(); // drops the now-duplicated front slot
    return item;
  }

  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.size; i++) out.push(this.slots[(this.head + i) & this.mask] as T);
    return out;
  }

  clear(): void {
    this.slots.fill(undefined);
    this.head = 0;
    this.size = 0;
  }

  private grow(): void {
    const old = this.slots;
    const next = new Array<T | undefined>(old.length * 2);
    for (let i = 0; i < this.size; i++) next[i] = old[(this.head + i) & this.mask];
    this.slots = next;
    this.mask = next.length - 1;
    this.head = 0;
  }
}
