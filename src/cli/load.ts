/**
 * Finding and loading scenario files: directories are searched for .ts/.js
 * modules (tests, declarations and node_modules skipped), in sorted order;
 * TypeScript loads directly through tsx, so a fresh clone needs no build of
 * the user's code. Every export made with `defineScenario` is a scenario.
 */
import { readdirSync, statSync } from 'node:fs';
import { relative, resolve, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { isScenario, type Scenario } from '../harness/index.js';

export interface LoadedScenario {
  /** The file, relative to the working directory. */
  readonly file: string;
  readonly scenario: Scenario;
}

/** A problem the user must fix (exit code 2): a missing path, a module that does not load. */
export class UsageError extends Error {
  override name = 'UsageError';
}

const MODULE = /\.(ts|mts|js|mjs)$/;
const SKIPPED = /(\.test\.|\.spec\.|\.d\.ts$)/;

export function findScenarioFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new UsageError(`no such file or directory: ${path}`);
    }
    if (stat.isDirectory()) files.push(...walk(path));
    else files.push(path);
  }
  return files;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) out.push(...walk(path));
    } else if (MODULE.test(entry.name) && !SKIPPED.test(entry.name)) {
      out.push(path);
    }
  }
  return out;
}

export async function loadScenarios(paths: readonly string[]): Promise<LoadedScenario[]> {
  const loaded: LoadedScenario[] = [];
  for (const file of findScenarioFiles(paths)) {
    let module: Record<string, unknown>;
    try {
      module = (await tsImport(pathToFileURL(resolve(file)).href, { parentURL: import.meta.url })) as Record<string, unknown>;
    } catch (error) {
      throw new UsageError(`cannot load scenario file ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const shown = relative(process.cwd(), resolve(file));
    // The default export first, then named exports (a module namespace lists them sorted).
    const values = ['default', ...Object.keys(module).filter((k) => k !== 'default')].map((k) => module[k]);
    for (const value of values) if (isScenario(value)) loaded.push({ file: shown, scenario: value });
  }
  return loaded;
}
