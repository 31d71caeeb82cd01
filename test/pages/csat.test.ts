/**
 * The CSAT dashboard as a reader meets it: every point and bar stands where its number
 * says, a period without an answer is a gap and says "no data", the tables hold the same
 * numbers as the charts, text from Zendesk stays text, and nothing but aggregates shows.
 */
import { describe, expect, it } from 'vitest';
import { renderCsatDashboard } from '../../scripts/pages/csat.ts';
import { checkCsatReport } from '../../scripts/pages/csatReport.ts';
import type { CsatReport } from '../../scripts/csat/model.ts';
import { fixtureReport, yearReport } from './csatReports.ts';

const PROJECT = 'https://gitlab.example.com/support/zendesk-gitops';
const render = (report: CsatReport, showComments = false) => renderCsatDashboard(report, { showComments, projectUrl: PROJECT });

type Attributes = Record<string, string>;

/** Handlebars escapes & < > " ' ` =: undone here, to compare with the report's own text. */
const unescape = (text: string) =>
  text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#x60;/g, '`').replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');

function attributes(tag: string): Attributes {
  return Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map(([, name, value]) => [name, unescape(value)]));
}

/** The opening tags named `name` in `html`, as attributes. */
function tags(html: string, name: string): Attributes[] {
  return [...html.matchAll(new RegExp(`<${name}\\s[^>]*>`, 'g'))].map(([tag]) => attributes(tag));
}

function chart(html: string, name: 'weekly' | 'monthly'): string {
  const found = new RegExp(`<svg [^>]*data-chart="${name}"[\\s\\S]*?</svg>`).exec(html);
  if (!found) throw new Error(`no ${name} chart`);
  return found[0];
}

/** y for a value, from the chart's own gridlines (their data-tick values and y): a straight line through the lowest and the highest. */
function scaleOf(svg: string): (value: number) => number {
  const ticks = tags(svg, 'line').filter((line) => line['data-tick'] !== undefined).map((line) => ({ value: Number(line['data-tick']), y: Number(line.y1) }));
  const low = ticks[0];
  const high = ticks.at(-1)!;
  return (value) => low.y + ((value - low.value) / (high.value - low.value)) * (high.y - low.y);
}

/** The rows of a table: each row's data-period and its cells' text. */
function tableRows(html: string, id: string): { period: string; cells: string[] }[] {
  const table = new RegExp(`<table id="${id}"[\\s\\S]*?</table>`).exec(html)?.[0] ?? '';
  return [...table.matchAll(/<tr data-period="([^"]*)"[^>]*>([\s\S]*?)<\/tr>/g)].map(([, period, row]) => ({
    period: unescape(period),
    cells: [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map(([, cell]) => unescape(cell.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim())),
  }));
}

describe('the weekly line', () => {
  const report = fixtureReport('dashboard');
  const svg = chart(render(report), 'weekly');
  const y = scaleOf(svg);

  it('puts one point per week with answers, at the height of its CSAT, and none for the week without', () => {
    const points = tags(svg, 'circle');
    const answered = report.periods.weekly.filter((week) => week.csat !== null);
    expect(points.map((point) => point['data-period'])).toEqual(answered.map((week) => week.label));
    for (const [i, week] of answered.entries()) {
      expect(Number(points[i]['data-csat']), week.label).toBe(week.csat);
      expect(Number(points[i].cy), week.label).toBeCloseTo(y(week.csat!), 1);
    }
    expect(points.some((point) => point['data-period'] === '2026-W39')).toBe(false);
  });

  it('leaves a gap in the line at the week without data, and marks that week "no data"', () => {
    const paths = tags(svg, 'path').map((path) => path.d);
    expect(paths).toHaveLength(2);
    const points = Object.fromEntries(tags(svg, 'circle').map((point) => [point['data-period'], `${point.cx} ${point.cy}`]));
    expect(paths[0].startsWith(`M${points['2026-W36']}`)).toBe(true);
    expect(paths[0].endsWith(`L${points['2026-W38']}`)).toBe(true);
    expect(paths[1].startsWith(`M${points['2026-W40']}`)).toBe(true);
    expect(svg).toMatch(/<g data-no-data="2026-W39">\s*<title>2026-W39: no data, no answered survey<\/title>/);
  });

  it('draws the target at 95%, and orange points below it', () => {
    const target = tags(svg, 'line').find((line) => line['data-target']);
    expect(Number(target?.y1)).toBeCloseTo(y(0.95), 1);
    expect(svg).toContain('>Target 95%</text>');
    const below = tags(svg, 'circle').filter((point) => point.fill === '#e8710a').map((point) => point['data-period']);
    expect(below).toEqual(['2026-W37', '2026-W41', '2026-W44']);
  });

  it('is an image with a title and a description a screen reader reads', () => {
    const open = attributes(/<svg [^>]*>/.exec(svg)![0]);
    expect(open.role).toBe('img');
    expect(open['aria-labelledby']).toBe('weekly-chart-title weekly-chart-desc');
    expect(svg).toContain('<title id="weekly-chart-title">Weekly CSAT against the 95% target</title>');
    expect(svg).toContain('<desc id="weekly-chart-desc">Weekly CSAT from 2026-W36 to 2026-W47 against the 95% target: 8 weeks met it, 3 missed it, 1 had no data.');
  });
});

