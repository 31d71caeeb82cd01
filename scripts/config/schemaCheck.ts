/**
 * Checks a parsed YAML file against its JSON Schema in schemas/ and turns ajv's
 * errors into diagnostics a support engineer can act on: file:line:col, the field,
 * and plain words instead of ajv's ("must NOT have additional properties").
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Diagnostic, KindName, PathSegment } from '../core/model.ts';
import { formatFieldPath } from '../core/fieldPath.ts';
import type { SchemaName } from '../kinds/kind.ts';
import { KIND_DEFINITIONS, KINDS } from '../kinds/registry.ts';
import { closestMatches, didYouMean } from './suggest.ts';
import type { YamlSource } from './yamlSource.ts';

/**
 * `settings`, `organization`, each kind's object schema and triggers' order schema are
 * files in schemas/ (test/unit/kindRegistry.test.ts checks every one a kind names exists);
 * an order file that lists titles under its kind's name is checked against `titleListSchema`.
 */
export type { SchemaName } from '../kinds/kind.ts';

const SCHEMA_DIR = new URL('../../schemas/', import.meta.url);

/** Compiled once per process: compiling is the slow part of ajv. */
const compiled = new Map<string, ValidateFunction>();
let ajv: Ajv | undefined;

function validatorFor(name: SchemaName): ValidateFunction {
  const id = typeof name === 'string' ? name : `(title list of ${name.titleListOf})`;
  let validate = compiled.get(id);
  if (!validate) {
    // verbose: errors then carry their parentSchema, which lists the allowed fields.
    ajv ??= new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
    validate = ajv.compile(typeof name === 'string' ? schemaFile(name) : titleListSchema(name.titleListOf));
    compiled.set(id, validate);
  }
  return validate;
}

/** The schema of `schemas/<name>.schema.json`, its lists of kinds filled in from the registry. */
export function schemaFile(name: string): object {
  const schema = JSON.parse(readFileSync(new URL(`${name}.schema.json`, SCHEMA_DIR), 'utf8')) as { definitions?: Record<string, object> };
  for (const [definition, fill] of Object.entries(FROM_REGISTRY[name] ?? {})) {
    const target = schema.definitions?.[definition];
    // A schema that lost its placeholder would silently accept anything there.
    if (!target) throw new Error(`schemas/${name}.schema.json has no definitions.${definition} to fill from scripts/kinds/registry.ts`);
    Object.assign(target, fill());
  }
  return schema;
}

/**
 * Definitions a schema file leaves for the registry to fill (their `$comment` says so),
 * so a new kind needs no edit in schemas/ beyond its own object schema.
 */
const FROM_REGISTRY: Readonly<Record<string, Readonly<Record<string, () => object>>>> = {
  settings: {
    prune: () => ({
      additionalProperties: false,
      properties: Object.fromEntries(KINDS.map((kind) => {
        const { prune, labels } = KIND_DEFINITIONS[kind];
        return [kind, {
          type: 'boolean',
          default: false,
          description: `true: ${prune}. false (default): live ${labels.many} that config/ does not declare are reported as unmanaged and left alone.`,
        }];
      })),
    }),
  },
};

/**
 * `<folder>/_order.yaml` of a kind ordered as one list: `<kind>: [title, …]`. The limit
 * stops a runaway file with a clear message; it is far above any account (Zendesk allows
 * 7,000 active triggers, 500 active automations).
 */
export function titleListSchema(kind: KindName): object {
  const { labels, config } = KIND_DEFINITIONS[kind];
  const folder = config.in === 'folder' ? config.folder : kind;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `${labels.one} order`,
    description: `config/${folder}/_order.yaml: ${labels.many} in order.`,
    type: 'object',
    additionalProperties: false,
    required: [],
    properties: {
      [kind]: {
        type: 'array',
        maxItems: 50000,
        items: { type: 'string', minLength: 1 },
        description: `Titles of the ${labels.many}, in order. Every file in config/${folder}/ must be listed exactly once.`,
      },
    },
  };
}

