/**
 * Every resource kind the sandbox serves, described as data: where it lives, how its
 * envelope keys are spelled, how it is created and paginated (reference §0, §2.2).
 */
import { BY_ID, BY_POSITION, type PaginationMode, type SortSpec } from './pagination.ts';
import type { CollectionName, SandboxRecord } from './state.ts';

export interface ResourceDef {
  collection: CollectionName;
  /** Path below /api/v2. */
  path: string;
  singular: string;
  plural: string;
  /** Reference §0: 201 + Location, except POST /macros and /trigger_categories (200). */
  createStatus: 200 | 201;
  pagination: PaginationMode;
  defaultSort: SortSpec;
  /** API sort names (`sort`, `sort_by`) → record fields. */
  sortAliases: Record<string, string>;
  /** Whether records carry a `url` (webhooks do not, reference §13.3). */
  hasUrl: boolean;
}

const RULE_SORTS = { alphabetical: 'title', title: 'title', position: 'position', created_at: 'created_at', updated_at: 'updated_at' };
const NAME_SORTS = { name: 'name', alphabetical: 'name', position: 'position', created_at: 'created_at', updated_at: 'updated_at' };

/** Keeps the collection's literal type, so bulk routes can tell which kinds take item failures. */
function resource<C extends CollectionName>(
  collection: C,
  singular: string,
  overrides: Partial<Omit<ResourceDef, 'collection' | 'singular'>> = {},
): ResourceDef & { collection: C } {
  return {
    collection,
    path: collection,
    singular,
    plural: collection,
    createStatus: 201,
    pagination: 'cursor_or_offset',
    defaultSort: BY_ID,
    sortAliases: {},
    hasUrl: true,
    ...overrides,
  };
}

export const RESOURCES = {
  triggers: resource('triggers', 'trigger', { defaultSort: BY_POSITION, sortAliases: RULE_SORTS }),
  // zendesk-real-shapes.md "List envelopes": cursor-only; an offset request gets a cursor-style reply.
  triggerCategories: resource('trigger_categories', 'trigger_category', {
    pagination: 'cursor',
    createStatus: 200,
    defaultSort: BY_POSITION,
    sortAliases: NAME_SORTS,
  }),
  automations: resource('automations', 'automation', { defaultSort: BY_POSITION, sortAliases: RULE_SORTS }),
  macros: resource('macros', 'macro', { createStatus: 200, defaultSort: BY_POSITION, sortAliases: RULE_SORTS }),
  // OAS MacroAttachmentObject: no `url`; `content_url` is built per response (routes/macro-attachments.ts).
  macroAttachments: resource('macro_attachments', 'macro_attachment', { path: 'macros/attachments', pagination: 'all', hasUrl: false }),
  slaPolicies: resource('sla_policies', 'sla_policy', { path: 'slas/policies', pagination: 'all', defaultSort: BY_POSITION }),
  // OAS ListViews: cursor (sorted by created_at only) or offset pagination, position order by default; OAS CreateView answers 200.
  views: resource('views', 'view', { createStatus: 200, defaultSort: BY_POSITION, sortAliases: RULE_SORTS }),
  groups: resource('groups', 'group', { sortAliases: NAME_SORTS }),
  ticketFields: resource('ticket_fields', 'ticket_field', { pagination: 'all_or_cursor' }),
  ticketForms: resource('ticket_forms', 'ticket_form', { pagination: 'all', defaultSort: BY_POSITION }),
  organizationFields: resource('organization_fields', 'organization_field', { defaultSort: BY_POSITION }),
  userFields: resource('user_fields', 'user_field', { defaultSort: BY_POSITION }),
  brands: resource('brands', 'brand'),
  // zendesk-real-shapes.md "List envelopes": schedules come back with no pagination keys at all.
  schedules: resource('schedules', 'schedule', { path: 'business_hours/schedules', pagination: 'bare' }),
  customStatuses: resource('custom_statuses', 'custom_status', { pagination: 'all' }),
  // Reference §2.2/§13.4: legacy targets, offset keys only.
  targets: resource('targets', 'target', { pagination: 'offset' }),
  webhooks: resource('webhooks', 'webhook', { pagination: 'cursor', hasUrl: false, sortAliases: { name: 'name', status: 'status' } }),
  users: resource('users', 'user', { sortAliases: { name: 'name', created_at: 'created_at', updated_at: 'updated_at' } }),
  organizations: resource('organizations', 'organization', { sortAliases: { name: 'name', created_at: 'created_at', updated_at: 'updated_at' } }),
  organizationMemberships: resource('organization_memberships', 'organization_membership', {
    sortAliases: { created_at: 'created_at', updated_at: 'updated_at' },
  }),
  jobStatuses: resource('job_statuses', 'job_status', { pagination: 'cursor' }),
  // OAS ListDynamicContents: cursor (recommended) or offset pagination. Variants list by cursor only (OAS DynamicContentListVariants).
  dynamicContentItems: resource('dynamic_content_items', 'item', { path: 'dynamic_content/items', plural: 'items', sortAliases: NAME_SORTS }),
  dynamicContentVariants: resource('dynamic_content_variants', 'variant', { path: 'dynamic_content/items/variants', plural: 'variants', pagination: 'cursor' }),
  // OAS ListLocales documents no pagination: one page.
  locales: resource('locales', 'locale', { pagination: 'all' }),
  // Reference §2.2: GET /tickets pages by cursor or offset (routes/tickets.ts).
  tickets: resource('tickets', 'ticket', { sortAliases: { created_at: 'created_at', updated_at: 'updated_at' } }),
  // OAS ListSatisfactionRatings: cursor (recommended) or offset pagination; routes/satisfaction.ts adds the filters.
  satisfactionRatings: resource('satisfaction_ratings', 'satisfaction_rating'),
  // OAS ListSatisfactionRatingReasons documents no pagination: one page, `{reasons}` / `{reason}`.
  satisfactionReasons: resource('satisfaction_reasons', 'reason', { plural: 'reasons', pagination: 'all' }),
} as const satisfies Record<string, ResourceDef>;

/** Classic resources' urls end in `.json` (reference §0); the Webhooks API does without. */
export function recordUrl(def: ResourceDef, id: unknown, origin: string): string {
  return `${origin}/api/v2/${def.path}/${String(id)}${def.hasUrl ? '.json' : ''}`;
}

/** The record as the API shows it: `url` from the caller's origin, bookkeeping keys dropped. */
export function renderRecord(def: ResourceDef, record: SandboxRecord, origin: string): Record<string, unknown> {
  const visible: Record<string, unknown> = def.hasUrl ? { url: recordUrl(def, record.id, origin), id: record.id } : { id: record.id };
  // No deep copy: the result is serialised straight away, and routes that hide
  // nested fields (webhook secrets) replace them rather than edit them in place.
  for (const [key, value] of Object.entries(record)) {
    if (!key.startsWith('_')) visible[key] = value;
  }
  return visible;
}

/**
 * Reference §9.1: a new organization with Zendesk's defaults for the fields it leaves out.
 * The seed and POST /organizations both build theirs here, so they cannot drift apart.
 * `organizationFields` carries every defined field key (null when unset).
 */
export function organizationRecord(name: unknown, fields: SandboxRecord, organizationFields: Record<string, unknown>): SandboxRecord {
  return {
    name,
    shared_tickets: false,
    shared_comments: false,
    external_id: null,
    domain_names: [],
    details: null,
    notes: null,
    group_id: null,
    tags: [],
    ...fields,
    organization_fields: organizationFields,
  };
}
