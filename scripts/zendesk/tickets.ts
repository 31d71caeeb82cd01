/**
 * Tickets for the request forms (reference §11): many at once through create_many jobs,
 * one at a time, found again by external_id or by search.
 *
 * Every call goes through ZendeskClient.request, that is node-zendesk's transport (URL,
 * auth, JSON) with this tool's retries, rate-limit waits, time limits and link checks.
 * node-zendesk's own `tickets.createMany`, `tickets.create`, `tickets.listWithFilter` and
 * `search.queryAll` are not used: they bypass all of that, and the list helpers page with
 * `getAll`, which ends silently at a 429 (reference §14.3). A list of tickets cut short that
 * way would tell the processor a ticket does not exist, and it would create it twice.
 * Answers are checked at the edge (shapes.ts: `ticketAnswer`, `searchPageAnswer`).
 */
import type { ZendeskClient } from './client.ts';
import { ZendeskApiError } from './errors.ts';
import { runJob, type JobResultItem, type JobRun, type PollPolicy } from './jobs.ts';
import { chunks } from './limiter.ts';
import { checkAnswer, checkList, object, searchPageAnswer, ticketAnswer, ZendeskShapeError, type Infer } from './shapes.ts';

/** OAS TicketCommentObject: plain text or HTML; `public: false` makes it an internal note. */
export type NewTicketComment = { body: string; public: boolean } | { html_body: string; public: boolean };

/**
 * What the tool sends to create a ticket (reference §11.1). `requester` finds the user with
 * that email or creates an end user. `organization_id` must be an organization the requester
 * belongs to; the ids come from lookups by name, never from a request.
 */
export interface NewTicket {
  subject: string;
  comment: NewTicketComment;
  /** Absent: the ticket is requested by the API user (an internal request with no requester). */
  requester?: { email: string; name?: string };
  /** Derived from the request and the row, so a re-run can find the ticket again. */
  external_id: string;
  group_id?: number;
  /** An agent or admin; config-side names are looked up, never taken from a request. */
  assignee_id?: number;
  organization_id?: number;
  tags?: readonly string[];
  custom_fields?: readonly { id: number; value: string | number | boolean | null | readonly string[] }[];
}

export interface Ticket {
  id: number;
  /** The API URL (`…/api/v2/tickets/123.json`). */
  url: string;
  external_id: string | null;
  subject: string | null;
  status: string;
  requester_id: number;
  group_id: number | null;
  organization_id: number | null;
  tags: string[];
}

/**
 * What became of one ticket of createTickets, by its place in the input:
 * - `created`: Zendesk made it;
 * - `failed`: Zendesk refused it (its job result, or a refused create_many call); nothing was made;
 * - `unknown`: the call or its job did not finish (network, time limit, a failed job): the
 *   ticket may exist, so look it up with ticketsByExternalId before creating it again.
 */
export type TicketOutcome =
  | { index: number; status: 'created'; id: number }
  | { index: number; status: 'failed'; error: string }
  | { index: number; status: 'unknown'; error: string };

export interface TicketProgress {
  /** Tickets whose outcome is known so far, of `total`. */
  done: number;
  total: number;
  created: number;
  failed: number;
  unknown: number;
  /** create_many calls made, and job status polls. */
  calls: number;
  polls: number;
}

export interface CreateTicketsOptions {
  /** How to wait between job polls; tests pass one that returns at once. Default: the client's. */
  sleep?: (ms: number) => Promise<void>;
  poll?: Partial<PollPolicy>;
  /** Called after each create_many job ends. */
  onProgress?: (progress: TicketProgress) => void;
}

/** OAS TicketsCreateMany: "Accepts an array of up to 100 ticket objects". */
export const TICKETS_PER_CALL = 100;

