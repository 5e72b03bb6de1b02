/**
 * Determinism: one workload, one result. Two runs of the same workload give
 * the same log and the same trace hash; keeping only the hash gives the same
 * hash as keeping every event. A scheduler that picks with Math.random fails.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ActorScheduler, TaskScheduler, type TraceMode } from '../src/index.js';
import { lawBroken } from './laws/kill.js';
import { RandomTaskScheduler } from './laws/mutants.js';
import { taskDeterminism } from './laws/task-laws.js';
import { actorWorkload, runActorWorkload, runTaskWorkload, taskWorkload } from './laws/workload.js';

const RUNS = 500;

function taskTraceHash(programs: Parameters<typeof runTaskWorkload>[1], trace: TraceMode): string {
  let scheduler: TaskScheduler | undefined;
  runTaskWorkload(() => (scheduler = new TaskScheduler({ trace })), programs);
  return scheduler!.trace!.hash();
}

describe('determinism', () => {
  it('TaskScheduler: same workload, same log', () => {
    fc.assert(taskDeterminism(() => new TaskScheduler()), { numRuns: RUNS });
  });

  it('TaskScheduler: same workload, same trace hash, whether events are kept or not', () => {
    fc.assert(
      fc.property(taskWorkload({ throws: true }), (programs) => {
        const full = taskTraceHash(programs, true);
        expect(taskTraceHash(programs, true)).toBe(full);
        expect(taskTraceHash(programs, 'hash')).toBe(full);
      }),
      { numRuns: RUNS },
    );
  });

  it('ActorScheduler: same workload, same log and trace hash', () => {
    fc.assert(
      fc.property(actorWorkload(), (workload) => {
        const runs = [0, 1].map(() => {
          let scheduler: ActorScheduler | undefined;
          const log = runActorWorkload(() => (scheduler = new ActorScheduler({ trace: true })), workload);
          return { log, hash: scheduler!.trace!.hash() };
        });
        expect(runs[1]).toEqual(runs[0]);
      }),
      { numRuns: RUNS },
    );
  });

  it('different workloads give different trace hashes', () => {
    fc.assert(
      fc.property(taskWorkload(), taskWorkload(), (a, b) => {
        fc.pre(runTaskWorkload(() => new TaskScheduler(), a).join() !== runTaskWorkload(() => new TaskScheduler(), b).join());
        expect(taskTraceHash(a, 'hash')).not.toBe(taskTraceHash(b, 'hash'));
      }),
      { numRuns: RUNS },
    );
  });

  it('kills the mutant that picks with Math.random', () => {
    expect(lawBroken(taskDeterminism(() => new RandomTaskScheduler()), RUNS)).toMatch(/determinism/);
  });
});
