/**
 * Every kind is one definition (kinds/registry.ts), and the few lists that cannot be
 * derived from it — JSON files in schemas/ — are held to it here: add a kind to the
 * registry and these fail until its schemas and settings are there.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import settingsSchema from '../../schemas/settings.schema.json' with { type: 'json' };
import { FOLDER_KINDS, IMPORTABLE_KINDS, KIND_DEFINITIONS, KINDS } from '../../scripts/kinds/registry.ts';

const schemaFile = (name: string) => new URL(`../../schemas/${name}.schema.json`, import.meta.url);

describe('the kind registry', () => {
  it.each(FOLDER_KINDS)('$kind: its object schema and order schema are in schemas/', ({ schema, orderSchema }) => {
    expect(existsSync(schemaFile(schema)), `schemas/${schema}.schema.json`).toBe(true);
    if (orderSchema) expect(existsSync(schemaFile(orderSchema)), `schemas/${orderSchema}.schema.json`).toBe(true);
  });

  it('settings.yaml can turn pruning on for every kind, and only for those', () => {
    expect(Object.keys(settingsSchema.properties.prune.properties).sort()).toEqual([...KINDS].sort());
  });

  it('import writes every kind that has files of its own; a kind declared in another kind\'s order file comes with it', () => {
    expect([...IMPORTABLE_KINDS].sort()).toEqual(FOLDER_KINDS.map((k) => k.kind).sort());
    for (const kind of KINDS) {
      const place = KIND_DEFINITIONS[kind].config;
      if (place.in === 'order-file-of') expect(IMPORTABLE_KINDS).toContain(place.kind);
    }
  });

  it('an ordered kind with files of its own has an order file, and an unordered one has none', () => {
    for (const { kind, orderSchema } of FOLDER_KINDS) expect(orderSchema !== null, kind).toBe(KIND_DEFINITIONS[kind].order !== 'none');
  });
});