/**
 * Creates `tickets` with POST /tickets/create_many, 100 a call, each call's job polled to
 * its end (jobs.ts); returns one outcome per ticket, in input order. Calls go one after
 * another: Zendesk queues at most 30 jobs per account (reference §3.2), shared with
 * every other integration, and a 500-ticket request is five calls.
 *
 * Job results are matched to tickets by `index` (OAS CreateResourceResult `{id, index}`;
 * failed items carry it too), by position when a result has none.
 */
export async function createTickets(client: ZendeskClient, tickets: readonly NewTicket[], options: CreateTicketsOptions = {}): Promise<TicketOutcome[]> {
  const outcomes: TicketOutcome[] = [];
  const progress: TicketProgress = { done: 0, total: tickets.length, created: 0, failed: 0, unknown: 0, calls: 0, polls: 0 };
  for (const [call, batch] of chunks(tickets, TICKETS_PER_CALL).entries()) {
    const offset = call * TICKETS_PER_CALL;
    const batchOutcomes = await createBatch(client, batch, offset, options, progress);
    for (const outcome of batchOutcomes) {
      outcomes.push(outcome);
      progress[outcome.status]++;
    }
    progress.done = outcomes.length;
    options.onProgress?.({ ...progress });
  }
  return outcomes;
}

