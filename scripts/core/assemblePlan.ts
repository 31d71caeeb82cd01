/**
 * The one step that makes a Plan (issue 10): the rule changes diff() found,
 * the organization changes organizations/ found, and what they refer to, put
 * together once — summary included, and provenance and digest when the plan
 * is made from a known config/. Nothing changes a Plan after this: renderers
 * read it, apply takes it, planDigest holds it to its review.
 */
import { PLAN_FORMAT_VERSION, summarize, type BoundPlan, type Change, type Plan, type UnmanagedObject } from './model.ts';
import { bindPlan, type PlanSource } from './planDigest.ts';

export interface PlanParts {
  /** Base URL of the Zendesk account, without credentials. */
  target: string;
  /** The config directory as the user named it. */
  configRoot: string;
  now: Date;
  /** From core/diff.ts, in the order they are applied. */
  ruleChanges: readonly Change[];
  /** From organizations/: planned after the rules, never deleted nor reordered. */
  organizationChanges?: readonly Change[];
  unmanaged: readonly UnmanagedObject[];
  /**
   * Config file → `space:reference` → the id it led to (kinds/canonical.ts),
   * recorded on that file's create or update so apply can refuse a plan whose
   * names now lead elsewhere.
   */
  references?: ReadonlyMap<string, Record<string, string>>;
  /** What config/ the plan was made from: given, the plan is bound (provenance and digest). */
  source?: PlanSource;
}

export function assemblePlan(parts: PlanParts & { source: PlanSource }): BoundPlan;
export function assemblePlan(parts: PlanParts): Plan;
export function assemblePlan({ target, configRoot, now, ruleChanges, organizationChanges = [], unmanaged, references, source }: PlanParts): Plan {
  // Loops, not push(...list): an account can hold more objects than a call has arguments.
  const changes: Change[] = [];
  for (const change of ruleChanges) changes.push(withReferences(change, references));
  for (const change of organizationChanges) changes.push(change);
  const plan: Plan = {
    formatVersion: PLAN_FORMAT_VERSION,
    createdAt: now.toISOString(),
    target,
    configRoot,
    changes,
    unmanaged: [...unmanaged],
    summary: summarize(changes, unmanaged),
  };
  return source ? bindPlan(plan, source) : plan;
}

function withReferences(change: Change, references: PlanParts['references']): Change {
  if (change.action !== 'create' && change.action !== 'update') return change;
  const found = references?.get(change.file);
  return found ? { ...change, references: found } : change;
}
