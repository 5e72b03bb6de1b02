/**
 * `npm run bench`: simloop against baselines measured in the same process and
 * against CPython, printed as one table.
 *
 *   npm run bench                      full sizes (T=10×N=10^5, T=10^3×N=10^3,
 *                                      T=10^5×N=10, counter 10^6, memory at 10^7;
 *                                      asyncio K=10^3×M=100, K=10^5×M=1, Queue 10^5,
 *                                      gather 10^5; explore on a 10-task × 3-sleep
 *                                      race against fast-check's fc.scheduler)
 *   npm run bench -- --quick           smaller sizes, fewer rounds: a smoke run
 *   npm run bench -- --json FILE       also write every timing to FILE
 *   npm run bench -- --no-memory       skip the 10^7-send memory probe
 *   npm run bench -- --no-python       skip the CPython comparisons
 *   npm run bench -- --rounds N        timed rounds per comparison (default 9)
 *   npm run bench -- --forks N         fresh processes per row, rounds pooled (default 3)
 *   npm run bench -- --gc MODE         GC before each timed run: minor (default),
 *                                      full (gc(), which discards optimized code:
 *                                      see harness.ts) or none
 *   npm run bench -- --only ID,ID      only these rows (ids as printed by --list)
 *   npm run bench -- --list            print the row ids and exit
 *
 * Methodology (harness.ts has the details): every row runs in fresh node
 * processes of its own (3 by default, one after another, their rounds
 * pooled), like JMH forks, because V8's JIT state (inline caches, optimized
 * code) is per process: one job's shapes must not tax another's — a user's
 * process runs one job — and one process's JIT luck must not decide a row.
 * Within each process the row's baseline(s)
 * and simloop are timed back to back in alternating rounds after a warm-up,
 * with a young-generation GC before each timed run; the ratio is the median
 * per-round ratio. CPython runs first, before any child, never beside one.
 *
 * Internal: `--row ID [--config JSON]` is the child. It measures that one row
 * on the built package and prints the measurement as one JSON line on stdout
 * (progress goes to stderr). Without --config it builds the config from the
 * public flags, so one row can be rerun by hand:
 *   node --expose-gc --import tsx bench/run.ts --row aio-sleep-1000x100
 *
 * It measures the built package (dist/), which `npm run bench` builds first.
 * The exit code is 0 whatever the verdicts: machines are noisy and this is a
 * report, not a gate.
 */
import { writeFileSync } from 'node:fs';
import { formatTable, FULL, measureRowAsync, QUICK, rowIds, runBench, TARGETS, type BenchConfig, type GcMode, type SimloopLib } from './harness.js';

interface Args {
  quick: boolean;
  json: string | null;
  memory: boolean;
  python: boolean;
  rounds: number | null;
  forks: number | null;
  gc: GcMode | null;
  only: string[] | null;
  list: boolean;
  /** Internal: measure this one row and print it as JSON. */
  row: string | null;
  config: BenchConfig | null;
}

