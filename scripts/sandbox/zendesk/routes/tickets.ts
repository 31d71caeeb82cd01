/**
 * Tickets (reference §11, OAS Tickets), as the request-forms processor uses them:
 *
 * - `POST /tickets` → 201 `{ticket, audit}` with `Location` (OAS CreateTicket, GO-FIX `POST/ticket.json`);
 * - `POST /tickets/create_many` → a job_status (§12), ≤ 100 tickets; each ticket succeeds or fails
 *   on its own and completes as OAS CreateResourceResult `{id, index}`, or a failed item
 *   `{index, action, success: false, error, details}`; armed item failures (`collection: 'tickets'`) apply;
 * - `GET /tickets/{id}`, `GET /tickets/show_many?ids=` (≤ 100, unknown ids left out, asked order);
 * - `GET /tickets?external_id=` (OAS ListTickets: "External ids don't have to be unique for each
 *   ticket. As a result, the request may return multiple tickets");
 * - `GET /tickets/{id}/comments` (the first comment, so tests can read what a requester received).
 *
 * What a create body may hold and how it is refused lives in ../ticket-input.ts.
 */
import { isObject, ok, wrapped, type ApiRequest, type RouteHandler, type SandboxContext } from '../http.ts';
import { recordUrl, RESOURCES } from '../resources.ts';
import type { Route } from '../router.ts';
import type { SandboxRecord } from '../state.ts';
import { newTicket, type TicketComment } from '../ticket-input.ts';
import { bulkRoutes, MAX_BULK_ITEMS, tooManyItems } from './bulk.ts';
import { crudRoutes, findOr404, listHandler, render } from './crud.ts';

const def = RESOURCES.tickets;

export function ticketRoutes(): Route[] {
  return [
    { method: 'GET', pattern: 'tickets', handler: listHandler(def, { filter: byExternalId }) },
    ...crudRoutes(def, { operations: ['show'] }),
    { method: 'POST', pattern: 'tickets', handler: create },
    { method: 'GET', pattern: 'tickets/show_many', handler: showMany },
    { method: 'GET', pattern: 'tickets/:id/comments', handler: comments },
    ...bulkRoutes(def, {
      create: (input, context, request) => insertTicket(input, context, request),
      createdResult: (record, index) => ({ id: record.id as number, index }),
    }),
  ];
}

function insertTicket(input: Record<string, unknown>, context: SandboxContext, request: ApiRequest): SandboxRecord {
  return context.store.batch(() => context.store.insert('tickets', newTicket(input, context, request.actorEmail)));
}

function byExternalId(tickets: SandboxRecord[], request: ApiRequest, context: SandboxContext): SandboxRecord[] {
  const externalId = request.query.get('external_id');
  return externalId === undefined ? tickets : context.store.findAllBy('tickets', 'external_id', externalId);
}

const create: RouteHandler = (request, context) => {
  const ticket = insertTicket(wrapped(request.body, def.singular), context, request);
  return ok({ ticket: render(def, ticket, request), audit: createAudit(ticket) }, 201, { Location: recordUrl(def, ticket.id, request.origin) });
};

/** OAS TicketsShowMany: "up to 100 tickets records". */
const showMany: RouteHandler = (request, context) => {
  const ids = [...new Set(request.query.list('ids'))];
  if (ids.length > MAX_BULK_ITEMS) throw tooManyItems('ids');
  const tickets = ids.map((id) => context.store.find('tickets', id)).filter((ticket) => ticket !== undefined);
  return ok({ tickets: tickets.map((ticket) => render(def, ticket, request)), next_page: null, previous_page: null, count: tickets.length });
};

/** OAS ListTicketComments, first page only: the sandbox keeps the comment a ticket was created with. */
const comments: RouteHandler = (request, context) => {
  const ticket = findOr404(def, request.params.id, context);
  const list = Array.isArray(ticket._comments) ? ticket._comments.filter(isObject) : [];
  const shown = list.map((comment) => ({ ...comment, attachments: [], created_at: ticket.created_at, via: ticket.via, metadata: { system: {}, custom: {} } }));
  return ok({ comments: shown, next_page: null, previous_page: null, count: shown.length });
};

/** Reference §11.1 (GO-FIX `POST/ticket.json`): the audit of a create holds the comment and a Create event per field. */
function createAudit(ticket: SandboxRecord): Record<string, unknown> {
  const [comment] = (Array.isArray(ticket._comments) ? ticket._comments : []) as (TicketComment & { id: number; author_id: unknown })[];
  const created = ['subject', 'status', 'requester_id', 'group_id', 'organization_id', 'tags']
    .filter((field) => ticket[field] !== null && ticket[field] !== undefined)
    .map((field) => ({ type: 'Create', field_name: field, value: ticket[field] }));
  return {
    ticket_id: ticket.id,
    created_at: ticket.created_at,
    author_id: ticket.submitter_id,
    metadata: { system: {}, custom: {} },
    via: ticket.via,
    events: [...(comment ? [{ ...comment, type: 'Comment', attachments: [] }] : []), ...created],
  };
}
