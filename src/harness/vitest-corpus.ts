/**
 * simloop/vitest's corpus helper: every failure saved by `simloop explore
 * --save-failures DIR` becomes a test that replays it and passes once the bug
 * is fixed — a bug once found stays a regression test.
 *
 *   import { corpusTests } from 'simloop/vitest';
 *   corpusTests('.simloop/failures');
 *
 * Scenario files are loaded as the simloop command loads them (tsx), from
 * the paths saved in each entry, relative to `root` (default: the working
 * directory, where explore ran). Imports vitest: only for test files.
 */
import { basename, resolve } from 'node:path';
import { describe, it } from 'vitest';
import { readCorpus, replayCorpusEntry, type CorpusEntry, type CorpusReplay } from './corpus.js';
import { loadScenarioFile } from './load.js';

export interface CorpusTestOptions {
  /** What the saved file paths are relative to (default process.cwd()). */
  readonly root?: string;
}

/** Replays one saved failure against the scenario as its file exports it now. */
export async function checkCorpusEntry(entry: CorpusEntry, options: CorpusTestOptions = {}): Promise<CorpusReplay> {
  const loaded = await loadScenarioFile({ path: resolve(options.root ?? process.cwd(), entry.file), explicit: false });
  const found = loaded.find((l) => l.scenario.name === entry.scenario);
  if (found === undefined) {
    throw new Error(`${entry.file} no longer exports a scenario named "${entry.scenario}": delete the saved failure, or restore the scenario`);
  }
  return replayCorpusEntry(found.scenario, entry);
}

/** One test per saved failure in `dir` (a describe block named after it); none yet is a skipped test, not an error. */
export function corpusTests(dir: string, options: CorpusTestOptions = {}): void {
  const entries = readCorpus(resolve(options.root ?? process.cwd(), dir));
  describe(`simloop corpus ${dir}`, () => {
    if (entries.length === 0) it.skip('no saved failures yet', () => {});
    for (const { path, entry } of entries) {
      const what = entry.schedule === null ? `seed ${entry.seed} (${entry.strategy})` : `schedule ${entry.schedule}`;
      it(`${entry.scenario}, ${what}, once: ${entry.message.split('\n')[0]} [${basename(path)}]`, async () => {
        const result = await checkCorpusEntry(entry, options);
        if (!result.passed) {
          throw new Error(`${entry.scenario} still fails with the saved ${what}: ${result.message}\n  replay: ${entry.replay}`);
        }
      });
    }
  });
}
