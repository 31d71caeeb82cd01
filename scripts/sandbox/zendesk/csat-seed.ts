/**
 * Customer satisfaction in the default account (issue 13): six months of solved tickets
 * with legacy CSAT ratings across the seed's groups, brands, forms and organizations, and
 * the account's satisfaction reasons. Every rating is written out below, so the numbers a
 * report must find are known: `CSAT_SEED.expected` holds them, counted by hand, for
 * `now` = 2026-11-21T10:00:00Z in Europe/Berlin (config/csat.yaml).
 *
 * The edges a report can get wrong are in it on purpose: a rating at 00:30 local on 1 June
 * that is still 31 May in UTC, ratings at 23:30 local on the last day of July, September
 * and October (already the next day in UTC), two on the day summer time ends (25 October,
 * the week of 19 October is 169 hours long), a bad rating changed to good later and a good
 * one changed to bad, an unoffered rating, unanswered surveys, one rating older than the
 * six months, and a bad rating whose comment is hostile HTML.
 *
 * Records are added after everything else, so no id of the default seed moves.
 */
import { ticketRating } from './routes/satisfaction.ts';
import type { SandboxRecord, SandboxState } from './state.ts';

type Score = 'offered' | 'unoffered' | 'good' | 'bad';

interface SeedRating {
  /** When the survey went out: the rating's created_at, UTC. */
  created: string;
  score: Score;
  group: 'Support' | 'Tier 1' | 'Tier 2' | 'Billing';
  brand: 'Acme Support' | 'Acme Labs';
  form: 'Default ticket form' | 'Billing request';
  requester: string;
  comment?: string;
  /** reason_code of a bad rating. */
  reason?: number;
  /** The customer answered (or changed the answer) at this time; score is the answer now. */
  answered?: string;
}

/**
 * Zendesk's system reasons (Satisfaction Reasons API, "Reason codes": system codes below
 * 1000, custom ones from 1000), plus one custom reason, as an account that turned reasons on has them.
 */
const REASONS: [code: number, value: string][] = [
  [0, 'No reason provided'],
  [5, 'The issue took too long to resolve'],
  [6, 'The issue was not resolved'],
  [7, 'The agent\'s knowledge is unsatisfactory'],
  [8, 'The agent\'s attitude was unsatisfactory'],
  [100, 'Some other reason'],
  [1000, 'The product does not do what I need'],
];

const HOSTILE_COMMENT = '<script>alert("csat")</script> <img src=x onerror=alert(1)> [link](javascript:alert(1)) @all';

const ADA = 'ada@acme.example';
const BEN = 'ben@acme.example';
const GINA = 'gina@globex.example';
const IAN = 'ian@initech.example';
const JORDAN = 'jordan.rivera@customer.example';
const MORGAN = 'morgan.chen@customer.example';