const USAGE = 'usage: npm run bench -- [--quick] [--json FILE] [--no-memory] [--no-python] [--rounds N] [--forks N] [--gc minor|full|none] [--only ID,ID] [--list]';

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false, json: null, memory: true, python: true, rounds: null, forks: null, gc: null, only: null, list: false, row: null, config: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') args.quick = true;
    else if (arg === '--no-memory') args.memory = false;
    else if (arg === '--no-python') args.python = false;
    else if (arg === '--list') args.list = true;
    else if (arg === '--json' || arg === '--rounds' || arg === '--forks' || arg === '--gc' || arg === '--only' || arg === '--row' || arg === '--config') {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      if (arg === '--json') args.json = value;
      else if (arg === '--only') args.only = value.split(',').filter((id) => id !== '');
      else if (arg === '--row') args.row = value;
      else if (arg === '--gc') {
        if (value !== 'minor' && value !== 'full' && value !== 'none') throw new Error(`--gc expects minor, full or none, got ${value}`);
        args.gc = value;
      }
      else if (arg === '--config') args.config = JSON.parse(value) as BenchConfig;
      else if (arg === '--forks') {
        args.forks = Number(value);
        if (!Number.isInteger(args.forks) || args.forks < 1) throw new Error(`--forks expects a positive integer, got ${value}`);
      } else {
        args.rounds = Number(value);
        if (!Number.isInteger(args.rounds) || args.rounds < 1) throw new Error(`--rounds expects a positive integer, got ${value}`);
      }
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option ${arg} (try --help)`);
  }
  return args;
}

function configFrom(args: Args): BenchConfig {
  if (args.config !== null) return args.config;
  const base = args.quick ? QUICK : FULL;
  return {
    ...base,
    python: args.python,
    memoryCount: args.memory ? base.memoryCount : null,
    rounds: args.rounds ?? base.rounds,
    forks: args.forks ?? base.forks ?? 1,
    gcBeforeRun: args.gc ?? base.gcBeforeRun,
  };
}

async function loadDist(): Promise<SimloopLib> {
  // The built package, as users get it; a computed specifier so the type
  // checker does not need dist/ to exist (the types come from the sources).
  const dist = new URL('../dist/index.js', import.meta.url).href;
  return (await import(dist)) as SimloopLib;
}

/** The child: one row, in this fresh process, printed as one JSON line. */
async function child(args: Args, id: string): Promise<void> {
  const config = configFrom(args);
  const lib = await loadDist();
  const m = await measureRowAsync(lib, config, id);
  process.stdout.write(JSON.stringify(m) + '\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.row !== null) return child(args, args.row);
  const config = configFrom(args);
  const ids = rowIds(config);
  if (args.list) {
    console.log(ids.join('\n'));
    return;
  }
  const unknown = args.only?.filter((id) => !ids.includes(id)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown row(s) ${unknown.join(', ')}; rows: ${ids.join(', ')}`);

  const log = (line: string) => process.stderr.write(`  ${line}\n`);
  const forks = config.forks ?? 1;
  const processes = forks === 1 ? 'its own process' : `${forks} processes of its own`;
  log(`simloop bench (${config.name}) on node ${process.version}: each row in ${processes}, ${config.rounds} alternating rounds per process`);
  // The parent never times anything itself: the children import dist/.
  const result = runBench(await loadDist(), config, log, { isolate: true, ...(args.only !== null && { rows: args.only }) });

  console.log('');
  console.log(formatTable(result));
  console.log('');
  const gcNote = !result.gcExposed || config.gcBeforeRun === 'none' ? 'no GC' : config.gcBeforeRun === 'full' ? 'a full gc()' : 'a young-generation GC';
  const pooled = forks === 1 ? '' : ` (the ${forks} processes' rounds pooled; the memory probe ran once)`;
  console.log(`Each row ran in ${forks === 1 ? 'its own fresh node process' : `${forks} fresh node processes, one after another`}${pooled}; in each, the row's sides were timed back to back in ${config.rounds} alternating`);
  console.log(`  rounds after ${config.warmup} warm-up runs each, with ${gcNote} before every timed run.`);
  console.log('ratio = simloop / baseline, the median of the per-round ratios. Baselines:');
  console.log('  tasks: bare array pass over the same generators; actors: bare (gen, msg) pair ring + gen.next(msg);');
  console.log('  aio sleep: minimal hand-written virtual-time loop (bench/aio-workloads.ts: generators yield a number, a (when, seq)');
  console.log('  heap in parallel arrays, two swapped ready arrays; no futures, handles, callbacks or tracing); judged at the first');
  console.log('  size only. aio queue and gather rows have no JS baseline (-).');
  console.log("ring = the seed's deque loop on a bare ring of generators (informational); vs ring = simloop / ring.");
  console.log('vs CPython = CPython ms / simloop ms; bare vs CPy = CPython ms / baseline ms, the ceiling for that target.');
  console.log("  task/actor rows: the seed's classes (bench/seed_bench.py); aio rows: asyncio on properties/reference/vloop.py");
  console.log(`  (bench/aio_bench.py). ${result.python ?? 'CPython n/a'}, timed in its own process just before; noisier than the ratios.`);
  console.log('explore row: CPU ms (not wall: see bench/explore-rate.ts) per seed explored (simloop, strategy random) and per');
  console.log('  fc.scheduler run (fast-check, the same race with promises, driven by waitAll); ratio = simloop / fast-check;');
  console.log('  seeds/s = 1000 / simloop ms. The wall-clock medians are in the row\'s note (--json).');
  for (const row of result.rows) if (row.kind === 'explore' && row.note !== undefined) console.log(`  ${row.note}`);
  console.log(`WARN = over the ${TARGETS.taskRatio}x target but within the ${TARGETS.taskRedLine}x red line. ns/step = simloop ms per next() call or`);
  console.log('  delivery (task/actor rows), per sleep, queue item or gathered child (aio rows).');
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
