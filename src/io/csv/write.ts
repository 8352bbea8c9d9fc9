/**
 * CSV for spreadsheets: a header row, ISO dates, dot decimals, RFC 4180 quoting, CRLF line ends
 * (what Excel writes). Text cells that a spreadsheet would run as a formula (CSV injection from
 * carrier-supplied text) get a leading `'` unless `raw`; `excel` adds the UTF-8 BOM Excel needs to
 * read accents.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** csv-stringify is loaded on first use, not whenever the CLI starts (most runs write no CSV). */
const csvStringify = () => (require('csv-stringify/sync') as typeof import('csv-stringify/sync')).stringify;

export type Cell = string | number | boolean | null | undefined;

/** Text a guard goes before: formula-like, or already guarded (so that taking one `'` off restores it exactly). */
const GUARDED_START = /^'*[=+\-@\t\r]/;

export interface CsvOptions {
  /** UTF-8 BOM first, for Excel. */
  excel?: boolean;
  /** Cells exactly as stored: no formula guard (for programs, not spreadsheets). */
  raw?: boolean;
  /**
   * The separator: `,` (default), `;` for the Excel of locales whose decimal separator is the comma
   * (decimals are then written with a comma, as that Excel reads them), or a tab.
   */
  delimiter?: CsvDelimiter;
}

export const CSV_DELIMITERS = [',', ';', '\t'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

export function toCsv(header: string[], rows: Cell[][], options: CsvOptions = {}): string {
  return [...csvChunks(header, rows, options)].join('');
}

/** Rows stringified together: each chunk is a few hundred rows of text. */
const ROWS_PER_CHUNK = 500;

/** toCsv's text a chunk at a time, for output too large to build whole. */
export function* csvChunks(header: string[], rows: Iterable<Cell[]>, options: CsvOptions = {}): Generator<string> {
  const text = (records: Cell[][]) =>
    csvStringify()(
      records.map((row) => row.map((cell) => (cell === null || cell === undefined ? '' : cell))),
      {
        record_delimiter: 'windows',
        // RFC 4180: a field with a line break is quoted. csv-stringify quotes only the record
        // delimiter (CRLF here), so a bare LF or CR in a carrier's reason would split the row.
        quoted_match: /[\r\n]/,
        delimiter: options.delimiter ?? ',',
        cast: {
          boolean: (value) => (value ? 'true' : 'false'),
          ...(options.delimiter === ';' ? { number: (value: number) => String(value).replace('.', ',') } : {}),
        },
      },
    );
  yield `${options.excel ? '\uFEFF' : ''}${text([header])}`;
  let pending: Cell[][] = [];
  for (const row of rows) {
    pending.push(options.raw ? row : row.map(neutraliseFormula));
    if (pending.length === ROWS_PER_CHUNK) {
      yield text(pending);
      pending = [];
    }
  }
  if (pending.length > 0) yield text(pending);
}

/** A leading quote makes the cell text; numbers stay numbers (a negative number is not a formula). */
function neutraliseFormula(cell: Cell): Cell {
  if (typeof cell !== 'string' || !GUARDED_START.test(cell) || /^-?\d+(\.\d+)?$/.test(cell)) return cell;
  return `'${cell}`;
}

/** Undoes neutraliseFormula for a cell read back from a spreadsheet (`'=x` → `=x`, `''=x` → `'=x`). */
export function restoreNeutralised(cell: string): string {
  return cell.startsWith("'") && GUARDED_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}
