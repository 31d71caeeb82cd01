/**
 * The model every layer shares, on the ground floor: the desired state as read from
 * config/ (names, never Zendesk ids), business rules and organizations alike. Every
 * object keeps the file it came from and a way to point at any of its fields, so later
 * stages (reference checks, apply failures) can say file:line. Then the account's
 * read-only names (lookups), the diagnostics every stage reports, and the Plan. Types
 * and pure helpers only, in one module that imports nothing: every other module of the
 * project builds on it (issue 10: "the model on the ground floor").
 */

export type PathSegment = string | number;

export interface SourcePosition {
  file: string;
  line: number;
  col: number;
}

/** Answers "where in the YAML is this field?"; falls back to the nearest ancestor that exists. */
export type Locator = (path: readonly PathSegment[]) => SourcePosition;

export interface Condition {
  field: string;
  operator: string;
  value?: unknown;
}

export interface Conditions {
  all: Condition[];
  any: Condition[];
}

export interface Action {
  field: string;
  value: unknown;
}

export interface TriggerSpec {
  title: string;
  active: boolean;
  description: string | null;
  /** Name of the trigger category; taken from triggers/_order.yaml, not from the trigger file. */
  category: string | null;
  conditions: Conditions;
  actions: Action[];
}

export interface AutomationSpec {
  title: string;
  active: boolean;
  conditions: Conditions;
  actions: Action[];
}

export type MacroRestriction = { groups: string[] } | { user: string } | null;

export interface MacroSpec {
  title: string;
  active: boolean;
  description: string | null;
  restriction: MacroRestriction;
  actions: Action[];
  /**
   * Read-only: file names of the macro's attachments. Live: what Zendesk holds.
   * Desired: what import found; config/ cannot upload files, so this is never
   * compared, only shown (kinds/macros.ts).
   */
  attachments: string[];
}

export interface PolicyMetric {
  priority: 'low' | 'normal' | 'high' | 'urgent';
  metric: string;
  /** Minutes, as Zendesk's `target`. */
  target: number;
  business_hours: boolean;
}

export interface SlaPolicySpec {
  title: string;
  description: string | null;
  filter: Conditions;
  policy_metrics: PolicyMetric[];
}

export type WebhookAuthType = 'basic_auth' | 'bearer_token' | 'api_key';

/**
 * Webhook authentication as config/ declares it and the plan shows it: the
 * type, and where the secret comes from. Zendesk never echoes the secret
 * (reference §13.3); whether it changed is told by a keyed fingerprint that
 * kinds/webhookCredentials.ts keeps out of sight, so no plan ever holds one.
 */
export interface WebhookAuthentication {
  type: WebhookAuthType;
  /** Desired side only: the ZENDESK_WEBHOOK_SECRET_* variable apply reads the secret from, and what goes with it. */
  secret_env?: string;
  username?: string;
  header_name?: string;
}

export interface WebhookSpec {
  name: string;
  description: string | null;
  endpoint: string;
  http_method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  request_format: 'json' | 'xml' | 'form_encoded';
  status: 'active' | 'inactive';
  subscriptions: string[];
  authentication: WebhookAuthentication | null;
}

export interface TriggerCategorySpec {
  name: string;
}

/**
 * How a view lists its tickets: columns and grouping by field name (`status`,
 * `requester`, `ticket_field:<title>` for custom fields), as rules name fields.
 */
export interface ViewExecution {
  columns: string[];
  group_by: string | null;
  group_order: 'asc' | 'desc';
  sort_by: string | null;
  sort_order: 'asc' | 'desc';
}

export interface ViewSpec {
  title: string;
  active: boolean;
  description: string | null;
  /** Who sees the view: groups by name or one agent by email; null: every agent. */
  restriction: MacroRestriction;
  conditions: Conditions;
  execution: ViewExecution;
}

/**
 * One locale's text of a dynamic content item: just the text when the variant is
 * active (what most are), `{ content, active: false }` when it is switched off.
 */
export type DynamicContentVariant = string | { content: string; active: false };

/**
 * A dynamic content item (OAS Dynamic Content): text rules and macros use as
 * `{{dc.<placeholder>}}`, one variant per locale, by locale code (`en-US`, `de`),
 * never Zendesk's locale ids. The default locale's variant is what Zendesk falls
 * back to, so it must exist (and is always active).
 */
export interface DynamicContentSpec {
  name: string;
  default_locale: string;
  variants: Record<string, DynamicContentVariant>;
}

