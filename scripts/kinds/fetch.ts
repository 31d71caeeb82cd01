/**
 * Reading live Zendesk: the managed kinds and the read-only lookups, all
 * concurrently (the client bounds how many requests are in flight). One pass
 * per list, ceil(N/100) requests per kind; the large rule lists have their
 * pages read side by side (ZendeskClient.listAllConcurrently).
 */
import type { KindName } from '../core/model.ts';
import type { FieldOptionRecord, KeyedFieldRecord, Lookups, NamedRecord, TicketFieldRecord, UserRecord } from '../core/lookups.ts';
import type { ZendeskClient } from '../zendesk/client.ts';
import { ZendeskApiError } from '../zendesk/errors.ts';
import { type CategoryIndex, type LiveObject, type MacroAttachment, type RawObject, type ResolveContext, toLiveObject } from './kind.ts';
import { ReferenceResolver, UnresolvedReferenceError } from './references.ts';
import { KIND_DEFINITIONS, KINDS } from './registry.ts';

export type RawLive = { [K in KindName]: RawObject[] };
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
  const lists = await Promise.all(
    withFiles.map((m) =>
      client.get<{ macro_attachments?: RawObject[] }>(`macros/${String(m.id)}/attachments`).then((r) =>
        (r.body?.macro_attachments ?? []).map((a): MacroAttachment => ({ id: a.id as number, filename: String(a.filename) })),
      ),
    ),
  );
  return new Map(withFiles.map((m, i) => [String(m.id), lists[i]]));
}

/** The managed kinds asked for; the others come back empty. */
export async function fetchManaged(client: ZendeskClient, kinds: readonly KindName[] = KINDS): Promise<RawLive> {
  const lists = await Promise.all(
    kinds.map((kind) => {
      const { path, plural, pagination } = KIND_DEFINITIONS[kind];
      return pagination === 'cursor' ? client.listAll<RawObject>(path, plural) : client.listAllConcurrently<RawObject>(path, plural);
    }),
  );
  const raw = Object.fromEntries(KINDS.map((kind) => [kind, [] as RawObject[]])) as RawLive;
  kinds.forEach((kind, i) => (raw[kind] = lists[i]));
  return raw;
}

/** Pure: raw API objects → live objects in config/ terms. */
export function liveStateFrom(lookups: Lookups, raw: RawLive, macroAttachments = new Map<string, MacroAttachment[]>()): LiveState {
  const ctx: ResolveContext = { refs: new ReferenceResolver(lookups), categories: categoryIndex(raw.trigger_categories), macroAttachments };
  const objects = {} as Record<KindName, LiveObject[]>;
  for (const kind of KINDS) {
    const definition = KIND_DEFINITIONS[kind] as (typeof KIND_DEFINITIONS)[KindName];
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

export async function fetchLookups(client: ZendeskClient): Promise<Lookups> {
  const toNamed = (nameField: string, isActive: (r: RawObject) => boolean) => (list: RawObject[]) =>
    list.map((r): NamedRecord => ({ id: r.id as number, name: String(r[nameField]), active: isActive(r) }));
  const named = (path: string, key: string, nameField = 'name', isActive = activeFlag) => client.listAll<RawObject>(path, key).then(toNamed(nameField, isActive));
  const namedIfAvailable = (path: string, key: string, nameField = 'name', isActive = activeFlag) =>
    optional(client.listAll<RawObject>(path, key)).then(toNamed(nameField, isActive));
  const keyed = (path: string, key: string) =>
    client.listAll<RawObject>(path, key).then((list) =>
      list.map((r): KeyedFieldRecord => ({ id: r.id as number, key: String(r.key), title: String(r.title), options: optionsOf(r) })),
    );
  // `role[]=agent&role[]=admin` cannot be expressed through node-zendesk's query
  // serialiser (it joins arrays with commas), so agents and admins are two lists.
  const users = (role: string) =>
    client.listAll<RawObject>('users', 'users', { role }).then((list) =>
      list.map((r): UserRecord => ({ id: r.id as number, email: String(r.email ?? ''), name: String(r.name), active: r.active !== false })),
    );
  const [groups, brands, ticketForms, schedules, webhooks, customStatuses, targets, agents, admins, ticketFields, organizationFields, userFields, locales] =
    await Promise.all([
      // Deleted groups are listed too (§13.1 exclude_deleted): rules can still point at them.
      named('groups', 'groups', 'name', (r) => r.deleted !== true),
      namedIfAvailable('brands', 'brands', 'name', (r) => r.active !== false && r.is_deleted !== true),
      namedIfAvailable('ticket_forms', 'ticket_forms'),
      namedIfAvailable('business_hours/schedules', 'schedules'),
      named('webhooks', 'webhooks', 'name', (r) => r.status !== 'inactive'),
      namedIfAvailable('custom_statuses', 'custom_statuses', 'agent_label'),
      // Legacy targets (§13.4): gone from newer accounts, so a 403/404 means none.
      namedIfAvailable('targets', 'targets', 'title'),
      users('agent'),
      users('admin'),
      client.listAll<RawObject>('ticket_fields', 'ticket_fields').then((list) => list.map(toTicketField)),
      keyed('organization_fields', 'organization_fields'),
      keyed('user_fields', 'user_fields'),
      // OAS ListLocales: the locales the account has active, the only ones dynamic content may use; named by code.
      named('locales', 'locales', 'locale'),
    ]);
  return {
    groups, brands, ticketForms, schedules, webhooks, customStatuses, targets,
    users: [...agents, ...admins], ticketFields, organizationFields, userFields, locales,
  };
}

function activeFlag(raw: RawObject): boolean {
  return raw.active !== false;
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

function toTicketField(raw: RawObject): TicketFieldRecord {
  return { id: raw.id as number, title: String(raw.title), type: String(raw.type), options: optionsOf(raw), active: raw.active !== false };
}

function optionsOf(raw: RawObject): FieldOptionRecord[] {
  const options = Array.isArray(raw.custom_field_options) ? (raw.custom_field_options as RawObject[]) : [];
  return options.map((o) => ({ id: o.id as number, name: String(o.name), value: String(o.value) }));
}
