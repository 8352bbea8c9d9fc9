import { describe, expect, it } from 'vitest';
import { readEventsCsv, readPlansCsv } from '../../src/io/csv/canonical.js';
import type { ReadItem, Reader } from '../../src/io/reader.js';
import { CodeResolver } from '../../src/model/codes/resolver.js';
import { LocationTable } from '../../src/model/locations.js';

async function read(reader: Reader, text: string | Buffer, file = 'in.csv'): Promise<ReadItem[]> {
  const items: ReadItem[] = [];
  async function* input() {
    yield text;
  }
  for await (const item of reader(input(), { file, time: new LocationTable().timeContext('UTC'), codes: new CodeResolver({}) })) {
    items.push(item);
  }
  return items;
}

const rejects = (items: ReadItem[]) => items.flatMap((i) => (i.type === 'reject' ? [i.error.message] : []));

describe('plans CSV', () => {
  const header = 'shipment_id,carrier,mode,origin,destination,customer,priority,service_level,planned_departed,planned_arrived,route,refs,quantity,value,notes';

  it('reads a plan with planned milestones, route, refs and ignores unknown columns', async () => {
    const items = await read(
      readPlansCsv,
      `${header}\nC2,hlcu,Ocean,DEHAM,CAMTR,Contoso,high,STD,2026-05-05T00:00:00+02:00,2026-05-17T00:00,DEHAM>camtr,bol:HLCU200;Container:hlxu1234567,12,9500.5,free text\n`,
    );
    expect(items).toHaveLength(1);
    const plan = items[0]!.type === 'plan' ? items[0]!.record : undefined;
    expect(plan).toMatchObject({
      shipmentId: 'C2',
      carrier: 'HLCU',
      mode: 'ocean',
      priority: 'high',
      route: ['DEHAM', 'CAMTR'],
      refs: [
        { kind: 'bol', value: 'HLCU200' },
        { kind: 'container', value: 'HLXU1234567' },
      ],
      quantity: 12,
      value: 9500.5,
      source: { file: 'in.csv', line: 2 },
    });
    expect(new Date(plan!.planned.departed!.epochMs).toISOString()).toBe('2026-05-04T22:00:00.000Z');
    // No offset: arrival is read in the destination's zone (Montreal, EDT in May).
    expect(new Date(plan!.planned.arrived!.epochMs).toISOString()).toBe('2026-05-17T04:00:00.000Z');
    expect(plan!.planned.arrived).toMatchObject({ zone: 'America/Toronto', zoneSource: 'port' });
  });

  it('a missing required column fails the file at line 1, naming the near miss', async () => {
    await expect(read(readPlansCsv, 'shipment,carrier,mode,origin,destination\nX,MAEU,ocean,CNSHA,USLAX\n', 'p.csv')).rejects.toThrow(
      'p.csv:1: missing required column "shipment_id" (found "shipment")',
    );
  });

  it('a misspelt planned_ column is a warning with a suggestion', async () => {
    const items = await read(readPlansCsv, 'shipment_id,carrier,mode,origin,destination,planned_departure\nX,MAEU,ocean,CNSHA,USLAX,2026-05-01T00:00Z\n');
    const warning = items.find((i) => i.type === 'warning');
    expect(warning?.type === 'warning' && warning.warning.message).toBe(
      'column "planned_departure" is not a planned milestone and is ignored; did you mean "planned_departed"?',
    );
  });

  it('bad rows are rejected with file:line: column "x": what is wrong', async () => {
    const text = [
      'shipment_id,carrier,mode,origin,destination,priority,planned_departed,value',
      'A,MAEU,ship,CNSHA,USLAX,,,',
      'B,MAEU,ocean,CNSHA,USLAX,urgent,,',
      'C,MAEU,ocean,CNSHA,USLAX,,05/01/2026,',
      'D,MAEU,ocean,CNSHA,USLAX,,,"1,5"',
      ',MAEU,ocean,CNSHA,USLAX,,,',
      'F,MAEU,ocean,CNSHA,USLAX,,,',
    ].join('\r\n');
    const items = await read(readPlansCsv, text, 'plans.csv');
    expect(rejects(items)).toEqual([
      'plans.csv:2: column "mode": "ship" is not one of ocean, air, road, rail, parcel, multimodal',
      'plans.csv:3: column "priority": "urgent" is not one of low, normal, high, critical',
      'plans.csv:4: column "planned_departed": "05/01/2026" is not an ISO 8601 date-time (expected e.g. 2026-05-04T08:00:00Z or 2026-05-04T10:00+02:00)',
      'plans.csv:5: column "value": "1,5" is not a number (use a dot as decimal separator)',
      'plans.csv:6: column "shipment_id": is empty; a value is required',
    ]);
    expect(items.filter((i) => i.type === 'plan')).toHaveLength(1);
  });

  it('line numbers stay right after a quoted field with a newline, a BOM and blank lines', async () => {
    const text = `\uFEFF${header}\n\nA,MAEU,ocean,CNSHA,USLAX,"Contoso\nLtd",normal,STD,,,,,,,\nB,MAEU,ocean,CNSHA,USLAX,,bogus,STD,,,,,,,\n`;
    const items = await read(readPlansCsv, text, 'p.csv');
    expect(items[0]!.type === 'plan' && items[0]!.record.source.line).toBe(3);
    expect(rejects(items)).toEqual(['p.csv:5: column "priority": "bogus" is not one of low, normal, high, critical']);
  });

  it('an empty file is an error, not an empty run', async () => {
    await expect(read(readPlansCsv, '', 'empty.csv')).rejects.toThrow('empty.csv:1: the file is empty: expected a header row');
  });

  it('a CSV syntax error names the line', async () => {
    await expect(read(readPlansCsv, `${header}\nA,"unterminated,MAEU\n`, 'bad.csv')).rejects.toThrow(/^bad\.csv:\d+: CSV syntax/);
  });
});

