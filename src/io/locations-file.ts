/** A `--locations` file: `locode,zone` rows (a header row optional), for LocationTable.addZones (model/locations.ts). */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { isValidZone } from '../model/time.js';
import { InputError } from './errors.js';

/** The file's UN/LOCODE → zone pairs in order; a bad row is an InputError with its line. */
export function readLocationsCsv(file: string): [locode: string, zone: string][] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError({ file }, `cannot read the locations file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { bom: true, trim: true, skip_empty_lines: true, info: true }) as unknown as typeof rows;
  } catch (error) {
    const failure = error as { message: string; lines?: number };
    throw new InputError({ file, line: failure.lines ?? 1 }, `CSV syntax: ${failure.message.replace(/ at line \d+.*$/, '')}; expected "locode,zone" rows`);
  }
  const zones: [locode: string, zone: string][] = [];
  rows.forEach(({ record: row, info }, index) => {
    const line = info.lines;
    const [locode = '', zone = ''] = row;
    if (index === 0 && locode.toLowerCase() === 'locode') return;
    if (!/^[A-Z]{2}[A-Z0-9]{3}$/.test(locode.toUpperCase())) {
      throw new InputError({ file, line, column: 1 }, `"${locode}" is not a UN/LOCODE (two letters of country, three of place)`);
    }
    if (!isValidZone(zone)) throw new InputError({ file, line, column: 2 }, `"${zone}" is not an IANA time zone (e.g. Europe/Berlin)`);
    zones.push([locode.toUpperCase(), zone]);
  });
  return zones;
}