/** Keys people copy from the API or the admin UI; config/ derives them instead. */
const DERIVED_KEYS: Readonly<Record<string, string>> = {
  id: 'ids never appear in config/: objects are matched by title',
  url: 'urls never appear in config/: objects are matched by title',
  position: 'order comes from the _order.yaml file of the kind, not from a position field',
  category_id: 'a trigger\'s category is the one it is listed under in config/triggers/_order.yaml',
  category: 'a trigger\'s category is the one it is listed under in config/triggers/_order.yaml',
  created_at: 'timestamps belong to Zendesk, not to config/',
  updated_at: 'timestamps belong to Zendesk, not to config/',
  raw_title: 'write the title only; dynamic content placeholders go in title itself',
  default: 'whether an object is a Zendesk default is not configurable',
  token: 'credentials never go in config/: put the token in a masked CI variable and name it with token_env',
  password: 'credentials never go in config/: put the password in a masked CI variable and name it with password_env',
  secret: 'credentials never go in config/: put it in a masked CI variable and name that variable here (*_env)',
  data: 'credentials never go in config/: write type plus token_env, username + password_env, or header_name + value_env',
};

export function checkAgainstSchema(name: SchemaName, source: YamlSource): Diagnostic[] {
  const validate = validatorFor(name);
  if (validate(source.value)) return [];
  return withoutEntriesOfTooLongLists(validate.errors ?? []).map((error) => toDiagnostic(error, source));
}

/**
 * A list over its limit is one problem, reported at the list: the errors of its
 * entries (possibly tens of thousands) would only bury that line.
 */
function withoutEntriesOfTooLongLists(errors: readonly ErrorObject[]): ErrorObject[] {
  const tooLong = errors.filter((error) => error.keyword === 'maxItems').map((error) => `${error.instancePath}/`);
  if (tooLong.length === 0) return [...errors];
  return errors.filter((error) => !tooLong.some((list) => error.instancePath.startsWith(list)));
}

function toDiagnostic(error: ErrorObject, source: YamlSource): Diagnostic {
  const path = pointerToPath(error.instancePath);
  const described = describe(error, path);
  const where = source.locate(described.locateAt ?? path);
  return {
    severity: 'error',
    ...where,
    field: formatFieldPath(described.fieldPath ?? path) || undefined,
    message: described.message,
    hint: described.hint,
  };
}

interface Described {
  message: string;
  hint?: string;
  /** Field shown to the user, when it differs from the error's instance path. */
  fieldPath?: PathSegment[];
  /** Where to point, when it differs from the error's instance path. */
  locateAt?: PathSegment[];
}

function describe(error: ErrorObject, path: PathSegment[]): Described {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      // The field does not exist, so point at its parent.
      return { message: `missing required field '${missing}'`, fieldPath: [...path, missing] };
    }
    case 'additionalProperties': {
      const unknown = String(params.additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return {
        message: `unknown field '${unknown}' (allowed: ${allowed.join(', ')})`,
        hint: DERIVED_KEYS[unknown] ?? didYouMean(unknown, allowed) ?? derivedKeyHint(unknown),
        fieldPath: [...path, unknown],
        locateAt: [...path, unknown],
      };
    }
    case 'type':
      if (path.length === 0 && (error.data === null || error.data === undefined)) {
        return { message: 'the file is empty' };
      }
      return { message: `must be ${describeTypes(params.type)} (found ${describeValue(error.data)})` };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      return { message: `must be one of: ${allowed.join(', ')} (found ${describeValue(error.data)})`, hint: didYouMean(String(error.data), allowed) };
    }
    case 'minLength':
      return { message: 'must not be empty' };
    case 'minItems':
      return { message: `must list at least ${String(params.limit)} ${Number(params.limit) === 1 ? 'entry' : 'entries'}` };
    case 'maxItems': {
      const found = Array.isArray(error.data) ? error.data.length : undefined;
      return { message: `lists ${found ?? 'more than ' + String(params.limit)} entries; at most ${String(params.limit)} are allowed` };
    }
    case 'minimum':
      return { message: `must be at least ${String(params.limit)} (found ${describeValue(error.data)})` };
    case 'minProperties':
    case 'maxProperties': {
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return { message: `must have exactly one of: ${allowed.join(', ')}` };
    }
    default:
      return { message: error.message ?? `is invalid (${error.keyword})` };
  }
}

/** `categroy` is still someone reaching for the category key. */
function derivedKeyHint(unknown: string): string | undefined {
  const [closest] = closestMatches(unknown, Object.keys(DERIVED_KEYS));
  return closest === undefined ? undefined : DERIVED_KEYS[closest];
}

function pointerToPath(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    // Our schemas have no numeric keys, so a numeric segment is always a list index.
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value lines)',
  null: 'empty',
};

function describeTypes(types: unknown): string {
  const list = String(types).split(',');
  return list.map((type) => TYPE_WORDS[type] ?? type).join(' or ');
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `'${value}'`;
    case 'number':
    case 'boolean':
      return String(value);
    default:
      return 'a mapping';
  }
}
