/**
 * PendingTasks (the loop's intrusive list of pending tasks) against the Set
 * it replaced: after any sequence of registrations and finishes, in any
 * order, it holds the same tasks in the same (creation) order. A mutant that
 * forgets to move `last` back when the last task finishes is caught.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PendingTasks, type PendingLinks } from './pending-tasks.js';

class Item implements PendingLinks<Item> {
  pendingPrev: Item | null = null;
  pendingNext: Item | null = null;
  constructor(readonly id: number) {}
}

interface ListLike {
  add(item: Item): void;
  delete(item: Item): void;
  toArray(): Item[];
  readonly size: number;
}

/** A deliberately broken list: finishing the newest task leaves `last` pointing at it. */
class ForgetsLast implements ListLike {
  private first: Item | null = null;
  private last: Item | null = null;
  size = 0;
  add(item: Item): void {
    item.pendingPrev = this.last;
    item.pendingNext = null;
    if (this.last === null) this.first = item;
    else this.last.pendingNext = item;
    this.last = item;
    this.size++;
  }
  delete(item: Item): void {
    const { pendingPrev: prev, pendingNext: next } = item;
    if (prev === null && this.first !== item) return;
    if (prev === null) this.first = next;
    else prev.pendingNext = next;
    if (next !== null) next.pendingPrev = prev; // the bug: `last` is not moved back
    item.pendingPrev = item.pendingNext = null;
    this.size--;
  }
  toArray(): Item[] {
    const out: Item[] = [];
    for (let item = this.first; item !== null; item = item.pendingNext) out.push(item);
    return out;
  }
}

// An operation: register a new task, or finish the k-th pending one (modulo how many are pending), or finish one twice.
type Op = { add: true } | { finish: number } | { finishAgain: number };
const ops = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: fc.constant<Op>({ add: true }) },
    { weight: 2, arbitrary: fc.nat().map<Op>((k) => ({ finish: k })) },
    { weight: 1, arbitrary: fc.nat().map<Op>((k) => ({ finishAgain: k })) },
  ),
  { maxLength: 60 },
);

function agreesWithSet(make: () => ListLike, sequence: Op[]): boolean {
  const list = make();
  const reference = new Set<Item>();
  const finished: Item[] = [];
  let next = 0;
  for (const op of sequence) {
    if ('add' in op) {
      const item = new Item(next++);
      list.add(item);
      reference.add(item);
    } else if ('finish' in op) {
      if (reference.size === 0) continue;
      const item = [...reference][op.finish % reference.size]!;
      list.delete(item);
      reference.delete(item);
      finished.push(item);
    } else {
      if (finished.length === 0) continue;
      list.delete(finished[op.finishAgain % finished.length]!); // a task finishes once; a second delete must change nothing
    }
    const ids = list.toArray().map((i) => i.id);
    if (ids.join() !== [...reference].map((i) => i.id).join() || list.size !== reference.size) return false;
  }
  return true;
}

describe('PendingTasks', () => {
  it('holds the pending tasks in creation order, as the Set it replaced did', () => {
    fc.assert(fc.property(ops, (sequence) => agreesWithSet(() => new PendingTasks<Item>(), sequence)), { numRuns: 500 });
  });

  it('catches a list that forgets to move its tail back (mutant)', () => {
    const outcome = fc.check(fc.property(ops, (sequence) => agreesWithSet(() => new ForgetsLast(), sequence)), { numRuns: 500 });
    expect(outcome.failed).toBe(true);
  });
});
