/**
 * What `simloop --help` and `simloop <command> --help` print, and which
 * flags belong to which command (a flag given to a command that ignores it is
 * a usage error, not silently dropped).
 */
export const COMMANDS = ['run', 'explore', 'replay', 'merge'] as const;
export type CommandName = (typeof COMMANDS)[number];

const TAIL = `Scenario files are .ts or .js modules exporting scenarios made with defineScenario();
TypeScript loads directly, no build step. Add --verbose to see the stack of an error.
Exit codes: 0 all passed, 1 a failure was found, 2 bad usage or a file that cannot be loaded.`;

export const HELP: Record<CommandName | 'main', string> = {
  main: `simloop — deterministic simulation of cooperative concurrency

Usage:
  simloop run <file|dir>... [--scenario NAME] [--strategy S] [--seed N]
      [--trace text|json|chrome] [--out FILE] [--window A..B]
      run scenarios once (FIFO unless told otherwise) and print their output
  simloop explore <file|dir>... [--seeds N | --seeds A..B] [--strategy S]
      [--workers N] [--shard I/N] [--max-steps N] [--time-budget S] [--json FILE]
      [--save-failures DIR] ...
      run every scenario over many seeds on all cores; print each failure as its reproduction
  simloop replay <file> --scenario NAME (--seed N [--strategy S] | --schedule STR)
      [--trace text|json|chrome] [--out FILE] [--window A..B]
      the identical run again, with its deviations from FIFO and (--trace) its trace
  simloop merge <results.json>...
      combine the --json results of shards (--shard I/N) into one report
  simloop <command> --help | simloop --help | simloop --version

Traces: text is a timeline (a lane per task or actor, deviations from FIFO marked ▶ ⚑;
--window A..B keeps steps A to B), json the raw events, chrome the trace-event JSON that
ui.perfetto.dev and chrome://tracing open. --out FILE writes the trace to FILE.

${TAIL}`,

  run: `simloop run <file|dir>... [options]

Runs each scenario once and prints its output (and, with --trace, its trace).

  --scenario NAME          only the scenario of this name
  --strategy S             fifo (default), random or pct
  --seed N                 the seed of that strategy (default 0)
  --trace text|json|chrome print the run's trace: a timeline, the raw events, or Chrome trace-event JSON
  --out FILE               write the trace to FILE instead of stdout
  --window A..B            text timeline: only steps A to B

${TAIL}`,

  explore: `simloop explore <file|dir>... [options]

Runs every scenario found over many seeds, on worker threads, and prints each
failure as its reproduction: seed, strategy, minimal schedule, and the
simloop replay line to paste. The results (runs, failures, shrunk schedules,
trace hashes) are the same whatever --workers and however the seeds are sharded.

  --seeds N | A..B         seeds 0..N-1, or A to B, both included (default 1000); dfs: the most runs
  --strategy S             random (default), pct, portfolio, dfs or fifo
                             portfolio: each seed runs random or pct with depth 1, 2 or 3,
                             fixed by a hash of the seed; each failure names its strategy
  --workers N              worker threads (default: all cores, os.availableParallelism())
  --shard I/N              only the seeds s with s mod N = I (shards numbered 0..N-1);
                             combine the shards' --json files with simloop merge
  --scenario NAME          only the scenario of this name
  --max-failures N         stop after N failures, in seed order (default 1)
  --max-steps N            per-run step budget (a StepBudgetError past it)
  --time-budget S          per-run budget of virtual seconds (a TimeBudgetError past it)
  --depth D, --steps K     pct: bug depth (default 3) and choices per run (default: max(50, FIFO's))
  --max-preemptions P      dfs: most deviations from FIFO per schedule
  --check-determinism      run every seed twice and compare trace hashes (kept in --json)
  --json FILE              write the results as JSON (what simloop merge reads)
  --save-failures DIR      save each failure as a small JSON file in DIR, and re-run the
                             failures saved there first (a bug once found stays a test)

Progress goes to stderr: a bar on a terminal, a line every few seconds otherwise.

${TAIL}`,

  replay: `simloop replay <file> --scenario NAME (--seed N [--strategy S] | --schedule STR) [options]

The identical run again — from a schedule (as a failure report prints it) or
from a seed and strategy — with its deviations from FIFO.

  --scenario NAME          the scenario (the name in the failure report)
  --schedule STR           the choices, e.g. 3:1,7:2 ("fifo" for none)
  --seed N                 the seed (with --strategy), or the seed the schedule's run had
  --strategy S             random (default), pct or fifo; pct also takes --depth D --steps K
  --trace text|json|chrome print the run's trace: a timeline, the raw events, or Chrome trace-event JSON
  --out FILE               write the trace to FILE instead of stdout
  --window A..B            text timeline: only steps A to B

${TAIL}`,

  merge: `simloop merge <results.json>... [--json FILE]

Combines the results of the shards of one exploration (simloop explore
--shard I/N --json FILE, one file per shard) into one report: the runs, the
failures and the distinct interleavings a single unsharded run would have
reported. Checks that every shard 0..N-1 is there exactly once.

  --json FILE              write the merged results as JSON

${TAIL}`,
};

/** The flags each command takes; any other known flag is a usage error for it. */
export const FLAGS: Record<CommandName, readonly string[]> = {
  run: ['scenario', 'strategy', 'seed', 'trace', 'out', 'window'],
  explore: ['scenario', 'seeds', 'strategy', 'workers', 'shard', 'max-failures', 'max-steps', 'time-budget', 'depth', 'steps', 'max-preemptions', 'check-determinism', 'json', 'save-failures'],
  replay: ['scenario', 'seed', 'strategy', 'schedule', 'depth', 'steps', 'trace', 'out', 'window'],
  merge: ['json'],
};
