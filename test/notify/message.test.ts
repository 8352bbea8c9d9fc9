import { describe, expect, it } from 'vitest';
import { immediateMessage, type NotifiedCase } from '../../src/notify/message.js';

const base: NotifiedCase = {
  case_id: 12,
  rule: 'carrier-reported-exception',
  kind: 'carrier_exception',
  shipment_id: 'S9',
  carrier: 'ODFL',
  mode: 'road',
  lane: 'USATL>USCLT',
  milestone: null,
  finding: 'CH',
  severity: 'medium',
  planned: null,
  actual: '2026-03-10T08:00:00Z',
  deviation_minutes: 0,
  team: 'road-desk',
  message: 'carrier reported exception SD (shipment damaged)',
  trigger: 'opened',
  late_by: '0m',
  show: 'logex cases show 12',
};

describe('notification text', () => {
  it('a finding that is not lateness says what was found, never "0m late"', () => {
    const { subject, body } = immediateMessage(base);
    expect(subject).toBe('[logex] New medium exception: carrier-reported-exception on S9, carrier reported exception SD (shipment damaged) (case 12)');
    expect(body).not.toMatch(/late/i);
  });

  it('a late milestone says how late, in the subject and the body', () => {
    const late: NotifiedCase = {
      ...base,
      rule: 'departure-late',
      kind: 'milestone_late',
      milestone: 'departed',
      deviation_minutes: 540,
      late_by: '9h',
      message: 'departed 9h late (tolerance 8h)',
    };
    const { subject, body } = immediateMessage(late);
    expect(subject).toBe('[logex] New medium exception: departure-late on S9, 9h late (case 12)');
    expect(body).toContain('Late by:   9h');
  });
});
