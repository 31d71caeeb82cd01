/**
 * Customer tickets: one per recipient, made with tickets/create_many in chunks of
 * 100 (reference §11.2), idempotent through each ticket's external_id and the
 * ledger in the result comment.
 *
 * A run: rows → payloads (templates rendered per recipient) → minus the tickets
 * the ledger lists → minus those Zendesk already has for rows an interrupted run
 * may have sent (ticketsByExternalId) → the rest created, chunk by chunk, the
 * ledger saved before each chunk so a crash leaves a record of what was in flight.
 */
import { recipientExternalId, requestTag, type RequestRef } from './externalIds.ts';
import type { Ledger } from './ledger.ts';
import { labelOf, VALUE_NAMES, type RecipientRow, type RequestForm, type RequestValues } from './model.ts';
import { mapConcurrent } from '../zendesk/limiter.ts';
import type { RequestsZendesk, TicketPayload } from './ports.ts';
import type { TicketOptions } from './ticketOptions.ts';

export const CHUNK_SIZE = 100;
/**
 * A ticket comment holds about 65,000 characters (Zendesk, support.zendesk.com/hc/en-us/community/posts/4719863289498);
 * a subject is held to the forms' own limit for a line of text.
 */
export const MAX_BODY_LENGTH = 64_000;
export const MAX_SUBJECT_LENGTH = 1_000;
/** Rows named in a "too long" failure; the rest are counted. */
const MAX_ROWS_NAMED = 5;

export interface PlannedTicket {
  /** 1-based, as the submitter counts rows. */
  row: number;
  recipient: RecipientRow;
  externalId: string;
  payload: TicketPayload;
}

/** One row's outcome, for the table in the result comment. */
export type RowResult =
  | { row: number; recipient: RecipientRow; outcome: 'created' | 'existing'; id: number; url: string }
  | { row: number; recipient: RecipientRow; outcome: 'failed'; reason: string };

export function recipientsOf(values: RequestValues): RecipientRow[] {
  const raw = values[VALUE_NAMES.recipients];
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((row) =>
    typeof row === 'object' && row !== null && typeof (row as RecipientRow).email === 'string'
      ? [{ email: (row as RecipientRow).email, ...optional('name', (row as RecipientRow).name), ...optional('organization', (row as RecipientRow).organization) }]
      : [],
  );
}

export function planTickets(input: {
  form: RequestForm;
  ref: RequestRef;
  recipients: RecipientRow[];
  options: TicketOptions;
  groupId: number | null;
  /** The sending agent, looked up from `sent_by`; null or absent: unassigned. */
  assigneeId?: number | null;
}): { ok: true; tickets: PlannedTicket[] } | { ok: false; problems: string[] } {
  const { form, ref, recipients, options, groupId, assigneeId = null } = input;
  const problems: string[] = [];
  const seen = new Set<string>();
  const tickets: PlannedTicket[] = [];
  let tooLong = 0;
  recipients.forEach((recipient, index) => {
    const email = recipient.email.trim().toLowerCase();
    const externalId = recipientExternalId(ref, email);
    if (seen.has(externalId)) {
      problems.push(`${labelOf(form, VALUE_NAMES.recipients)}: row ${index + 1}: ${email} is listed twice`);
      return;
    }
    seen.add(externalId);
    const variables = { name: recipient.name ?? '', email, organization: recipient.organization ?? '' };
    const subject = options.subject.render(variables);
    const text = options.body.render(variables);
    // A template repeats each value as often as it likes: 2,500 `{{name}}` of 255 characters are 600 KB
    // a ticket, times 500. Checked per row, and an oversized text is not kept.
    const oversized = [
      ...(subject.length > MAX_SUBJECT_LENGTH ? [{ label: labelOf(form, VALUE_NAMES.subject), length: subject.length, max: MAX_SUBJECT_LENGTH }] : []),
      ...(text.length > MAX_BODY_LENGTH ? [{ label: labelOf(form, VALUE_NAMES.body), length: text.length, max: MAX_BODY_LENGTH }] : []),
    ];
    if (oversized.length > 0) {
      tooLong += 1;
      if (tooLong <= MAX_ROWS_NAMED) {
        for (const { label, length, max } of oversized) {
          problems.push(`${label}: row ${index + 1} comes to ${length.toLocaleString('en')} characters with that recipient's values; at most ${max.toLocaleString('en')} are allowed`);
        }
      }
      return;
    }
    tickets.push({
      row: index + 1,
      recipient: { ...recipient, email },
      externalId,
      payload: {
        subject,
        comment: options.html ? { html_body: text, public: options.public } : { body: text, public: options.public },
        requester: { email, ...(recipient.name ? { name: recipient.name } : {}) },
        ...(groupId !== null ? { group_id: groupId } : {}),
        ...(assigneeId !== null ? { assignee_id: assigneeId } : {}),
        tags: [...new Set([...options.tags, requestTag(ref)])],
        external_id: externalId,
      },
    });
  });
  if (tooLong > MAX_ROWS_NAMED) problems.push(`…and ${tooLong - MAX_ROWS_NAMED} more rows too long`);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, tickets };
}

