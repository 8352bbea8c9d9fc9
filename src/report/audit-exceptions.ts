/** What `logex audit` prints: every exception holding at the as-of time, with its case. */
import type { CaseOutcome } from '../cases/reconcile.js';
import { toAuditException, type AuditException } from '../cases/exception-view.js';
import { severityRank, type Severity } from '../model/vocabulary.js';
import { formatLateness } from '../rules/duration.js';
import { type CsvOptions, csvChunks } from '../io/csv/write.js';
import type { FormatRegistry } from '../io/output-format.js';
import { makeColors } from '../io/colors.js';
import { paintSeverity, tableChunks } from './render/table.js';

/** Exceptions are packed into shared byte chunks of this size (a larger one gets a chunk of its own). */
const CHUNK_BYTES = 1 << 20;

/** JSON nested at `depth` levels of two spaces, as JSON.stringify(…, null, 2) writes it inside a document. */
const nestedJson = (value: unknown, depth: number) => JSON.stringify(value, null, 2).replaceAll('\n', `\n${'  '.repeat(depth)}`);

/** An exception as the JSON report writes it, an item of its `exceptions` list. */
export const exceptionJson = (exception: AuditException) => nestedJson(exception, 2);

/**
 * The exceptions of one audit, gathered as the run finds them and given back worst first: severity,
 * then risk score, then how late; ties by case id so output is stable. A million-shipment audit
 * reports hundreds of thousands, and as objects they were most of the run's peak memory, so each is
 * kept as its JSON report text in byte chunks outside the JS heap, its sort keys in typed arrays. The
 * JSON report copies those texts; CSV and table parse them back (measured at 319k exceptions: 1.2 s
 * less for the JSON report than keeping compact JSON, for about 60 MB more outside the heap).
 */
export class AuditReport {
  /** The severities reported, for the exit code. */
  readonly severities = new Set<Severity>();
  private count = 0;

  /** How many exceptions were added (are listed). */
  get size(): number {
    return this.count;
  }
  private rank = new Uint8Array(1024);
  private score = new Float64Array(1024);
  private deviation = new Float64Array(1024);
  private caseId = new Float64Array(1024);
  private chunk = new Uint32Array(1024);
  private offset = new Uint32Array(1024);
  private length = new Uint32Array(1024);
  private readonly chunks: Buffer[] = [];
  private used = 0;

  add(outcome: CaseOutcome): void {
    if (this.count === this.rank.length) this.grow();
    const { exception } = outcome;
    const text = exceptionJson(toAuditException(outcome));
    const bytes = Buffer.byteLength(text);
    let last = this.chunks.at(-1);
    if (!last || this.used + bytes > last.length) {
      last = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, bytes));
      this.chunks.push(last);
      this.used = 0;
    }
    const index = this.count++;
    this.rank[index] = severityRank(exception.severity);
    this.score[index] = exception.score;
    this.deviation[index] = exception.deviationMinutes;
    this.caseId[index] = outcome.caseId;
    this.chunk[index] = this.chunks.length - 1;
    this.offset[index] = this.used;
    this.length[index] = bytes;
    last.write(text, this.used);
    this.used += bytes;
    this.severities.add(exception.severity);
  }

  /** The exceptions, worst first, one at a time: what JSON gives back is what was added (numbers round-trip exactly). */
  *sorted(): Generator<AuditException> {
    for (const text of this.sortedJson()) yield JSON.parse(text) as AuditException;
  }

  /** The exceptions' JSON report texts (exceptionJson), worst first. */
  *sortedJson(): Generator<string> {
    const { rank, score, deviation, caseId } = this;
    const order = new Uint32Array(this.count).map((_, index) => index);
    order.sort((a, b) => rank[b]! - rank[a]! || score[b]! - score[a]! || deviation[b]! - deviation[a]! || caseId[a]! - caseId[b]! || a - b);
    for (const index of order) {
      const start = this.offset[index]!;
      yield this.chunks[this.chunk[index]!]!.toString('utf8', start, start + this.length[index]!);
    }
  }

  private grow(): void {
    const capacity = this.rank.length * 2;
    const grown = <T extends Uint8Array | Uint32Array | Float64Array>(column: T, make: new (size: number) => T): T => {
      const next = new make(capacity);
      next.set(column);
      return next;
    };
    this.rank = grown(this.rank, Uint8Array);
    this.score = grown(this.score, Float64Array);
    this.deviation = grown(this.deviation, Float64Array);
    this.caseId = grown(this.caseId, Float64Array);
    this.chunk = grown(this.chunk, Uint32Array);
    this.offset = grown(this.offset, Uint32Array);
    this.length = grown(this.length, Uint32Array);
  }
}

