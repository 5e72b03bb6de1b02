/**
 * `npm run bench`: simloop against baselines measured in the same process and
 * against the seed's CPython code, printed as one table.
 *
 *   npm run bench                      full sizes (T=10×N=10^5, T=10^3×N=10^3,
 *                                      T=10^5×N=10, counter 10^6, memory at 10^7)
 *   npm run bench -- --quick           smaller sizes, fewer rounds: a smoke run
 *   npm run bench -- --json FILE       also write every timing to FILE
 *   npm run bench -- --no-memory       skip the 10^7-send memory probe
 *   npm run bench -- --no-python       skip the CPython comparison
 *   npm run bench -- --rounds N        timed rounds per comparison (default 9)
 *
 * It measures the built package (dist/), which `npm run bench` builds first.
 * The exit code is 0 whatever the verdicts: machines are noisy and this is a
 * report, not a gate.
 */
import { writeFileSync } from 'node:fs';
import { formatTable, FULL, QUICK, runBench, TARGETS, type BenchConfig, type SimloopLib } from './harness.js';

interface Args {
  quick: boolean;
  json: string | null;
  memory: boolean;
  python: boolean;
  rounds: number | null;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false, json: null, memory: true, python: true, rounds: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') args.quick = true;
    else if (arg === '--no-memory') args.memory = false;
    else if (arg === '--no-python') args.python = false;
    else if (arg === '--json' || arg === '--rounds') {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      if (arg === '--json') args.json = value;
      else {
        args.rounds = Number(value);
        if (!Number.isInteger(args.rounds) || args.rounds < 1) throw new Error(`--rounds expects a positive integer, got ${value}`);
      }
    } else if (arg === '--help' || arg === '-h') {
      console.log('usage: npm run bench -- [--quick] [--json FILE] [--no-memory] [--no-python] [--rounds N]');
      process.exit(0);
    } else throw new Error(`unknown option ${arg} (try --help)`);
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const base = args.quick ? QUICK : FULL;
  const config: BenchConfig = {
    ...base,
    python: args.python,
    memoryCount: args.memory ? base.memoryCount : null,
    rounds: args.rounds ?? base.rounds,
  };
  // The built package, as users get it; a computed specifier so the type
  // checker does not need dist/ to exist (the types come from the sources).
  const dist = new URL('../dist/index.js', import.meta.url).href;
  const lib = (await import(dist)) as SimloopLib;

  const log = (line: string) => process.stderr.write(`  ${line}\n`);
  log(`simloop bench (${config.name}) on node ${process.version}, ${config.rounds} alternating rounds per row` +
    `${(globalThis as { gc?: unknown }).gc === undefined ? ', no --expose-gc' : ''}`);
  const result = runBench(lib, config, log);

  console.log('');
  console.log(formatTable(result));
  console.log('');
  console.log(`ratio = simloop / baseline, the median over ${config.rounds} rounds, each round timing every side back to back in this`);
  console.log('  process. baseline = bare array pass over the same generators (tasks), bare (gen, msg) pair ring + gen.next(msg) (actors).');
  console.log("ring = the seed's deque loop on a bare ring of generators (informational); vs ring = simloop / ring.");
  console.log(`vs CPython = seed CPython ms / simloop ms; bare vs CPy = seed CPython ms / baseline ms, the ceiling for that target`);
  console.log(`  (${result.python ?? 'CPython n/a'}, timed in its own process just before; different moment, so noisier than the ratios).`);
  console.log(`WARN = over the ${TARGETS.taskRatio}x target but within the ${TARGETS.taskRedLine}x red line. ns/step = simloop ms per next() call or delivery.`);
  console.log(`total ${(result.totalMs / 1000).toFixed(1)} s`);
  if (args.json !== null) {
    writeFileSync(args.json, JSON.stringify(result, null, 2) + '\n');
    console.log(`wrote ${args.json}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
