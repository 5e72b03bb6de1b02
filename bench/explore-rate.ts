/**
 * The explore-rate row: how many seeds a second `explore` runs on a small
 * race, warm, in one process (one core), side by side with fast-check's
 * `fc.scheduler` exploring the same race written with promises.
 *
 * The race: T workers, each waking up S times in an order the explorer
 * picks and bumping a shared counter after each wake-up; the invariant
 * (counter = T·S at the end) holds in every interleaving, so both sides run
 * exactly the number of interleavings asked for, none stopping early.
 *  - simloop: a TaskScheduler scenario, each worker `yield sleep(1)` S times
 *    (the T wake-ups due at the same instant are the strategy's choice),
 *    explored with `explore(scenario, { strategy: 'random', seeds })`;
 *  - fast-check: `fc.assert(fc.asyncProperty(fc.scheduler(), ...), { numRuns })`,
 *    each worker `await s.schedule(Promise.resolve())` S times (the scheduler
 *    picks which scheduled promise resolves next), driven by `s.waitAll()` —
 *    the fastest of fast-check's drivers here (waitIdle and waitFor poll with
 *    microtask ticks and run 3–4× slower).
 *
 * Timing: both sides warmed up, then timed back to back in alternating
 * rounds (the order rotating), as every other row; per round, ms per seed on
 * each side; ratio = simloop / fast-check (under 1/7 meets the "at
 * least 7×"), and seeds/s = 1000 / simloop ms per seed.
 *
 * The ms are this process's CPU time (process.cpuUsage, user + system), not
 * wall time: the target is per core, and on a shared machine a
 * process waiting for a core makes wall time say more about the neighbours
 * than about explore (on this project's 2-core machine, under load, wall
 * time read 2–3× the CPU time). The wall-time medians are kept beside them.
 */
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import type { defineScenario, explore, sleep, TaskScheduler } from '../src/index.js';

/** What this row needs from simloop (the built package or the sources). */
export interface ExploreLib {
  readonly TaskScheduler: new (options?: object) => TaskScheduler;
  readonly sleep: typeof sleep;
  readonly explore?: typeof explore;
  readonly defineScenario?: typeof defineScenario;
}

export interface ExploreRateSize {
  readonly tasks: number;
  readonly sleeps: number;
  /** Seeds explored per timed simloop run. */
  readonly seeds: number;
  /** Runs of fast-check's property per timed run (it is an order of magnitude slower). */
  readonly fastCheckRuns: number;
}

export interface ExploreRateSamples {
  /** CPU ms per seed, per round. */
  readonly simloopMsPerSeed: number[];
  readonly fastCheckMsPerRun: number[];
  /** simloop / fast-check, per round. */
  readonly ratios: number[];
  /** The same per round, in wall-clock ms. */
  readonly simloopWallMsPerSeed: number[];
  readonly fastCheckWallMsPerRun: number[];
}

interface Timed {
  readonly cpu: number;
  readonly wall: number;
}

/** CPU and wall ms of `fn`, divided by `per`. */
async function timed(fn: () => void | Promise<void>, per: number): Promise<Timed> {
  gc?.({ type: 'minor' });
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  await fn();
  const wall = performance.now() - wall0;
  const cpu = process.cpuUsage(cpu0);
  return { cpu: (cpu.user + cpu.system) / 1000 / per, wall: wall / per };
}

/** The simloop side: the race as a scenario, explored over `seeds` seeds (from `from`). */
export function simloopExplorer(lib: ExploreLib, tasks: number, sleeps: number): (from: number, seeds: number) => void {
  const { TaskScheduler, sleep, explore, defineScenario } = lib;
  if (explore === undefined || defineScenario === undefined) throw new Error('explore and defineScenario are not exported by this simloop build');
  let counter = 0;
  function* worker(): Generator<unknown, void, unknown> {
    for (let k = 0; k < sleeps; k++) {
      yield sleep(1);
      counter++;
    }
  }
  const race = defineScenario({
    name: `race-${tasks}x${sleeps}`,
    run({ options }) {
      const s = new TaskScheduler(options);
      counter = 0;
      for (let i = 0; i < tasks; i++) s.addTask(worker());
      s.run();
      if (counter !== tasks * sleeps) throw new Error(`counter ${counter}, expected ${tasks * sleeps}`);
    },
  });
  return (from, seeds) => {
    const result = explore(race, { strategy: 'random', seeds: { from, to: from + seeds - 1 }, shrink: false });
    if (result.runs !== seeds || result.failures.length !== 0) {
      throw new Error(`simloop explore ran ${result.runs} of ${seeds} seeds with ${result.failures.length} failures — the workload did not run in full`);
    }
  };
}

/** The fast-check side: the same race with promises under fc.scheduler, `runs` runs from fast-check seed `seed`. */
export function fastCheckExplorer(tasks: number, sleeps: number): (seed: number, runs: number) => Promise<void> {
  let executed = 0;
  const property = fc.asyncProperty(fc.scheduler(), async (s) => {
    executed++;
    let counter = 0;
    const worker = async (): Promise<void> => {
      for (let k = 0; k < sleeps; k++) {
        await s.schedule(Promise.resolve());
        counter++;
      }
    };
    const all = Promise.all(Array.from({ length: tasks }, worker));
    await s.waitAll();
    await all;
    if (counter !== tasks * sleeps) throw new Error(`counter ${counter}, expected ${tasks * sleeps}`);
  });
  return async (seed, runs) => {
    executed = 0;
    await fc.assert(property, { numRuns: runs, seed });
    if (executed !== runs) throw new Error(`fast-check ran ${executed} of ${runs} runs — the workload did not run in full`);
  };
}

const gc: ((options?: { type: 'minor' }) => void) | undefined = (globalThis as { gc?: (options?: { type: 'minor' }) => void }).gc;

/** Alternating rounds, each timing both sides once (order rotating), after `warmup` untimed runs of each. */
export async function measureExploreRate(lib: ExploreLib, size: ExploreRateSize, rounds: number, warmup: number): Promise<ExploreRateSamples> {
  const simloop = simloopExplorer(lib, size.tasks, size.sleeps);
  const fastCheck = fastCheckExplorer(size.tasks, size.sleeps);
  let nextSeed = 0;
  const timeSimloop = (): Promise<Timed> => {
    const from = nextSeed;
    nextSeed += size.seeds; // fresh seeds every run: a cache of seen schedules could not help
    return timed(() => simloop(from, size.seeds), size.seeds);
  };
  const timeFastCheck = (): Promise<Timed> => timed(() => fastCheck(nextSeed++, size.fastCheckRuns), size.fastCheckRuns);
  for (let i = 0; i < warmup; i++) {
    await timeSimloop();
    await timeFastCheck();
  }
  const samples: ExploreRateSamples = { simloopMsPerSeed: [], fastCheckMsPerRun: [], ratios: [], simloopWallMsPerSeed: [], fastCheckWallMsPerRun: [] };
  for (let round = 0; round < rounds; round++) {
    let a: Timed;
    let b: Timed;
    if (round % 2 === 0) {
      a = await timeSimloop();
      b = await timeFastCheck();
    } else {
      b = await timeFastCheck();
      a = await timeSimloop();
    }
    samples.simloopMsPerSeed.push(a.cpu);
    samples.fastCheckMsPerRun.push(b.cpu);
    samples.ratios.push(a.cpu / b.cpu);
    samples.simloopWallMsPerSeed.push(a.wall);
    samples.fastCheckWallMsPerRun.push(b.wall);
  }
  return samples;
}
