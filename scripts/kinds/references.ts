/**
 * Names in config/ ↔ ids in Zendesk, both ways, driven by the one table in
 * core/referenceRules.ts. Live objects are turned into names before they are
 * compared, so the plan only ever shows names; desired objects are turned
 * into ids only when a request is built. Names that several live objects
 * share are never resolved by guess (core/nameRefs.ts): a live id becomes the
 * one reference that leads back to it, and a reference that matches more than
 * one object fails with the candidates.
 */
import type { Action, Condition, Conditions, Lookups, MacroRestriction, NamedLookupKind, NamedRecord, TicketFieldRecord } from '../core/model.ts';
import { NameIndex, unresolvedText, type NamedCandidate, type Resolution } from '../core/nameRefs.ts';
import { REFERENCE_RULES, TICKET_FIELD_PREFIX, ZENDESK_CUSTOM_FIELD_PREFIX, type ValueReference } from '../core/referenceRules.ts';

/** A name in config/ that does not lead to exactly one live object; validation normally catches it first. */
export class UnresolvedReferenceError extends Error {
  constructor(readonly what: string, readonly reference: string, detail?: string) {
    super(detail ?? `unknown ${what} '${reference}'`);
    this.name = 'UnresolvedReferenceError';
  }
}

export const LOOKUP_LABEL: Record<NamedLookupKind, string> = {
  groups: 'group', brands: 'brand', ticketForms: 'ticket form', schedules: 'schedule',
  webhooks: 'webhook', customStatuses: 'custom status', targets: 'target', users: 'user', locales: 'locale',
};

/** How ids go back to Zendesk: rules hold them as strings, SLA filters as numbers (reference §8.1 real list). */
export interface IdOptions {
  numericIds?: boolean;
}

/**
 * Zendesk's own ticket fields (subject, status, …) are never written
 * `custom_fields_<id>`, so only custom fields take part in title look-ups
 * (reference §13.2, system types).
 */
const SYSTEM_FIELD_TYPES: ReadonlySet<string> = new Set([
  'subject', 'description', 'status', 'tickettype', 'priority', 'group', 'assignee', 'custom_status', 'brand', 'ticket_form',
]);

/** Where a reference was looked up: a named lookup, or the custom ticket fields. */
export type ReferenceSpace = NamedLookupKind | 'ticketFields';

export class ReferenceResolver {
  private readonly indexes: Record<NamedLookupKind, NameIndex>;
  private readonly fields: NameIndex;
  private readonly fieldsById = new Map<string, TicketFieldRecord>();
  /** Every field by title, Zendesk's own included: ticket forms list Subject and Description as they list custom fields. */
  private readonly formFields: NameIndex;
  private readonly allFieldsById = new Map<string, TicketFieldRecord>();
  /** While set, every reference that resolves is noted here as `space:reference` → id (see recordWhile). */
  private recorder: Map<string, string> | null = null;

  constructor(lookups: Lookups) {
    const named = (records: readonly NamedRecord[]) => new NameIndex(records.map(candidateOf));
    this.indexes = {
      groups: named(lookups.groups),
      brands: named(lookups.brands),
      ticketForms: named(lookups.ticketForms),
      schedules: named(lookups.schedules),
      webhooks: named(lookups.webhooks),
      customStatuses: named(lookups.customStatuses),
      targets: named(lookups.targets ?? []),
      locales: named(lookups.locales ?? []),
      // Zendesk compares emails ignoring case; the stored spelling is the one shown.
      users: new NameIndex(lookups.users.map((u) => ({ id: String(u.id), name: u.email, active: u.active !== false })), { caseInsensitive: true }),
    };
    const custom = lookups.ticketFields.filter((field) => !SYSTEM_FIELD_TYPES.has(field.type));
    this.fields = new NameIndex(custom.map((f) => ({ id: String(f.id), name: f.title, active: f.active !== false })));
    for (const field of custom) this.fieldsById.set(String(field.id), field);
    this.formFields = new NameIndex(lookups.ticketFields.map((f) => ({ id: String(f.id), name: f.title, active: f.active !== false })));
    for (const field of lookups.ticketFields) this.allFieldsById.set(String(field.id), field);
  }

  /** A field of any kind, system or custom, by id → the title a ticket form names it by. */
  formFieldName(id: unknown): string {
    return this.formFields.refFor(String(id));
  }

