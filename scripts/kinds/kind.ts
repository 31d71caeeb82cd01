/**
 * Every managed kind is one small definition (Salto's adapter style), end to end:
 * where it lives in config/ (folder, schema, order file, key and rename fields,
 * labels, what import writes, what prune means), where it lives in the API, how a
 * live object becomes a spec in config/ terms, how a spec becomes a request body,
 * which fields Zendesk's bulk endpoint takes, and when apply writes it. Every list
 * of kinds (load, validate, import, diff, apply, render, the CLI) is derived from
 * kinds/registry.ts; a fact left out of a definition is a compile error.
 */
import type { DesiredObject, DesiredOrder, Diagnostic, KindName, LiveObject, Lookups, SpecByKind } from '../core/model.ts';
import type { KindDiffRules, OrderScope } from '../core/diff.ts';
import type { ReferenceResolver } from './references.ts';
import type { DesiredCredential } from './webhookCredentials.ts';
import { id, integer, maybe, object, text, type Infer, type Shape } from '../zendesk/shapes.ts';

export type RawObject = Record<string, unknown>;

/** Trigger categories are referenced by name in config/ and by id in triggers. */
export interface CategoryIndex {
  nameOf(id: unknown): string | null;
  idOf(name: string): string;
}

/** Reads a secret by the environment variable config/ names; undefined when it is not set. */
export type SecretSource = (variable: string) => string | undefined;

/**
 * A SecretSource that also knows how config/ fingerprints each webhook's
 * credential, for a change read back from plan.json, which never holds that.
 * Apply is handed one (config/secrets.ts, `declaredSecrets`), never the environment.
 */
export type DeclaredSecrets = SecretSource & { readonly credentialOf: (webhook: string) => DesiredCredential | null };

/** A file attached to a macro (GET /macros/{id}/attachments, OAS MacroAttachmentsResponse). */
export interface MacroAttachment {
  id: number | string;
  filename: string;
}

export interface ResolveContext {
  refs: ReferenceResolver;
  categories: CategoryIndex;
  /** Macro id → its attachments, read only for macros that have some. */
  macroAttachments?: ReadonlyMap<string, readonly MacroAttachment[]>;
  /** Only apply sets this: payloads that carry credentials read them here. */
  secrets?: SecretSource;
}

export type { LiveObject, OrderMode } from '../core/model.ts';

/**
 * What a config file is checked against: `schemas/<name>.schema.json`, or the order
 * file of a kind ordered as one list of titles, whose schema is built from the registry.
 */
export type SchemaName = string | { titleListOf: KindName };

/** Where a kind's objects are declared in config/. */
export type ConfigPlace = FolderPlace | OrderFilePlace;

/** One file per object in `config/<folder>/`, checked against `schemas/<schema>.schema.json`. */
export interface FolderPlace {
  in: 'folder';
  folder: string;
  schema: string;
  /**
   * `<folder>/_order.yaml`, when the kind is ordered; its scopes are the kind's `order`.
   * `title-list`: one list of titles under the kind's name (`views: [title, …]`), checked
   * against a schema built from the registry (config/schemaCheck.ts), so it needs no file
   * in schemas/. `own-schema`: shaped its own way (triggers per category), checked against
   * `schemas/<schema>.schema.json`. `why`: what the hint says about an object the file
   * does not list. null: the folder takes no order file.
   */
  orderFile: { shape: 'title-list'; why: string } | { shape: 'own-schema'; schema: string; why: string } | null;
}

/** Declared inside another kind's order file (trigger categories, in triggers/_order.yaml). */
export interface OrderFilePlace {
  in: 'order-file-of';
  kind: KindName;
}

/** What a kind's files are read with besides the file itself (config/load.ts reads the order file first). */
export interface FileContext {
  /** The trigger category triggers/_order.yaml lists the object under; null when none lists it, or for other kinds. */
  category: string | null;
}

/** A schema-checked object file → its spec, every default filled in, so "omitted" and "written out" diff the same. */
export type FileReader<K extends KindName> = (value: unknown, context: FileContext) => SpecByKind[K];

/**
 * The part of a definition that depends on where config/ declares the kind: a kind with
 * a folder must say how its files become specs (`fromFile`), so a new folder kind without
 * a reader does not compile. null: config/ reads the files itself, with more in hand than
 * the file (webhooks: the environment and settings.yaml, config/webhookSpec.ts).
 */
export type ConfigSide<K extends KindName> =
  | { config: FolderPlace; fromFile: FileReader<K> | null }
  | { config: OrderFilePlace; fromFile?: never };

/**
 * When apply writes the kind: `referenced` kinds (webhooks, trigger categories) are
 * created and updated before the rules that name them and deleted after them, in
 * registry order; `rules` are written in between.
 */
export type ApplyPhase = 'referenced' | 'rules';

/**
 * What every managed object's answer must carry, whatever its kind: toLiveObject reads
 * these. Spread into each kind's `answer` shape.
 */
export const LIVE_FIELDS = { id, updated_at: maybe(text), position: maybe(integer) };
const liveAnswer = object(LIVE_FIELDS);
/** The least a checked live object carries, of any kind. */
export type LiveAnswer = Infer<typeof liveAnswer>;

/**
 * A kind's definition. `A` is what its `answer` shape lets `toSpec` and
 * `preserveOnUpdate` read of one live object (zendesk/shapes.ts `object({ ... })`).
 */
export type KindDefinition<K extends KindName = KindName, A extends LiveAnswer = LiveAnswer> = KindSides<K, A> & ConfigSide<K>;

