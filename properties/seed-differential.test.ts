/**
 * Differential: random task and actor workloads — random yield counts,
 * children spawned mid-run, tasks and actors that throw, actors forwarding
 * and ping-ponging, names re-registered, sends to unknown names — run on
 * simloop and on the seed's own Python classes (properties/reference/) must
 * log identically, line for line. Mutants of the seed's semantics must not.
 */
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ActorScheduler, TaskScheduler } from '../src/index.js';
import { asyncLawBroken } from './laws/kill.js';
import { LateBindingActorScheduler, SpawnerFirstTaskScheduler } from './laws/mutants.js';
import { hasPython, PythonOracle } from './laws/python.js';
import {
  actorWorkload,
  runActorWorkload,
  runTaskWorkload,
  taskWorkload,
  type ActorSchedulerLike,
  type TaskSchedulerLike,
} from './laws/workload.js';

const RUNS = 1000;
const python = hasPython();
const oracle = python ? new PythonOracle(fileURLToPath(new URL('./reference/seed_runner.py', import.meta.url))) : null;
afterAll(() => oracle?.close());

function same(law: string, ours: string[], theirs: unknown): void {
  if (JSON.stringify(ours) !== JSON.stringify(theirs)) {
    throw new Error(`${law}: simloop and the seed's Python differ\nsimloop: ${JSON.stringify(ours)}\npython:  ${JSON.stringify(theirs)}`);
  }
}

const tasksMatchSeed = (make: () => TaskSchedulerLike) =>
  fc.asyncProperty(taskWorkload({ throws: true, maxTasks: 5, spawnDepth: 2 }), async (programs) => {
    same('task workload', runTaskWorkload(make, programs), await oracle!.ask({ kind: 'tasks', programs }));
  });

const actorsMatchSeed = (make: () => ActorSchedulerLike) =>
  fc.asyncProperty(actorWorkload(), async (workload) => {
    same('actor workload', runActorWorkload(make, workload), await oracle!.ask({ kind: 'actors', workload }));
  });

describe.skipIf(!python)('simloop against the seed’s Python schedulers', () => {
  it(`TaskScheduler logs what the seed's TaskScheduler logs (${RUNS} workloads)`, async () => {
    await fc.assert(tasksMatchSeed(() => new TaskScheduler()), { numRuns: RUNS });
  });

  it(`ActorScheduler logs what the seed's ActorScheduler logs (${RUNS} workloads)`, async () => {
    await fc.assert(actorsMatchSeed(() => new ActorScheduler()), { numRuns: RUNS });
  });

  it('kills the mutant that re-queues a spawner before its children', async () => {
    expect(await asyncLawBroken(tasksMatchSeed(() => new SpawnerFirstTaskScheduler()), RUNS)).toMatch(/task workload: simloop and the seed's Python differ/);
  });

  it('kills the mutant that binds messages to names at delivery', async () => {
    expect(await asyncLawBroken(actorsMatchSeed(() => new LateBindingActorScheduler()), RUNS)).toMatch(/actor workload: simloop and the seed's Python differ/);
  });
});
