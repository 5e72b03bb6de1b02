/**
 * Imports point one way: kernel ← strategies ← schedulers / aio / bridge ← harness ← cli.
 * A file may import its own layer or a lower one; schedulers, aio and bridge
 * are siblings and do not import each other.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = dirname(fileURLToPath(import.meta.url));
const RANK: Record<string, number> = { kernel: 0, strategies: 1, schedulers: 2, aio: 2, bridge: 2, harness: 3, cli: 4 };

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

function layerOf(file: string): string | undefined {
  const top = relative(SRC, file).split(/[\\/]/)[0]!;
  return top in RANK ? top : undefined;
}

describe('import layering', () => {
  const violations: string[] = [];
  for (const file of files(SRC)) {
    const from = layerOf(file);
    if (from === undefined) continue; // src/index.ts: the public API sits on top of everything
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s+'(\.[^']+)'/g)) {
      const to = layerOf(resolve(dirname(file), spec!));
      if (to === undefined || to === from) continue;
      if (RANK[to]! >= RANK[from]!) violations.push(`${relative(SRC, file)} imports ${spec} (${from} → ${to})`);
    }
  }

  it('has every src file in a known layer', () => {
    expect(files(SRC).filter((f) => layerOf(f) === undefined).map((f) => relative(SRC, f))).toEqual(['index.ts']);
  });

  it('points one way', () => {
    expect(violations).toEqual([]);
  });
});
