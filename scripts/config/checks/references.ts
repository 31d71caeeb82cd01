/**
 * With the account's lookups: every name config/ refers to leads to exactly
 * one live object, resolved the way apply will resolve it (kinds/references.ts):
 * users by email ignoring case (as Zendesk does), other names exactly, with
 * `[inactive]` / `[id:…]` where several objects share a name.
 */
import type { DesiredConfig, DesiredObject, Diagnostic, Lookups, NamedLookupKind, PathSegment, TicketFieldRecord } from '../../core/model.ts';
import { REFERENCE_RULES, TICKET_FIELD_PREFIX } from '../../core/referenceRules.ts';
import { ORGANIZATION_FIELD_PREFIX, USER_FIELD_PREFIX } from '../rules/conditions.ts';
import { VALUELESS_OPERATORS } from '../rules/operators.ts';
import { didYouMean } from '../suggest.ts';
import { unresolvedText, type Resolution } from '../../core/nameRefs.ts';
import { ReferenceResolver } from '../../kinds/references.ts';
import { plannedLookups } from '../../kinds/registry.ts';
import { looksLikeId, referencedValue } from './ids.ts';
import { reportAt } from './report.ts';
import { actionsOf, conditionsOf } from './ruleParts.ts';

const THING: Readonly<Record<NamedLookupKind, string>> = {
  groups: 'group', users: 'agent', brands: 'brand', ticketForms: 'ticket form',
  schedules: 'schedule', webhooks: 'webhook', customStatuses: 'custom status', targets: 'target', locales: 'locale',
};

/** Drop-down fields: their values are option names in config/. */
const OPTION_FIELD_TYPES: ReadonlySet<string> = new Set(['tagger', 'multiselect']);

interface ValuePart {
  object: DesiredObject;
  path: PathSegment[];
  field: string;
  operator?: string;
  value?: unknown;
}

export function checkReferences(config: DesiredConfig, account: Lookups): Diagnostic[] {
  // Webhooks and ticket fields config/ declares are there once apply has written them, before the rules.
  const lookups = plannedLookups(config, account);
  const refs = new ReferenceResolver(lookups);
  const parts: ValuePart[] = [
    ...conditionsOf(config).map(({ object, path, condition }): ValuePart => ({ object, path, ...condition })),
    ...actionsOf(config).map(({ object, path, action }): ValuePart => ({ object, path, ...action })),
  ];
  return [
    ...parts.flatMap((part) => checkPart(part, lookups, refs)),
    ...config.objects.macros.flatMap((macro) => checkRestriction(macro, lookups, refs)),
  ];
}

function checkPart(part: ValuePart, lookups: Lookups, refs: ReferenceResolver): Diagnostic[] {
  const { field } = part;
  if (field.startsWith(TICKET_FIELD_PREFIX)) return checkTicketField(part, lookups, refs);
  if (field.startsWith(USER_FIELD_PREFIX)) return checkKeyedField(part, field.slice(USER_FIELD_PREFIX.length), lookups.userFields, 'user field');
  if (field.startsWith(ORGANIZATION_FIELD_PREFIX)) {
    return checkKeyedField(part, field.slice(ORGANIZATION_FIELD_PREFIX.length), lookups.organizationFields, 'organization field');
  }
  const rule = REFERENCE_RULES[field];
  const referenced = referencedValue(field, part.value, [...part.path, 'value']);
  // Ids are reported by checkIds; non-strings by the schema.
  if (!rule || !referenced || typeof referenced.value !== 'string' || looksLikeId(referenced.value)) return [];
  if (rule.specials.includes(referenced.value)) return [];
  return checkName(part.object, referenced.path, rule.lookup, referenced.value, lookups, refs);
}

/**
 * A reference must lead to exactly one live object (core/nameRefs.ts). What a
 * name alone cannot tell apart is an error listing the candidates; a pinned id
 * the account no longer lists is kept (it is what live holds) with a warning.
 */
function checkName(
  object: DesiredObject, path: PathSegment[], lookup: NamedLookupKind, reference: string, lookups: Lookups, refs: ReferenceResolver,
): Diagnostic[] {
  const resolution = refs.resolve(lookup, reference);
  return resolutionProblems(object, path, THING[lookup], reference, resolution, () => {
    const known = lookup === 'users' ? lookups.users.map((user) => user.email) : lookups[lookup].map((record) => record.name);
    return didYouMean(reference, known) ?? (lookup === 'users' ? 'rules can only name agents and admins, by email' : knownNames(THING[lookup], known));
  });
}

