/**
 * Semantic checks on a loaded config/: pure, no I/O. Without lookups it checks what
 * config/ alone can tell; with lookups it also checks that every name exists.
 */
import { sortDiagnostics } from '../core/diagnostics.ts';
import type { DesiredConfig, DesiredObject, Diagnostic, KindName, Lookups } from '../core/model.ts';
import { checkAutomations } from './checks/automations.ts';
import { checkWebhookSecrets } from './checks/webhookSecrets.ts';
import { checkControlCharacters } from './checks/controlCharacters.ts';
import { checkFields } from './checks/fields.ts';
import { checkIds } from './checks/ids.ts';
import { checkOrder } from './checks/order.ts';
import { checkReferences } from './checks/references.ts';
import { checkSlaPolicies } from './checks/slaPolicies.ts';
import { checkUniqueness } from './checks/uniqueness.ts';
import { checkOrganizations } from './checks/organizations.ts';
import { checkPlaceholders } from './checks/placeholders.ts';
import type { KindDefinition } from '../kinds/kind.ts';
import { KIND_DEFINITIONS, KINDS, plannedLookups } from '../kinds/registry.ts';

export function validateConfig(config: DesiredConfig, lookups?: Lookups): Diagnostic[] {
  // Rules about one object's content: waived when that object is identical to live (core/diagnostics.ts).
  const objectRules = [
    ...checkAutomations(config.objects.automations),
    ...checkSlaPolicies(config.objects.sla_policies),
    ...checkFields(config),
    ...checkIds(config),
    ...kindChecks(config, (checks, object) => checks.offline?.(object) ?? []),
  ].map((d) => ({ ...d, waivedWhenUnchanged: true }));
  return sortDiagnostics([
    ...checkUniqueness(config),
    ...checkControlCharacters(config),
    ...checkWebhookSecrets(config),
    ...checkOrder(config),
    ...objectRules,
    ...(lookups ? validateReferences(config, lookups) : []),
  ]);
}

/**
 * Only the checks that need the account's names; for callers that already ran validateConfig
 * offline. `planned`: the lookups as apply will leave them, when the caller has them already.
 */
export function validateReferences(config: DesiredConfig, lookups: Lookups, planned = plannedLookups(config, lookups)): Diagnostic[] {
  return sortDiagnostics([
    ...checkReferences(config, lookups),
    ...checkOrganizations(config.organizations ?? [], lookups),
    // As the account will be once apply has written config/: a form may list a field the same plan creates.
    ...kindChecks(config, (checks, object) => checks.online?.(object, planned) ?? []),
    ...checkPlaceholders(config, planned),
  ]);
}

type KindChecks = NonNullable<KindDefinition['checks']>;

/** The checks a kind's definition declares for its own objects (kinds/kind.ts `checks`). */
function kindChecks(config: DesiredConfig, run: (checks: KindChecks, object: DesiredObject) => Diagnostic[]): Diagnostic[] {
  return KINDS.flatMap((kind: KindName) => {
    const checks = (KIND_DEFINITIONS[kind] as KindDefinition).checks;
    return checks ? (config.objects[kind] as DesiredObject[]).flatMap((object) => run(checks, object)) : [];
  });
}
