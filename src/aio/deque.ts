/**
 * Deque: the `collections.deque` a Queue keeps its items in — O(1) append
 * and popleft on a power-of-two ring (Array#shift goes quadratic on long
 * queues in V8), with no reference kept to an item once it is taken.
 */
export class Deque<T> {
  private slots: (T | undefined)[] = new Array<T | undefined>(16);
  private mask = 15;
  private head = 0;
  private size = 0;

  get length(): number {
    return this.size;
  }

  /** `append(item)` */
  push(item: T): void {
    if (this.size > this.mask) this.grow();
    this.slots[(this.head + this.size) & this.mask] = item;
    this.size++;
  }

  /** `popleft()`. The caller checks `length` first. */
  shift(): T {
    const i = this.head;
    const item = this.slots[i] as T;
    this.slots[i] = undefined;
    this.head = (i + 1) & this.mask;
    this.size--;
    return item;
  }

  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.size; i++) out.push(this.slots[(this.head + i) & this.mask] as T);
    return out;
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
