/** CsatReport fixtures for the dashboard's tests: the hand-made files, and a year made to size. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CsatReport, PeriodResult } from '../../scripts/csat/model.ts';

export const FIXTURES = resolve(import.meta.dirname, '../fixtures/csat');

/** test/fixtures/csat/<name>.json: `dashboard` (12 weeks, 6 months, a week and a month without data, weeks above and below the 95% target), `empty` (nobody answered). */
export function fixtureReport(name: 'dashboard' | 'empty'): CsatReport {
  return JSON.parse(readFileSync(resolve(FIXTURES, `${name}.json`), 'utf8')) as CsatReport;
}

/** A year: 52 weeks and 12 months in UTC, every seventh week without an answer, and `rows` breakdown rows per dimension. */
export function yearReport(rows: number): CsatReport {
  const day = 86_400_000;
  const start = Date.UTC(2025, 11, 29);
  const period = (label: string, from: number, to: number, i: number): PeriodResult => {
    const empty = i % 7 === 3;
    const good = empty ? 0 : 180 + (i * 37) % 40;
    const bad = empty ? 0 : (i * 13) % 17;
    const offered = empty ? 0 : 2 * (good + bad) + 11;
    const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
    return {
      label, startUtc: iso(from), endUtc: iso(to), startLocal: iso(from).replace('Z', '+00:00'), endLocal: iso(to).replace('Z', '+00:00'),
      good, bad, offered, csat: empty ? null : good / (good + bad), responseRate: empty ? null : (good + bad) / offered,
    };
  };
  const weekly = Array.from({ length: 52 }, (_, i) => period(`2026-W${String(i + 1).padStart(2, '0')}`, start + i * 7 * day, start + (i + 1) * 7 * day, i));
  const monthly = Array.from({ length: 12 }, (_, i) => period(`2026-${String(i + 1).padStart(2, '0')}`, Date.UTC(2026, i, 1), Date.UTC(2026, i + 1, 1), i));
  const dimensions = ['group', 'brand', 'ticket_form', 'organization_tags'] as const;
  return {
    formatVersion: 1,
    generatedAt: '2026-12-30T06:00:00Z',
    timeZone: 'UTC',
    target: 0.95,
    periods: { weekly, monthly },
    breakdowns: dimensions.map((dimension) => ({
      dimension,
      periods: 'monthly',
      rows: Array.from({ length: rows }, (_, r) => ({ key: `${dimension} ${r + 1}`, results: monthly.map((month, i) => period(month.label, Date.parse(month.startUtc), Date.parse(month.endUtc), i + r)) })),
    })),
    topBadReasons: [{ reason: 'Issue not resolved', count: 40 }, { reason: 'Response too slow', count: 21 }],
    readStrategy: { chosen: 'count', requests: 130, alternative: { strategy: 'list', requests: 2001 } },
  };
}
