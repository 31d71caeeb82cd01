/**
 * `buildCsatReport`: config + Zendesk + now → csat.json's CsatReport. The `ci csat` job
 * calls it and writes the result with ../workflow/csat.ts `writeCsatReport`.
 *
 * Read strategy (read.ts has the arithmetic): with breakdowns, ratings are listed: only the
 * Search API counts by group, brand or form, and it counts tickets by their own dates and
 * current group, so its numbers differ; `readStrategy.alternative` still records what those
 * counts would cost (3 per period, 3 per month and breakdown value, organization by
 * organization for tags, plus the bad ratings for reasons). Without breakdowns, three counts over
 * the whole range (received, offered, bad: 3 requests) say exactly what each way costs,
 * and the cheaper one runs. `readStrategy` records the choice, the requests it took
 * (retries included) and what the other way would have taken.
 */
import type { ZendeskClient } from '../zendesk/client.ts';
import type { CsatConfig } from './config.ts';
import { breakdownTables, NO_VALUE, periodResult, periodResults, topBadReasons, type RatingFact } from './compute.ts';
import { CSAT_REPORT_FORMAT_VERSION, type Breakdown, type CsatReport, type PeriodResult } from './model.ts';
import { monthlyPeriods, utcIso, weeklyPeriods, type Period } from './periods.ts';
import { countRatings, listRatings, PAGE_SIZE, readBreakdownLookups, satisfactionReasons, type BreakdownLookups, type SatisfactionRating } from './read.ts';

export type ReadStrategy = 'list' | 'count';

export interface BuildCsatReportOptions {
  client: ZendeskClient;
  config: CsatConfig;
  now: Date;
  /** Tests and the bench force one; otherwise chosen as above. */
  strategy?: ReadStrategy;
}

/** The periods a config asks for at `now`, and the range that covers them all. */
export function reportPeriods(config: CsatConfig, now: Date): { weeks: Period[]; months: Period[]; startMs: number; endMs: number } {
  const weeks = weeklyPeriods(now, config.timeZone, config.periods.weekly);
  const months = monthlyPeriods(now, config.timeZone, config.periods.monthly);
  const all = [...weeks, ...months];
  return { weeks, months, startMs: Math.min(...all.map((p) => p.startMs)), endMs: Math.max(...all.map((p) => p.endMs)) };
}

export async function buildCsatReport(options: BuildCsatReportOptions): Promise<CsatReport> {
  const { client, config, now } = options;
  const periods = reportPeriods(config, now);
  const before = client.requestCount;
  let strategy = options.strategy;
  let estimate: { list: number; count: number } | undefined;
  if (!strategy) {
    if (config.breakdowns.length > 0) strategy = 'list';
    else {
      estimate = await estimateWithoutBreakdowns(client, periods);
      strategy = estimate.count < estimate.list ? 'count' : 'list';
    }
  }
  const read = strategy === 'list' ? await readByListing(client, config, periods) : await readByCounting(client, config, periods);
  const requests = client.requestCount - before;
  const probes = estimate ? 3 : 0;
  const alternative: ReadStrategy = strategy === 'list' ? 'count' : 'list';
  const alternativeRequests = estimate ? probes + estimate[alternative] : read.alternativeCost;
  return {
    formatVersion: CSAT_REPORT_FORMAT_VERSION,
    generatedAt: utcIso(now.getTime()),
    timeZone: config.timeZone,
    target: config.target,
    periods: { weekly: read.weekly, monthly: read.monthly },
    breakdowns: read.breakdowns,
    topBadReasons: read.topBadReasons,
    readStrategy: { chosen: strategy, requests, alternative: { strategy: alternative, requests: alternativeRequests } },
  };
}

interface ReadResult {
  weekly: PeriodResult[];
  monthly: PeriodResult[];
  breakdowns: CsatReport['breakdowns'];
  topBadReasons: CsatReport['topBadReasons'];
  /** What the other way would have cost for these numbers (requests). */
  alternativeCost: number;
}

type Periods = ReturnType<typeof reportPeriods>;

