/**
 * Running the seeds of a plan, one after another, in whatever thread was
 * handed them: each seed's run, its interleaving and (with the determinism
 * check) its trace hash, and, when it fails, the failure found, shrunk and
 * described by `explore` itself — so a report from the workers says exactly
 * what `explore` says about that seed.
 *
 * Works for both kinds of scenario: a synchronous one is never awaited.
 */
import { ReplayStrategy, fifo, pctStrategy, randomStrategy, type StrategyName } from '../strategies/index.js';
import type { Strategy } from '../kernel/index.js';
import { explore, type ExploreOptions, type ExploreResult, type Failure } from './explore.js';
import type { FailureRecord, SeedOutcome } from './explore-report.js';
import { runOnce, type Budgets, type RunRecord } from './run-once.js';
import { errorLine, type AnyScenario } from './scenario.js';
import { pctSteps, seedStrategy, type ExplorePlan, type SeedStrategy } from './seed-plan.js';

const settle = async <T>(value: T | Promise<T>): Promise<T> => (value instanceof Promise ? await value : value);

export function budgetsOf(plan: ExplorePlan): Budgets {
  return { ...(plan.maxSteps !== undefined && { maxSteps: plan.maxSteps }), ...(plan.maxTime !== undefined && { maxTime: plan.maxTime }) };
}

/** pct's k for this scenario under this plan (see seed-plan.ts); 0 when no seed runs pct. */
export async function stepsFor(scenario: AnyScenario, plan: ExplorePlan): Promise<number> {
  if (plan.strategy !== 'pct' && plan.strategy !== 'portfolio') return 0;
  if (plan.steps !== undefined) return plan.steps;
  const fifoRun = await settle(runOnce(scenario, fifo, plan.seeds.from, budgetsOf(plan), false));
  return pctSteps(plan, fifoRun.recorder.tape.length);
}

function strategyOf(s: SeedStrategy, seed: number, k: number): Strategy {
  if (s.name === 'pct') return pctStrategy(seed, { depth: s.depth ?? 3, steps: k });
  return s.name === 'random' ? randomStrategy(seed) : fifo;
}

/** The flags that rebuild a seed's strategy: `pct --depth 2 --steps 50`. */
export function strategyFlags(s: SeedStrategy, k: number): string {
  return s.name === 'pct' ? `pct --depth ${s.depth ?? 3} --steps ${k}` : s.name;
}

/** explore's options for one seed of the plan: its failure, shrunk, and its nondeterminism detail come from explore. */
function exploreOne(plan: ExplorePlan, s: SeedStrategy, seed: number, k: number, file: string, checkDeterminism: boolean): ExploreOptions {
  return {
    seeds: [seed],
    strategy: s.name as StrategyName,
    ...(s.name === 'pct' && { depth: s.depth ?? 3, steps: k }),
    ...budgetsOf(plan),
    maxFailures: 1,
    checkDeterminism,
    file,
  };
}

export function failureRecord(f: Failure, file: string): FailureRecord {
  return {
    scenario: f.scenario,
    file,
    seed: f.seed,
    strategy: f.strategy,
    message: f.message,
    crashed: false,
    step: f.step,
    time: f.time,
    schedule: f.schedule,
    shrunk: f.shrunk === null ? null : { schedule: f.shrunk.schedule, deviations: f.shrunk.deviations, runs: f.shrunk.runs },
    replay: f.replay,
  };
}

/** What a worker sends back for a batch of seeds: their outcomes, and the pct k it used (the same in every worker). */
export interface SeedsResult {
  readonly outcomes: SeedOutcome[];
  readonly k: number;
}

/** A seed whose worker died: all that is known, and the line that runs that seed again. */
export function crashRecord(scenario: string, file: string, seed: number, strategy: string, message: string): FailureRecord {
  return {
    scenario,
    file,
    seed,
    strategy,
    message,
    crashed: true,
    step: 0,
    time: 0,
    schedule: null,
    shrunk: null,
    replay: `npx simloop replay ${file} --scenario ${scenario} --seed ${seed} --strategy ${strategy}`,
  };
}

export async function runSeed(scenario: AnyScenario, file: string, plan: ExplorePlan, seed: number, k: number): Promise<SeedOutcome> {
  const s = seedStrategy(plan, seed);
  const budgets = budgetsOf(plan);
  const record: RunRecord = await settle(runOnce(scenario, strategyOf(s, seed, k), seed, budgets, plan.checkDeterminism ? 'hash' : false));
  let nondeterminism: string | null = null;
  if (plan.checkDeterminism) {
    const again = await settle(runOnce(scenario, new ReplayStrategy(record.recorder.tape), seed, budgets, 'hash'));
    if (again.traceHash !== record.traceHash || again.recorder.tape.join() !== record.recorder.tape.join()) {
      const checked: ExploreResult = await settle(explore(scenario, { ...exploreOne(plan, s, seed, k, file, true), shrink: false }));
      nondeterminism = checked.nondeterminism?.detail ?? `two runs gave trace hashes ${record.traceHash} and ${again.traceHash}`;
    }
  }
  let failure: FailureRecord | null = null;
  if (!record.result.passed) {
    const found: ExploreResult = await settle(explore(scenario, exploreOne(plan, s, seed, k, file, false)));
    const f = found.failures[0];
    failure =
      f !== undefined
        ? failureRecord(f, file)
        : // Failed once, passed when explored again: the scenario is not deterministic. Say so rather than lose the failure.
          { ...crashRecord(scenario.name, file, seed, strategyFlags(s, k), `${errorLine(record.result.error)} (then passed when run again: is the scenario deterministic?)`), crashed: false };
  }
  return { seed, interleaving: record.recorder.interleaving, traceHash: record.traceHash, failure, nondeterminism };
}
