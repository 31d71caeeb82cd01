/** Each transform of config/salesforce.yaml, and how its result compares with what Zendesk stores. */
import { describe, expect, it } from 'vitest';
import type { Transform } from '../../scripts/salesforce/config.ts';
import { sameStored, transformValue } from '../../scripts/salesforce/transform.ts';

const typeMap: Transform = { type: 'values', values: { Customer: 'customer', 'Former Customer': 'former_customer' } };
const expiry: Transform = { type: 'date', format: 'YYYY-MM-DD' };
const arr: Transform = { type: 'number_to_tag', bands: [{ below: 10_000, tag: 'arr_small' }, { below: 100_000, tag: 'arr_mid' }, { tag: 'arr_large' }] };

describe('value map', () => {
  it('writes the mapped tag', () => {
    expect(transformValue('Former Customer', typeMap)).toEqual({ type: 'value', value: 'former_customer' });
  });

  it('reports a value the map lacks instead of writing it', () => {
    expect(transformValue('Prospect', typeMap)).toEqual({ type: 'untransformable', reason: 'unmapped_value', value: 'Prospect' });
    expect(transformValue('customer', typeMap)).toMatchObject({ type: 'untransformable' });
    expect(transformValue('constructor', typeMap)).toMatchObject({ type: 'untransformable', reason: 'unmapped_value' });
  });

  it('clears the field when the account has no value', () => {
    for (const empty of [null, undefined, '']) expect(transformValue(empty, typeMap)).toEqual({ type: 'value', value: null });
  });
});

describe('date', () => {
  it('keeps a Salesforce Date and turns a DateTime into its UTC day', () => {
    expect(transformValue('2026-03-31', expiry)).toEqual({ type: 'value', value: '2026-03-31' });
    expect(transformValue('2026-03-31T23:30:00.000+0000', expiry)).toEqual({ type: 'value', value: '2026-03-31' });
    expect(transformValue('2026-03-31T23:30:00.000-0200', expiry)).toEqual({ type: 'value', value: '2026-04-01' });
  });

  it('reports what is not a day', () => {
    for (const bad of ['31/03/2026', '2026-02-30', 'soon', 20260331]) {
      expect(transformValue(bad, expiry), String(bad)).toMatchObject({ type: 'untransformable', reason: 'not_a_date' });
    }
    expect(transformValue(null, expiry)).toEqual({ type: 'value', value: null });
  });
});

describe('number to tag', () => {
  it('picks the first band the number is below, the open band for the rest', () => {
    expect(transformValue(0, arr)).toEqual({ type: 'value', value: 'arr_small' });
    expect(transformValue(9_999.99, arr)).toEqual({ type: 'value', value: 'arr_small' });
    expect(transformValue(10_000, arr)).toEqual({ type: 'value', value: 'arr_mid' });
    expect(transformValue('250000', arr)).toEqual({ type: 'value', value: 'arr_large' });
  });

  it('reports what is not a number and clears on none', () => {
    expect(transformValue('lots', arr)).toMatchObject({ type: 'untransformable', reason: 'not_a_number' });
    expect(transformValue(true, arr)).toMatchObject({ type: 'untransformable', reason: 'not_a_number' });
    expect(transformValue(null, arr)).toEqual({ type: 'value', value: null });
  });
});

describe('no transform', () => {
  it('copies text, numbers and booleans and refuses objects', () => {
    expect(transformValue('EMEA', undefined)).toEqual({ type: 'value', value: 'EMEA' });
    expect(transformValue(12, undefined)).toEqual({ type: 'value', value: 12 });
    expect(transformValue({ Name: 'x' }, undefined)).toMatchObject({ type: 'untransformable', reason: 'not_a_scalar' });
  });
});

describe('stored forms', () => {
  it('treats what Zendesk hands back for a written value as the same value', () => {
    expect(sameStored('2026-03-31', '2026-03-31T00:00:00+00:00')).toBe(true);
    expect(sameStored('2026-03-31', '2026-03-31T00:00:00Z')).toBe(true);
    expect(sameStored(50000, '50000')).toBe(true);
    expect(sameStored(50000, '50000.0')).toBe(true);
    expect(sameStored(null, undefined)).toBe(true);
    expect(sameStored(null, '')).toBe(true);
  });

  it('still sees real differences', () => {
    expect(sameStored('2026-03-31', '2026-04-01T00:00:00+00:00')).toBe(false);
    expect(sameStored('premium', 'standard')).toBe(false);
    expect(sameStored(null, 'premium')).toBe(false);
    expect(sameStored(false, null)).toBe(false);
  });
});