/** In created order; ids follow it. */
const RATINGS: SeedRating[] = [
  // Before the six months: never counted.
  { created: '2026-05-20T09:00:00Z', score: 'good', group: 'Support', brand: 'Acme Support', form: 'Default ticket form', requester: JORDAN },
  // June (Berlin): 2026-06-01T00:30+02:00 is still May in UTC.
  { created: '2026-05-31T22:30:00Z', score: 'good', group: 'Tier 2', brand: 'Acme Support', form: 'Default ticket form', requester: GINA },
  { created: '2026-06-03T09:00:00Z', score: 'good', group: 'Support', brand: 'Acme Support', form: 'Default ticket form', requester: ADA, comment: 'Quick and friendly, thank you!' },
  { created: '2026-06-10T09:00:00Z', score: 'good', group: 'Tier 1', brand: 'Acme Support', form: 'Default ticket form', requester: GINA },
  { created: '2026-06-17T09:00:00Z', score: 'bad', group: 'Support', brand: 'Acme Support', form: 'Default ticket form', requester: BEN, reason: 6, comment: 'Still broken after three replies.', answered: '2026-06-18T10:00:00Z' },
  { created: '2026-06-24T09:00:00Z', score: 'offered', group: 'Billing', brand: 'Acme Support', form: 'Billing request', requester: IAN },
  // July: 2026-07-01T00:30+02:00 (still 30 June in UTC).
  { created: '2026-06-30T22:30:00Z', score: 'good', group: 'Billing', brand: 'Acme Support', form: 'Billing request', requester: IAN },
  { created: '2026-07-08T09:00:00Z', score: 'good', group: 'Support', brand: 'Acme Labs', form: 'Default ticket form', requester: JORDAN },
  { created: '2026-07-15T09:00:00Z', score: 'good', group: 'Tier 1', brand: 'Acme Support', form: 'Default ticket form', requester: ADA },
  { created: '2026-07-22T09:00:00Z', score: 'unoffered', group: 'Support', brand: 'Acme Support', form: 'Default ticket form', requester: MORGAN },
  { created: '2026-07-29T09:00:00Z', score: 'offered', group: 'Support', brand: 'Acme Labs', form: 'Default ticket form', requester: MORGAN },
  // July, last day, 23:30 local (1 August 21:30 UTC is not it: 31 July 21:30 UTC is).
  { created: '2026-07-31T21:30:00Z', score: 'bad', group: 'Tier 2', brand: 'Acme Support', form: 'Default ticket form', requester: GINA, reason: 5 },
  // August.
  { created: '2026-08-05T09:00:00Z', score: 'good', group: 'Billing', brand: 'Acme Support', form: 'Billing request', requester: BEN },
  { created: '2026-08-12T09:00:00Z', score: 'bad', group: 'Tier 2', brand: 'Acme Support', form: 'Default ticket form', requester: GINA, reason: 5, comment: 'Two weeks for a password reset.' },
  // Bad at first (reason "not resolved"), changed to good on 2 September: counts as good, in August.
  { created: '2026-08-19T09:00:00Z', score: 'good', group: 'Support', brand: 'Acme Labs', form: 'Default ticket form', requester: JORDAN, answered: '2026-09-02T08:00:00Z', comment: 'Sorted in the end, thanks.' },
  { created: '2026-08-26T09:00:00Z', score: 'offered', group: 'Tier 1', brand: 'Acme Support', form: 'Default ticket form', requester: ADA },
  // September (weeks 36–40 start 31 August).
  { created: '2026-09-02T09:00:00Z', score: 'good', group: 'Support', brand: 'Acme Support', form: 'Default ticket form', requester: ADA },
  { created: '2026-09-09T09:00:00Z', score: 'good', group: 'Support', brand: 'Acme Support', form: 'Default ticket form', requester: BEN },
  { created: '2026-09-16T09:00:00Z', score: 'good', group: 'Tier 1', brand: 'Acme Labs', form: 'Default ticket form', requester: MORGAN },
  // Good at first, changed to bad on 1 October: counts as bad, in September.
  { created: '2026-09-23T09:00:00Z', score: 'bad', group: 'Billing', brand: 'Acme Support', form: 'Billing request', requester: IAN, reason: 8, answered: '2026-10-01T12:00:00Z' },
  // 30 September 23:30 local: September (1 October is not yet here; it is 21:30 UTC).
  { created: '2026-09-30T21:30:00Z', score: 'good', group: 'Support', brand: 'Acme Support', form: 'Default ticket form', requester: ADA },
  // October.
  { created: '2026-10-07T09:00:00Z', score: 'bad', group: 'Support', brand: 'Acme Support', form: 'Default ticket form', requester: BEN, reason: 6, comment: HOSTILE_COMMENT },
  { created: '2026-10-14T09:00:00Z', score: 'good', group: 'Tier 1', brand: 'Acme Support', form: 'Default ticket form', requester: GINA },
  // 25 October, the day summer time ends: 02:30 CEST, then Sunday 23:30 CET (week 43, not 44).
  { created: '2026-10-25T00:30:00Z', score: 'good', group: 'Support', brand: 'Acme Labs', form: 'Default ticket form', requester: JORDAN },
  { created: '2026-10-25T22:30:00Z', score: 'good', group: 'Tier 2', brand: 'Acme Support', form: 'Default ticket form', requester: GINA },
  { created: '2026-10-28T09:00:00Z', score: 'offered', group: 'Support', brand: 'Acme Support', form: 'Default ticket form', requester: ADA },
  { created: '2026-10-29T09:00:00Z', score: 'offered', group: 'Billing', brand: 'Acme Support', form: 'Billing request', requester: IAN },
  // 31 October 23:30 CET: still October (November in UTC+0 only after 23:00 UTC).
  { created: '2026-10-31T22:30:00Z', score: 'bad', group: 'Billing', brand: 'Acme Support', form: 'Billing request', requester: BEN, reason: 1000, comment: 'Invoices cannot be split by cost centre.' },
  // November, to the 21st.
  { created: '2026-11-04T09:00:00Z', score: 'good', group: 'Support', brand: 'Acme Support', form: 'Default ticket form', requester: ADA },
  { created: '2026-11-11T09:00:00Z', score: 'good', group: 'Support', brand: 'Acme Support', form: 'Default ticket form', requester: BEN },
  { created: '2026-11-18T09:00:00Z', score: 'good', group: 'Billing', brand: 'Acme Support', form: 'Billing request', requester: IAN, comment: 'Refund arrived the same day.' },
  { created: '2026-11-19T09:00:00Z', score: 'offered', group: 'Tier 1', brand: 'Acme Support', form: 'Default ticket form', requester: MORGAN },
];

