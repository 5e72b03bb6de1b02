/**
 * An exploration worker thread: loads the scenario files (the same files, in
 * the same order, as every other worker, so scenario i is the same scenario
 * everywhere), says which scenarios it found, then runs the jobs it is sent —
 * a batch of seeds, a dfs walk, a corpus entry — one at a time.
 *
 * After each job it lets one timer turn pass before answering: an error the
 * scenario left behind (a real timer that throws, an unhandled rejection)
 * kills this thread while the job is still its own, so the crash is pinned on
 * the right seeds. process.exit() in a scenario ends this thread only.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { replayCorpusEntry, type CorpusEntry } from './corpus.js';
import { explore, type ExploreResult } from './explore.js';
import { finalize, type ScenarioReport } from './explore-report.js';
import { loadScenarioFile, ScenarioLoadError, type LoadedScenario, type ScenarioFile } from './load.js';
import { failureRecord, runSeed, stepsFor, type SeedsResult } from './seed-runs.js';
import type { ExplorePlan } from './seed-plan.js';

export type WorkerJob =
  | { readonly kind: 'seeds'; readonly scenario: number; readonly seeds: readonly number[] }
  | { readonly kind: 'dfs'; readonly scenario: number }
  | { readonly kind: 'replay'; readonly scenario: number; readonly entry: CorpusEntry };

export interface WorkerInit {
  readonly files: readonly ScenarioFile[];
  readonly plan: ExplorePlan;
}

export type WorkerMessage =
  | { readonly type: 'ready'; readonly scenarios: readonly { readonly file: string; readonly name: string }[] }
  | { readonly type: 'load-error'; readonly problem: string; readonly message: string; readonly stack: string | null }
  | { readonly type: 'done'; readonly id: number; readonly result: unknown };

const port = parentPort!;
const { files, plan } = workerData as WorkerInit;
const post = (message: WorkerMessage): void => port.postMessage(message);

async function dfs(loaded: LoadedScenario): Promise<ScenarioReport> {
  const pending = explore(loaded.scenario, {
    strategy: 'dfs',
    seeds: plan.seeds.to - plan.seeds.from + 1,
    maxFailures: plan.maxFailures,
    checkDeterminism: plan.checkDeterminism,
    file: loaded.file,
    ...(plan.maxPreemptions !== undefined && { maxPreemptions: plan.maxPreemptions }),
    ...(plan.maxSteps !== undefined && { maxSteps: plan.maxSteps }),
    ...(plan.maxTime !== undefined && { maxTime: plan.maxTime }),
  });
  const result: ExploreResult = pending instanceof Promise ? await pending : pending;
  const base = finalize(loaded.file, loaded.scenario.name, [], plan);
  return { ...base, runs: result.runs, distinct: result.distinct, complete: result.complete, failures: result.failures.map((f) => failureRecord(f, loaded.file)), nondeterminism: result.nondeterminism };
}

async function main(): Promise<void> {
  const loaded: LoadedScenario[] = [];
  try {
    for (const file of files) loaded.push(...(await loadScenarioFile(file)));
  } catch (error) {
    const problem = error instanceof ScenarioLoadError ? error.problem : 'throws';
    const cause = error instanceof ScenarioLoadError ? error.cause : error;
    post({ type: 'load-error', problem, message: error instanceof Error ? error.message : String(error), stack: cause instanceof Error ? (cause.stack ?? null) : null });
    return;
  }
  post({ type: 'ready', scenarios: loaded.map((l) => ({ file: l.file, name: l.scenario.name })) });
  const steps = new Map<number, number>();
  port.on('message', (message: { id: number; job: WorkerJob }) => {
    void (async () => {
      const { id, job } = message;
      const target = loaded[job.scenario]!;
      let result: unknown;
      if (job.kind === 'seeds') {
        if (!steps.has(job.scenario)) steps.set(job.scenario, await stepsFor(target.scenario, plan));
        const k = steps.get(job.scenario)!;
        const outcomes = [];
        for (const seed of job.seeds) outcomes.push(await runSeed(target.scenario, target.file, plan, seed, k));
        result = { outcomes, k } satisfies SeedsResult;
      } else if (job.kind === 'dfs') {
        result = await dfs(target);
      } else {
        result = await replayCorpusEntry(target.scenario, job.entry);
      }
      await new Promise((resolve) => setTimeout(resolve, 0)); // simloop-allow-nondeterminism: a real timer turn between jobs, outside every run
      post({ type: 'done', id, result });
    })();
  });
}

void main();
