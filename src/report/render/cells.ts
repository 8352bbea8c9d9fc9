/** Showing report values to people (table, md, html): one decimal, a dash for "no figure". */
import type { CellValue, Column, Report } from '../model.js';
import { periodText, shortInstant } from '../scope.js';

export const NO_VALUE = '–';

const NUMERIC = new Set(['count', 'pct', 'hours', 'number']);

export function isNumeric(column: Column): boolean {
  return NUMERIC.has(column.type);
}

export function displayCell(value: CellValue, column: Column): string {
  if (value === null || value === '') return column.type === 'flag' ? '' : NO_VALUE;
  if (typeof value === 'number') {
    if (column.type === 'count') return String(value);
    const fixed = value.toFixed(1);
    return fixed === '-0.0' ? '0.0' : fixed;
  }
  return value;
}

/** The lines under every report's title. */
export function headerLines(report: Report): string[] {
  const parameters = Object.entries(report.parameters).map(([name, value]) => `${name.replaceAll('_', ' ')}: ${value}`);
  return [`as of ${shortInstant(report.asOf)}; period ${periodText(report.window)} (UTC)`, ...(parameters.length > 0 ? [parameters.join('; ')] : [])];
}
