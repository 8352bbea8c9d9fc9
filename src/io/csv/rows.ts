/**
 * Streams a CSV file as header-keyed rows, each with its line number, so canonical and mapped
 * readers share one place that knows about BOMs, CRLF, quoting and where a row starts.
 */
import type { TransformCallback } from 'node:stream';
import { InputError } from '../errors.js';
import type { InputStream } from '../reader.js';
import { decodeText } from '../text.js';
import { detectDelimiter } from './delimiter.js';

export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

export interface CsvHeader {
  columns: string[];
}

/** What differs between CSV dialects we read: canonical files use commas, exports often ";". */
export interface CsvOptions {
  /** Without one, the header row's own separator: `,`, `;` or a tab (see detectDelimiter). */
  delimiter?: string;
}

/** How much text is read ahead to find the end of the header row before the separator is chosen. */
const HEADER_SEARCH_CHARS = 1 << 20;

/** A parsed record with the line it ends on. */
interface EndedRecord {
  record: string[];
  endLine: number;
}

/**
 * csv-parse handing over each chunk's records as one array, each with the line it ends on. Its `info`
 * option gives that line too, but builds an object of a dozen fields per record, and reading records
 * one by one through the stream's async iterator costs a promise each: together a third of csv-parse's
 * time on a large file. The parser's live `info.lines` at the moment it pushes a record is the value
 * `info` would have copied.
 */
let chunkedParserClass: Promise<typeof import('csv-parse').Parser> | undefined;
async function chunkedParser(): Promise<typeof import('csv-parse').Parser> {
  // Defined on first use: csv-parse is loaded when a file is read, not whenever the CLI starts.
  chunkedParserClass ??= (async () => {
    const { Parser } = await import('csv-parse');
    return class ChunkedParser extends Parser {
      private pending: EndedRecord[] = [];

      override push(record: unknown): boolean {
        if (record === null) {
          this.handOver();
          return super.push(null);
        }
        this.pending.push({ record: record as string[], endLine: this.info.lines });
        return true;
      }

      override _transform(chunk: Buffer, encoding: BufferEncoding, callback: TransformCallback): void {
        super._transform(chunk, encoding, (error) => {
          this.handOver();
          callback(error);
        });
      }

      private handOver(): void {
        if (this.pending.length === 0) return;
        super.push(this.pending);
        this.pending = [];
      }
    };
  })();
  return chunkedParserClass;
}
/** Yields the header first (as `{ header }`), then every non-empty row. */
export async function* csvRows(input: InputStream, file: string, options: CsvOptions = {}): AsyncGenerator<{ header: CsvHeader } | { row: CsvRow }> {
  const chunks = decodeText(input, file);
  const head = await headerText(chunks);
  const ChunkedParser = await chunkedParser();
  const parser = new ChunkedParser({
    delimiter: options.delimiter ?? detectDelimiter(head),
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    // A record over 1 MiB is a broken quote or a hostile file, not a shipment: refuse it with its line.
    max_record_size: 1_048_576,
  });
  const feeding = (async () => {
    try {
      for await (const chunk of withHead(head, chunks)) {
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
    for await (const records of parser as AsyncIterable<EndedRecord[]>) {
      for (const { record, endLine } of records) {
        // A quoted field with newlines spans back from the line the record ends on.
        const line = endLine - countNewlines(record);
        if (!columns) {
          columns = record.map((name) => name.trim().toLowerCase());
          const twice = firstRepeatedColumn(columns);
          if (twice) {
            throw new InputError(
              { file, line, column: twice.second + 1 },
              `column "${twice.name}" appears twice in the header (columns ${twice.first + 1} and ${twice.second + 1}): which one to read is a guess; remove or rename one`,
            );
          }
          yield { header: { columns } };
          continue;
        }
        const values: Record<string, string> = {};
        let empty = true;
        for (let index = 0; index < columns.length; index++) {
          const value = (record[index] ?? '').trim();
          values[columns[index]!] = value;
          if (value !== '') empty = false;
        }
        // A row of only separators is as empty as an empty line (cells past the header are ignored).
        if (empty && record.slice(columns.length).every((value) => value.trim() === '')) continue;
        yield { row: { line, values } };
      }
    }
  } catch (error) {
    throw csvSyntaxError(error, file);
  } finally {
    await feeding;
  }
  if (!columns) throw new InputError({ file, line: 1 }, 'the file is empty: expected a header row');
}

/** A non-empty header name used by two columns (empty names are unused columns, repeated freely). */
export function firstRepeatedColumn(columns: readonly string[]): { name: string; first: number; second: number } | undefined {
  const seen = new Map<string, number>();
  for (const [index, name] of columns.entries()) {
    if (name === '') continue;
    const first = seen.get(name);
    if (first !== undefined) return { name, first, second: index };
    seen.set(name, index);
  }
  return undefined;
}

/** The text of the first chunks, up to the end of the header row (or the end of the file). */
async function headerText(chunks: AsyncGenerator<string>): Promise<string> {
  let head = '';
  while (head.length < HEADER_SEARCH_CHARS) {
    const next = await chunks.next();
    if (next.done) break;
    head += next.value;
    if (next.value.includes('\n')) break;
  }
  return head;
}

async function* withHead(head: string, rest: AsyncGenerator<string>): AsyncGenerator<string> {
  if (head) yield head;
  yield* rest;
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
  for (const value of record) {
    for (let index = value.indexOf('\n'); index >= 0; index = value.indexOf('\n', index + 1)) count++;
  }
  return count;
}

function csvSyntaxError(error: unknown, file: string): InputError {
  if (error instanceof InputError) return error;
  const parseError = error as { message?: string; lines?: number; code?: string };
  const reason = (parseError.message ?? String(error)).replace(/^Invalid \w+: /, '').replace(/ at line \d+.*$/, '');
  return new InputError({ file, line: parseError.lines }, `CSV syntax: ${reason}`);
}
