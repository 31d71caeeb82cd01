/**
 * Organizations in config/ name things the way an admin sees them: groups by
 * name, drop-down organization fields by option name. Zendesk stores group ids
 * and option tags (§9.1, §9.3); this turns one into the other, both ways.
 */
import { groupIndex } from '../config/checks/organizations.ts';
import type { Lookups } from '../core/model.ts';
import { unresolvedText } from '../core/nameRefs.ts';

export interface OrganizationNames {
  groupName(id: unknown): string;
  groupId(name: string | null | undefined): number | string | null;
  /** Drop-down values: tag → option name; other fields and unknown tags pass through as they are. */
  optionName(key: string, value: unknown): unknown;
  /** Drop-down values: option name → tag; a value that is no option name passes through (validation reports it). */
  optionTag(key: string, value: unknown): unknown;
}

export function organizationNames(lookups: Lookups): OrganizationNames {
  const options = new Map(lookups.organizationFields.map((field) => [field.key, field.options ?? []]));
  const convert = (key: string, value: unknown, from: 'name' | 'value', to: 'name' | 'value') => {
    const list = options.get(key) ?? [];
    if (list.length === 0 || value === null || value === undefined) return value;
    return list.find((option) => option[from] === String(value))?.[to] ?? value;
  };
  const groups = groupIndex(lookups);
  return {
    groupName: (id) => groups.refFor(String(id)),
    groupId: (name) => {
      if (name === null || name === undefined) return null;
      const found = groups.resolve(name);
      if (!found.ok) {
        const { message, hint } = unresolvedText('group', name, found);
        throw new Error(hint ? `${message}; ${hint}` : message);
      }
      const group = lookups.groups.find((g) => String(g.id) === found.id);
      return group ? group.id : found.id;
    },
    optionName: (key, value) => convert(key, value, 'value', 'name'),
    optionTag: (key, value) => convert(key, value, 'name', 'value'),
  };
}
