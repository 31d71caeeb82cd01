/**
 * Reading live Zendesk: the managed kinds and the read-only lookups, all
 * concurrently (the client bounds how many requests are in flight). One pass
 * per list, ceil(N/100) requests per kind; the large rule lists have their
 * pages read side by side (ZendeskClient.listAllConcurrently).
 */
import type { DynamicContentRecord, FieldOptionRecord, KeyedFieldRecord, KindName, Lookups, NamedRecord, TicketFieldRecord, UserRecord } from '../core/model.ts';
import type { Query, ZendeskClient } from '../zendesk/client.ts';
import { ZendeskApiError } from '../zendesk/errors.ts';
import { checkEnvelope, checkList, flag, id, integer, list, maybe, object, text, type AnswerOrigin, type Infer, type Shape } from '../zendesk/shapes.ts';
import { type CategoryIndex, type FedLookup, type KindDefinition, type LiveAnswer, type LiveObject, type MacroAttachment, type RawObject, type ResolveContext, toLiveObject } from './kind.ts';
import { ReferenceResolver, UnresolvedReferenceError } from './references.ts';
import { KIND_DEFINITIONS, KINDS } from './registry.ts';

/** Each kind's live objects as Zendesk answered them, checked against the kind's `answer`. */
export type RawLive = { [K in KindName]: LiveAnswer[] };
export type LiveObjects = { [K in KindName]: LiveObject<K>[] };

export interface LiveState {
  lookups: Lookups;
  raw: RawLive;
  /** Macro id → its attachments (only macros that have some). */
  macroAttachments: Map<string, MacroAttachment[]>;
  objects: LiveObjects;
  ctx: ResolveContext;
}

export async function fetchLiveState(client: ZendeskClient): Promise<LiveState> {
  // The rule lists go first: their later pages can only start once page 1 has
  // said how many there are, so the small lookups fill the gaps behind them.
  const [raw, lookups] = await Promise.all([fetchManaged(client), fetchLookups(client)]);
  return liveStateFrom(lookups, raw, await fetchMacroAttachments(client, raw.macros));
}

/**
 * Macros list attachment ids only (real-shapes: `attachments: [<id>, …]`); their
 * file names come from GET /macros/{id}/attachments (OAS ListMacroAttachments),
 * one request per macro that has any, which few do.
 */
export async function fetchMacroAttachments(client: ZendeskClient, macros: readonly RawObject[]): Promise<Map<string, MacroAttachment[]>> {
  const withFiles = macros.filter((m) => Array.isArray(m.attachments) && m.attachments.length > 0);
  const lists = await Promise.all(withFiles.map((m) => readAttachments(client, String(m.id))));
  return new Map(withFiles.map((m, i) => [String(m.id), lists[i]]));
}

/** The managed kinds asked for; the others come back empty. */
export async function fetchManaged(client: ZendeskClient, kinds: readonly KindName[] = KINDS): Promise<RawLive> {
  const lists = await Promise.all(
    kinds.map(async (kind) => {
      const { path, plural, pagination, answer, labels, manages }: KindDefinition = KIND_DEFINITIONS[kind];
      const items = pagination === 'cursor' ? await client.listAll<unknown>(path, plural) : await client.listAllConcurrently(path, plural);
      // Checked before anything reads it (KindDefinition.answer): a surprise is one line naming the object and field.
      const checked = checkList(items, answer, { method: 'GET', path, what: labels.one });
      // What the kind does not manage (Zendesk's system ticket fields) is not the kind's at all: never planned nor unmanaged.
      return manages ? checked.filter((raw) => manages(raw)) : checked;
    }),
  );
  const raw = Object.fromEntries(KINDS.map((kind) => [kind, [] as LiveAnswer[]])) as RawLive;
  kinds.forEach((kind, i) => (raw[kind] = lists[i]));
  return raw;
}

/** Pure: raw API objects → live objects in config/ terms. */
export function liveStateFrom(lookups: Lookups, raw: RawLive, macroAttachments = new Map<string, MacroAttachment[]>()): LiveState {
  const ctx: ResolveContext = { refs: new ReferenceResolver(lookups), categories: categoryIndex(raw.trigger_categories), macroAttachments };
  const objects = {} as Record<KindName, LiveObject[]>;
  for (const kind of KINDS) {
    const definition: KindDefinition = KIND_DEFINITIONS[kind];
    objects[kind] = raw[kind].map((r) => toLiveObject(definition, r, ctx));
  }
  return { lookups, raw, macroAttachments, objects: objects as LiveObjects, ctx };
}

