/**
 * .gitlab-ci.yml against GitLab's own JSON Schema for it, so a typo in a keyword
 * fails here rather than in the first real pipeline. The schema sits beside the
 * project (../shared/reference), or its copy in test/fixtures/reference on a clean clone.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { referencePath } from '../support/reference.ts';
import { loadPipeline } from './pipeline.ts';

const SCHEMA_PATH = referencePath('gitlab-ci.schema.json');

/**
 * The schema is draft-07 with GitLab's own keywords in it (markdownDescription),
 * hence strict: false. ajv-formats is not a dependency; these four checks are
 * as much as the formats the schema names need here.
 */
function compileSchema(): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:\S*$/i);
  ajv.addFormat('uri-reference', /^\S*$/);
  ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/i);
  ajv.addFormat('regex', { validate: (pattern: string) => isRegExp(pattern) });
  return ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')));
}

function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

describe('.gitlab-ci.yml and GitLab\'s schema', () => {
  let validate: ValidateFunction;
  beforeAll(() => {
    validate = compileSchema();
  });

  it('is valid', () => {
    const valid = validate(loadPipeline());
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('would catch a misspelt keyword or value', () => {
    const misspeltKey = loadPipeline() as Record<string, Record<string, unknown>>;
    misspeltKey.apply.resource_groups = misspeltKey.apply.resource_group;
    expect(validate(misspeltKey)).toBe(false);
    const misspeltValue = loadPipeline() as Record<string, Record<string, Record<string, unknown>>>;
    misspeltValue.plan.artifacts.when = 'allways';
    expect(validate(misspeltValue)).toBe(false);
    const misspeltAccess = loadPipeline() as Record<string, Record<string, Record<string, unknown>>>;
    misspeltAccess.apply.artifacts.access = 'developers';
    expect(validate(misspeltAccess)).toBe(false);
  });

  it('knows `artifacts:access: developer`, the keyword that keeps plans from non-members', () => {
    const artifacts = (loadPipeline() as Record<string, Record<string, Record<string, unknown>>>).drift.artifacts;
    expect(artifacts.access).toBe('developer');
    expect(validate({ ...loadPipeline(), drift: { script: ['true'], artifacts: { ...artifacts, access: 'nobody' } } })).toBe(false);
  });
});
