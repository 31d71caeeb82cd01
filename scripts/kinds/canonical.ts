/**
 * config/ as live would show it, before it is compared (KindDefinition.canonical):
 * a reference written one way and shown another by Zendesk (an email's case, the
 * one active object of a shared name) must not be a change that never settles.
 * On the way, every reference an object uses is noted with the id it led to, so
 * a saved plan can later be checked against what the names mean then.
 */
import type { DesiredConfig, DesiredObject, KindName } from '../core/model.ts';
import type { KindDefinition, ResolveContext } from './kind.ts';
import { KIND_DEFINITIONS, KINDS } from './registry.ts';

export interface CanonicalConfig {
  config: DesiredConfig;
  /** Object file → `space:reference` → id, for objects that use any reference. */
  references: Map<string, Record<string, string>>;
}

export function canonicalConfig(config: DesiredConfig, ctx: ResolveContext): CanonicalConfig {
  const objects = { ...config.objects };
  const references = new Map<string, Record<string, string>>();
  for (const kind of KINDS) {
    const definition = KIND_DEFINITIONS[kind] as KindDefinition;
    const canonical = definition.canonical;
    if (!canonical) continue;
    (objects as Record<KindName, DesiredObject[]>)[kind] = (config.objects[kind] as DesiredObject[]).map((object) => {
      const { result, resolved } = ctx.refs.recordWhile(() => canonical(object.spec, ctx));
      if (Object.keys(resolved).length > 0) references.set(object.file, resolved);
      return { ...object, spec: result };
    });
  }
  return { config: { ...config, objects }, references };
}