export function categoryIndex(categories: readonly RawObject[]): CategoryIndex {
  const byId = new Map(categories.map((c) => [String(c.id), String(c.name)]));
  const byName = new Map(categories.map((c) => [String(c.name), String(c.id)]));
  return {
    nameOf: (id) => (id === null || id === undefined ? null : (byId.get(String(id)) ?? `(unknown category ${String(id)})`)),
    idOf: (name) => {
      const id = byName.get(name);
      if (id === undefined) throw new UnresolvedReferenceError('trigger category', name);
      return id;
    },
  };
}

/** The read-only lists config/ names things in, each object checked as it enters (only the fields read here). */
const LOOKUP_ANSWERS = {
  // Deleted groups are listed too (§13.1 exclude_deleted): rules can still point at them.
  group: object({ id, name: text, deleted: maybe(flag) }),
  brand: object({ id, name: text, active: maybe(flag), is_deleted: maybe(flag) }),
  named: object({ id, name: text, active: maybe(flag) }),
  webhook: object({ id, name: text, status: maybe(text) }),
  customStatus: object({ id, agent_label: text, active: maybe(flag) }),
  target: object({ id, title: text, active: maybe(flag) }),
  // Emails can be absent from a user the token may not see in full; names are always there (§10.1).
  user: object({ id: integer, name: text, email: maybe(text), active: maybe(flag) }),
  ticketField: object({ id: integer, title: text, type: text, active: maybe(flag), custom_field_options: maybe(list(fieldOptionAnswer())) }),
  // The account's active locales (OAS ListLocales), named by their code (`en-US`).
  locale: object({ id, locale: text }),
  // OAS DynamicContentObject: the placeholder rules use, fixed at creation.
  dynamicContent: object({ id: integer, name: text, placeholder: text }),
  keyedField: object({ id: integer, key: text, title: text, custom_field_options: maybe(list(fieldOptionAnswer())) }),
};

function fieldOptionAnswer() {
  return object({ id: integer, name: text, value: text });
}

export async function fetchLookups(client: ZendeskClient): Promise<Lookups> {
  const read = <T>(path: string, key: string, answer: Shape<T>, what: string, query: Query = {}) => readChecked(client, path, key, answer, what, query);
  const named = <T>(records: Promise<T[]>, toNamed: (r: T) => NamedRecord) => records.then((list) => list.map(toNamed));
  const activeNamed = (r: Infer<typeof LOOKUP_ANSWERS.named>): NamedRecord => ({ id: r.id, name: r.name, active: r.active !== false });
  // `role[]=agent&role[]=admin` cannot be expressed through node-zendesk's query
  // serialiser (it joins arrays with commas), so agents and admins are two lists.
  const users = (role: string) =>
    read('users', 'users', LOOKUP_ANSWERS.user, 'user', { role }).then((list) =>
      list.map((r): UserRecord => ({ id: r.id, email: r.email ?? '', name: r.name, active: r.active !== false })),
    );
  const keyed = (path: string, what: string) =>
    read(path, path, LOOKUP_ANSWERS.keyedField, what).then((list) =>
      list.map((r): KeyedFieldRecord => ({ id: r.id, key: r.key, title: r.title, options: optionsOf(r.custom_field_options) })),
    );
  const [groups, brands, ticketForms, schedules, webhooks, customStatuses, targets, agents, admins, ticketFields, organizationFields, userFields, locales, dynamicContent] =
    await Promise.all([
      named(read('groups', 'groups', LOOKUP_ANSWERS.group, 'group'), (r) => ({ id: r.id, name: r.name, active: r.deleted !== true })),
      named(optional(read('brands', 'brands', LOOKUP_ANSWERS.brand, 'brand')), (r) => ({ id: r.id, name: r.name, active: r.active !== false && r.is_deleted !== true })),
      readTicketForms(client),
      named(optional(read('business_hours/schedules', 'schedules', LOOKUP_ANSWERS.named, 'schedule')), activeNamed),
      readWebhooks(client),
      named(optional(read('custom_statuses', 'custom_statuses', LOOKUP_ANSWERS.customStatus, 'custom status')), (r) => ({ id: r.id, name: r.agent_label, active: r.active !== false })),
      // Legacy targets (§13.4): gone from newer accounts, so a 403/404 means none.
      named(optional(read('targets', 'targets', LOOKUP_ANSWERS.target, 'target')), (r) => ({ id: r.id, name: r.title, active: r.active !== false })),
      users('agent'),
      users('admin'),
      readTicketFields(client),
      keyed('organization_fields', 'organization field'),
      keyed('user_fields', 'user field'),
      // OAS ListLocales: the locales the account has active, the only ones dynamic content may use; named by code.
      named(read('locales', 'locales', LOOKUP_ANSWERS.locale, 'locale'), (r) => ({ id: r.id, name: r.locale, active: true })),
      readDynamicContent(client),
    ]);
  return {
    groups, brands, ticketForms, schedules, webhooks, customStatuses, targets,
    users: [...agents, ...admins], ticketFields, organizationFields, userFields, locales, dynamicContent,
  };
}

