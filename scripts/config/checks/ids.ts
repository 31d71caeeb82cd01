/**
 * "No ids, ever" (config/README.md): values that look like Zendesk ids where a name
 * belongs, and fields that can only hold ids we cannot name yet.
 */
import type { DesiredConfig, DesiredObject, Diagnostic, NamedLookupKind, PathSegment } from '../../core/model.ts';
import { ID_VALUED_FIELDS, REFERENCE_RULES } from '../../core/referenceRules.ts';
import { reportAt } from './report.ts';
import { actionsOf, conditionsOf } from './ruleParts.ts';

export const NAME_WORD: Readonly<Record<NamedLookupKind, string>> = {
  groups: 'group name',
  users: "agent's email",
  brands: 'brand name',
  ticketForms: 'ticket form name',
  schedules: 'schedule name',
  webhooks: 'webhook name',
  customStatuses: 'custom status label',
  targets: 'target title',
  locales: 'locale code',
};

/**
 * Ids are numbers, or all-digit strings once quoted (13–14 digits in real accounts).
 * A qualified name (`Escalations [id:360012]`, core/nameRefs.ts) is a name, not a bare id.
 */
export function looksLikeId(value: unknown): boolean {
  return typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value.trim()));
}

/** The referenced value and its path: the whole value, or one element of a notification list. */
export function referencedValue(field: string, value: unknown, valuePath: PathSegment[]): { value: unknown; path: PathSegment[] } | undefined {
  const rule = REFERENCE_RULES[field];
  if (!rule) return undefined;
  if (rule.index === undefined) return { value, path: valuePath };
  return Array.isArray(value) ? { value: value[rule.index], path: [...valuePath, rule.index] } : undefined;
}

export function checkIds(config: DesiredConfig): Diagnostic[] {
  const parts = [
    ...conditionsOf(config).map(({ object, path, condition }) => ({ object, path, field: condition.field, value: condition.value })),
    ...actionsOf(config).map(({ object, path, action }) => ({ object, path, field: action.field, value: action.value })),
  ];
  return [
    ...parts.flatMap(({ object, path, field, value }) => checkValue(object, path, field, value)),
    ...config.objects.macros.flatMap(checkRestrictionIds),
  ];
}

function checkValue(object: DesiredObject, path: PathSegment[], field: string, value: unknown): Diagnostic[] {
  const idValued = ID_VALUED_FIELDS[field];
  if (idValued && value !== undefined && value !== null && value !== '') {
    return [reportAt(object, [...path, 'value'], `${field} holds a Zendesk id`, { severity: 'warning', hint: idValued })];
  }
  const referenced = referencedValue(field, value, [...path, 'value']);
  if (!referenced || !looksLikeId(referenced.value)) return [];
  const rule = REFERENCE_RULES[field];
  if (rule.specials.includes(String(referenced.value))) return [];
  return [idValue(object, referenced.path, rule.lookup)];
}

function checkRestrictionIds(macro: DesiredObject<'macros'>): Diagnostic[] {
  const restriction = macro.spec.restriction;
  if (!restriction) return [];
  if ('groups' in restriction) {
    return restriction.groups.flatMap((group, index) =>
      looksLikeId(group) ? [idValue(macro, ['restriction', 'groups', index], 'groups')] : [],
    );
  }
  return looksLikeId(restriction.user) ? [idValue(macro, ['restriction', 'user'], 'users')] : [];
}

function idValue(object: DesiredObject, path: PathSegment[], lookup: NamedLookupKind): Diagnostic {
  return reportAt(object, path, `ids are not allowed in config/; write the ${NAME_WORD[lookup]}`, {
    hint: 'names are turned into ids when the plan is made, and the plan shows names; where several objects share a name, write \'<name> [id:<id>]\'',
  });
}
