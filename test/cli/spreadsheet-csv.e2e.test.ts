import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { logexInProcess } from './run-cli.js';

const DEMO = 'fixtures/demo';

/** The demo file as a spreadsheet saves it: its own separator, and UTF-16 with a BOM for "Unicode text". */
function resaved(file: string, dir: string, delimiter: string, utf16: boolean): string {
  const rows = parse(readFileSync(file, 'utf8')) as string[][];
  const text = stringify(rows, { delimiter, record_delimiter: 'windows' });
  const path = join(dir, `${delimiter === '\t' ? 'tab' : 'semicolon'}-${file.split('/').at(-1)}`);
  writeFileSync(path, utf16 ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) : text);
  return path;
}

async function auditCsv(dir: string, plans: string, events: string): Promise<string> {
  const result = await logexInProcess([
    'audit',
    '--plans',
    plans,
    '--events',
    events,
    '--rules',
    'rules/',
    '--db',
    join(dir, `${plans.split('/').at(-1)}.db`),
    '--as-of',
    '2026-03-20T00:00:00Z',
    '--format',
    'csv',
    '--fail-on',
    'none',
  ]);
  expect(result.stderr).toMatch(/^audit run 1 .* 0 row\(s\) rejected\n/m);
  return result.stdout;
}

describe('canonical CSV as a spreadsheet saves it', () => {
  it('reads ";" (a European Excel) and tab-separated UTF-16 ("Unicode text") like the comma original', async () => {
    const dir = tempDir();
    const original = await auditCsv(dir, `${DEMO}/plans.csv`, `${DEMO}/events.csv`);
    expect(original.split('\n').length).toBeGreaterThan(100);
    const semicolon = await auditCsv(dir, resaved(`${DEMO}/plans.csv`, dir, ';', false), resaved(`${DEMO}/events.csv`, dir, ';', false));
    const unicodeText = await auditCsv(dir, resaved(`${DEMO}/plans.csv`, dir, '\t', true), resaved(`${DEMO}/events.csv`, dir, '\t', true));
    expect(semicolon).toBe(original);
    expect(unicodeText).toBe(original);
  });
});
