/**
 * Shared-organization and organization-note requests become a merge request that
 * edits config/organizations/<file>.yaml; the normal pipeline then plans and
 * applies it, so a person reviews the change like any other.
 *
 * The file is edited through the `yaml` package's Document API, so its comments,
 * key order and quoting stay as they were and the diff shows only the request.
 * The format is config/README.md "Organizations" and schemas/organization.schema.json.
 *
 * Sharing is refused when the file sets `never_share: true`, the format's own
 * "this organization must never be shared" (validation rejects any sharing but
 * `none` there, config/organizations.ts); a request cannot lift it, only a reviewed
 * change to the file can.
 */
import { isMap, isScalar, isSeq, parseDocument, type Document, type ToStringOptions } from 'yaml';
import { labelOf, VALUE_NAMES, type RequestForm, type RequestValues } from './model.ts';
import { stringValue } from './ticketOptions.ts';

/** An organization config/ manages, as the CLI finds it in config/organizations/. */
export interface OrganizationFileRef {
  /** Repository path, e.g. config/organizations/acme-corp.yaml. */
  path: string;
  name: string;
}

export type SharingLevel = 'read_only' | 'read_write';
export type UserAccess = 'organization_tickets' | 'own_tickets';

export type OrganizationRequest =
  | { kind: 'share'; organization: string; sharing: SharingLevel; users: { email: string; access: UserAccess }[] }
  | { kind: 'note'; organization: string; note: string; expires: string | null };

export type OrganizationEdit = { ok: true; text: string; changes: string[] } | { ok: false; reason: string };

const SHARING_LEVELS: readonly string[] = ['read_only', 'read_write'];
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const APPROVAL_URL = /^https?:\/\/\S+$/;
/** As config/ files are written elsewhere (config/yamlWrite.ts): lines never folded, `[a]` not `[ a ]`. */
const WRITE_OPTIONS: ToStringOptions = { lineWidth: 0, flowCollectionPadding: false };

/** `today` (YYYY-MM-DD, UTC): a note must expire after it, or it would never reach Zendesk (organizations/state.ts isExpired). */
export function organizationRequestOf(form: RequestForm, values: RequestValues, today: string): { ok: true; request: OrganizationRequest } | { ok: false; problems: string[] } {
  const organization = stringValue(values[VALUE_NAMES.organization]).trim();
  const problems: string[] = [];
  if (!organization) problems.push(`${labelOf(form, VALUE_NAMES.organization)}: required`);
  if (form.action === 'shared_organization') {
    const sharing = stringValue(values[VALUE_NAMES.sharing]);
    if (!SHARING_LEVELS.includes(sharing)) problems.push(`${labelOf(form, VALUE_NAMES.sharing)}: must be read_only or read_write`);
    if (values[VALUE_NAMES.securityAcknowledged] !== true) {
      problems.push(`${labelOf(form, VALUE_NAMES.securityAcknowledged)}: the security risk must be acknowledged: shared users see each other's tickets`);
    }
    const users = [
      ...emails(values[VALUE_NAMES.organizationTicketsUsers]).map((email) => ({ email, access: 'organization_tickets' as const })),
      ...emails(values[VALUE_NAMES.ownTicketsUsers]).map((email) => ({ email, access: 'own_tickets' as const })),
    ];
    for (const user of users.filter((u) => !EMAIL.test(u.email))) problems.push(`"${user.email}" is not an email address`);
    const twice = users.filter((user, index) => users.findIndex((other) => other.email === user.email) !== index);
    for (const user of twice) problems.push(`${user.email} is given both organization_tickets and own_tickets access; a user has one`);
    if (problems.length > 0) return { ok: false, problems };
    return { ok: true, request: { kind: 'share', organization, sharing: sharing as SharingLevel, users } };
  }
  const note = stringValue(values[VALUE_NAMES.note]).trim();
  const expires = stringValue(values[VALUE_NAMES.expires]).trim() || null;
  if (!note) problems.push(`${labelOf(form, VALUE_NAMES.note)}: required`);
  if (expires !== null && !DATE.test(expires)) problems.push(`${labelOf(form, VALUE_NAMES.expires)}: must be a date written YYYY-MM-DD`);
  else if (expires !== null && expires <= today) {
    problems.push(`${labelOf(form, VALUE_NAMES.expires)}: ${expires} is not after today (${today}); the note would be gone from Zendesk before it was added. Give a later date, or none`);
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, request: { kind: 'note', organization, note, expires } };
}

