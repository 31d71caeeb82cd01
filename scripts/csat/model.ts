/**
 * What `npm run csat` computes and writes as csat.json (issue 13), and what the Pages
 * dashboard draws: plain data, importing nothing, so the reader, the KPI and the
 * dashboard agree on one shape.
 *
 * CSAT = good ÷ (good + bad). Ratings offered but never answered, and tickets never
 * offered a survey, are left out of it; they count only in the response rate
 * (answered ÷ offered). A period with no answered survey has no CSAT (null: "no data"),
 * never 0% or 100%.
 */

export const CSAT_REPORT_FORMAT_VERSION = 1;

export type Breakdown = 'group' | 'brand' | 'ticket_form' | 'organization_tags';

export interface PeriodResult {
  /** `2026-W47` (ISO week) or `2026-11`. */
  label: string;
  /** [start, end) in UTC, ISO 8601. */
  startUtc: string;
  endUtc: string;
  /** The same instants in the configured time zone, ISO 8601 with its offset. */
  startLocal: string;
  endLocal: string;
  good: number;
  bad: number;
  /** Surveys sent in the period, answered or not. */
  offered: number;
  /** good ÷ (good + bad); null when nobody answered. */
  csat: number | null;
  /** (good + bad) ÷ offered; null when no survey was sent. */
  responseRate: number | null;
}

export interface BreakdownTable {
  dimension: Breakdown;
  /** Breakdowns are by month. */
  periods: 'monthly';
  rows: { key: string; results: PeriodResult[] }[];
}

export interface CsatReport {
  formatVersion: typeof CSAT_REPORT_FORMAT_VERSION;
  /** ISO 8601, UTC. */
  generatedAt: string;
  timeZone: string;
  /** 0.95 for 95 %. */
  target: number;
  periods: { weekly: PeriodResult[]; monthly: PeriodResult[] };
  breakdowns: BreakdownTable[];
  /** Reasons customers picked with a bad rating, over the monthly range, most picked first. */
  topBadReasons: { reason: string; count: number }[];
  /** How the numbers were read, and what the other way would have cost. */
  readStrategy: { chosen: 'list' | 'count'; requests: number; alternative: { strategy: 'list' | 'count'; requests: number } };
}
