/** What the `cases` commands print: the case list (table, JSON, CSV), one case in full, update results. */
import { ageMs, type CaseRecord } from '../cases/query.js';
import type { CaseDetail } from '../cases/show.js';
import type { CaseChange } from '../cases/update.js';
import { isoUtc } from '../model/time.js';
import { formatDuration, formatLateness } from '../rules/duration.js';
import { type CsvOptions, toCsv } from '../io/csv/write.js';
import type { FormatRegistry } from '../io/output-format.js';
import { makeColors } from '../io/colors.js';
import { paintSeverity, renderTable } from './render/table.js';

/** A case as JSON and CSV show it: snake_case, times ISO 8601 UTC, age at the listing's as-of. */
export function caseJson(record: CaseRecord, asOf: number) {
  const iso = (ms: number | null) => (ms === null ? null : isoUtc(ms));
  return {
    id: record.id,
    status: record.status,
    severity: record.severity,
    score: record.score,
    rule: record.ruleId,
    kind: record.kind,
    shipment_id: record.shipmentId,
    carrier: record.carrier,
    mode: record.mode,
    lane: record.lane,
    milestone: record.milestone,
    finding: record.finding,
    planned: iso(record.planned),
    actual: iso(record.actual),
    deviation_minutes: record.deviationMinutes,
    message: record.message,
    team: record.team,
    assignee: record.assignee,
    root_cause: record.rootCause,
    outcome: record.outcome,
    note: record.note,
    opened: isoUtc(record.openedAsOf),
    age_minutes: Math.floor(ageMs(record, asOf) / 60_000),
    // Stored with the writer's milliseconds; shown to the second like every other time logex writes.
    updated_at: isoUtc(Math.floor(Date.parse(record.updatedAt) / 1000) * 1000),
  };
}

export function casesJson(records: readonly CaseRecord[], asOf: number): string {
  return `${JSON.stringify({ as_of: isoUtc(asOf), cases: records.map((record) => caseJson(record, asOf)) }, null, 2)}\n`;
}

const CSV_COLUMNS: (keyof ReturnType<typeof caseJson>)[] = [
  'id',
  'status',
  'severity',
  'score',
  'rule',
  'kind',
  'shipment_id',
  'carrier',
  'mode',
  'lane',
  'milestone',
  'finding',
  'planned',
  'actual',
  'deviation_minutes',
  'message',
  'team',
  'assignee',
  'root_cause',
  'outcome',
  'note',
  'opened',
  'age_minutes',
  'updated_at',
];

export function casesCsv(records: readonly CaseRecord[], asOf: number, options: CsvOptions = {}): string {
  const rows = records.map((record) => caseJson(record, asOf)).map((row) => CSV_COLUMNS.map((column) => row[column]));
  return toCsv(CSV_COLUMNS, rows, options);
}

export function casesTable(records: readonly CaseRecord[], asOf: number, color: boolean): string {
  if (records.length === 0) return 'No cases.\n';
  const colors = makeColors(color);
  const header = ['case', 'status', 'severity', 'score', 'rule', 'shipment', 'finding', 'carrier', 'lane', 'late by', 'age', 'team', 'assignee', 'root cause'];
  const rows = records.map((c) => [
    String(c.id),
    c.status,
    paintSeverity(colors, c.severity),
    c.score.toFixed(1),
    c.ruleId,
    c.shipmentId,
    c.finding,
    c.carrier ?? '',
    c.lane ?? '',
    formatLateness(c.deviationMinutes),
    formatDuration(ageMs(c, asOf)),
    c.team ?? '',
    c.assignee ?? '',
    c.rootCause ?? '',
  ]);
  return `${renderTable(header, rows, colors, [0, 3, 9, 10])}\n`;
}

export function caseDetailJson(detail: CaseDetail, asOf: number): string {
  const iso = (ms: number | undefined) => (ms === undefined ? null : isoUtc(ms));
  return `${JSON.stringify(
    {
      case: caseJson(detail.record, asOf),
      timeline: detail.milestones && {
        milestones: detail.milestones.map((m) => ({
          milestone: m.milestone,
          planned: iso(m.planned),
          actual: iso(m.actual),
          implied_by: m.impliedBy ? { milestone: m.impliedBy.milestone, at: isoUtc(m.impliedBy.at) } : null,
          estimate: iso(m.estimate),
          deviation_minutes: m.deviationMinutes ?? null,
        })),
        events: detail.events.map((e) => ({
          time: isoUtc(e.time),
          original: e.text,
          zone: e.zone,
          status: e.status,
          classifier: e.classifier,
          location: e.location ?? null,
          reason: e.reason ?? null,
          code: e.code ?? null,
          reported_at: iso(e.reportedAt),
          source: e.source,
        })),
      },
      history: detail.history.map((h) => ({ at: h.at, actor: h.actor, action: h.action, from: h.from, to: h.to, note: h.note, run_id: h.runId })),
    },
    null,
    2,
  )}\n`;
}

