/**
 * `logex backtest` output: what a rule set would have raised over the nights replayed
 * (src/pipeline/backtest.ts), per rule, and with a baseline the difference per rule. As a Report, so
 * table, json and md render as every report does; JUnit for CI, one test case per rule.
 */
import { isoUtc } from '../model/time.js';
import type { BacktestResult, RuleTally } from '../pipeline/backtest.js';
import { escapeXml } from '../rules/format/index.js';
import type { FormatRegistry } from '../io/output-format.js';
import { column, type Report, type Row, type Section } from './model.js';
import { reportJson } from './render/data.js';
import { reportMarkdown } from './render/md.js';
import { reportText } from './render/terminal.js';
import { DAY_MS, mean, median, percent, round2 } from './stats.js';

/** Example shipments listed per rule for the cases only one rule set raised. */
export const EXAMPLES = 5;

export interface BacktestLabels {
  /** The rule paths, as given. */
  rules: string;
  baseline?: string;
  every: string;
  /** `--fail-on-change`, in percent. */
  failOnChangePct?: number;
}

/** How a rule's alert volume (alerts opened over all nights) moved from the baseline to the candidate. */
export interface VolumeChange {
  ruleId: string;
  /** Whether the rule is in both rule sets, or in one only. */
  presence: 'both' | 'added' | 'removed';
  alerts: number;
  baselineAlerts: number;
  /** (alerts − baseline) / baseline × 100; null when the baseline opened none. */
  changePct: number | null;
  /** Over --fail-on-change: by more than its percentage, or any alert where the baseline had none. */
  exceeds: boolean;
}

const total = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0);

/** Every rule of either set, the candidate's first, in their files' order. */
export function volumeChanges(result: BacktestResult, failOnChangePct?: number): VolumeChange[] {
  const baseline = new Map((result.baseline ?? []).map((tally) => [tally.ruleId, tally]));
  const candidate = new Map(result.candidate.map((tally) => [tally.ruleId, tally]));
  const ruleIds = [...candidate.keys(), ...[...baseline.keys()].filter((id) => !candidate.has(id))];
  return ruleIds.map((ruleId) => {
    const alerts = total(candidate.get(ruleId)?.openedPerNight ?? []);
    const baselineAlerts = total(baseline.get(ruleId)?.openedPerNight ?? []);
    const changePct = percent(alerts - baselineAlerts, baselineAlerts);
    const exceeds = failOnChangePct !== undefined && (changePct === null ? alerts > 0 : Math.abs(changePct) > failOnChangePct);
    const presence = !baseline.has(ruleId) ? 'added' : !candidate.has(ruleId) ? 'removed' : 'both';
    return { ruleId, presence, alerts, baselineAlerts, changePct: round2(changePct), exceeds };
  });
}

function ruleRow(tally: RuleTally): Row {
  const median_open = median(tally.openMs);
  return {
    rule: tally.ruleId,
    kind: tally.kind,
    alerts: total(tally.openedPerNight),
    per_night_mean: round2(mean(tally.openedPerNight)),
    per_night_max: tally.openedPerNight.length ? Math.max(...tally.openedPerNight) : 0,
    cases: tally.cases.size,
    median_open_days: round2(median_open === null ? null : median_open / DAY_MS),
    open_at_start: tally.openAtStart,
    open_at_end: tally.openAtEnd,
  };
}

function rulesSection(id: string, title: string, tallies: readonly RuleTally[]): Section {
  return {
    id,
    title,
    columns: [
      column('rule', 'rule'),
      column('kind', 'kind'),
      column('alerts', 'alerts opened', 'count'),
      column('per_night_mean', 'per night, mean', 'number'),
      column('per_night_max', 'per night, max', 'count'),
      column('cases', 'cases', 'count'),
      column('median_open_days', 'median open, days', 'number'),
      column('open_at_start', 'open at start', 'count'),
      column('open_at_end', 'open at end', 'count'),
    ],
    rows: tallies.map(ruleRow),
    emptyMessage: 'No rules.',
  };
}

/** The subjects of the cases in `cases` and not in `other`, and how many such cases. */
function onlyIn(cases: ReadonlyMap<string, string> | undefined, other: ReadonlyMap<string, string> | undefined) {
  const subjects = new Set<string>();
  let count = 0;
  for (const [key, subject] of cases ?? []) {
    if (other?.has(key)) continue;
    count++;
    subjects.add(subject);
  }
  return { count, examples: [...subjects].sort().slice(0, EXAMPLES).join(', ') };
}