/** One option of a drop-down or multi-select field: its tag is its key (what tickets and rules store), the name only its label. */
export interface TicketFieldOption {
  name: string;
  tag: string;
}

/**
 * A custom ticket field (OAS TicketFieldObject; system fields are read-only lookups).
 * What only some types take is present only for them: `options` (tagger, multiselect,
 * in display order), `regexp_for_validation` (regexp), `tag` (checkbox, when set).
 */
export interface TicketFieldSpec {
  title: string;
  /** Set once, when the field is created (OAS: "Editable for custom field types and only on creation"). */
  type: string;
  description: string | null;
  active: boolean;
  required: boolean;
  visible_in_portal: boolean;
  editable_in_portal: boolean;
  required_in_portal: boolean;
  regexp_for_validation?: string;
  tag?: string;
  options?: TicketFieldOption[];
}

/** A field a ticket form shows when its parent field has a value (OAS TicketFormObject `child_fields`). */
/**
 * When a conditional field must be filled in: always (true), never (false), or only on
 * these ticket statuses and custom statuses (by agent label). Status lists exist only
 * for agent conditions (ticket forms API: `required_on_statuses` SOME_STATUSES).
 */
export type ChildRequirement = boolean | { statuses: string[]; custom_statuses: string[] };

export interface TicketFormChildField {
  field: string;
  required: ChildRequirement;
}

/** Show `child_fields` when `parent_field` (by title) has `value`: an option by name, or true/false for a checkbox. */
export interface TicketFormCondition {
  parent_field: string;
  value: string | boolean;
  child_fields: TicketFormChildField[];
}

/**
 * A ticket form (OAS TicketFormObject): its fields by title in the order agents see them
 * (system fields too: Subject, Description), its brands by name or `all`, and its
 * conditional fields for agents and end users.
 */
export interface TicketFormSpec {
  name: string;
  display_name: string | null;
  active: boolean;
  default: boolean;
  end_user_visible: boolean;
  ticket_fields: string[];
  restricted_brands: string[] | 'all';
  agent_conditions: TicketFormCondition[];
  end_user_conditions: TicketFormCondition[];
}

/**
 * The kinds config/ manages, each with the spec it compares. Adding a kind here makes every
 * table keyed by kind (kinds/registry.ts first) a compile error until it has the kind.
 * Lookup kinds (groups, fields, …) are read-only and not listed here.
 */
export interface SpecByKind {
  webhooks: WebhookSpec;
  trigger_categories: TriggerCategorySpec;
  triggers: TriggerSpec;
  automations: AutomationSpec;
  macros: MacroSpec;
  sla_policies: SlaPolicySpec;
  views: ViewSpec;
  dynamic_content: DynamicContentSpec;
  ticket_fields: TicketFieldSpec;
  ticket_forms: TicketFormSpec;
}

export type KindName = keyof SpecByKind;

export type OrderMode =
  /** Not ordered (macros). */
  | 'none'
  /** One list (automations, SLA policies, trigger categories). */
  | 'global'
  /** Ordered within each trigger category. */
  | 'by-category';

/** A live object in config/ terms (kinds/ reads them; diff compares them). */
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

export interface DesiredObject<K extends KindName = KindName> {
  kind: K;
  /** Natural key: the title (the name, for trigger categories and webhooks). */
  key: string;
  /** `previous_title`: the live object to rename in place. */
  previousKey?: string;
  /** File the object came from (the order file, for trigger categories). */
  file: string;
  locate: Locator;
  spec: SpecByKind[K];
}

export interface OrderEntry {
  key: string;
  at: SourcePosition;
}

export interface DesiredOrder {
  /** Trigger categories in firing order, each with its triggers in order. */
  triggers: { category: string; at: SourcePosition; triggers: OrderEntry[] }[];
  /** Kinds ordered as one list (automations, SLA policies, views): `<folder>/_order.yaml` lists their titles under the kind's name. */
  lists: Partial<Record<KindName, OrderEntry[]>>;
  /** The order files that were read, so errors about a missing entry can point at them. */
  files: Partial<Record<KindName, string>>;
}

export interface Settings {
  /** Per kind: delete live objects that config/ does not declare. Default false (leave them alone). */
  prune: Record<KindName, boolean>;
  /** settings.yaml `webhooks.allowed_endpoint_hosts`: when set, the only hosts a webhook may call (`*.example.com`: its subdomains). */
  webhookHosts?: string[];
  file?: string;
}