async function createBatch(
  client: ZendeskClient,
  batch: readonly NewTicket[],
  offset: number,
  options: CreateTicketsOptions,
  progress: TicketProgress,
): Promise<TicketOutcome[]> {
  const path = 'tickets/create_many';
  let answered = false;
  let run: JobRun;
  try {
    progress.calls++;
    run = await runJob(
      client,
      async () => {
        const started = await client.request('POST', path, { body: { tickets: batch.map(ticketBody) }, label: `${batch.length} tickets (create_many)` });
        answered = true;
        return started;
      },
      { policy: options.poll, sleep: options.sleep, request: { method: 'POST', path } },
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Zendesk refused the call itself (a 4xx): no job was queued, nothing was made.
    const refused = !answered && error instanceof ZendeskApiError && !(error instanceof ZendeskShapeError) && error.status >= 400 && error.status < 500;
    return batch.map((_, at) => (refused ? { index: offset + at, status: 'failed', error: message } : { index: offset + at, status: 'unknown', error: message }));
  }
  progress.polls += run.polls;
  const { job } = run;
  if (job.status !== 'completed') {
    const error = `the create_many job ${job.status}${job.message ? `: ${job.message}` : ''}`;
    return batch.map((_, at) => ({ index: offset + at, status: 'unknown', error }));
  }
  const byPlace = new Map<number, JobResultItem>();
  (job.results ?? []).forEach((result, position) => {
    const place = typeof result.index === 'number' ? result.index : position;
    if (!byPlace.has(place)) byPlace.set(place, result);
  });
  return batch.map((_, at): TicketOutcome => outcomeOf(byPlace.get(at), offset + at));
}

function outcomeOf(result: JobResultItem | undefined, index: number): TicketOutcome {
  if (!result) return { index, status: 'unknown', error: 'Zendesk reported no result for this ticket' };
  if (result.success === false || result.error !== undefined) {
    return { index, status: 'failed', error: [result.error ?? 'failed', result.details].filter(Boolean).join(': ') };
  }
  const id = Number(result.id);
  if (!Number.isSafeInteger(id)) return { index, status: 'unknown', error: 'Zendesk reported the ticket created without its id' };
  return { index, status: 'created', id };
}

/** POST /tickets (OAS CreateTicket): 201 with the ticket. Zendesk's refusal (422) is a ZendeskApiError naming the field. */
export async function createTicket(client: ZendeskClient, ticket: NewTicket): Promise<Ticket> {
  const answer = await client.request('POST', 'tickets', { body: { ticket: ticketBody(ticket) }, label: `ticket ${ticket.external_id}` });
  const { ticket: created } = checkAnswer(answer.body, object({ ticket: ticketAnswer }), { method: 'POST', path: 'tickets', what: 'created ticket' });
  return toTicket(created);
}

/**
 * GET /tickets?external_id= (OAS ListTickets: "External ids don't have to be unique for each
 * ticket. As a result, the request may return multiple tickets"), every page. Unlike search,
 * it sees a ticket as soon as it exists, so a re-run uses it to find what a crash left.
 */
export async function ticketsByExternalId(client: ZendeskClient, externalId: string): Promise<Ticket[]> {
  const listed = await client.listAll<unknown>('tickets', 'tickets', { external_id: externalId });
  return checkList(listed, ticketAnswer, { method: 'GET', path: 'tickets', what: 'ticket' })
    .filter((ticket) => ticket.external_id === externalId)
    .map(toTicket);
}

/** The Search API stops at 1,000 results (OAS ListSearchResults; the sandbox answers 422 past them). */
export const SEARCH_RESULT_LIMIT = 1_000;

/** A search matches more tickets than Zendesk will page through: narrow it rather than read a cut list. */
export class TicketSearchTooBroadError extends Error {
  constructor(readonly count: number) {
    super(`the ticket search matches ${count} tickets; Zendesk returns only the first ${SEARCH_RESULT_LIMIT}, so narrow it (a tag or an external_id)`);
    this.name = 'TicketSearchTooBroadError';
  }
}

/**
 * GET /search (OAS ListSearchResults, offset pages of 100) for tickets, every page, following
 * `next_page` only on this client's Zendesk (client.request refuses any other link before
 * sending). `type:ticket` is added when the query names no type. Zendesk indexes new tickets
 * after a few minutes: to find a ticket just created, use ticketsByExternalId.
 */
export async function searchTickets(client: ZendeskClient, query: string): Promise<Ticket[]> {
  const full = /(^|\s)type:/i.test(query) ? query : `type:ticket ${query}`;
  const origin = { method: 'GET', path: 'search', what: 'search page' };
  let page = checkAnswer((await client.request('GET', 'search', { query: { query: full, per_page: 100 }, label: 'the ticket search' })).body, searchPageAnswer, origin);
  if (typeof page.count === 'number' && page.count > SEARCH_RESULT_LIMIT) throw new TicketSearchTooBroadError(page.count);
  const tickets: Ticket[] = [];
  for (;;) {
    const found = page.results.filter((result) => result.result_type === 'ticket');
    tickets.push(...checkList(found, ticketAnswer, { ...origin, what: 'ticket' }).map(toTicket));
    if (!page.next_page) return tickets;
    page = checkAnswer((await client.request('GET', page.next_page, { label: 'the ticket search' })).body, searchPageAnswer, origin);
  }
}

/** Only the documented create fields go out (OAS TicketCreateInput), whatever else the object carries. */
function ticketBody(ticket: NewTicket): Record<string, unknown> {
  const body: Record<string, unknown> = {
    subject: ticket.subject,
    comment: ticket.comment,
    external_id: ticket.external_id,
  };
  if (ticket.requester !== undefined) body.requester = ticket.requester;
  if (ticket.group_id !== undefined) body.group_id = ticket.group_id;
  if (ticket.assignee_id !== undefined) body.assignee_id = ticket.assignee_id;
  if (ticket.organization_id !== undefined) body.organization_id = ticket.organization_id;
  if (ticket.tags !== undefined) body.tags = ticket.tags;
  if (ticket.custom_fields !== undefined) body.custom_fields = ticket.custom_fields;
  return body;
}

function toTicket(ticket: Infer<typeof ticketAnswer>): Ticket {
  return {
    id: ticket.id,
    url: ticket.url,
    external_id: ticket.external_id ?? null,
    subject: ticket.subject ?? null,
    status: ticket.status,
    requester_id: ticket.requester_id,
    group_id: ticket.group_id ?? null,
    organization_id: ticket.organization_id ?? null,
    tags: [...ticket.tags],
  };
}