/** Compact UTC for a terminal: 2026-05-05 07:00. */
function shortUtc(ms: number | null | undefined): string {
  return ms === null || ms === undefined
    ? ''
    : isoUtc(ms)
        .replace('T', ' ')
        .replace(/:00Z$|Z$/, '');
}

export function caseDetailText(detail: CaseDetail, asOf: number, color: boolean): string {
  const colors = makeColors(color);
  const c = detail.record;
  const or = (value: string | null) => value ?? '—';
  const lines = [
    colors.bold(`case ${c.id}: ${c.status}, ${paintSeverity(colors, c.severity)}, score ${c.score.toFixed(1)}`),
    `rule       ${c.ruleId} (${c.kind})`,
    `shipment   ${c.shipmentId}  ${[c.carrier, c.mode, c.lane].filter(Boolean).join('  ')}${c.milestone ? `  milestone ${c.milestone}` : ''}`,
    `finding    ${c.finding}: ${c.message}`,
    `planned    ${shortUtc(c.planned) || '—'}   actual/est ${shortUtc(c.actual) || '—'}   late by ${formatLateness(c.deviationMinutes) || '—'}`,
    `team       ${or(c.team)}   assignee ${or(c.assignee)}   root cause ${or(c.rootCause)}   outcome ${or(c.outcome)}`,
    `opened     as of ${isoUtc(c.openedAsOf)}, age ${formatDuration(ageMs(c, asOf))}   last change ${c.updatedAt}`,
  ];
  if (c.note) lines.push(`note       ${c.note}`);
  lines.push('');
  if (!detail.milestones) {
    lines.push(`No shipment plan is stored for ${c.shipmentId}.`);
  } else {
    lines.push(colors.bold(`Timeline of ${c.shipmentId} (UTC)`));
    lines.push(
      renderTable(
        ['milestone', 'planned', 'actual', 'estimate', 'deviation'],
        detail.milestones.map((m) => [
          m.milestone,
          shortUtc(m.planned),
          m.impliedBy ? `implied by ${m.impliedBy.milestone} at ${shortUtc(m.impliedBy.at)}` : shortUtc(m.actual),
          shortUtc(m.estimate),
          m.deviationMinutes === undefined ? '' : formatDuration(m.deviationMinutes * 60_000),
        ]),
        colors,
        [4],
      ),
    );
    lines.push(
      detail.events.length === 0
        ? 'No events.'
        : renderTable(
            ['time (UTC)', 'as sent', 'status', 'classifier', 'location', 'reason', 'source'],
            detail.events.map((e) => [shortUtc(e.time), e.text, e.status, e.classifier, e.location ?? '', e.reason ?? e.code ?? '', e.source]),
            colors,
          ),
    );
  }
  lines.push('', colors.bold('History'));
  lines.push(
    renderTable(
      ['at', 'by', 'action', 'change', 'note'],
      detail.history.map((h) => [h.at, h.actor, h.action, h.from === null && h.to === null ? '' : `${h.from ?? '—'} → ${h.to ?? '—'}`, h.note ?? '']),
      colors,
    ),
  );
  return `${lines.join('\n')}\n`;
}

/** The cases a listing found, and the instant their ages are counted to. */
export interface CaseListOutput {
  records: readonly CaseRecord[];
  asOf: number;
}

export const CASE_LIST_FORMATS: FormatRegistry<CaseListOutput> = [
  { name: 'table', description: 'aligned columns', render: ({ records, asOf }, { color }) => casesTable(records, asOf, color) },
  { name: 'json', description: 'the cases with their as-of', render: ({ records, asOf }) => casesJson(records, asOf) },
  { name: 'csv', description: 'one row per case', render: ({ records, asOf }, { csv }) => casesCsv(records, asOf, csv) },
];

/** One case in full, with its timeline as known at `asOf`. */
export interface CaseDetailOutput {
  detail: CaseDetail;
  asOf: number;
}

export const CASE_DETAIL_FORMATS: FormatRegistry<CaseDetailOutput> = [
  { name: 'table', description: 'as text', render: ({ detail, asOf }, { color }) => caseDetailText(detail, asOf, color) },
  { name: 'json', description: 'the case, its timeline and history', render: ({ detail, asOf }) => caseDetailJson(detail, asOf) },
];

/** One line per changed case: `case 3: status open → acknowledged; assignee — → ana; note added`. */
export function changeLines(changed: readonly CaseChange[]): string {
  return changed
    .map(({ caseId, changes }) => {
      const parts = changes.map((change) => (change.field === 'note' ? `note "${change.to}"` : `${change.field} ${change.from ?? '—'} → ${change.to ?? '—'}`));
      return `case ${caseId}: ${parts.join('; ')}\n`;
    })
    .join('');
}