describe('events CSV', () => {
  it('reads ids, reference columns, classifier default and local times at the location', async () => {
    const text =
      'shipment_id,bol,container,pro,ref_awb,status,event_time,classifier,location,reported_at,event_id\n' +
      ',,HLXU1234567,,,Departed,2026-05-05T07:00:00Z,,DEHAM,,\n' +
      'C2,,,,,arrived,2026-05-19T12:00,estimated,CAMTR,2026-05-10T00:00Z,E-9\n';
    const items = await read(readEventsCsv, text, 'e.csv');
    const events = items.flatMap((i) => (i.type === 'event' ? [i.record] : []));
    expect(events[0]).toMatchObject({ shipmentId: undefined, refs: [{ kind: 'container', value: 'HLXU1234567' }], status: 'departed', classifier: 'actual' });
    expect(events[1]).toMatchObject({ shipmentId: 'C2', classifier: 'estimated', eventId: 'E-9', location: 'CAMTR' });
    expect(new Date(events[1]!.time.epochMs).toISOString()).toBe('2026-05-19T16:00:00.000Z');
  });

  it('rejects unknown statuses and unmatchable rows', async () => {
    const text = 'shipment_id,bol,status,event_time\nX,,delayed,2026-05-05T07:00:00Z\n,,departed,2026-05-05T07:00:00Z\n';
    expect(rejects(await read(readEventsCsv, text, 'e.csv'))).toEqual([
      expect.stringMatching(/^e\.csv:2: column "status": "delayed" is not one of booked, pickup, departed/),
      'e.csv:3: column "shipment_id": is empty and so is every reference column; the event cannot be matched to a shipment',
    ]);
  });

  it('a file without any identifying column fails at its header', async () => {
    await expect(read(readEventsCsv, 'status,event_time\narrived,2026-05-05T07:00:00Z\n', 'e.csv')).rejects.toThrow(
      /^e\.csv:1: no column identifies the shipment/,
    );
  });
});