  /** A ticket form's field title → the field (system or custom), or why there is not exactly one. */
  resolveFormField(reference: string): Resolution & { field?: TicketFieldRecord } {
    const resolution = this.noted('ticketFields', reference, this.formFields.resolve(reference));
    return resolution.ok ? { ...resolution, field: this.allFieldsById.get(resolution.id) } : resolution;
  }

  /** The reference config/ writes for a live id: the name, qualified only where the name alone is not enough. */
  nameOf(kind: NamedLookupKind, id: unknown): string {
    return this.indexes[kind].refFor(String(id));
  }

  resolve(kind: NamedLookupKind, reference: string): Resolution {
    return this.noted(kind, reference, this.indexes[kind].resolve(reference));
  }

  /** Any reference, as `recordWhile` keys it: what a saved plan compares at apply time. */
  resolveIn(space: ReferenceSpace, reference: string): Resolution {
    return space === 'ticketFields' ? this.resolveTicketField(reference) : this.resolve(space, reference);
  }

  /**
   * Runs `work` and returns, with its result, every reference it resolved and
   * the id each led to. A plan keeps these, so apply can refuse a saved plan
   * whose names would now lead elsewhere (a field retired, a group renamed).
   */
  recordWhile<T>(work: () => T): { result: T; resolved: Record<string, string> } {
    const previous = this.recorder;
    this.recorder = new Map();
    try {
      const result = work();
      return { result, resolved: Object.fromEntries(this.recorder) };
    } finally {
      this.recorder = previous;
    }
  }

  private noted(space: ReferenceSpace, reference: string, resolution: Resolution): Resolution {
    if (this.recorder && resolution.ok) this.recorder.set(`${space}:${reference}`, resolution.id);
    return resolution;
  }

  idOf(kind: NamedLookupKind, reference: string): string {
    return idFrom(this.resolve(kind, reference), LOOKUP_LABEL[kind], reference);
  }

  /** `ticket_field:<reference>` → the field, or why there is not exactly one. */
  resolveTicketField(reference: string): Resolution & { field?: TicketFieldRecord } {
    const resolution = this.noted('ticketFields', reference, this.fields.resolve(reference));
    return resolution.ok ? { ...resolution, field: this.fieldsById.get(resolution.id) } : resolution;
  }

  conditionsToNames(conditions: Conditions): Conditions {
    return { all: conditions.all.map((c) => this.conditionToNames(c)), any: conditions.any.map((c) => this.conditionToNames(c)) };
  }

  conditionsToIds(conditions: Conditions, options: IdOptions = {}): Conditions {
    return { all: conditions.all.map((c) => this.conditionToIds(c, options)), any: conditions.any.map((c) => this.conditionToIds(c, options)) };
  }

  actionsToNames(actions: readonly Action[]): Action[] {
    return actions.map((a) => this.entryToNames(a.field, a.value));
  }

