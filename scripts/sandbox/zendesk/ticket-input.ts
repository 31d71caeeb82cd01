/**
 * A ticket create body (reference §11.1, OAS TicketCreateInput) checked as Zendesk checks it,
 * then written: everything is validated first, so a 422 (or a failed create_many item)
 * changes nothing, not even the requester it would have created.
 *
 * Error bodies follow recorded ones (reference §4; zendesk/zendesk_api_client_rb#91 and
 * Speedygeek/ZendeskApi_v2#309 for a missing comment: `base` / "Description: cannot be blank"
 * with the description field's id; facetoe/zenpy#287 for the `requester` key). Where no
 * recording exists (unknown custom field id, an organization the requester is not in) the
 * sandbox uses the same `details` shape with its own words.
 */
import { isObject, recordInvalid, type ErrorDetail, type SandboxContext, type ValidationDetails } from './http.ts';
import { user } from './seed-records.ts';
import type { SandboxRecord } from './state.ts';

const STATUSES = new Set(['new', 'open', 'pending', 'hold', 'solved']);
const PRIORITIES = new Set(['low', 'normal', 'high', 'urgent']);
const TYPES = new Set(['problem', 'incident', 'question', 'task']);
/** Enough to refuse what Zendesk calls "not properly formatted"; Zendesk's own rule is not published. */
const EMAIL = /^[^\s@",;<>]+@[^\s@",;<>]+\.[^\s@",;<>]+$/;

/** What a valid body resolves to before anything is written. */
interface CheckedTicket {
  requester: { kind: 'existing'; user: SandboxRecord } | { kind: 'new'; email: string; name: string };
  comment: TicketComment;
  fields: SandboxRecord;
  customFields: { id: number; value: unknown }[];
  optionTags: string[];
}

/** Zendesk's ticket errors may name the ticket field (`ticket_field_id`, `ticket_field_type`, reference §4). */
type TicketErrorDetail = ErrorDetail & { ticket_field_id?: unknown; ticket_field_type?: string };

export interface TicketComment {
  body: string;
  html_body: string;
  public: boolean;
}

/** Validates, creates the requester when the body names an unknown email, and returns the ticket's fields. */
export function newTicket(input: Record<string, unknown>, context: SandboxContext, actorEmail: string): SandboxRecord {
  const checked = checkTicket(input, context, actorEmail);
  const requester = checked.requester.kind === 'existing' ? checked.requester.user : createEndUser(checked.requester, context);
  const submitter = context.store.findAllBy('users', 'email', actorEmail)[0];
  const submitterId = submitter?.id ?? requester.id;
  const form = context.store.view('ticket_forms').find((candidate) => candidate.default === true);
  const brand = context.store.view('brands').find((candidate) => candidate.default === true);
  const tags = [...new Set([...((checked.fields.tags as string[] | undefined) ?? []), ...checked.optionTags])];
  const { comment } = checked;
  return {
    external_id: null,
    type: null,
    priority: null,
    status: 'new',
    group_id: null,
    ...checked.fields,
    via: { channel: 'api', source: { from: {}, to: {}, rel: null } },
    raw_subject: checked.fields.subject,
    description: comment.body,
    recipient: null,
    requester_id: requester.id,
    submitter_id: submitterId,
    assignee_id: checked.fields.assignee_id ?? null,
    // OAS TicketObject.organization_id: the requester's default organization unless the body names one of theirs.
    organization_id: checked.fields.organization_id ?? requester.organization_id ?? null,
    collaborator_ids: [],
    follower_ids: [],
    email_cc_ids: [],
    problem_id: null,
    has_incidents: false,
    is_public: comment.public,
    due_at: null,
    tags,
    custom_fields: checked.customFields,
    fields: checked.customFields,
    satisfaction_rating: null,
    sharing_agreement_ids: [],
    followup_ids: [],
    ticket_form_id: form?.id ?? null,
    brand_id: brand?.id ?? null,
    allow_channelback: false,
    allow_attachments: true,
    from_messaging_channel: false,
    // Sandbox bookkeeping (never rendered): the first comment, for GET /tickets/{id}/comments.
    // OAS TicketCreateInput.submitter_id: "The submitter always becomes the author of the first comment".
    _comments: [{ id: context.store.nestedId(), type: 'Comment', author_id: submitterId, ...comment, plain_body: comment.body }],
  };
}

function checkTicket(input: Record<string, unknown>, context: SandboxContext, actorEmail: string): CheckedTicket {
  const details: ValidationDetails = {};
  const add = (key: string, detail: TicketErrorDetail) => (details[key] ??= []).push(detail);
  const fields: SandboxRecord = {};

  const comment = commentOf(input.comment);
  if (!comment) {
    const descriptionField = context.store.view('ticket_fields').find((field) => field.type === 'description');
    add('base', { description: 'Description: cannot be blank', error: 'BlankValue', ticket_field_id: descriptionField?.id, ticket_field_type: 'FieldDescription' });
  }
  if (typeof input.subject !== 'string' || input.subject.trim() === '') {
    add('base', { description: 'Subject cannot be blank', error: 'BlankError' });
  } else fields.subject = input.subject;

  const requester = requesterOf(input, context, actorEmail, (detail) => add('requester', detail));

  for (const [key, allowed] of [['status', STATUSES], ['priority', PRIORITIES], ['type', TYPES]] as const) {
    if (input[key] === undefined || input[key] === null) continue;
    if (typeof input[key] === 'string' && allowed.has(input[key])) fields[key] = input[key];
    else add(key, { description: `${capitalise(key)}: ${JSON.stringify(input[key])} is not one of ${[...allowed].join(', ')}`, error: 'InvalidValue' });
  }
  if (input.external_id !== undefined && input.external_id !== null) {
    if (typeof input.external_id === 'string' || typeof input.external_id === 'number') fields.external_id = String(input.external_id);
    else add('external_id', { description: 'External ID: must be a string', error: 'InvalidValue' });
  }
  if (input.tags !== undefined) {
    if (Array.isArray(input.tags) && input.tags.every((tag) => typeof tag === 'string')) fields.tags = input.tags.map((tag) => tag.trim()).filter((tag) => tag !== '');
    else add('tags', { description: 'Tags: must be a list of tags', error: 'InvalidValue' });
  }
  if (input.group_id !== undefined && input.group_id !== null) {
    const group = context.store.find('groups', input.group_id);
    if (!group || group.deleted === true) add('group_id', { description: `Group: ${String(input.group_id)} is not a valid group`, error: 'InvalidValue' });
    else fields.group_id = group.id;
  }
  if (input.organization_id !== undefined && input.organization_id !== null) {
    const organization = context.store.find('organizations', input.organization_id);
    if (!organization) add('organization_id', { description: `Organization: ${String(input.organization_id)} is not a valid organization`, error: 'InvalidValue' });
    // Reference §11.1: "organization_id may only be an org the requester belongs to"; a requester created by this call belongs to none.
    else if (requester && !isMember(context, requester, organization.id)) {
      add('organization_id', { description: `Organization: the requester is not a member of ${String(organization.name)}`, error: 'InvalidValue' });
    } else fields.organization_id = organization.id;
  }
  if (input.assignee_id !== undefined && input.assignee_id !== null) {
    const assignee = context.store.find('users', input.assignee_id);
    // Only agents and admins can be assigned (OAS TicketObject.assignee_id: "The agent currently assigned").
    if (!assignee || (assignee.role !== 'agent' && assignee.role !== 'admin')) add('assignee_id', { description: `Assignee: ${String(input.assignee_id)} is not an agent`, error: 'InvalidValue' });
    else fields.assignee_id = assignee.id;
  }
  const custom = customFieldsOf(input.custom_fields, context, (detail) => add('base', detail));

  if (Object.keys(details).length > 0 || !comment || !requester) throw recordInvalid(details);
  return { requester, comment, fields, customFields: custom.values, optionTags: custom.optionTags };
}

/**
 * OAS TicketCommentObject: `body` or `html_body` (reference §11.1: html_body wins when both
 * come, unconfirmed), `public` defaulting to true. Blank is as good as missing.
 */
function commentOf(raw: unknown): TicketComment | undefined {
  if (!isObject(raw)) return undefined;
  const isPublic = raw.public !== false;
  if (typeof raw.html_body === 'string' && raw.html_body.trim() !== '') {
    return { html_body: raw.html_body, body: plainText(raw.html_body), public: isPublic };
  }
  if (typeof raw.body === 'string' && raw.body.trim() !== '') {
    return { body: raw.body, html_body: `<div class="zd-comment" dir="auto"><p>${escapeHtml(raw.body).replace(/\n/g, '<br>')}</p></div>`, public: isPublic };
  }
  return undefined;
}

/**
 * Reference §11.1: `requester: {name, email}` finds the user with that email (any case) or
 * creates an end user ("creates user if unknown"; without a name Zendesk takes it from the
 * email, lanej/zendesk2#61); `requester_id` names an existing user; neither means the caller.
 */
function requesterOf(
  input: Record<string, unknown>,
  context: SandboxContext,
  actorEmail: string,
  refuse: (detail: ErrorDetail) => void,
): CheckedTicket['requester'] | undefined {
  if (input.requester !== undefined && input.requester !== null) {
    const raw = input.requester;
    const email = isObject(raw) && typeof raw.email === 'string' ? raw.email.trim() : undefined;
    if (email === undefined || !EMAIL.test(email)) {
      const shown = isObject(raw) && raw.email !== undefined ? String(raw.email) : '';
      refuse({ description: `Requester: Email: ${shown} is not properly formatted`, error: 'InvalidValue' });
      return undefined;
    }
    const name = isObject(raw) ? raw.name : undefined;
    if (name !== undefined && name !== null && (typeof name !== 'string' || name.trim() === '')) {
      refuse({ description: 'Requester: Name:  is too short (minimum is 1 character)', error: 'ValueTooShort' });
      return undefined;
    }
    const existing = context.store.findAllBy('users', 'email', email)[0];
    if (existing) return { kind: 'existing', user: existing };
    return { kind: 'new', email, name: typeof name === 'string' ? name.trim() : email.split('@')[0] };
  }
  if (input.requester_id !== undefined && input.requester_id !== null) {
    const existing = context.store.find('users', input.requester_id);
    if (existing) return { kind: 'existing', user: existing };
    refuse({ description: `Requester: ${String(input.requester_id)} is not a valid user`, error: 'InvalidValue' });
    return undefined;
  }
  const caller = context.store.findAllBy('users', 'email', actorEmail)[0];
  if (caller) return { kind: 'existing', user: caller };
  refuse({ description: 'Requester: cannot be blank', error: 'BlankValue' });
  return undefined;
}

function isMember(context: SandboxContext, requester: CheckedTicket['requester'], organizationId: unknown): boolean {
  if (requester.kind === 'new') return false;
  return context.store.findAllBy('organization_memberships', 'user_id', requester.user.id).some((membership) => String(membership.organization_id) === String(organizationId));
}

/**
 * OAS TicketObject.custom_fields: `[{id, value}]`. Every custom field the account has is
 * listed on the ticket (null when unset), as Zendesk lists them. An id that is not a custom
 * ticket field, or a drop-down value that is not one of its options, is refused; a drop-down's
 * value (its tag) is also added to the ticket's tags, as Zendesk does.
 */
function customFieldsOf(
  raw: unknown,
  context: SandboxContext,
  refuse: (detail: TicketErrorDetail) => void,
): { values: { id: number; value: unknown }[]; optionTags: string[] } {
  const custom = context.store.view('ticket_fields').filter((field) => field.removable !== false);
  const given = new Map<string, unknown>();
  if (raw !== undefined && raw !== null) {
    if (!Array.isArray(raw)) refuse({ description: 'Custom fields: must be a list of {id, value}', error: 'InvalidValue' });
    else {
      for (const entry of raw) {
        const field = isObject(entry) ? custom.find((candidate) => String(candidate.id) === String(entry.id)) : undefined;
        if (!isObject(entry) || !field) {
          const id = isObject(entry) ? entry.id : entry;
          refuse({ description: `Custom field ${JSON.stringify(id)}: is not a ticket field of this account`, error: 'InvalidValue', ticket_field_id: id });
          continue;
        }
        const options = Array.isArray(field.custom_field_options) ? field.custom_field_options.filter(isObject).map((option) => String(option.value)) : undefined;
        const value = entry.value;
        if (options && field.type === 'tagger' && value !== null && value !== '' && !options.includes(String(value))) {
          refuse({ description: `${String(field.title)}: ${JSON.stringify(value)} is not one of its options`, error: 'InvalidValue', ticket_field_id: field.id, ticket_field_type: 'FieldTagger' });
          continue;
        }
        given.set(String(field.id), value);
      }
    }
  }
  const values = custom.map((field) => ({ id: field.id as number, value: given.get(String(field.id)) ?? null }));
  const optionTags = custom
    .filter((field) => field.type === 'tagger' && typeof given.get(String(field.id)) === 'string' && given.get(String(field.id)) !== '')
    .map((field) => String(given.get(String(field.id))));
  return { values, optionTags };
}

function createEndUser(requester: { email: string; name: string }, context: SandboxContext): SandboxRecord {
  const userFields = Object.fromEntries(context.store.view('user_fields').map((field) => [String(field.key), null]));
  const { id: _unused, ...fields } = user(0, requester.name, requester.email, 'end-user');
  return context.store.insert('users', { ...fields, verified: false, last_login_at: null, user_fields: userFields });
}

function plainText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