function resolutionProblems(
  object: DesiredObject, path: PathSegment[], thing: string, reference: string, resolution: Resolution, unknownHint: () => string | undefined,
): Diagnostic[] {
  if (resolution.ok) {
    if (resolution.candidate === null) {
      return [reportAt(object, path, `${thing} ${reference} is not in the account any more; the rule keeps pointing at its id`, {
        severity: 'warning', hint: `Zendesk may refuse changes to this rule until it names an existing ${thing}`,
      })];
    }
    return [];
  }
  const { message, hint } = unresolvedText(thing, reference, resolution);
  return [reportAt(object, path, message, { hint: resolution.reason === 'unknown' ? unknownHint() : hint })];
}

function checkTicketField(part: ValuePart, lookups: Lookups, refs: ReferenceResolver): Diagnostic[] {
  const reference = part.field.slice(TICKET_FIELD_PREFIX.length).trim();
  if (reference === '') return []; // reported by checkFields
  const resolution = refs.resolveTicketField(reference);
  const problems = resolutionProblems(part.object, [...part.path, 'field'], 'ticket field', reference, resolution, () =>
    didYouMean(reference, lookups.ticketFields.map((candidate) => candidate.title)) ?? 'write the field\'s title exactly as in Admin Center');
  const ticketField = resolution.ok ? resolution.field : undefined;
  if (!ticketField) return problems;
  if (!OPTION_FIELD_TYPES.has(ticketField.type) || (part.operator && VALUELESS_OPERATORS.has(part.operator))) return problems;
  const values = Array.isArray(part.value) ? part.value : [part.value];
  return [...problems, ...values.flatMap((value, index) => {
    if (typeof value !== 'string' || value === '') return [];
    const path = Array.isArray(part.value) ? [...part.path, 'value', index] : [...part.path, 'value'];
    return checkOption(part.object, path, ticketField, value);
  })];
}

function checkOption(object: DesiredObject, path: PathSegment[], ticketField: TicketFieldRecord, value: string): Diagnostic[] {
  // Zendesk separates multiselect values with spaces in conditions; each is one option.
  const named = ticketField.options.filter((option) => option.name === value);
  if (named.length === 1) return [];
  const byTag = ticketField.options.find((option) => option.value === value);
  if (named.length > 1) {
    return [reportAt(object, path, `${named.length} options of ticket field '${ticketField.title}' are named '${value}'`, {
      hint: `write the tag of the one you mean: ${named.map((option) => option.value).join(' or ')}`,
    })];
  }
  // A tag is what import writes for an option whose name is shared; otherwise the name is wanted.
  if (byTag && ticketField.options.filter((option) => option.name === byTag.name).length > 1) return [];
  return [reportAt(object, path, `'${value}' is not an option of ticket field '${ticketField.title}'`, {
    hint: byTag
      ? `write the option name '${byTag.name}', not its tag '${byTag.value}'`
      : didYouMean(value, ticketField.options.map((option) => option.name)) ?? `options: ${ticketField.options.map((option) => option.name).join(', ')}`,
  })];
}

function checkKeyedField(part: ValuePart, key: string, fields: Lookups['userFields'], thing: string): Diagnostic[] {
  if (fields.some((candidate) => candidate.key === key)) return [];
  return [reportAt(part.object, [...part.path, 'field'], `unknown ${thing} '${key}'`, { hint: didYouMean(key, fields.map((candidate) => candidate.key)) })];
}

function checkRestriction(macro: DesiredObject<'macros'>, lookups: Lookups, refs: ReferenceResolver): Diagnostic[] {
  const restriction = macro.spec.restriction;
  if (!restriction) return [];
  if ('groups' in restriction) {
    return restriction.groups.flatMap((group, index) =>
      looksLikeId(group) ? [] : checkName(macro, ['restriction', 'groups', index], 'groups', group, lookups, refs),
    );
  }
  return looksLikeId(restriction.user) ? [] : checkName(macro, ['restriction', 'user'], 'users', restriction.user, lookups, refs);
}

/** With no close match, a short list of what exists is the next best help. */
function knownNames(thing: string, names: string[]): string | undefined {
  if (names.length === 0 || names.length > 8) return undefined;
  return `known ${thing}s: ${names.join(', ')}`;
}
