import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { auditArgs, counts, logexInProcess } from './run-cli.js';

/**
 * The basic scenario audited as of 2026-05-16, then reported on. Default tolerances: ocean 24h, air 6h,
 * road 2h. Departures: S1 MAEU +8h, S2 HLCU +9h, S3 FX +1h, S4 ODFL +1h — all on time; S4 arrived 23h
 * late. Cases: S2 two, S3 one, S4 two.
 */
describe('logex report, end to end', () => {
  let db: string;
  beforeAll(async () => {
    db = join(tempDir(), 'report.db');
    expect((await logexInProcess(auditArgs(db, '2026-05-16T00:00:00Z'))).code).toBe(1);
  });

  it('prints the carrier scorecard as JSON from the latest audit, and writes nothing', async () => {
    const before = counts(db);
    const result = await logexInProcess(['report', 'carriers', '--db', db, '--format', 'json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      report: 'carriers',
      as_of: '2026-05-16T00:00:00Z',
      period: { from: '2026-04-19T00:00:00Z', to: '2026-05-17T00:00:00Z' },
    });
    expect(report.definitions.join('\n')).toContain('p90: nearest rank');
    expect(report.sections.scorecard.map((r: Record<string, unknown>) => [r.carrier, r.departure_on_time_pct, r.arrival_on_time_pct, r.exceptions])).toEqual([
      ['FX', 100, null, 1],
      ['HLCU', 100, null, 2],
      ['MAEU', 100, null, 0],
      ['ODFL', 100, 0, 2],
    ]);
    expect(counts(db)).toEqual(before);
  });

  it("leaves the store's folder as it found it: not even the empty -wal and -shm files of a read-only connection", async () => {
    const own = join(tempDir(), 'own.db');
    await logexInProcess(auditArgs(own, '2026-05-16T00:00:00Z'));
    expect(readdirSync(dirname(own))).toEqual(['own.db']);
    expect((await logexInProcess(['report', 'all', '--db', own])).code).toBe(0);
    expect(readdirSync(dirname(own))).toEqual(['own.db']);
  });

  it('takes tolerances per mode', async () => {
    const result = await logexInProcess(['report', 'carriers', '--db', db, '--format', 'json', '--tolerance', 'road=1d']);
    const odfl = JSON.parse(result.stdout).sections.scorecard.find((r: { carrier: string }) => r.carrier === 'ODFL');
    expect(odfl.arrival_on_time_pct).toBe(100);
  });

  it('writes one section as CSV for Excel', async () => {
    const result = await logexInProcess(['report', 'routes', '--db', db, '--format', 'csv', '--excel']);
    expect(result.code).toBe(0);
    expect(
      result.stdout.startsWith('\uFEFFrisk_rank,lane,modes,shipments,delivered,late,late_pct,exceptions,exceptions_per_100,delay_mean_h,flagged\r\n'),
    ).toBe(true);
    const section = await logexInProcess(['report', 'carriers', '--db', db, '--format', 'csv', '--section', 'delays']);
    expect(section.stdout.split('\r\n')[0]).toBe(
      'carrier,mode,delivered,delay_mean_h,delay_median_h,delay_p90_h,transit_measured,transit_vs_plan_mean_h,transit_vs_plan_sd_h',
    );
  });

  it('every CSV writes its times the same way, to the second with Z', async () => {
    const reports: string[] = [];
    for (const name of ['exceptions', 'carriers', 'routes', 'customs', 'seasonal'])
      reports.push((await logexInProcess(['report', name, '--db', db, '--format', 'csv'])).stdout);
    const csvs = [
      ...reports,
      (await logexInProcess(['cases', 'list', '--db', db, '--format', 'csv'])).stdout,
      (await logexInProcess(['cases', 'export', '--db', db])).stdout,
    ];
    const times = csvs.flatMap((csv) => csv.match(/\d{4}-\d\d-\d\dT[^,"\r\n]*/g) ?? []);
    expect(times.length).toBeGreaterThan(10);
    for (const time of times) expect(time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('renders every report as Markdown and as one HTML file with charts', async () => {
    const md = await logexInProcess(['report', 'all', '--db', db, '--format', 'md']);
    expect(md.code).toBe(0);
    for (const title of [
      'Open and recent exceptions',
      'Carrier scorecard',
      'Lane risk',
      'Customs holds',
      'ETA reliability (arrived)',
      'Seasonal bottlenecks',
      'Root causes of resolved exceptions',
    ]) {
      expect(md.stdout).toContain(`## ${title}`);
    }
    const out = join(tempDir(), 'report.html');
    expect((await logexInProcess(['report', 'all', '--db', db, '--format', 'html', '--out', out])).code).toBe(0);
    const html = readFileSync(out, 'utf8');
    // No ETA chart: no arrival was estimated before it happened.
    expect(html.match(/<figure class="chart"/g)).toHaveLength(4);
    expect(html).not.toMatch(/<script|(src|href)="https?:/);
  });

  it('prints aligned tables without colour when not on a terminal', async () => {
    const result = await logexInProcess(['report', 'exceptions', '--db', db]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Cases, top risk first');
    expect(result.stdout).not.toMatch(/\u001b\[/);
  });

  it.each([
    [['report', 'nope'], /unknown command/],
    [['report', 'carriers', '--from', '2026-13-45'], /--from: /],
    [['report', 'carriers', '--from', '2026-05-10', '--to', '2026-05-01'], /--from must be before --to/],
    [['report', 'carriers', '--tolerance', 'ship=1d'], /--tolerance: "ship" is not one of/],
    [['report', 'carriers', '--tolerance', 'soon'], /--tolerance: "soon" is not a duration/],
    [['report', 'carriers', '--format', 'pdf'], /--format: "pdf" is not one of/],
    [['report', 'carriers', '--section', 'nope'], /no section "nope"/],
    [['report', 'all', '--format', 'csv'], /csv writes one table/],
    [['report', 'routes', '--threshold', 'high'], /--threshold/],
    [['report', 'eta', '--milestone', 'departed'], /--milestone: "departed" is not one of/],
    [['report', 'eta', '--by', 'customer'], /--by: "customer" is not one of/],
  ])('exits 2 on bad usage: %j', async (args, message) => {
    const result = await logexInProcess([...args, '--db', db]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('exits 2 when the store does not exist, and does not create it', async () => {
    const missing = join(tempDir(), 'missing.db');
    const result = await logexInProcess(['report', 'carriers', '--db', missing]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/missing\.db/);
    expect(existsSync(missing)).toBe(false);
  });
});

/**
 * ETA reliability from audits: ONEY's V1, planned to arrive 15 Apr 00:00Z, arrives 19 Apr 00:00Z (96h
 * late, ocean tolerance 24h). Its feed says 18 Apr 00:00Z, with no reported_at, in the audit as of
 * 5 Apr and again, unchanged, in the one as of 12 Apr: two estimates, received 14 and 7 days before the
 * actual, each 24h early (−24h). The first showed the delay (72h after plan), 336h before it came.
 */
describe('logex report eta, end to end', () => {
  it('counts a re-sent estimate again at the as-of of the audit that read it, and writes the error by horizon as CSV', async () => {
    const dir = tempDir();
    const file = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const plans = file(
      'plans.csv',
      'shipment_id,carrier,mode,origin,destination,customer,priority,service_level,planned_departed,planned_arrived\n' +
        'V1,ONEY,ocean,JPTYO,USLAX,Contoso,normal,STD,2026-04-01T00:00:00Z,2026-04-15T00:00:00Z\n',
    );
    const estimate = file('eta.csv', 'shipment_id,status,event_time,classifier\nV1,arrived,2026-04-18T00:00:00Z,estimated\n');
    const actual = file('arrival.csv', 'shipment_id,status,event_time,classifier\nV1,arrived,2026-04-19T00:00:00Z,actual\n');
    const db = join(dir, 'eta.db');
    const audit = (events: string, asOf: string) =>
      logexInProcess([
        'audit',
        '--plans',
        plans,
        '--events',
        events,
        '--rules',
        'fixtures/scenarios/basic/rules.yaml',
        '--db',
        db,
        '--as-of',
        asOf,
        '--fail-on',
        'none',
        '--quiet',
        '--out',
        join(dir, 'audit.txt'),
      ]);
    expect((await audit(estimate, '2026-04-05T00:00:00Z')).code).toBe(0);
    expect((await audit(estimate, '2026-04-12T00:00:00Z')).code).toBe(0);
    expect((await audit(actual, '2026-04-20T00:00:00Z')).code).toBe(0);

    const csv = await logexInProcess(['report', 'eta', '--db', db, '--format', 'csv']);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\r\n')).toEqual([
      'carrier,mode,horizon,estimates,mae_h,bias_h,within_1d_pct',
      'ONEY,ocean,≥ 7 d,2,24,-24,100',
      'ONEY,ocean,3–7 d,0,,,',
      'ONEY,ocean,1–3 d,0,,,',
      'ONEY,ocean,< 1 d,0,,,',
      '',
    ]);
    const json = JSON.parse((await logexInProcess(['report', 'eta', '--db', db, '--format', 'json'])).stdout);
    expect(json.period).toEqual({ from: '2026-01-20T00:00:00Z', to: '2026-04-21T00:00:00Z' });
    expect(json.sections.summary).toEqual([
      { carrier: 'ONEY', mode: 'ocean', actuals: 1, shipments: 1, estimates: 2, last_mae_h: 24, last_bias_h: -24, last_within_1d_pct: 100 },
    ]);
    expect(json.sections.warning).toEqual([
      { carrier: 'ONEY', mode: 'ocean', late: 1, announced: 1, never_announced: 0, never_announced_pct: 0, lead_median_h: 336 },
    ]);
  });
});

/** The README's ETA example, as the demo prints it: the example stays what `npm start` data shows. */
describe('the README ETA example', () => {
  it('is what report eta prints for MAEU on the demo data', async () => {
    const db = join(tempDir(), 'demo.db');
    const start = JSON.parse(readFileSync('package.json', 'utf8')).scripts.start.split(' && ')[0].split(' ').slice(2);
    expect((await logexInProcess([...start, '--db', db, '--quiet', '--out', join(tempDir(), 'audit.txt')])).code).toBe(0);
    const readme = readFileSync('README.md', 'utf8');
    const example = /How right were the carriers' arrival estimates\?[\s\S]*?```\n([\s\S]*?)```/.exec(readme)![1]!;
    const cells = (line: string) => line.split(/[│\s]+/).filter((cell) => cell !== '' && cell !== '≥' && cell !== '<' && cell !== 'd');
    const printed = (await logexInProcess(['report', 'eta', '--db', db, '--carrier', 'MAEU', '--section', 'accuracy'])).stdout;
    const rowsOf = (text: string) =>
      text
        .split('\n')
        .filter((line) => /MAEU\s+│?\s*ocean/.test(line))
        .map(cells);
    expect(rowsOf(printed)).toEqual(rowsOf(example));
    expect(rowsOf(example)).toHaveLength(4);
    const [, announced, late, lead, never] = /(\d+) of MAEU's (\d+) late arrivals were announced, a median (\d+) h ahead, and (\d+)\s+never/
      .exec(readme)!
      .map(Number);
    const warning = JSON.parse((await logexInProcess(['report', 'eta', '--db', db, '--carrier', 'MAEU', '--format', 'json'])).stdout).sections.warning[0];
    expect([warning.announced, warning.late, Math.round(warning.lead_median_h), warning.never_announced]).toEqual([announced, late, lead, never]);
  });
});
