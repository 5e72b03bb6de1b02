/** Colours only on a terminal and never with NO_COLOR (https://no-color.org). */
import { describe, expect, it } from 'vitest';
import { colorsEnabled, paint } from './color.js';

describe('colours', () => {
  it('are on for a terminal without NO_COLOR', () => {
    expect(colorsEnabled({ isTTY: true }, {})).toBe(true);
    expect(paint(true).red('x')).toBe('\x1b[31mx\x1b[39m');
  });
  it('are off when not a terminal, or with NO_COLOR set to anything but the empty string', () => {
    expect(colorsEnabled({ isTTY: false }, {})).toBe(false);
    expect(colorsEnabled({}, {})).toBe(false);
    expect(colorsEnabled({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colorsEnabled({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(paint(false).red('x')).toBe('x');
  });
});
