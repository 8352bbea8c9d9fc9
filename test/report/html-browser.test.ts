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
  return store;
}

describe('html report in headless chromium', () => {
  const problems: string[] = [];
  let page: Page;
  let close: () => Promise<void> = async () => {};

  beforeAll(async () => {
    const store = buildStore();
    const window = { from: '2026-03-01T00:00:00Z', to: '2026-03-21T00:00:00Z' };
    const reports = ['carriers', 'routes', 'seasonal', 'customs'].map((name) => buildReport(store, name, window));
    store.close();
    const file = join(tempDir('logex-html-'), 'report.html');
    writeFileSync(file, await reportHtmlPage(reports));

    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: install it with "apt-get install -y chromium" (.ci/run does)`).toBe(true);
    const context = await chromium.launchPersistentContext(tempDir('logex-chromium-profile-'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
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
    expect(charts.map((c) => c.id)).toEqual(['chart-carrier-on-time', 'chart-lane-risk', 'chart-weekly-trend', 'chart-lane-week-heat-map']);
    for (const chart of charts) expect(chart.marks, chart.id).toBeGreaterThan(0);
  });

  it('shows the tables and the empty-section explanations', async () => {
    expect(await page.locator('table[data-section="scorecard"] tbody tr').count()).toBe(2);
    expect(await page.locator('table[data-section="lanes"] tbody tr').count()).toBe(2);
    expect(await page.locator('table[data-section="weeks"] tbody tr').count()).toBe(3);
    await expect(page.locator('#report-customs .empty').first().textContent()).resolves.toBe('No customs holds.');
    await expect(page.title()).resolves.toBe('logex — reports');
  });
});
