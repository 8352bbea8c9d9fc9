/** Reading cases: one, or a filtered and sorted list, with their latest note and history. */
import { createRequire } from 'node:module';
import type { CheckKindId, Severity } from '../model/vocabulary.js';
import { findingOfCaseSql } from '../store/case-key.js';
import { selectSpec } from '../store/columns.js';
import type { Db } from '../store/database.js';
import type { CaseStatus } from '../model/case-lifecycle.js';

const require = createRequire(import.meta.url);
/** picomatch is loaded for rule and lane globs only: most listings filter by neither. */
const picomatch = () => require('picomatch') as typeof import('picomatch');

export interface CaseRecord {
  id: number;
  status: CaseStatus;
  severity: Severity;
  score: number;
  ruleId: string;
  kind: CheckKindId;
  shipmentId: string;
  carrier: string | null;
  mode: string | null;
  lane: string | null;
  milestone: string | null;
  /** What the case is about: its key's last part (a milestone, a document type, a pair of milestones…). */
  finding: string;
  planned: number | null;
  actual: number | null;
  deviationMinutes: number;
  message: string;
  team: string | null;
  assignee: string | null;
  rootCause: string | null;
  outcome: string | null;
  /** The latest note; notes are history rows, never overwritten. */
  note: string | null;
  /** The as-of instant the case was opened (or last reopened) at. */
  openedAsOf: number;
  /** Wall-clock time of the last change, by an audit or a person. */
  updatedAt: string;
  /** The id of the case's latest history row: what an export saw, for merging an import. */
  revision: number;
}

export interface HistoryEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  from: string | null;
  to: string | null;
  note: string | null;
  runId: number | null;
}

/** Every condition must hold; a list matches any of its values; `null` in a list matches "not set". */
export interface CaseFilter {
  ids?: readonly number[];
  statuses?: readonly CaseStatus[];
  severities?: readonly Severity[];
  teams?: readonly (string | null)[];
  assignees?: readonly (string | null)[];
  carriers?: readonly string[];
  /** Rule ids or globs. */
  rules?: readonly string[];
  /** Globs on ORIGIN>DESTINATION. */
  lanes?: readonly string[];
  openedSince?: number;
  updatedSince?: number;
  /** Opened longer ago than this, at the as-of instant. */
  ageOverMs?: number;
}

