/**
 * config/ (desired) + live Zendesk → the rule changes of a plan. Pure: no I/O,
 * and no kind of its own: the caller passes the kind definitions
 * (kinds/registry.ts), which say how each kind compares. The Plan itself is
 * made in one place, assemblePlan.ts, with the organization changes. Objects are
 * matched by title, or by `previous_title` for a rename; live objects config/
 * does not declare are deleted only where pruning is on for their kind,
 * otherwise reported as unmanaged.
 */
import type { Change, DesiredConfig, DesiredObject, DesiredOrder, Diagnostic, KindName, LiveObject, OrderMode, RuleChange, SpecByKind, UnmanagedObject } from './model.ts';
import { diffFields } from './fieldDiff.ts';
import { formatFieldPath } from './fieldPath.ts';
import { configDirLabel } from './configDir.ts';

export type LiveByKind = { [K in KindName]: LiveObject<K>[] };

/** One ordered list of a kind as config/ asks for it: the whole kind, or one trigger category. */
export interface OrderScope {
  scope: string | null;
  keys: string[];
  /** The order file that lists it. */
  file?: string;
}

/** What diff needs to know of a kind (the part of kinds/kind.ts KindDefinition that compares). */
export interface KindDiffRules<K extends KindName = KindName> {
  kind: K;
  /** How the kind's objects are ordered in Zendesk. */
  order: OrderMode;
  /** The ordered lists config/ asks for, read from the kind's order file (none for unordered kinds). */
  orderScopes(order: DesiredOrder): OrderScope[];
  /** Words for the kind in messages and plans: `{ one: 'SLA policy', many: 'SLA policies' }`. */
  labels: { one: string; many: string };
  /** Field paths whose values are secret-derived: the plan marks them sensitive and renderers hide them. */
  sensitivePaths?: readonly string[];
  /**
   * What the diff compares, when that is not the whole spec: lets a kind leave
   * out what Zendesk never shows (webhook secrets) or what cannot be known here.
   */
  comparable?(desired: SpecByKind[K], live: SpecByKind[K]): { desired: SpecByKind[K]; live: SpecByKind[K] };
  /**
   * What a reviewer must know that no field change says (read-only parts such
   * as macro attachments); `live` is null for a create. Warnings are also
   * reported at file:line.
   */
  review?(desired: SpecByKind[K], live: SpecByKind[K] | null): { notices: string[]; warnings: { path: (string | number)[]; message: string; hint?: string }[] };
}

/** Every kind's rules, in the order changes are planned (and creates applied). */
export type KindDiffTable = { readonly [K in KindName]: KindDiffRules<K> };

export interface DiffInput {
  desired: DesiredConfig;
  live: LiveByKind;
  /** kinds/registry.ts KIND_DEFINITIONS. */
  kinds: KindDiffTable;
}

export interface DiffResult {
  /** Creates, updates and deletes kind by kind in the registry's order, each kind's reorders after its own. */
  changes: Change[];
  /** Live objects config/ does not declare and does not prune. */
  unmanaged: UnmanagedObject[];
  diagnostics: Diagnostic[];
  /** Files of desired objects that match their live object exactly: nothing about them can block a plan. */
  identical: Set<string>;
}

/** Desired key → the live object it will update (after renames). */
type Matches = Map<string, LiveObject>;

export function diff({ desired, live, kinds }: DiffInput): DiffResult {
  const changes: Change[] = [];
  const unmanaged: UnmanagedObject[] = [];
  const diagnostics: Diagnostic[] = [];
  const identical = new Set<string>();
  for (const kind of Object.keys(kinds) as KindName[]) {
    const definition = kinds[kind] as KindDiffRules;
    const objects = inDesiredOrder(definition, desired);
    const result = diffKind(definition, objects, live[kind] as LiveObject[], desired.settings.prune[kind], configDirLabel(desired.root));
    // Loops, not push(...list): an account can hold more objects than a call has arguments.
    for (const d of result.diagnostics) diagnostics.push(d);
    for (const file of result.identical) identical.add(file);
    for (const object of result.unmanaged) unmanaged.push(object);
    for (const change of result.changes) changes.push(change);
    for (const change of reorders(definition, desired, live[kind] as LiveObject[], result.matches)) changes.push(change);
  }
  return { changes, unmanaged, diagnostics, identical };
}

