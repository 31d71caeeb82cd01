/**
 * The CSAT KPI against numbers counted by hand (issue 13): what counts (only answered
 * surveys), where (the period of the rating's created_at, in the configured zone), and
 * what an empty period shows (no data, never 0 % or 100 %).
 */
import { describe, expect, it } from 'vitest';
import { breakdownTables, periodResults, topBadReasons, type RatingFact } from '../../scripts/csat/compute.ts';
import { monthlyPeriods, weeklyPeriods } from '../../scripts/csat/periods.ts';

const BERLIN = 'Europe/Berlin';
const rating = (created: string, score: RatingFact['score'], extra: Partial<RatingFact> = {}): RatingFact => ({
  createdMs: Date.parse(created),
  score,
  reason: null,
  keys: {},
  ...extra,
});

describe('CSAT per period', () => {
  const months = monthlyPeriods(new Date('2026-11-21T10:00:00Z'), BERLIN, 3);

  it('is good ÷ (good + bad): unoffered and unanswered surveys stay out of it, unanswered ones count as offered', () => {
    const [, october] = periodResults(
      [
        ...Array.from({ length: 9 }, () => rating('2026-10-10T09:00:00Z', 'good')),
        rating('2026-10-11T09:00:00Z', 'bad'),
        rating('2026-10-12T09:00:00Z', 'offered'),
        rating('2026-10-12T09:00:00Z', 'offered'),
        rating('2026-10-13T09:00:00Z', 'unoffered'),
      ],
      months,
      BERLIN,
    );
    // 9 good, 1 bad: 9/10; offered 12 (10 answered + 2 not); response rate 10/12.
    expect(october).toMatchObject({ label: '2026-10', good: 9, bad: 1, offered: 12, csat: 0.9, responseRate: 10 / 12 });
  });

  it('shows no data (null) for a period nobody answered, and no response rate where no survey went out', () => {
    const [september, october, november] = periodResults([rating('2026-10-02T09:00:00Z', 'offered'), rating('2026-11-02T09:00:00Z', 'unoffered')], months, BERLIN);
    expect(september).toMatchObject({ good: 0, bad: 0, offered: 0, csat: null, responseRate: null });
    expect(october).toMatchObject({ good: 0, bad: 0, offered: 1, csat: null, responseRate: 0 });
    expect(november).toMatchObject({ offered: 0, csat: null, responseRate: null });
  });

  it('counts a rating changed after the fact once, with its current score, in the period it was offered', () => {
    // Offered 30 September, rated bad, changed to good in October: the record says good, created in September.
    const changed: RatingFact = rating('2026-09-30T08:00:00Z', 'good');
    const [september, october] = periodResults([changed, rating('2026-09-15T08:00:00Z', 'bad')], months, BERLIN);
    expect(september).toMatchObject({ good: 1, bad: 1, offered: 2, csat: 0.5 });
    expect(october).toMatchObject({ good: 0, bad: 0, csat: null });
  });

  it('places 23:30 local on the last day of a month in that month, though it is the next day in UTC+0 only an hour later', () => {
    // 31 October 23:30 CET = 22:30 UTC; 1 November 00:30 CET = 23:30 UTC on 31 October.
    const [, october, november] = periodResults([rating('2026-10-31T22:30:00Z', 'bad'), rating('2026-10-31T23:30:00Z', 'good')], months, BERLIN);
    expect(october).toMatchObject({ good: 0, bad: 1, csat: 0 });
    expect(november).toMatchObject({ good: 1, bad: 0, csat: 1 });
    // In summer time the month ends two hours before midnight UTC.
    const summer = monthlyPeriods(new Date('2026-07-15T00:00:00Z'), BERLIN, 2);
    const [june, july] = periodResults([rating('2026-06-30T21:30:00Z', 'good'), rating('2026-06-30T22:30:00Z', 'bad')], summer, BERLIN);
    expect(june).toMatchObject({ good: 1, bad: 0 });
    expect(july).toMatchObject({ good: 0, bad: 1 });
  });

  it('gives weeks Monday to Monday in local time across the end of summer time (a 169-hour week)', () => {
    const weeks = weeklyPeriods(new Date('2026-10-28T12:00:00Z'), BERLIN, 2);
    expect(weeks.map(({ label }) => label)).toEqual(['2026-W43', '2026-W44']);
    const [w43, w44] = periodResults(
      [
        rating('2026-10-25T00:30:00Z', 'good'), // Sunday 02:30 CEST, before the switch
        rating('2026-10-25T22:30:00Z', 'good'), // Sunday 23:30 CET: still week 43 (UTC+2 would say Monday)
        rating('2026-10-25T23:00:00Z', 'bad'), // Monday 00:00 CET: week 44
      ],
      weeks,
      BERLIN,
    );
    expect(w43).toMatchObject({ startUtc: '2026-10-18T22:00:00Z', endUtc: '2026-10-25T23:00:00Z', startLocal: '2026-10-19T00:00:00+02:00', endLocal: '2026-10-26T00:00:00+01:00', good: 2, bad: 0 });
    expect(w44).toMatchObject({ startLocal: '2026-10-26T00:00:00+01:00', good: 0, bad: 1 });
  });

  it('starts spring-forward weeks and months at local midnight too (a 167-hour week), and labels ISO weeks by their Thursday', () => {
    const [week] = weeklyPeriods(new Date('2026-03-29T12:00:00Z'), BERLIN, 1);
    expect(week).toMatchObject({ label: '2026-W13' });
    expect((week.endMs - week.startMs) / 3_600_000).toBe(167);
    expect(weeklyPeriods(new Date('2027-01-01T12:00:00Z'), 'UTC', 1)[0].label).toBe('2026-W53');
    expect(weeklyPeriods(new Date('2024-12-31T12:00:00Z'), 'UTC', 1)[0].label).toBe('2025-W01');
    const [april] = monthlyPeriods(new Date('2026-04-10T00:00:00Z'), 'America/New_York', 1);
    expect(new Date(april.startMs).toISOString()).toBe('2026-04-01T04:00:00.000Z');
  });

  it('ends with the current, partial period at now', () => {
    const months6 = monthlyPeriods(new Date('2026-11-21T10:00:00Z'), BERLIN, 6);
    expect(months6.map(({ label }) => label)).toEqual(['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    expect(months6[5].endMs).toBe(Date.parse('2026-11-30T23:00:00Z'));
  });
});

describe('breakdowns and reasons', () => {
  const months = monthlyPeriods(new Date('2026-11-21T10:00:00Z'), BERLIN, 2);

  it('gives a rating of an organization with several tags a row per tag, and one with none the (none) row', () => {
    const [table] = breakdownTables(
      [
        rating('2026-11-02T09:00:00Z', 'good', { keys: { organization_tags: ['enterprise', 'emea'] } }),
        rating('2026-11-03T09:00:00Z', 'bad', { keys: { organization_tags: ['enterprise'] } }),
        rating('2026-11-04T09:00:00Z', 'offered', { keys: { organization_tags: [] } }),
        rating('2026-11-05T09:00:00Z', 'unoffered', { keys: { organization_tags: ['vip'] } }),
      ],
      ['organization_tags'],
      months,
      BERLIN,
    );
    expect(table.rows.map(({ key, results }) => [key, results[1].good, results[1].bad, results[1].offered, results[1].csat])).toEqual([
      ['emea', 1, 0, 1, 1],
      ['enterprise', 1, 1, 2, 0.5],
      ['(none)', 0, 0, 1, null],
    ]);
  });

  it('ranks bad reasons over the months, most picked first, ignoring good ratings and older ones', () => {
    const bad = (created: string, reason: string | null) => rating(created, 'bad', { reason });
    expect(
      topBadReasons(
        [
          bad('2026-11-02T09:00:00Z', 'Too slow'),
          bad('2026-10-02T09:00:00Z', 'Not resolved'),
          bad('2026-11-03T09:00:00Z', 'Not resolved'),
          bad('2026-09-03T09:00:00Z', 'Too slow'), // before the months
          bad('2026-11-04T09:00:00Z', null),
          rating('2026-11-05T09:00:00Z', 'good', { reason: 'Too slow' }),
        ],
        months[0].startMs,
        months[1].endMs,
      ),
    ).toEqual([
      { reason: 'Not resolved', count: 2 },
      { reason: 'Too slow', count: 1 },
    ]);
  });
});
