/**
 * Organization files checked against the account's names: organization-field
 * keys and groups (issue 3). Users and memberships need the organizations
 * themselves and are checked by organizations/diff.ts while planning.
 */
import type { DesiredOrganization, Diagnostic, Lookups } from '../../core/model.ts';
import { NameIndex, unresolvedText } from '../../core/nameRefs.ts';
import { didYouMean } from '../suggest.ts';

/**
 * Groups by name, never by guess: a deleted group can share its name with the new one (core/nameRefs.ts).
 * organizations/names.ts turns names into ids with the same index, so a name this check accepts is one apply can send.
 */
export function groupIndex(lookups: Lookups): NameIndex {
  return new NameIndex(lookups.groups.map((g) => ({ id: String(g.id), name: g.name, active: g.active !== false })));
}

/** One group index for all organization files: an account can have thousands of them. */
export function checkOrganizations(organizations: readonly DesiredOrganization[], lookups: Lookups): Diagnostic[] {
  if (organizations.length === 0) return [];
  const groups = groupIndex(lookups);
  return organizations.flatMap((organization) => organizationAccountChecks(organization, lookups, groups));
}

/** Checks against the account's fields and groups (issue 3: unknown organization-field keys). */
function organizationAccountChecks(org: DesiredOrganization, lookups: Lookups, groups: NameIndex): Diagnostic[] {
  const out: Diagnostic[] = [];
  const keys = lookups.organizationFields.map((f) => f.key);
  const wanted = [...Object.keys(org.spec.fields ?? {}), ...(org.key.by === 'salesforce_id' ? ['salesforce_id'] : [])];
  for (const key of wanted) {
    if (keys.includes(key)) continue;
    const path = key === 'salesforce_id' && org.key.by === 'salesforce_id' && !(org.spec.fields && key in org.spec.fields) ? ['salesforce_id'] : ['fields', key];
    out.push({
      severity: 'error', ...org.locate(path), field: path.join('.'),
      message: `unknown organization field '${key}'`,
      hint: didYouMean(key, keys) ?? (keys.length ? `organization fields: ${keys.join(', ')}` : 'this account has no organization fields'),
    });
  }
  for (const [key, value] of Object.entries(org.spec.fields ?? {})) {
    const options = lookups.organizationFields.find((f) => f.key === key)?.options ?? [];
    if (options.length === 0 || value === null || options.some((o) => o.name === String(value))) continue;
    const byTag = options.find((o) => o.value === String(value));
    out.push({
      severity: 'error', ...org.locate(['fields', key]), field: `fields.${key}`,
      message: `'${String(value)}' is not an option of organization field '${key}'`,
      hint: byTag
        ? `write the option name '${byTag.name}', not its tag '${byTag.value}'`
        : (didYouMean(String(value), options.map((o) => o.name)) ?? `options: ${options.map((o) => o.name).join(', ')}`),
    });
  }
  const group = org.spec.group;
  const found = typeof group === 'string' ? groups.resolve(group) : null;
  if (typeof group === 'string' && found && !found.ok) {
    const { message, hint } = unresolvedText('group', group, found);
    out.push({
      severity: 'error', ...org.locate(['group']), field: 'group', message,
      hint: found.reason === 'unknown' ? didYouMean(group, lookups.groups.map((g) => g.name)) : hint,
    });
  }
  return out;
}

