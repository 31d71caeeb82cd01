/**
 * What the CSAT report reads from Zendesk, with as few requests as the numbers allow, every
 * answer checked at the edge (../zendesk/shapes.ts).
 *
 * Ratings come from List Satisfaction Ratings (OAS ListSatisfactionRatings; reference §13.6):
 * `score` filters as documented and `start_time`/`end_time` (Unix seconds) on the rating's
 * time, which the KPI reads as `created_at`, the moment the survey was offered (compute.ts).
 * Two ways to get the numbers, measured against each other in ./README.md and the bench:
 *
 * - **list**: the answered ratings (`score=received`) and the unanswered ones (`score=offered`)
 *   of the whole range, cursor pages of 100 (the two chains side by side); then what
 *   the breakdowns need: group names (one list), brand and form names (one each), the
 *   rated tickets' brand, form and organization (`tickets/show_many`, 100 a request) and
 *   those organizations' tags (`organizations/show_many`, 100 a request).
 *   Cost: ceil(received/100) + ceil(offered/100) + lookups. (Cutting the range
 *   into months would read chains side by side, faster, but costs up to one page more per
 *   month; the fewest requests win here, and the run deadline of 30 minutes holds ~6,000
 *   pages one after another at 300 ms each.)
 * - **count**: per period, three offset-paginated requests with `per_page=1` whose `count`
 *   is the number of ratings the filters select (§2.1: offset pages carry the total), for
 *   `good`, `bad` and `offered`; plus the bad ratings listed for their reasons. Cost:
 *   3 × (weeks + months) + ceil(bad/100) + 1. It cannot break numbers down: the ratings
 *   endpoint filters by score and time only. The Search API could count tickets per group,
 *   brand or form (`type:ticket satisfaction:bad group:…`), but its dates are the ticket's
 *   (created, updated, solved) and its group the ticket's current one, not the rating's
 *   (OAS: `group_id` "The id of group assigned to at the time of rating"), and it indexes
 *   changes minutes late: different numbers. And it has no organization-tag keyword for
 *   tickets, so tags would be counted per organization (3 × months × organizations). So
 *   with breakdowns, ratings are listed; csat.json records what counting would have cost.
 *
 * Both give the same period numbers (test/csat/read.test.ts runs both on one account).
 */
import type { ZendeskClient } from '../zendesk/client.ts';
import { chunks, mapConcurrent } from '../zendesk/limiter.ts';
import { checkAnswer, checkEnvelope, checkList, flag, integer, list, maybe, object, oneOf, text, type Infer, type Shape } from '../zendesk/shapes.ts';
import type { Breakdown } from './model.ts';

export const PAGE_SIZE = 100;

/**
 * A Zendesk timestamp (`2026-11-18T09:00:00Z`). A rating whose created_at does not parse would
 * fall in no period without a word, and could not be shown on its issue: refused where it enters.
 */
const timestamp: Shape<string> = {
  expected: 'an ISO 8601 time such as 2026-11-18T09:00:00Z',
  misfit: (value, path) =>
    typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value) && !Number.isNaN(Date.parse(value))
      ? null
      : { path, found: typeof value === 'string' ? 'another string' : value === null ? 'null' : typeof value, expected: 'an ISO 8601 time such as 2026-11-18T09:00:00Z' },
};

/** OAS SatisfactionRatingObject, the fields the report and the bad-rating issues read. */
export const satisfactionRatingAnswer = object({
  id: integer,
  ticket_id: integer,
  score: oneOf('offered', 'unoffered', 'good', 'bad'),
  // Required in the OAS, but a ticket solved without a group or assignee has none.
  group_id: maybe(integer),
  assignee_id: maybe(integer),
  requester_id: maybe(integer),
  comment: maybe(text),
  reason: maybe(text),
  reason_id: maybe(integer),
  created_at: timestamp,
  updated_at: timestamp,
});
export type SatisfactionRating = Infer<typeof satisfactionRatingAnswer>;

/** OAS SatisfactionReasonObject: `value` is the name in the account's language. */
const reasonAnswer = object({ id: integer, value: text, reason_code: maybe(integer) });
const namedAnswer = object({ id: integer, name: text, deleted: maybe(flag) });
const ticketAnswer = object({ id: integer, brand_id: maybe(integer), ticket_form_id: maybe(integer), organization_id: maybe(integer) });
const organizationAnswer = object({ id: integer, tags: maybe(list(text)) });
const countAnswer = object({ count: integer });

export type RatingScoreFilter =
  | 'offered' | 'unoffered'
  | 'received' | 'received_with_comment' | 'received_without_comment'
  | 'good' | 'good_with_comment' | 'good_without_comment'
  | 'bad' | 'bad_with_comment' | 'bad_without_comment';

/** [startMs, endMs) as the API's inclusive Unix seconds: ratings carry whole seconds, so end − 1 s is the last one in. */
function timeFilter(startMs: number, endMs: number): { start_time: number; end_time: number } {
  return { start_time: Math.ceil(startMs / 1000), end_time: Math.ceil(endMs / 1000) - 1 };
}

/** Every rating with `score` created in [startMs, endMs), cursor pages of 100. */
export async function listRatings(client: ZendeskClient, filter: { score?: RatingScoreFilter; startMs: number; endMs: number }): Promise<SatisfactionRating[]> {
  const query = { ...(filter.score ? { score: filter.score } : {}), ...timeFilter(filter.startMs, filter.endMs) };
  const raw = await client.listAll<unknown>('satisfaction_ratings', 'satisfaction_ratings', query);
  return checkList(raw, satisfactionRatingAnswer, { method: 'GET', path: 'satisfaction_ratings', what: 'satisfaction rating' });
}

