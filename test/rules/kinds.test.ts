/**
 * Each check kind as a table: fires, stays quiet inside tolerance, the boundary (a deviation equal
 * to the tolerance is on time), and missing data. Rules are loaded from YAML text, as users write them.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/engine/evaluate.js';
import { loadRuleText } from '../../src/rules/load.js';
import { event, plan, timeline } from '../helpers.js';
import type { StoredEvent } from '../../src/model/records.js';
import type { Milestone } from '../../src/model/vocabulary.js';

function rule(check: string, tolerance?: string) {
  const yaml = `version: 1\nrules:\n  - id: r\n    check: ${check}\n${tolerance ? `    tolerance: ${tolerance}\n` : ''}    severity: high\n`;
  const loaded = loadRuleText(yaml, 'r.yaml');
  expect(loaded.diagnostics).toEqual([]);
  return loaded.rules;
}

interface Row {
  name: string;
  planned: Partial<Record<Milestone, string>>;
  events: StoredEvent[];
  asOf: string;
  /** Expected deviation in minutes, or null for "does not fire". */
  fires: number | null;
}

function runTable(check: string, tolerance: string | undefined, rows: Row[]) {
  for (const row of rows) {
    it(row.name, () => {
      const found = evaluate([timeline(plan({ planned: row.planned }), row.events)], rule(check, tolerance), Date.parse(row.asOf));
      if (row.fires === null) expect(found).toEqual([]);
      else {
        expect(found).toHaveLength(1);
        expect(found[0]!.deviationMinutes).toBe(row.fires);
      }
    });
  }
}

describe('milestone_late (tolerance 6h)', () => {
  runTable('{ kind: milestone_late, milestone: departed }', '6h', [
    {
      name: 'fires 6h01m late',
      planned: { departed: '2026-05-01T00:00Z' },
      events: [event('departed', '2026-05-01T06:01Z')],
      asOf: '2026-05-02T00:00Z',
      fires: 361,
    },
    {
      name: 'on time exactly at the tolerance',
      planned: { departed: '2026-05-01T00:00Z' },
      events: [event('departed', '2026-05-01T06:00Z')],
      asOf: '2026-05-02T00:00Z',
      fires: null,
    },
    {
      name: 'quiet inside tolerance',
      planned: { departed: '2026-05-01T00:00Z' },
      events: [event('departed', '2026-05-01T02:00Z')],
      asOf: '2026-05-02T00:00Z',
      fires: null,
    },
    {
      name: 'quiet when early',
      planned: { departed: '2026-05-01T00:00Z' },
      events: [event('departed', '2026-04-30T20:00Z')],
      asOf: '2026-05-02T00:00Z',
      fires: null,
    },
    { name: 'quiet without a planned time', planned: {}, events: [event('departed', '2026-05-09T00:00Z')], asOf: '2026-05-10T00:00Z', fires: null },
    { name: 'quiet without an actual', planned: { departed: '2026-05-01T00:00Z' }, events: [], asOf: '2026-05-10T00:00Z', fires: null },
    {
      name: 'an estimate is not an actual',
      planned: { departed: '2026-05-01T00:00Z' },
      events: [event('departed', '2026-05-03T00:00Z', { classifier: 'estimated' })],
      asOf: '2026-05-04T00:00Z',
      fires: null,
    },
    {
      name: 'an actual dated after as-of is not seen',
      planned: { departed: '2026-05-01T00:00Z' },
      events: [event('departed', '2026-05-03T00:00Z')],
      asOf: '2026-05-02T00:00Z',
      fires: null,
    },
    {
      name: 'the first actual counts, not a later re-send',
      planned: { departed: '2026-05-01T00:00Z' },
      events: [event('departed', '2026-05-01T09:00Z'), event('departed', '2026-05-01T03:00Z')],
      asOf: '2026-05-02T00:00Z',
      fires: null,
    },
  ]);
});

describe('milestone_overdue (tolerance 2h)', () => {
  runTable('{ kind: milestone_overdue, milestone: arrived }', '2h', [
    { name: 'fires when 2h01m past plan with no actual', planned: { arrived: '2026-05-13T09:00Z' }, events: [], asOf: '2026-05-13T11:01Z', fires: 121 },
    { name: 'on time exactly at the tolerance', planned: { arrived: '2026-05-13T09:00Z' }, events: [], asOf: '2026-05-13T11:00Z', fires: null },
    {
      name: 'quiet once arrived, however late',
      planned: { arrived: '2026-05-13T09:00Z' },
      events: [event('arrived', '2026-05-14T09:00Z')],
      asOf: '2026-05-15T00:00Z',
      fires: null,
    },
    {
      name: 'an estimate does not stop it',
      planned: { arrived: '2026-05-13T09:00Z' },
      events: [event('arrived', '2026-05-14T09:00Z', { classifier: 'estimated' })],
      asOf: '2026-05-13T12:00Z',
      fires: 180,
    },
    { name: 'quiet without a planned time', planned: {}, events: [], asOf: '2026-05-15T00:00Z', fires: null },
  ]);
});