async function readByListing(client: ZendeskClient, config: CsatConfig, periods: Periods): Promise<ReadResult> {
  const range = { startMs: periods.startMs, endMs: periods.endMs };
  const [reasons, received, unanswered] = await Promise.all([
    satisfactionReasons(client),
    listRatings(client, { score: 'received', ...range }),
    listRatings(client, { score: 'offered', ...range }),
  ]);
  const ratings = oneRatingEach(received, unanswered);
  const lookups = await readBreakdownLookups(client, ratings, config.breakdowns);
  const facts = ratings.map((rating) => ratingFact(rating, reasons, lookups, config.breakdowns));
  const { weeks, months } = periods;
  const monthsStart = months[0].startMs;
  const monthsEnd = months[months.length - 1].endMs;
  const bad = received.filter((rating) => rating.score === 'bad' && inRange(rating, monthsStart, monthsEnd)).length;
  const breakdowns = breakdownTables(facts, config.breakdowns, months, config.timeZone);
  // What a count needs to name per breakdown value: the Search API has group:, brand: and form:
  // keywords, but no organization-tag one for tickets, so tags are counted organization by organization.
  const ratedOrganizations = new Set(
    ratings.filter((rating) => inRange(rating, monthsStart, monthsEnd)).map((rating) => lookups.tickets.get(rating.ticket_id)?.organizationId ?? null),
  ).size;
  const breakdownValues = breakdowns.reduce((sum, table) => sum + (table.dimension === 'organization_tags' ? ratedOrganizations : table.rows.length), 0);
  return {
    weekly: periodResults(facts, weeks, config.timeZone),
    monthly: periodResults(facts, months, config.timeZone),
    breakdowns,
    topBadReasons: topBadReasons(facts, monthsStart, monthsEnd),
    // Counting: 3 per period, 3 per month and breakdown value (Search API; per organization for
    // tags), bad ratings listed for their reasons, the reasons. Search counts tickets by the
    // ticket's dates and current group: not the same numbers, so listing is chosen whatever this says.
    alternativeCost: 3 * (weeks.length + months.length) + 3 * months.length * breakdownValues + pagesOf(bad) + 1,
  };
}

async function readByCounting(client: ZendeskClient, config: CsatConfig, periods: Periods): Promise<ReadResult> {
  const { weeks, months } = periods;
  const monthsStart = months[0].startMs;
  const monthsEnd = months[months.length - 1].endMs;
  const countsOf = (period: Period) =>
    Promise.all((['good', 'bad', 'offered'] as const).map((score) => countRatings(client, { score, startMs: period.startMs, endMs: period.endMs })));
  const [reasons, bad, weekCounts, monthCounts] = await Promise.all([
    satisfactionReasons(client),
    listRatings(client, { score: 'bad', startMs: monthsStart, endMs: monthsEnd }),
    Promise.all(weeks.map(countsOf)),
    Promise.all(months.map(countsOf)),
  ]);
  const noLookups: BreakdownLookups = { groups: new Map(), brands: new Map(), forms: new Map(), tickets: new Map(), organizationTags: new Map() };
  const facts = bad.map((rating) => ratingFact(rating, reasons, noLookups, []));
  const counted = countedInRange(periods, weekCounts, monthCounts);
  // `offered` counts surveys nobody answered yet; offered in the report is every survey sent.
  const result = (period: Period, [good, badCount, unanswered]: number[]) => periodResult(period, { good, bad: badCount, offered: good + badCount + unanswered }, config.timeZone);
  return {
    weekly: weeks.map((week, index) => result(week, weekCounts[index])),
    monthly: months.map((month, index) => result(month, monthCounts[index])),
    breakdowns: [],
    topBadReasons: topBadReasons(facts, monthsStart, monthsEnd),
    // Listing: the reasons and every received and unanswered rating of the range, in slices (from the counts).
    alternativeCost: 1 + pagesOf(counted.received) + pagesOf(counted.unanswered),
  };
}

