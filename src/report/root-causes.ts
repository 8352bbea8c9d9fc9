/**
 * `logex report root-causes`: resolved cases by root cause, most frequent first with cumulative shares
 * (a Pareto table), and how long each team takes to resolve a case.
 */
import { SETTLED_STATUSES } from '../model/case-lifecycle.js';
import type { CaseRecord } from '../store/report-reads.js';
import { paretoChart } from './charts.js';
import { column, type Report, type Row } from './model.js';
import { inWindow, ReportScope } from './scope.js';
import { groupBy, HOUR_MS, mean, median, percent, round2 } from './stats.js';

const NOT_RECORDED = '(not recorded)';

/** Hours from the case's `opened` history row to its last `resolved` status row, both wall-clock. */
function hoursToResolve(record: CaseRecord): number | undefined {
  if (record.openedAt === null || record.resolvedAt === null) return undefined;
  return (Date.parse(record.resolvedAt) - Date.parse(record.openedAt)) / HOUR_MS;
}

export function rootCausesReport(scope: ReportScope): Report {
  const { window } = scope.options;
  const resolved = scope.cases().filter((record) => inWindow(record.openedAsOf, window) && SETTLED_STATUSES.includes(record.status));

  const causeCounts = new Map<string, number>();
  for (const record of resolved) causeCounts.set(record.rootCause ?? NOT_RECORDED, (causeCounts.get(record.rootCause ?? NOT_RECORDED) ?? 0) + 1);
  let cumulative = 0;
  const paretoRows: Row[] = [...causeCounts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([rootCause, cases]) => {
      cumulative += cases;
      return { root_cause: rootCause, cases, pct: round2(percent(cases, resolved.length)), cumulative_pct: round2(percent(cumulative, resolved.length)) };
    });

  const teams = groupBy(resolved, (record) => record.team ?? '(no team)');
  const teamRows: Row[] = [...teams]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([team, records]) => {
      const durations = records.map(hoursToResolve).filter((h): h is number => h !== undefined);
      return {
        team,
        resolved: records.length,
        timed: durations.length,
        resolve_mean_h: round2(mean(durations)),
        resolve_median_h: round2(median(durations)),
      };
    });

  const notes: string[] = [];
  if (resolved.length === 0) notes.push('No resolved or closed cases among the cases opened in the period (cases are resolved through the case workflow).');
  const untimed = resolved.filter((record) => hoursToResolve(record) === undefined).length;
  if (untimed > 0)
    notes.push(`${untimed} resolved case(s) have no "opened" or "status → resolved" history row, so no time to resolve; they count in the Pareto table only.`);

  return {
    name: 'root-causes',
    title: 'Root causes of resolved exceptions',
    asOf: scope.asOf,
    window,
    parameters: { ...scope.commonParameters(), resolved_cases: String(resolved.length) },
    definitions: [
      'Resolved: a case in status resolved or closed, among the cases opened by an audit whose as-of falls in the window (from ≤ t < to).',
      `Root cause: the case's root_cause; ${NOT_RECORDED} when none was set. % = cases ÷ resolved cases; cumulative % adds the rows above (Pareto).`,
      'Time to resolve: the last case-history row setting the status to resolved minus the case\'s "opened" row, in hours (both wall-clock times of the change); mean, and median (the mean of the two middle values for an even count).',
    ],
    notes,
    primarySection: 'pareto',
    sections: [
      {
        id: 'pareto',
        title: 'Resolved cases by root cause',
        columns: [
          column('root_cause', 'root cause'),
          column('cases', 'cases', 'count'),
          column('pct', '%', 'pct'),
          column('cumulative_pct', 'cumulative %', 'pct'),
        ],
        rows: paretoRows,
        emptyMessage: 'No resolved cases.',
      },
      {
        id: 'by_team',
        title: 'Time to resolve by team',
        columns: [
          column('team', 'team'),
          column('resolved', 'resolved', 'count'),
          column('timed', 'with times', 'count'),
          column('resolve_mean_h', 'mean h', 'hours'),
          column('resolve_median_h', 'median h', 'hours'),
        ],
        rows: teamRows,
        emptyMessage: 'No resolved cases.',
      },
    ],
    charts:
      paretoRows.length === 0
        ? []
        : [
            {
              id: 'root-cause-pareto',
              title: 'Resolved cases by root cause',
              spec: paretoChart({ values: paretoRows, category: 'root_cause', value: 'cases', valueTitle: 'cases', cumulative: 'cumulative_pct' }),
            },
          ],
  };
}
