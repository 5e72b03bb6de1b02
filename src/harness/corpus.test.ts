/**
 * The failing-seed corpus: entries written and read back, one file per
 * reproduction, replayed against the scenario as it is now — still failing
 * while the bug is there, passing once it is fixed — and corpusTests (from
 * 'simloop/vitest') turning each entry into a test.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusEntry, CorpusError, readCorpus, saveCorpusEntry, type CorpusEntry } from './corpus.js';
import type { FailureRecord } from './explore-report.js';
import { checkCorpusEntry, corpusTests } from './vitest-corpus.js';

const TMP = mkdtempSync(join(tmpdir(), 'simloop-corpus-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

const failure = (file: string, schedule: string, seed = 3): FailureRecord => ({
  scenario: 'use-before-init',
  file,
  seed,
  strategy: 'random',
  message: 'Error: used before init: x=0',
  crashed: false,
  step: 11,
  time: 0,
  schedule: '0:2,1:1',
  shrunk: { schedule, deviations: [], runs: 4 },
  replay: `npx simloop replay ${file} --scenario use-before-init --schedule ${schedule}`,
});

const BUGGY = 'src/cli/fixtures/use-before-init.ts';
const FIXED = 'src/cli/fixtures/fixed.ts';

describe('corpus', () => {
  it('keeps one file per reproduction: the same shrunk schedule found by another seed overwrites it', () => {
    const dir = join(TMP, 'dedupe');
    expect(saveCorpusEntry(dir, corpusEntry(failure(BUGGY, '1:1', 3), {})).added).toBe(true);
    expect(saveCorpusEntry(dir, corpusEntry(failure(BUGGY, '1:1', 8), {})).added).toBe(false);
    expect(saveCorpusEntry(dir, corpusEntry(failure(BUGGY, '0:1'), { maxSteps: 100 })).added).toBe(true);
    const entries = readCorpus(dir);
    expect(entries).toHaveLength(2);
    expect(entries.map((e) => e.entry.schedule).sort()).toEqual(['0:1', '1:1']);
    expect(entries.find((e) => e.entry.schedule === '0:1')!.entry.budgets).toEqual({ maxSteps: 100 });
  });

  it('a missing directory is an empty corpus; a stray file is an error naming it', () => {
    expect(readCorpus(join(TMP, 'none'))).toEqual([]);
    const dir = join(TMP, 'stray');
    saveCorpusEntry(dir, corpusEntry(failure(BUGGY, '1:1'), {}));
    writeFileSync(join(dir, 'notes.json'), '{"hello": 1}');
    expect(() => readCorpus(dir)).toThrow(CorpusError);
    expect(() => readCorpus(dir)).toThrow(/notes\.json is not a simloop failure/);
  });

  it('replays an entry: it still fails against the buggy scenario and passes against the fixed one', async () => {
    const entry: CorpusEntry = corpusEntry(failure(BUGGY, '1:1'), {});
    expect(await checkCorpusEntry(entry)).toEqual({ passed: false, message: 'Error: used before init: x=0' });
    expect(await checkCorpusEntry({ ...entry, file: FIXED })).toEqual({ passed: true, message: null });
    await expect(checkCorpusEntry({ ...entry, scenario: 'renamed' })).rejects.toThrow(/no longer exports a scenario named "renamed"/);
  });
});

// corpusTests as a user calls it: a corpus whose one entry is fixed makes one passing test below.
const FIXED_CORPUS = join(TMP, 'fixed');
saveCorpusEntry(FIXED_CORPUS, corpusEntry(failure(FIXED, '1:1'), {}));
corpusTests(FIXED_CORPUS);

describe('corpusTests', () => {
  it('registered one test per saved failure (the describe block above)', () => {
    expect(readdirSync(FIXED_CORPUS)).toHaveLength(1);
  });
});