describe('predicted_late (tolerance 24h)', () => {
  runTable('{ kind: predicted_late, milestone: arrived }', '24h', [
    {
      name: 'fires on a late estimate',
      planned: { arrived: '2026-05-17T04:00Z' },
      events: [event('arrived', '2026-05-19T16:00Z', { classifier: 'estimated' })],
      asOf: '2026-05-16T00:00Z',
      fires: 3600,
    },
    {
      name: 'on time exactly at the tolerance',
      planned: { arrived: '2026-05-17T04:00Z' },
      events: [event('arrived', '2026-05-18T04:00Z', { classifier: 'estimated' })],
      asOf: '2026-05-16T00:00Z',
      fires: null,
    },
    {
      name: 'the latest reported estimate wins, whatever the order received',
      planned: { arrived: '2026-05-17T00:00Z' },
      events: [
        event('arrived', '2026-05-17T02:00Z', { classifier: 'estimated', reportedAt: '2026-05-15T00:00Z' }),
        event('arrived', '2026-05-20T00:00Z', { classifier: 'estimated', reportedAt: '2026-05-12T00:00Z' }),
      ],
      asOf: '2026-05-16T00:00Z',
      fires: null,
    },
    {
      name: 'an estimate reported after as-of is not known yet',
      planned: { arrived: '2026-05-17T00:00Z' },
      events: [event('arrived', '2026-05-20T00:00Z', { classifier: 'estimated', reportedAt: '2026-05-16T06:00Z' })],
      asOf: '2026-05-16T00:00Z',
      fires: null,
    },
    {
      name: 'without reported_at the last received wins',
      planned: { arrived: '2026-05-17T00:00Z' },
      events: [event('arrived', '2026-05-17T01:00Z', { classifier: 'estimated' }), event('arrived', '2026-05-19T00:00Z', { classifier: 'estimated' })],
      asOf: '2026-05-16T00:00Z',
      fires: 2880,
    },
    {
      name: 'quiet once the actual is in',
      planned: { arrived: '2026-05-17T04:00Z' },
      events: [event('arrived', '2026-05-19T16:00Z', { classifier: 'estimated' }), event('arrived', '2026-05-17T05:00Z')],
      asOf: '2026-05-18T00:00Z',
      fires: null,
    },
    {
      name: 'quiet without a planned time',
      planned: {},
      events: [event('arrived', '2026-05-19T16:00Z', { classifier: 'estimated' })],
      asOf: '2026-05-16T00:00Z',
      fires: null,
    },
  ]);
});

describe('transit_time (max 1d)', () => {
  runTable('{ kind: transit_time, from: departed, to: arrived, max: 1d }', undefined, [
    {
      name: 'fires when the leg took 30h',
      planned: {},
      events: [event('departed', '2026-05-14T14:00Z'), event('arrived', '2026-05-15T20:00Z')],
      asOf: '2026-05-16T00:00Z',
      fires: 360,
    },
    {
      name: 'exactly the maximum is fine',
      planned: {},
      events: [event('departed', '2026-05-14T14:00Z'), event('arrived', '2026-05-15T14:00Z')],
      asOf: '2026-05-16T00:00Z',
      fires: null,
    },
    { name: 'still in transit and already over', planned: {}, events: [event('departed', '2026-05-14T00:00Z')], asOf: '2026-05-15T02:00Z', fires: 120 },
    { name: 'still in transit, not over yet', planned: {}, events: [event('departed', '2026-05-14T00:00Z')], asOf: '2026-05-14T20:00Z', fires: null },
    { name: 'quiet before departure', planned: {}, events: [], asOf: '2026-05-20T00:00Z', fires: null },
  ]);
});

describe('selectors', () => {
  const yaml = `version: 1
rules:
  - id: cn-us-ocean
    when: { mode: [ocean], lane: "CN*>US*", priority: [high, critical] }
    unless: { carrier: [COSU] }
    check: { kind: milestone_overdue, milestone: departed }
    severity: high
`;
  const rules = loadRuleText(yaml, 'sel.yaml').rules;
  const due = { departed: '2026-05-01T00:00Z' } as const;
  const asOf = Date.parse('2026-05-10T00:00Z');
  it.each([
    ['matching lane, mode and priority', plan({ planned: due, priority: 'high' }), 1],
    ['lane glob does not match', plan({ planned: due, priority: 'high', origin: 'KRPUS' }), 0],
    ['priority not listed', plan({ planned: due, priority: 'normal' }), 0],
    ['excluded by unless', plan({ planned: due, priority: 'high', carrier: 'COSU' }), 0],
    ['other mode', plan({ planned: due, priority: 'critical', mode: 'air' }), 0],
  ])('%s', (_name, shipment, count) => {
    expect(evaluate([timeline(shipment)], rules, asOf)).toHaveLength(count);
  });
});