/**
 * A file left out of `objects`/`order` because it had errors (already reported).
 * Later checks treat its title as declared so one typo does not cascade into
 * "listed in _order.yaml but no file" errors.
 */
export interface SkippedFile {
  kind: KindName;
  file: string;
  /** The title, when the file got far enough to have one. */
  key?: string;
  /** True for an order file that could not be read at all. */
  orderFile?: boolean;
}

export interface DesiredConfig {
  root: string;
  /** config/organizations/: absent or empty when config/ manages none. */
  organizations?: DesiredOrganization[];
  settings: Settings;
  objects: { [K in KindName]: DesiredObject<K>[] };
  order: DesiredOrder;
  /** Files that had errors and were left out (additive; absent means none). */
  skipped?: SkippedFile[];
}

export interface LoadResult {
  config: DesiredConfig;
  diagnostics: Diagnostic[];
}

/* Organizations */

/**
 * Organizations as config/ declares them, and as the plan compares them.
 * Organizations differ from business rules: there may be 50,000 of them and
 * config/ manages a few thousand, so they are found by a stable key rather
 * than listed, only the fields a file writes are managed, and they are never
 * deleted.
 */

export type Sharing = 'none' | 'read_only' | 'read_write';
export type UserAccess = 'organization_tickets' | 'own_tickets';

/** How an organization is found, in order of preference (issue 3). */
export type OrganizationKey =
  | { by: 'salesforce_id'; value: string }
  | { by: 'external_id'; value: string }
  | { by: 'zendesk_id'; value: number };

export interface NoteEntry {
  text: string;
  /** YYYY-MM-DD: from this day on (UTC) the entry is left out of Zendesk. */
  expires?: string;
}

export interface UserOverride {
  email: string;
  access: UserAccess;
}

/** What a file writes; absent fields are not managed. */
export interface OrganizationFile {
  name: string;
  salesforce_id?: string;
  external_id?: string;
  zendesk_id?: number;
  never_share?: boolean;
  sharing?: Sharing;
  sharing_approval?: string;
  notes?: (string | NoteEntry)[];
  details?: (string | NoteEntry)[];
  tags?: string[];
  domain_names?: string[];
  group?: string | null;
  fields?: Record<string, string | number | boolean | null>;
  users?: UserOverride[];
}

export interface DesiredOrganization {
  key: OrganizationKey;
  file: string;
  locate: Locator;
  spec: OrganizationFile;
}

/**
 * An organization in config/ terms, as compared: names not ids, sharing as one
 * word, notes and details as the text Zendesk holds. Every field optional,
 * because the desired side has only the fields its file manages.
 */
export interface OrganizationState {
  name?: string;
  external_id?: string | null;
  notes?: string | null;
  details?: string | null;
  sharing?: Sharing;
  tags?: string[];
  domain_names?: string[];
  group?: string | null;
  fields?: Record<string, unknown>;
}

export function keyLabel(key: OrganizationKey): string {
  return `${key.by} ${key.value}`;
}

// ── Diagnostics: expected problems, one per line as `file:line:col: severity: message` (core/diagnostics.ts formats them).

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  /** Path relative to the working directory, as the user typed it. */
  file: string;
  line: number;
  col: number;
  /** Dotted path of the offending field inside the file, e.g. `conditions.all[1].operator`. */
  field?: string;
  message: string;
  hint?: string;
  /**
   * A rule of Zendesk's as config/ understands it, about one object. When that
   * object is identical to its live one, Zendesk evidently holds it as it is, so
   * the rule is shown as a warning rather than blocking the plan.
   */
  waivedWhenUnchanged?: boolean;
}

// ── Lookups

/**
 * Read-only Zendesk objects that config/ refers to by name. Fetched once per
 * plan; used to check names (validate) and to turn names into ids and back
 * (references.ts). Kept as plain data so validation stays a pure function.
 */
export interface NamedRecord {
  id: number | string;
  name: string;
  /**
   * false for retired objects that still carry their name: inactive brands,
   * forms, webhooks, custom statuses, targets, deleted groups. Absent: active.
   */
  active?: boolean;
}

export interface UserRecord {
  id: number;
  email: string;
  name: string;
  active?: boolean;
}

export interface FieldOptionRecord {
  id: number;
  name: string;
  /** The tag Zendesk stores for the option; what rules compare against. */
  value: string;
}

