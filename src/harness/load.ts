/**
 * Finding and loading scenario files: directories are searched for .ts/.js
 * modules (tests, declarations, node_modules and dot-folders skipped), in
 * sorted order; TypeScript loads directly through tsx, so a fresh clone needs
 * no build of the user's code. Every export made with `defineScenario` is a
 * scenario (the default export first, then the named ones, sorted).
 *
 * Owns: turning paths into scenarios, and saying precisely why that failed
 * (`ScenarioLoadError`, one line, with the fix). Used by the CLI and by the
 * exploration workers, which load the same files the same way, so that the
 * scenario at index i is the same scenario in every thread.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { isAnyScenario, type AnyScenario } from './scenario.js';

export interface LoadedScenario {
  /** The file, relative to the working directory: what reports and replay lines show. */
  readonly file: string;
  readonly scenario: AnyScenario;
}

export type LoadProblem = 'missing' | 'throws' | 'no-scenario' | 'none-found';

/** A scenario file that cannot be used: a bad path, a module that throws or exports nothing. One line; the fix included. */
export class ScenarioLoadError extends Error {
  override name = 'ScenarioLoadError';
  constructor(
    readonly problem: LoadProblem,
    message: string,
    /** What the module threw, for --verbose. */
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

const MODULE = /\.(ts|mts|js|mjs)$/;
const SKIPPED = /(\.test\.|\.spec\.|\.d\.ts$)/;

export interface ScenarioFile {
  readonly path: string;
  /** Named on the command line (it must export a scenario), rather than found in a directory (helpers are skipped). */
  readonly explicit: boolean;
}

export function findScenarioFiles(paths: readonly string[]): ScenarioFile[] {
  const files: ScenarioFile[] = [];
  for (const path of paths) {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new ScenarioLoadError('missing', `no such file or directory: ${path} (check the path; it is read relative to ${process.cwd()})`);
    }
    if (stat.isDirectory()) files.push(...walk(path).map((p) => ({ path: p, explicit: false })));
    else files.push({ path, explicit: true });
  }
  return files;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  // Sorted by code unit, never by locale: the same order on every machine.
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

/** The first line of what a module threw: tsx's syntax errors span many lines. */
function firstLine(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.split('\n').find((line) => line.trim() !== '')?.trim() ?? text;
}

export async function loadScenarioFile(file: ScenarioFile): Promise<LoadedScenario[]> {
  let module: Record<string, unknown>;
  try {
    module = (await tsImport(pathToFileURL(resolve(file.path)).href, { parentURL: import.meta.url })) as Record<string, unknown>;
  } catch (error) {
    throw new ScenarioLoadError('throws', `cannot load scenario file ${file.path}: it threw ${firstLine(error)} (fix the module; --verbose shows the stack)`, error);
  }
  const shown = relative(process.cwd(), resolve(file.path));
  // The default export first, then named exports (a module namespace lists them sorted).
  const values = ['default', ...Object.keys(module).filter((k) => k !== 'default')].map((k) => module[k]);
  const loaded = values.filter(isAnyScenario).map((scenario) => ({ file: shown, scenario }));
  if (loaded.length === 0 && file.explicit) {
    throw new ScenarioLoadError(
      'no-scenario',
      `${file.path} exports no scenario: export one made with defineScenario(), e.g. export default defineScenario({ name, run })`,
    );
  }
  return loaded;
}

export async function loadScenarios(paths: readonly string[]): Promise<LoadedScenario[]> {
  const files = findScenarioFiles(paths);
  const loaded: LoadedScenario[] = [];
  for (const file of files) loaded.push(...(await loadScenarioFile(file)));
  if (loaded.length === 0) {
    throw new ScenarioLoadError('none-found', `no scenarios found in ${paths.join(', ')}: export one made with defineScenario() from a .ts or .js file`);
  }
  return loaded;
}
