/**
 * The schemas double as editor documentation, so they are held to that too: as the
 * checks compile them, with the lists filled in from the registry and the title-list
 * order schemas built from it (a new kind is in them without a file here).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planSchemaFor } from '../../scripts/core/planFile.ts';
import { schemaFile, titleListSchema } from '../../scripts/config/schemaCheck.ts';
import { FOLDER_KINDS, PLAN_KINDS } from '../../scripts/kinds/registry.ts';

type Schema = Record<string, unknown>;
const files = readdirSync('schemas').filter((file) => file.endsWith('.schema.json'));
const compiledFrom = (file: string): Schema =>
  file === 'plan.schema.json' ? planSchemaFor(PLAN_KINDS) : (schemaFile(file.replace(/\.schema\.json$/, '')) as Schema);
const schemas = new Map<string, Schema>([
  ...files.map((file): [string, Schema] => [file, compiledFrom(file)]),
  ...FOLDER_KINDS.flatMap(({ kind, orderSchema }): [string, Schema][] =>
    orderSchema !== null && typeof orderSchema !== 'string' ? [[`(${kind} title list)`, titleListSchema(orderSchema.titleListOf) as Schema]] : []),
]);
const raw = (file: string) => JSON.parse(readFileSync(`schemas/${file}`, 'utf8')) as Schema;

/** Every object schema reachable in a file, with where it is. */
function objectSchemas(schema: unknown, at: string): [string, Schema][] {
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as Schema;
  const found: [string, Schema][] = node.properties ? [[at, node]] : [];
  for (const [key, child] of Object.entries(node)) {
    if (key === 'properties') {
      for (const [name, property] of Object.entries(child as Schema)) found.push(...objectSchemas(property, `${at}.${name}`));
    } else if (key === 'if' || key === 'then' || key === 'else') {
      // Conditions only pick or tighten a shape described, closed and documented elsewhere (plan.schema.json's change kinds).
      continue;
    } else if (typeof child === 'object') {
      found.push(...objectSchemas(child, `${at}/${key}`));
    }
  }
  return found;
}

describe('schemas/', () => {
  it('has the schemas the loader uses: each kind\'s object schema (kinds/registry.ts), triggers\' order, settings, organizations and plans', () => {
    const kindSchemas = FOLDER_KINDS.flatMap(({ schema, orderSchema }) => (typeof orderSchema === 'string' ? [schema, orderSchema] : [schema]));
    expect(files.sort()).toEqual([...kindSchemas, 'csat', 'form', 'organization', 'plan', 'salesforce', 'settings'].map((name) => `${name}.schema.json`).sort());
  });

  it('catches typos everywhere: every object forbids unknown keys', () => {
    for (const [file, schema] of schemas) {
      for (const [at, object] of objectSchemas(schema, file)) {
        // Maps keyed by the account's own names (organization field keys) are checked against the account instead.
        if (typeof object.additionalProperties === 'object') continue;
        expect(object.additionalProperties, at).toBe(false);
      }
    }
  });

  it('documents every property for editors', () => {
    for (const [file, schema] of schemas) {
      for (const [at, object] of objectSchemas(schema, file)) {
        for (const [name, property] of Object.entries(object.properties as Schema)) {
          const documented = (property as Schema).description ?? ((property as Schema).$ref ? 'via $ref' : undefined);
          expect(documented, `${at}.${name}`).toBeTruthy();
        }
      }
    }
  });

  it('keeps the shared condition and action definitions identical across kinds', () => {
    const definitions = (file: string) => (raw(file).definitions ?? {}) as Schema;
    for (const name of ['conditions', 'condition']) {
      expect(definitions('automation.schema.json')[name]).toEqual(definitions('trigger.schema.json')[name]);
      expect(definitions('sla_policy.schema.json')[name]).toEqual(definitions('trigger.schema.json')[name]);
    }
    expect(definitions('automation.schema.json').action).toEqual(definitions('trigger.schema.json').action);
    expect(definitions('macro.schema.json').action).toEqual(definitions('trigger.schema.json').action);
  });

  it('never lets ids or positions into config/', () => {
    for (const file of ['trigger.schema.json', 'automation.schema.json', 'macro.schema.json', 'sla_policy.schema.json']) {
      const properties = Object.keys(raw(file).properties as Schema);
      for (const forbidden of ['id', 'url', 'position', 'category_id']) expect(properties, file).not.toContain(forbidden);
    }
  });
});