/** Everything of a definition but where config/ declares it (ConfigSide). */
interface KindSides<K extends KindName, A extends LiveAnswer> extends KindDiffRules<K> {
  /** The natural key field of its files (`title`; `name` for webhooks and categories). */
  keyField: 'title' | 'name';
  /** The field that renames a live object in place; null when the kind cannot be renamed that way. */
  renameField: 'previous_title' | 'previous_name' | null;
  /** What `import` writes; null: import leaves the kind alone (written by another kind's files, or not importable). */
  importFile: { header: string | null } | null;
  /** What `prune: { <kind>: true }` in settings.yaml does, for the README and settings schema. */
  prune: string;
  /** Fields Zendesk owns and config/ never writes: dropped from live objects before they are compared (Salto's "server-owned"). */
  serverOwned: readonly string[];
  apply: ApplyPhase;
  /** API path under /api/v2, e.g. `slas/policies`. */
  path: string;
  /** Envelope keys (§0 of the Zendesk notes). */
  singular: string;
  plural: string;
  updateMethod: 'PUT' | 'PATCH';
  /** Spec fields that `PUT <path>/update_many` honours (§5.2, §6, §7.2); absent: no bulk update. */
  bulkFields?: readonly string[];
  /** `DELETE <path>/destroy_many?ids=` exists. */
  bulkDelete: boolean;
  /**
   * How apply sends a new order: `update_many` with positions (automations §6, views OAS
   * UpdateManyViews), the trigger category jobs endpoint (§5.3), or `PUT <path>/reorder`
   * with every id in order as `<singular>_ids` (SLA policies §8.2, ticket forms OAS
   * ReorderTicketForms); null for unordered kinds.
   */
  reorderVia: 'update_many' | 'category-jobs' | 'reorder-ids' | null;
  /** 'cursor': the list only pages by cursor (webhooks, §13.3), so it is read page after page. */
  pagination?: 'offset-or-cursor' | 'cursor';
  /**
   * A desired spec as live would show it: references resolved to their ids and
   * back (so `lee@example.com` equals Zendesk's `Lee@Example.com`), empty text
   * as null. Compared instead of the spec as written; never throws.
   */
  canonical?(spec: SpecByKind[K], ctx: ResolveContext): SpecByKind[K];
  /**
   * Fields of the live object an update must send back unchanged because
   * config/ cannot express them (macro attachment ids), from the raw object.
   */
  preserveOnUpdate?(raw: A): RawObject;
  /**
   * One live object as Zendesk answers it, checked where the list enters (kinds/fetch.ts)
   * before toSpec reads it: only the fields toSpec, preserveOnUpdate and toLiveObject read
   * (spread LIVE_FIELDS), with what real accounts leave null or out declared `maybe`.
   */
  answer: Shape<A>;
  /**
   * Checks of one object beyond its schema, pure, reported at file:line (config/validate.ts
   * runs them for every kind): `offline` what the file alone can tell, `online` the names
   * it uses that must exist on the account. Absent: the schema and the shared checks suffice.
   */
  checks?: {
    offline?(object: DesiredObject<K>): Diagnostic[];
    online?(object: DesiredObject<K>, lookups: Lookups): Diagnostic[];
  };
  /**
   * Which live objects of the list are the kind's to manage (ticket fields: custom
   * ones only; Zendesk's system fields are read-only lookups). The others are never
   * compared, planned, imported or listed as unmanaged. Absent: every object listed.
   */
  manages?(raw: A): boolean;
  /**
   * The lookup rules name this kind's objects through (webhooks by name, ticket fields
   * as `ticket_field:<title>` with options by name), for objects created or changed in
   * the same plan as the rules that name them. `planned`: the lookup as it will be once
   * apply has written config/'s objects, which validate checks rules against. Apply reads
   * the lookup again after writing the kind, before the rules, so their ids resolve.
   */
  feeds?: { lookup: FedLookup; planned(lookups: Lookups, declared: readonly DesiredObject<K>[]): Lookups };
  /**
   * An update Zendesk does not take as one request to the object (dynamic content's
   * variants are sub-resources with endpoints of their own): the requests, in order,
   * that bring the live object (raw, as listed) to the spec. Absent: one
   * `updateMethod` request with the payload (and update_many where `bulkFields` allow).
   */
  updateRequests?(update: { id: number | string; raw: RawObject; spec: SpecByKind[K] }, ctx: ResolveContext): WriteRequest[];
  toSpec(raw: A, ctx: ResolveContext): SpecByKind[K];
  toPayload(spec: SpecByKind[K], ctx: ResolveContext): RawObject;
  /** The natural key of a spec: title, or name for categories. */
  keyOf(spec: SpecByKind[K]): string;
}

/** The lookups a managed kind feeds (KindDefinition.feeds); kinds/fetch.ts reads each again on its own. */
export type FedLookup = 'webhooks' | 'ticketFields' | 'ticketForms' | 'dynamicContent';

/** One request of an update a kind spells out itself (`updateRequests`); path under /api/v2. */
export interface WriteRequest {
  method: 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: RawObject;
}

/** The one ordered list of a kind whose order file lists titles under its name (`orderScopes` of automations, SLA policies, views). */
export function titleListScopes(kind: KindName): (order: DesiredOrder) => OrderScope[] {
  return (order) => [{ scope: null, keys: (order.lists[kind] ?? []).map((e) => e.key), file: order.files[kind] }];
}

export function toLiveObject<K extends KindName>(definition: KindDefinition<K>, raw: LiveAnswer, ctx: ResolveContext): LiveObject<K> {
  const spec = definition.toSpec(raw, ctx);
  const scope = definition.order === 'by-category' ? ctx.categories.nameOf(raw.category_id) : null;
  return {
    kind: definition.kind,
    id: raw.id,
    key: definition.keyOf(spec),
    updatedAt: raw.updated_at ?? '',
    position: raw.position ?? Number.MAX_SAFE_INTEGER,
    scope,
    spec,
  };
}
