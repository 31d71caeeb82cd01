/**
 * All managed kinds, in the order plans list them and apply creates them (webhooks
 * and categories before the triggers that name them). Every list of kinds in the
 * tool is derived from here, the lists in schemas/ included (filled in when a schema is
 * compiled); adding a kind is its spec in core/model.ts, its definition file, its line
 * below, and its object schema in schemas/.
 */
import type { DesiredObject, KindName, Lookups, PlanKind } from '../core/model.ts';
import type { PlanKinds } from '../core/planFile.ts';
import { automations } from './automations.ts';
import { dynamicContent } from './dynamicContent.ts';
import type { ConfigPlace, KindDefinition, SchemaName } from './kind.ts';
import { macros } from './macros.ts';
import { slaPolicies } from './slaPolicies.ts';
import { ticketFields } from './ticketFields.ts';
import { ticketForms } from './ticketForms.ts';
import { triggerCategories } from './triggerCategories.ts';
import { triggers } from './triggers.ts';
import { views } from './views.ts';
import { webhooks } from './webhooks.ts';

export const KIND_DEFINITIONS: { readonly [K in KindName]: KindDefinition<K> } = {
  webhooks,
  trigger_categories: triggerCategories,
  // Rules' text names dynamic content by placeholder: written before them, deleted after.
  dynamic_content: dynamicContent,
  // Rules name fields as `ticket_field:<title>`: written before them (after the dynamic content their titles may use), deleted after.
  ticket_fields: ticketFields,
  // Forms list fields by title and rules name forms: after the fields, before the rules; deleted after the rules, before the fields.
  ticket_forms: ticketForms,
  triggers,
  automations,
  macros,
  sla_policies: slaPolicies,
  views,
};

export function definitionOf<K extends KindName>(kind: K): KindDefinition<K> {
  return KIND_DEFINITIONS[kind];
}

/** Every managed kind, in registry order. */
export const KINDS: readonly KindName[] = Object.keys(KIND_DEFINITIONS) as KindName[];

const definitions = (): KindDefinition[] => KINDS.map((kind) => KIND_DEFINITIONS[kind] as KindDefinition);

/** Kinds with a folder of their own in config/ (one file per object), with it and the schemas its files are checked against. */
export const FOLDER_KINDS: readonly { kind: KindName; folder: string; schema: string; orderSchema: SchemaName | null }[] = definitions().flatMap((d) =>
  d.config.in === 'folder' ? [{ kind: d.kind, folder: d.config.folder, schema: d.config.schema, orderSchema: orderSchemaOf(d.kind, d.config.orderFile) }] : [],
);

function orderSchemaOf(kind: KindName, orderFile: (ConfigPlace & { in: 'folder' })['orderFile']): SchemaName | null {
  if (orderFile === null) return null;
  switch (orderFile.shape) {
    case 'title-list':
      return { titleListOf: kind };
    case 'own-schema':
      return orderFile.schema;
  }
}

/** Kinds `import` writes by default (`--kinds`), in registry order. */
export const IMPORTABLE_KINDS: readonly KindName[] = definitions().filter((d) => d.importFile !== null).map((d) => d.kind);

/** The comment import writes at the top of a kind's order file (null: none). */
export function importHeader(kind: KindName): string | null {
  return KIND_DEFINITIONS[kind].importFile?.header ?? null;
}

/** Kinds written before the rules that name them and deleted after them (apply), in registry order. */
export const REFERENCED_KINDS: readonly KindName[] = definitions().filter((d) => d.apply === 'referenced').map((d) => d.kind);
/** Business rules: written after the referenced kinds, deleted before them. */
export const RULE_KINDS: readonly KindName[] = definitions().filter((d) => d.apply === 'rules').map((d) => d.kind);

/**
 * The account's lookups as they will be once apply has written what config/ declares
 * of the kinds that feed one (KindDefinition.feeds): what rules are checked against.
 */
export function plannedLookups(config: { objects: { [K in KindName]: readonly DesiredObject<K>[] } }, account: Lookups): Lookups {
  let lookups = account;
  for (const kind of KINDS) lookups = plannedBy(KIND_DEFINITIONS[kind], config.objects[kind], lookups);
  return lookups;
}

/** Unchanged (the same object) when config/ declares nothing of the kind: callers can tell nothing moved. */
function plannedBy<K extends KindName>(definition: KindDefinition<K>, declared: readonly DesiredObject<K>[], lookups: Lookups): Lookups {
  return definition.feeds && declared.length > 0 ? definition.feeds.planned(lookups, declared) : lookups;
}

/** Kinds whose files can rename a live object in place (previous_title). */
export const RENAMABLE_KINDS: readonly KindName[] = definitions().filter((d) => d.renameField !== null).map((d) => d.kind);

/**
 * Words for every kind a plan can change: the managed kinds' own, plus organizations
 * and the per-user access overrides their files declare (organizations/).
 */
export const KIND_LABELS: Readonly<Record<PlanKind, { one: string; many: string }>> = {
  ...(Object.fromEntries(definitions().map((d) => [d.kind, d.labels])) as Record<KindName, { one: string; many: string }>),
  organizations: { one: 'organization', many: 'organizations' },
  users: { one: 'user access', many: 'user access overrides' },
};

/** The kind lists of schemas/plan.schema.json, which core/planFile.ts fills in before it checks a plan. */
export const PLAN_KINDS: PlanKinds = { managed: KINDS, all: Object.keys(KIND_LABELS) as PlanKind[] };
