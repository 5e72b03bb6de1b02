/**
 * The bridge's timers in deadline order, ties in creation order (Node fires
 * timers due at the same millisecond in the order they were created; which of
 * them really goes first is then the strategy's choice). A plain binary heap
 * on (due, seq): the kernel's heapq port is keyed on the deadline alone, on
 * purpose, to match CPython — JavaScript timers want the tie-break.
 */
export interface Deadline {
  /** Virtual milliseconds since the run started. */
  due: number;
  /** Creation order: the tie-break. */
  readonly seq: number;
}

/** Deadline first, then creation order. */
export const earlier = (a: Deadline, b: Deadline): boolean => a.due < b.due || (a.due === b.due && a.seq < b.seq);

export class TimerHeap<T extends Deadline> {
  private readonly items: T[] = [];

  /** `before` is the order (tests pass broken ones to show they are caught). */
  constructor(private readonly before: (a: Deadline, b: Deadline) => boolean = earlier) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const items = this.items;
    items.push(item);
    let at = items.length - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.before(item, items[parent]!)) break;
      items[at] = items[parent]!;
      at = parent;
    }
    items[at] = item;
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && this.before(items[right]!, items[left]!) ? right : left;
      if (!this.before(items[child]!, last)) break;
      items[at] = items[child]!;
      at = child;
    }
    items[at] = last;
    return top;
  }

  values(): readonly T[] {
    return this.items;
  }
}
