/**
 * differential.ts -- the long differential run: simloop against CPython on
 * many random programs, with progress, a summary of what the programs
 * exercised, and a shrunk counterexample on a mismatch (exit status 1).
 *
 *   npx tsx properties/aio-ref/differential.ts --programs 5000 --seed 1 [--all]
 *
 * --all prints the first differing lines of every mismatch, not only the first.
 */
import { parseArgs } from 'node:util';
import { Stats, compareBatch, samplePrograms, shrink, type Mismatch } from './check.js';
import { hasPython } from './oracle.js';

const BATCH = 1000;
const { values } = parseArgs({
  options: { programs: { type: 'string', default: '5000' }, seed: { type: 'string', default: '1' }, all: { type: 'boolean', default: false } },
});
const total = Number(values.programs);
const seed = Number(values.seed);

async function main(): Promise<number> {
  if (!hasPython()) {
    console.error('differential: python3 not found; the reference side needs CPython 3.11');
    return 2;
  }
  const started = Date.now();
  const stats = new Stats();
  const mismatches: Mismatch[] = [];
  const all = samplePrograms(seed, total); // once: the sample of a seed is only reproducible from its start
  for (let from = 0; from < total; from += BATCH) {
    const batch = all.slice(from, from + BATCH);
    const { mismatches: found, traces } = compareBatch(batch);
    batch.forEach((p, i) => stats.add(p, traces[i]!));
    mismatches.push(...found.map((m) => ({ ...m, index: m.index + from })));
    console.log(`${from + batch.length}/${total} programs, ${mismatches.length} mismatch(es), ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  console.log(`\n${stats}\n`);
  if (mismatches.length === 0) {
    console.log(`OK: simloop printed CPython's trace for all ${total} programs (seed ${seed})`);
    return 0;
  }
  console.log(`${mismatches.length} of ${total} programs differ (seed ${seed}): program #${mismatches.map((m) => m.index).join(', #')}`);
  if (values.all) for (const m of mismatches) console.log(`#${m.index}: ${m.report.split('\n').slice(1, 3).join(' | ')}`);
  console.log(`\nfirst mismatch, program #${mismatches[0]!.index}:\n${mismatches[0]!.report}`);
  console.log('\nshrinking it (fc.assert, same seed)...');
  console.log((await shrink(seed, mismatches[0]!.index + 1)) ?? 'fc.assert found no mismatch on replay');
  return 1;
}

process.exitCode = await main();
