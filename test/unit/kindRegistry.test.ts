/**
 * Every kind is one definition (kinds/registry.ts). The only file in schemas/ a kind adds
 * is its object schema: its order file (when it lists titles), its prune switch in
 * settings.yaml and its place in plan.json's kind lists are filled in from the registry
 * when the schemas are compiled, so a registry kind is in every checked schema by itself.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import settingsFile from '../../schemas/settings.schema.json' with { type: 'json' };
import { checkAgainstSchema, schemaFile } from '../../scripts/config/schemaCheck.ts';
import { parseYamlSource } from '../../scripts/config/yamlSource.ts';
import { FOLDER_KINDS, IMPORTABLE_KINDS, KIND_DEFINITIONS, KINDS } from '../../scripts/kinds/registry.ts';
import type { SchemaName } from '../../scripts/kinds/kind.ts';

const schemaFileExists = (name: string) => existsSync(new URL(`../../schemas/${name}.schema.json`, import.meta.url));

/** What validate says about `yaml` checked against `schema`, as `line:col message (field)`. */
const problems = (schema: SchemaName, yaml: string) =>
  checkAgainstSchema(schema, parseYamlSource(yaml, 'x.yaml')).map((d) => `${d.line}:${d.col} ${d.message}${d.field ? ` (${d.field})` : ''}`);

describe('the kind registry', () => {
  it.each(FOLDER_KINDS)('$kind: its object schema is in schemas/, and so is its order schema unless the order file is a title list', ({ schema, orderSchema }) => {
    expect(schemaFileExists(schema), `schemas/${schema}.schema.json`).toBe(true);
    if (typeof orderSchema === 'string') expect(schemaFileExists(orderSchema), `schemas/${orderSchema}.schema.json`).toBe(true);
  });

  it('every kind with a folder in config/ reads its files through its definition, so none is loaded as nothing', () => {
    // The types require fromFile of a folder kind; null is left to webhooks alone, which config/webhookSpec.ts
    // reads with the environment and settings.yaml in hand.
    const readElsewhere = FOLDER_KINDS.filter(({ kind }) => typeof KIND_DEFINITIONS[kind].fromFile !== 'function');
    expect(readElsewhere.map(({ kind }) => kind)).toEqual(['webhooks']);
  });

  it('a trigger file takes its category from the order file, and every file gets its defaults', () => {
    const file = { title: 'Route', conditions: { all: [{ field: 'status', operator: 'is', value: 'new' }] }, actions: [{ field: 'group_id', value: 'Tier 1' }] };
    expect(KIND_DEFINITIONS.triggers.fromFile?.(file, { category: 'Routing' })).toEqual({
      title: 'Route', active: true, description: null, category: 'Routing',
      conditions: { all: [{ field: 'status', operator: 'is', value: 'new' }], any: [] }, actions: [{ field: 'group_id', value: 'Tier 1' }],
    });
    expect(KIND_DEFINITIONS.macros.fromFile?.({ title: 'Reply', description: '', actions: [] }, { category: null })).toEqual({
      title: 'Reply', active: true, description: null, restriction: null, actions: [], attachments: [],
    });
  });

  it('import writes every kind that has files of its own; a kind declared in another kind\'s order file comes with it', () => {
    expect([...IMPORTABLE_KINDS].sort()).toEqual(FOLDER_KINDS.map((k) => k.kind).sort());
    for (const kind of KINDS) {
      const place = KIND_DEFINITIONS[kind].config;
      if (place.in === 'order-file-of') expect(IMPORTABLE_KINDS).toContain(place.kind);
    }
  });

  it('an ordered kind with files of its own has an order file, and an unordered one has none; a title list orders one list', () => {
    for (const { kind, orderSchema } of FOLDER_KINDS) {
      const { order } = KIND_DEFINITIONS[kind];
      expect(orderSchema !== null, kind).toBe(order !== 'none');
      // load.ts reads a title list into order.lists[kind]: the one scope of a 'global' kind.
      if (orderSchema !== null && typeof orderSchema !== 'string') expect(order, kind).toBe('global');
    }
  });
});

describe('order files that list titles (built from the registry, no file in schemas/)', () => {
  const titleLists = FOLDER_KINDS.flatMap(({ kind, orderSchema }) => (orderSchema !== null && typeof orderSchema !== 'string' ? [{ kind, orderSchema }] : []));

  it('are every ordered kind but triggers, whose categories shape their own file', () => {
    const ordered = KINDS.filter((kind) => KIND_DEFINITIONS[kind].order === 'global' && KIND_DEFINITIONS[kind].config.in === 'folder');
    expect(titleLists.map(({ kind }) => kind).sort()).toEqual(ordered.sort());
  });

  it.each(titleLists)('$kind: titles under the kind\'s name are accepted; anything else is told in plain words', ({ kind, orderSchema }) => {
    expect(problems(orderSchema, `${kind}:\n  - First\n  - Second\n`)).toEqual([]);
    expect(problems(orderSchema, `${kind}:\n  - First\n  - ""\n  - 3\n${kind}s: []\n`)).toEqual([
      `5:1 unknown field '${kind}s' (allowed: ${kind}) (${kind}s)`,
      `3:5 must not be empty (${kind}[1])`,
      `4:5 must be text (found 3) (${kind}[2])`,
    ]);
    expect(problems(orderSchema, `${kind}: First\n`)).toEqual([`1:1 must be a list (found 'First') (${kind})`]);
  });
});

describe('settings.yaml', () => {
  it('can turn pruning on for every registry kind, and only for those: the schema file names none', () => {
    expect(JSON.stringify(settingsFile.definitions.prune)).not.toMatch(/"(webhooks|triggers|views)"/);
    const prune = (schemaFile('settings') as typeof settingsFile & { definitions: { prune: { properties: object } } }).definitions.prune;
    expect(Object.keys(prune.properties)).toEqual([...KINDS]);
    expect(problems('settings', `prune:\n${KINDS.map((kind) => `  ${kind}: true\n`).join('')}`)).toEqual([]);
    expect(problems('settings', 'prune:\n  marcos: true\n')).toEqual([`2:3 unknown field 'marcos' (allowed: ${KINDS.join(', ')}) (prune.marcos)`]);
  });
});
