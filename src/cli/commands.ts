/**
 * The commands: run (once, FIFO or a seed), explore (many seeds, failures
 * shrunk and printed as reproductions), replay (the identical run, with its
 * trace). Each returns its exit code.
 */
import { writeFileSync } from 'node:fs';
import { explore, formatFailure, replay, runScenario, type ExploreResult, type ReplayTarget } from '../harness/index.js';
import { explorerFor, type StrategyName } from '../strategies/index.js';
import { loadScenarios, UsageError, type LoadedScenario } from './load.js';
import { Progress } from './progress.js';

async function pick(paths: string[], only: string | undefined): Promise<LoadedScenario[]> {
  if (paths.length === 0) throw new UsageError('expected at least one scenario file or directory');
  const loaded = (await loadScenarios(paths)).filter((l) => only === undefined || l.scenario.name === only);
  if (loaded.length === 0) {
    throw new UsageError(
      only === undefined ? `no scenarios found in ${paths.join(', ')}: export one made with defineScenario()` : `no scenario named "${only}" in ${paths.join(', ')}`,
    );
  }
  return loaded;
}

export interface RunArgs {
  readonly paths: string[];
  readonly scenario?: string;
  readonly seed?: number;
  readonly strategy: StrategyName;
  readonly trace: boolean;
}

export async function runCommand(args: RunArgs): Promise<number> {
  const loaded = await pick(args.paths, args.scenario);
  let failed = 0;
  for (const { file, scenario } of loaded) {
    console.log(`── ${file} · ${scenario.name}`);
    const seed = args.seed ?? 0;
    const strategy = explorerFor(args.strategy).nextRun(seed) ?? undefined;
    const kernels: { trace: { render(): string } | null }[] = [];
    const result = runScenario(scenario, {
      seed,
      ...(strategy && { strategy }),
      ...(args.trace && { trace: true, onKernel: (k) => kernels.push(k) }),
    });
    for (const line of result.output) console.log(line);
    if (args.trace) for (const k of kernels) process.stdout.write(k.trace?.render() ?? '');
    if (!result.passed) {
      failed++;
      console.log(`✗ ${scenario.name} failed${scenario.raises === undefined ? '' : ` (expected it to raise ${scenario.raises})`}`);
      console.log(`  replay: npx simloop run ${file} --scenario ${scenario.name} --strategy ${args.strategy} --seed ${seed}`);
    }
    console.log('');
  }
  console.log(`${loaded.length} scenario${loaded.length === 1 ? '' : 's'}: ${loaded.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

export interface ExploreArgs {
  readonly paths: string[];
  readonly scenario?: string;
  readonly seeds?: number | { from: number; to: number };
  readonly strategy: StrategyName;
  readonly depth?: number;
  readonly steps?: number;
  readonly maxPreemptions?: number;
  readonly maxSteps?: number;
  readonly maxFailures?: number;
  readonly checkDeterminism: boolean;
  readonly json?: string;
}

export async function exploreCommand(args: ExploreArgs): Promise<number> {
  const loaded = await pick(args.paths, args.scenario);
  const results: (ExploreResult & { file: string })[] = [];
  for (const { file, scenario } of loaded) {
    const progress = new Progress(`${file} · ${scenario.name}`);
    const result = explore(scenario, {
      strategy: args.strategy,
      file,
      checkDeterminism: args.checkDeterminism,
      onProgress: (p) => progress.update(p),
      ...(args.seeds !== undefined && { seeds: args.seeds }),
      ...(args.depth !== undefined && { depth: args.depth }),
      ...(args.steps !== undefined && { steps: args.steps }),
      ...(args.maxPreemptions !== undefined && { maxPreemptions: args.maxPreemptions }),
      ...(args.maxSteps !== undefined && { maxSteps: args.maxSteps }),
      ...(args.maxFailures !== undefined && { maxFailures: args.maxFailures }),
    });
    progress.done(result);
    for (const failure of result.failures) console.log(formatFailure(failure) + '\n');
    if (result.nondeterminism !== null) {
      console.log(`✗ ${scenario.name} is not deterministic: seed ${result.nondeterminism.seed}, ${result.nondeterminism.detail}`);
      console.log(`  something in it reads Math.random, Date.now, real timers or other ambient state\n`);
    }
    results.push({ ...result, file });
  }
  const failed = results.filter((r) => r.failures.length > 0 || r.nondeterminism !== null);
  console.log(`${results.length} scenario${results.length === 1 ? '' : 's'} explored with ${args.strategy}: ${results.length - failed.length} passed, ${failed.length} failed`);
  if (args.json !== undefined) {
    writeFileSync(args.json, JSON.stringify(results.map(({ failures, ...r }) => ({ ...r, failures: failures.map(({ error, ...f }) => ({ ...f })) })), null, 2) + '\n');
  }
  return failed.length === 0 ? 0 : 1;
}

export interface ReplayArgs {
  readonly paths: string[];
  readonly scenario?: string;
  readonly seed?: number;
  readonly strategy: StrategyName;
  readonly schedule?: string;
  readonly depth?: number;
  readonly steps?: number;
  readonly trace: boolean;
}

export async function replayCommand(args: ReplayArgs): Promise<number> {
  if (args.scenario === undefined) throw new UsageError('replay expected --scenario NAME (the name in the failure report)');
  if ((args.seed === undefined) === (args.schedule === undefined)) throw new UsageError('replay expected exactly one of --seed N or --schedule STR');
  const [{ file, scenario }] = await pick(args.paths, args.scenario);
  let target: ReplayTarget;
  try {
    target =
      args.schedule !== undefined
        ? { schedule: args.schedule, ...(args.seed !== undefined && { seed: args.seed }) }
        : { seed: args.seed!, strategy: args.strategy, ...(args.depth !== undefined && { depth: args.depth }), ...(args.steps !== undefined && { steps: args.steps }) };
    const replayed = replay(scenario!, target);
    console.log(`── ${file} · ${scenario!.name} · ${args.schedule !== undefined ? `schedule ${args.schedule}` : `seed ${args.seed} (${args.strategy})`}`);
    for (const line of replayed.output) console.log(line);
    if (args.trace) process.stdout.write(replayed.trace);
    if (replayed.divergence !== null) {
      const d = replayed.divergence;
      console.log(`! the schedule no longer fits this code: at choice ${d.choice} (step ${d.step}) it says candidate ${d.recorded}, but there were only ${d.count}; went on with a seeded random choice`);
    }
    for (const d of replayed.deviations) console.log(`  deviation: at step ${d.step}, ran ${d.chose} instead of ${d.fifo}`);
    console.log(replayed.passed ? `✓ passed (trace ${replayed.traceHash})` : `✗ ${replayed.message} (at step ${replayed.step}, trace ${replayed.traceHash})`);
    return replayed.passed ? 0 : 1;
  } catch (error) {
    if (error instanceof SyntaxError) throw new UsageError(error.message);
    throw error;
  }
}
