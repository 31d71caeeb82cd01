/**
 * public/csat/index.html: the CSAT dashboard, drawn from csat.json (scripts/csat/model.ts)
 * alone. Inline SVG charts, and tables holding the same numbers as the accessible
 * alternative; no script, so nothing to load and nothing the Content-Security-Policy
 * (partials/layout.html.hbs) has to allow.
 *
 * Pages may be public: the report carries aggregates only (counts, rates, reason names,
 * breakdown keys), and the page says so. Reason names and breakdown keys come from Zendesk,
 * so they are untrusted text: every string reaches the page through Handlebars' escaping
 * in templates/pages/csat.html.hbs, never as markup.
 */
import type { Breakdown, CsatReport, PeriodResult } from '../csat/model.ts';
import { monthlyBarChart, weeklyLineChart } from './csatCharts.ts';
import { formatInstant, formatPercent, formatTarget, offsetOf } from './csatFormat.ts';
import { pageAsset, renderPage } from './templates.ts';

export interface CsatDashboardOptions {
  /** config/csat.yaml `dashboard.show_comments`. */
  showComments: boolean;
  /** The GitLab project, for the footer link; the site's index when not given. */
  projectUrl?: string;
}

const DIMENSIONS: Readonly<Record<Breakdown, { title: string; noun: string }>> = {
  group: { title: 'Group', noun: 'group' },
  brand: { title: 'Brand', noun: 'brand' },
  ticket_form: { title: 'Ticket form', noun: 'ticket form' },
  organization_tags: { title: 'Organization tag', noun: 'organization tag' },
};

export function renderCsatDashboard(report: CsatReport, options: CsatDashboardOptions): string {
  const target = formatTarget(report.target);
  const periodRows = (periods: readonly PeriodResult[]) => periods.map((period) => periodRow(period, report));
  return renderPage('csat', {
    root: '../',
    projectUrl: options.projectUrl ?? '../index.html',
    pageTitle: 'Customer satisfaction · Zendesk as code',
    target,
    timeZone: report.timeZone,
    generatedAt: `${formatInstant(report.generatedAt)} UTC`,
    generatedAtIso: report.generatedAt,
    headlines: [headline('week', report.periods.weekly, report), headline('month', report.periods.monthly, report)].filter((line) => line !== null),
    weekly: {
      chart: weeklyLineChart(report.periods.weekly, report.target, report.generatedAt),
      description: chartDescription('Weekly', 'weeks', report.periods.weekly, report.target),
      rows: periodRows(report.periods.weekly),
    },
    monthly: {
      chart: monthlyBarChart(report.periods.monthly, report.target, report.generatedAt),
      description: chartDescription('Monthly', 'months', report.periods.monthly, report.target),
      rows: periodRows(report.periods.monthly),
    },
    breakdowns: report.breakdowns.map((table, i) => ({
      id: `breakdown-${i + 1}`,
      dimension: table.dimension,
      ...DIMENSIONS[table.dimension],
      months: (table.rows[0]?.results ?? report.periods.monthly).map((period) => period.label),
      rows: table.rows.map((row) => ({
        key: row.key,
        cells: row.results.map((period) => ({
          label: period.label,
          csatText: formatPercent(period.csat),
          noData: period.csat === null,
          belowTarget: period.csat !== null && period.csat < report.target,
          good: period.good,
          bad: period.bad,
        })),
      })),
    })),
    reasons: report.topBadReasons.map((entry) => ({ reason: entry.reason, count: entry.count })),
    readStrategy: {
      chosen: STRATEGY_TEXT[report.readStrategy.chosen],
      requests: report.readStrategy.requests,
      alternative: STRATEGY_TEXT[report.readStrategy.alternative.strategy],
      alternativeRequests: report.readStrategy.alternative.requests,
    },
    showComments: options.showComments,
  });
}

/** The dashboard's own stylesheet (tables, chart colours), beside the site's style.css. */
export function csatStylesheet(): string {
  return pageAsset('csat.css');
}

const STRATEGY_TEXT: Readonly<Record<'list' | 'count', string>> = {
  list: 'listing the ratings',
  count: 'counting ratings per period',
};

function periodRow(period: PeriodResult, report: CsatReport) {
  return {
    label: period.label,
    inProgress: Date.parse(period.endUtc) > Date.parse(report.generatedAt),
    localFrom: formatInstant(period.startLocal),
    localTo: formatInstant(period.endLocal),
    localOffsets: offsetOf(period.startLocal) === offsetOf(period.endLocal) ? offsetOf(period.startLocal) : `${offsetOf(period.startLocal)} → ${offsetOf(period.endLocal)}`,
    startLocal: period.startLocal,
    endLocal: period.endLocal,
    utcFrom: formatInstant(period.startUtc),
    utcTo: formatInstant(period.endUtc),
    startUtc: period.startUtc,
    endUtc: period.endUtc,
    good: period.good,
    bad: period.bad,
    offered: period.offered,
    csat: period.csat === null ? 'none' : String(period.csat),
    csatText: formatPercent(period.csat),
    noData: period.csat === null,
    targetText: period.csat === null ? '—' : period.csat >= report.target ? 'met' : 'missed',
    belowTarget: period.csat !== null && period.csat < report.target,
    responseText: period.responseRate === null ? 'no surveys sent' : formatPercent(period.responseRate),
  };
}

/** "Last full week, 2026-W46: 98.0%, above the 95% target." from the latest finished period. */
function headline(unit: 'week' | 'month', periods: readonly PeriodResult[], report: CsatReport): string | null {
  const finished = periods.filter((period) => Date.parse(period.endUtc) <= Date.parse(report.generatedAt)).at(-1);
  if (!finished) return null;
  const target = formatTarget(report.target);
  const verdict = finished.csat === null
    ? 'no data (no answered survey)'
    : `${formatPercent(finished.csat)}, ${finished.csat >= report.target ? 'meeting' : 'below'} the ${target} target (${finished.good} good, ${finished.bad} bad)`;
  return `Last full ${unit}, ${finished.label}: ${verdict}.`;
}

function chartDescription(title: string, unit: string, periods: readonly PeriodResult[], target: number): string {
  if (periods.length === 0) return `${title} CSAT: no periods in this report.`;
  const met = periods.filter((period) => period.csat !== null && period.csat >= target).length;
  const missed = periods.filter((period) => period.csat !== null && period.csat < target).length;
  const empty = periods.length - met - missed;
  return `${title} CSAT from ${periods[0].label} to ${periods.at(-1)?.label} against the ${formatTarget(target)} target: `
    + `${met} ${unit} met it, ${missed} missed it, ${empty} had no data. The table after the chart has every number.`;
}