function changesSection(result: BacktestResult, changes: readonly VolumeChange[]): Section {
  const candidate = new Map(result.candidate.map((tally) => [tally.ruleId, tally.cases]));
  const baseline = new Map((result.baseline ?? []).map((tally) => [tally.ruleId, tally.cases]));
  return {
    id: 'changes',
    title: 'Change against the baseline, per rule',
    columns: [
      column('rule', 'rule'),
      column('presence', 'in'),
      column('alerts', 'alerts opened', 'count'),
      column('baseline_alerts', 'baseline', 'count'),
      column('change_pct', 'change %', 'pct'),
      column('exceeds', 'over limit', 'flag'),
      column('only_new', 'cases only new', 'count'),
      column('only_baseline', 'cases only baseline', 'count'),
      column('examples_new', 'e.g. only new'),
      column('examples_baseline', 'e.g. only baseline'),
    ],
    rows: changes.map((change) => {
      const onlyNew = onlyIn(candidate.get(change.ruleId), baseline.get(change.ruleId));
      const onlyBaseline = onlyIn(baseline.get(change.ruleId), candidate.get(change.ruleId));
      return {
        rule: change.ruleId,
        presence: change.presence,
        alerts: change.alerts,
        baseline_alerts: change.baselineAlerts,
        change_pct: change.changePct,
        exceeds: change.exceeds ? 'yes' : '',
        only_new: onlyNew.count,
        only_baseline: onlyBaseline.count,
        examples_new: onlyNew.examples,
        examples_baseline: onlyBaseline.examples,
      };
    }),
    emptyMessage: 'No rules.',
  };
}

function nightsSection(result: BacktestResult): Section {
  const withBaseline = result.baseline !== undefined;
  return {
    id: 'nights',
    title: 'Per night',
    columns: [
      column('night', 'night (as of)', 'date'),
      column('alerts', 'alerts opened', 'count'),
      ...(withBaseline ? [column('baseline_alerts', 'baseline', 'count')] : []),
      column('shipments_evaluated', 'shipments evaluated', 'count'),
    ],
    rows: result.nights.map((night, index) => ({
      night: isoUtc(night),
      alerts: total(result.candidate.map((tally) => tally.openedPerNight[index]!)),
      ...(withBaseline ? { baseline_alerts: total(result.baseline!.map((tally) => tally.openedPerNight[index]!)) } : {}),
      shipments_evaluated: result.shipmentsEvaluated.nights[index]!,
    })),
    emptyMessage: 'No nights.',
  };
}

export function backtestReport(result: BacktestResult, labels: BacktestLabels): Report {
  const { nights } = result;
  const first = nights[0]!;
  const last = nights.at(-1)!;
  const every = nights.length > 1 ? nights[1]! - first : DAY_MS;
  const changes = result.baseline ? volumeChanges(result, labels.failOnChangePct) : undefined;
  const sections = [
    rulesSection('rules', result.baseline ? `Per rule: ${labels.rules}` : 'Per rule', result.candidate),
    ...(changes ? [changesSection(result, changes)] : []),
    nightsSection(result),
  ];
  return {
    name: 'backtest',
    title: result.baseline ? `Backtest: ${labels.rules} against ${labels.baseline}` : `Backtest: ${labels.rules}`,
    asOf: last,
    window: { from: first, to: last + every },
    parameters: {
      nights: `${nights.length}, every ${labels.every}`,
      ...(labels.failOnChangePct !== undefined ? { fail_on_change: `${labels.failOnChangePct}%` } : {}),
    },
    definitions: [
      'A night is the nightly audit replayed as of that instant over the store as it is now: events count only once received by then (their reported_at; without one, when the run that stored them was as of, an actual no later than it happened), plans as stored. Nothing is written.',
      'Alerts opened: findings holding on a night that did not hold the night before (a new case, or one cleared and back: a reopened case). The night before the first is evaluated too, so the first night counts only what is new that night.',
      'Cases: distinct findings (rule, shipment, milestone or key) that held on at least one night.',
      'Median open, days: from the night an alert opened to the first night its finding no longer held, over the alerts opened in the period; one still open after the last night counts as closing the night after (a lower bound; their number is "open at end").',
      'Open at start / at end: findings holding the night before the first / on the last night.',
      ...(changes
        ? [
            "Change %: (alerts opened − baseline's) / baseline's × 100, none when the baseline opened none. Cases only new / only baseline: cases one rule set raised and the other never did, with example shipments (sorted, at most five).",
          ]
        : []),
    ],
    notes: [
      ...(result.estimatesStoredLater > 0
        ? [
            `${result.estimatesStoredLater.toLocaleString('en-US')} stored estimate(s) have no receipt time (reported_at) and were stored by a run as of after the night before the first: ` +
              'each counts from the as-of of the run that stored it, so the nights before miss it (predicted_late may open later than it did). ' +
              'Give "logex ingest" the --as-of of files received in the past.',
          ]
        : []),
      ...(result.plansChangedLater > 0
        ? [
            `${result.plansChangedLater.toLocaleString('en-US')} plan(s) were changed by a run as of after the night before the first, before this store kept the versions a change replaces (schema 14): ` +
              'every night replays them as changed, also the nights before the change.',
          ]
        : []),
    ],
    sections,
    charts: [],
    primarySection: 'rules',
  };
}

