/**
 * Every way the issue lists schedulers really breaking, as a broken
 * scheduler (fixtures/mutants.ts): the kits must throw a ConformanceError
 * naming the law it breaks — with fast-check's own random seed, so no lucky
 * seed is doing the work.
 */
import { describe, expect, it } from 'vitest';
import { ActorScheduler, checkActorScheduler, checkTaskScheduler, ConformanceError } from '../../index.js';
import * as M from './fixtures/mutants.js';
import type { ActorSchedulerLike, TaskSchedulerLike } from './workloads.js';

function brokenLaw(check: () => unknown): ConformanceError {
  try {
    check();
  } catch (error) {
    if (error instanceof ConformanceError) return error;
    throw error;
  }
  throw new Error('the kit passed a broken scheduler');
}

describe('checkTaskScheduler catches', () => {
  it.each<[string, () => TaskSchedulerLike, string]>([
    ['LIFO order', () => new M.LifoTaskScheduler(), 'first-run order'],
    ['forgetting to re-queue (a task dropped after its first yield)', () => new M.ForgetsRequeueTaskScheduler(), 'stepped yields+1 times'],
    ['re-running a finished task (noticed one turn late)', () => new M.RerunsFinishedTaskScheduler(), 'finished tasks removed'],
    ['never removing finished tasks (run() would not return)', () => new M.NeverRemovesTaskScheduler(), 'finished tasks removed'],
    ['a step skipped once per round', () => new M.SkipsStepTaskScheduler(), 'round robin'],
    ['a spawner re-queued before its children', () => new M.SpawnerFirstTaskScheduler(), 'spawned tasks join at the back'],
    ['swallowing exceptions', () => new M.SwallowingTaskScheduler(), 'exceptions escape run()'],
    ['dropping the queue when a task raises', () => new M.ClearsOnErrorTaskScheduler(), 'run() resumes the rest after an exception'],
    ['a run() that works only once', () => new M.OneShotTaskScheduler(), 'run() ends when no task is left'],
    ['a cliff at large queues (the queue copied on every dequeue)', () => new M.CopyingQueueTaskScheduler(), 'no cliff at large queues'],
  ])('%s', (_, factory, law) => {
    const error = brokenLaw(() => checkTaskScheduler(factory));
    expect(error.law).toBe(law);
    expect(error.message).toContain(`breaks the law "${law}"`);
    expect(error.message).toContain('replay: checkTaskScheduler(factory, {');
  });

  it('Math.random picking the next task: first-run order, and the determinism law on its own', () => {
    expect(brokenLaw(() => checkTaskScheduler(() => new M.RandomTaskScheduler())).law).toMatch(/first-run order|round robin/);
    expect(brokenLaw(() => checkTaskScheduler(() => new M.RandomTaskScheduler(), { laws: ['determinism'] })).law).toBe('determinism');
  });
});

describe('checkActorScheduler catches', () => {
  it.each<[string, () => ActorSchedulerLike, string]>([
    ['recursion on send (send calls into the receiver)', () => new M.RecursiveSendActorScheduler(), 'recursion-free delivery'],
    ['recursion in run (one frame per message)', () => new M.RecursiveRunActorScheduler(), 'recursion-free delivery'],
    ['reordered messages (a priority by name)', () => new M.PriorityByNameActorScheduler(), 'message order (global FIFO)'],
    ['per-actor mailboxes instead of one queue', () => new M.MailboxActorScheduler(), 'message order (global FIFO)'],
    ['lost messages (every 7th send dropped)', () => new M.DropsEvery7thActorScheduler(), 'no lost or duplicated messages'],
    ['names resolved at delivery instead of at send', () => new M.LateBindingActorScheduler(), 'messages bound to the actor at send time'],
    ['throwing on a send to an unknown name', () => new M.StrictUnknownActorScheduler(), 'sends to unknown names dropped'],
    ['throwing on a message to a finished actor', () => new M.ThrowsOnFinishedActorScheduler(), 'messages to a finished actor swallowed'],
    ['priming inside newActor (a @coroutine decorator)', () => new M.PrimesInNewActorActorScheduler(), 'priming before messages'],
  ])('%s', (_, factory, law) => {
    const error = brokenLaw(() => checkActorScheduler(factory));
    expect(error.law).toBe(law);
    expect(error.message).toContain(`breaks the law "${law}"`);
    expect(error.message).toContain('replay: checkActorScheduler(factory, {');
  });

  it("simloop's own strict mode, which deliberately departs from the seed", () => {
    expect(brokenLaw(() => checkActorScheduler(() => new ActorScheduler({ strict: true }))).law).toBe('sends to unknown names dropped');
  });
});
