/** Every move between two statuses, made by a person through updateCases: allowed ones apply, the rest are refused. */
import { describe, expect, it } from 'vitest';
import { CASE_STATUSES, type CaseStatus } from '../../src/model/case-lifecycle.js';
import { updateCases } from '../../src/cases/update.js';
import { DEFAULTS, historyOf, statusOf, storeWithCases } from './fixture.js';

/** The lifecycle as the README states it, written out independently of src/model/case-lifecycle.ts. */
const ALLOWED: Record<CaseStatus, CaseStatus[]> = {
  open: ['acknowledged', 'in_progress', 'resolved'],
  acknowledged: ['open', 'in_progress', 'resolved'],
  in_progress: ['acknowledged', 'resolved'],
  resolved: ['open', 'closed'],
  closed: ['open'],
  cleared: ['resolved', 'closed'],
};

const pairs = CASE_STATUSES.flatMap((from) => CASE_STATUSES.filter((to) => to !== from).map((to) => [from, to] as const));
const db = storeWithCases(1);
const moveFrom = (from: CaseStatus, to: CaseStatus) => {
  db.prepare('DELETE FROM case_history WHERE action != ?').run('opened');
  db.prepare('UPDATE cases SET status = ? WHERE id = 1').run(from);
  // Root cause and outcome given, so only the move itself can be refused.
  return updateCases(db, [{ caseId: 1, edit: { status: to, root_cause: 'carrier/capacity', outcome: 'carrier credited' } }], {
    config: DEFAULTS,
    mode: 'command',
    actor: 'ana',
    now: '2026-05-11T09:00:00.000Z',
  });
};

describe('case lifecycle', () => {
  it('covers all 30 moves between different statuses', () => {
    expect(pairs).toHaveLength(30);
  });

  it.each(pairs.filter(([from, to]) => ALLOWED[from].includes(to)))('%s → %s is allowed and recorded', (from, to) => {
    const outcome = moveFrom(from, to);
    expect(outcome.problems).toEqual([]);
    expect(statusOf(db, 1)).toBe(to);
    expect(historyOf(db, 1)).toContainEqual({ actor: 'ana', at: '2026-05-11T09:00:00.000Z', action: 'status', from_value: from, to_value: to, note: null });
  });

  it.each(pairs.filter(([from, to]) => !ALLOWED[from].includes(to)))('%s → %s is refused, naming the allowed moves', (from, to) => {
    const outcome = moveFrom(from, to);
    const allowed = `allowed from ${from}: ${ALLOWED[from].join(', ')}`;
    const expected =
      to === 'cleared' ? `only the audit sets "cleared" (when the condition stops holding); ${allowed}` : `cannot go from ${from} to ${to}; ${allowed}`;
    expect(outcome.problems).toEqual([{ caseId: 1, origin: undefined, message: expected }]);
    expect(statusOf(db, 1)).toBe(from);
    expect(historyOf(db, 1).map((row) => (row as { action: string }).action)).toEqual(['opened']);
  });

  it('setting the status a case already has changes nothing and writes no history', () => {
    moveFrom('open', 'acknowledged');
    const before = historyOf(db, 1);
    const outcome = updateCases(db, [{ caseId: 1, edit: { status: 'acknowledged' } }], {
      config: DEFAULTS,
      mode: 'command',
      actor: 'bo',
      now: '2026-05-11T10:00:00.000Z',
    });
    expect(outcome).toEqual({ changed: [], unchanged: [1], problems: [] });
    expect(historyOf(db, 1)).toEqual(before);
  });

  it('accepts statuses as people type them, and suggests the near one for a typo', () => {
    db.prepare(`UPDATE cases SET status = 'open' WHERE id = 1`).run();
    const typed = (status: string) =>
      updateCases(db, [{ caseId: 1, edit: { status } }], { config: DEFAULTS, mode: 'command', actor: 'ana', now: '2026-05-11T10:00:00.000Z', dryRun: true });
    expect(typed('In Progress').problems).toEqual([]);
    expect(typed('acknowleged').problems[0]!.message).toBe(
      '"acknowleged" is not a case status (open, acknowledged, in_progress, resolved, closed, cleared); did you mean "acknowledged"?',
    );
  });
});