/**
 * One lookup read again, after apply has written the kind that feeds it
 * (KindDefinition.feeds): the rules written next name what it just created or renamed.
 */
export async function refreshLookup(client: ZendeskClient, lookups: Lookups, lookup: FedLookup): Promise<Lookups> {
  switch (lookup) {
    case 'webhooks':
      return { ...lookups, webhooks: await readWebhooks(client) };
    case 'ticketFields':
      return { ...lookups, ticketFields: await readTicketFields(client) };
    case 'ticketForms':
      return { ...lookups, ticketForms: await readTicketForms(client) };
    case 'dynamicContent':
      return { ...lookups, dynamicContent: await readDynamicContent(client) };
  }
}

/** Plans without dynamic content (below Professional) answer 403: then there is none to name. */
function readDynamicContent(client: ZendeskClient): Promise<DynamicContentRecord[]> {
  return optional(readChecked(client, 'dynamic_content/items', 'items', LOOKUP_ANSWERS.dynamicContent, 'dynamic content item')).then((list) =>
    list.map((r) => ({ id: r.id, name: r.name, placeholder: r.placeholder })));
}

function readTicketForms(client: ZendeskClient): Promise<NamedRecord[]> {
  return optional(readChecked(client, 'ticket_forms', 'ticket_forms', LOOKUP_ANSWERS.named, 'ticket form')).then((list) =>
    list.map((r) => ({ id: r.id, name: r.name, active: r.active !== false })));
}

function readWebhooks(client: ZendeskClient): Promise<NamedRecord[]> {
  return readChecked(client, 'webhooks', 'webhooks', LOOKUP_ANSWERS.webhook, 'webhook').then((list) =>
    list.map((r) => ({ id: r.id, name: r.name, active: r.status !== 'inactive' })));
}

function readTicketFields(client: ZendeskClient): Promise<TicketFieldRecord[]> {
  return readChecked(client, 'ticket_fields', 'ticket_fields', LOOKUP_ANSWERS.ticketField, 'ticket field').then((list) =>
    list.map((r) => ({ id: r.id, title: r.title, type: r.type, options: optionsOf(r.custom_field_options), active: r.active !== false })));
}

function readChecked<T>(client: ZendeskClient, path: string, key: string, answer: Shape<T>, what: string, query: Query = {}): Promise<T[]> {
  return client.listAll<unknown>(path, key, query).then((list) => checkList(list, answer, { method: 'GET', path, what }));
}

/**
 * Some lookups only exist on some plans (ticket forms, schedules, custom
 * statuses, brands): an account without the feature answers 403 or 404. That
 * means "none", and any name config/ uses there is then reported as unknown.
 */
async function optional<T>(list: Promise<T[]>): Promise<T[]> {
  try {
    return await list;
  } catch (error) {
    if (error instanceof ZendeskApiError && (error.status === 403 || error.status === 404)) return [];
    throw error;
  }
}

function optionsOf(options: readonly FieldOptionRecord[] | null | undefined): FieldOptionRecord[] {
  return (options ?? []).map((o) => ({ id: o.id, name: o.name, value: o.value }));
}

const attachmentAnswer = object({ id, filename: text });

/** GET /macros/{id}/attachments (OAS ListMacroAttachments), each attachment checked. */
async function readAttachments(client: ZendeskClient, macroId: string): Promise<MacroAttachment[]> {
  const path = `macros/${macroId}/attachments`;
  const origin: AnswerOrigin = { method: 'GET', path, what: 'macro attachment' };
  return checkEnvelope((await client.get<unknown>(path)).body, 'macro_attachments', attachmentAnswer, origin).map((a) => ({ id: a.id, filename: a.filename }));
}
