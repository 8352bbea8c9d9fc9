/**
 * Implied milestones (docs/rules.md): an actual at a milestone implies the earlier milestones of the
 * order happened at or before it. Each kind that reads actuals, on a shipment whose later milestone was
 * reported and an earlier one was not. Rules from YAML text; every time written out here.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/engine/evaluate.js';
import type { StoredEvent } from '../../src/model/records.js';
import type { DocumentRecord } from '../../src/model/records.js';
import { loadRuleText } from '../../src/rules/load.js';
import { at, event, plan, timeline } from '../helpers.js';

function rules(yaml: string) {
  const loaded = loadRuleText(`version: 1\nrules:\n${yaml}`, 'r.yaml');
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return loaded.rules;
}

const PLANNED = {
  pickup: '2026-05-01T08:00Z',
  departed: '2026-05-01T12:00Z',
  arrived: '2026-05-03T12:00Z',
  delivered: '2026-05-04T12:00Z',
};

const OVERDUE = rules(
  ['pickup', 'departed', 'arrived', 'delivered']
    .map((m) => `  - id: no-${m}\n    check: { kind: milestone_overdue, milestone: ${m} }\n    tolerance: 2h\n    severity: high\n`)
    .join(''),
);

const found = (events: StoredEvent[], ruleSet = OVERDUE, asOf = '2026-05-06T00:00Z', planned: Record<string, string> = PLANNED) =>
  evaluate([timeline(plan({ mode: 'road', planned }), events)], ruleSet, Date.parse(asOf)).map((e) => `${e.ruleId}: ${e.message}`);

describe('milestone_overdue and implied milestones', () => {
  it('without any actual, every planned milestone past its tolerance is overdue', () => {
    expect(found([])).toEqual([
      'no-pickup: no pickup yet, 4d16h after plan (tolerance 2h)',
      'no-departed: no departed yet, 4d12h after plan (tolerance 2h)',
      'no-arrived: no arrived yet, 2d12h after plan (tolerance 2h)',
      'no-delivered: no delivered yet, 1d12h after plan (tolerance 2h)',
    ]);
  });

  it('a shipment delivered on time is not "no pickup / departed / arrived yet"', () => {
    expect(found([event('delivered', '2026-05-04T11:00Z')])).toEqual([]);
  });

  it('an arrival implies pickup and departure, not the delivery after it', () => {
    expect(found([event('arrived', '2026-05-03T12:00Z')])).toEqual(['no-delivered: no delivered yet, 1d12h after plan (tolerance 2h)']);
  });

  it('an actual dated after the as-of implies nothing yet', () => {
    expect(found([event('delivered', '2026-05-04T11:00Z')], OVERDUE, '2026-05-02T00:00Z')).toEqual([
      'no-pickup: no pickup yet, 16h after plan (tolerance 2h)',
      'no-departed: no departed yet, 12h after plan (tolerance 2h)',
    ]);
  });

  it('a status that is no milestone (in_transit, customs_hold) implies nothing', () => {
    expect(found([event('in_transit', '2026-05-02T00:00Z'), event('customs_hold', '2026-05-03T00:00Z')], OVERDUE, '2026-05-03T00:00Z')).toEqual([
      'no-pickup: no pickup yet, 1d16h after plan (tolerance 2h)',
      'no-departed: no departed yet, 1d12h after plan (tolerance 2h)',
    ]);
  });
});

describe('the other kinds that read actuals', () => {
  it('milestone_late has no time for an implied milestone: no finding, while a reported one is measured', () => {
    const late = rules('  - id: departed-late\n    check: { kind: milestone_late, milestone: departed }\n    tolerance: 1h\n    severity: high\n');
    expect(found([event('delivered', '2026-05-04T11:00Z')], late)).toEqual([]);
    expect(found([event('departed', '2026-05-01T15:00Z'), event('delivered', '2026-05-04T11:00Z')], late)).toEqual([
      'departed-late: departed 3h late (tolerance 1h)',
    ]);
  });

  it('predicted_late does not predict a milestone a later actual says is passed', () => {
    const predicted = rules('  - id: eta\n    check: { kind: predicted_late, milestone: arrived }\n    tolerance: 3h\n    severity: medium\n');
    const eta = event('arrived', '2026-05-05T00:00Z', { classifier: 'estimated', reportedAt: '2026-05-02T00:00Z' });
    expect(found([eta], predicted, '2026-05-03T00:00Z')).toEqual(['eta: arrived estimated 1d12h late (tolerance 3h)']);
    expect(found([eta, event('out_for_delivery', '2026-05-03T06:00Z')], predicted, '2026-05-03T08:00Z')).toEqual([]);
  });

  it('transit_time: an implied `to` closes the transit (unmeasured); an implied `from` has no time to start from', () => {
    const transit = rules('  - id: transit\n    check: { kind: transit_time, from: departed, to: arrived, max: 1d }\n    severity: low\n');
    const departed = event('departed', '2026-05-01T12:00Z');
    expect(found([departed], transit, '2026-05-03T00:00Z')).toEqual(['transit: 1d12h since departed and no arrived yet (max 1d)']);
    expect(found([departed, event('delivered', '2026-05-04T11:00Z')], transit)).toEqual([]);
    expect(found([event('pickup', '2026-05-01T08:00Z'), event('arrived', '2026-05-04T00:00Z')], transit)).toEqual([]);
  });

  it('dwell: a later milestone reported after the hold ends it; one reported before the hold does not', () => {
    const dwell = rules('  - id: hold\n    check: { kind: dwell, from: customs_hold, to: customs_cleared, max: 1d }\n    severity: high\n');
    const hold = event('customs_hold', '2026-05-03T14:00Z');
    expect(found([hold, event('delivered', '2026-05-04T11:00Z')], dwell)).toEqual([]);
    expect(found([event('out_for_delivery', '2026-05-03T13:00Z'), hold], dwell)).toEqual(['hold: customs_hold for 2d10h and no customs_cleared yet (max 1d)']);
  });

  it('no_updates: a shipment whose final milestone is implied by a later one is finished, not silent', () => {
    const silent = rules('  - id: silent\n    check: { kind: no_updates, max: 12h }\n    severity: medium\n');
    const noDelivery = { departed: PLANNED.departed, arrived: PLANNED.arrived };
    expect(found([event('departed', '2026-05-01T12:00Z')], silent, '2026-05-06T00:00Z', noDelivery)).toHaveLength(1);
    expect(found([event('departed', '2026-05-01T12:00Z'), event('customs_cleared', '2026-05-03T20:00Z')], silent, '2026-05-06T00:00Z', noDelivery)).toEqual([]);
  });

  it('documents_missing counts from the planned milestone: an implied departure does not change the due time', () => {
    const docs = rules('  - id: docs\n    check: { kind: documents_missing, docs: [commercial_invoice], due: 48h before departed }\n    severity: high\n');
    const invoice: DocumentRecord = {
      shipmentId: 'S1',
      docType: 'commercial_invoice',
      receivedAt: at('2026-04-30T00:00Z'),
      status: 'received',
      source: { file: 'documents.csv' },
    };
    const shipment = (documents: DocumentRecord[]) => ({ ...timeline(plan({ planned: PLANNED }), [event('delivered', '2026-05-04T11:00Z')]), documents });
    expect(evaluate([shipment([])], docs, Date.parse('2026-05-06T00:00Z')).map((e) => e.message)).toEqual([
      'commercial_invoice not received, due 48h before departed (6d12h ago)',
    ]);
    expect(evaluate([shipment([invoice])], docs, Date.parse('2026-05-06T00:00Z'))).toEqual([]);
  });
});

describe('milestone_unreported (data quality)', () => {
  const delivered = [event('pickup', '2026-05-01T08:30Z'), event('delivered', '2026-05-04T11:00Z')];

  it('is off unless a rule asks: the overdue rules alone report nothing for a delivered shipment', () => {
    expect(found(delivered)).toEqual([]);
  });

  it('flags each planned milestone a later actual implies but nobody reported, once the grace has passed', () => {
    const unreported = rules('  - id: gaps\n    check: { kind: milestone_unreported }\n    tolerance: 6h\n    severity: low\n');
    expect(found(delivered, unreported, '2026-05-04T17:00Z')).toEqual([]);
    expect(found(delivered, unreported, '2026-05-04T17:01Z')).toEqual([
      'gaps: departed never reported; implied by delivered at 2026-05-04T11:00:00Z (grace 6h)',
      'gaps: arrived never reported; implied by delivered at 2026-05-04T11:00:00Z (grace 6h)',
    ]);
  });

  it('never flags a milestone the plan does not plan (customs_cleared on a domestic plan), and `milestones` narrows it', () => {
    const listed = rules('  - id: gaps\n    check: { kind: milestone_unreported, milestones: [arrived, customs_cleared] }\n    severity: low\n');
    expect(found(delivered, listed)).toEqual(['gaps: arrived never reported; implied by delivered at 2026-05-04T11:00:00Z']);
  });

  it('clears when the carrier reports the milestone after all', () => {
    const unreported = rules('  - id: gaps\n    check: { kind: milestone_unreported, milestones: [departed] }\n    severity: low\n');
    expect(found(delivered, unreported)).toHaveLength(1);
    expect(found([...delivered, event('departed', '2026-05-01T12:00Z')], unreported)).toEqual([]);
  });
});
