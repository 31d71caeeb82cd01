/**
 * What customer tickets and a single-user ticket share: the subject and body
 * templates, public or private, the group (a name, looked up: ids never come from
 * the issue) and the tags.
 */
import { labelOf, VALUE_NAMES, type RequestForm, type RequestValues } from './model.ts';
import { compileTicketText, type TicketTemplate } from './ticketText.ts';
import type { RequestsZendesk } from './ports.ts';

export interface TicketOptions {
  subject: Extract<TicketTemplate, { ok: true }>;
  body: Extract<TicketTemplate, { ok: true }>;
  html: boolean;
  public: boolean;
  groupName: string | null;
  /** The agent the tickets are assigned to, by email (looked up); null: unassigned. */
  sentBy: string | null;
  tags: string[];
}

/** Zendesk keeps tags lowercase, without spaces (support.zendesk.com "About tags"); anything else is refused, not rewritten. */
const TAG = /^[a-z0-9_\-:/.]{1,80}$/;

export function ticketOptions(form: RequestForm, values: RequestValues): { ok: true; options: TicketOptions } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const html = values[VALUE_NAMES.bodyFormat] === 'html';
  const subjectSource = stringValue(values[VALUE_NAMES.subject]);
  const bodySource = stringValue(values[VALUE_NAMES.body]);
  if (!subjectSource) problems.push(`${labelOf(form, VALUE_NAMES.subject)}: required`);
  if (!bodySource) problems.push(`${labelOf(form, VALUE_NAMES.body)}: required`);
  const subject = compileTicketText(subjectSource, { label: labelOf(form, VALUE_NAMES.subject), html: false });
  const body = compileTicketText(bodySource, { label: labelOf(form, VALUE_NAMES.body), html });
  if (subjectSource && !subject.ok) problems.push(subject.message);
  if (bodySource && !body.ok) problems.push(body.message);
  const tags = requestedTags(form, values, problems);
  const group = stringValue(values[VALUE_NAMES.group]) || form.zendesk?.group || null;
  if (problems.length > 0 || !subject.ok || !body.ok) return { ok: false, problems };
  const sentBy = stringValue(values[VALUE_NAMES.sentBy]).trim().toLowerCase() || null;
  return { ok: true, options: { subject, body, html, public: values[VALUE_NAMES.visibility] !== 'private', groupName: group, tags, sentBy } };
}

/** The group's id, or a problem naming the group: a renamed group is a config change to make, not a ticket without a group. */
export async function lookUpGroup(zendesk: RequestsZendesk, groupName: string | null): Promise<{ ok: true; groupId: number | null } | { ok: false; problem: string }> {
  if (groupName === null) return { ok: true, groupId: null };
  const groupId = await zendesk.groupIdByName(groupName);
  return groupId === null ? { ok: false, problem: `Group: no Zendesk group is named "${groupName}"` } : { ok: true, groupId };
}

/** The sending agent's id: an agent or admin with that email, never an id from the issue. */
export async function lookUpAgent(zendesk: RequestsZendesk, email: string | null): Promise<{ ok: true; agentId: number | null } | { ok: false; problem: string }> {
  if (email === null) return { ok: true, agentId: null };
  const agentId = await zendesk.agentIdByEmail(email);
  return agentId === null ? { ok: false, problem: `Sent by: no Zendesk agent has the email ${email}` } : { ok: true, agentId };
}

function requestedTags(form: RequestForm, values: RequestValues, problems: string[]): string[] {
  const raw = values[VALUE_NAMES.tags];
  const given = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(/[\s,]+/) : [];
  const tags = [...(form.zendesk?.tags ?? []), ...given].map((tag) => tag.trim().toLowerCase()).filter((tag) => tag.length > 0);
  for (const tag of tags) {
    if (!TAG.test(tag)) problems.push(`${labelOf(form, VALUE_NAMES.tags)}: "${tag}" is not a Zendesk tag (letters, digits, _ - : / . only, no spaces)`);
  }
  return [...new Set(tags)];
}

export function stringValue(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