export interface TicketFieldRecord {
  id: number;
  title: string;
  type: string;
  options: FieldOptionRecord[];
  /** Retired fields keep their title and can share it with their successor. Absent: active. */
  active?: boolean;
}

export interface KeyedFieldRecord {
  id: number;
  key: string;
  title: string;
  /** Drop-down fields: options by name, and the tag Zendesk stores (§9.3). Absent or empty otherwise. */
  options?: FieldOptionRecord[];
}

/** A dynamic content item: what rules write as its `placeholder` (`{{dc.refund_policy}}`), derived from its name once, at creation. */
export interface DynamicContentRecord {
  id: number;
  name: string;
  placeholder: string;
}

export interface Lookups {
  groups: NamedRecord[];
  brands: NamedRecord[];
  ticketForms: NamedRecord[];
  schedules: NamedRecord[];
  webhooks: NamedRecord[];
  /** `name` is the agent label. */
  customStatuses: NamedRecord[];
  /** Legacy targets (§13.4), read-only: rules may still notify them. Empty where the account has none. */
  targets: NamedRecord[];
  /** Agents and admins: the only users rules may name. */
  users: UserRecord[];
  ticketFields: TicketFieldRecord[];
  organizationFields: KeyedFieldRecord[];
  userFields: KeyedFieldRecord[];
  /** The account's locales (GET /locales), `name` being the code (`en-US`, `de`): how dynamic content names its variants. */
  locales: NamedRecord[];
  /** Dynamic content items, so the `{{dc.…}}` placeholders in rules can be checked. Empty where the plan has no dynamic content. */
  dynamicContent: DynamicContentRecord[];
}

export type NamedLookupKind = 'groups' | 'brands' | 'ticketForms' | 'schedules' | 'webhooks' | 'customStatuses' | 'targets' | 'users' | 'locales';

export function emptyLookups(): Lookups {
  return {
    groups: [], brands: [], ticketForms: [], schedules: [], webhooks: [], customStatuses: [], targets: [],
    users: [], ticketFields: [], organizationFields: [], userFields: [], locales: [], dynamicContent: [],
  };
}

// ── The plan

/**
 * The plan is data (Terraform's `internal/plans`): a documented, versioned,
 * plain-JSON structure. `assemblePlan()` builds it, once; renderers only read it; `apply()`
 * takes it. It names objects by title and never shows ids; the ids it keeps
 * are part of what a reviewer approves (planDigest.ts), the `updated_at` stamps
 * only say when an object last changed.
 */

/** 2: plans carry `provenance` and `digest`, and apply holds them to a fresh plan. */
export const PLAN_FORMAT_VERSION = 2;

/**
 * A per-user access override as the plan holds it (organizations/): who, the
 * access config/ asks for, and the `ticket_restriction` Zendesk stores for it.
 */
export interface UserAccessState {
  email: string;
  access: UserAccess;
  ticket_restriction: string;
}

/**
 * What a plan holds of an object, by the kind it changes: the business rules and
 * webhooks (kinds/) their spec, plus organizations and the per-user access
 * overrides their files declare (organizations/), which are never listed in full,
 * never deleted nor reordered.
 */
export interface PlanSpecByKind extends SpecByKind {
  organizations: OrganizationState;
  users: UserAccessState;
}

/** Kinds a plan can change. */
export type PlanKind = keyof PlanSpecByKind;
type OrganizationPlanKind = Exclude<PlanKind, KindName>;

export interface FieldChange {
  /** Dotted path inside the object, e.g. `conditions.all[0].value`. */
  path: string;
  /** Absent when the field is new. */
  before?: unknown;
  /** Absent when the field is removed. */
  after?: unknown;
  /** Secret values (webhook credentials): renderers print "(sensitive)" instead. */
  sensitive?: boolean;
}

/** What apply compares against live Zendesk before touching an object. */
export interface LiveStamp {
  id: number | string;
  updatedAt: string;
}

/**
 * `Spec` is `PlanSpecByKind[K]`; managed kinds pass `SpecByKind[K]`, the same type
 * for a known kind, so that code generic over `K` (diff, apply) sees `after` as
 * `SpecByKind[K]`, which the kind definitions take.
 */