export const CASE_SORTS = ['score', 'age', 'deviation'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

/** The case list's columns under CaseRecord's names: the SQL and each column's row position come from here. */
const CASE_COLUMNS = selectSpec<keyof CaseRecord>({
  id: 'c.id',
  status: 'c.status',
  severity: 'c.severity',
  score: 'c.score',
  ruleId: 'c.rule_id',
  kind: 'c.kind',
  shipmentId: 'c.shipment_id',
  carrier: 'c.carrier',
  mode: 'c.mode',
  lane: 'c.lane',
  milestone: 'c.milestone',
  finding: findingOfCaseSql('c'),
  planned: 'c.planned_ms',
  actual: 'c.actual_ms',
  deviationMinutes: 'c.deviation_minutes',
  message: 'c.message',
  team: 'c.team',
  assignee: 'c.assignee',
  rootCause: 'c.root_cause',
  outcome: 'c.outcome',
  note: "(SELECT h.note FROM case_history h WHERE h.case_id = c.id AND h.action = 'note' ORDER BY h.id DESC LIMIT 1)",
  openedAsOf: 'c.opened_as_of_ms',
  updatedAt: 'c.updated_at',
  revision: '(SELECT max(h.id) FROM case_history h WHERE h.case_id = c.id)',
});

const SELECT = `SELECT ${CASE_COLUMNS.select} FROM cases c`;

/** A row of SELECT, read as an array: better-sqlite3's row objects of 23 columns made `cases list` of 320k cases spend 5 of its 8.8 s collecting garbage. */
function toRecord(row: unknown[]): CaseRecord {
  const at = CASE_COLUMNS.at;
  return {
    id: row[at.id] as number,
    status: row[at.status] as CaseStatus,
    severity: row[at.severity] as Severity,
    score: row[at.score] as number,
    ruleId: row[at.ruleId] as string,
    kind: row[at.kind] as CheckKindId,
    shipmentId: row[at.shipmentId] as string,
    carrier: row[at.carrier] as string | null,
    mode: row[at.mode] as string | null,
    lane: row[at.lane] as string | null,
    milestone: row[at.milestone] as string | null,
    finding: row[at.finding] as string,
    planned: row[at.planned] as number | null,
    actual: row[at.actual] as number | null,
    deviationMinutes: row[at.deviationMinutes] as number,
    message: row[at.message] as string,
    team: row[at.team] as string | null,
    assignee: row[at.assignee] as string | null,
    rootCause: row[at.rootCause] as string | null,
    outcome: row[at.outcome] as string | null,
    note: row[at.note] as string | null,
    openedAsOf: row[at.openedAsOf] as number,
    updatedAt: row[at.updatedAt] as string,
    // No history row yet: an export saw revision 0.
    revision: (row[at.revision] as number | null) ?? 0,
  };
}

export function getCase(db: Db, id: number): CaseRecord | undefined {
  const row = db.prepare(`${SELECT} WHERE c.id = ?`).raw().get(id) as unknown[] | undefined;
  return row && toRecord(row);
}

/** Cases matching the filter, sorted (worst, oldest or latest first; ties by id), ages at `asOf`. */
export function listCases(db: Db, filter: CaseFilter, options: { sort: CaseSort; asOf: number }): CaseRecord[] {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const anyOf = (column: string, values: readonly (string | number | null)[] | undefined) => {
    if (!values) return;
    const given = values.filter((value) => value !== null);
    const parts = [`${column} IN (SELECT value FROM json_each(?))`];
    params.push(JSON.stringify(given));
    if (given.length < values.length) parts.push(`${column} IS NULL`);
    conditions.push(`(${parts.join(' OR ')})`);
  };
  anyOf('c.id', filter.ids);
  anyOf('c.status', filter.statuses);
  anyOf('c.severity', filter.severities);
  anyOf('c.team', filter.teams);
  anyOf('c.assignee', filter.assignees);
  if (filter.carriers) {
    conditions.push('upper(c.carrier) IN (SELECT upper(value) FROM json_each(?))');
    params.push(JSON.stringify(filter.carriers));
  }
  if (filter.openedSince !== undefined) {
    conditions.push('c.opened_as_of_ms >= ?');
    params.push(filter.openedSince);
  }
  if (filter.ageOverMs !== undefined) {
    conditions.push('c.opened_as_of_ms < ?');
    params.push(options.asOf - filter.ageOverMs);
  }
  const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
  const rules = globs(filter.rules, false);
  const lanes = globs(filter.lanes, true);
  const records = (
    db
      .prepare(`${SELECT}${where}`)
      .raw()
      .all(...params) as unknown[][]
  )
    .map(toRecord)
    .filter(
      (record) =>
        (!rules || rules(record.ruleId)) &&
        (!lanes || lanes(record.lane ?? '')) &&
        // updated_at is ISO text written by different clocks' toISOString; compare as instants.
        (filter.updatedSince === undefined || Date.parse(record.updatedAt) >= filter.updatedSince),
    );
  const key = SORT_KEYS[options.sort];
  return records.sort((a, b) => key(b) - key(a) || a.id - b.id);
}

/** Bigger first: the highest score, the longest open (earliest opened), the most late. */
const SORT_KEYS: Record<CaseSort, (record: CaseRecord) => number> = {
  score: (record) => record.score,
  age: (record) => -record.openedAsOf,
  deviation: (record) => record.deviationMinutes,
};

function globs(patterns: readonly string[] | undefined, nocase: boolean): ((value: string) => boolean) | undefined {
  if (!patterns) return undefined;
  const matchers = patterns.map((pattern) => picomatch()(pattern, { nocase }));
  return (value) => matchers.some((matches) => matches(value));
}

export function caseHistory(db: Db, caseId: number): HistoryEntry[] {
  return db
    .prepare(
      `SELECT id, at, actor, action, from_value AS "from", to_value AS "to", note, run_id AS runId
       FROM case_history WHERE case_id = ? ORDER BY id`,
    )
    .all(caseId) as HistoryEntry[];
}

export function ageMs(record: CaseRecord, asOf: number): number {
  return Math.max(0, asOf - record.openedAsOf);
}
