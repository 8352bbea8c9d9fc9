/** The audit's JSON report is written piece by piece; its text must be exactly `{ run, exceptions }` indented. */
import { describe, expect, it } from 'vitest';
import type { CaseOutcome } from '../../src/cases/reconcile.js';
import { toAuditException } from '../../src/cases/exception-view.js';
import type { Exception } from '../../src/engine/evaluate.js';
import { auditJsonChunks, exceptionJson } from '../../src/report/audit-exceptions.js';

const exception = (shipmentId: string, message: string): Exception => ({
  caseKey: `late|${shipmentId}|departed`,
  ruleId: 'late',
  kind: 'milestone_late',
  subject: 'shipment',
  shipmentId,
  carrier: 'MAEU',
  lane: 'CNSHA>USLAX',
  mode: 'ocean',
  milestone: 'departed',
  severity: 'high',
  score: 6.5,
  planned: Date.parse('2026-05-04T08:00:00Z'),
  actual: undefined,
  deviationMinutes: 240,
  band: 4,
  message,
});

const outcome = (caseId: number, found: Exception): CaseOutcome => ({ exception: found, caseId, status: 'open', isNew: caseId === 1, escalated: false });

describe('auditJsonChunks', () => {
  const run = { id: 3, as_of: '2026-05-10T00:00:00Z', unknown_codes: { 'x12:ZZ': 2 }, exceptions: 2 };

  it('writes what JSON.stringify would, nested values and escapes included', () => {
    const sorted = [outcome(1, exception('S1', 'departed 4h late "quoted"\nsecond line')), outcome(2, exception('S2', 'ünïcode'))];
    const expected = `${JSON.stringify({ run, exceptions: sorted.map(toAuditException) }, null, 2)}\n`;
    expect([...auditJsonChunks(run, sorted.map(toAuditException).map(exceptionJson))].join('')).toBe(expected);
  });

  it('writes an empty list as []', () => {
    expect([...auditJsonChunks(run, [])].join('')).toBe(`${JSON.stringify({ run, exceptions: [] }, null, 2)}\n`);
  });
});
