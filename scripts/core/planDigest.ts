/**
 * Plans bound to what was reviewed (issue 9): a plan carries a digest of what
 * it would do, and of the config/ it was made from, so apply can refuse to act
 * on anything else. Pure: files and plans in, digests out.
 *
 * What the digest covers is what a reviewer approves: the target and every
 * change, with the ids it touches. Left out are the parts that differ between
 * two honest plans of the same thing: when an object last changed
 * (`live.updatedAt`), notices, the file path (it follows how `--config` was
 * spelled), and secret-derived values — a merge-request job has no webhook
 * secrets, so a webhook update that only rotates a credential is not in its
 * plan, and would otherwise never match the apply job's.
 */
import { createHash } from 'node:crypto';
import type { BoundPlan, Change, Plan, PlanKind } from './model.ts';

export interface ConfigFile {
  /** POSIX path relative to the config directory, e.g. `triggers/route-billing.yaml`. */
  path: string;
  content: string;
}

/** sha256 over the files sorted by path: `path \0 content \0`, line endings made LF so a Windows checkout agrees. */
export function configDigest(files: readonly ConfigFile[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => compareText(a.path, b.path))) {
    hash.update(file.path).update('\0').update(file.content.replace(/\r\n/g, '\n')).update('\0');
  }
  return `sha256:${hash.digest('hex')}`;
}

/** `sha256:<hex>` of what the plan would do; see the module comment for what is left out. */
export function planDigest(plan: Pick<Plan, 'target' | 'changes'>): string {
  const changes = plan.changes.map(digestable).filter((c) => c !== null);
  return `sha256:${sha256(canonicalJson({ target: plan.target, changes }))}`;
}

export interface PlanSource {
  configDigest: string;
  commit: string | null;
  toolVersion: string;
}

/** The plan with its provenance and digest, placed before the changes so a reader of plan.json sees them first. */
export function bindPlan(plan: Plan, source: PlanSource): BoundPlan {
  const { formatVersion, createdAt, target, configRoot, changes, unmanaged, summary } = plan;
  return {
    formatVersion,
    createdAt,
    target,
    configRoot,
    provenance: { configDigest: source.configDigest, commit: source.commit, toolVersion: source.toolVersion, target },
    digest: planDigest(plan),
    changes,
    unmanaged,
    summary,
  };
}

/** One change as the plan note records it, so the apply job can say what differs without the whole plan. */
export interface ChangeIdentity {
  action: Change['action'];
  kind: PlanKind;
  /** The object's title or name; for a reorder, the trigger category ("" for kinds ordered as one list). */
  key: string;
  /** The live object an update or delete touches. */
  id?: string;
  /** Hex digest of the change as planDigest sees it (128 bits). */
  digest: string;
}

export function changeIdentities(plan: Pick<Plan, 'changes'>): ChangeIdentity[] {
  return identifiedChanges(plan).map(({ identity }) => identity);
}

/** Each change the digest covers, with its identity (changes made only of secret-derived fields have none). */
export function identifiedChanges(plan: Pick<Plan, 'changes'>): Array<{ identity: ChangeIdentity; change: Change }> {
  const identified: Array<{ identity: ChangeIdentity; change: Change }> = [];
  for (const change of plan.changes) {
    const part = digestable(change);
    if (part === null) continue;
    const identity: ChangeIdentity = {
      action: change.action,
      kind: change.kind,
      key: change.action === 'reorder' ? (change.scope ?? '') : change.key,
      ...(change.action === 'update' || change.action === 'delete' ? { id: String(change.live.id) } : {}),
      digest: sha256(canonicalJson(part)).slice(0, 32),
    };
    identified.push({ identity, change });
  }
  return identified;
}

export interface IdentityComparison {
  /** Nothing added, removed or changed (the order of changes may still differ: the plan digests decide). */
  same: boolean;
  /** In the fresh plan only. */
  added: ChangeIdentity[];
  /** In the reviewed (saved) plan only. */
  removed: ChangeIdentity[];
  /** The same action on the same object, done differently. */
  changed: Array<{ reviewed: ChangeIdentity; fresh: ChangeIdentity }>;
}

/** Changes are paired by action, kind and key: "delete trigger "X"" in both plans is one change, whatever its id. */
export function compareIdentities(reviewed: readonly ChangeIdentity[], fresh: readonly ChangeIdentity[]): IdentityComparison {
  const unpaired = new Map<string, ChangeIdentity[]>();
  for (const identity of fresh) {
    const same = unpaired.get(pairKey(identity)) ?? [];
    same.push(identity);
    unpaired.set(pairKey(identity), same);
  }
  const removed: ChangeIdentity[] = [];
  const changed: IdentityComparison['changed'] = [];
  for (const identity of reviewed) {
    const match = unpaired.get(pairKey(identity))?.shift();
    if (!match) removed.push(identity);
    else if (match.digest !== identity.digest || match.id !== identity.id) changed.push({ reviewed: identity, fresh: match });
  }
  const added = fresh.filter((identity) => unpaired.get(pairKey(identity))?.includes(identity));
  return { same: added.length + removed.length + changed.length === 0, added, removed, changed };
}

/** The change as the digest sees it; null for a change made only of secret-derived fields. */
function digestable(change: Change): object | null {
  switch (change.action) {
    case 'create': {
      const { notices: _notices, file: _file, ...rest } = change;
      return rest;
    }
    case 'update': {
      // The plan itself says which fields are secret-derived (FieldChange.sensitive); their values stay out.
      const fields = change.fields.filter((field) => !field.sensitive);
      if (fields.length === 0 && change.fields.length > 0) return null;
      const secret = change.fields.filter((field) => field.sensitive).map((field) => field.path);
      const { notices: _notices, file: _file, live, ...rest } = change;
      return { ...rest, live: { id: String(live.id) }, fields, after: without(change.after, secret) };
    }
    case 'delete': {
      const { live, ...rest } = change;
      return { ...rest, live: { id: String(live.id) }, before: change.before };
    }
    case 'reorder': {
      const { file: _file, ...rest } = change;
      return rest;
    }
  }
}

/** A copy without the dotted paths given (`authentication.credential`). */
function without<T extends object>(object: T, paths: readonly string[]): T {
  if (paths.length === 0) return object;
  const copy = structuredClone(object);
  for (const path of paths) {
    const parts = path.split('.');
    let parent: unknown = copy;
    for (const part of parts.slice(0, -1)) parent = parent && typeof parent === 'object' ? Reflect.get(parent, part) : undefined;
    if (parent && typeof parent === 'object') Reflect.deleteProperty(parent, parts[parts.length - 1]);
  }
  return copy;
}

function pairKey(identity: ChangeIdentity): string {
  return `${identity.action}\0${identity.kind}\0${identity.key}`;
}

/** JSON with every object's keys sorted, so two plans that say the same thing hash the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  // No prototype: on a plain object `sorted.__proto__ = …` would set the prototype and drop the
  // key from the JSON, so a plan.json or a Zendesk answer could hide a difference in one.
  const sorted: Record<string, unknown> = Object.create(null);
  for (const [key, item] of Object.entries(value).sort(([a], [b]) => compareText(a, b))) {
    if (item !== undefined) sorted[key] = sortKeys(item);
  }
  return sorted;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** By UTF-16 code unit, as everywhere: locale-aware order could differ between two machines. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
