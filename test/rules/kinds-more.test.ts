/**
 * The check kinds beyond milestones, as tables: fires, does not fire, the boundary, missing data.
 * Rules come from YAML text, as analysts write them; every time is written out here.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/engine/evaluate.js';
import { loadRuleText } from '../../src/rules/load.js';
import type { DocumentRecord, InventoryRecord } from '../../src/model/records.js';
import type { StoredEvent } from '../../src/model/records.js';
import { at, event, plan, timeline } from '../helpers.js';

function rules(check: string, extra = '') {
  const loaded = loadRuleText(`version: 1\nrules:\n  - id: r\n    check: ${check}\n    severity: high\n${extra}`, 'r.yaml');
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return loaded.rules;
}

const messages = (found: { message: string }[]) => found.map((f) => f.message);

describe('dwell (customs_hold → customs_cleared, max 2d)', () => {
  const rule = rules('{ kind: dwell, from: customs_hold, to: customs_cleared, max: 2d }');
  const run = (events: StoredEvent[], asOf: string) => evaluate([timeline(plan(), events)], rule, Date.parse(asOf));
  it('fires on a hold with no release after 2d', () => {
    expect(run([event('customs_hold', '2026-05-01T00:00Z', { location: 'USLAX' })], '2026-05-03T06:00Z')).toMatchObject([
      { deviationMinutes: 360, message: 'customs_hold for 2d6h and no customs_cleared yet (max 2d) at USLAX' },
    ]);
  });
  it('a release exactly 2d later is in time', () => {
    expect(run([event('customs_hold', '2026-05-01T00:00Z'), event('customs_cleared', '2026-05-03T00:00Z')], '2026-05-09T00:00Z')).toEqual([]);
  });
  it('fires on a release after 3d', () => {
    expect(messages(run([event('customs_hold', '2026-05-01T00:00Z'), event('customs_cleared', '2026-05-04T00:00Z')], '2026-05-09T00:00Z'))).toEqual([
      'customs_hold lasted 3d before customs_cleared (max 2d)',
    ]);
  });
  it('the latest hold counts: an earlier cleared hold is history', () => {
    const events = [event('customs_hold', '2026-05-01T00:00Z'), event('customs_cleared', '2026-05-01T10:00Z'), event('customs_hold', '2026-05-05T00:00Z')];
    expect(run(events, '2026-05-06T00:00Z')).toEqual([]);
    expect(run(events, '2026-05-07T01:00Z')).toHaveLength(1);
  });
  it('no hold, nothing to check', () => {
    expect(run([event('departed', '2026-05-01T00:00Z')], '2026-06-01T00:00Z')).toEqual([]);
  });
});

describe('documents_missing (due 48h before departed)', () => {
  const rule = rules('{ kind: documents_missing, due: 48h before departed }');
  const shipment = plan({ planned: { departed: '2026-05-10T00:00Z' }, requiredDocs: ['commercial_invoice', 'packing_list'] });
  const doc = (docType: string, status: DocumentRecord['status'], receivedAt: string): DocumentRecord => ({
    shipmentId: 'S1',
    docType,
    status,
    receivedAt: at(receivedAt),
    source: { file: 'docs.csv', line: 2 },
  });
  const run = (documents: DocumentRecord[], asOf: string) => evaluate([{ ...timeline(shipment), documents }], rule, Date.parse(asOf));
  it('nothing is due before the due time', () => {
    expect(run([], '2026-05-08T00:00Z')).toEqual([]);
  });
  it('each missing document is its own finding after the due time', () => {
    expect(messages(run([doc('packing_list', 'received', '2026-05-07T00:00Z')], '2026-05-08T06:00Z'))).toEqual([
      'commercial_invoice not received, due 48h before departed (6h ago)',
    ]);
  });
  it('a rejected document counts as missing', () => {
    const found = run([doc('commercial_invoice', 'rejected', '2026-05-07T00:00Z'), doc('packing_list', 'received', '2026-05-07T00:00Z')], '2026-05-09T00:00Z');
    expect(messages(found)).toEqual(['commercial_invoice rejected, due 48h before departed (1d ago)']);
  });
  it('a document received again after its rejection is fine', () => {
    const found = run(
      [
        doc('commercial_invoice', 'rejected', '2026-05-06T00:00Z'),
        doc('commercial_invoice', 'received', '2026-05-07T00:00Z'),
        doc('packing_list', 'received', '2026-05-07T00:00Z'),
      ],
      '2026-05-09T00:00Z',
    );
    expect(found).toEqual([]);
  });
  it('the rule can name the documents itself', () => {
    const own = rules('{ kind: documents_missing, docs: [dangerous_goods_declaration], due: departed }');
    expect(messages(evaluate([timeline(shipment)], own, Date.parse('2026-05-10T01:00Z')))).toEqual([
      'dangerous_goods_declaration not received, due departed (1h ago)',
    ]);
  });
  it('no planned milestone, no due time', () => {
    expect(evaluate([timeline(plan({ requiredDocs: ['x'] }))], rule, Date.parse('2027-01-01T00:00Z'))).toEqual([]);
  });
});

describe('route_deviation', () => {
  const rule = rules('{ kind: route_deviation }');
  const shipment = plan({ route: ['CNSHA', 'KRPUS', 'USLAX'] });
  it('fires once per location off the planned route; route stops and free text are fine', () => {
    const events = [
      event('departed', '2026-05-01T00:00Z', { location: 'CNSHA' }),
      event('in_transit', '2026-05-03T00:00Z', { location: 'JPYOK' }),
      event('in_transit', '2026-05-04T00:00Z', { location: 'JPYOK' }),
      event('in_transit', '2026-05-05T00:00Z', { location: 'KRPUS' }),
      event('in_transit', '2026-05-06T00:00Z', { location: 'LOS ANGELES, CA' }),
    ];
    expect(messages(evaluate([timeline(shipment, events)], rule, Date.parse('2026-05-10T00:00Z')))).toEqual([
      'in_transit at JPYOK, not on the planned route CNSHA>KRPUS>USLAX',
    ]);
  });
});

describe('carrier_exception', () => {
  const withCode = (code: string, reason?: string): StoredEvent => ({ ...event('carrier_exception', '2026-05-02T00:00Z'), rawCode: code, reason });
  it('fires once per code for every carrier exception', () => {
    const found = evaluate(
      [timeline(plan(), [withCode('SD', 'WEA'), withCode('SD'), withCode('A1')])],
      rules('{ kind: carrier_exception }'),
      Date.parse('2026-05-03T00:00Z'),
    );
    expect(found.map((f) => f.caseKey)).toEqual(['r|S1|SD', 'r|S1|A1']);
  });
  it('with codes, only the listed codes fire (status or reason code)', () => {
    const listed = rules('{ kind: carrier_exception, codes: [WEA] }');
    const found = evaluate([timeline(plan(), [withCode('SD', 'WEA'), withCode('A1')])], listed, Date.parse('2026-05-03T00:00Z'));
    expect(found.map((f) => f.caseKey)).toEqual(['r|S1|WEA']);
  });
  it('an exception after as-of is not known yet', () => {
    expect(evaluate([timeline(plan(), [withCode('SD')])], rules('{ kind: carrier_exception }'), Date.parse('2026-05-01T00:00Z'))).toEqual([]);
  });
});

describe('no_updates (max 3d)', () => {
  const rule = rules('{ kind: no_updates, max: 3d }');
  const shipment = plan({ planned: { delivered: '2026-06-01T00:00Z' } });
  const run = (events: StoredEvent[], asOf: string) => evaluate([timeline(shipment, events)], rule, Date.parse(asOf));
  it('fires when silent for over 3d after departure', () => {
    expect(run([event('departed', '2026-05-01T00:00Z')], '2026-05-04T00:01Z')).toMatchObject([{ deviationMinutes: 1 }]);
  });
  it('exactly 3d of silence is fine', () => {
    expect(run([event('departed', '2026-05-01T00:00Z')], '2026-05-04T00:00Z')).toEqual([]);
  });
  it('an estimate reported counts as hearing from the carrier', () => {
    const estimate = event('delivered', '2026-06-01T00:00Z', { classifier: 'estimated', reportedAt: '2026-05-03T00:00Z' });
    expect(run([event('departed', '2026-05-01T00:00Z'), estimate], '2026-05-05T00:00Z')).toEqual([]);
  });
  it('not started or already delivered: not in transit', () => {
    expect(run([], '2026-05-20T00:00Z')).toEqual([]);
    expect(run([event('departed', '2026-05-01T00:00Z'), event('delivered', '2026-05-02T00:00Z')], '2026-05-20T00:00Z')).toEqual([]);
  });
});

describe('sequence', () => {
  const rule = rules('{ kind: sequence }', '    tolerance: 1h\n');
  const run = (events: StoredEvent[], asOf: string) => messages(evaluate([timeline(plan(), events)], rule, Date.parse(asOf)));
  it('flags an arrival reported before the departure', () => {
    expect(run([event('departed', '2026-05-05T00:00Z'), event('arrived', '2026-05-04T00:00Z')], '2026-05-10T00:00Z')).toEqual([
      'arrived reported 1d before departed',
    ]);
  });
  it('flags an actual dated beyond as-of plus the tolerance, not one within it', () => {
    expect(run([event('departed', '2026-05-10T02:00Z')], '2026-05-10T00:00Z')).toEqual(['actual departed dated 2h after the as-of time']);
    expect(run([event('departed', '2026-05-10T01:00Z')], '2026-05-10T00:00Z')).toEqual([]);
  });
  it('milestones in order are fine', () => {
    expect(
      run([event('pickup', '2026-05-01T00:00Z'), event('departed', '2026-05-02T00:00Z'), event('arrived', '2026-05-03T00:00Z')], '2026-05-10T00:00Z'),
    ).toEqual([]);
  });
});

describe('inventory checks', () => {
  const stock = (overrides: Partial<InventoryRecord>): InventoryRecord => ({
    sku: 'SKU-1',
    location: 'USATL',
    onHand: 10,
    asOf: at('2026-05-01T00:00Z'),
    source: { file: 'inv.csv', line: 2 },
    ...overrides,
  });
  const run = (check: string, record: InventoryRecord) => evaluate({ shipments: [], inventory: [record] }, rules(check), Date.parse('2026-05-02T00:00Z'));
  it.each([
    [{ onHand: 4, minLevel: 5 }, 1],
    [{ onHand: 5, minLevel: 5 }, 0],
    [{ onHand: 4 }, 0],
  ])('below min %j → %i', (overrides, count) => {
    expect(run('{ kind: inventory_below_min }', stock(overrides))).toHaveLength(count);
  });
  it.each([
    ['{ kind: inventory_discrepancy, max_pct: 5 }', { expectedQty: 100, countedQty: 94 }, 1],
    ['{ kind: inventory_discrepancy, max_pct: 5 }', { expectedQty: 100, countedQty: 95 }, 0],
    ['{ kind: inventory_discrepancy, max_units: 2 }', { expectedQty: 10, countedQty: 13 }, 1],
    ['{ kind: inventory_discrepancy, max_units: 2 }', { expectedQty: 10, countedQty: 8 }, 0],
    ['{ kind: inventory_discrepancy }', { expectedQty: 10, countedQty: 11 }, 1],
    ['{ kind: inventory_discrepancy, max_pct: 5 }', { expectedQty: 10 }, 0],
  ])('%s with %j → %i', (check, overrides, count) => {
    expect(run(check, stock(overrides))).toHaveLength(count);
  });
  it('the case is keyed by SKU and location', () => {
    expect(run('{ kind: inventory_below_min }', stock({ onHand: 1, minLevel: 5 }))[0]).toMatchObject({
      caseKey: 'r|SKU-1@USATL|below_min',
      subject: 'inventory',
      message: 'SKU-1 at USATL: 1 on hand, below the minimum of 5',
    });
  });
});

describe('unmatched_event', () => {
  it('one finding per identity, counting its events', () => {
    const events = [event('departed', '2026-05-01T00:00Z'), event('arrived', '2026-05-03T00:00Z', { location: 'USLAX' })];
    const found = evaluate(
      { shipments: [], unmatched: [{ identity: 'container:MSKU1234567', events }] },
      rules('{ kind: unmatched_event }'),
      Date.parse('2026-05-04T00:00Z'),
    );
    expect(found).toMatchObject([
      {
        caseKey: 'r|container:MSKU1234567|unmatched',
        message: '2 event(s) for container:MSKU1234567 match no planned shipment (last: arrived at USLAX, from events.csv)',
      },
    ]);
  });
});

describe('SLAs', () => {
  const yaml = `version: 1
slas:
  STD: { tolerance: { departed: 1d }, max_transit: [{ mode: road, max: 2d }] }
  PRM: { tolerance: { departed: 2h } }
  default: { tolerance: { departed: 3d } }
rules:
  - id: late
    check: { kind: milestone_late, milestone: departed }
    tolerance: sla
    severity: high
  - id: transit
    check: { kind: transit_time, from: departed, to: arrived, max: sla }
    severity: low
`;
  const loaded = loadRuleText(yaml, 'sla.yaml');
  const slas = loaded.sections.get('slas') as never;
  const departed5hLate = [event('departed', '2026-05-01T05:00Z')];
  const run = (serviceLevel: string, mode: 'road' | 'ocean' = 'ocean', events = departed5hLate) =>
    evaluate([timeline(plan({ serviceLevel, mode, planned: { departed: '2026-05-01T00:00Z' } }), events)], loaded.rules, Date.parse('2026-05-05T00:00Z'), {
      slas,
    }).map((e) => e.ruleId);
  it("a rule with tolerance: sla uses the shipment's service level", () => {
    expect(loaded.diagnostics).toEqual([]);
    expect(run('PRM')).toEqual(['late']);
    expect(run('STD')).toEqual([]);
  });
  it('an unknown service level falls back to "default"', () => {
    expect(run('ECONOMY')).toEqual([]);
  });
  it('max: sla takes the max transit for the mode', () => {
    expect(run('STD', 'road', [event('departed', '2026-05-01T00:00Z')])).toEqual(['transit']);
    expect(run('STD', 'ocean', [event('departed', '2026-05-01T00:00Z')])).toEqual([]);
  });
  it('rules check reports a pinned SLA that does not exist, with a suggestion', () => {
    const bad = loadRuleText(
      `${yaml}  - id: pinned\n    sla: PRN\n    check: { kind: milestone_late, milestone: arrived }\n    tolerance: sla\n    severity: low\n`,
      'sla.yaml',
    );
    expect(bad.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([
      '15:10 unknown-sla rule "pinned": SLA "PRN" is not defined; did you mean "PRM"?',
    ]);
  });
});
