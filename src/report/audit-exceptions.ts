/** What `logex audit` prints: every exception holding at the as-of time, with its case. */
import type { CaseOutcome } from '../cases/reconcile.js';
import type { AuditException } from '../cases/exception-view.js';
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

export function auditJson(run: Record<string, unknown>, exceptions: AuditException[]): string {
  return `${JSON.stringify({ run, exceptions }, null, 2)}\n`;
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
