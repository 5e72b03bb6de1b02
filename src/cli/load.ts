/**
 * Loading scenario files for the commands that run in this thread (run,
 * replay): harness/load.ts finds and imports them; here its problems become
 * usage errors (exit code 2). explore loads them in its worker threads.
 */
import { loadScenarios as loadAny, ScenarioLoadError, type AnyScenario } from '../harness/index.js';

export { findScenarioFiles } from '../harness/index.js';

export interface LoadedScenario {
  /** The file, relative to the working directory. */
  readonly file: string;
  readonly scenario: AnyScenario;
}

/** A problem the user must fix (exit code 2): a bad flag, a missing path, a module that does not load. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export async function loadScenarios(paths: readonly string[]): Promise<LoadedScenario[]> {
  // Both kinds: run and replay await an async scenario (it runs under the bridge).
  return loadAny(paths);
}

export { ScenarioLoadError };
