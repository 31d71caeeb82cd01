/**
 * The plan is data (Terraform's `internal/plans`): a documented, versioned,
 * plain-JSON structure. `assemblePlan()` builds it, once; renderers only read it; `apply()`
 * takes it. It names objects by title and never shows ids; the ids it keeps
 * are part of what a reviewer approves (planDigest.ts), the `updated_at` stamps
 * only say when an object last changed.
 */
import type { KindName } from './model.ts';

/** 2: plans carry `provenance` and `digest`, and apply holds them to a fresh plan. */
export const PLAN_FORMAT_VERSION = 2;

/**
 * Kinds a plan can change: the business rules and webhooks (kinds/), plus
 * organizations and the per-user access overrides their files declare
 * (organizations/), which are never listed in full, never deleted nor reordered.
 */
export type PlanKind = KindName | OrganizationPlanKind;
type OrganizationPlanKind = 'organizations' | 'users';

/** Business rules and webhooks: the kinds with a definition in kinds/registry.ts (every plan kind but organizations' two). */
export function isManagedKind(kind: PlanKind): kind is KindName {
  return kind !== ('organizations' satisfies OrganizationPlanKind) && kind !== ('users' satisfies OrganizationPlanKind);
}

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

export type Change =
  | {
      action: 'create';
      kind: PlanKind;
      key: string;
      file: string;
      after: Record<string, unknown>;
      notices?: string[];
      /** `space:reference` → the id it led to when the plan was made; apply refuses the plan if one now leads elsewhere. */
      references?: Record<string, string>;
    }
  | {
      action: 'update';
      kind: PlanKind;
      key: string;
      /** Set when `previous_title` renames the live object. */
      previousKey?: string;
      file: string;
      live: LiveStamp;
      fields: FieldChange[];
      after: Record<string, unknown>;
      /** Things the reviewer should know that no field says, e.g. "note expired on 2026-11-20". */
      notices?: string[];
      references?: Record<string, string>;
    }
  | { action: 'delete'; kind: KindName; key: string; live: LiveStamp; before: Record<string, unknown> }
  | {
      action: 'reorder';
      kind: KindName;
      /** Trigger category name for triggers; null for kinds ordered as one list. */
      scope: string | null;
      file?: string;
      /** Managed objects in live order now (titles after any rename in this plan). */
      before: string[];
      /** The order config/ asks for, new objects included. */
      after: string[];
    };

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
