/**
 * Live Zendesk → config/ files, ids already turned into names. Pure: returns
 * the files to write, so `import then plan` can be tested to show no changes.
 * The YAML shapes here are exactly what config/load.ts reads back.
 */
import type { KindName } from '../core/model.ts';
import { WEBHOOK_SECRET_PREFIX } from '../config/secrets.ts';
import { filesNamedAfter, slug, toYaml, type ConfigFile } from '../config/yamlWrite.ts';
import { byPosition, type LiveByKind } from '../core/diff.ts';
import type { LiveObject } from '../kinds/kind.ts';
import { FOLDER_KINDS, importHeader, KIND_DEFINITIONS, KINDS } from '../kinds/registry.ts';

export function configFilesFrom(live: LiveByKind, kinds: readonly KindName[]): ConfigFile[] {
  const want = new Set(kinds);
  const unique = withoutSharedKeys(live);
  return FOLDER_KINDS.filter(({ kind }) => want.has(kind)).flatMap(({ kind, orderSchema }) =>
    KIND_DEFINITIONS[kind].order === 'by-category' ? triggerFiles(unique)
    : orderSchema !== null ? orderedFiles(kind, unique[kind])
    : objectFiles(kind, unique[kind]));
}

export interface SharedKey {
  kind: KindName;
  key: string;
  count: number;
}

/**
 * Live objects of one kind that share a title (or a webhook name). config/ finds
 * objects by title, so a file for any of them would be ambiguous: import leaves
 * them all out, says so, and they stay unmanaged until one is renamed in Zendesk.
 */
export function sharedKeys(live: LiveByKind, kinds: readonly KindName[]): SharedKey[] {
  return kinds.flatMap((kind) => {
    const counts = new Map<string, number>();
    for (const object of live[kind] as LiveObject[]) counts.set(object.key, (counts.get(object.key) ?? 0) + 1);
    return [...counts].filter(([, count]) => count > 1).map(([key, count]) => ({ kind, key, count }));
  });
}

function withoutSharedKeys(live: LiveByKind): LiveByKind {
  const out = { ...live } as Record<KindName, LiveObject[]>;
  for (const kind of Object.keys(live) as KindName[]) {
    const shared = new Set(sharedKeys(live, [kind]).map((s) => s.key));
    if (shared.size > 0) out[kind] = (live[kind] as LiveObject[]).filter((o) => !shared.has(o.key));
  }
  return out as LiveByKind;
}

export function settingsFile(): ConfigFile {
  const content =
    '# Live objects that config/ does not declare are reported as unmanaged and left alone,\n' +
    '# unless pruning is on for their kind: then the plan deletes them.\n' +
    toYaml({ prune: Object.fromEntries(KINDS.map((kind) => [kind, false])) });
  return { path: 'settings.yaml', content };
}

function triggerFiles(live: LiveByKind): ConfigFile[] {
  const categories = [...live.trigger_categories].sort(byPosition);
  const triggers = [...live.triggers].sort(byPosition);
  const order = categories.map((c) => ({
    name: c.key,
    triggers: triggers.filter((t) => t.scope === c.key).map((t) => t.key),
  }));
  return [{ path: 'triggers/_order.yaml', content: (importHeader('triggers') ?? '') + toYaml({ categories: order }) }, ...objectFiles('triggers', triggers)];
}

/** A kind ordered as one list: its order file lists titles under the kind's name (config/orderFiles.ts readTitleOrder). */
function orderedFiles(kind: KindName, objects: readonly LiveObject[]): ConfigFile[] {
  const sorted = [...objects].sort(byPosition);
  const order = { path: `${kind}/_order.yaml`, content: (importHeader(kind) ?? '') + toYaml({ [kind]: sorted.map((o) => o.key) }) };
  return [order, ...objectFiles(kind, sorted)];
}

function objectFiles(kind: KindName, objects: readonly LiveObject[]): ConfigFile[] {
  return filesNamedAfter(kind, objects, (object) => object.key, (object) => toYaml(specForFile(kind, object.spec as unknown as Record<string, unknown>)));
}

/** The category lives in the order file; empty optional fields are left out for readability. */
function specForFile(kind: KindName, spec: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(spec)) {
    if (kind === 'triggers' && key === 'category') continue;
    if (value === null && (key === 'description' || key === 'restriction' || key === 'authentication')) continue;
    if (kind === 'macros' && key === 'attachments' && Array.isArray(value) && value.length === 0) continue;
    out[key] = kind === 'webhooks' && key === 'authentication' ? importedAuthentication(value, String(spec.name)) : value;
  }
  return out;
}

/**
 * Zendesk never shows a webhook's secret, so the imported file names an
 * environment variable for it, to be created as a masked, protected CI
 * variable; only ZENDESK_WEBHOOK_SECRET_* names are accepted (config/secrets.ts).
 * The fingerprint apply left in the description never reaches the file: the
 * spec holds the description without it, and only the type of authentication.
 */
function importedAuthentication(value: unknown, webhook: string): Record<string, string> {
  const type = (value as { type: string }).type;
  const variable = `${WEBHOOK_SECRET_PREFIX}${slug(webhook).replace(/-/g, '_').toUpperCase()}`;
  switch (type) {
    case 'basic_auth':
      return { type, username: 'set-the-username', password_env: variable };
    case 'api_key':
      return { type, header_name: 'set-the-header-name', value_env: variable };
    default:
      return { type, token_env: variable };
  }
}
