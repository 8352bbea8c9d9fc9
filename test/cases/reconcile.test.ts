/**
 * Case reconciliation across runs, driven through the engine with hand-written timelines:
 * escalation by deviation band, ETA churn inside a band, and settled cases staying settled.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/engine/evaluate.js';
import { loadRuleText } from '../../src/rules/load.js';
import { openStore } from '../../src/store/database.js';
import { event, plan, tempDir, timeline } from '../helpers.js';
import type { StoredEvent } from '../../src/model/records.js';
import { reconcileAll } from './fixture.js';

const rules = loadRuleText(
  'version: 1\nrules:\n  - id: eta\n    check: { kind: predicted_late, milestone: arrived }\n    tolerance: 1d\n    severity: medium\n',
  'r.yaml',
).rules;
const shipment = plan({ planned: { arrived: '2026-05-10T00:00:00Z' } });
const asOf = Date.parse('2026-05-05T00:00:00Z');

function auditWith(db: ReturnType<typeof openStore>, events: StoredEvent[]) {
  const runId = Number(db.prepare(`INSERT INTO runs (command, started_at, as_of_ms, inputs) VALUES ('test', '', ?, '[]')`).run(asOf).lastInsertRowid);
  const result = reconcileAll(db, evaluate([timeline(shipment, events)], rules, asOf), {
    runId,
    asOf,
    now: `2026-05-05T00:00:0${runId}Z`,
    actor: 'test',
    ruleIds: ['eta'],
  });
  return result;
}

const eta = (iso: string) => event('arrived', iso, { classifier: 'estimated' });
const historyOf = (db: ReturnType<typeof openStore>) => db.prepare('SELECT action, from_value, to_value FROM case_history ORDER BY id').all();
const storedCase = (db: ReturnType<typeof openStore>) => db.prepare('SELECT status, band, deviation_minutes FROM cases').get();

describe('reconciling cases across runs', () => {
  it('an ETA re-sent a few hours later inside the same band changes nothing', () => {
    const db = openStore(join(tempDir(), 'c.db'));
    auditWith(db, [eta('2026-05-11T06:00:00Z')]); // 30h late: band 1
    const second = auditWith(db, [eta('2026-05-11T06:00:00Z'), eta('2026-05-11T09:00:00Z')]); // 33h: still band 1
    expect(second.outcomes[0]).toMatchObject({ isNew: false, escalated: false });
    expect(storedCase(db)).toEqual({ status: 'open', band: 1, deviation_minutes: 1800 });
    expect(historyOf(db)).toEqual([{ action: 'opened', from_value: null, to_value: 'open' }]);
  });

  it('an ETA that crosses into the next band escalates the case once', () => {
    const db = openStore(join(tempDir(), 'c.db'));
    auditWith(db, [eta('2026-05-11T06:00:00Z')]); // band 1
    const worse = auditWith(db, [eta('2026-05-11T06:00:00Z'), eta('2026-05-12T06:00:00Z')]); // 54h: band 2
    expect(worse.outcomes[0]).toMatchObject({ escalated: true, isNew: false });
    expect(storedCase(db)).toEqual({ status: 'open', band: 2, deviation_minutes: 3240 });
    // Back into band 1 and up to band 2 again: the worst band was already seen, no second escalation.
    auditWith(db, [eta('2026-05-11T06:00:00Z'), eta('2026-05-12T06:00:00Z'), eta('2026-05-11T07:00:00Z')]);
    const again = auditWith(db, [eta('2026-05-11T06:00:00Z'), eta('2026-05-12T06:00:00Z'), eta('2026-05-11T07:00:00Z'), eta('2026-05-12T07:00:00Z')]);
    expect(again.outcomes[0]!.escalated).toBe(false);
    expect(historyOf(db).map((h: any) => h.action)).toEqual(['opened', 'escalated']);
  });

  it('a resolved case stays resolved while the condition holds, and reopens only when it gets worse', () => {
    const db = openStore(join(tempDir(), 'c.db'));
    auditWith(db, [eta('2026-05-11T06:00:00Z')]);
    db.prepare(`UPDATE cases SET status = 'resolved'`).run();
    const same = auditWith(db, [eta('2026-05-11T06:00:00Z')]);
    expect(same.outcomes[0]).toMatchObject({ status: 'resolved', isNew: false });
    const worse = auditWith(db, [eta('2026-05-11T06:00:00Z'), eta('2026-05-13T06:00:00Z')]);
    expect(worse.outcomes[0]).toMatchObject({ status: 'open', isNew: true });
    expect(historyOf(db).at(-1)).toEqual({ action: 'reopened', from_value: 'resolved', to_value: 'open' });
  });

  it('a resolved case is not cleared when the condition stops: the person decided, the audit does not overrule', () => {
    const db = openStore(join(tempDir(), 'c.db'));
    auditWith(db, [eta('2026-05-11T06:00:00Z')]);
    db.prepare(`UPDATE cases SET status = 'resolved'`).run();
    const result = auditWith(db, [eta('2026-05-11T06:00:00Z'), eta('2026-05-10T01:00:00Z')]);
    expect(result.cleared).toBe(0);
    expect(storedCase(db)).toMatchObject({ status: 'resolved' });
  });

  it("reports the team a person gave the case, not the rule's", () => {
    const db = openStore(join(tempDir(), 'c.db'));
    auditWith(db, [eta('2026-05-11T06:00:00Z')]);
    db.prepare(`UPDATE cases SET team = 'escalations'`).run();
    expect(auditWith(db, [eta('2026-05-11T06:00:00Z')]).outcomes[0]!.exception.team).toBe('escalations');
  });
});
