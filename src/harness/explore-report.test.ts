/**
 * The report of an exploration does not depend on how its seeds were spread:
 * any order of outcomes (threads finishing in any order), any shard count —
 * merged, the same report as one thread walking the seeds in order. Each
 * property is also run against a broken merge (a mutant) that it must catch.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { finalize, mergeReports, outcomesOf, REPORT_FORMAT, reportJson, type ExploreReport, type ScenarioReport, type SeedOutcome } from './explore-report.js';
import { inShard, mix32, PORTFOLIO, seedStrategy, shardSeeds, type ExplorePlan, type Shard } from './seed-plan.js';

const plan = (maxFailures: number, to: number): ExplorePlan => ({ strategy: 'random', seeds: { from: 0, to }, maxFailures, checkDeterminism: false });

function outcome(seed: number, fails: boolean, interleaving: number): SeedOutcome {
  return {
    seed,
    interleaving,
    traceHash: null,
    nondeterminism: null,
    failure: fails
      ? { scenario: 's', file: 'f.ts', seed, strategy: 'random', message: 'Error: boom', crashed: false, step: 3, time: 0, schedule: '0:1', shrunk: null, replay: `npx simloop replay f.ts --scenario s --schedule 0:1` }
      : null,
  };
}

/** What a shard's own run reports: its seeds only, stopped at its own maxFailures-th failure. */
function shardReport(all: readonly SeedOutcome[], p: ExplorePlan, shard: Shard | null): ExploreReport {
  const mine = all.filter((o) => inShard(o.seed, shard));
  return { format: REPORT_FORMAT, plan: p, shard, scenarios: [finalize('f.ts', 's', mine, p)], timing: { seconds: 1, workers: 2 } };
}

/** The mutant: shards concatenated, never cut again at the merged stop. */
function naiveMerge(reports: readonly ExploreReport[]): ScenarioReport {
  const all = reports.flatMap((r) => outcomesOf(r.scenarios[0]!));
  return finalize('f.ts', 's', all, { ...reports[0]!.plan, maxFailures: Number.MAX_SAFE_INTEGER });
}

const exploration = fc.record({
  runs: fc.array(fc.record({ fails: fc.integer({ min: 0, max: 99 }).map((n) => n < 15), interleaving: fc.integer({ min: 0, max: 20 }) }), { minLength: 1, maxLength: 60 }),
  maxFailures: fc.integer({ min: 1, max: 4 }),
  shards: fc.integer({ min: 1, max: 6 }),
});

type Exploration = { runs: { fails: boolean; interleaving: number }[]; maxFailures: number; shards: number };

function shardsMergedEqualWhole(merge: (reports: ExploreReport[]) => ScenarioReport) {
  return ({ runs, maxFailures, shards }: Exploration): boolean => {
    const p = plan(maxFailures, runs.length - 1);
    const all = runs.map((r, seed) => outcome(seed, r.fails, r.interleaving));
    const whole = shardReport(all, p, null).scenarios[0]!;
    const parts = Array.from({ length: shards }, (_, index) => shardReport(all, p, shards === 1 ? null : { index, count: shards }));
    return JSON.stringify(merge(parts)) === JSON.stringify(whole);
  };
}

const realMerge = (reports: ExploreReport[]): ScenarioReport => mergeReports(reports.map((report, i) => ({ source: `shard-${i}.json`, report }))).scenarios[0]!;

describe('finalize and merge', () => {
  it('finalize ignores the order outcomes arrive in (threads finish in any order)', () => {
    fc.assert(
      fc.property(exploration, fc.integer(), ({ runs, maxFailures }, salt) => {
        const p = plan(maxFailures, runs.length - 1);
        const all = runs.map((r, seed) => outcome(seed, r.fails, r.interleaving));
        const shuffled = [...all].sort((a, b) => mix32(a.seed ^ salt) - mix32(b.seed ^ salt));
        return JSON.stringify(finalize('f.ts', 's', shuffled, p)) === JSON.stringify(finalize('f.ts', 's', all, p));
      }),
      { numRuns: 300 },
    );
  });

  it('finalize stops at the maxFailures-th failure in seed order, and counts distinct interleavings of the runs kept', () => {
    const all = [outcome(0, false, 1), outcome(1, true, 2), outcome(2, false, 1), outcome(3, true, 3), outcome(4, true, 4)];
    const report = finalize('f.ts', 's', all, plan(2, 4));
    expect(report.runs).toBe(4);
    expect(report.distinct).toBe(3);
    expect(report.failures.map((f) => f.seed)).toEqual([1, 3]);
    expect(report.log).toEqual(['0 00000001', '1 00000002', '2 00000001', '3 00000003']);
  });

  it('N shards merged equal one unsharded run, for any N, stop rule and failures', () => {
    fc.assert(fc.property(exploration, shardsMergedEqualWhole(realMerge)), { numRuns: 500 });
  });

  it('catches a merge that does not cut at the merged stop (mutant)', () => {
    const result = fc.check(fc.property(exploration, shardsMergedEqualWhole(naiveMerge)), { numRuns: 500 });
    expect(result.failed).toBe(true);
  });

  it('a report survives its JSON round trip through the run log', () => {
    const all = [outcome(0, false, 7), outcome(1, true, 9), { ...outcome(2, false, 0), interleaving: null }];
    const report = shardReport(all, plan(5, 2), null);
    const back = JSON.parse(reportJson(report)) as ExploreReport;
    expect(finalize('f.ts', 's', outcomesOf(back.scenarios[0]!), back.plan)).toEqual(report.scenarios[0]);
  });
});

describe('seed plan', () => {
  it('shard I of N owns exactly the seeds s mod N = I: the shards partition the range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 7 }), (from, length, count) => {
        const p: ExplorePlan = { ...plan(1, from + length), seeds: { from, to: from + length } };
        const parts = Array.from({ length: count }, (_, index) => shardSeeds(p, { index, count }));
        parts.forEach((seeds, index) => expect(seeds.every((s) => s % count === index)).toBe(true));
        expect(parts.flat().sort((a, b) => a - b)).toEqual(shardSeeds(p, null));
      }),
    );
  });

  it('portfolio gives every member a share of any run of seeds, independent of s mod 4', () => {
    const p: ExplorePlan = { ...plan(1, 399), strategy: 'portfolio' };
    for (let shard = 0; shard < 4; shard++) {
      const used = new Set(shardSeeds(p, { index: shard, count: 4 }).map((s) => JSON.stringify(seedStrategy(p, s))));
      expect(used.size).toBe(PORTFOLIO.length);
    }
  });
});
