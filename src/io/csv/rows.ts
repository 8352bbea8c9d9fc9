/**
 * Streams a CSV file as header-keyed rows, each with its line number, so canonical and mapped
 * readers share one place that knows about BOMs, CRLF, quoting and where a row starts.
 */
import { parse } from 'csv-parse';
import { InputError } from '../errors.js';
import type { InputStream } from '../reader.js';

export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

export interface CsvHeader {
  columns: string[];
}

/** Yields the header first (as `{ header }`), then every non-empty row. */
export async function* csvRows(
  input: InputStream,
  file: string,
): AsyncGenerator<{ header: CsvHeader } | { row: CsvRow }> {
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
  });
  const feeding = (async () => {
    try {
      for await (const chunk of input) {
        if (!parser.write(chunk)) await new Promise((resolve) => parser.once('drain', resolve));
      }
      parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();
  let columns: string[] | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      // info.lines is the line the record ends on; a quoted field with newlines spans back from there.
      const line = info.lines - countNewlines(record);
      if (!columns) {
        columns = record.map((name) => name.trim().toLowerCase());
        yield { header: { columns } };
        continue;
      }
      if (record.every((value) => value.trim() === '')) continue;
      const values: Record<string, string> = {};
      columns.forEach((name, index) => {
        values[name] = (record[index] ?? '').trim();
      });
      yield { row: { line, values } };
    }
  } catch (error) {
    throw csvSyntaxError(error, file);
  } finally {
    await feeding;
  }
  if (!columns) throw new InputError({ file, line: 1 }, 'the file is empty: expected a header row');
}

function countNewlines(record: string[]): number {
  let count = 0;
  for (const value of record) for (const char of value) if (char === '\n') count++;
  return count;
}

function csvSyntaxError(error: unknown, file: string): InputError {
  if (error instanceof InputError) return error;
  const parseError = error as { message?: string; lines?: number; code?: string };
  const reason = (parseError.message ?? String(error)).replace(/^Invalid \w+: /, '').replace(/ at line \d+.*$/, '');
  return new InputError({ file, line: parseError.lines }, `CSV syntax: ${reason}`);
}
