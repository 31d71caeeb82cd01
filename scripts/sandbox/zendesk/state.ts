/**
 * The sandbox's whole world as one plain, serialisable object. It is what `--state FILE`
 * persists, what `seed` starts from and what `ZendeskSandbox.state()` hands out.
 *
 * Records are stored without `url`: Zendesk builds it from the host the client called
 * (reference §0), and the sandbox's port changes between runs, so it is added when a
 * record is rendered. Keys starting with `_` are sandbox bookkeeping and never rendered.
 */

export const COLLECTION_NAMES = [
  'triggers',
  'trigger_categories',
  'automations',
  'macros',
  'macro_attachments',
  'sla_policies',
  'views',
  'groups',
  'ticket_fields',
  'ticket_forms',
  'organization_fields',
  'user_fields',
  'brands',
  'schedules',
  'webhooks',
  'targets',
  'custom_statuses',
  'users',
  'organizations',
  'organization_memberships',
  'job_statuses',
  'dynamic_content_items',
  'dynamic_content_variants',
  'locales',
  'tickets',
  'satisfaction_ratings',
  'satisfaction_reasons',
] as const;

export type CollectionName = (typeof COLLECTION_NAMES)[number];

export type SandboxRecord = Record<string, unknown>;

export interface SandboxState {
  version: 1;
  /** Next number handed out for an id; every id kind (int, category string, webhook, …) draws from it. */
  nextId: number;
  collections: Partial<Record<CollectionName, SandboxRecord[]>>;
  /** Envelope oddities real accounts show; a seed turns them on, and they persist with the state. */
  quirks?: SandboxQuirks;
}

/**
 * List envelopes as recorded from real accounts (shared/reference/zendesk-real-shapes.md,
 * "List envelopes" and "Custom statuses"), where they differ from the documented ones.
 */
export interface SandboxQuirks {
  /** GET /webhooks answers its last page as just `{webhooks, meta: {has_more: false}}`: no `links`, no cursors. */
  bareWebhookList?: boolean;
  /** GET /custom_statuses reports this `count`, whatever number of statuses it returns. */
  customStatusesCount?: number;
}

/**
 * How Zendesk shapes ids per kind (reference §0): ints for most, digit strings for trigger
 * categories, ULID-like strings for webhooks, `V3-<32 hex>` for job statuses.
 */
export type IdKind = 'int' | 'digit-string' | 'ulid' | 'job';

export interface CollectionTraits {
  idKind: IdKind;
  /** Whether records carry a `position` that the store appends to when omitted. */
  positioned: boolean;
}

export const COLLECTION_TRAITS: Record<CollectionName, CollectionTraits> = {
  triggers: { idKind: 'int', positioned: true },
  trigger_categories: { idKind: 'digit-string', positioned: true },
  automations: { idKind: 'int', positioned: true },
  macros: { idKind: 'int', positioned: true },
  macro_attachments: { idKind: 'int', positioned: false },
  sla_policies: { idKind: 'int', positioned: true },
  views: { idKind: 'int', positioned: true },
  groups: { idKind: 'int', positioned: false },
  ticket_fields: { idKind: 'int', positioned: true },
  ticket_forms: { idKind: 'int', positioned: true },
  organization_fields: { idKind: 'int', positioned: true },
  user_fields: { idKind: 'int', positioned: true },
  brands: { idKind: 'int', positioned: false },
  schedules: { idKind: 'int', positioned: false },
  webhooks: { idKind: 'ulid', positioned: false },
  targets: { idKind: 'int', positioned: false },
  custom_statuses: { idKind: 'int', positioned: false },
  users: { idKind: 'int', positioned: false },
  organizations: { idKind: 'int', positioned: false },
  organization_memberships: { idKind: 'int', positioned: false },
  job_statuses: { idKind: 'job', positioned: false },
  dynamic_content_items: { idKind: 'int', positioned: false },
  dynamic_content_variants: { idKind: 'int', positioned: false },
  locales: { idKind: 'int', positioned: false },
  tickets: { idKind: 'int', positioned: false },
  satisfaction_ratings: { idKind: 'int', positioned: false },
  satisfaction_reasons: { idKind: 'int', positioned: false },
};

export function emptyState(): SandboxState {
  return { version: 1, nextId: 10_000_000_000_001, collections: {} };
}

export function isSandboxState(value: unknown): value is SandboxState {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<SandboxState>;
  return candidate.version === 1 && typeof candidate.nextId === 'number' && typeof candidate.collections === 'object';
}
