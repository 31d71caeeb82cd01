/**
 * config/ as live would show it, before it is compared (KindDefinition.canonical):
 * a reference written one way and shown another by Zendesk (an email's case, the
 * one active object of a shared name) must not be a change that never settles.
 */
import type { DesiredConfig, DesiredObject, KindName } from '../config/model.ts';
import { MANAGED_KINDS } from '../config/model.ts';
import type { KindDefinition, ResolveContext } from './kind.ts';
import { KIND_DEFINITIONS } from './registry.ts';

export function canonicalConfig(config: DesiredConfig, ctx: ResolveContext): DesiredConfig {
  const objects = { ...config.objects };
  for (const kind of MANAGED_KINDS) {
    const definition = KIND_DEFINITIONS[kind] as KindDefinition;
    const canonical = definition.canonical;
    if (!canonical) continue;
    (objects as Record<KindName, DesiredObject[]>)[kind] = (config.objects[kind] as DesiredObject[]).map((object) => ({
      ...object,
      spec: canonical(object.spec, ctx),
    }));
  }
  return { ...config, objects };
}
