/**
 * Streams a CSV file as header-keyed rows, each with its line number, so canonical and mapped
 * readers share one place that knows about BOMs, CRLF, quoting and where a row starts.
 */
import { parse } from 'csv-parse';
import { InputError } from '../errors.js';
import type { InputStream } from '../reader.js';
import { decodeText } from '../text.js';

export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

export interface CsvHeader {
  columns: string[];
}

/** What differs between CSV dialects we read: canonical files use commas, exports often ";". */
export interface CsvOptions {
  delimiter?: string;
}

/** Yields the header first (as `{ header }`), then every non-empty row. */
export async function* csvRows(
  input: InputStream,
  file: string,
  options: CsvOptions = {},
): AsyncGenerator<{ header: CsvHeader } | { row: CsvRow }> {
  const parser = parse({
    delimiter: options.delimiter ?? ',',
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    // A record over 1 MiB is a broken quote or a hostile file, not a shipment: refuse it with its line.
    max_record_size: 1_048_576,
  });
  const feeding = (async () => {
    try {
      for await (const chunk of decodeText(input, file)) {
        // A parser that failed (a syntax error) is destroyed and never drains: stop feeding it.
        if (parser.destroyed) break;
        if (!parser.write(chunk)) await drainedOrClosed(parser);
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

function drainedOrClosed(stream: NodeJS.EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.once('drain', done);
    stream.once('close', done);
  });
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
