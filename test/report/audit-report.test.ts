/**
 * The audit's report kept packed while the run goes on: given back worst first, each exception exactly
 * as it was reported; and the CSV written in chunks reads back as one file.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { CaseOutcome } from '../../src/cases/reconcile.js';
import { toAuditException } from '../../src/cases/exception-view.js';
import type { Exception } from '../../src/engine/evaluate.js';
import { SEVERITIES, severityRank } from '../../src/model/vocabulary.js';
import { auditCsvChunks, AuditReport } from '../../src/report/audit-exceptions.js';

const found = (index: number): Exception => ({
  caseKey: `late|S${index}|departed`,
  ruleId: 'late',
  kind: 'milestone_late',
  subject: 'shipment',
  shipmentId: `S${index}`,
  carrier: 'MAEU',
  lane: 'CNSHA>USLAX',
  mode: 'ocean',
  milestone: index % 3 ? 'departed' : undefined,
  severity: SEVERITIES[index % 4]!,
  score: ((index * 7) % 5) + 0.25,
  team: index % 2 ? 'ocean-desk' : undefined,
  planned: Date.parse('2026-05-04T08:00:00Z') + index * 60_000,
  actual: index % 5 ? Date.parse('2026-05-04T12:00:00Z') : undefined,
  deviationMinutes: ((index * 13) % 3) * 60,
  band: 1,
  // Escapes, non-ASCII, and what a spreadsheet would run as a formula.
  message: index % 4 ? `departed ${index} late "quoted"\nnext line, ünïcode` : `=HYPERLINK("x${index}")`,
});

const outcomes: CaseOutcome[] = Array.from({ length: 1_200 }, (_, index) => ({
  exception: found(index),
  // Case ids not in arrival order, some cases reported twice (a tie on every key).
  caseId: ((index * 389) % 1_100) + 1,
  status: index % 7 ? 'open' : 'acknowledged',
  isNew: index % 2 === 0,
  escalated: false,
}));

describe('AuditReport', () => {
  it('gives back every exception as reported, worst first: severity, score, lateness, then case id', () => {
    const report = new AuditReport();
    for (const outcome of outcomes) report.add(outcome);
    const expected = [...outcomes]
      .sort(
        (a, b) =>
          severityRank(b.exception.severity) - severityRank(a.exception.severity) ||
          b.exception.score - a.exception.score ||
          b.exception.deviationMinutes - a.exception.deviationMinutes ||
          a.caseId - b.caseId,
      )
      .map(toAuditException);
    expect([...report.sorted()]).toEqual(expected);
    expect([...report.severities].sort()).toEqual([...SEVERITIES].sort());
  });

  it('is empty when nothing holds', () => {
    const report = new AuditReport();
    expect([...report.sorted()]).toEqual([]);
    expect(report.severities.size).toBe(0);
  });
});

describe('auditCsvChunks', () => {
  const exceptions = outcomes.map(toAuditException);

  it('writes one header and every row, however many chunks it takes', () => {
    const chunks = [...auditCsvChunks(exceptions, { raw: true })];
    expect(chunks.length).toBeGreaterThan(2);
    const rows = parse(chunks.join(''), { columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
    expect(rows).toHaveLength(exceptions.length);
    expect(rows[1_000]).toMatchObject({ case_id: String(exceptions[1_000]!.case_id), message: exceptions[1_000]!.message, new: 'true' });
  });

  it('for Excel: one byte-order mark, and formula-like cells neutralised in every chunk (as in plain CSV)', () => {
    const text = [...auditCsvChunks(exceptions, { excel: true })].join('');
    expect(text.startsWith('\uFEFFcase_id,')).toBe(true);
    expect(text.lastIndexOf('\uFEFF')).toBe(0);
    const rows = parse(text.slice(1), { columns: true }) as Record<string, string>[];
    expect(rows[1_000]!.message).toBe(`'=HYPERLINK("x1000")`);
    expect([...auditCsvChunks(exceptions)].join('')).toContain(`'=HYPERLINK(""x1000"")`);
  });
});
