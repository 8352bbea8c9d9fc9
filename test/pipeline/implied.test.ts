/**
 * Implied milestones through the real audit: files read by the readers, stored, evaluated, cases
 * reconciled run after run, and shown as `cases show` shows them.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseDetail } from '../../src/cases/show.js';
import { CODE_TABLES } from '../../src/model/codes/index.js';
import { CodeResolver } from '../../src/model/codes/resolver.js';
import { LocationTable } from '../../src/model/locations.js';
import { runAudit } from '../../src/pipeline/audit.js';
import { caseDetailJson, caseDetailText } from '../../src/report/cases.js';
import { loadRuleText } from '../../src/rules/load.js';
import { openStore, type Db } from '../../src/store/database.js';
import { tempDir } from '../helpers.js';

const RULES = loadRuleText(
  `version: 1
rules:
  - id: departed-overdue
    check: { kind: milestone_overdue, milestone: departed }
    tolerance: 2h
    severity: high
  - id: departed-late
    check: { kind: milestone_late, milestone: departed }
    tolerance: 30m
    severity: medium
`,
  'rules.yaml',
).rules;

const readerOptions = { time: new LocationTable().timeContext('UTC'), codes: new CodeResolver(CODE_TABLES, {}) };

function write(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function audit(db: Db, inputs: { role: 'plans' | 'events'; path: string }[], asOf: string, full = false) {
  return runAudit(db, {
    inputs,
    rules: RULES,
    evaluation: {},
    asOf: Date.parse(asOf),
    now: asOf,
    actor: 'cron',
    readerOptions,
    continueOnRejects: false,
    full,
  });
}

function cases(db: Db) {
  return db.prepare('SELECT rule_id, shipment_id, status, message FROM cases ORDER BY shipment_id, rule_id').all();
}

describe('X12 214 AF: the pickup, and on road the departure from origin', () => {
  // Both carriers' trucks left the shipper at 14:00 UTC, an hour after the planned departure.
  const X12 = [
    'ISA*00*          *00*          *ZZ*LOGEXTEST      *ZZ*LOGEXRCV       *260501*1200*U*00401*000000301*0*P*>~',
    'GS*QM*LOGEXTEST*LOGEXRCV*20260501*1200*301*X*004010~',
    'ST*214*0001~',
    'B10*PRO-R1*BOL-R1*ODFL~',
    'LX*1~',
    'AT7*AF*NS***20260501*1400*UT~',
    'MS1*ATLANTA*GA*US~',
    'SE*6*0001~',
    'ST*214*0002~',
    'B10*PRO-O1*BOL-O1*ODFL~',
    'LX*1~',
    'AT7*AF*NS***20260501*1400*UT~',
    'MS1*ATLANTA*GA*US~',
    'SE*6*0002~',
    'GE*2*301~',
    'IEA*1*000000301~',
  ].join('\n');
  const PLANS = `shipment_id,carrier,mode,origin,destination,planned_pickup,planned_departed,refs
R1,ODFL,road,USATL,USCHI,2026-05-01T12:00:00Z,2026-05-01T13:00:00Z,bol:BOL-R1
O1,ODFL,ocean,USSAV,NLRTM,2026-05-01T12:00:00Z,2026-05-01T13:00:00Z,bol:BOL-O1
`;

  it('on road AF is the departure (measured late, never "no departed yet"); on ocean it is the pickup only', async () => {
    const dir = tempDir();
    const db = openStore(join(dir, 'store.db'));
    await audit(
      db,
      [
        { role: 'plans', path: write(dir, 'plans.csv', PLANS) },
        { role: 'events', path: write(dir, 'status.edi', X12) },
      ],
      '2026-05-01T20:00:00Z',
    );
    expect(cases(db)).toEqual([
      { rule_id: 'departed-overdue', shipment_id: 'O1', status: 'open', message: 'no departed yet, 7h after plan (tolerance 2h)' },
      { rule_id: 'departed-late', shipment_id: 'R1', status: 'open', message: 'departed 1h late (tolerance 30m)' },
    ]);
    db.close();
  });
});

describe('an open overdue case clears when a later milestone arrives', () => {
  const PLANS = `shipment_id,carrier,mode,origin,destination,planned_pickup,planned_departed,planned_delivered,refs
S1,ODFL,road,USATL,USCHI,2026-05-01T12:00:00Z,2026-05-01T13:00:00Z,2026-05-02T12:00:00Z,bol:B1
`;
  const PICKED_UP = `shipment_id,status,event_time\nS1,pickup,2026-05-01T12:10:00Z\n`;
  const DELIVERED = `shipment_id,status,event_time\nS1,delivered,2026-05-02T11:00:00Z\n`;

  for (const full of [false, true]) {
    it(`run 1 opens "no departed yet", run 2 with the delivery clears it (${full ? 'full' : 'incremental'} audit)`, async () => {
      const dir = tempDir();
      const db = openStore(join(dir, 'store.db'));
      const night1 = [
        { role: 'plans' as const, path: write(dir, 'plans.csv', PLANS) },
        { role: 'events' as const, path: write(dir, 'e1.csv', PICKED_UP) },
      ];
      const first = await audit(db, night1, '2026-05-01T20:00:00Z');
      expect(first.cases).toMatchObject({ opened: 1 });
      expect(cases(db)).toEqual([{ rule_id: 'departed-overdue', shipment_id: 'S1', status: 'open', message: 'no departed yet, 7h after plan (tolerance 2h)' }]);

      const second = await audit(db, [{ role: 'events', path: write(dir, 'e2.csv', DELIVERED) }], '2026-05-02T14:00:00Z', full);
      expect(second.evaluation.mode).toBe(full ? 'full' : 'incremental');
      expect(second.cases).toMatchObject({ cleared: 1 });
      expect(cases(db)).toEqual([
        { rule_id: 'departed-overdue', shipment_id: 'S1', status: 'cleared', message: 'no departed yet, 7h after plan (tolerance 2h)' },
      ]);

      // cases show: the departure has no time of its own, only the delivery that implies it.
      const detail = caseDetail(db, 1, Date.parse('2026-05-02T14:00:00Z'))!;
      expect(detail.milestones!.find((m) => m.milestone === 'departed')).toEqual({
        milestone: 'departed',
        planned: Date.parse('2026-05-01T13:00:00Z'),
        actual: undefined,
        estimate: undefined,
        impliedBy: { milestone: 'delivered', at: Date.parse('2026-05-02T11:00:00Z') },
        deviationMinutes: undefined,
      });
      expect(caseDetailText(detail, Date.parse('2026-05-02T14:00:00Z'), false)).toMatch(
        /departed\s+│?\s*2026-05-01 13:00\s+│?\s*implied by delivered at 2026-05-02 11:00/,
      );
      const json = JSON.parse(caseDetailJson(detail, Date.parse('2026-05-02T14:00:00Z')));
      expect(json.timeline.milestones.find((m: { milestone: string }) => m.milestone === 'departed')).toMatchObject({
        actual: null,
        implied_by: { milestone: 'delivered', at: '2026-05-02T11:00:00Z' },
      });
      db.close();
    });
  }
});
