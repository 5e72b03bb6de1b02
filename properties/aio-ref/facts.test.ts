/**
 * The 39 goldens of facts/ (programs and the traces CPython 3.11.7 printed for
 * them, written by facts_test.py — never edit them by hand): simloop, through
 * interpreter.ts, must print each trace line for line.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runProgram } from './interpreter.js';
import type { Program } from './language.js';

const dir = fileURLToPath(new URL('./facts/', import.meta.url));
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -'.json'.length))
  .sort();

describe('aio-ref facts: simloop prints what CPython printed', () => {
  it('has all 39 goldens', () => {
    expect(names).toHaveLength(39);
  });

  it.each(names)('%s', (name) => {
    const program = JSON.parse(readFileSync(`${dir}${name}.json`, 'utf8')) as Program;
    const golden = readFileSync(`${dir}${name}.trace`, 'utf8').split('\n').filter((line) => line !== '');
    expect(runProgram(program)).toEqual(golden);
  });
});
