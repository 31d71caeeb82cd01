/** All managed kinds, in the order apply must create them (webhooks and categories before the triggers that name them). */
import type { KindName } from '../core/model.ts';
import { automations } from './automations.ts';
import type { KindDefinition } from './kind.ts';
import { macros } from './macros.ts';
import { slaPolicies } from './slaPolicies.ts';
import { triggerCategories } from './triggerCategories.ts';
import { triggers } from './triggers.ts';
import { webhooks } from './webhooks.ts';

export const KIND_DEFINITIONS: { [K in KindName]: KindDefinition<K> } = {
  webhooks,
  trigger_categories: triggerCategories,
  triggers,
  automations,
  macros,
  sla_policies: slaPolicies,
};

export function definitionOf<K extends KindName>(kind: K): KindDefinition<K> {
  return KIND_DEFINITIONS[kind];
}