/**
 * Without breakdowns: the exact cost of each way, from three counts over the whole range.
 * list = reasons + sliced pages of received and of offered ratings;
 * count = reasons + 3 per period + pages of bad ratings over the months.
 */
async function estimateWithoutBreakdowns(client: ZendeskClient, periods: Periods): Promise<{ list: number; count: number }> {
  const { weeks, months, startMs, endMs } = periods;
  const monthsStart = months[0].startMs;
  const monthsEnd = months[months.length - 1].endMs;
  const [received, unanswered, bad] = await Promise.all([
    countRatings(client, { score: 'received', startMs, endMs }),
    countRatings(client, { score: 'offered', startMs, endMs }),
    countRatings(client, { score: 'bad', startMs: monthsStart, endMs: monthsEnd }),
  ]);
  // Slices add at most one page each beyond ceil(n/100).
  return {
    list: 1 + pagesOf(received) + pagesOf(unanswered),
    count: 1 + 3 * (weeks.length + months.length) + pagesOf(bad),
  };
}

/** Cursor pages of `n` ratings: ceil(n/100), and one for none. */
function pagesOf(n: number): number {
  return Math.max(1, Math.ceil(n / PAGE_SIZE));
}

/** Received and unanswered ratings of the range, from the per-period counts: the months, and weeks wholly before them. */
function countedInRange(periods: Periods, weekCounts: number[][], monthCounts: number[][]): { received: number; unanswered: number } {
  const monthsStart = periods.months[0].startMs;
  const counts = [...monthCounts, ...periods.weeks.flatMap((week, index) => (week.endMs <= monthsStart ? [weekCounts[index]] : []))];
  return { received: counts.reduce((sum, [good, bad]) => sum + good + bad, 0), unanswered: counts.reduce((sum, [, , unanswered]) => sum + unanswered, 0) };
}

/**
 * Each rating once. The two lists are read side by side, page after page: a survey answered
 * between the page of `offered` that held it and the page of `received` that holds it now is in
 * both, and a rating changed while its list is paged may come twice. It counts once, with its
 * answer (received wins over offered).
 */
export function oneRatingEach(received: readonly SatisfactionRating[], unanswered: readonly SatisfactionRating[]): SatisfactionRating[] {
  return [...new Map([...unanswered, ...received].map((rating) => [rating.id, rating])).values()];
}

function inRange(rating: SatisfactionRating, startMs: number, endMs: number): boolean {
  const created = Date.parse(rating.created_at);
  return created >= startMs && created < endMs;
}

/** A rating as the KPI counts it: its current score, its reason's name, its breakdown keys. */
export function ratingFact(rating: SatisfactionRating, reasons: ReadonlyMap<number, string>, lookups: BreakdownLookups, dimensions: readonly Breakdown[]): RatingFact {
  const ticket = lookups.tickets.get(rating.ticket_id);
  const named = (names: ReadonlyMap<number, string>, id: number | null | undefined) => (id ? [names.get(id) ?? `id ${id}`] : []);
  const keys: Partial<Record<Breakdown, readonly string[]>> = {};
  for (const dimension of dimensions) {
    switch (dimension) {
      case 'group':
        keys.group = named(lookups.groups, rating.group_id);
        break;
      case 'brand':
        keys.brand = named(lookups.brands, ticket?.brandId);
        break;
      case 'ticket_form':
        keys.ticket_form = named(lookups.forms, ticket?.formId);
        break;
      case 'organization_tags':
        keys.organization_tags = ticket?.organizationId ? [...(lookups.organizationTags.get(ticket.organizationId) ?? [])] : [];
        break;
    }
  }
  const reason = rating.score !== 'bad' ? null : rating.reason_id ? reasons.get(rating.reason_id) ?? rating.reason ?? `Reason id ${rating.reason_id}` : rating.reason ?? null;
  return { createdMs: Date.parse(rating.created_at), score: rating.score, reason, keys };
}

/** csat.json's text: two-space JSON and a final newline, so a re-run with the same numbers writes the same bytes. */
export function csatReportJson(report: CsatReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export { NO_VALUE };
