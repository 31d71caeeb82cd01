/**
 * Satisfaction ratings and reasons (legacy CSAT), following the Satisfaction Ratings and
 * Satisfaction Reasons APIs (OAS ListSatisfactionRatings, ShowSatisfactionRating,
 * CountSatisfactionRatings, ListSatisfactionRatingReasons, CreateTicketSatisfactionRating;
 * reference §13.6; https://developer.zendesk.com/api-reference/ticketing/ticket-management/satisfaction_ratings/):
 *
 * - `GET /satisfaction_ratings`: cursor (`page[size]` ≤ 100) or offset pages (whose `count` is
 *   the number of ratings the filters select), id order. Filters: `score` as documented
 *   (`offered`, `unoffered`, `received`, `good`, `bad`, each of the last three also
 *   `_with_comment` / `_without_comment`; an unqualified score includes both), and
 *   `start_time` / `end_time` in Unix seconds, "time of the oldest / most recent satisfaction
 *   rating": the sandbox reads both as inclusive bounds on the rating's `created_at` (when the
 *   survey was offered); a rating answered or changed later keeps its place.
 * - `GET /satisfaction_ratings/{id}`, `GET /satisfaction_ratings/count` (`{count: {value, refreshed_at}}`).
 * - `GET /satisfaction_reasons` (`{reasons}`, one page), `GET /satisfaction_reasons/{id}` (`{reason}`).
 * - `POST /tickets/{id}/satisfaction_rating` `{satisfaction_rating: {score, comment?, reason_code?}}`:
 *   the customer answers or changes the survey; the rating keeps its id and `created_at`, its
 *   `updated_at` moves, and the ticket's `satisfaction_rating` follows. Zendesk allows only the
 *   ticket's requester (an end user) to call it; the sandbox lets any writing credential stand
 *   in, so tests can play the customer.
 *
 * Unconfirmed and chosen here: an unknown `score` or a non-numeric time is a 400 (InvalidValue)
 * rather than being ignored, so a client's typo never reads as "every rating".
 */
import { ApiError, classicError, isObject, ok, recordInvalid, recordNotFound, type ApiRequest, type RouteHandler, type SandboxContext } from '../http.ts';
import { describeSort, sortWithKeys, type SortSpec } from '../pagination.ts';
import { RESOURCES } from '../resources.ts';
import type { Route } from '../router.ts';
import type { SandboxRecord } from '../state.ts';
import { crudRoutes, listResponse, render } from './crud.ts';

const ratings = RESOURCES.satisfactionRatings;
const reasons = RESOURCES.satisfactionReasons;

/** The documented `score` filter values and which ratings each selects. */
const SCORE_FILTERS: Record<string, (rating: SandboxRecord) => boolean> = {
  offered: (rating) => rating.score === 'offered',
  unoffered: (rating) => rating.score === 'unoffered',
  ...scoreFilters('received', ['good', 'bad']),
  ...scoreFilters('good', ['good']),
  ...scoreFilters('bad', ['bad']),
};

function scoreFilters(name: string, scores: readonly string[]): Record<string, (rating: SandboxRecord) => boolean> {
  const answered = (rating: SandboxRecord) => scores.includes(String(rating.score));
  return {
    [name]: answered,
    [`${name}_with_comment`]: (rating) => answered(rating) && hasComment(rating),
    [`${name}_without_comment`]: (rating) => answered(rating) && !hasComment(rating),
  };
}

const hasComment = (rating: SandboxRecord) => typeof rating.comment === 'string' && rating.comment.trim() !== '';

export function satisfactionRoutes(): Route[] {
  return [
    { method: 'GET', pattern: ratings.path, handler: listRatings },
    { method: 'GET', pattern: `${ratings.path}/count`, handler: countRatings },
    ...crudRoutes(ratings, { operations: ['show'] }),
    ...crudRoutes(reasons, { operations: ['list', 'show'] }),
    { method: 'POST', pattern: 'tickets/:ticket_id/satisfaction_rating', handler: rateTicket },
  ];
}

/**
 * Each page of a large account would filter and sort every rating again: the selection is
 * memoised per collection revision and filter, as unfiltered lists are (crud.ts).
 */
