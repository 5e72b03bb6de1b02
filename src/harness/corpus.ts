/**
 * The failing-seed corpus: each failure an exploration found, kept as a small
 * JSON file in a directory (`simloop explore --save-failures DIR`), so that a
 * bug once found stays a regression test — the next `explore` with that
 * directory re-runs it first, and `corpusTests(DIR)` from 'simloop/vitest'
 * makes each file a test.
 *
 * A file's name comes from what it reproduces (scenario, and its shrunk
 * schedule, or seed and strategy for a crash), so the same bug found again
 * by another seed overwrites its file instead of piling up.
 *
 * Owns: the entry format, reading and writing the directory, and replaying
 * one entry against its scenario. Loading the scenario is the caller's.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ReplayStrategy, fifo, parseSchedule, pctStrategy, randomStrategy } from '../strategies/index.js';
import type { Strategy } from '../kernel/index.js';
import type { FailureRecord } from './explore-report.js';
import { runOnce, type Budgets } from './run-once.js';
import { errorLine, type AnyScenario } from './scenario.js';

export const CORPUS_FORMAT = 'simloop-failure/1';

export interface CorpusEntry {
  readonly format: typeof CORPUS_FORMAT;
  /** The scenario file, relative to the directory explore ran in (the project root, usually). */
  readonly file: string;
  readonly scenario: string;
  readonly seed: number;
  /** The strategy the seed ran, as flags: `random`, `pct --depth 2 --steps 50`. */
  readonly strategy: string;
  /** The shrunk schedule that fails; null for a worker crash (replayed from seed and strategy). */
  readonly schedule: string | null;
  /** What it failed with when found. */
  readonly message: string;
  readonly budgets: Budgets;
  readonly replay: string;
}

export class CorpusError extends Error {
  override name = 'CorpusError';
}

export function corpusEntry(failure: FailureRecord, budgets: Budgets): CorpusEntry {
  return {
    format: CORPUS_FORMAT,
    file: failure.file,
    scenario: failure.scenario,
    seed: failure.seed,
    strategy: failure.strategy,
    schedule: failure.crashed ? null : (failure.shrunk?.schedule ?? failure.schedule),
    message: failure.message,
    budgets,
    replay: failure.replay,
  };
}

function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16).padStart(8, '0');
}

export function corpusFileName(entry: CorpusEntry): string {
  const what = entry.schedule === null ? `crash seed ${entry.seed} ${entry.strategy}` : `schedule ${entry.schedule}`;
  const slug = entry.scenario.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 60);
  return `${slug}-${fnv1a(`${entry.file}\n${entry.scenario}\n${what}`)}.json`;
}

/** Writes the entry; false when an identical reproduction was already there. */
export function saveCorpusEntry(dir: string, entry: CorpusEntry): { path: string; added: boolean } {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, corpusFileName(entry));
  const added = !existsSync(path);
  writeFileSync(path, JSON.stringify(entry, null, 2) + '\n');
  return { path, added };
}

/** The entries of a corpus directory, by file name; a missing directory is an empty corpus. */
export function readCorpus(dir: string): { path: string; entry: CorpusEntry }[] {
  if (!existsSync(dir)) return [];
  const names = readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return names.map((name) => {
    const path = join(dir, name);
    let value: Partial<CorpusEntry>;
    try {
      value = JSON.parse(readFileSync(path, 'utf8')) as Partial<CorpusEntry>;
    } catch (error) {
      throw new CorpusError(`${path} is not JSON (${error instanceof Error ? error.message : String(error)}): delete it or restore it from version control`);
    }
    if (value.format !== CORPUS_FORMAT || typeof value.file !== 'string' || typeof value.scenario !== 'string' || !Number.isInteger(value.seed)) {
      throw new CorpusError(`${path} is not a simloop failure (expected "format": "${CORPUS_FORMAT}" with file, scenario and seed): delete it, or keep other files out of the corpus directory`);
    }
    return { path, entry: value as CorpusEntry };
  });
}

/** Rebuilds a strategy from its flags (`pct --depth 2 --steps 50`), for an entry kept without a schedule. */
export function strategyFromFlags(flags: string, seed: number): Strategy {
  const [name, ...rest] = flags.split(/\s+/);
  const value = (flag: string): number | undefined => {
    const at = rest.indexOf(flag);
    return at < 0 ? undefined : Number(rest[at + 1]);
  };
  switch (name) {
    case 'pct':
      return pctStrategy(seed, { depth: value('--depth') ?? 3, steps: value('--steps') ?? 50 });
    case 'random':
      return randomStrategy(seed);
    case 'fifo':
      return fifo;
    default:
      throw new CorpusError(`strategy "${flags}" cannot be rebuilt from a seed: expected random, pct or fifo`);
  }
}

export interface CorpusReplay {
  readonly passed: boolean;
  /** What it fails with now, when it still fails. */
  readonly message: string | null;
}

/** Runs an entry again: its schedule (with its seed), or for a crash its seed and strategy. */
export async function replayCorpusEntry(scenario: AnyScenario, entry: CorpusEntry): Promise<CorpusReplay> {
  const strategy = entry.schedule === null ? strategyFromFlags(entry.strategy, entry.seed) : new ReplayStrategy(parseSchedule(entry.schedule), { fallbackSeed: entry.seed });
  const pending = runOnce(scenario, strategy, entry.seed, entry.budgets ?? {}, false);
  const record = pending instanceof Promise ? await pending : pending;
  return { passed: record.result.passed, message: record.result.passed ? null : errorLine(record.result.error) };
}
