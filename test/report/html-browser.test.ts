/**
 * The HTML report in a real browser (Debian's chromium, headless): it loads without console errors or
 * network requests, every chart is an SVG with drawn marks, and the tables are there. CI installs
 * chromium (.ci/run), so this test runs there rather than being skipped.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportHtmlPage } from '../../src/report/render/html.js';
import { tempDir } from '../helpers.js';
import { buildReport, TestStore } from './store-builder.js';

const CHROMIUM = '/usr/bin/chromium';

/** Two lanes, two carriers, three ISO weeks: every chart gets data. */
function buildStore(): TestStore {
  const store = new TestStore('2026-03-20T00:00:00Z');
  const days = ['2026-03-02', '2026-03-05', '2026-03-09', '2026-03-12', '2026-03-16'];
  days.forEach((day, index) => {
    const id = `S${index}`;
    const ocean = index % 2 === 1;
    store
      .shipment(id, {
        carrier: ocean ? 'MAEU' : 'ODFL',
        mode: ocean ? 'ocean' : 'road',
        origin: ocean ? 'CNSHA' : 'USATL',
        destination: ocean ? 'USLAX' : 'USCLT',
        planned: { pickup: `${day}T06:00:00Z`, departed: `${day}T10:00:00Z`, delivered: `${day}T14:00:00Z` },
      })
      .event(id, 'pickup', `${day}T06:00:00Z`)
      .event(id, 'departed', `${day}T11:00:00Z`)
      .event(id, 'delivered', `${day}T${index === 2 ? '19' : '14'}:00:00Z`);
    if (index >= 2) store.addCase({ shipmentId: id });
  });
  // An arrival estimated twice before it happened: the ETA chart.
  store
    .event('S1', 'arrived', '2026-03-05T13:30:00Z', { classifier: 'estimated', reportedAt: '2026-03-04T00:00:00Z' })
    .event('S1', 'arrived', '2026-03-05T12:30:00Z', { classifier: 'estimated', reportedAt: '2026-03-05T12:00:00Z' })
    .event('S1', 'arrived', '2026-03-05T13:00:00Z');
  // A carrier never on time for its departure (0 %, a tick) and never measured for pickup (n/a).
  store
    .shipment('SLOW1', { carrier: 'SLOW', mode: 'road', origin: 'USATL', destination: 'USCLT', planned: { departed: '2026-03-03T10:00:00Z' } })
    .event('SLOW1', 'departed', '2026-03-03T18:00:00Z');
  // 150 open cases (the cases list is capped in the page) and resolved ones with root causes (the Pareto).
  for (let n = 0; n < 150; n++) store.addCase({ shipmentId: 'S2', key: `open-${n}` });
  ['carrier/capacity', 'carrier/capacity', 'carrier/capacity', 'shipper/late_cargo', 'carrier/weather'].forEach((rootCause, n) =>
    store.addCase({ shipmentId: 'S3', key: `resolved-${n}`, status: 'resolved', rootCause }),
  );
  return store;
}

describe('html report in headless chromium', () => {
  const problems: string[] = [];
  let page: Page;
  let close: () => Promise<void> = async () => {};

  beforeAll(async () => {
    const store = buildStore();
    const window = { from: '2026-03-01T00:00:00Z', to: '2026-03-21T00:00:00Z' };
    const reports = ['carriers', 'routes', 'seasonal', 'customs', 'eta', 'exceptions', 'root-causes'].map((name) => buildReport(store, name, window));
    store.close();
    const file = join(tempDir('logex-html-'), 'report.html');
    writeFileSync(file, await reportHtmlPage(reports));

    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: install it with "apt-get install -y chromium" (.ci/run does)`).toBe(true);
    const context = await chromium.launchPersistentContext(tempDir('logex-chromium-profile-'), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    close = () => context.close();
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      if (!/^(file|data):/.test(request.url())) problems.push(`network request: ${request.url()}`);
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  }, 60_000);

  afterAll(async () => {
    await close();
  });

  it('loads without console errors or network requests', () => {
    expect(problems).toEqual([]);
  });

  it('draws every chart as an SVG with marks', async () => {
    const charts = await page.$$eval('figure.chart', (figures) =>
      figures.map((figure) => ({
        id: figure.id,
        marks: figure.querySelectorAll('svg g.role-mark > path, svg g.role-mark > rect, svg g.role-mark > line').length,
      })),
    );
    expect(charts.map((c) => c.id)).toEqual([
      'chart-carrier-on-time',
      'chart-lane-risk',
      'chart-weekly-trend',
      'chart-lane-week-heat-map',
      'chart-eta-error-by-horizon',
      'chart-root-cause-pareto',
    ]);
    for (const chart of charts) expect(chart.marks, chart.id).toBeGreaterThan(0);
  });

  it('carrier bars tell 0 % (a tick on the axis) from no data ("n/a")', async () => {
    const chart = page.locator('#chart-carrier-on-time');
    // SLOW's departures: 0 % on time, drawn as a tick; nobody's arrival was planned: n/a everywhere.
    expect(await chart.locator('g.zero_marks > path').count()).toBe(1);
    const labels = await chart.locator('g.no_data_marks > text').allTextContents();
    expect(labels.length).toBeGreaterThan(3);
    expect(new Set(labels)).toEqual(new Set(['n/a']));
  });

  it('the root-cause Pareto has its cumulative % line and whole-number count ticks', async () => {
    const chart = page.locator('#chart-root-cause-pareto');
    expect(await chart.locator('g.mark-line path').count()).toBe(1);
    const ticks = await chart.locator('g.role-axis-label text').allTextContents();
    const numbers = ticks.filter((text) => /^-?[\d.]+$/.test(text));
    expect(numbers.length).toBeGreaterThan(0);
    for (const tick of numbers) expect(tick).not.toContain('.');
  });

  it('wide tables scroll in their own box, the page does not; a long section is capped with a count', async () => {
    await page.setViewportSize({ width: 900, height: 800 });
    expect(await page.locator('table').count()).toBe(await page.locator('.table-scroll > table').count());
    const pageWidth = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
    expect(pageWidth.scroll).toBeLessThanOrEqual(pageWidth.view);
    const scorecard = await page
      .locator('table[data-section="scorecard"]')
      .evaluate((table) => ({ table: table.scrollWidth, box: table.parentElement!.clientWidth }));
    expect(scorecard.table).toBeGreaterThan(scorecard.box);
    expect(await page.locator('table[data-section="cases"] tbody tr').count()).toBe(100);
    await expect(page.locator('#report-exceptions .capped').textContent()).resolves.toBe(
      'First 100 of 158 rows; all of them: logex report exceptions --format csv --section cases',
    );
  });

  it('shows the tables and the empty-section explanations', async () => {
    expect(await page.locator('table[data-section="scorecard"] tbody tr').count()).toBe(3);
    expect(await page.locator('table[data-section="lanes"] tbody tr').count()).toBe(2);
    expect(await page.locator('table[data-section="weeks"] tbody tr').count()).toBe(3);
    await expect(page.locator('#report-customs .empty').first().textContent()).resolves.toBe('No customs holds.');
    await expect(page.title()).resolves.toBe('logex — reports');
  });
});
