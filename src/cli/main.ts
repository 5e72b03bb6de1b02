#!/usr/bin/env node
/**
 * The `simloop` command. Parses arguments, dispatches to a command, maps
 * outcomes to exit codes: 0 all passed, 1 a scenario failed, 2 bad usage or a
 * scenario that cannot be loaded.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runScenario } from '../harness/index.js';
import { loadScenarios, UsageError } from './load.js';

const HELP = `simloop — deterministic simulation of cooperative concurrency

Usage:
  simloop run <file|dir>... [--scenario NAME]   run scenarios once (fifo) and print their output
  simloop --help | --version

Scenario files are .ts or .js modules exporting scenarios made with defineScenario().
Exit codes: 0 all passed, 1 a scenario failed, 2 bad usage or a file that cannot be loaded.`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
      scenario: { type: 'string' },
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
  if (command !== 'run') throw new UsageError(`unknown command "${command}"; expected run (see simloop --help)`);
  if (paths.length === 0) throw new UsageError('simloop run expected at least one scenario file or directory');
  return runCommand(paths, values.scenario);
}

async function runCommand(paths: string[], only: string | undefined): Promise<number> {
  const loaded = (await loadScenarios(paths)).filter((l) => only === undefined || l.scenario.name === only);
  if (loaded.length === 0) {
    throw new UsageError(
      only === undefined
        ? `no scenarios found in ${paths.join(', ')}: export one made with defineScenario()`
        : `no scenario named "${only}" in ${paths.join(', ')}`,
    );
  }
  let failed = 0;
  for (const { file, scenario } of loaded) {
    console.log(`── ${file} · ${scenario.name}`);
    const result = runScenario(scenario);
    for (const line of result.output) console.log(line);
    if (!result.passed) {
      failed++;
      console.log(`✗ ${scenario.name} failed${scenario.raises === undefined ? '' : ` (expected it to raise ${scenario.raises})`}`);
      console.log(`  replay: simloop run ${file} --scenario ${scenario.name}`);
    }
    console.log('');
  }
  console.log(`${loaded.length} scenario${loaded.length === 1 ? '' : 's'}: ${loaded.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage = error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'));
    console.error(`simloop: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = usage ? 2 : 1;
  },
);
