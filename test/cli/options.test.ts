import { describe, expect, it } from 'vitest';
import { flagNumber } from '../../src/cli/options.js';

describe('numbers typed for flags', () => {
  it.each(['0', '5', '2.5', ' 30 '])('%j is read as that number', (text) => {
    expect(flagNumber('--wait', text, { unit: 'seconds' })).toBe(Number(text));
  });

  it.each(['', ' ', '-1', '0x10', '1e3', 'ten', 'Infinity', '1.'])('%j is refused, not read as Number() would', (text) => {
    expect(() => flagNumber('--wait', text, { unit: 'seconds' })).toThrow(`--wait: "${text}" is not a number of seconds ≥ 0`);
  });

  it('a whole number where a count is asked for', () => {
    expect(flagNumber('--max-warnings', '3', { whole: true })).toBe(3);
    expect(() => flagNumber('--max-warnings', '2.5', { whole: true })).toThrow('--max-warnings: "2.5" is not a whole number ≥ 0');
  });
});
