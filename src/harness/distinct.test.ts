import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DistinctCounter } from './distinct.js';

describe('DistinctCounter', () => {
  it('counts what a Set counts, for any 32-bit values (0, negatives, above 2^31, repeats, many) and any size hint', () => {
    const value = fc.oneof(fc.constant(0), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.nat(2 ** 32 - 1), fc.nat(20));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 3000 }), fc.option(fc.nat(100_000), { nil: undefined }), (values, expected) => {
        const counter = new DistinctCounter(expected);
        for (const v of values) counter.add(v);
        expect(counter.size).toBe(new Set(values.map((v) => v >>> 0)).size);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps counting past many growths', () => {
    const counter = new DistinctCounter();
    for (let i = 0; i < 100_000; i++) counter.add(Math.imul(i, 2654435761) >>> 0).add(i === 0 ? 0 : Math.imul(i - 1, 2654435761) >>> 0);
    expect(counter.size).toBe(100_000);
  });
});
