/**
 * Where one rating could count twice or fall through: at every period boundary, in zones whose
 * summer time starts or ends at midnight or moves by half an hour; in the two lists the report
 * reads side by side; and with a time Zendesk's answer does not parse.
 */
import { describe, expect, it } from 'vitest';
import { periodResults, type RatingFact } from '../../scripts/csat/compute.ts';
import { monthlyPeriods, weeklyPeriods } from '../../scripts/csat/periods.ts';
import { satisfactionRatingAnswer, type SatisfactionRating } from '../../scripts/csat/read.ts';
import { oneRatingEach } from '../../scripts/csat/report.ts';
import { checkList } from '../../scripts/zendesk/shapes.ts';

const rating = (id: number, score: SatisfactionRating['score']): SatisfactionRating => ({
  id, ticket_id: id + 1000, score, comment: null, group_id: null, reason_id: null, created_at: '2026-10-05T09:00:00Z', updated_at: '2026-10-06T09:00:00Z',
});

describe('period boundaries', () => {
  // Berlin (02:00/03:00), Santiago and Asuncion (summer time begins at midnight), Lord Howe (30 minutes), Chatham (+12:45).
  const zones = ['Europe/Berlin', 'America/Santiago', 'America/Asuncion', 'Australia/Lord_Howe', 'Pacific/Chatham', 'UTC'];
  for (const zone of zones) {
    it(`${zone}: periods touch, and a rating at any boundary, or a millisecond either side, counts in exactly one`, () => {
      for (const now of [new Date('2026-04-08T12:00:00Z'), new Date('2026-10-08T12:00:00Z')]) {
        for (const periods of [weeklyPeriods(now, zone, 30), monthlyPeriods(now, zone, 12)]) {
          periods.slice(1).forEach((period, i) => expect(period.startMs).toBe(periods[i].endMs));
          const facts: RatingFact[] = periods.slice(1).flatMap((period) => [-1, 0, 1].map((offset) => ({ createdMs: period.startMs + offset, score: 'good' as const, reason: null, keys: {} })));
          const counted = periodResults(facts, periods, zone).reduce((sum, result) => sum + result.good, 0);
          expect(counted).toBe(facts.length);
        }
      }
    });
  }
});

describe('the two lists read side by side', () => {
  it('a survey answered between them counts once, with its answer', () => {
    const answeredMeanwhile = rating(7, 'good');
    const unique = oneRatingEach([rating(1, 'bad'), answeredMeanwhile, answeredMeanwhile], [{ ...answeredMeanwhile, score: 'offered' }, rating(9, 'offered')]);
    expect(unique.map((r) => [r.id, r.score]).sort()).toEqual([[1, 'bad'], [7, 'good'], [9, 'offered']]);
  });
});

describe('times in Zendesk\'s answer', () => {
  it('a rating whose created_at or updated_at is no ISO time is refused in one line where it enters', () => {
    const origin = { method: 'GET', path: 'satisfaction_ratings', what: 'satisfaction rating' };
    expect(checkList([rating(1, 'good')], satisfactionRatingAnswer, origin)).toHaveLength(1);
    expect(() => checkList([{ ...rating(1, 'good'), created_at: 'yesterday' }], satisfactionRatingAnswer, origin)).toThrow(/created_at is another string, expected an ISO 8601 time/);
    expect(() => checkList([{ ...rating(1, 'good'), updated_at: '2026-13-45T99:00:00Z' }], satisfactionRatingAnswer, origin)).toThrow(/updated_at/);
  });
});
