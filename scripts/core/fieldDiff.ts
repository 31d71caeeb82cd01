/**
 * Field-level differences between a live object and its desired spec, both in
 * config/ terms. Lists of equal length are compared item by item so a reviewer
 * sees `conditions.all[1].value: "Tier 1" → "Tier 2"` rather than two whole lists.
 */
import type { FieldChange } from './model.ts';

export function diffFields(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (sameValue(before, after)) return [];
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => {
      const child = path ? `${path}.${key}` : key;
      if (!(key in after)) return [{ path: child, before: before[key] }];
      if (!(key in before)) return [{ path: child, after: after[key] }];
      return diffFields(before[key], after[key], child);
    });
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length && after.every(isRecord)) {
    return before.flatMap((item, i) => diffFields(item, after[i], `${path}[${i}]`));
  }
  return [{ path, before, after }];
}

/**
 * Equality as Zendesk means it: it stores rule values as strings, so `30` in
 * YAML and `"30"` from the API are the same value and must not show as a change.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isScalar(a) && isScalar(b)) return a !== null && b !== null && String(a) === String(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameValue(a[key], b[key]));
  }
  return false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is string | number | boolean | null {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}
