/**
 * csat.json at the Pages build's door: the file comes from another job's artifact (or a
 * path someone typed), so its shape is checked before a page is drawn from it. The first
 * problem is reported with its JSON path, like `periods.weekly[3].csat`.
 */
import { CSAT_REPORT_FORMAT_VERSION, type Breakdown, type CsatReport } from '../csat/model.ts';

export type CsatReportCheck = { ok: true; report: CsatReport } | { ok: false; field: string; message: string };

const BREAKDOWNS: readonly Breakdown[] = ['group', 'brand', 'ticket_form', 'organization_tags'];
const STRATEGIES = ['list', 'count'];

class Problem extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

export function checkCsatReport(value: unknown): CsatReportCheck {
  try {
    const report = record(value, '');
    if (report.formatVersion !== CSAT_REPORT_FORMAT_VERSION) {
      throw new Problem('formatVersion', `is ${JSON.stringify(report.formatVersion)}; this dashboard reads format ${CSAT_REPORT_FORMAT_VERSION} (rebuild csat.json with npm run csat)`);
    }
    instant(report.generatedAt, 'generatedAt');
    text(report.timeZone, 'timeZone');
    fraction(report.target, 'target');
    const periods = record(report.periods, 'periods');
    list(periods.weekly, 'periods.weekly').forEach((period, i) => periodResult(period, `periods.weekly[${i}]`));
    list(periods.monthly, 'periods.monthly').forEach((period, i) => periodResult(period, `periods.monthly[${i}]`));
    list(report.breakdowns, 'breakdowns').forEach((table, i) => {
      const at = `breakdowns[${i}]`;
      const breakdown = record(table, at);
      if (!BREAKDOWNS.includes(breakdown.dimension as Breakdown)) throw new Problem(`${at}.dimension`, `must be one of ${BREAKDOWNS.join(', ')}`);
      if (breakdown.periods !== 'monthly') throw new Problem(`${at}.periods`, 'must be "monthly"');
      list(breakdown.rows, `${at}.rows`).forEach((row, j) => {
        const rowAt = `${at}.rows[${j}]`;
        text(record(row, rowAt).key, `${rowAt}.key`);
        list((row as Record<string, unknown>).results, `${rowAt}.results`).forEach((period, k) => periodResult(period, `${rowAt}.results[${k}]`));
      });
    });
    list(report.topBadReasons, 'topBadReasons').forEach((entry, i) => {
      text(record(entry, `topBadReasons[${i}]`).reason, `topBadReasons[${i}].reason`);
      count((entry as Record<string, unknown>).count, `topBadReasons[${i}].count`);
    });
    const strategy = record(report.readStrategy, 'readStrategy');
    oneOf(strategy.chosen, STRATEGIES, 'readStrategy.chosen');
    count(strategy.requests, 'readStrategy.requests');
    const alternative = record(strategy.alternative, 'readStrategy.alternative');
    oneOf(alternative.strategy, STRATEGIES, 'readStrategy.alternative.strategy');
    count(alternative.requests, 'readStrategy.alternative.requests');
    return { ok: true, report: value as CsatReport };
  } catch (error) {
    if (error instanceof Problem) return { ok: false, field: error.field || '(the file)', message: error.message };
    throw error;
  }
}

function periodResult(value: unknown, at: string): void {
  const period = record(value, at);
  text(period.label, `${at}.label`);
  for (const key of ['startUtc', 'endUtc', 'startLocal', 'endLocal']) instant(period[key], `${at}.${key}`);
  for (const key of ['good', 'bad', 'offered']) count(period[key], `${at}.${key}`);
  for (const key of ['csat', 'responseRate']) if (period[key] !== null) fraction(period[key], `${at}.${key}`);
}

function record(value: unknown, at: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Problem(at, 'must be an object');
  return value as Record<string, unknown>;
}

function list(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value)) throw new Problem(at, 'must be a list');
  return value;
}

function text(value: unknown, at: string): void {
  if (typeof value !== 'string') throw new Problem(at, 'must be a string');
}

function instant(value: unknown, at: string): void {
  if (typeof value !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(value)) {
    throw new Problem(at, 'must be an ISO 8601 time with Z or an offset');
  }
}

function count(value: unknown, at: string): void {
  if (!Number.isSafeInteger(value) || (value as number) < 0) throw new Problem(at, 'must be a whole number ≥ 0');
}

function fraction(value: unknown, at: string): void {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new Problem(at, 'must be a number from 0 to 1 (or null for no data)');
}

function oneOf(value: unknown, allowed: readonly string[], at: string): void {
  if (!allowed.includes(value as string)) throw new Problem(at, `must be one of ${allowed.join(', ')}`);
}
