/**
 * The csv-parse floor: the time to stream and parse the inputs with csv-parse configured as logex's
 * reader configures it (BOM, ragged rows, empty lines; the reader takes each row's line from the
 * parser's own count, at no cost) and do nothing with the rows. No reader of these files built on
 * csv-parse can be faster than this.
 */
import { createReadStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { parse } from 'csv-parse';

export async function csvParseFloor(files: readonly string[]): Promise<{ seconds: number; rows: number }> {
  const started = performance.now();
  let rows = 0;
  for (const file of files) {
    const parser = createReadStream(file).pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true }));
    // Records taken as they are pushed: an async iterator would add a promise per record to the floor.
    parser.on('data', () => rows++);
    await finished(parser);
  }
  return { seconds: (performance.now() - started) / 1000, rows };
}