function diffKind<K extends KindName>(definition: KindDiffRules<K>, desired: DesiredObject<K>[], live: LiveObject<K>[], prune: boolean, configDir: string) {
  const { kind } = definition;
  const changes: RuleChange<K>[] = [];
  const diagnostics: Diagnostic[] = [];
  const matches: Matches = new Map();
  const byKey = groupByKey(live);
  const claimed = new Set<LiveObject>();
  const identical: string[] = [];

  for (const object of desired) {
    const found = findLive(object, definition, byKey, diagnostics, configDir);
    if (found === 'ambiguous') continue;
    if (!found) {
      const { notices } = review(definition, object, null, diagnostics);
      changes.push({ action: 'create', kind, key: object.key, file: object.file, after: { ...object.spec }, ...(notices.length ? { notices } : {}) });
      continue;
    }
    claimed.add(found);
    matches.set(object.key, found);
    const fields = compareFields(definition, object.spec, found.spec);
    if (fields.length > 0) {
      const { notices } = review(definition, object, found.spec, diagnostics);
      changes.push({
        action: 'update',
        kind,
        key: object.key,
        ...(found.key !== object.key ? { previousKey: found.key } : {}),
        file: object.file,
        live: { id: found.id, updatedAt: found.updatedAt },
        fields,
        after: { ...object.spec },
        ...(notices.length ? { notices } : {}),
      });
    } else if (found.key === object.key) {
      identical.push(object.file);
    }
  }

  const unmanaged: UnmanagedObject[] = [];
  for (const object of live) {
    if (claimed.has(object)) continue;
    if (prune) {
      changes.push({ action: 'delete', kind, key: object.key, live: { id: object.id, updatedAt: object.updatedAt }, before: { ...object.spec } });
    } else {
      unmanaged.push({ kind, key: object.key });
    }
  }
  return { changes, diagnostics, unmanaged, matches, identical };
}

/** The kind's read-only notes on a change, with its warnings reported at file:line. */
function review(definition: KindDiffRules, object: DesiredObject, live: object | null, diagnostics: Diagnostic[]): { notices: string[] } {
  if (!definition.review) return { notices: [] };
  const { notices, warnings } = definition.review(object.spec, live as SpecByKind[KindName] | null);
  for (const warning of warnings) {
    diagnostics.push({
      severity: 'warning', ...object.locate(warning.path), field: formatFieldPath(warning.path) || undefined,
      message: warning.message, ...(warning.hint ? { hint: warning.hint } : {}),
    });
  }
  return { notices };
}

/** Field changes, through the kind's comparable view; secret-derived fields marked sensitive. */
function compareFields(definition: KindDiffRules, desired: object, live: object) {
  const view = definition.comparable
    ? definition.comparable(desired as SpecByKind[KindName], live as SpecByKind[KindName])
    : { desired, live };
  const sensitive = definition.sensitivePaths ?? [];
  return diffFields(view.live, view.desired).map((field) =>
    // A secret-derived field says only that it changed: no value of it, not even a fingerprint, enters the plan.
    sensitive.some((path) => field.path === path || field.path.startsWith(`${path}.`))
      ? { path: field.path, sensitive: true }
      : sensitive.some((path) => path.startsWith(`${field.path}.`))
        ? { ...field, sensitive: true }
        : field,
  );
}

