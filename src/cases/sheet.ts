/**
 * The spreadsheet round-trip: `cases export` writes one row per case, the context to read and the
 * editable columns; `cases import` reads the edited file back as update requests. It accepts what
 * Excel does to a CSV: a BOM, CRLF, `;` as separator (European locales), the `'` that `--excel`
 * puts before formula-like cells, headers retyped as `Root cause`.
 */
import { createRequire } from 'node:module';
import { isoUtc } from '../model/time.js';
import { type CsvOptions, restoreNeutralised, toCsv, type Cell } from '../io/csv/write.js';
import type { CaseRecord } from './query.js';
import { EDITABLE_FIELDS, editProblemText, updateCases, type CaseEdit, type EditRequest, type UpdateContext, type UpdateOutcome } from './update.js';
import type { Db } from '../store/database.js';
import { detectDelimiter } from '../io/csv/delimiter.js';
import { firstRepeatedColumn } from '../io/csv/rows.js';

const require = createRequire(import.meta.url);
/** csv-parse is loaded on first use, not whenever the CLI starts (most runs never read such a file). */
const csvParse = () => (require('csv-parse/sync') as typeof import('csv-parse/sync')).parse;

const CONTEXT_COLUMNS = [
  'severity',
  'rule',
  'shipment_id',
  'carrier',
  'lane',
  'milestone',
  'finding',
  'planned',
  'actual',
  'deviation_minutes',
  'message',
  'opened',
];
/** Read back on import; everything else is context and ignored. */
const EDITABLE_COLUMNS = [...EDITABLE_FIELDS, 'note'] as const;
/** `revision` lets an import tell the analyst's edits from changes others made since the export. */
export const SHEET_COLUMNS = ['case_id', ...CONTEXT_COLUMNS, ...EDITABLE_COLUMNS, 'revision'];

export function casesSheet(records: readonly CaseRecord[], options: CsvOptions = {}): string {
  const iso = (ms: number | null) => (ms === null ? null : isoUtc(ms));
  const rows: Cell[][] = records.map((c) => [
    c.id,
    c.severity,
    c.ruleId,
    c.shipmentId,
    c.carrier,
    c.lane,
    c.milestone,
    c.finding,
    iso(c.planned),
    iso(c.actual),
    c.deviationMinutes,
    c.message,
    isoUtc(c.openedAsOf),
    c.status,
    c.assignee,
    c.team,
    c.rootCause,
    c.outcome,
    c.note,
    c.revision,
  ]);
  return toCsv(SHEET_COLUMNS, rows, options);
}

/** A problem of a sheet: the line it is on (0: the whole file) and `file:line: what is wrong`. */
export interface SheetProblem {
  line: number;
  text: string;
}

export interface ParsedSheet {
  requests: EditRequest[];
  /** One per problem; any problem means nothing may be applied. */
  problems: SheetProblem[];
}

export function parseSheet(bytes: Uint8Array, file: string): ParsedSheet {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { requests: [], problems: [{ line: 0, text: `${file}: the file is not UTF-8 text; in Excel save it as "CSV UTF-8 (Comma delimited)"` }] };
  }
  // One line-break form, so csv-parse counts lines the way an editor shows them (it counts a quoted CRLF as two).
  text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  // With `info`, csv-parse returns each record with its position; its types do not say so.
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = csvParse()(text, { delimiter: detectDelimiter(text), relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as typeof records;
  } catch (error) {
    const failure = error as { message?: string; lines?: number };
    const reason = (failure.message ?? String(error)).replace(/^Invalid \w+: /, '').replace(/ at line \d+.*$/, '');
    const line = failure.lines ?? 1;
    return { requests: [], problems: [{ line, text: `${file}:${line}: CSV syntax: ${reason}` }] };
  }
  const [header, ...rows] = records;
  if (!header) return { requests: [], problems: [{ line: 0, text: `${file}: the file is empty; import a file written by "logex cases export"` }] };
  const columns = header.record.map((name) =>
    name
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_'),
  );
  const twice = firstRepeatedColumn(columns);
  if (twice) {
    return {
      requests: [],
      problems: [
        {
          line: 1,
          text: `${file}:1: column "${twice.name}" appears twice in the header (columns ${twice.first + 1} and ${twice.second + 1}); remove or rename one`,
        },
      ],
    };
  }
  const idColumn = columns.indexOf('case_id');
  const editable = EDITABLE_COLUMNS.filter((name) => columns.includes(name));
  if (idColumn < 0 || editable.length === 0) {
    const missing = idColumn < 0 ? 'no case_id column' : `none of the columns ${EDITABLE_COLUMNS.join(', ')}`;
    return { requests: [], problems: [{ line: 1, text: `${file}:1: the header has ${missing}; import a file written by "logex cases export"` }] };
  }
  const revisionColumn = columns.indexOf('revision');

  const requests: EditRequest[] = [];
  const problems: SheetProblem[] = [];
  for (const { record, info } of rows) {
    const line = info.lines - record.reduce((count, cell) => count + (cell.match(/\n/g)?.length ?? 0), 0);
    const cell = (index: number) => restoreNeutralised((record[index] ?? '').trim());
    if (record.every((value) => value.trim() === '')) continue;
    const origin = `${file}:${line}`;
    const caseId = wholeNumber(cell(idColumn));
    if (caseId === undefined || caseId === 0) {
      problems.push({ line, text: `${origin}: case_id "${cell(idColumn)}" is not a case number` });
      continue;
    }
    const revisionText = revisionColumn < 0 ? '' : cell(revisionColumn);
    const baseRevision = revisionText === '' ? undefined : wholeNumber(revisionText);
    if (revisionText !== '' && baseRevision === undefined) {
      problems.push({ line, text: `${origin}: revision "${revisionText}" is not a number; leave the column as exported` });
      continue;
    }
    const edit: CaseEdit = {};
    for (const name of editable) {
      const value = cell(columns.indexOf(name));
      if (name === 'note') edit.note = value;
      else edit[name] = value === '' ? null : value;
    }
    requests.push({ caseId, edit, origin, line, baseRevision });
  }
  return { requests, problems };
}

function wholeNumber(text: string): number | undefined {
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/**
 * `cases import`: every row applied, or none. With problems, the rows that could be read are checked
 * too (without writing), so one round of fixes covers the whole file; the problems come in line order.
 */
export function importSheet(db: Db, sheet: ParsedSheet, context: UpdateContext): { applied: UpdateOutcome } | { problems: string[] } {
  if (sheet.problems.length === 0) return { applied: updateCases(db, sheet.requests, context) };
  const refused = updateCases(db, sheet.requests, { ...context, dryRun: true }).problems.map((problem) => ({
    line: problem.line ?? 0,
    text: editProblemText(problem),
  }));
  return { problems: [...sheet.problems, ...refused].sort((a, b) => a.line - b.line).map((problem) => problem.text) };
}
