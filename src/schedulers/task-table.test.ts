import { describe, expect, it } from 'vitest';
import { Kernel, type Choice, type Owner, type Strategy } from '../kernel/index.js';
import { TaskScheduler } from './task-scheduler.js';
import { TaskTable } from './task-table.js';

/** A chain of `length` tasks, each adding the next before it ends, on `table` (fifo kernel). */
function chain(length: number, trace = false): { table: TaskTable; kernel: Kernel } {
  const kernel = new Kernel({ trace });
  const table = new TaskTable(kernel);
  kernel.useSlots(table);
  const link = function* (left: number): Generator<undefined, void> {
    yield;
    if (left > 1) kernel.callSoonSlot(table.add(link(left - 1), undefined));
  };
  kernel.callSoonSlot(table.add(link(length), undefined));
  kernel.run();
  return { table, kernel };
}

describe('TaskTable', () => {
  it('reuses the slots of finished tasks: its size follows the tasks alive at once, not all ever added', () => {
    const { table, kernel } = chain(10_000);
    expect(kernel.steps).toBe(2 * 10_000);
    expect(table.live).toBe(0);
    expect(table.size).toBe(2); // the task that adds the next is still alive when it does
  });

  it('a task in a reused slot is a new task: its own id, name and owner', () => {
    const { kernel } = chain(4, true);
    const owners = kernel.trace!.events().map((e) => e.task);
    expect([...new Set(owners)]).toEqual(['task-1', 'task-2', 'task-3', 'task-4']);
    // Strategies see one owner object per task, never a previous tenant's.
    const seen = new Map<number, Owner>();
    const watcher: Strategy = {
      name: 'watcher',
      choose(choice: Choice) {
        for (let i = 0; i < choice.count; i++) {
          const owner = choice.owner(i)!;
          expect(seen.get(owner.id) ?? owner).toBe(owner);
          seen.set(owner.id, owner);
        }
        return choice.count - 1;
      },
    };
    const s = new TaskScheduler({ strategy: watcher });
    const spawner = function* (n: number): Generator<undefined, void> {
      yield;
      if (n > 0) s.addTask(spawner(n - 1), { name: `w${n}` });
      yield;
    };
    for (let i = 0; i < 3; i++) s.addTask(spawner(6));
    s.run();
    expect(seen.size).toBe(3 + 3 * 6);
    const names = new Set([...seen.values()].map((o) => o.name));
    expect(names).toEqual(new Set(['task-1', 'task-2', 'task-3', 'w6', 'w5', 'w4', 'w3', 'w2', 'w1'])); // each chain names its links alike
  });
});
