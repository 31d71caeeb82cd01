/** Conditions and actions as Zendesk returns them, made regular: both lists present, no stray keys. */
import type { Action, Condition, Conditions } from '../core/model.ts';
import { anything, integer, list, maybe, object, text } from '../zendesk/shapes.ts';
import type { ResolveContext } from './kind.ts';

/**
 * A condition or action as Zendesk answers it. Its value can be anything: a string, a
 * number, a JSON boolean, null or a list (real-shapes "Condition values", "Legacy targets").
 */
const conditionAnswer = object({ field: text, operator: text, value: anything });
const actionAnswer = object({ field: text, value: anything });

/** `conditions` of a trigger, automation or view, an SLA policy's `filter`: either list may be null or absent. */
export const conditionsAnswer = maybe(object({ all: maybe(list(conditionAnswer)), any: maybe(list(conditionAnswer)) }));
export const actionsAnswer = maybe(list(actionAnswer));
/** A macro's or view's `restriction`: null when every agent may use it. */
export const restrictionAnswer = maybe(object({ type: text, id: maybe(integer), ids: maybe(list(integer)) }));

type ConditionsAnswer = { all?: readonly Condition[] | null; any?: readonly Condition[] | null };

export function normalizeConditions(raw: ConditionsAnswer | null | undefined): Conditions {
  return { all: conditionList(raw?.all), any: conditionList(raw?.any) };
}

function conditionList(raw: readonly Condition[] | null | undefined): Condition[] {
  return (raw ?? []).map((c) => {
    const condition: Condition = { field: c.field, operator: c.operator };
    if (c.value !== undefined && c.value !== null) condition.value = c.value;
    return condition;
  });
}

export function normalizeActions(raw: readonly { field: string; value?: unknown }[] | null | undefined): Action[] {
  return (raw ?? []).map((a) => ({ field: a.field, value: a.value }));
}

/** Conditions as a file writes them (schemas/trigger.schema.json etc.): either list may be left out. */
export interface ConditionsInput {
  all?: Condition[];
  any?: Condition[];
}

/** A file's conditions with both lists present (KindDefinition.fromFile of triggers, automations, SLA policies). */
export function conditionsFromFile(conditions: ConditionsInput): Conditions {
  return { all: (conditions.all ?? []).map(conditionFromFile), any: (conditions.any ?? []).map(conditionFromFile) };
}

/**
 * `value` is left out (not set to undefined) when absent, so specs compare equal to live
 * ones; a written `value: null` is kept, as the file says it.
 */
function conditionFromFile(condition: Condition): Condition {
  const { field, operator } = condition;
  return 'value' in condition ? { field, operator, value: condition.value } : { field, operator };
}

/**
 * A notification_target action calls a legacy target (§13.4): URL targets
 * stopped working on 2024-10-28. Keeping or removing one is fine; adding one
 * gets a warning that points to webhooks.
 */
export function legacyTargetWarnings(desired: readonly Action[], live: readonly Action[]) {
  const kept = new Set(live.filter((a) => a.field === 'notification_target').map((a) => JSON.stringify(a.value)));
  const warnings = desired.flatMap((action, index) =>
    action.field === 'notification_target' && !kept.has(JSON.stringify(action.value))
      ? [{
        path: ['actions', index, 'field'] as (string | number)[],
        message: 'notification_target calls a legacy target',
        hint: 'Zendesk stopped URL targets on 2024-10-28 and replaces targets with webhooks: call a webhook with notification_webhook instead',
      }]
      : [],
  );
  return { notices: [], warnings };
}

/** A trigger's or automation's conditions and actions as live would show them (KindDefinition.canonical). */
export function canonicalRule<S extends { conditions: Conditions; actions: Action[] }>(spec: S, { refs }: ResolveContext): S {
  return { ...spec, conditions: refs.canonicalConditions(spec.conditions), actions: refs.canonicalActions(spec.actions) };
}

/**
 * Empty text as none, live or in a file: Zendesk shows an empty description as "" or
 * null (real-shapes "Descriptions": null on rules, "" on webhooks), and a file may leave it out.
 */
export function nullableString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * A title that uses dynamic content (`{{dc.greeting}}`) comes back rendered in
 * `title` and as written in `raw_title` (§5.1). config/ keeps what was written,
 * so applying it does not replace the placeholder with one language's text.
 */
export function rawTitle(raw: { title: string; raw_title?: string | null }): string {
  return raw.raw_title ? raw.raw_title : raw.title;
}

/** The titled fields of a rule's answer: some real macros have no raw_title (real-shapes "Macros"). */
export const TITLE_FIELDS = { title: text, raw_title: maybe(text) };