describe('the monthly bars', () => {
  const report = fixtureReport('dashboard');
  const svg = chart(render(report), 'monthly');
  const y = scaleOf(svg);

  it('stand from 0% up to each month\'s CSAT, labelled with it; the month without data has no bar', () => {
    const bars = [...svg.matchAll(/<g data-period="([^"]+)" data-csat="([^"]+)" data-csat-text="([^"]+)">[\s\S]*?(<rect [^>]*>)/g)];
    const answered = report.periods.monthly.filter((month) => month.csat !== null);
    expect(bars.map(([, label]) => label)).toEqual(answered.map((month) => month.label));
    for (const [i, month] of answered.entries()) {
      const rect = attributes(bars[i][4]);
      expect(Number(rect.y), month.label).toBeCloseTo(y(month.csat!), 1);
      expect(Number(rect.y) + Number(rect.height), month.label).toBeCloseTo(y(0), 1);
      expect(bars[i][3]).toBe(`${(month.csat! * 100).toFixed(1)}%`);
    }
    expect(svg).toMatch(/<g data-no-data="2026-07">\s*<title>2026-07: no data, no answered survey<\/title>/);
  });
});

describe('the tables', () => {
  const report = fixtureReport('dashboard');
  const html = render(report);

  it('list every week and month with the chart\'s numbers, boundaries in the time zone and in UTC', () => {
    for (const [unit, periods] of [['weekly', report.periods.weekly], ['monthly', report.periods.monthly]] as const) {
      const rows = tableRows(html, `${unit}-table`);
      const svg = chart(html, unit);
      const charted = Object.fromEntries([...svg.matchAll(/data-period="([^"]+)" data-csat="[^"]+" data-csat-text="([^"]+)"/g)].map(([, label, text]) => [label, text]));
      expect(rows.map((row) => row.period)).toEqual(periods.map((period) => period.label));
      for (const [i, period] of periods.entries()) {
        const [, when, good, bad, csat, target, offered, responseRate] = rows[i].cells;
        expect(when).toContain(`${period.startLocal.slice(0, 10)} ${period.startLocal.slice(11, 16)}`);
        expect(when).toContain(`${period.startUtc.slice(0, 10)} ${period.startUtc.slice(11, 16)}`);
        expect([good, bad, offered].map(Number)).toEqual([period.good, period.bad, period.offered]);
        expect(csat).toBe(charted[period.label] ?? 'no data');
        expect(target).toBe(period.csat === null ? '—' : period.csat >= report.target ? 'met' : 'missed');
        expect(responseRate).toBe(period.responseRate === null ? 'no surveys sent' : `${(period.responseRate * 100).toFixed(1)}%`);
      }
    }
    expect(tableRows(html, 'weekly-table').find((row) => row.period === '2026-W43')?.cells[1]).toContain('+02:00 → +01:00');
    expect(tableRows(html, 'weekly-table').at(-1)?.cells[0]).toBe('2026-W47 (in progress)');
  });

  it('have captions and header cells, and the breakdowns and reasons as tables of their own', () => {
    expect(html.match(/<caption id="[\w-]+">/g)).toHaveLength(2 + report.breakdowns.length + 1);
    expect(html).toContain('<caption id="breakdown-1-caption">CSAT by group and month</caption>');
    expect(html).toMatch(/<tr data-key="Billing">\s*<th scope="row">Billing<\/th>\s*<td class="num" data-period="2026-06">96.0%<span class="counts">216 good · 9 bad<\/span><\/td>/);
    expect(html).toContain('<tr><th scope="row">Issue not resolved</th><td class="num">62</td></tr>');
    expect(html).toContain('Last full week, 2026-W46: 98.0%, meeting the 95% target (193 good, 4 bad).');
  });
});