export interface EnsureTicketsInput {
  zendesk: RequestsZendesk;
  tickets: PlannedTicket[];
  ledger: Ledger;
  /**
   * No ledger could be read although an earlier run got as far as processing (its
   * comment is gone, or another token's user wrote it): every row is checked by
   * external id before anything is created.
   */
  checkAll: boolean;
  /** Writes the ledger where the next run finds it; called before each chunk is sent. */
  saveLedger: (ledger: Ledger, progress: { done: number; total: number }) => Promise<void>;
}

export interface EnsureTicketsResult {
  results: RowResult[];
  ledger: Ledger;
  createCalls: number;
}

export async function ensureTickets(input: EnsureTicketsInput): Promise<EnsureTicketsResult> {
  const { zendesk, tickets, ledger, checkAll, saveLedger } = input;
  // Entries of rows no longer in the request (the description was edited) stay: those tickets exist.
  const known = new Map(ledger.tickets.map((entry) => [entry.externalId, entry.id]));
  const earlier = new Set(known.keys());
  const pending = new Set(ledger.pending ?? []);
  const toCheck = tickets.filter((ticket) => !known.has(ticket.externalId) && (checkAll || pending.has(ticket.externalId)));
  // A few at a time: a chunk whose answer was lost is 100 look-ups, one round trip each.
  await mapConcurrent(toCheck, LOOKUPS_IN_FLIGHT, async (ticket) => {
    const found = await zendesk.ticketsByExternalId(ticket.externalId);
    if (found.length > 0) {
      known.set(ticket.externalId, Math.min(...found.map((t) => t.id)));
      earlier.add(ticket.externalId);
    }
  });
  const failures = new Map<string, string>();
  const unknown = new Set<string>();
  const missing = tickets.filter((ticket) => !known.has(ticket.externalId));
  let createCalls = 0;
  const snapshot = (inFlight: string[]): Ledger => ({
    version: 1,
    tickets: [...known].map(([externalId, id]) => ({ externalId, id })),
    ...(inFlight.length > 0 ? { pending: inFlight } : {}),
  });
  const done = () => tickets.filter((ticket) => known.has(ticket.externalId)).length;
  for (let start = 0; start < missing.length; start += CHUNK_SIZE) {
    const chunk = missing.slice(start, start + CHUNK_SIZE);
    await saveLedger(snapshot([...unknown, ...chunk.map((ticket) => ticket.externalId)]), { done: done(), total: tickets.length });
    createCalls++;
    const reported = new Set<number>();
    for (const creation of await zendesk.createTickets(chunk.map((ticket) => ticket.payload))) {
      const ticket = chunk[creation.index];
      if (!ticket || reported.has(creation.index)) continue;
      reported.add(creation.index);
      if (creation.created) known.set(ticket.externalId, creation.id);
      else failures.set(ticket.externalId, creation.reason);
    }
    chunk.forEach((ticket, index) => {
      if (!reported.has(index)) unknown.add(ticket.externalId);
    });
  }
  if (unknown.size > 0) {
    // Zendesk may have made them (a lost answer, a job that stopped being polled): not a
    // failure to report, an interruption. The issue stays in processing with these rows
    // pending, and the next run looks them up before making only the missing ones.
    await saveLedger(snapshot([...unknown]), { done: done(), total: tickets.length });
    throw new UnknownTicketsError(unknown.size);
  }
  const results = tickets.map((ticket): RowResult => {
    const id = known.get(ticket.externalId);
    if (id !== undefined) return { row: ticket.row, recipient: ticket.recipient, outcome: earlier.has(ticket.externalId) ? 'existing' : 'created', id, url: zendesk.ticketUrl(id) };
    const reason = failures.get(ticket.externalId) ?? 'Zendesk reported no result for this ticket; the next run checks whether it was made';
    return { row: ticket.row, recipient: ticket.recipient, outcome: 'failed', reason };
  });
  return { results, ledger: snapshot([...unknown]), createCalls };
}

/** Some tickets' fate is unknown; processRequests reports the run as interrupted and resumes it. */
export class UnknownTicketsError extends Error {
  constructor(readonly count: number) {
    super(`Zendesk did not say what became of ${count} ${count === 1 ? 'ticket' : 'tickets'} (an answer was lost); the next run looks ${count === 1 ? 'it' : 'them'} up and makes only what is missing`);
    this.name = 'UnknownTicketsError';
  }
}

const LOOKUPS_IN_FLIGHT = 8;

function optional<K extends string>(key: K, value: unknown): Partial<Record<K, string>> {
  return typeof value === 'string' && value.trim() !== '' ? ({ [key]: value } as Record<K, string>) : {};
}
