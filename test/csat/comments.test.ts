/** csat-comments.csv cell by cell: what a spreadsheet shows, and never runs. */
import { describe, expect, it } from 'vitest';
import { commentsCsv, csvCell } from '../../scripts/csat/comments.ts';
import type { SatisfactionRating } from '../../scripts/csat/read.ts';

const rating = (id: number, score: SatisfactionRating['score'], comment: string | null, extra: Partial<SatisfactionRating> = {}): SatisfactionRating => ({
  id, ticket_id: id + 1000, score, comment, group_id: 7, reason_id: score === 'bad' ? 3 : null, created_at: `2026-10-0${id}T09:00:00Z`, updated_at: '2026-10-09T09:00:00Z', ...extra,
});
const names = { reasons: new Map([[3, '=Too slow']]), groups: new Map([[7, 'Billing, EU']]), users: new Map() };

describe('csat-comments.csv', () => {
  it('puts a quote before every cell a spreadsheet would read as a formula (OWASP: = + - @ tab CR)', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${start}1+1`)).toBe(`"'${start}1+1"`);
    expect(csvCell('Fine, "thanks"')).toBe('"Fine, ""thanks"""');
    expect(csvCell(42)).toBe('"42"');
    expect(csvCell('not =at the start')).toBe('"not =at the start"');
  });

  it('also behind blanks, a byte order mark or a zero-width space, which importers may trim, and in full-width form', () => {
    for (const hidden of [' =1+1', '\u00a0@SUM(A1)', '\ufeff=HYPERLINK("https://evil.example")', '\u200b+1', '\n=1', '＝1+1', '＠SUM(A1)']) {
      expect(csvCell(hidden)).toBe(`"'${hidden.replace(/"/g, '""')}"`);
    }
  });

  it('lists the ratings with a comment, good and bad, oldest first, every cell neutralised', () => {
    const csv = commentsCsv([rating(3, 'good', 'Great\r\nteam'), rating(1, 'bad', '@SUM(A1)'), rating(2, 'good', '   '), rating(4, 'offered', null)], names);
    expect(csv.split('\r\n')).toEqual([
      '"rating_id","ticket_id","score","reason","created_at","group","comment"',
      `"1","1001","bad","'=Too slow","2026-10-01T09:00:00Z","Billing, EU","'@SUM(A1)"`,
      '"3","1003","good","","2026-10-03T09:00:00Z","Billing, EU","Great',
      'team"',
      '',
    ]);
  });
});