/** How many ratings with `score` were created in [startMs, endMs): one request (offset page, `per_page=1`, its `count`). */
export async function countRatings(client: ZendeskClient, filter: { score: RatingScoreFilter; startMs: number; endMs: number }): Promise<number> {
  const { start_time, end_time } = timeFilter(filter.startMs, filter.endMs);
  // A full URL: node-zendesk adds page[size]=100 to any `satisfaction_ratings` path it builds
  // (reference §14.3), which would turn the offset page, the one with a `count`, into a cursor page.
  const url = `${client.apiUrl}/satisfaction_ratings.json?score=${filter.score}&start_time=${start_time}&end_time=${end_time}&per_page=1`;
  const answer = await client.get<unknown>(url);
  return checkAnswer(answer.body, countAnswer, { method: 'GET', path: 'satisfaction_ratings', what: 'page of satisfaction ratings' }).count;
}

/** Reason id → name (GET /satisfaction_reasons, one page). */
export async function satisfactionReasons(client: ZendeskClient): Promise<Map<number, string>> {
  const answer = await client.get<unknown>('satisfaction_reasons');
  const reasons = checkEnvelope(answer.body, 'reasons', reasonAnswer, { method: 'GET', path: 'satisfaction_reasons', what: 'satisfaction reason' });
  return new Map(reasons.map((reason) => [reason.id, reason.value]));
}

/** What the breakdowns need to name a rating's group, brand, form and organization tags. */
export interface BreakdownLookups {
  groups: Map<number, string>;
  brands: Map<number, string>;
  forms: Map<number, string>;
  tickets: Map<number, { brandId: number | null; formId: number | null; organizationId: number | null }>;
  organizationTags: Map<number, readonly string[]>;
}

/**
 * Names and ticket details for `dimensions`, for the tickets of `ratings`: only what a
 * configured breakdown needs is read. Groups include deleted ones (a rating keeps the group
 * it was given in), and names two groups share get the id added, so their rows stay apart.
 */
export async function readBreakdownLookups(client: ZendeskClient, ratings: readonly SatisfactionRating[], dimensions: readonly Breakdown[]): Promise<BreakdownLookups> {
  const wants = new Set(dimensions);
  const needTickets = wants.has('brand') || wants.has('ticket_form') || wants.has('organization_tags');
  const [groups, brands, forms, tickets] = await Promise.all([
    wants.has('group') ? namedList(client, 'groups', 'groups', 'group') : new Map<number, string>(),
    wants.has('brand') ? namedList(client, 'brands', 'brands', 'brand') : new Map<number, string>(),
    wants.has('ticket_form') ? namedList(client, 'ticket_forms', 'ticket_forms', 'ticket form') : new Map<number, string>(),
    needTickets ? ticketsById(client, [...new Set(ratings.map((rating) => rating.ticket_id))]) : new Map<number, Infer<typeof ticketAnswer>>(),
  ]);
  const organizationIds = [...new Set([...tickets.values()].flatMap((ticket) => (ticket.organization_id ? [ticket.organization_id] : [])))];
  const organizationTags = wants.has('organization_tags') ? await organizationTagsById(client, organizationIds) : new Map<number, readonly string[]>();
  return {
    groups,
    brands,
    forms,
    organizationTags,
    tickets: new Map([...tickets].map(([id, ticket]) => [id, { brandId: ticket.brand_id ?? null, formId: ticket.ticket_form_id ?? null, organizationId: ticket.organization_id ?? null }])),
  };
}

async function namedList(client: ZendeskClient, path: string, key: string, what: string): Promise<Map<number, string>> {
  const records = checkList(await client.listAll<unknown>(path, key), namedAnswer, { method: 'GET', path, what });
  const shared = new Map<string, number>();
  for (const record of records) shared.set(record.name, (shared.get(record.name) ?? 0) + 1);
  return new Map(records.map((record) => [record.id, (shared.get(record.name) ?? 0) > 1 ? `${record.name} (${record.deleted ? 'deleted, ' : ''}id ${record.id})` : record.name]));
}

/** GET /tickets/show_many, 100 ids a request, several in flight; tickets deleted since are left out by Zendesk. */
async function ticketsById(client: ZendeskClient, ids: readonly number[]): Promise<Map<number, Infer<typeof ticketAnswer>>> {
  const pages = await mapConcurrent(chunks(ids, PAGE_SIZE), client.concurrency, async (batch) => {
    const answer = await client.get<unknown>('tickets/show_many', { ids: batch });
    return checkEnvelope(answer.body, 'tickets', ticketAnswer, { method: 'GET', path: 'tickets/show_many', what: 'ticket' });
  });
  return new Map(pages.flat().map((ticket) => [ticket.id, ticket]));
}

async function organizationTagsById(client: ZendeskClient, ids: readonly number[]): Promise<Map<number, readonly string[]>> {
  const pages = await mapConcurrent(chunks(ids, PAGE_SIZE), client.concurrency, async (batch) => {
    const answer = await client.get<unknown>('organizations/show_many', { ids: batch });
    return checkEnvelope(answer.body, 'organizations', organizationAnswer, { method: 'GET', path: 'organizations/show_many', what: 'organization' });
  });
  return new Map(pages.flat().map((organization) => [organization.id, organization.tags ?? []]));
}
