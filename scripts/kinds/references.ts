/**
 * Names in config/ ↔ ids in Zendesk, both ways, driven by the one table in
 * core/referenceRules.ts. Live objects are turned into names before they are
 * compared, so the plan only ever shows names; desired objects are turned
 * into ids only when a request is built.
 */
import type { Action, Condition, Conditions, MacroRestriction } from '../config/model.ts';
import type { Lookups, NamedLookupKind, NamedRecord, TicketFieldRecord } from '../core/lookups.ts';
import { REFERENCE_RULES, TICKET_FIELD_PREFIX, ZENDESK_CUSTOM_FIELD_PREFIX, type ValueReference } from '../core/referenceRules.ts';

/** A name in config/ that the account does not have; validation normally catches it first. */
export class UnresolvedReferenceError extends Error {
  constructor(readonly what: string, readonly reference: string) {
    super(`unknown ${what} '${reference}'`);
    this.name = 'UnresolvedReferenceError';
  }
}

const LOOKUP_LABEL: Record<NamedLookupKind, string> = {
  groups: 'group', brands: 'brand', ticketForms: 'ticket form', schedules: 'schedule',
  webhooks: 'webhook', customStatuses: 'custom status', users: 'user',
};

interface Index {
  byId: Map<string, string>;
  byName: Map<string, string>;
}

export class ReferenceResolver {
  private readonly indexes: Record<NamedLookupKind, Index>;
  private readonly fieldsById = new Map<string, TicketFieldRecord>();
  private readonly fieldsByTitle = new Map<string, TicketFieldRecord>();

  constructor(lookups: Lookups) {
    const named = (records: readonly NamedRecord[]): Index => index(records.map((r) => [String(r.id), r.name]));
    this.indexes = {
      groups: named(lookups.groups),
      brands: named(lookups.brands),
      ticketForms: named(lookups.ticketForms),
      schedules: named(lookups.schedules),
      webhooks: named(lookups.webhooks),
      customStatuses: named(lookups.customStatuses),
      // Emails are case-insensitive; keep them lower-case on both sides.
      users: index(lookups.users.map((u) => [String(u.id), u.email.toLowerCase()])),
    };
    for (const field of lookups.ticketFields) {
      this.fieldsById.set(String(field.id), field);
      this.fieldsByTitle.set(field.title, field);
    }
  }

  /** Name for an id; an id the account does not know is shown as such rather than hidden. */
  nameOf(kind: NamedLookupKind, id: unknown): string {
    return this.indexes[kind].byId.get(String(id)) ?? `(unknown ${LOOKUP_LABEL[kind]} ${String(id)})`;
  }

  idOf(kind: NamedLookupKind, name: string): string {
    const key = kind === 'users' ? name.toLowerCase() : name;
    const id = this.indexes[kind].byName.get(key);
    if (id === undefined) throw new UnresolvedReferenceError(LOOKUP_LABEL[kind], name);
    return id;
  }

  conditionsToNames(conditions: Conditions): Conditions {
    return { all: conditions.all.map((c) => this.conditionToNames(c)), any: conditions.any.map((c) => this.conditionToNames(c)) };
  }

  conditionsToIds(conditions: Conditions): Conditions {
    return { all: conditions.all.map((c) => this.conditionToIds(c)), any: conditions.any.map((c) => this.conditionToIds(c)) };
  }

  actionsToNames(actions: readonly Action[]): Action[] {
    return actions.map((a) => {
      const { field, value } = this.entryToNames(a.field, a.value);
      return { field, value };
    });
  }

  actionsToIds(actions: readonly Action[]): Action[] {
    return actions.map((a) => {
      const { field, value } = this.entryToIds(a.field, a.value);
      return { field, value };
    });
  }

  restrictionToNames(raw: unknown): MacroRestriction {
    if (!raw || typeof raw !== 'object') return null;
    const r = raw as { type?: string; id?: unknown; ids?: unknown[] };
    if (r.type === 'User') return { user: this.nameOf('users', r.id) };
    const ids = Array.isArray(r.ids) && r.ids.length > 0 ? r.ids : [r.id];
    return { groups: ids.map((id) => this.nameOf('groups', id)) };
  }

  restrictionToIds(restriction: MacroRestriction): Record<string, unknown> | null {
    if (!restriction) return null;
    if ('user' in restriction) return { type: 'User', id: Number(this.idOf('users', restriction.user)) };
    return { type: 'Group', ids: restriction.groups.map((g) => Number(this.idOf('groups', g))) };
  }

  private conditionToNames(condition: Condition): Condition {
    const { field, value } = this.entryToNames(condition.field, condition.value);
    return withValue({ field, operator: condition.operator }, value, 'value' in condition);
  }

  private conditionToIds(condition: Condition): Condition {
    const { field, value } = this.entryToIds(condition.field, condition.value);
    return withValue({ field, operator: condition.operator }, value, 'value' in condition);
  }

  private entryToNames(field: string, value: unknown): { field: string; value: unknown } {
    const customFieldId = customFieldIdOf(field);
    if (customFieldId !== null) {
      const ticketField = this.fieldsById.get(customFieldId);
      if (!ticketField) return { field, value };
      return { field: TICKET_FIELD_PREFIX + ticketField.title, value: mapOptions(value, ticketField, 'value', 'name') };
    }
    const rule = REFERENCE_RULES[field];
    return { field, value: rule ? mapReference(value, rule, (v) => this.nameOf(rule.lookup, v)) : value };
  }

  private entryToIds(field: string, value: unknown): { field: string; value: unknown } {
    if (field.startsWith(TICKET_FIELD_PREFIX)) {
      const title = field.slice(TICKET_FIELD_PREFIX.length);
      const ticketField = this.fieldsByTitle.get(title);
      if (!ticketField) throw new UnresolvedReferenceError('ticket field', title);
      return { field: ZENDESK_CUSTOM_FIELD_PREFIX + ticketField.id, value: mapOptions(value, ticketField, 'name', 'value') };
    }
    const rule = REFERENCE_RULES[field];
    return { field, value: rule ? mapReference(value, rule, (v) => this.idOf(rule.lookup, v)) : value };
  }
}

function index(pairs: [string, string][]): Index {
  return { byId: new Map(pairs), byName: new Map(pairs.map(([id, name]) => [name, id])) };
}

function withValue(condition: Condition, value: unknown, hasValue: boolean): Condition {
  return hasValue ? { ...condition, value } : condition;
}

/** `custom_fields_123` (rules) or `ticket_fields_123` (older condition spelling, §5.1). */
function customFieldIdOf(field: string): string | null {
  const match = /^(?:custom_fields|ticket_fields)_(\d+)$/.exec(field);
  return match ? match[1] : null;
}

function mapReference(value: unknown, rule: ValueReference, map: (v: string) => string): unknown {
  const convert = (v: unknown) => (v === null || v === undefined || rule.specials.includes(String(v)) ? v : map(String(v)));
  if (rule.index === undefined) return Array.isArray(value) ? value.map(convert) : convert(value);
  if (!Array.isArray(value)) return value;
  return value.map((v, i) => (i === rule.index ? convert(v) : v));
}

/** Drop-down values: option tag in Zendesk ↔ option name in config/. Other field types pass through. */
function mapOptions(value: unknown, field: TicketFieldRecord, from: 'name' | 'value', to: 'name' | 'value'): unknown {
  if (field.options.length === 0) return value;
  const one = (v: unknown) => field.options.find((o) => o[from] === String(v))?.[to] ?? v;
  return Array.isArray(value) ? value.map(one) : one(value);
}
