import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe as group, expect, it } from 'vitest';
import { describe, formatTime, show } from './describe.js';

const python = spawnSync('python3', ['--version']).status === 0;

group('formatTime', () => {
  it.skipIf(!python)('prints virtual time exactly as CPython would (repr, whole numbers without .0)', () => {
    const times = [
      0, 1, 3, 0.1 + 0.2, 1e-5, 1.5e-7, 2.5e-4, 1e-4, 123456.789, 1e16, 1.5e16, 1e21, 86400 * 365.25, ...fc.sample(fc.double({ min: 0, max: 1e20, noNaN: true }), 300),
      ...fc.sample(fc.double({ min: 0, max: 1e-3, noNaN: true }), 200),
    ];
    const program = `import sys, json\nfor t in json.load(sys.stdin): print(str(int(t)) if t == int(t) else repr(t))`;
    const run = spawnSync('python3', ['-c', program], { input: JSON.stringify(times), encoding: 'utf8' });
    expect(times.map(formatTime)).toEqual(run.stdout.trimEnd().split('\n'));
  });
});

group('describe and show', () => {
  it('names the type and a short rendering', () => {
    expect([describe(5), describe('x'), describe(null), describe({}), describe([1, 2]), describe(function main() {})]).toEqual([
      'number 5',
      'string "x"',
      'null',
      'object {}',
      'Array [1,2]',
      'function main',
    ]);
    expect(show(new Error('boom'))).toBe('Error: boom');
  });

  it('names an object whose class says how it reads by that, not by its fields (a JSON-able Future would dump its loop)', () => {
    class Handle {
      readonly loop = { kernel: { steps: 3 } };
      toString(): string {
        return '<Handle pending>';
      }
    }
    expect(describe(new Handle())).toBe('Handle <Handle pending>');
  });
});
