/**
 * CSV for spreadsheets: a header row, ISO dates, dot decimals, RFC 4180 quoting, CRLF line ends
 * (what Excel writes). `excel` adds the UTF-8 BOM Excel needs to read accents, and neutralises cells
 * that a spreadsheet would run as a formula (CSV injection).
 */
import { stringify } from 'csv-stringify/sync';

export type Cell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function toCsv(header: string[], rows: Cell[][], options: { excel?: boolean } = {}): string {
  const cells = options.excel ? rows.map((row) => row.map(neutraliseFormula)) : rows;
  const text = stringify([header, ...cells.map((row) => row.map((cell) => (cell === null || cell === undefined ? '' : cell)))], {
    record_delimiter: 'windows',
    cast: { boolean: (value) => (value ? 'true' : 'false') },
  });
  return options.excel ? `\uFEFF${text}` : text;
}

/** A leading quote makes the cell text; numbers stay numbers (a negative number is not a formula). */
function neutraliseFormula(cell: Cell): Cell {
  if (typeof cell !== 'string' || !FORMULA_START.test(cell) || /^-?\d+(\.\d+)?$/.test(cell)) return cell;
  return `'${cell}`;
}

/** Undoes neutraliseFormula for a cell read back from a spreadsheet (`'=x` → `=x`). */
export function restoreNeutralised(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}