/** By name (as the file's `name:` says it) or by file name, ignoring case. */
export function findOrganization(organizations: readonly OrganizationFileRef[], requested: string): OrganizationFileRef | null {
  const wanted = requested.trim().toLowerCase();
  const stem = (path: string) => path.replace(/^.*\//, '').replace(/\.ya?ml$/, '').toLowerCase();
  return organizations.find((org) => org.name.trim().toLowerCase() === wanted) ?? organizations.find((org) => stem(org.path) === wanted) ?? null;
}

/**
 * The file's text with the request applied. Applying the same request twice gives
 * the same text (a user's access is set, not added again; an identical note is not
 * repeated), so a re-run commits nothing new.
 */
export function editOrganizationFile(text: string, path: string, request: OrganizationRequest, approvalUrl: string): OrganizationEdit {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return { ok: false, reason: `${path} is not a valid organization file on the default branch; fix it first` };
  const name = String(doc.get('name') ?? request.organization);
  switch (request.kind) {
    case 'share':
      return share(doc, path, name, request, approvalUrl);
    case 'note':
      return addNote(doc, path, request);
  }
}

function share(doc: Document, path: string, name: string, request: Extract<OrganizationRequest, { kind: 'share' }>, approvalUrl: string): OrganizationEdit {
  if (doc.get('never_share') === true) {
    return {
      ok: false,
      reason: `${name} must never be shared: ${path} sets never_share: true. Only a reviewed change to that file can lift it, once the customer agrees in writing`,
    };
  }
  if (!APPROVAL_URL.test(approvalUrl)) return { ok: false, reason: `the issue has no web address to record as sharing_approval` };
  const changes = [`sharing: ${request.sharing}`, `sharing_approval: ${approvalUrl}`];
  doc.set('sharing', request.sharing);
  doc.set('sharing_approval', approvalUrl);
  if (request.users.length > 0) {
    if (!doc.has('users')) doc.set('users', doc.createNode([]));
    const users = doc.get('users');
    if (!isSeq(users)) return { ok: false, reason: `${path}: users is not a list; fix the file first` };
    for (const { email, access } of request.users) {
      const entry = users.items.find((item) => isMap(item) && String(item.get('email') ?? '').toLowerCase() === email);
      if (isMap(entry)) entry.set('access', access);
      else users.add(doc.createNode({ email, access }));
      changes.push(`users: ${email} → ${access}`);
    }
  }
  return { ok: true, text: doc.toString(WRITE_OPTIONS), changes };
}

function addNote(doc: Document, path: string, request: Extract<OrganizationRequest, { kind: 'note' }>): OrganizationEdit {
  if (!doc.has('notes')) doc.set('notes', doc.createNode([]));
  const notes = doc.get('notes');
  if (!isSeq(notes)) return { ok: false, reason: `${path}: notes is not a list; fix the file first` };
  const entry = request.expires ? { text: request.note, expires: request.expires } : request.note;
  const wanted = JSON.stringify(entry);
  const alreadyThere = notes.items.some((item) => JSON.stringify(isScalar(item) ? item.value : (item as { toJSON(): unknown }).toJSON()) === wanted);
  if (!alreadyThere) notes.add(doc.createNode(entry));
  return { ok: true, text: doc.toString(WRITE_OPTIONS), changes: [`notes: + ${request.note}${request.expires ? ` (expires ${request.expires})` : ''}`] };
}

function emails(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,;]+/) : [];
  return [...new Set(list.filter((item): item is string => typeof item === 'string').map((item) => item.trim().toLowerCase()).filter((item) => item.length > 0))];
}
