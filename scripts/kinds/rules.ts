/** Conditions and actions as Zendesk returns them, made regular: both lists present, no stray keys. */
import type { Action, Condition, Conditions } from '../core/model.ts';
import type { ResolveContext } from './kind.ts';

export function normalizeConditions(raw: unknown): Conditions {
  const record = (raw ?? {}) as { all?: unknown; any?: unknown };
  return { all: conditionList(record.all), any: conditionList(record.any) };
}

function conditionList(raw: unknown): Condition[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((c: Record<string, unknown>) => {
    const condition: Condition = { field: String(c.field), operator: String(c.operator) };
    if (c.value !== undefined && c.value !== null) condition.value = c.value;
    return condition;
  });
}

export function normalizeActions(raw: unknown): Action[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((a: Record<string, unknown>) => ({ field: String(a.field), value: a.value }));
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

export function nullableString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * A title that uses dynamic content (`{{dc.greeting}}`) comes back rendered in
 * `title` and as written in `raw_title` (§5.1). config/ keeps what was written,
 * so applying it does not replace the placeholder with one language's text.
 */
export function rawTitle(raw: Record<string, unknown>): string {
  return typeof raw.raw_title === 'string' && raw.raw_title !== '' ? raw.raw_title : String(raw.title);
}
