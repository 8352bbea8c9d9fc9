/** What `logex audit` prints: every exception holding at the as-of time, with its case. */
import type { CaseOutcome } from '../cases/reconcile.js';
import { toAuditException, type AuditException } from '../cases/exception-view.js';
import { severityRank } from '../model/vocabulary.js';
import { formatDuration } from '../rules/duration.js';
import { toCsv } from './render/csv.js';
import { makeColors, paintSeverity, renderTable } from './render/table.js';

/** Worst first: severity, then risk score, then how late; ties by case id so output is stable. */
export function sortOutcomes(outcomes: readonly CaseOutcome[]): CaseOutcome[] {
  return [...outcomes].sort(
    (a, b) =>
      severityRank(b.exception.severity) - severityRank(a.exception.severity) ||
      b.exception.score - a.exception.score ||
      b.exception.deviationMinutes - a.exception.deviationMinutes ||
      a.caseId - b.caseId,
  );
}

/**
 * `{ run, exceptions }` as JSON indented by two, produced one exception at a time: a million-shipment
 * audit reports hundreds of thousands of exceptions, and the report as one string would be the run's
 * largest object.
 */
export function* auditJsonChunks(run: Record<string, unknown>, sorted: readonly CaseOutcome[]): Generator<string> {
  const nested = (value: unknown, indent: string) => JSON.stringify(value, null, 2).replaceAll('\n', `\n${indent}`);
  yield `{\n  "run": ${nested(run, '  ')},\n  "exceptions": [`;
  for (const [index, outcome] of sorted.entries()) yield `${index === 0 ? '' : ','}\n    ${nested(toAuditException(outcome), '    ')}`;
  yield sorted.length === 0 ? ']\n}\n' : '\n  ]\n}\n';
}

const CSV_COLUMNS: (keyof AuditException)[] = [
  'case_id', 'rule', 'kind', 'shipment_id', 'carrier', 'mode', 'lane', 'milestone', 'severity', 'score',
  'planned', 'actual', 'deviation_minutes', 'status', 'new', 'team', 'message',
];

export function auditCsv(exceptions: AuditException[], options: { excel?: boolean } = {}): string {
  return toCsv(CSV_COLUMNS, exceptions.map((e) => CSV_COLUMNS.map((column) => e[column])), options);
}

/** Compact UTC for a terminal column: 2026-05-05 07:00. */
function shortUtc(iso: string | null): string {
  return iso ? iso.replace('T', ' ').replace(/:00Z$|Z$/, '') : '';
}

export function auditTable(exceptions: AuditException[], color: boolean): string {
  const colors = makeColors(color);
  if (exceptions.length === 0) return 'No exceptions.\n';
  const rows = exceptions.map((e) => [
    String(e.case_id),
    paintSeverity(colors, e.severity as never),
    e.score.toFixed(1),
    e.rule,
    e.shipment_id,
    e.carrier,
    e.lane,
    e.milestone ?? '',
    shortUtc(e.planned),
    shortUtc(e.actual),
    formatDuration(e.deviation_minutes * 60_000),
    e.new ? colors.bold(`${e.status} (new)`) : e.status,
    e.team ?? '',
  ]);
  const header = ['case', 'severity', 'score', 'rule', 'shipment', 'carrier', 'lane', 'milestone', 'planned (UTC)', 'actual/est (UTC)', 'late by', 'status', 'team'];
  return `${renderTable(header, rows, colors, [0, 2, 10])}\n`;
}
