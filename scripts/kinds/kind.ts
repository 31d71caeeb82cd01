/**
 * Every managed kind is one small definition (Salto's adapter style): where it
 * lives in the API, how a live object becomes a spec in config/ terms, how a
 * spec becomes a request body, and which fields Zendesk's bulk endpoint takes.
 * The generic I/O in kindApi.ts and the pure diff in core/diff.ts do the rest.
 */
import type { KindName, SpecByKind } from '../core/model.ts';
import type { ReferenceResolver } from './references.ts';

export type RawObject = Record<string, unknown>;

/** Trigger categories are referenced by name in config/ and by id in triggers. */
export interface CategoryIndex {
  nameOf(id: unknown): string | null;
  idOf(name: string): string;
}

/** Reads a secret by the environment variable config/ names; undefined when it is not set. */
export type SecretSource = (variable: string) => string | undefined;

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

export type OrderMode =
  /** Not ordered (macros). */
  | 'none'
  /** One list (automations, SLA policies, trigger categories). */
  | 'global'
  /** Ordered within each trigger category. */
  | 'by-category';

export interface LiveObject<K extends KindName = KindName> {
  kind: K;
  id: number | string;
  key: string;
  updatedAt: string;
  position: number;
  /** Trigger category name for triggers; null otherwise. */
  scope: string | null;
  spec: SpecByKind[K];
}

export interface KindDefinition<K extends KindName = KindName> {
  kind: K;
  /** API path under /api/v2, e.g. `slas/policies`. */
  path: string;
  /** Envelope keys (§0 of the Zendesk notes). */
  singular: string;
  plural: string;
  updateMethod: 'PUT' | 'PATCH';
  order: OrderMode;
  /** Spec fields that `PUT <path>/update_many` honours (§5.2, §6, §7.2); absent: no bulk update. */
  bulkFields?: readonly string[];
  /** `DELETE <path>/destroy_many?ids=` exists. */
  bulkDelete: boolean;
  /** 'cursor': the list only pages by cursor (webhooks, §13.3), so it is read page after page. */
  pagination?: 'offset-or-cursor' | 'cursor';
  /** Field paths whose values are secret-derived: the plan marks them sensitive and renderers hide them. */
  sensitivePaths?: readonly string[];
  /**
   * What the diff compares, when that is not the whole spec: lets a kind leave
   * out what Zendesk never shows (webhook secrets) or what cannot be known here.
   */
  comparable?(desired: SpecByKind[K], live: SpecByKind[K]): { desired: SpecByKind[K]; live: SpecByKind[K] };
  /**
   * A desired spec as live would show it: references resolved to their ids and
   * back (so `lee@example.com` equals Zendesk's `Lee@Example.com`), empty text
   * as null. Compared instead of the spec as written; never throws.
   */
  canonical?(spec: SpecByKind[K], ctx: ResolveContext): SpecByKind[K];
  /**
   * What a reviewer must know that no field change says (read-only parts such
   * as macro attachments); `live` is null for a create. Warnings are also
   * reported at file:line.
   */
  review?(desired: SpecByKind[K], live: SpecByKind[K] | null): { notices: string[]; warnings: { path: (string | number)[]; message: string; hint?: string }[] };
  /**
   * Fields of the live object an update must send back unchanged because
   * config/ cannot express them (macro attachment ids), from the raw object.
   */
  preserveOnUpdate?(raw: RawObject): RawObject;
  toSpec(raw: RawObject, ctx: ResolveContext): SpecByKind[K];
  toPayload(spec: SpecByKind[K], ctx: ResolveContext): RawObject;
  /** The natural key of a spec: title, or name for categories. */
  keyOf(spec: SpecByKind[K]): string;
}

export function toLiveObject<K extends KindName>(definition: KindDefinition<K>, raw: RawObject, ctx: ResolveContext): LiveObject<K> {
  const spec = definition.toSpec(raw, ctx);
  const scope = definition.order === 'by-category' ? ctx.categories.nameOf(raw.category_id) : null;
  return {
    kind: definition.kind,
    id: raw.id as number | string,
    key: definition.keyOf(spec),
    updatedAt: String(raw.updated_at ?? ''),
    position: typeof raw.position === 'number' ? raw.position : Number.MAX_SAFE_INTEGER,
    scope,
    spec,
  };
}