/** JUnit for CI: one test case per rule, failing when its alert volume changed over --fail-on-change. */
export function backtestJunit(result: BacktestResult, labels: BacktestLabels): string {
  const candidate = new Map(result.candidate.map((tally) => [tally.ruleId, tally]));
  const baseline = new Map((result.baseline ?? []).map((tally) => [tally.ruleId, tally]));
  const changes = volumeChanges(result, labels.failOnChangePct);
  const period = `${isoUtc(result.nights[0]!)} – ${isoUtc(result.nights.at(-1)!)}`;
  const cases = changes.map((change) => {
    const tally = candidate.get(change.ruleId) ?? baseline.get(change.ruleId)!;
    const row = ruleRow(tally);
    const figures =
      `${change.ruleId} (${tally.kind}): ${change.alerts} alert(s) opened over ${result.nights.length} night(s)` +
      (result.baseline ? `, baseline ${change.baselineAlerts}` : '') +
      `; per night mean ${row.per_night_mean ?? 0}, max ${row.per_night_max}; ${row.cases} case(s)`;
    const open = `    <testcase classname="${escapeXml(tally.file)}" name="${escapeXml(change.ruleId)}">`;
    const failure = change.exceeds
      ? `\n      <failure message="${escapeXml(changeText(change, labels.failOnChangePct!))}">${escapeXml(figures)}</failure>`
      : '';
    return `${open}${failure}\n      <system-out>${escapeXml(figures)}</system-out>\n    </testcase>`;
  });
  const failures = changes.filter((change) => change.exceeds).length;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="logex backtest" tests="${cases.length}" failures="${failures}">\n` +
    `  <testsuite name="${escapeXml(`backtest ${period}`)}" tests="${cases.length}" failures="${failures}" errors="0">\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`
  );
}

/** One line for a rule whose alert volume changed over the limit. */
export function changeText(change: VolumeChange, limitPct: number): string {
  const moved = change.changePct === null ? 'none in the baseline' : `${change.changePct > 0 ? '+' : ''}${change.changePct}%`;
  return `${change.ruleId}: ${change.alerts} alert(s) opened, baseline ${change.baselineAlerts} (${moved}), over --fail-on-change ${limitPct}%`;
}

/** What `logex backtest` prints, in each of its formats. */
export interface BacktestOutput {
  result: BacktestResult;
  labels: BacktestLabels;
}

export const BACKTEST_FORMATS: FormatRegistry<BacktestOutput> = [
  { name: 'table', description: 'aligned columns', render: ({ result, labels }, { color }) => reportText([backtestReport(result, labels)], color) },
  { name: 'json', description: 'every section and its definitions', render: ({ result, labels }) => reportJson([backtestReport(result, labels)]) },
  { name: 'md', description: 'Markdown, for a pull-request comment', render: ({ result, labels }) => reportMarkdown([backtestReport(result, labels)]) },
  { name: 'junit', description: 'JUnit XML, a test case per rule', render: ({ result, labels }) => backtestJunit(result, labels) },
];
