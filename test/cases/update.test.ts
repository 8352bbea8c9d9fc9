/** Changing cases by hand: history rows, required fields, configuration, bulk all-or-nothing. */
import { describe, expect, it } from 'vitest';
import { updateCases, type CaseEdit, type UpdateContext } from '../../src/cases/update.js';
import type { Db } from '../../src/store/database.js';
import { configOf, DEFAULTS, historyOf, statusOf, storeWithCases } from './fixture.js';

const context: UpdateContext = { config: DEFAULTS, mode: 'command', actor: 'ana', now: '2026-05-11T09:00:00.000Z' };
const update = (db: Db, ids: number[], edit: CaseEdit, overrides: Partial<UpdateContext> = {}) =>
  updateCases(
    db,
    ids.map((caseId) => ({ caseId, edit })),
    { ...context, ...overrides },
  );
const messages = (outcome: ReturnType<typeof update>) => outcome.problems.map((problem) => `case ${problem.caseId}: ${problem.message}`);
const caseRow = (db: Db, id: number) => db.prepare('SELECT status, assignee, team, root_cause, outcome, updated_at FROM cases WHERE id = ?').get(id);

describe('updating cases', () => {
  it('records each changed field as a history row with actor and time, and the note as its own row', () => {
    const db = storeWithCases(1);
    update(db, [1], { status: 'in_progress', assignee: 'ana', team: 'customs-desk', note: 'waiting for the broker' });
    expect(caseRow(db, 1)).toEqual({
      status: 'in_progress',
      assignee: 'ana',
      team: 'customs-desk',
      root_cause: null,
      outcome: null,
      updated_at: '2026-05-11T09:00:00.000Z',
    });
    expect(historyOf(db, 1)).toEqual([
      { actor: 'cron', at: '2026-05-10T01:00:00.000Z', action: 'opened', from_value: null, to_value: 'open', note: 'departed 4h late (tolerance 1h)' },
      { actor: 'ana', at: '2026-05-11T09:00:00.000Z', action: 'status', from_value: 'open', to_value: 'in_progress', note: null },
      { actor: 'ana', at: '2026-05-11T09:00:00.000Z', action: 'assignee', from_value: null, to_value: 'ana', note: null },
      { actor: 'ana', at: '2026-05-11T09:00:00.000Z', action: 'team', from_value: 'ocean-desk', to_value: 'customs-desk', note: null },
      { actor: 'ana', at: '2026-05-11T09:00:00.000Z', action: 'note', from_value: null, to_value: null, note: 'waiting for the broker' },
    ]);
  });

  it('an unchanged value writes nothing; null clears a field; a command note is always added', () => {
    const db = storeWithCases(1);
    update(db, [1], { assignee: 'ana', note: 'called' });
    const again = update(db, [1], { assignee: 'ana' }, { now: '2026-05-12T09:00:00.000Z' });
    expect(again).toEqual({ changed: [], unchanged: [1], problems: [] });
    update(db, [1], { assignee: null, note: 'called' }, { actor: 'bo', now: '2026-05-12T09:00:00.000Z' });
    expect(historyOf(db, 1).slice(3)).toEqual([
      { actor: 'bo', at: '2026-05-12T09:00:00.000Z', action: 'assignee', from_value: 'ana', to_value: null, note: null },
      { actor: 'bo', at: '2026-05-12T09:00:00.000Z', action: 'note', from_value: null, to_value: null, note: 'called' },
    ]);
  });

  it('resolving needs a root cause and closing an outcome, given with the status or already on the case', () => {
    const db = storeWithCases(1);
    expect(messages(update(db, [1], { status: 'resolved' }))).toEqual(['case 1: status resolved needs root_cause; set it in the same update']);
    expect(statusOf(db, 1)).toBe('open');
    expect(messages(update(db, [1], { status: 'resolved', root_cause: 'Carrier / Capacity' }))).toEqual([]);
    expect(caseRow(db, 1)).toMatchObject({ status: 'resolved', root_cause: 'carrier/capacity' });
    expect(messages(update(db, [1], { root_cause: null }))).toEqual(['case 1: status resolved needs root_cause; set it in the same update']);
    expect(messages(update(db, [1], { status: 'closed' }))).toEqual(['case 1: status closed needs outcome; set it in the same update']);
    update(db, [1], { outcome: 'carrier credited 2 days of demurrage' });
    expect(messages(update(db, [1], { status: 'closed' }))).toEqual([]);
    expect(statusOf(db, 1)).toBe('closed');
  });

  it('what a status requires is configurable (cases.require)', () => {
    const db = storeWithCases(1);
    const config = configOf('version: 1\ncases:\n  require:\n    in_progress: [assignee]\n    closed: []\n');
    expect(messages(update(db, [1], { status: 'in_progress' }, { config }))).toEqual(['case 1: status in_progress needs assignee; set it in the same update']);
    expect(messages(update(db, [1], { status: 'in_progress', assignee: 'ana' }, { config }))).toEqual([]);
    expect(messages(update(db, [1], { status: 'resolved' }, { config }))).toEqual(['case 1: status resolved needs root_cause; set it in the same update']);
    update(db, [1], { status: 'resolved', root_cause: 'customs/inspection' }, { config });
    expect(messages(update(db, [1], { status: 'closed' }, { config }))).toEqual([]);
  });

  it('root causes come from the taxonomy: the built-in one, or the configured one that replaces it', () => {
    const db = storeWithCases(1);
    expect(messages(update(db, [1], { root_cause: 'carrier/capasity' }))).toEqual([
      'case 1: root cause "carrier/capasity" is not in the built-in root-cause taxonomy (no root_causes configured); did you mean "carrier/capacity"?',
    ]);
    const config = configOf('version: 1\nroot_causes:\n  carrier: [rolled_booking, blank_sailing]\n  customs: [missing_documents]\n');
    expect(messages(update(db, [1], { root_cause: 'carrier/capacity' }, { config }))).toEqual([
      'case 1: root cause "carrier/capacity" is not in the configured root_causes',
    ]);
    expect(messages(update(db, [1], { root_cause: 'carrier' }, { config }))).toEqual([
      'case 1: root cause "carrier" needs a category and a cause, as in the configured root_causes: carrier/rolled_booking, carrier/blank_sailing',
    ]);
    expect(messages(update(db, [1], { root_cause: 'CUSTOMS/missing_documents' }, { config }))).toEqual([]);
    expect(caseRow(db, 1)).toMatchObject({ root_cause: 'customs/missing_documents' });
  });

  it('with teams defined, a team must be one of them, spelled as defined', () => {
    const db = storeWithCases(1);
    const config = configOf('version: 1\nteams:\n  - name: ocean-desk\n  - name: Customs-Desk\n');
    expect(messages(update(db, [1], { team: 'custom-desk' }, { config }))).toEqual(['case 1: team "custom-desk" is not defined; did you mean "Customs-Desk"?']);
    update(db, [1], { team: 'customs-desk' }, { config });
    expect(caseRow(db, 1)).toMatchObject({ team: 'Customs-Desk' });
  });

  it('a bulk update applies to every case or, if one is refused, to none', () => {
    const db = storeWithCases(3);
    update(db, [2], { status: 'resolved', root_cause: 'shipper/late_cargo' });
    const historyRows = () => db.prepare('SELECT count(*) FROM case_history').pluck().get() as number;
    const before = historyRows();
    const refused = update(db, [1, 2, 3, 99], { status: 'acknowledged', assignee: 'bo' });
    expect(messages(refused)).toEqual(['case 2: cannot go from resolved to acknowledged; allowed from resolved: open, closed', 'case 99: no such case']);
    expect([1, 2, 3].map((id) => statusOf(db, id))).toEqual(['open', 'resolved', 'open']);
    expect(historyRows()).toBe(before);

    const applied = update(db, [1, 3], { status: 'acknowledged', assignee: 'bo' });
    expect(applied.problems).toEqual([]);
    expect(applied.changed.map((change) => change.caseId)).toEqual([1, 3]);
    expect([1, 2, 3].map((id) => statusOf(db, id))).toEqual(['acknowledged', 'resolved', 'acknowledged']);
    expect(historyRows()).toBe(before + 4);
  });

  it('a dry run reports the changes and writes nothing', () => {
    const db = storeWithCases(1);
    const outcome = update(db, [1], { status: 'acknowledged' }, { dryRun: true });
    expect(outcome.changed).toEqual([{ caseId: 1, origin: undefined, changes: [{ field: 'status', from: 'open', to: 'acknowledged' }] }]);
    expect(statusOf(db, 1)).toBe('open');
  });
});