/** good, bad, offered (answered or not); csat = good ÷ (good + bad). */
type Expected = { good: number; bad: number; offered: number };

/**
 * The answers, counted by hand from RATINGS for now = 2026-11-21T10:00:00Z, Europe/Berlin,
 * 6 months and 12 weeks (2026-W36 … 2026-W47).
 */
const EXPECTED = {
  now: '2026-11-21T10:00:00Z',
  timeZone: 'Europe/Berlin',
  monthly: {
    '2026-06': { good: 3, bad: 1, offered: 5 },
    '2026-07': { good: 3, bad: 1, offered: 5 },
    '2026-08': { good: 2, bad: 1, offered: 4 },
    '2026-09': { good: 4, bad: 1, offered: 5 },
    '2026-10': { good: 3, bad: 2, offered: 7 },
    '2026-11': { good: 3, bad: 0, offered: 4 },
  } satisfies Record<string, Expected>,
  weekly: {
    '2026-W36': { good: 1, bad: 0, offered: 1 },
    '2026-W37': { good: 1, bad: 0, offered: 1 },
    '2026-W38': { good: 1, bad: 0, offered: 1 },
    '2026-W39': { good: 0, bad: 1, offered: 1 },
    '2026-W40': { good: 1, bad: 0, offered: 1 },
    '2026-W41': { good: 0, bad: 1, offered: 1 },
    '2026-W42': { good: 1, bad: 0, offered: 1 },
    '2026-W43': { good: 2, bad: 0, offered: 2 },
    '2026-W44': { good: 0, bad: 1, offered: 3 },
    '2026-W45': { good: 1, bad: 0, offered: 1 },
    '2026-W46': { good: 1, bad: 0, offered: 1 },
    '2026-W47': { good: 1, bad: 0, offered: 2 },
  } satisfies Record<string, Expected>,
  /** Group "Billing" by month, June … November. */
  billingByMonth: [
    { good: 0, bad: 0, offered: 1 },
    { good: 1, bad: 0, offered: 1 },
    { good: 1, bad: 0, offered: 1 },
    { good: 0, bad: 1, offered: 1 },
    { good: 0, bad: 1, offered: 2 },
    { good: 1, bad: 0, offered: 1 },
  ] satisfies Expected[],
  /** Organization tag "enterprise" (Acme Corp: Ada and Ben), June … November. */
  enterpriseByMonth: [
    { good: 1, bad: 1, offered: 2 },
    { good: 1, bad: 0, offered: 1 },
    { good: 1, bad: 0, offered: 2 },
    { good: 3, bad: 0, offered: 3 },
    { good: 0, bad: 2, offered: 3 },
    { good: 2, bad: 0, offered: 2 },
  ] satisfies Expected[],
  /** Over June … November, most picked first (ties by name). */
  topBadReasons: [
    { reason: 'The issue took too long to resolve', count: 2 },
    { reason: 'The issue was not resolved', count: 2 },
    { reason: 'The agent\'s attitude was unsatisfactory', count: 1 },
    { reason: 'The product does not do what I need', count: 1 },
  ],
  /** Ratings in the six months: received (good + bad), offered and unanswered, unoffered. */
  received: 24,
  unanswered: 6,
  unoffered: 1,
};

export const CSAT_SEED = {
  expected: EXPECTED,
  hostileComment: HOSTILE_COMMENT,
  /** Filled by addCsatRatings: rating ids of interest. */
  ratingIds: { changedToGood: 0, changedToBad: 0, hostile: 0 },
};