export interface CreateChange<K extends PlanKind = PlanKind, Spec = PlanSpecByKind[K]> {
  action: 'create';
  kind: K;
  key: string;
  file: string;
  after: Spec;
  notices?: string[];
  /** `space:reference` → the id it led to when the plan was made; apply refuses the plan if one now leads elsewhere. */
  references?: Record<string, string>;
}

export interface UpdateChange<K extends PlanKind = PlanKind, Spec = PlanSpecByKind[K]> {
  action: 'update';
  kind: K;
  key: string;
  /** Set when `previous_title` renames the live object. */
  previousKey?: string;
  file: string;
  live: LiveStamp;
  fields: FieldChange[];
  after: Spec;
  /** Things the reviewer should know that no field says, e.g. "note expired on 2026-11-20". */
  notices?: string[];
  references?: Record<string, string>;
}

/** Only managed kinds are deleted (where pruning is on). */
export interface DeleteChange<K extends KindName = KindName> {
  action: 'delete';
  kind: K;
  key: string;
  live: LiveStamp;
  before: SpecByKind[K];
}

/** Only managed kinds are ordered. */
export interface ReorderChange<K extends KindName = KindName> {
  action: 'reorder';
  kind: K;
  /** Trigger category name for triggers; null for kinds ordered as one list. */
  scope: string | null;
  file?: string;
  /** Managed objects in live order now (titles after any rename in this plan). */
  before: string[];
  /** The order config/ asks for, new objects included. */
  after: string[];
}

/** The changes a managed kind can have; for a generic `K` this is what diff builds. */
export type RuleChange<K extends KindName = KindName> = {
  [P in K]: CreateChange<P, SpecByKind[P]> | UpdateChange<P, SpecByKind[P]> | DeleteChange<P> | ReorderChange<P>;
}[K];

type OrganizationChange<K extends OrganizationPlanKind = OrganizationPlanKind> = { [P in K]: CreateChange<P> | UpdateChange<P> }[K];

/**
 * One change of a plan. `Change` is the union over every kind and action, so
 * narrowing on `kind` (and `action`) gives the kind's own spec in `after`/`before`;
 * `Change<'triggers'>` is a trigger's changes.
 */
export type Change<K extends PlanKind = PlanKind> = RuleChange<K & KindName> | OrganizationChange<K & OrganizationPlanKind>;

/** A change with a given action, e.g. `ChangeWith<'update'>`; of one kind with `K`. */
export type ChangeWith<A extends ChangeAction, K extends PlanKind = PlanKind> = Extract<Change<K>, { action: A }>;

export type ChangeAction = Change['action'];

export interface UnmanagedObject {
  kind: KindName;
  key: string;
}

export interface PlanSummary {
  create: number;
  update: number;
  delete: number;
  reorder: number;
  unmanaged: number;
}

/** What a plan was made from, so a saved plan can be held to it (planDigest.ts). */
export interface PlanProvenance {
  /** `sha256:<hex>` over config/'s files (configDigest). */
  configDigest: string;
  /** The commit config/ came from, when known (CI_COMMIT_SHA or `git rev-parse HEAD`). */
  commit: string | null;
  /** package.json `version` of the tool that made the plan. */
  toolVersion: string;
  /** The Zendesk base URL, as `target`. */
  target: string;
}

export interface Plan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  createdAt: string;
  /** Base URL of the Zendesk account, without credentials. */
  target: string;
  configRoot: string;
  /**
   * Set on every plan made from a known config/ (assemblePlan with a source,
   * or bindPlan); absent on the plans apply makes to check its work. A plan
   * without them cannot be saved, reviewed or applied from a file.
   */
  provenance?: PlanProvenance;
  /** `sha256:<hex>` of what the plan would do (planDigest): what a reviewer approves. */
  digest?: string;
  changes: Change[];
  /** Live objects config/ does not declare and does not prune: reported, never changed. */
  unmanaged: UnmanagedObject[];
  summary: PlanSummary;
}

/** A plan bound to what made it: what `plan --out` saves, the plan note shows and apply checks. */
export type BoundPlan = Plan & Required<Pick<Plan, 'provenance' | 'digest'>>;

export function summarize(changes: readonly Change[], unmanaged: readonly UnmanagedObject[]): PlanSummary {
  const summary: PlanSummary = { create: 0, update: 0, delete: 0, reorder: 0, unmanaged: unmanaged.length };
  for (const change of changes) summary[change.action]++;
  return summary;
}

export function hasChanges(plan: Plan): boolean {
  return plan.changes.length > 0;
}
