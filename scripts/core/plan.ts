/**
 * The plan is data (Terraform's `internal/plans`): a documented, versioned,
 * plain-JSON structure. `assemblePlan()` builds it, once; renderers only read it; `apply()`
 * takes it. It names objects by title and never shows ids; the ids it keeps
 * are part of what a reviewer approves (planDigest.ts), the `updated_at` stamps
 * only say when an object last changed.
 */
import type { KindName, OrganizationState, SpecByKind, UserAccess } from './model.ts';

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
