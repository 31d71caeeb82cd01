/**
 * One ticket per request: "Contact a Single User" (a customer ticket with one
 * recipient) and internal requests (a private ticket to Support: the chosen options
 * as tags, the fields as ticket fields looked up by title from the form's config).
 * Same idempotence as customer tickets: the ledger, else the external id.
 */
import { internalExternalId, requestTag, type RequestRef } from './externalIds.ts';
import type { Ledger } from './ledger.ts';
import { VALUE_NAMES, type RecipientRow, type RequestForm, type RequestValues } from './model.ts';
import type { PlannedTicket, RowResult } from './customerTickets.ts';
import type { RequestsZendesk, TicketPayload } from './ports.ts';
import { stringValue } from './ticketOptions.ts';

const TAG = /^[a-z0-9_\-:/.]{1,80}$/;

export function singleRecipient(values: RequestValues): RecipientRow | null {
  const email = stringValue(values[VALUE_NAMES.email]).trim().toLowerCase();
  if (!email) return null;
  const name = stringValue(values[VALUE_NAMES.name]).trim();
  const organization = stringValue(values[VALUE_NAMES.organization]).trim();
  return { email, ...(name ? { name } : {}), ...(organization ? { organization } : {}) };
}

export interface InternalTicketInput {
  form: RequestForm;
  values: RequestValues;
  ref: RequestRef;
  issueTitle: string;
  issueUrl: string;
  zendesk: RequestsZendesk;
  groupId: number | null;
}

/**
 * The body lists every answered field as "Label: value", in the form's order, in a
 * private comment; agents read it as plain text, so nothing in it is markup.
 */
export async function planInternalTicket(input: InternalTicketInput): Promise<{ ok: true; ticket: PlannedTicket } | { ok: false; problems: string[] }> {
  const { form, values, ref, issueTitle, issueUrl, zendesk, groupId } = input;
  const problems: string[] = [];
  const tags = new Set([...(form.zendesk?.tags ?? []).map((tag) => tag.toLowerCase()), requestTag(ref)]);
  for (const field of form.fields.filter((f) => f.type === 'select')) {
    const value = values[field.name];
    if (typeof value !== 'string' || value === '') continue;
    const tag = value.toLowerCase();
    if (TAG.test(tag)) tags.add(tag);
    else problems.push(`${field.label}: "${value}" cannot be a Zendesk tag (letters, digits, _ - : / . only)`);
  }
  const customFields: NonNullable<TicketPayload['custom_fields']> = [];
  for (const [fieldName, title] of Object.entries(form.zendesk?.ticket_fields ?? {})) {
    const value = values[fieldName];
    if (value === undefined || value === null || value === '') continue;
    const id = await zendesk.ticketFieldIdByTitle(title);
    if (id === null) {
      problems.push(`config/forms/${form.id}.yaml: zendesk.ticket_fields.${fieldName}: no Zendesk ticket field is titled "${title}"`);
      continue;
    }
    customFields.push({ id, value: typeof value === 'number' || typeof value === 'boolean' ? value : fieldText(value) });
  }
  if (problems.length > 0) return { ok: false, problems };
  const lines = form.fields
    .map((field) => ({ field, value: values[field.name] }))
    .filter(({ value }) => value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0))
    .map(({ field, value }) => `${field.label}: ${displayValue(form, field.name, value)}`);
  const requester = singleRecipient(values);
  const externalId = internalExternalId(ref);
  const subject = stringValue(values[VALUE_NAMES.subject]).trim() || issueTitle;
  return {
    ok: true,
    ticket: {
      row: 1,
      recipient: requester ?? { email: '' },
      externalId,
      payload: {
        subject,
        comment: { body: `${lines.join('\n')}\n\nRequested in ${issueUrl}`, public: false },
        ...(requester ? { requester: { email: requester.email, ...(requester.name ? { name: requester.name } : {}) } } : {}),
        ...(groupId !== null ? { group_id: groupId } : {}),
        tags: [...tags],
        external_id: externalId,
        ...(customFields.length > 0 ? { custom_fields: customFields } : {}),
      },
    },
  };
}

/** The ledger's ticket if there is one, else Zendesk's by external id (one GET), else a new one. */
export async function ensureSingleTicket(zendesk: RequestsZendesk, ticket: PlannedTicket, ledger: Ledger): Promise<{ result: RowResult; ledger: Ledger }> {
  const recorded = ledger.tickets.find((entry) => entry.externalId === ticket.externalId);
  const existing = recorded?.id ?? Math.min(...(await zendesk.ticketsByExternalId(ticket.externalId)).map((t) => t.id));
  const base = { row: ticket.row, recipient: ticket.recipient };
  if (Number.isFinite(existing)) {
    return { result: { ...base, outcome: 'existing', id: existing, url: zendesk.ticketUrl(existing) }, ledger: withTicket(ledger, ticket.externalId, existing) };
  }
  const creation = await zendesk.createTicket(ticket.payload);
  if (!creation.created) return { result: { ...base, outcome: 'failed', reason: creation.reason }, ledger };
  return { result: { ...base, outcome: 'created', id: creation.id, url: zendesk.ticketUrl(creation.id) }, ledger: withTicket(ledger, ticket.externalId, creation.id) };
}

function withTicket(ledger: Ledger, externalId: string, id: number): Ledger {
  if (ledger.tickets.some((entry) => entry.externalId === externalId)) return ledger;
  return { ...ledger, tickets: [...ledger.tickets, { externalId, id }] };
}

function displayValue(form: RequestForm, fieldName: string, value: unknown): string {
  const options = form.fields.find((field) => field.name === fieldName)?.options;
  const option = options?.find((o) => o.value === value);
  if (option) return option.group ? `${option.group}: ${option.label}` : option.label;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return fieldText(value);
}

function fieldText(value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'object' && item !== null ? JSON.stringify(item) : String(item))).join(', ');
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}
