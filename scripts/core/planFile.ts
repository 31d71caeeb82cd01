/**
 * A saved plan read back: plan.json's text in, either a BoundPlan that
 * schemas/plan.schema.json accepts or the reason it is not one, with the JSON
 * path of the first problems (issue 10, item 3). Pure: the caller reads the
 * file and words the refusal.
 *
 * The format is closed, so a hand-edited file fails here, before its digest
 * is even checked, and the rest of the tool can trust the types. JSON.parse
 * keeps a `__proto__` key as an own property; the schema refuses it wherever
 * the format is closed, and where it is open (`after`, `before`) nothing
 * copies keys onto an ordinary object by assignment (planDigest's
 * canonicalJson builds prototype-less objects), so it stays data.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import planSchema from '../../schemas/plan.schema.json' with { type: 'json' };
import { type BoundPlan, type KindName, PLAN_FORMAT_VERSION, type PlanKind } from './model.ts';
import type { ChangeIdentity } from './planDigest.ts';

export const PLAN_SCHEMA_FILE = 'schemas/plan.schema.json';

/** One thing wrong, at a JSON Pointer into the file (`/changes/3/action`; empty for the top level). */
export interface PlanProblem {
  pointer: string;
  message: string;
}

/**
 * The kinds a plan may name, in registry order (kinds/registry.ts PLAN_KINDS): core knows
 * no kinds, so they are handed in and filled into the schema's `managedKind` and
 * `planKind` lists before it is compiled; a new kind needs no edit of plan.schema.json.
 */
export interface PlanKinds {
  managed: readonly KindName[];
  /** The managed kinds, then organizations and users. */
  all: readonly PlanKind[];
}

export type PlanFileReading =
  | { status: 'plan'; plan: BoundPlan }
  | { status: 'not-json'; reason: string }
  /** A plan of another format version: made by an older (or newer) tool. */
  | { status: 'other-version'; formatVersion: number }
  | { status: 'invalid'; problems: PlanProblem[] };

export function readPlanFile(text: string, kinds: PlanKinds): PlanFileReading {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { status: 'not-json', reason: error instanceof Error ? error.message : String(error) };
  }
  // Checked before the schema: an old plan is not "invalid", it wants a new plan, and says so.
  const version = isRecord(parsed) ? parsed.formatVersion : undefined;
  if (typeof version === 'number' && version !== PLAN_FORMAT_VERSION) return { status: 'other-version', formatVersion: version };
  const validate = validators(kinds).plan;
  if (validate(parsed)) return { status: 'plan', plan: parsed };
  return { status: 'invalid', problems: planProblems(validate.errors ?? []) };
}

/**
 * The change identities a plan note carries (render/reviewed.ts), checked
 * against the same schema's `changeIdentity`; null when they are not a list
 * of them.
 */
export function checkChangeIdentities(value: unknown, kinds: PlanKinds): ChangeIdentity[] | null {
  return validators(kinds).identities(value) ? value : null;
}

/** `/changes/3/action must be one of create, update, delete, reorder`: the first few, one line. */
export function describeProblems(problems: readonly PlanProblem[], shown = 3): string {
  const listed = problems.slice(0, shown).map((problem) => cut(`${problem.pointer || '(top level)'} ${problem.message}`));
  const more = problems.length - listed.length;
  return `${listed.join('; ')}${more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : ''}`;
}

/** Property names come from the file: a 1 MB one must not become a 1 MB message. */
function cut(text: string, limit = 200): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

/** Typed guards: what passes the schema is a BoundPlan (Change the union over kinds), no cast needed. */
interface Validators {
  plan: ValidateFunction<BoundPlan>;
  identities: ValidateFunction<ChangeIdentity[]>;
}

/** Per list of kinds (in practice one: the registry's), compiled on first use: compiling is the slow part of ajv. */
const compiled = new Map<string, Validators>();

function validators(kinds: PlanKinds): Validators {
  const id = kinds.all.join(',');
  let found = compiled.get(id);
  if (!found) {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    ajv.addSchema(planSchemaFor(kinds), 'plan');
    found = {
      plan: ajv.compile<BoundPlan>({ $ref: 'plan' }),
      identities: ajv.compile<ChangeIdentity[]>({ type: 'array', items: { $ref: 'plan#/definitions/changeIdentity' } }),
    };
    compiled.set(id, found);
  }
  return found;
}

/** schemas/plan.schema.json with its kind lists filled in (a copy: the imported JSON stays as the file says). */
export function planSchemaFor(kinds: PlanKinds): typeof planSchema {
  const schema = structuredClone(planSchema);
  Object.assign(schema.definitions.managedKind, { enum: [...kinds.managed] });
  Object.assign(schema.definitions.planKind, { enum: [...kinds.all] });
  return schema;
}

/**
 * ajv's errors as people read them. The wrappers that only say "a branch
 * failed" (`if`, `allOf`) go: the error inside says what. Errors on the same
 * spot keep only the first, so a wrong `action` is one problem, not five.
 */
export function planProblems(errors: readonly ErrorObject[]): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (error.keyword === 'if' || error.keyword === 'allOf') continue;
    const problem = describe(error);
    const key = `${problem.pointer}\0${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

function describe(error: ErrorObject): PlanProblem {
  const params = error.params as Record<string, unknown>;
  const at = error.instancePath;
  switch (error.keyword) {
    case 'required':
      return { pointer: at, message: `is missing "${String(params.missingProperty)}"` };
    case 'additionalProperties':
      return { pointer: at, message: `has an unknown property "${String(params.additionalProperty)}"` };
    case 'enum':
      return { pointer: at, message: `must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}` };
    case 'const':
      return { pointer: at, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'type':
      return { pointer: at, message: `must be ${String(params.type).split(',').map((type) => TYPE_WORDS[type] ?? type).join(' or ')}` };
    case 'pattern':
      return { pointer: at, message: params.pattern === DIGEST_PATTERN ? 'must be "sha256:" and 64 lowercase hex digits' : `must match ${String(params.pattern)}` };
    case 'minimum':
      return { pointer: at, message: `must be at least ${String(params.limit)}` };
    case 'false schema':
      // The only `false` in the schema: values of a secret-derived field.
      return { pointer: at, message: 'must not be there: a sensitive field change carries no values' };
    default:
      return { pointer: at, message: error.message ?? `is invalid (${error.keyword})` };
  }
}

const DIGEST_PATTERN = planSchema.definitions.digest.pattern;

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  null: 'null',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
