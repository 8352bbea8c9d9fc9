/**
 * csvRows gives every row the line it starts on, which every rejection's file:line depends on. Checked
 * against where each row was put in generated files: blank lines, CRLF, quoted fields with newlines,
 * rows of only separators, a BOM, and chunk boundaries anywhere; and with whichever separator (`,`,
 * `;` or a tab) the header uses, the same values.
 */
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRows } from '../../src/io/csv/rows.js';

const field = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9 ._-]{0,8}$/),
  // Quoted, with a newline, a comma or an escaped quote inside.
  fc.stringMatching(/^[A-Za-z0-9 ,\n"]{0,8}$/).map((text) => `"${text.replaceAll('"', '""')}"`),
);

interface Layout {
  bom: boolean;
  delimiter: string;
  crlf: boolean;
  rows: { fields: string[]; blankLinesBefore: number; separatorsOnly: boolean }[];
  chunkSize: number;
}

const layout: fc.Arbitrary<Layout> = fc.record({
  bom: fc.boolean(),
  delimiter: fc.constantFrom(',', ';', '\t'),
  crlf: fc.boolean(),
  rows: fc.array(
    fc.record({
      fields: fc.array(field, { minLength: 3, maxLength: 3 }),
      blankLinesBefore: fc.integer({ min: 0, max: 2 }),
      separatorsOnly: fc.boolean(),
    }),
    { maxLength: 30 },
  ),
  chunkSize: fc.integer({ min: 1, max: 64 }),
});

/** The text, and the line each kept row starts on, counted while writing it. */
function write({ bom, crlf, rows, delimiter }: Layout): { text: string; lines: number[]; values: string[][] } {
  const newline = crlf ? '\r\n' : '\n';
  let text = `${bom ? '\uFEFF' : ''}${['a', 'b', 'c'].join(delimiter)}${newline}`;
  let line = 2;
  const lines: number[] = [];
  const values: string[][] = [];
  for (const row of rows) {
    text += newline.repeat(row.blankLinesBefore);
    line += row.blankLinesBefore;
    const fields = row.separatorsOnly ? ['', '', ''] : row.fields;
    const kept = fields.some((value) => value.replace(/^"|"$/g, '').trim() !== '');
    if (kept) {
      lines.push(line);
      values.push(fields.map((value) => (value.startsWith('"') ? value.slice(1, -1).replaceAll('""', '"') : value).trim()));
    }
    const record = fields.join(delimiter);
    text += record + newline;
    line += 1 + (record.match(/\n/g)?.length ?? 0);
  }
  return { text, lines, values };
}

async function readRows(text: string, chunkSize: number): Promise<{ lines: number[]; values: string[][] }> {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunkSize) chunks.push(bytes.subarray(at, at + chunkSize));
  const lines: number[] = [];
  const values: string[][] = [];
  for await (const item of csvRows(Readable.from(chunks), 'gen.csv')) {
    if ('row' in item) {
      lines.push(item.row.line);
      values.push(['a', 'b', 'c'].map((column) => item.row.values[column]!));
    }
  }
  return { lines, values };
}

describe('csvRows line numbers', () => {
  it('every row starts on the line it was written on', async () => {
    await fc.assert(
      fc.asyncProperty(layout, async (generated) => {
        const { text, lines, values } = write(generated);
        expect(await readRows(text, generated.chunkSize)).toEqual({ lines, values });
      }),
      { seed: 20261203, numRuns: 300 },
    );
  });

  it('rows after many chunks keep their lines (records handed over a chunk at a time)', async () => {
    const rows = Array.from({ length: 5000 }, (_, index) => ({
      fields: [index % 7 === 3 ? `"multi\nline ${index}"` : `r${index}`, 'x', 'y'],
      blankLinesBefore: index % 11 === 0 ? 1 : 0,
      separatorsOnly: false,
    }));
    const { text, lines } = write({ bom: false, crlf: false, delimiter: ',', chunkSize: 0, rows });
    expect((await readRows(text, 4096)).lines).toEqual(lines);
  });
});

describe('csvRows header', () => {
  async function firstItems(text: string) {
    const items = [];
    for await (const item of csvRows(Readable.from([Buffer.from(text)]), 'dup.csv')) items.push(item);
    return items;
  }

  it('a name used by two columns is refused at the second, whatever its case or padding; empty names may repeat', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .array(fc.constantFrom('status', 'STATUS', ' status', 'event_time', 'shipment_id', ''), { minLength: 1, maxLength: 5 })
          .filter((names) => names.some((name) => name !== '')),
        async (names) => {
          const normalised = names.map((name) => name.trim().toLowerCase());
          const second = normalised.findIndex((name, index) => name !== '' && normalised.indexOf(name) < index);
          const reading = firstItems(`${names.join(',')}\n${names.map(() => 'v').join(',')}\n`);
          if (second < 0) {
            expect((await reading).length).toBe(2);
          } else {
            const first = normalised.indexOf(normalised[second]!);
            await expect(reading).rejects.toMatchObject({
              position: { file: 'dup.csv', line: 1, column: second + 1 },
              detail: `column "${normalised[second]}" appears twice in the header (columns ${first + 1} and ${second + 1}): which one to read is a guess; remove or rename one`,
            });
          }
        },
      ),
      { seed: 20261202, numRuns: 200 },
    );
  });
});