/**
 * `{ run, exceptions }` as JSON indented by two, produced one exception at a time from their texts
 * (exceptionJson): a million-shipment audit reports hundreds of thousands of exceptions, and the
 * report as one string would be the run's largest object.
 */
export function* auditJsonChunks(run: Record<string, unknown>, exceptionTexts: Iterable<string>): Generator<string> {
  yield `{\n  "run": ${nestedJson(run, 1)},\n  "exceptions": [`;
  let empty = true;
  for (const text of exceptionTexts) {
    yield `${empty ? '' : ','}\n    ${text}`;
    empty = false;
  }
  yield empty ? ']\n}\n' : '\n  ]\n}\n';
}

const CSV_COLUMNS: (keyof AuditException)[] = [
  'case_id',
  'rule',
  'kind',
  'shipment_id',
  'carrier',
  'mode',
  'lane',
  'milestone',
  'finding',
  'severity',
  'score',
  'planned',
  'actual',
  'deviation_minutes',
  'status',
  'new',
  'escalated',
  'team',
  'message',
];

/** The CSV report, produced a few hundred rows at a time like the JSON one. */
export function auditCsvChunks(exceptions: Iterable<AuditException>, options: CsvOptions = {}): Generator<string> {
  function* rows() {
    for (const e of exceptions) yield CSV_COLUMNS.map((column) => e[column]);
  }
  return csvChunks(CSV_COLUMNS, rows(), options);
}

/** Compact UTC for a terminal column: 2026-05-05 07:00. */
function shortUtc(iso: string | null): string {
  return iso ? iso.replace('T', ' ').replace(/:00Z$|Z$/, '') : '';
}

const TABLE_HEADER = [
  'case',
  'severity',
  'score',
  'rule',
  'shipment',
  'carrier',
  'lane',
  'finding',
  'planned (UTC)',
  'actual/est (UTC)',
  'late by',
  'status',
  'team',
];

/** Columns a narrow terminal loses first (by index in TABLE_HEADER): the case, what, how late and its status stay. */
const DROP_FIRST = [12, 2, 6, 5, 8, 9, 11];

/**
 * The table, a few hundred rows at a time like the JSON and CSV. `exceptions` is called twice (see
 * tableChunks), so a large audit's rows are never all held at once.
 */

export function auditTableChunks(
  exceptions: () => Iterable<AuditException>,
  color: boolean,
  empty = 'No exceptions.\n',
  terminalColumns?: number,
): Generator<string> {
  const colors = makeColors(color);
  function* rows() {
    for (const e of exceptions()) {
      yield [
        String(e.case_id),
        paintSeverity(colors, e.severity),
        e.score.toFixed(1),
        e.rule,
        e.shipment_id,
        e.carrier,
        e.lane,
        e.finding,
        shortUtc(e.planned),
        shortUtc(e.actual),
        formatLateness(e.deviation_minutes),
        e.new ? colors.bold(`${e.status} (new)`) : e.escalated ? colors.bold(`${e.status} (escalated)`) : e.status,
        e.team ?? '',
      ];
    }
  }
  const fit = terminalColumns === undefined ? undefined : { columns: terminalColumns, dropFirst: DROP_FIRST };
  return tableChunks(TABLE_HEADER, rows, colors, { alignRight: [0, 2, 10], empty, fit });
}

/** What an audit prints: its run, the exceptions it lists, and the table's text when it lists none. */
export interface AuditOutput {
  run: Record<string, unknown>;
  report: AuditReport;
  empty: string;
}

/** Every format is written as it is produced: a large run's report is never one string. */
export const AUDIT_FORMATS: FormatRegistry<AuditOutput> = [
  {
    name: 'table',
    description: 'aligned columns, fitted to a terminal',
    render: ({ report, empty }, { color, terminalColumns }) => auditTableChunks(() => report.sorted(), color, empty, terminalColumns),
  },
  { name: 'json', description: 'the run and its exceptions', render: ({ run, report }) => auditJsonChunks(run, report.sortedJson()) },
  { name: 'csv', description: 'one row per exception', render: ({ report }, { csv }) => auditCsvChunks(report.sorted(), csv) },
];