/** Adds the tickets, ratings and reasons above to `state` (the default seed), ids from `id()`. */
export function addCsatRatings(state: SandboxState, id: () => number): void {
  const collections = state.collections;
  const byName = (records: SandboxRecord[] | undefined, name: string, key = 'name') => {
    const found = (records ?? []).find((record) => record[key] === name);
    if (!found) throw new Error(`csat seed: no ${key} "${name}" in the seed`);
    return found;
  };
  const agents: Record<SeedRating['group'], string> = { Support: 'admin@example.com', 'Tier 1': 'lee@example.com', 'Tier 2': 'sam@example.com', Billing: 'pat@example.com' };
  const reasons = REASONS.map(([code, value]): SandboxRecord => ({
    id: id(),
    reason_code: code,
    value,
    raw_value: value,
    deleted_at: null,
    created_at: '2025-01-10T09:00:00Z',
    updated_at: '2025-01-10T09:00:00Z',
  }));
  const tickets: SandboxRecord[] = [];
  const ratings: SandboxRecord[] = [];
  for (const seed of RATINGS) {
    const requester = byName(collections.users, seed.requester, 'email');
    const group = byName(collections.groups, seed.group);
    const assignee = byName(collections.users, agents[seed.group], 'email');
    const reason = seed.reason === undefined ? undefined : reasons.find((candidate) => candidate.reason_code === seed.reason);
    const solvedMs = Date.parse(seed.created) - 24 * 3_600_000;
    const updated = seed.answered ?? (seed.score === 'good' || seed.score === 'bad' ? iso(Date.parse(seed.created) + 2 * 3_600_000) : seed.created);
    const rating: SandboxRecord = {
      id: id(),
      ticket_id: 0,
      requester_id: requester.id,
      assignee_id: assignee.id,
      group_id: group.id,
      score: seed.score,
      comment: seed.comment ?? null,
      reason: reason ? reason.value : null,
      reason_id: reason ? reason.id : null,
      created_at: seed.created,
      updated_at: updated,
    };
    const ticket: SandboxRecord = {
      id: id(),
      external_id: null,
      type: 'question',
      priority: 'normal',
      status: Date.parse(seed.created) < Date.parse('2026-10-01T00:00:00Z') ? 'closed' : 'solved',
      subject: `Customer question ${ratings.length + 1}`,
      raw_subject: `Customer question ${ratings.length + 1}`,
      description: 'Question from the customer.',
      via: { channel: 'email', source: { from: {}, to: {}, rel: null } },
      recipient: null,
      requester_id: requester.id,
      submitter_id: requester.id,
      assignee_id: assignee.id,
      organization_id: requester.organization_id ?? null,
      group_id: group.id,
      collaborator_ids: [],
      follower_ids: [],
      email_cc_ids: [],
      problem_id: null,
      has_incidents: false,
      is_public: true,
      due_at: null,
      // The tag the survey automation adds when it sends the survey (issue 13).
      tags: seed.score === 'unoffered' ? [] : ['csat_survey_sent'],
      custom_fields: [],
      fields: [],
      sharing_agreement_ids: [],
      followup_ids: [],
      ticket_form_id: byName(collections.ticket_forms, seed.form).id,
      brand_id: byName(collections.brands, seed.brand).id,
      allow_channelback: false,
      allow_attachments: true,
      from_messaging_channel: false,
      created_at: iso(solvedMs - 48 * 3_600_000),
      updated_at: updated,
    };
    rating.ticket_id = ticket.id;
    ticket.satisfaction_rating = ticketRating(rating);
    tickets.push(ticket);
    ratings.push(rating);
  }
  const ratingAt = (created: string) => ratings.find((rating) => rating.created_at === created)?.id as number;
  CSAT_SEED.ratingIds = { changedToGood: ratingAt('2026-08-19T09:00:00Z'), changedToBad: ratingAt('2026-09-23T09:00:00Z'), hostile: ratingAt('2026-10-07T09:00:00Z') };
  collections.tickets = [...(collections.tickets ?? []), ...tickets];
  collections.satisfaction_ratings = [...(collections.satisfaction_ratings ?? []), ...ratings];
  collections.satisfaction_reasons = [...(collections.satisfaction_reasons ?? []), ...reasons];
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
