/**
 * The parts of a form definition and of a parsed request that the processor reads.
 * They mirror the design's `FormDefinition` (forms/definition.ts) and
 * `parseRequestBlock`'s result (forms/requestBlock.ts) so those can be handed in
 * as they are; this folder imports nothing from forms/, the CLI wires them.
 */

export type FormAction = 'customer_tickets' | 'shared_organization' | 'organization_note' | 'single_ticket' | 'internal_request';

export interface RequestFormField {
  name: string;
  type: string;
  label: string;
  options?: { value: string; label: string; group?: string }[];
}

export interface RequestForm {
  /** The file stem of config/forms/<id>.yaml, kebab-case. */
  id: string;
  title: string;
  action: FormAction;
  issue: { title: string; template: string; labels: string[] };
  approval?: { approvers: string[]; required_above: number };
  limits?: { recipients?: { min?: number; max?: number } };
  fields: RequestFormField[];
  /** Names, never ids: looked up in Zendesk at run time. */
  zendesk?: { group?: string; tags?: string[]; ticket_fields?: Record<string, string> };
}

export interface RecipientRow {
  email: string;
  name?: string;
  organization?: string;
}

/**
 * A submission after `checkSubmission`: trimmed, emails lowercased, recipients
 * deduplicated. Still untrusted text: every string in it was typed by whoever opened the issue.
 */
export type RequestValues = Record<string, unknown>;

export type ParsedRequest = { ok: true; form: RequestForm; values: RequestValues } | { ok: false; problems: string[] };

/** `parseRequestBlock(description, forms)` with the forms bound. */
export type RequestParser = (description: string) => ParsedRequest;

/**
 * The value names each action reads (the form definitions in config/forms/ use them):
 *
 * - customer_tickets: `subject`, `body` (Handlebars with name, email, organization), `recipients`,
 *   optional `body_format` (`text` | `html`, default text), `visibility` (`public` | `private`,
 *   default public), `group` (a group name; else the form's `zendesk.group`), `tags` (list or
 *   space/comma separated), `sent_by` (an agent's email: the tickets are assigned to them).
 * - single_ticket: `email`, optional `name`, `organization`, and the same `subject`, `body`,
 *   `body_format`, `visibility`, `group`, `tags`, `sent_by`.
 * - internal_request: every field; each `select` value becomes a tag, fields named in the form's
 *   `zendesk.ticket_fields` become ticket fields, optional `email` is the requester, optional `subject`.
 * - shared_organization: `organization`, `sharing` (`read_only` | `read_write`),
 *   `acknowledge_security_risk` (must be true), optional `users_organization_tickets` and
 *   `users_own_tickets` (lists of emails: per-user access overrides), `justification`.
 * - organization_note: `organization`, `note`, optional `expires` (YYYY-MM-DD).
 */
export const VALUE_NAMES = {
  subject: 'subject',
  body: 'body',
  bodyFormat: 'body_format',
  visibility: 'visibility',
  sentBy: 'sent_by',
  group: 'group',
  tags: 'tags',
  recipients: 'recipients',
  email: 'email',
  name: 'name',
  organization: 'organization',
  sharing: 'sharing',
  securityAcknowledged: 'acknowledge_security_risk',
  justification: 'justification',
  organizationTicketsUsers: 'users_organization_tickets',
  ownTicketsUsers: 'users_own_tickets',
  note: 'note',
  expires: 'expires',
} as const;

/** The label a form gives a value, for messages; the value name when the form has no such field. */
export function labelOf(form: RequestForm, name: string): string {
  return form.fields.find((field) => field.name === name)?.label ?? name;
}
