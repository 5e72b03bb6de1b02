#!/usr/bin/env node
/**
 * The `simloop` command. Parses arguments, dispatches to a command, maps
 * outcomes to exit codes: 0 all passed, 1 a failure was found, 2 bad usage or
 * a scenario that cannot be loaded.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { integer, seeds, strategy } from './args.js';
import { exploreCommand, replayCommand, runCommand } from './commands.js';
import { UsageError } from './load.js';

const HELP = `simloop — deterministic simulation of cooperative concurrency

Usage:
  simloop run <file|dir>... [--scenario NAME] [--strategy S] [--seed N] [--trace]
      run scenarios once (FIFO unless told otherwise) and print their output
  simloop explore <file|dir>... [--scenario NAME] [--seeds N | --seeds A..B]
      [--strategy random|pct|dfs|fifo] [--depth D] [--steps K] [--max-preemptions P]
      [--max-steps N] [--max-failures N] [--check-determinism] [--json FILE]
      run every scenario over many seeds; print each failure as its reproduction
  simloop replay <file> --scenario NAME (--seed N [--strategy S] | --schedule STR) [--trace]
      the identical run again, with its deviations from FIFO and (--trace) every event
  simloop --help | --version

Scenario files are .ts or .js modules exporting scenarios made with defineScenario().
Exit codes: 0 all passed, 1 a failure was found, 2 bad usage or a file that cannot be loaded.`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
      scenario: { type: 'string' },
      seed: { type: 'string' },
      seeds: { type: 'string' },
      strategy: { type: 'string' },
      schedule: { type: 'string' },
      depth: { type: 'string' },
      steps: { type: 'string' },
      'max-preemptions': { type: 'string' },
      'max-steps': { type: 'string' },
      'max-failures': { type: 'string' },
      'check-determinism': { type: 'boolean' },
      trace: { type: 'boolean' },
      json: { type: 'string' },
    },
  });
  if (values.version) {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    console.log(pkg.version);
    return 0;
  }
  const [command, ...paths] = positionals;
  if (values.help || command === undefined) {
    console.log(HELP);
    return values.help ? 0 : 2;
  }
  const common = {
    paths,
    ...(values.scenario !== undefined && { scenario: values.scenario }),
  };
  const seed = integer('--seed', values.seed);
  const depth = integer('--depth', values.depth, 1);
  const steps = integer('--steps', values.steps, 1);
  switch (command) {
    case 'run':
      return runCommand({ ...common, strategy: strategy(values.strategy, 'fifo'), trace: values.trace === true, ...(seed !== undefined && { seed }) });
    case 'explore': {
      const s = seeds(values.seeds);
      const maxPreemptions = integer('--max-preemptions', values['max-preemptions']);
      const maxSteps = integer('--max-steps', values['max-steps'], 1);
      const maxFailures = integer('--max-failures', values['max-failures'], 1);
      return exploreCommand({
        ...common,
        strategy: strategy(values.strategy, 'random'),
        checkDeterminism: values['check-determinism'] === true,
        ...(s !== undefined && { seeds: s }),
        ...(depth !== undefined && { depth }),
        ...(steps !== undefined && { steps }),
        ...(maxPreemptions !== undefined && { maxPreemptions }),
        ...(maxSteps !== undefined && { maxSteps }),
        ...(maxFailures !== undefined && { maxFailures }),
        ...(values.json !== undefined && { json: values.json }),
      });
    }
    case 'replay':
      return replayCommand({
        ...common,
        strategy: strategy(values.strategy, 'random'),
        trace: values.trace === true,
        ...(seed !== undefined && { seed }),
        ...(values.schedule !== undefined && { schedule: values.schedule }),
        ...(depth !== undefined && { depth }),
        ...(steps !== undefined && { steps }),
      });
    default:
      throw new UsageError(`unknown command "${command}"; expected run, explore or replay (see simloop --help)`);
  }
}

// `simloop explore ... | head` closes the pipe early: stop quietly, as Unix tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage = error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'));
    console.error(`simloop: ${error instanceof Error ? error.message : String(error)}`);
    if (!usage && process.env['SIMLOOP_VERBOSE'] !== undefined && error instanceof Error) console.error(error.stack);
    process.exitCode = usage ? 2 : 1;
  },
);
