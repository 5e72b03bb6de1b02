/**
 * Every seed example prints the seed's own output: each scenario in
 * scenarios/seed/ is run on simloop and compared with its golden, and — when
 * python3 is here — the golden is regenerated from the seed's Python code and
 * must be unchanged.
 */
import { describe, expect, it } from 'vitest';
import { runScenario, isScenario, type Scenario } from '../src/index.js';
import { goldenText, hasPython, pythonOutput, readGolden, seedExamples } from './golden.js';

const examples = seedExamples();
const python = hasPython();

async function scenariosOf(file: string): Promise<Scenario[]> {
  const module = (await import(file)) as Record<string, unknown>;
  return Object.values(module).filter(isScenario);
}

describe('seed examples', () => {
  it('are all here', () => {
    expect(examples.length).toBeGreaterThanOrEqual(1);
  });

  for (const example of examples) {
    describe(example.name, () => {
      it('prints the golden output on simloop', async () => {
        const [scenario, ...others] = await scenariosOf(example.ts);
        expect(others).toHaveLength(0);
        const result = runScenario(scenario!);
        expect(result.passed).toBe(true);
        expect(goldenText(result.output)).toBe(readGolden(example.ts));
      });

      it.skipIf(!python)('golden is what the seed Python code prints', () => {
        expect(goldenText(pythonOutput(example.py))).toBe(readGolden(example.py));
      });
    });
  }
});
