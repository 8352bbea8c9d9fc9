/**
 * `logex report exceptions`: the cases someone should look at — every open one and every one opened in
 * the window — by severity, team, kind and age, with the list itself top risk first.
 */
import { ACTIVE_STATUSES } from '../model/case-lifecycle.js';
import { isoUtc } from '../model/time.js';
import { SEVERITIES, severityRank, type Severity } from '../model/vocabulary.js';
import type { CaseRecord } from '../store/report-reads.js';
import { column, type Report, type Row } from './model.js';
import { inWindow, ReportScope } from './scope.js';
import { DAY_MS, round2 } from './stats.js';

/** Upper bounds in days of the age buckets, the last open-ended. */
const AGE_BUCKETS: { label: string; below: number }[] = [
  { label: '< 1d', below: 1 },
  { label: '1–3d', below: 3 },
  { label: '3–7d', below: 7 },
  { label: '7–14d', below: 14 },
  { label: '14–30d', below: 30 },
  { label: '≥ 30d', below: Infinity },
];

const isOpen = (record: CaseRecord) => ACTIVE_STATUSES.includes(record.status);

/** Severity, then risk score, then case id: the audit's own ordering. */
function topRiskFirst(a: CaseRecord, b: CaseRecord): number {
  return severityRank(b.severity) - severityRank(a.severity) || b.score - a.score || a.id - b.id;
}

function countBy(
  records: CaseRecord[],
  keyOf: (record: CaseRecord) => string,
  isRecent: (record: CaseRecord) => boolean,
): Map<string, { open: number; recent: number }> {
  const counts = new Map<string, { open: number; recent: number }>();
  for (const record of records) {
    const entry = counts.get(keyOf(record)) ?? { open: 0, recent: 0 };
    if (isOpen(record)) entry.open++;
    if (isRecent(record)) entry.recent++;
    counts.set(keyOf(record), entry);
  }
  return counts;
}

export function exceptionsReport(scope: ReportScope): Report {
  const { window } = scope.options;
  const isRecent = (record: CaseRecord) => inWindow(record.openedAsOf, window);
  const listed = scope
    .cases()
    .filter((record) => isOpen(record) || isRecent(record))
    .sort(topRiskFirst);
  const ageDays = (record: CaseRecord) => (scope.asOf - record.openedAsOf) / DAY_MS;

  const caseRows: Row[] = listed.map((record) => ({
    case_id: record.id,
    severity: record.severity,
    score: round2(record.score),
    rule: record.ruleId,
    kind: record.kind,
    shipment_id: record.shipmentId,
    carrier: record.carrier,
    lane: record.lane,
    team: record.team,
    status: record.status,
    opened_as_of: isoUtc(record.openedAsOf),
    age_days: round2(ageDays(record)),
    message: record.message,
  }));
  const groupRows = (counts: Map<string, { open: number; recent: number }>, key: string, order: (a: string, b: string) => number): Row[] =>
    [...counts].sort(([a], [b]) => order(a, b)).map(([value, count]) => ({ [key]: value, open: count.open, recent: count.recent }));
  const alphabetical = (a: string, b: string) => a.localeCompare(b);

  const severities = groupRows(
    countBy(listed, (r) => r.severity, isRecent),
    'severity',
    (a, b) => severityRank(b as Severity) - severityRank(a as Severity),
  );
  const teams = groupRows(
    countBy(listed, (r) => r.team ?? '(no team)', isRecent),
    'team',
    alphabetical,
  );
  const kinds = groupRows(
    countBy(listed, (r) => r.kind, isRecent),
    'kind',
    alphabetical,
  );
  const ages = AGE_BUCKETS.map(({ label }, index) => ({
    age: label,
    open: listed.filter((r) => isOpen(r) && ageDays(r) >= (AGE_BUCKETS[index - 1]?.below ?? -Infinity) && ageDays(r) < AGE_BUCKETS[index]!.below).length,
  }));
  const openRecentColumns = [column('open', 'open', 'count'), column('recent', 'opened in period', 'count')];

  return {
    name: 'exceptions',
    title: 'Open and recent exceptions',
    asOf: scope.asOf,
    window,
    parameters: scope.commonParameters(),
    definitions: [
      `Open: a case in status ${ACTIVE_STATUSES.join(', ')}, whenever it was opened. Recent: a case opened by an audit whose as-of falls in the window (from ≤ t < to), in any status.`,
      'Age: report as-of − the as-of of the audit that opened the case, in days. The age table counts open cases only.',
      `Order: severity (${[...SEVERITIES].reverse().join(' > ')}), then risk score, then case id — as the audit prints them.`,
    ],
    notes: [],
    primarySection: 'cases',
    sections: [
      {
        id: 'by_severity',
        title: 'By severity',
        columns: [column('severity', 'severity', 'severity'), ...openRecentColumns],
        rows: severities,
        emptyMessage: 'No open or recent cases.',
      },
      { id: 'by_team', title: 'By team', columns: [column('team', 'team'), ...openRecentColumns], rows: teams, emptyMessage: 'No open or recent cases.' },
      { id: 'by_kind', title: 'By kind', columns: [column('kind', 'kind'), ...openRecentColumns], rows: kinds, emptyMessage: 'No open or recent cases.' },
      {
        id: 'by_age',
        title: 'Open cases by age',
        columns: [column('age', 'age'), column('open', 'open', 'count')],
        rows: ages,
        emptyMessage: 'No open cases.',
      },
      {
        id: 'cases',
        title: 'Cases, top risk first',
        columns: [
          column('case_id', 'case', 'count'),
          column('severity', 'severity', 'severity'),
          column('score', 'score', 'number'),
          column('rule', 'rule'),
          column('kind', 'kind'),
          column('shipment_id', 'shipment'),
          column('carrier', 'carrier'),
          column('lane', 'lane'),
          column('team', 'team'),
          column('status', 'status'),
          column('opened_as_of', 'opened (as-of)', 'date'),
          column('age_days', 'age d', 'number'),
          column('message', 'message'),
        ],
        rows: caseRows,
        emptyMessage: 'No open or recent cases.',
      },
    ],
    charts: [],
  };
}
