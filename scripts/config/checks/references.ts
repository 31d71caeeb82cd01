/**
 * With the account's lookups: every name config/ refers to exists. Users are
 * matched by email ignoring case (as Zendesk does); other names exactly, since
 * that is how references.ts resolves them.
 */
import type { Diagnostic } from '../../core/diagnostics.ts';
import type { Lookups, NamedLookupKind, TicketFieldRecord } from '../../core/lookups.ts';
import { REFERENCE_RULES, TICKET_FIELD_PREFIX } from '../../core/referenceRules.ts';
import type { DesiredConfig, DesiredObject, PathSegment } from '../model.ts';
import { ORGANIZATION_FIELD_PREFIX, USER_FIELD_PREFIX } from '../rules/conditions.ts';
import { VALUELESS_OPERATORS } from '../rules/operators.ts';
import { didYouMean } from '../suggest.ts';
import { looksLikeId, referencedValue } from './ids.ts';
import { reportAt } from './report.ts';
import { actionsOf, conditionsOf } from './ruleParts.ts';

const THING: Readonly<Record<NamedLookupKind, string>> = {
  groups: 'group', users: 'agent', brands: 'brand', ticketForms: 'ticket form',
  schedules: 'schedule', webhooks: 'webhook', customStatuses: 'custom status',
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
  // A webhook config/ declares exists once apply has run, which creates webhooks before rules.
  const declared = config.objects.webhooks.map((webhook) => ({ id: `planned:${webhook.key}`, name: webhook.key }));
  const lookups: Lookups = { ...account, webhooks: [...account.webhooks, ...declared] };
  const parts: ValuePart[] = [
    ...conditionsOf(config).map(({ object, path, condition }): ValuePart => ({ object, path, ...condition })),
    ...actionsOf(config).map(({ object, path, action }): ValuePart => ({ object, path, ...action })),
  ];
  return [
    ...parts.flatMap((part) => checkPart(part, lookups)),
    ...config.objects.macros.flatMap((macro) => checkRestriction(macro, lookups)),
  ];
}

function checkPart(part: ValuePart, lookups: Lookups): Diagnostic[] {
  const { field } = part;
  if (field.startsWith(TICKET_FIELD_PREFIX)) return checkTicketField(part, lookups);
  if (field.startsWith(USER_FIELD_PREFIX)) return checkKeyedField(part, field.slice(USER_FIELD_PREFIX.length), lookups.userFields, 'user field');
  if (field.startsWith(ORGANIZATION_FIELD_PREFIX)) {
    return checkKeyedField(part, field.slice(ORGANIZATION_FIELD_PREFIX.length), lookups.organizationFields, 'organization field');
  }
  const rule = REFERENCE_RULES[field];
  const referenced = referencedValue(field, part.value, [...part.path, 'value']);
  // Ids are reported by checkIds; non-strings by the schema.
  if (!rule || !referenced || typeof referenced.value !== 'string' || looksLikeId(referenced.value)) return [];
  if (rule.specials.includes(referenced.value)) return [];
  return checkName(part.object, referenced.path, rule.lookup, referenced.value, lookups);
}

function checkName(object: DesiredObject, path: PathSegment[], lookup: NamedLookupKind, name: string, lookups: Lookups): Diagnostic[] {
  const known = lookup === 'users' ? lookups.users.map((user) => user.email) : lookups[lookup].map((record) => record.name);
  const exists = lookup === 'users'
    ? known.some((email) => email.toLowerCase() === name.toLowerCase())
    : known.includes(name);
  if (exists) return [];
  return [reportAt(object, path, `unknown ${THING[lookup]} '${name}'`, {
    hint: didYouMean(name, known) ?? (lookup === 'users' ? 'rules can only name agents and admins, by email' : knownNames(THING[lookup], known)),
  })];
}

function checkTicketField(part: ValuePart, lookups: Lookups): Diagnostic[] {
  const title = part.field.slice(TICKET_FIELD_PREFIX.length).trim();
  if (title === '') return []; // reported by checkFields
  const ticketField = lookups.ticketFields.find((candidate) => candidate.title === title);
  if (!ticketField) {
    return [reportAt(part.object, [...part.path, 'field'], `unknown ticket field '${title}'`, {
      hint: didYouMean(title, lookups.ticketFields.map((candidate) => candidate.title)) ?? 'write the field\'s title exactly as in Admin Center',
    })];
  }
  if (!OPTION_FIELD_TYPES.has(ticketField.type) || (part.operator && VALUELESS_OPERATORS.has(part.operator))) return [];
  const values = Array.isArray(part.value) ? part.value : [part.value];
  return values.flatMap((value, index) => {
    if (typeof value !== 'string' || value === '') return [];
    const path = Array.isArray(part.value) ? [...part.path, 'value', index] : [...part.path, 'value'];
    return checkOption(part.object, path, ticketField, value);
  });
}

function checkOption(object: DesiredObject, path: PathSegment[], ticketField: TicketFieldRecord, value: string): Diagnostic[] {
  // Zendesk separates multiselect values with spaces in conditions; each is one option.
  if (ticketField.options.some((option) => option.name === value)) return [];
  const byTag = ticketField.options.find((option) => option.value === value);
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

function checkRestriction(macro: DesiredObject<'macros'>, lookups: Lookups): Diagnostic[] {
  const restriction = macro.spec.restriction;
  if (!restriction) return [];
  if ('groups' in restriction) {
    return restriction.groups.flatMap((group, index) =>
      looksLikeId(group) ? [] : checkName(macro, ['restriction', 'groups', index], 'groups', group, lookups),
    );
  }
  return looksLikeId(restriction.user) ? [] : checkName(macro, ['restriction', 'user'], 'users', restriction.user, lookups);
}

/** With no close match, a short list of what exists is the next best help. */
function knownNames(thing: string, names: string[]): string | undefined {
  if (names.length === 0 || names.length > 8) return undefined;
  return `known ${thing}s: ${names.join(', ')}`;
}
