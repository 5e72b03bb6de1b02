/**
 * The commands: run (once, FIFO or a seed) and replay (the identical run,
 * with its trace); explore and merge are in explore-command.ts. Each returns
 * its exit code.
 */
import { isAsyncScenario, replay, runOnce, runScenario, traceParts, type ReplayTarget, type ScenarioResult, type TracePart } from '../harness/index.js';
import { explorerFor, fifo, type StrategyName } from '../strategies/index.js';
import { loadScenarios, UsageError, type LoadedScenario } from './load.js';
import { emitTrace, stdoutIsTrace, type TraceRequest } from './trace-output.js';

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
  /** --trace (with --out, --window), when asked. */
  readonly trace?: TraceRequest;
}

export async function runCommand(args: RunArgs): Promise<number> {
  const loaded = await pick(args.paths, args.scenario);
  const trace = args.trace;
  if (trace !== undefined && loaded.length > 1 && (trace.out !== undefined || trace.format !== 'text')) {
    throw new UsageError(
      `--trace ${trace.format}${trace.out === undefined ? '' : ` --out ${trace.out}`} writes the trace of one run, but ${loaded.length} scenarios were found: pick one with --scenario NAME`,
    );
  }
  const say = stdoutIsTrace(trace) ? console.error : console.log;
  let failed = 0;
  for (const { file, scenario } of loaded) {
    say(`── ${file} · ${scenario.name}`);
    const seed = args.seed ?? 0;
    const strategy = explorerFor(args.strategy).nextRun(seed) ?? fifo;
    let result: ScenarioResult;
    let parts: TracePart[] = [];
    if (trace === undefined) {
      result = await runScenario(scenario, { seed, strategy });
    } else {
      // Recorded, so that the timeline can mark where a non-fifo strategy deviated.
      const record = await runOnce(scenario, strategy, seed, {}, true, true);
      result = record.result;
      parts = traceParts(record);
    }
    for (const line of result.output) say(line);
    if (trace !== undefined) {
      const note = emitTrace(trace, parts, scenario.name);
      if (note !== null) say(note);
    }
    if (!result.passed) {
      failed++;
      say(`✗ ${scenario.name} failed${scenario.raises === undefined ? '' : ` (expected it to raise ${scenario.raises})`}`);
      say(`  replay: npx simloop run ${file} --scenario ${scenario.name} --strategy ${args.strategy} --seed ${seed}`);
    }
    say('');
  }
  say(`${loaded.length} scenario${loaded.length === 1 ? '' : 's'}: ${loaded.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

export interface ReplayArgs {
  readonly paths: string[];
  readonly scenario?: string;
  readonly seed?: number;
  readonly strategy: StrategyName;
  readonly schedule?: string;
  readonly depth?: number;
  readonly steps?: number;
  /** --trace (with --out, --window), when asked. */
  readonly trace?: TraceRequest;
}

export async function replayCommand(args: ReplayArgs): Promise<number> {
  if (args.scenario === undefined) throw new UsageError('replay expected --scenario NAME (the name in the failure report)');
  // Both together: the schedule, with the seed of the run it came from (an async scenario's Math.random is seeded from it).
  if (args.seed === undefined && args.schedule === undefined) throw new UsageError('replay expected --seed N or --schedule STR (or both: a schedule with the seed of its run)');
  const [{ file, scenario }] = await pick(args.paths, args.scenario);
  let target: ReplayTarget;
  try {
    target =
      args.schedule !== undefined
        ? { schedule: args.schedule, ...(args.seed !== undefined && { seed: args.seed }) }
        : { seed: args.seed!, strategy: args.strategy, ...(args.depth !== undefined && { depth: args.depth }), ...(args.steps !== undefined && { steps: args.steps }) };
    const replayed = isAsyncScenario(scenario) ? await replay(scenario, target) : replay(scenario!, target);
    const say = stdoutIsTrace(args.trace) ? console.error : console.log;
    say(`── ${file} · ${scenario!.name} · ${args.schedule !== undefined ? `schedule ${args.schedule}` : `seed ${args.seed} (${args.strategy})`}`);
    for (const line of replayed.output) say(line);
    if (args.trace !== undefined) {
      const note = emitTrace(args.trace, replayed.parts, scenario!.name);
      if (note !== null) say(note);
    }
    if (replayed.divergence !== null) {
      const d = replayed.divergence;
      say(`! the schedule no longer fits this code: at choice ${d.choice} (step ${d.step}) it says candidate ${d.recorded}, but there were only ${d.count}; went on with a seeded random choice`);
    }
    for (const d of replayed.deviations) say(`  deviation: at step ${d.step}, ran ${d.chose} instead of ${d.fifo}`);
    say(replayed.passed ? `✓ passed (trace ${replayed.traceHash})` : `✗ ${replayed.message} (at step ${replayed.step}, trace ${replayed.traceHash})`);
    return replayed.passed ? 0 : 1;
  } catch (error) {
    if (error instanceof SyntaxError) throw new UsageError(error.message);
    throw error;
  }
}