const listRatings: RouteHandler = (request, context) => {
  const filter = ['score', 'start_time', 'end_time'].map((key) => request.query.get(key) ?? '').join('|');
  const selected = () => context.store.memo('satisfaction_ratings', `selected:${filter}`, () => selectedRatings(request, context));
  const sorter = (sort: SortSpec) => context.store.memo('satisfaction_ratings', `sorted:${describeSort(sort)}:${filter}`, () => sortWithKeys(selected(), sort));
  return listResponse(ratings, selected(), request, {}, ratings.pagination, sorter);
};

function selectedRatings(request: ApiRequest, context: SandboxContext): SandboxRecord[] {
  const score = request.query.get('score');
  const byScore = score === undefined ? undefined : SCORE_FILTERS[score];
  if (score !== undefined && !byScore) {
    throw classicError(400, 'InvalidValue', `score must be one of ${Object.keys(SCORE_FILTERS).join(', ')}`);
  }
  const from = epochSeconds(request, 'start_time');
  const to = epochSeconds(request, 'end_time');
  return context.store.view('satisfaction_ratings').filter((rating) => {
    if (byScore && !byScore(rating)) return false;
    const created = Date.parse(String(rating.created_at)) / 1000;
    return (from === undefined || created >= from) && (to === undefined || created <= to);
  });
}

function epochSeconds(request: ApiRequest, key: string): number | undefined {
  const raw = request.query.get(key);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw classicError(400, 'InvalidValue', `${key} must be a Unix epoch time in seconds`);
  return Number(raw);
}

/** OAS CountSatisfactionRatings: the whole account, exact here (Zendesk's is cached above 100,000). */
const countRatings: RouteHandler = (_request, context) =>
  ok({ count: { value: context.store.view('satisfaction_ratings').length, refreshed_at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') } });

const rateTicket: RouteHandler = (request, context) => {
  const ticket = context.store.find('tickets', request.params.ticket_id);
  if (!ticket) throw recordNotFound();
  const input = isObject(request.body) && isObject(request.body.satisfaction_rating) ? request.body.satisfaction_rating : undefined;
  if (!input) throw classicError(400, 'InvalidValue', 'Request body must contain a "satisfaction_rating" object');
  if (input.score !== 'good' && input.score !== 'bad') {
    throw recordInvalid({ score: [{ description: 'Score: is not included in the list', error: 'InvalidValue' }] });
  }
  const [rating] = context.store.findAllBy('satisfaction_ratings', 'ticket_id', ticket.id);
  if (!rating || rating.score === 'unoffered' || (ticket.status !== 'solved' && ticket.status !== 'closed')) {
    throw recordInvalid({ base: [{ description: 'The ticket must be solved and its survey offered before it can be rated', error: 'InvalidValue' }] });
  }
  const reason = input.score === 'bad' ? reasonFor(input.reason_code, context) : null;
  const updated = context.store.update('satisfaction_ratings', rating.id, {
    score: input.score,
    comment: typeof input.comment === 'string' ? input.comment : null,
    reason: reason ? reason.value : null,
    reason_id: reason ? reason.id : null,
  }) as SandboxRecord;
  context.store.update('tickets', ticket.id, { satisfaction_rating: ticketRating(updated) });
  return ok({ satisfaction_rating: render(ratings, updated, request) });
};

/** OAS `reason_code`: one of the account's reasons (0 "No reason provided" when none is given). */
function reasonFor(code: unknown, context: SandboxContext): SandboxRecord | null {
  const wanted = code === undefined ? 0 : code;
  const reason = context.store.view('satisfaction_reasons').find((candidate) => candidate.reason_code === wanted);
  if (!reason) throw new ApiError(422, { error: 'RecordInvalid', description: 'Record validation errors', details: { reason_code: [{ description: `Reason code: ${String(code)} is not a reason of this account`, error: 'InvalidValue' }] } });
  return reason;
}

/** The ticket's `satisfaction_rating` (OAS TicketObject; the incremental export article shows its keys). */
export function ticketRating(rating: SandboxRecord): SandboxRecord {
  return { id: rating.id, score: rating.score, comment: rating.comment ?? null, reason: rating.reason ?? null, reason_id: rating.reason_id ?? null };
}
