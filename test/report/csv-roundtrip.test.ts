/**
 * Every CSV logex writes must come back cell for cell through a standard RFC 4180 parser, whatever
 * carriers put in their text: line breaks, quotes, commas, formula-like starts.
 */
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCsv, type Cell } from '../../src/io/csv/write.js';

/** Text with the characters that break naive CSV and the starts a spreadsheet runs as a formula. */
const hostileText = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', ' ', ',', ';', '"', "'", '\n', '\r', '\t', '=', '+', '-', '@', 'é', '1', '|') }),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('=HYPERLINK("http://x","y")', '@SUM(A1)', "=cmd|'/c calc'!A1", "'=x", "''+1", '-5', '+5', '-', 'multi\nline reason'),
);
const cell: fc.Arbitrary<Cell> = fc.oneof(hostileText, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(null));
const table = fc.integer({ min: 1, max: 4 }).chain((width) =>
  fc.record({
    header: fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: width, maxLength: width }),
    rows: fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 6 }),
  }),
);

const asWritten = (value: Cell): string => (value === null || value === undefined ? '' : String(value));
const readBack = (csv: string): string[][] => parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: false });

describe('CSV output round-trips through a standard parser', () => {
  it('default: every cell comes back, formula-like text with one guarding quote', () => {
    fc.assert(
      fc.property(table, ({ header, rows }) => {
        const back = readBack(toCsv(header, rows));
        expect(back).toHaveLength(rows.length + 1);
        rows.forEach((row, index) => {
          // Text a spreadsheet would run (= + - @ TAB CR first, or already guarded so), unless it is a
          // number, comes back with one ' before it; every other cell comes back as it was.
          const guarded = (cell: Cell) => typeof cell === 'string' && /^'*[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell);
          expect(back[index + 1]).toEqual(row.map((cell) => (guarded(cell) ? `'${asWritten(cell)}` : asWritten(cell))));
        });
      }),
      { seed: 20261202, numRuns: 400 },
    );
  });

  it('--raw: every cell comes back exactly as stored', () => {
    fc.assert(
      fc.property(table, ({ header, rows }) => {
        const back = readBack(toCsv(header, rows, { raw: true, excel: true }));
        expect(back.slice(1)).toEqual(rows.map((row) => row.map(asWritten)));
      }),
      { seed: 20261202, numRuns: 400 },
    );
  });

  it('a bare line feed or carriage return is quoted, so the row stays one row', () => {
    expect(
      toCsv(
        ['id', 'reason'],
        [
          [1, 'multi\nline reason'],
          [2, 'cr\ronly'],
        ],
      ),
    ).toBe('id,reason\r\n1,"multi\nline reason"\r\n2,"cr\ronly"\r\n');
  });

  it('formula injection from carrier text is guarded by default, numbers are left alone', () => {
    expect(toCsv(['x'], [['=HYPERLINK("http://evil","click")'], ['@SUM(A1)'], ['-12.5'], [-3], ["'=x"]])).toBe(
      'x\r\n"\'=HYPERLINK(""http://evil"",""click"")"\r\n\'@SUM(A1)\r\n-12.5\r\n-3\r\n\'\'=x\r\n',
    );
  });
});

describe('CSV for the Excel of comma-decimal locales', () => {
  it("--delimiter ';' separates with semicolons and writes decimals with a comma; a standard parser reads the cells back", () => {
    const csv = toCsv(
      ['lane', 'late_pct', 'note'],
      [
        ['A>B', 33.33, 'a; b'],
        ['C>D', 12, '1.5'],
      ],
      { delimiter: ';' },
    );
    expect(csv).toBe('lane;late_pct;note\r\nA>B;33,33;"a; b"\r\nC>D;12;1.5\r\n');
    expect(parse(csv, { delimiter: ';' })).toEqual([
      ['lane', 'late_pct', 'note'],
      ['A>B', '33,33', 'a; b'],
      ['C>D', '12', '1.5'],
    ]);
    expect(toCsv(['a', 'b'], [['x\ty', 2.5]], { delimiter: '\t' })).toBe('a\tb\r\n"x\ty"\t2.5\r\n');
  });
});
