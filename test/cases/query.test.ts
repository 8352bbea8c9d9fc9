/** The case list: each filter and sort order over a store with written-out cases. */
import { describe, expect, it } from 'vitest';
import { listCases, type CaseFilter, type CaseSort } from '../../src/cases/query.js';
import { updateCases } from '../../src/cases/update.js';
import { audit, DEFAULTS, shipments, storeWithCases } from './fixture.js';

// Cases 1–3 opened as of 10 May (4h late); case 4 opened as of 12 May, 10h late, after a second audit.
const db = storeWithCases(3);
audit(db, [...shipments(3), ...shipments(4, '2026-05-04T18:00:00Z').slice(3)], '2026-05-12T01:00:00.000Z', Date.parse('2026-05-12T00:00:00Z'));
db.prepare(`UPDATE cases SET carrier = 'HLCU', lane = 'DEHAM>USNYC' WHERE id = 2`).run();
updateCases(
  db,
  [
    { caseId: 1, edit: { assignee: 'ana', status: 'acknowledged' } },
    { caseId: 3, edit: { team: null, status: 'resolved', root_cause: 'carrier/capacity' } },
  ],
  { config: DEFAULTS, mode: 'command', actor: 'ana', now: '2026-05-13T09:00:00.000Z' },
);
const NOW = Date.parse('2026-05-14T00:00:00Z');
const ids = (filter: CaseFilter, sort: CaseSort = 'age') => listCases(db, filter, { sort, asOf: NOW }).map((c) => c.id);

describe('listing cases', () => {
  it('filters by status, team, assignee ("not set" as null), carrier and lane', () => {
    expect(ids({})).toEqual([1, 2, 3, 4]);
    expect(ids({ statuses: ['open', 'acknowledged'] })).toEqual([1, 2, 4]);
    expect(ids({ teams: [null] })).toEqual([3]);
    expect(ids({ teams: ['ocean-desk'], assignees: [null, 'bo'] })).toEqual([2, 4]);
    expect(ids({ assignees: ['ana'] })).toEqual([1]);
    expect(ids({ carriers: ['hlcu'] })).toEqual([2]);
    expect(ids({ lanes: ['DE*>*'] })).toEqual([2]);
    expect(ids({ lanes: ['cn*>us*'] })).toEqual([1, 3, 4]);
    expect(ids({ rules: ['departure-*'], severities: ['high'] })).toEqual([1, 2, 3, 4]);
    expect(ids({ rules: ['arrival-*'] })).toEqual([]);
    expect(ids({ ids: [4, 2] })).toEqual([2, 4]);
  });

  it('filters by when a case was opened, last changed, and how old it is at as-of', () => {
    expect(ids({ openedSince: Date.parse('2026-05-11T00:00:00Z') })).toEqual([4]);
    expect(ids({ updatedSince: Date.parse('2026-05-13T00:00:00Z') })).toEqual([1, 3]);
    // At 14 May: cases 1–3 are 4 days old, case 4 two days.
    expect(ids({ ageOverMs: 3 * 86_400_000 })).toEqual([1, 2, 3]);
    expect(ids({ ageOverMs: 4 * 86_400_000 })).toEqual([]);
  });

  it('sorts by age (oldest first), deviation (latest first) or score, ties by case number', () => {
    expect(ids({}, 'age')).toEqual([1, 2, 3, 4]);
    expect(ids({}, 'deviation')).toEqual([4, 1, 2, 3]);
    const scores = [5, 12.5, 7, 12.5];
    scores.forEach((score, index) => db.prepare('UPDATE cases SET score = ? WHERE id = ?').run(score, index + 1));
    expect(ids({}, 'score')).toEqual([2, 4, 3, 1]);
  });

  it('shows the latest note and the revision an export needs', () => {
    // A store of its own: notes change when cases were last updated, which the filters above read.
    const own = storeWithCases(3);
    updateCases(own, [{ caseId: 2, edit: { note: 'first' } }], { config: DEFAULTS, mode: 'command', actor: 'bo', now: '2026-05-13T10:00:00.000Z' });
    updateCases(own, [{ caseId: 2, edit: { note: 'second' } }], { config: DEFAULTS, mode: 'command', actor: 'bo', now: '2026-05-13T11:00:00.000Z' });
    const [record] = listCases(own, { ids: [2] }, { sort: 'age', asOf: NOW });
    const latestHistoryRow = own.prepare('SELECT max(id) FROM case_history WHERE case_id = 2').pluck().get();
    expect(record).toMatchObject({ note: 'second', revision: latestHistoryRow });
  });
});
