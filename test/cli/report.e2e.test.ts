import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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

  it('takes tolerances per mode', async () => {
    const result = await logexInProcess(['report', 'carriers', '--db', db, '--format', 'json', '--tolerance', 'road=1d']);
    const odfl = JSON.parse(result.stdout).sections.scorecard.find((r: { carrier: string }) => r.carrier === 'ODFL');
    expect(odfl.arrival_on_time_pct).toBe(100);
  });

  it('writes one section as CSV for Excel', async () => {
    const result = await logexInProcess(['report', 'routes', '--db', db, '--format', 'csv', '--excel']);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('\uFEFFrisk_rank,lane,modes,shipments,delivered,late,late_pct,exceptions,exceptions_per_100,delay_mean_h,flagged\r\n')).toBe(true);
    const section = await logexInProcess(['report', 'carriers', '--db', db, '--format', 'csv', '--section', 'delays']);
    expect(section.stdout.split('\r\n')[0]).toBe('carrier,mode,delivered,delay_mean_h,delay_median_h,delay_p90_h,transit_measured,transit_vs_plan_mean_h,transit_vs_plan_sd_h');
  });

  it('every CSV writes its times the same way, to the second with Z', async () => {
    const reports: string[] = [];
    for (const name of ['exceptions', 'carriers', 'routes', 'customs', 'seasonal']) reports.push((await logexInProcess(['report', name, '--db', db, '--format', 'csv'])).stdout);
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
    for (const title of ['Open and recent exceptions', 'Carrier scorecard', 'Lane risk', 'Customs holds', 'Seasonal bottlenecks', 'Root causes of resolved exceptions']) {
      expect(md.stdout).toContain(`## ${title}`);
    }
    const out = join(tempDir(), 'report.html');
    expect((await logexInProcess(['report', 'all', '--db', db, '--format', 'html', '--out', out])).code).toBe(0);
    const html = readFileSync(out, 'utf8');
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
