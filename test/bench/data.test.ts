import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchData, externalBenchData, feedBenchData, night2InFeedOrder } from '../../src/bench/data.js';
import { tempDir } from '../helpers.js';

const lines = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n');

describe('bench data, night 2 in feed order', () => {
  it('holds the same rows as the generated night, ordered by when each event became known', async () => {
    const data = await benchData(tempDir(), 200, 7);
    const [header, ...asGenerated] = lines(data.eventsNight2);
    const [feedHeader, ...inFeedOrder] = lines(night2InFeedOrder(data));
    expect(feedHeader).toBe(header);
    expect(inFeedOrder.length).toBeGreaterThan(20);
    expect([...inFeedOrder].sort()).toEqual([...asGenerated].sort());
    const columns = header!.split(',');
    const at = (name: string) => columns.indexOf(name);
    const known = inFeedOrder.map((row) => {
      const fields = row.split(',');
      const reported = fields[at('classifier')] === 'estimated' && fields[at('reported_at')];
      return Date.parse(reported || fields[at('event_time')]!);
    });
    expect(known).toEqual([...known].sort((a, b) => a - b));
    // The generator's own order is shipment by shipment, so the feed order is a different one.
    expect(inFeedOrder).not.toEqual(asGenerated);
  });
});

describe('bench data, the carrier-feed set', () => {
  it('lists the events of all shipments by when each became known, most of them estimates, every plan with two references', async () => {
    const data = await feedBenchData(tempDir(), 300, 7);
    const [header, ...night1] = lines(data.eventsNight1);
    const [, ...night2] = lines(data.eventsNight2);
    const columns = header!.split(',');
    const at = (name: string) => columns.indexOf(name);
    const rows = [...night1, ...night2].map((row) => row.split(','));
    // Known when reported (estimates, re-sent actuals), else when it happened.
    const known = rows.map((fields) => Date.parse(fields[at('reported_at')] || fields[at('event_time')]!));
    expect(known).toEqual([...known].sort((a, b) => a - b));
    expect(Math.max(...known.slice(0, night1.length))).toBeLessThanOrEqual(Date.parse(data.night1));
    expect(Math.min(...known.slice(night1.length))).toBeGreaterThan(Date.parse(data.night1));
    // Across shipments: the first twenty events name more than one shipment.
    expect(new Set(rows.slice(0, 20).map((fields) => fields.slice(0, 4).join(','))).size).toBeGreaterThan(1);
    const estimates = rows.filter((fields) => fields[at('classifier')] === 'estimated').length;
    expect(estimates / rows.length).toBeGreaterThan(0.5);
    const [, ...plans] = lines(data.plans);
    expect(plans).toHaveLength(300);
    for (const planRow of plans) expect(planRow.split(',')[13]!.split(';')).toHaveLength(2);
  });
});

describe('bench data, --data DIR', () => {
  it('splits a folder of plans.csv and events.csv: night 2 the first midnight at or after the last event known, night 1 the one before', async () => {
    const source = tempDir();
    writeFileSync(join(source, 'plans.csv'), 'shipment_id,carrier,mode,origin,destination\nS1,MAEU,ocean,CNSHA,USLAX\nS2,MAEU,ocean,CNSHA,USLAX\n');
    writeFileSync(
      join(source, 'events.csv'),
      'shipment_id,status,event_time,classifier,reported_at,reason\n' +
        'S1,departed,2026-03-10T08:00Z,actual,,\n' +
        // An estimate is known when reported, not when it says the ship arrives.
        'S1,arrived,2026-04-01T08:00Z,estimated,2026-03-11T23:00Z,\n' +
        'S2,departed,2026-03-12T01:30+02:00,actual,,"held, then released"\n',
    );
    const data = await externalBenchData(source, tempDir());
    // The last known: 2026-03-11T23:30Z (01:30 at +02:00) → night 2 is 2026-03-12, night 1 the midnight before.
    expect(data.night2).toBe('2026-03-12T00:00:00.000Z');
    expect(data.night1).toBe('2026-03-11T00:00:00.000Z');
    expect(data.shipments).toBe(2);
    expect(lines(data.eventsNight1)).toEqual(['shipment_id,status,event_time,classifier,reported_at,reason', 'S1,departed,2026-03-10T08:00Z,actual,,']);
    expect(lines(data.eventsNight2)).toEqual([
      'shipment_id,status,event_time,classifier,reported_at,reason',
      'S1,arrived,2026-04-01T08:00Z,estimated,2026-03-11T23:00Z,',
      'S2,departed,2026-03-12T01:30+02:00,actual,,"held, then released"',
    ]);
  });
});

describe('bench data, --data DIR whose last event is known at midnight', () => {
  it('takes that midnight for night 2', async () => {
    const source = tempDir();
    writeFileSync(join(source, 'plans.csv'), 'shipment_id,carrier,mode,origin,destination\nS1,MAEU,ocean,CNSHA,USLAX\n');
    writeFileSync(
      join(source, 'events.csv'),
      'shipment_id,status,event_time,classifier,reported_at\nS1,departed,2026-03-18T08:00Z,actual,\nS1,arrived,2026-04-01T08:00Z,estimated,2026-03-20T00:00Z\n',
    );
    const data = await externalBenchData(source, tempDir());
    expect([data.night1, data.night2]).toEqual(['2026-03-19T00:00:00.000Z', '2026-03-20T00:00:00.000Z']);
    expect([data.night1Rows, data.night2Rows]).toEqual([1, 1]);
  });
});