  actionsToIds(actions: readonly Action[], options: IdOptions = {}): Action[] {
    return actions.map((a) => this.entryToIds(a.field, a.value, options));
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

  /**
   * A desired spec's references as live would show them: every name turned
   * into its id and back. So `lee@example.com` compares equal to Zendesk's
   * `Lee@Example.com`, and `Product area` equal to the one active field of
   * that title. A reference that does not resolve is kept as written;
   * validation reports it.
   */
  canonicalConditions(conditions: Conditions): Conditions {
    const one = (c: Condition) => attempt(() => this.conditionToNames(this.conditionToIds(c, {})), c);
    return { all: conditions.all.map(one), any: conditions.any.map(one) };
  }

  canonicalActions(actions: readonly Action[]): Action[] {
    return actions.map((a) => attempt(() => {
      const ids = this.entryToIds(a.field, a.value, {});
      return this.entryToNames(ids.field, ids.value);
    }, a));
  }

  canonicalRestriction(restriction: MacroRestriction): MacroRestriction {
    return attempt(() => this.restrictionToNames(this.restrictionToIds(restriction)), restriction);
  }

  private conditionToNames(condition: Condition): Condition {
    const { field, value } = this.entryToNames(condition.field, condition.value);
    return withValue({ field, operator: condition.operator }, value, 'value' in condition);
  }

  private conditionToIds(condition: Condition, options: IdOptions): Condition {
    const { field, value } = this.entryToIds(condition.field, condition.value, options);
    return withValue({ field, operator: condition.operator }, value, 'value' in condition);
  }

  private entryToNames(field: string, value: unknown): { field: string; value: unknown } {
    const customFieldId = customFieldIdOf(field);
    if (customFieldId !== null) {
      const ticketField = this.fieldsById.get(customFieldId);
      // A field the account no longer lists keeps its id, so the rule still leads back to it.
      const reference = this.fields.refFor(customFieldId);
      return { field: TICKET_FIELD_PREFIX + reference, value: ticketField ? optionNames(value, ticketField) : value };
    }
    const rule = REFERENCE_RULES[field];
    return { field, value: rule ? mapReference(value, rule, (v) => this.nameOf(rule.lookup, v)) : value };
  }

  private entryToIds(field: string, value: unknown, options: IdOptions): { field: string; value: unknown } {
    if (field.startsWith(TICKET_FIELD_PREFIX)) {
      const reference = field.slice(TICKET_FIELD_PREFIX.length);
      const resolution = this.resolveTicketField(reference);
      const id = idFrom(resolution, 'ticket field', reference);
      const ticketField = this.fieldsById.get(id);
      return { field: ZENDESK_CUSTOM_FIELD_PREFIX + id, value: ticketField ? optionTags(value, ticketField) : value };
    }
    const rule = REFERENCE_RULES[field];
    if (!rule) return { field, value };
    return { field, value: mapReference(value, rule, (v) => typed(this.idOf(rule.lookup, v), options)) };
  }
}

function candidateOf(record: NamedRecord): NamedCandidate {
  return { id: String(record.id), name: record.name, active: record.active !== false };
}

function idFrom(resolution: Resolution, what: string, reference: string): string {
  if (resolution.ok) return resolution.id;
  const { message, hint } = unresolvedText(what, reference, resolution);
  throw new UnresolvedReferenceError(what, reference, hint ? `${message}; ${hint}` : message);
}

function attempt<T>(work: () => T, fallback: T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof UnresolvedReferenceError) return fallback;
    throw error;
  }
}

function typed(id: string, options: IdOptions): string | number {
  return options.numericIds && /^\d+$/.test(id) && Number.isSafeInteger(Number(id)) ? Number(id) : id;
}

function withValue(condition: Condition, value: unknown, hasValue: boolean): Condition {
  return hasValue ? { ...condition, value } : condition;
}

/** `custom_fields_123` (rules) or `ticket_fields_123` (older condition spelling, §5.1). */
function customFieldIdOf(field: string): string | null {
  const match = /^(?:custom_fields|ticket_fields)_(\d+)$/.exec(field);
  return match ? match[1] : null;
}

function mapReference(value: unknown, rule: ValueReference, map: (v: string) => unknown): unknown {
  const convert = (v: unknown) => (v === null || v === undefined || rule.specials.includes(String(v)) ? v : map(String(v)));
  if (rule.index === undefined) return Array.isArray(value) ? value.map(convert) : convert(value);
  if (!Array.isArray(value)) return value;
  return value.map((v, i) => (i === rule.index ? convert(v) : v));
}

/**
 * Drop-down values: option tags in Zendesk, option names in config/. Two
 * options can share a name but never a tag (§13.2), so a shared name is
 * written as its tag, which then stays unambiguous.
 */
function optionNames(value: unknown, field: TicketFieldRecord): unknown {
  if (field.options.length === 0) return value;
  const one = (v: unknown) => {
    const option = field.options.find((o) => o.value === String(v));
    if (!option) return v;
    return field.options.filter((o) => o.name === option.name).length === 1 ? option.name : option.value;
  };
  return Array.isArray(value) ? value.map(one) : one(value);
}

function optionTags(value: unknown, field: TicketFieldRecord): unknown {
  if (field.options.length === 0) return value;
  const one = (v: unknown) => {
    const named = field.options.filter((o) => o.name === String(v));
    if (named.length === 1) return named[0].value;
    if (field.options.some((o) => o.value === String(v))) return v;
    if (named.length > 1) {
      throw new UnresolvedReferenceError('option', String(v),
        `${named.length} options of ticket field '${field.title}' are named '${String(v)}'; write the tag of the one you mean: ${named.map((o) => o.value).join(' or ')}`);
    }
    return v;
  };
  return Array.isArray(value) ? value.map(one) : one(value);
}