describe('what the page shows and loads', () => {
  it('renders hostile reason names and breakdown keys as inert text', () => {
    const report = fixtureReport('dashboard');
    const hostile = ['<script>alert(1)</script>', '"><img src=x onerror=alert(2)>', "'><svg onload=alert(3)>", '{{constructor}}'];
    report.breakdowns[0].rows[0].key = hostile[0];
    report.breakdowns[1].rows[0].key = hostile[1];
    report.topBadReasons = hostile.map((reason, i) => ({ reason, count: 10 - i }));
    report.timeZone = hostile[2];
    const html = render(report);
    expect(html).not.toMatch(/<script|<img|<svg onload|\son\w+=/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<th scope="row">&quot;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(2)&gt;</th>');
    expect(html).toContain('<th scope="row">{{constructor}}</th>');
  });

  it('keeps a hostile period label (csat.json is another job\'s artifact) inside the SVG <title> and data-* attributes it lands in', () => {
    const report = fixtureReport('dashboard');
    const label = '2026-W40"></circle></svg><script>alert(1)</script><title>';
    report.periods.weekly[5].label = label;
    report.periods.monthly[2].label = `2026-0${label}`;
    report.breakdowns[0].rows[0].key = '</title><svg onload=alert(4)>';
    const html = render(report);
    expect(html).not.toMatch(/<script|<svg onload|\son\w+=|<\/svg><|<title><\/title>/i);
    expect(html).toContain('data-period="2026-W40&quot;&gt;&lt;/circle&gt;&lt;/svg&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;title&gt;"');
    expect(html).toContain('<title>2026-W40&quot;&gt;&lt;/circle&gt;');
  });

  it('shows aggregates only, says so, and never prints a comment even when comments are allowed', () => {
    // csat.json has no comments; a report that carried one anyway (an older or hand-edited file) must not leak it.
    const report = fixtureReport('dashboard') as CsatReport & { comments?: unknown };
    report.comments = [{ rating: 1, comment: 'Agent Ada told me my account ada@customer.example was closed' }];
    Object.assign(report.periods.weekly[0], { comment: 'ada@customer.example' });
    Object.assign(report.topBadReasons[0], { subject: 'Refund for order 991' });
    for (const showComments of [false, true]) {
      const html = render(report, showComments);
      expect(html).not.toMatch(/ada@customer\.example|Agent Ada|order 991/);
    }
    expect(render(report, false)).toContain('this page shows aggregates only: counts and rates. It names no customer, email address or ticket subject, and shows no comments');
    expect(render(report, true)).toContain('but this report carries none');
  });

  it('keeps the site\'s Content-Security-Policy, and loads no script, font or other site', () => {
    const html = render(fixtureReport('dashboard'));
    expect(html).toContain('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; script-src \'self\'; style-src \'self\'; img-src \'self\'; base-uri \'none\'; form-action \'none\'">');
    expect(html).not.toMatch(/<script|\sstyle=|@import|url\(/);
    expect(tags(html, 'link').map((link) => link.href)).toEqual(['../style.css', 'csat.css']);
    expect((html.match(/https?:\/\/[^"\s<]+/g) ?? []).filter((url) => !url.startsWith(PROJECT))).toEqual([]);
  });

  it('says "no data" for a report where nobody answered, with no point, line or bar', () => {
    const report = fixtureReport('empty');
    const html = render(report);
    expect(tags(html, 'circle')).toEqual([]);
    expect(tags(html, 'path')).toEqual([]);
    expect(tags(chart(html, 'monthly'), 'rect')).toEqual([]);
    expect(tableRows(html, 'weekly-table').map((row) => [row.period, row.cells[4], row.cells[7]])).toEqual([
      ['2026-W01', 'no data', '0.0%'],
      ['2026-W02 (in progress)', 'no data', 'no surveys sent'],
    ].map(([label, csat, rate]) => [label.replace(' (in progress)', ''), csat, rate]));
    expect(html).toContain('Last full week, 2026-W01: no data (no answered survey).');
    expect(html).toContain('<p>No bad rating in the months above.</p>');
    expect(html).not.toContain('breakdowns-heading');
  });

  it('draws a year of weeks with every point, and every fourth week named on the axis so the names do not overlap', () => {
    const report = yearReport(50);
    const html = render(report);
    const svg = chart(html, 'weekly');
    expect(tags(svg, 'circle')).toHaveLength(report.periods.weekly.filter((week) => week.csat !== null).length);
    expect(svg.match(/dy="18">W\d\d<\/text>/g)).toHaveLength(13);
    expect(tableRows(html, 'weekly-table')).toHaveLength(52);
    expect(html.match(/<tr data-key=/g)).toHaveLength(4 * 50);
  });
});

describe('csat.json at the door', () => {
  it('accepts the fixtures and names the field of the first problem', () => {
    expect(checkCsatReport(fixtureReport('dashboard')).ok).toBe(true);
    expect(checkCsatReport(fixtureReport('empty')).ok).toBe(true);
    const broken = fixtureReport('dashboard') as unknown as { periods: { weekly: Record<string, unknown>[] } };
    broken.periods.weekly[3].csat = '96%';
    expect(checkCsatReport(broken)).toEqual({ ok: false, field: 'periods.weekly[3].csat', message: 'must be a number from 0 to 1 (or null for no data)' });
    expect(checkCsatReport({ ...fixtureReport('dashboard'), formatVersion: 2 })).toMatchObject({ ok: false, field: 'formatVersion' });
    expect(checkCsatReport([])).toMatchObject({ ok: false, field: '(the file)', message: 'must be an object' });
  });
});
