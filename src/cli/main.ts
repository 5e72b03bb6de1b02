#!/usr/bin/env node
/**
 * The `simloop` command. Parses arguments, dispatches to a command, maps
 * outcomes to exit codes: 0 all passed, 1 a failure was found, 2 bad usage or
 * a scenario that cannot be loaded.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { CorpusError, MergeError, ScenarioLoadError } from '../harness/index.js';
import { exploreStrategy, integer, seconds, seeds, shard, strategy, workers } from './args.js';
import { err } from './color.js';
import { replayCommand, runCommand } from './commands.js';
import { exploreCommand, mergeCommand } from './explore-command.js';
import { COMMANDS, FLAGS, HELP as COMMAND_HELP, type CommandName } from './help.js';
import { UsageError } from './load.js';
import { traceRequest } from './trace-output.js';

const HELP = COMMAND_HELP.main;

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
      trace: { type: 'string' },
      out: { type: 'string' },
      window: { type: 'string' },
      json: { type: 'string' },
      workers: { type: 'string' },
      shard: { type: 'string' },
      'time-budget': { type: 'string' },
      'save-failures': { type: 'string' },
      verbose: { type: 'boolean' },
    },
  });
  if (values.version) {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    console.log(pkg.version);
    return 0;
  }
  const [command, ...paths] = positionals;
  if (command === 'help') {
    const topic = paths[0];
    console.log(topic !== undefined && (COMMANDS as readonly string[]).includes(topic) ? COMMAND_HELP[topic as CommandName] : HELP);
    return 0;
  }
  if (command === undefined) {
    console.log(HELP);
    return values.help ? 0 : 2;
  }
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(`unknown command "${command}"; expected run, explore, replay or merge (see simloop --help)`);
  }
  if (values.help) {
    console.log(COMMAND_HELP[command as CommandName]);
    return 0;
  }
  // A flag another command takes, given to this one, is a mistake to point out rather than ignore.
  const known = new Set(Object.values(FLAGS).flat());
  for (const flag of Object.keys(values)) {
    if (known.has(flag) && !FLAGS[command as CommandName].includes(flag)) {
      throw new UsageError(`${command} does not take --${flag} (see simloop ${command} --help)`);
    }
  }
  const common = {
    paths,
    ...(values.scenario !== undefined && { scenario: values.scenario }),
  };
  const seed = integer('--seed', values.seed);
  const depth = integer('--depth', values.depth, 1);
  const steps = integer('--steps', values.steps, 1);
  const trace = command === 'run' || command === 'replay' ? traceRequest(values.trace, values.out, values.window) : undefined;
  switch (command) {
    case 'run':
      return runCommand({ ...common, strategy: strategy(values.strategy, 'fifo'), ...(trace !== undefined && { trace }), ...(seed !== undefined && { seed }) });
    case 'explore': {
      const s = seeds(values.seeds) ?? 1000;
      const range = typeof s === 'number' ? { from: 0, to: s - 1 } : s;
      const maxPreemptions = integer('--max-preemptions', values['max-preemptions']);
      const maxSteps = integer('--max-steps', values['max-steps'], 1);
      const maxTime = seconds('--time-budget', values['time-budget']);
      return exploreCommand({
        ...common,
        plan: {
          strategy: exploreStrategy(values.strategy),
          seeds: range,
          maxFailures: integer('--max-failures', values['max-failures'], 1) ?? 1,
          ...(depth !== undefined && { depth }),
          ...(steps !== undefined && { steps }),
          ...(maxPreemptions !== undefined && { maxPreemptions }),
          ...(maxSteps !== undefined && { maxSteps }),
          ...(maxTime !== undefined && { maxTime }),
          checkDeterminism: values['check-determinism'] === true,
        },
        shard: shard(values.shard),
        workers: workers(values.workers, availableParallelism()),
        ...(values.json !== undefined && { json: values.json }),
        ...(values['save-failures'] !== undefined && { saveFailures: values['save-failures'] }),
      });
    }
    case 'merge':
      return mergeCommand({ paths, ...(values.json !== undefined && { json: values.json }) });
    case 'replay':
      return replayCommand({
        ...common,
        strategy: strategy(values.strategy, 'random'),
        ...(trace !== undefined && { trace }),
        ...(seed !== undefined && { seed }),
        ...(values.schedule !== undefined && { schedule: values.schedule }),
        ...(depth !== undefined && { depth }),
        ...(steps !== undefined && { steps }),
      });
    default:
      throw new UsageError(`unknown command "${command}"; expected run, explore, replay or merge (see simloop --help)`);
  }
}

// `simloop explore ... | head` closes the pipe early: stop quietly, as Unix tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const argv = process.argv.slice(2);
const verbose = argv.includes('--verbose');

/** Problems the user fixes (exit code 2): bad flags, paths, modules, corpus or result files. */
function isUsage(error: unknown): boolean {
  if (error instanceof UsageError || error instanceof ScenarioLoadError || error instanceof MergeError || error instanceof CorpusError) return true;
  // The schedule parser's SyntaxError, and node's own argument errors (unknown option, missing value).
  return error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}

main(argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage = isUsage(error);
    let message = error instanceof Error ? error.message : String(error);
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      // node's own wording is long and speaks of positionals; say what matters.
      const option = /option '([^']+)'/i.exec(message)?.[1];
      const command = argv.find((a) => !a.startsWith('-'));
      const help = command !== undefined && (COMMANDS as readonly string[]).includes(command) ? `simloop ${command} --help` : 'simloop --help';
      if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option !== undefined) message = `unknown option ${option} (see ${help} for the options)`;
      else if (option !== undefined) message = `${message.split('\n')[0]} (see ${help})`;
    }
    console.error(`${err.red('simloop:')} ${usage ? message.split('\n')[0] : message}`);
    if (verbose) {
      const cause = error instanceof ScenarioLoadError && error.cause instanceof Error ? error.cause : error;
      if (cause instanceof Error && cause.stack !== undefined) console.error(cause.stack);
    } else if (!usage) {
      console.error('  (this looks like a bug in simloop: run again with --verbose and report the stack)');
    }
    process.exitCode = usage ? 2 : 1;
  },
);
