/**
 * The CSAT dashboard in a real browser: Debian's chromium driven by playwright-core, the
 * site built as `npm run pages -- --csat <fixture>` builds it and served on loopback. It
 * reads the charts as drawn (the points' and bars' titles, their place on screen) and the
 * tables as shown, and checks they agree; then the screen-reader and keyboard basics.
 *
 * UPDATE_SCREENSHOT=1 also writes docs/csat-dashboard.png, the README's picture; other runs
 * take the screenshot without writing it.
 *
 * Chromium and the served site: ./harness.ts.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../forms/helpers.ts';
import { chromiumAvailable, servedSite } from './harness.ts';
import { FIXTURES, fixtureReport } from '../pages/csatReports.ts';

const SCREENSHOT = join(REPO, 'docs', 'csat-dashboard.png');
const available = chromiumAvailable("the dashboard's browser test");

describe.skipIf(!available)('the CSAT dashboard in chromium', () => {
  const report = fixtureReport('dashboard');
  let close: () => Promise<void>;
  let origin: string;
  let browser: Browser;
  let page: Page;
  /** What the page asked for, and what the browser refused or complained about. */
  const requests: string[] = [];
  const failed: string[] = [];
  const complaints: string[] = [];

  beforeAll(async () => {
    ({ origin, browser, close } = await servedSite(['--csat', join(FIXTURES, 'dashboard.json')]));
    // JavaScript off: the dashboard must read the same without it.
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, javaScriptEnabled: false, colorScheme: 'light' });
    page = await context.newPage();
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => complaints.push(message.text()));
    page.on('response', (response) => {
      // The browser asks for /favicon.ico on its own; the site has none.
      if (response.status() !== 200 && !response.url().endsWith('/favicon.ico')) failed.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${origin}/`);
    await page.getByRole('link', { name: 'CSAT dashboard' }).click();
    await page.waitForURL(`${origin}/csat/index.html`);
  }, 30_000);

  afterAll(() => close?.());

  /** The weekly or monthly table as shown: period → CSAT cell. */
  async function tableCsat(unit: 'weekly' | 'monthly'): Promise<Map<string, string>> {
    const rows = page.locator(`#${unit}-table tbody tr`);
    const entries: [string, string][] = [];
    for (const row of await rows.all()) {
      entries.push([(await row.getAttribute('data-period')) ?? '', (await row.locator('[data-cell="csat"]').innerText()).trim()]);
    }
    return new Map(entries);
  }

  /** Each drawn point or bar: its period, the percentage its title gives, and its top on screen. */
  async function drawn(selector: string): Promise<{ period: string; text: string; top: number; bottom: number }[]> {
    return page.locator(selector).evaluateAll((marks) => marks.map((mark) => {
      const box = (mark.querySelector('rect') ?? mark).getBoundingClientRect();
      const title = mark.querySelector('title')?.textContent ?? '';
      return { period: mark.getAttribute('data-period') ?? '', text: /: ([\d.]+%)/.exec(title)?.[1] ?? title, top: box.top + (mark.tagName === 'circle' ? box.height / 2 : 0), bottom: box.bottom };
    }));
  }

  it('draws the same numbers the table lists, week by week and month by month, higher CSAT higher up', async () => {
    for (const [unit, selector] of [['weekly', 'svg[data-chart="weekly"] circle'], ['monthly', 'svg[data-chart="monthly"] g[data-period]']] as const) {
      const table = await tableCsat(unit);
      const marks = await drawn(selector);
      const periods = report.periods[unit];
      expect([...table.keys()], unit).toEqual(periods.map((period) => period.label));
      expect(marks.map((mark) => mark.period), unit).toEqual(periods.filter((period) => period.csat !== null).map((period) => period.label));
      for (const mark of marks) expect(table.get(mark.period), mark.period).toBe(mark.text);
      for (const period of periods.filter((p) => p.csat === null)) expect(table.get(period.label), period.label).toBe('no data');
      // On screen, the order of heights is the order of the numbers.
      const byCsat = [...marks].sort((a, b) => parseFloat(a.text) - parseFloat(b.text)).map((mark) => mark.period);
      const byHeight = [...marks].sort((a, b) => b.top - a.top).map((mark) => mark.period);
      expect(byHeight, unit).toEqual(byCsat);
    }
    // Bars stand on one baseline: a bar's length is its value.
    const bars = await drawn('svg[data-chart="monthly"] g[data-period]');
    expect(new Set(bars.map((bar) => Math.round(bar.bottom))).size).toBe(1);
  });

  it('shows the week and the month without data as gaps that say so', async () => {
    for (const label of ['2026-W39', '2026-07']) {
      const gap = page.locator(`[data-no-data="${label}"]`);
      expect(await gap.locator('text').textContent()).toBe('no data');
      expect(await gap.isVisible()).toBe(true);
    }
  });

  it('names its charts and tables for a screen reader and can be read with the keyboard', async () => {
    expect(await page.getByRole('img', { name: 'Weekly CSAT against the 95% target' }).isVisible()).toBe(true);
    expect(await page.getByRole('img', { name: 'Monthly CSAT against the 95% target' }).isVisible()).toBe(true);
    const weekly = page.getByRole('table', { name: /^Weekly CSAT: the numbers in the chart/ });
    expect(await weekly.getByRole('columnheader').allTextContents()).toEqual(['Week', 'From – until (Europe/Berlin, then UTC)', 'Good', 'Bad', 'CSAT', 'Target 95%', 'Surveys sent', 'Response rate']);
    expect(await weekly.getByRole('rowheader').count()).toBe(12);
    expect(await page.getByRole('table', { name: 'CSAT by group and month' }).getByRole('rowheader').allTextContents()).toEqual(['Support', 'Billing']);
    // From the top of the page, Tab reaches the link to the weekly table, then the table's scroll region
    // (so a wide table scrolls with the arrow keys); Enter on the link brings the table into view.
    const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim().slice(0, 40) ?? '');
    for (let i = 0; i < 5 && (await focused()) !== 'The weekly numbers as a table'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('The weekly numbers as a table');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-labelledby'))).toBe('weekly-table-caption');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    expect(new URL(page.url()).hash).toBe('#weekly-table');
    expect(await page.locator('#weekly-table caption').evaluate((caption) => caption.getBoundingClientRect().top)).toBeLessThan(100);
  });

  it('loads nothing but its own two stylesheets, with no complaint from the Content-Security-Policy', async () => {
    expect(requests.filter((url) => url.includes('/csat/') || url.endsWith('.css')).map((url) => url.replace(origin, ''))).toEqual(['/style.css', '/csat/index.html', '/style.css', '/csat/csat.css']);
    expect(requests.every((url) => url.startsWith(origin))).toBe(true);
    expect(failed).toEqual([]);
    expect(complaints.filter((text) => /Content.Security.Policy|Refused/i.test(text))).toEqual([]);
  });

  it('takes the README screenshot: the headline and the weekly chart', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    const figure = await page.locator('figure.csat-chart').first().boundingBox();
    const image = await page.screenshot({ clip: { x: 0, y: 0, width: 1200, height: Math.ceil((figure?.y ?? 0) + (figure?.height ?? 0) + 24) } });
    expect(image.subarray(1, 4).toString()).toBe('PNG');
    if (process.env.UPDATE_SCREENSHOT === '1') await writeFile(SCREENSHOT, image);
  });
});
