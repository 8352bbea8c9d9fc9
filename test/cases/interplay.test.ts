/**
 * What a person's status means to the next audit: an acknowledged case stays acknowledged (and what a
 * notifier reads says it is someone's), a resolved one stays resolved unless it gets worse.
 */
import { describe, expect, it } from 'vitest';
import { updateCases } from '../../src/cases/update.js';
import { audit, DEFAULTS, historyOf, shipments, statusOf, storeWithCases } from './fixture.js';

const byHand = (db: ReturnType<typeof storeWithCases>, edit: Parameters<typeof updateCases>[1][number]['edit']) =>
  updateCases(db, [{ caseId: 1, edit }], { config: DEFAULTS, mode: 'command', actor: 'ana', now: '2026-05-10T09:00:00.000Z' });
const actions = (db: ReturnType<typeof storeWithCases>) => historyOf(db, 1).map((row) => (row as { action: string }).action);

describe('cases across audits', () => {
  it('an acknowledged case stays acknowledged and is not new on the next run, even when it gets worse', () => {
    const db = storeWithCases(1);
    byHand(db, { status: 'acknowledged' });
    const same = audit(db, shipments(1), '2026-05-11T01:00:00.000Z');
    expect(same.outcomes.map(({ caseId, status, isNew, escalated }) => ({ caseId, status, isNew, escalated }))).toEqual([
      { caseId: 1, status: 'acknowledged', isNew: false, escalated: false },
    ]);
    // Departed 30h late instead of 4h: a worse band. Still acknowledged, not new: someone has it.
    const worse = audit(db, shipments(1, '2026-05-05T14:00:00Z'), '2026-05-12T01:00:00.000Z');
    expect(worse.outcomes.map(({ status, isNew, escalated }) => ({ status, isNew, escalated }))).toEqual([
      { status: 'acknowledged', isNew: false, escalated: true },
    ]);
    expect(statusOf(db, 1)).toBe('acknowledged');
    expect(actions(db)).toEqual(['opened', 'status', 'escalated']);
  });

  it('a case resolved by hand stays resolved while the same condition holds, and reopens when it gets worse', () => {
    const db = storeWithCases(1);
    byHand(db, { status: 'resolved', root_cause: 'carrier/capacity' });
    expect(audit(db, shipments(1), '2026-05-11T01:00:00.000Z').outcomes[0]).toMatchObject({ status: 'resolved', isNew: false });
    const worse = audit(db, shipments(1, '2026-05-05T14:00:00Z'), '2026-05-12T01:00:00.000Z');
    expect(worse.outcomes[0]).toMatchObject({ status: 'open', isNew: true });
    expect(historyOf(db, 1).at(-1)).toMatchObject({ action: 'reopened', from_value: 'resolved', to_value: 'open' });
    // The root cause found earlier stays on the case for whoever picks it up again.
    expect(db.prepare('SELECT root_cause FROM cases WHERE id = 1').pluck().get()).toBe('carrier/capacity');
  });
});
