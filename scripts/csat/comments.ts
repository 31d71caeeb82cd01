/**
 * csat-comments.csv: every rating with a comment, good and bad, for the product team
 * (issue 13). A restricted job artifact (Developers only), never on Pages: comments are
 * the customers' own words and may name people.
 *
 * Format: RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180): a header row, CRLF line ends,
 * every cell in double quotes with `"` doubled, so commas and line breaks inside a comment
 * stay in their cell; UTF-8.
 *
 * Spreadsheet formula injection: a spreadsheet runs a cell that starts with `=`, `+`, `-`
 * or `@` as a formula (`=HYPERLINK(…)`, `@SUM(…)`, DDE), and tab and carriage return can
 * hide such a start. As OWASP recommends (https://owasp.org/www-community/attacks/CSV_Injection),
 * every cell that starts with one of = + - @ TAB CR (see FORMULA_START) gets a leading `'`, which spreadsheets
 * show as text, and every cell is quoted with its quotes doubled. Every cell, not only the
 * comment: reason and group names are Zendesk text that admins choose.
 */
import { groupName, reasonName, type RatingNames } from './ratingNames.ts';
import type { SatisfactionRating } from './read.ts';

export const COMMENTS_CSV = 'csat-comments.csv';

export const COMMENTS_CSV_COLUMNS = ['rating_id', 'ticket_id', 'score', 'reason', 'created_at', 'group', 'comment'] as const;

/**
 * Also behind leading blanks or invisible characters (a byte order mark, zero-width spaces),
 * which some importers trim before they look, and in the full-width forms (＝＋－＠) an Asian
 * input method types.
 */
const FORMULA_START = /^[\s\uFEFF\u200B-\u200D\u2060]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r\n]/;

/** One cell: neutralised if it could start a formula, then quoted. */
export function csvCell(value: string | number): string {
  const raw = String(value);
  const safe = FORMULA_START.test(raw) ? `'${raw}` : raw;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function hasComment(rating: SatisfactionRating): boolean {
  return typeof rating.comment === 'string' && rating.comment.trim() !== '';
}

/** The CSV of the ratings that carry a comment, oldest survey first (then by id). */
export function commentsCsv(ratings: readonly SatisfactionRating[], names: RatingNames): string {
  const rows = ratings
    .filter(hasComment)
    .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id)
    .map((rating) => [rating.id, rating.ticket_id, rating.score, reasonName(rating, names), rating.created_at, groupName(rating, names), rating.comment ?? '']);
  return [[...COMMENTS_CSV_COLUMNS], ...rows].map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}
