/** All managed kinds, in the order apply must create them (categories before the triggers in them). */
import type { KindName } from '../config/model.ts';
import { automations } from './automations.ts';
import type { KindDefinition } from './kind.ts';
import { macros } from './macros.ts';
import { slaPolicies } from './slaPolicies.ts';
import { triggerCategories } from './triggerCategories.ts';
import { triggers } from './triggers.ts';

export const KIND_DEFINITIONS: { [K in KindName]: KindDefinition<K> } = {
  trigger_categories: triggerCategories,
  triggers,
  automations,
  macros,
  sla_policies: slaPolicies,
};

export function definitionOf<K extends KindName>(kind: K): KindDefinition<K> {
  return KIND_DEFINITIONS[kind];
}
