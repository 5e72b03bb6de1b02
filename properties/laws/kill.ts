/**
 * For mutant tests: run a property and return what broke it, so a test can
 * assert not just that it failed but that the intended law caught it.
 */
import fc from 'fast-check';

export function lawBroken<T>(property: fc.IProperty<T>, numRuns: number): string {
  const details = fc.check(property, { numRuns });
  if (!details.failed) return `no counterexample in ${details.numRuns} runs`;
  const error = details.errorInstance;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export async function asyncLawBroken<T>(property: fc.IAsyncProperty<T>, numRuns: number): Promise<string> {
  const details = await fc.check(property, { numRuns });
  if (!details.failed) return `no counterexample in ${details.numRuns} runs`;
  const error = details.errorInstance;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