function findLive(
  object: DesiredObject, definition: KindDiffRules, byKey: Map<string, LiveObject[]>, diagnostics: Diagnostic[], configDir: string,
): LiveObject | null | 'ambiguous' {
  const current = byKey.get(object.key) ?? [];
  const previous = object.previousKey ? (byKey.get(object.previousKey) ?? []) : [];
  const label = definition.labels.many;
  if (current.length > 1 || (current.length === 0 && previous.length > 1)) {
    const where = object.locate(current.length > 1 ? ['title'] : ['previous_title']);
    const key = current.length > 1 ? object.key : object.previousKey;
    diagnostics.push({
      severity: 'error', ...where, field: 'title',
      message: `${current.length || previous.length} live ${label} are titled '${key}'; ${configDir} cannot tell them apart`,
      hint: 'rename or delete the duplicates in Zendesk, then plan again',
    });
    return 'ambiguous';
  }
  if (current.length === 1 && previous.length === 1) {
    const where = object.locate(['previous_title']);
    diagnostics.push({
      severity: 'error', ...where, field: 'previous_title',
      message: `both '${object.previousKey}' and '${object.key}' exist live, so the rename cannot be done in place`,
      hint: `delete one of them in Zendesk, or remove previous_title`,
    });
    return 'ambiguous';
  }
  return current[0] ?? previous[0] ?? null;
}

function groupByKey(live: readonly LiveObject[]): Map<string, LiveObject[]> {
  const byKey = new Map<string, LiveObject[]>();
  for (const object of live) {
    const same = byKey.get(object.key);
    if (same) same.push(object);
    else byKey.set(object.key, [object]);
  }
  return byKey;
}

/**
 * Only the relative order of managed objects is compared. Unmanaged objects
 * keep their places; apply puts managed ones into the slots managed ones
 * already hold, and new ones after them (scripts/apply/positions.ts).
 */
function reorders(definition: KindDiffRules, desired: DesiredConfig, live: LiveObject[], matches: Matches): Change[] {
  const { kind } = definition;
  if (definition.order === 'none') return [];
  const liveKeyToDesired = new Map<LiveObject, string>([...matches].map(([key, object]) => [object, key]));
  const scopes = definition.orderScopes(desired.order);
  const changes: Change[] = [];
  for (const { scope, keys, file } of scopes) {
    const inScope = live.filter((o) => definition.order !== 'by-category' || o.scope === scope).sort(byPosition);
    const before = inScope.map((o) => liveKeyToDesired.get(o)).filter((k): k is string => k !== undefined);
    const wanted = new Set(keys);
    const staying = before.filter((k) => wanted.has(k));
    const stayingSet = new Set(staying);
    const arriving = keys.filter((k) => !stayingSet.has(k));
    // New objects are appended, so their place is known; a trigger moved in from
    // another category keeps whatever position number it had, so its place is not.
    const movedIn = arriving.some((k) => matches.has(k));
    const expected = [...staying, ...arriving];
    if ((movedIn && keys.length > 1) || expected.join('\u0000') !== keys.join('\u0000')) {
      changes.push({ action: 'reorder', kind, scope, ...(file ? { file } : {}), before, after: keys });
    }
  }
  return changes;
}

/**
 * Desired objects in the order config/ lists them, so creates are planned —
 * and applied — in that order: Zendesk appends each new object last, and the
 * result then needs no reorder.
 */
function inDesiredOrder(definition: KindDiffRules, desired: DesiredConfig): DesiredObject[] {
  const objects = desired.objects[definition.kind] as DesiredObject[];
  const rank = new Map(definition.orderScopes(desired.order).flatMap((s) => s.keys).map((key, i) => [key, i]));
  if (rank.size === 0) return objects;
  return [...objects].sort((a, b) => (rank.get(a.key) ?? Infinity) - (rank.get(b.key) ?? Infinity));
}

export function byPosition(a: LiveObject, b: LiveObject): number {
  return a.position - b.position || String(a.id).localeCompare(String(b.id), undefined, { numeric: true });
}
