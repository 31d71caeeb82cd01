/**
 * An account value → the value an organization field holds, per a mapping's transform;
 * and the comparison of that value with what Zendesk stores, so a run that changes
 * nothing plans nothing. Pure.
 */
import type { Mapping, Transform } from './config.ts';

/** What an organization field may be set to: Zendesk's custom field values (reference §9.1). */
export type FieldValue = string | number | boolean | null;

export type Transformed =
  | { type: 'value'; value: FieldValue }
  /** The account value cannot be written: reported as a conflict, never written. */
  | { type: 'untransformable'; reason: 'unmapped_value' | 'not_a_date' | 'not_a_number' | 'not_a_scalar'; value: unknown };

/**
 * A missing value (null, absent, empty text) is null on every transform: the
 * organization field is cleared, as the account's is.
 */
export function transformValue(value: unknown, transform: Transform | undefined): Transformed {
  if (value === null || value === undefined || value === '') return { type: 'value', value: null };
  if (!transform) {
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? { type: 'value', value }
      : { type: 'untransformable', reason: 'not_a_scalar', value };
  }
  switch (transform.type) {
    case 'values': {
      const key = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
      // Own keys only: a value such as "constructor" must not find Object.prototype's.
      return key !== undefined && Object.hasOwn(transform.values, key)
        ? { type: 'value', value: transform.values[key] }
        : { type: 'untransformable', reason: 'unmapped_value', value };
    }
    case 'date': {
      const day = calendarDay(value);
      return day ? { type: 'value', value: day } : { type: 'untransformable', reason: 'not_a_date', value };
    }
    case 'number_to_tag': {
      const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
      if (!Number.isFinite(number)) return { type: 'untransformable', reason: 'not_a_number', value };
      const band = transform.bands.find((candidate) => candidate.below === undefined || number < candidate.below);
      // The schema makes the last band open-ended, so one always fits.
      return band ? { type: 'value', value: band.tag } : { type: 'untransformable', reason: 'not_a_number', value };
    }
  }
}

export function transformMapping(mapping: Mapping, value: unknown): Transformed {
  return transformValue(value, mapping.transform);
}

/**
 * A Salesforce Date (`2026-03-31`) as it is, or a DateTime (`2026-03-31T22:15:00.000+0000`,
 * always UTC from the REST API) as its UTC day; anything else, or a day that does not
 * exist (2026-02-30), is null.
 */
function calendarDay(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (dateOnly) {
    const parsed = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value) ? value : null;
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return null;
  // `+0000` is Salesforce's offset spelling; Date.parse wants `+00:00`.
  const parsed = new Date(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(parsed.getTime()) ? null : parsed.toISOString().slice(0, 10);
}

/**
 * The text a value compares as. Zendesk stores a date field as
 * `2026-03-31T00:00:00+00:00` though it is written as `2026-03-31` (reference §9.1), a
 * number field may come back as text, and an unset field is null or absent; each of
 * those pairs is the same value, not a change.
 */
export function storedText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return JSON.stringify(value);
  const midnight = /^(\d{4}-\d{2}-\d{2})T00:00:00(?:\.0+)?(?:Z|[+-]00:?00)$/.exec(value);
  if (midnight) return midnight[1];
  if (/^-?\d+(?:\.\d+)?$/.test(value.trim())) return String(Number(value));
  return value;
}

export function sameStored(desired: unknown, stored: unknown): boolean {
  return storedText(desired) === storedText(stored);
}
