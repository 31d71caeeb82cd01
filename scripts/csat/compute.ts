/**
 * The CSAT KPI as a pure function: ratings in, csat.json's numbers out (./model.ts).
 *
 * Which period a rating counts in: the one holding its `created_at`, the moment Zendesk
 * made the rating record, which is when the survey was offered (Zendesk's legacy CSAT
 * creates the rating with score "offered" when the survey goes out and updates it when the
 * customer answers: OAS SatisfactionRatingObject `created_at` "The time the satisfaction
 * rating got created", `updated_at` "got updated"; the documented example has an answer a
 * day after creation). So:
 * - an answer and the survey it answers always fall in the same period, and the response
 *   rate (answered ÷ offered) compares like with like;
 * - a rating changed later (bad → good) stays in its period, with its current score: a
 *   past period's CSAT can change when a customer changes their mind, as Zendesk's own
 *   reports show the current score;
 * - the List Satisfaction Ratings `start_time`/`end_time` filters ("time of the oldest /
 *   most recent satisfaction rating") select on the same timestamp (see read.ts).
 *
 * Excluded from CSAT: `unoffered` (no survey) and `offered` (no answer); offered counts
 * every survey sent, answered or not.
 */
import type { Breakdown, BreakdownTable, PeriodResult } from './model.ts';
import { localIso, periodIndexOf, utcIso, type Period } from './periods.ts';

export type RatingScore = 'offered' | 'unoffered' | 'good' | 'bad';

/** One rating as the KPI needs it: its current score, where it counts, and what it is broken down by. */
export interface RatingFact {
  /** Epoch ms of the rating's created_at. */
  createdMs: number;
  score: RatingScore;
  /** Name of the bad rating's reason, when the customer picked one. */
  reason: string | null;
  /** Breakdown values (`group` → "Support", `organization_tags` → every tag); absent dimension: not broken down. */
  keys: Partial<Record<Breakdown, readonly string[]>>;
}

export interface Tally {
  good: number;
  bad: number;
  offered: number;
}

/** The key a rating has when its dimension is empty (no group, no brand, no organization tags). */
export const NO_VALUE = '(none)';

/** good/bad/offered of ratings, per period (periods sorted and adjacent). */
export function tallyByPeriod(ratings: readonly RatingFact[], periods: readonly Period[]): Tally[] {
  const tallies = periods.map(() => ({ good: 0, bad: 0, offered: 0 }));
  for (const rating of ratings) {
    const index = periodIndexOf(periods, rating.createdMs);
    if (index >= 0) add(tallies[index], rating.score);
  }
  return tallies;
}

function add(tally: Tally, score: RatingScore): void {
  switch (score) {
    case 'good':
      tally.good++;
      tally.offered++;
      return;
    case 'bad':
      tally.bad++;
      tally.offered++;
      return;
    case 'offered':
      tally.offered++;
      return;
    case 'unoffered':
      return;
  }
}

/** A period's numbers; csat and response rate are null, not 0 or 1, when there is nothing to divide by. */
export function periodResult(period: Period, tally: Tally, timeZone: string): PeriodResult {
  const answered = tally.good + tally.bad;
  return {
    label: period.label,
    startUtc: utcIso(period.startMs),
    endUtc: utcIso(period.endMs),
    startLocal: localIso(period.startMs, timeZone),
    endLocal: localIso(period.endMs, timeZone),
    good: tally.good,
    bad: tally.bad,
    offered: tally.offered,
    csat: answered === 0 ? null : tally.good / answered,
    responseRate: tally.offered === 0 ? null : answered / tally.offered,
  };
}

export function periodResults(ratings: readonly RatingFact[], periods: readonly Period[], timeZone: string): PeriodResult[] {
  const tallies = tallyByPeriod(ratings, periods);
  return periods.map((period, index) => periodResult(period, tallies[index], timeZone));
}

/**
 * One table per dimension, a row per value seen in the months (a rating of an
 * organization with three tags counts in three rows), rows by name.
 */
export function breakdownTables(
  ratings: readonly RatingFact[],
  dimensions: readonly Breakdown[],
  months: readonly Period[],
  timeZone: string,
): BreakdownTable[] {
  const first = months[0]?.startMs ?? 0;
  const last = months[months.length - 1]?.endMs ?? 0;
  const inRange = ratings.filter((rating) => rating.createdMs >= first && rating.createdMs < last && rating.score !== 'unoffered');
  return dimensions.map((dimension) => {
    const byKey = new Map<string, RatingFact[]>();
    for (const rating of inRange) {
      const keys = rating.keys[dimension];
      for (const key of keys && keys.length > 0 ? new Set(keys) : [NO_VALUE]) {
        let list = byKey.get(key);
        if (!list) byKey.set(key, (list = []));
        list.push(rating);
      }
    }
    const rows = [...byKey.keys()]
      .sort(compareKeys)
      .map((key) => ({ key, results: periodResults(byKey.get(key) ?? [], months, timeZone) }));
    return { dimension, periods: 'monthly' as const, rows };
  });
}

/** Names in a stable, human order; "(none)" last. */
function compareKeys(a: string, b: string): number {
  if (a === NO_VALUE || b === NO_VALUE) return a === b ? 0 : a === NO_VALUE ? 1 : -1;
  return a.localeCompare(b, 'en') || (a < b ? -1 : a > b ? 1 : 0);
}

/** Reasons picked with bad ratings in [fromMs, toMs), most picked first, then by name. */
export function topBadReasons(ratings: readonly RatingFact[], fromMs: number, toMs: number): { reason: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const rating of ratings) {
    if (rating.score !== 'bad' || rating.reason === null || rating.createdMs < fromMs || rating.createdMs >= toMs) continue;
    counts.set(rating.reason, (counts.get(rating.reason) ?? 0) + 1);
  }
  return [...counts]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || compareKeys(a.reason, b.reason));
}
