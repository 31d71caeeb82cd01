/**
 * Loads the request forms, config/forms/<id>.yaml, for the Pages build, the request
 * processor and `npm run validate`. Each file is checked against schemas/form.schema.json,
 * then for what a schema cannot say (fields a condition or the title names exist, options
 * are unique, patterns compile, the issue template exists); every problem is a diagnostic
 * at file:line:col, and a form with errors is left out.
 *
 * This folder sits beside config/ in the layers (it imports only core/), so it reads its
 * YAML with `yaml` directly, the way config/yamlSource.ts does, and compiles its one schema.
 */
import { readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { isAlias, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { Document } from 'yaml';
import { sortDiagnostics } from '../core/diagnostics.ts';
import type { Diagnostic } from '../core/model.ts';
import { formatFieldPath } from '../core/fieldPath.ts';
import type { PathSegment } from '../core/model.ts';
import type { FieldCondition, FormDefinition, FormField } from './rules.ts';

export type { FieldCondition, FieldOption, FieldType, FieldValue, FormAction, FormDefinition, FormField, NormalizedValues, RecipientRow } from './rules.ts';

export interface LoadedForms {
  /** Valid forms, sorted by id. */
  forms: FormDefinition[];
  diagnostics: Diagnostic[];
}

export interface LoadFormsOptions {
  /** Diagnostics name files relative to this directory (default: process.cwd()). */
  cwd?: string;
  /** Where .gitlab/issue_templates/ is (default: the parent of the config directory). */
  repositoryRoot?: string;
  /**
   * false: do not require .gitlab/issue_templates/<template>.md (while writing them). They are
   * required only where that folder exists: a copy of config/ outside its repository has none.
   */
  checkTemplates?: boolean;
}

/** A form file is a page of fields; 256 KiB stops a runaway file before it is parsed. */
const MAX_FORM_FILE_BYTES = 256 * 1024;
const FORM_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The fields each action reads, by name and type: the processor relies on them. */
const ACTION_FIELDS: Readonly<Record<FormDefinition['action'], readonly [string, FormField['type'][]][]>> = {
  customer_tickets: [['subject', ['text']], ['body', ['textarea']], ['recipients', ['recipients']]],
  shared_organization: [['organization', ['text']], ['sharing', ['select']], ['acknowledge_security_risk', ['checkbox']]],
  organization_note: [['organization', ['text']], ['note', ['textarea', 'text']]],
  single_ticket: [['email', ['email']], ['subject', ['text']], ['body', ['textarea']]],
  internal_request: [['request_type', ['select']]],
};

export async function loadForms(configDir: string, options: LoadFormsOptions = {}): Promise<LoadedForms> {
  const cwd = options.cwd ?? process.cwd();
  const directory = resolve(configDir, 'forms');
  const repositoryRoot = options.repositoryRoot ?? dirname(resolve(configDir));
  let names: string[];
  try {
    names = (await readdir(directory)).filter((name) => name.endsWith('.yaml') || name.endsWith('.yml')).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // No forms folder (or no config directory, which the config loader reports): nothing to publish.
    if (code === 'ENOENT' || code === 'ENOTDIR') return { forms: [], diagnostics: [] };
    return { forms: [], diagnostics: [{ severity: 'error', file: relative(cwd, directory) || 'forms', line: 1, col: 1, message: `cannot list the forms: ${(error as Error).message}` }] };
  }
  // A config/ without the repository's .gitlab/issue_templates/ (copied elsewhere) cannot have the templates.
  const checkTemplates = options.checkTemplates !== false && (await isDirectory(join(repositoryRoot, '.gitlab', 'issue_templates')));
  const forms: FormDefinition[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const name of names) {
    const path = join(directory, name);
    const file = relative(cwd, path) || name;
    const loaded = await loadFormFile(path, file, checkTemplates ? repositoryRoot : undefined);
    diagnostics.push(...loaded.diagnostics);
    if (loaded.form && !loaded.diagnostics.some((d) => d.severity === 'error')) forms.push(loaded.form);
  }
  const templates = new Map<string, string>();
  for (const form of forms) {
    const other = templates.get(form.issue.template);
    if (other) {
      diagnostics.push({ severity: 'error', file: relative(cwd, join(directory, `${form.id}.yaml`)), line: 1, col: 1, field: 'issue.template', message: `the form ${other} uses the template '${form.issue.template}' too; each form needs its own` });
    }
    templates.set(form.issue.template, form.id);
  }
  return { forms, diagnostics: sortDiagnostics(diagnostics) };
}

interface LoadedFile {
  form?: FormDefinition;
  diagnostics: Diagnostic[];
}

async function loadFormFile(path: string, file: string, repositoryRoot: string | undefined): Promise<LoadedFile> {
  const at = (line = 1, col = 1) => ({ severity: 'error' as const, file, line, col });
  const id = basename(path).replace(/\.ya?ml$/, '');
  if (!FORM_ID.test(id)) {
    return { diagnostics: [{ ...at(), message: `the file name '${basename(path)}' is the form's id and must be kebab-case, like customer-ticket-generator.yaml` }] };
  }
  const info = await stat(path);
  if (!info.isFile()) return { diagnostics: [{ ...at(), message: 'cannot read this file: it is not a regular file' }] };
  if (info.size > MAX_FORM_FILE_BYTES) return { diagnostics: [{ ...at(), message: `the file is ${Math.ceil(info.size / 1024)} KiB; form files are limited to 256 KiB` }] };
  const text = await readFile(path, 'utf8');

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number) => lineCounter.linePos(offset);
  if (doc.errors.length > 0) {
    return { diagnostics: doc.errors.map((error) => ({ ...at(position(error.pos[0]).line, position(error.pos[0]).col), message: `invalid YAML: ${error.message.split('\n')[0]}` })) };
  }
  const aliasAt = firstAlias(doc);
  if (aliasAt !== undefined) {
    const where = position(aliasAt);
    return { diagnostics: [{ ...at(where.line, where.col), message: 'form files do not use YAML anchors or aliases (& and *): write each value out' }] };
  }
  const locate = (fieldPath: readonly PathSegment[]) => {
    const offset = offsetOf(doc, fieldPath);
    const where = position(offset);
    return { ...at(where.line, where.col), field: formatFieldPath(fieldPath) || undefined };
  };
  const value = doc.toJS() as unknown;
  if (!validator()(value)) {
    return { diagnostics: (validator().errors ?? []).filter(isUseful).map((error) => ({ ...locate(pathOf(error)), message: describe(error) })) };
  }
  const form = { id, ...(value as Omit<FormDefinition, 'id'>) } as FormDefinition;
  const problems = checkForm(form);
  const diagnostics: Diagnostic[] = problems.map((problem) => ({ ...locate(problem.path), message: problem.message }));
  if (repositoryRoot !== undefined && !(await isFile(join(repositoryRoot, '.gitlab', 'issue_templates', `${form.issue.template}.md`)))) {
    diagnostics.push({ ...locate(['issue', 'template']), message: `the issue template .gitlab/issue_templates/${form.issue.template}.md does not exist`, hint: 'run `npm run pages -- --issue-templates` to write it from this form' });
  }
  return { form, diagnostics };
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function firstAlias(doc: Document.Parsed): number | undefined {
  let found: number | undefined;
  visit(doc, (_, node) => {
    if (isAlias(node) || (isNode(node) && node.anchor)) {
      found = node.range?.[0] ?? 0;
      return visit.BREAK;
    }
    return undefined;
  });
  return found;
}

/** Where a field path starts in the file: at its key, or the closest parent that exists. */
function offsetOf(doc: Document.Parsed, path: readonly PathSegment[]): number {
  let node: unknown = doc.contents;
  let offset = doc.contents?.range[0] ?? 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      offset = (pair.key as { range?: [number, number, number] }).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
      node = node.items[segment];
      offset = (node as { range?: [number, number, number] }).range?.[0] ?? offset;
    } else {
      break;
    }
  }
  return offset;
}

/** Compiled once per process; the schema is part of the tool, not of config/. */
let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(new URL('../../schemas/form.schema.json', import.meta.url), 'utf8')) as object;
    compiled = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true }).compile(schema);
  }
  return compiled;
}

/** anyOf reports every branch it tried; the branch errors say it better than "must match a schema in anyOf". */
function isUseful(error: ErrorObject): boolean {
  return error.keyword !== 'anyOf' && error.keyword !== 'if';
}

function pathOf(error: ErrorObject): PathSegment[] {
  const path: PathSegment[] = error.instancePath === ''
    ? []
    : error.instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') return [...path, String(params.additionalProperty)];
  return path;
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `missing required field '${String(params.missingProperty)}'`;
    case 'additionalProperties': {
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return `unknown field '${String(params.additionalProperty)}' (allowed: ${allowed.join(', ')})`;
    }
    case 'type':
      return error.instancePath === '' && (error.data === null || error.data === undefined) ? 'the file is empty' : `must be ${String(params.type).replace(/,/g, ' or ')}`;
    case 'enum':
      return `must be one of: ${(params.allowedValues as unknown[]).map(String).join(', ')} (found '${String(error.data)}')`;
    case 'minLength':
      return 'must not be empty';
    case 'pattern':
      return `'${String(error.data)}' does not match ${String(params.pattern)}`;
    case 'minProperties':
    case 'maxProperties':
      return 'a condition is a field and exactly one of above or equals';
    default:
      return error.message ?? `is invalid (${error.keyword})`;
  }
}

interface FormProblem {
  path: PathSegment[];
  message: string;
}

/** The checks a schema cannot make: references between fields, uniqueness, patterns and what the action reads. */
export function checkForm(form: FormDefinition): FormProblem[] {
  const problems: FormProblem[] = [];
  const byName = new Map<string, FormField>();
  form.fields.forEach((field, index) => {
    if (byName.has(field.name)) problems.push({ path: ['fields', index, 'name'], message: `a second field named '${field.name}'; field names must be unique` });
    byName.set(field.name, field);
  });
  form.fields.forEach((field, index) => {
    const at = (...rest: PathSegment[]) => ['fields', index, ...rest];
    for (const key of ['required_when', 'shown_when'] as const) {
      const conditions = field[key];
      if (conditions === undefined) continue;
      (Array.isArray(conditions) ? conditions : [conditions]).forEach((condition, n) => {
        const where = Array.isArray(conditions) ? at(key, n, 'field') : at(key, 'field');
        problems.push(...conditionProblems(condition, field, byName).map((message) => ({ path: where, message })));
      });
    }
    if (field.type === 'select') {
      if (!field.options) problems.push({ path: at('type'), message: 'a select needs options' });
      const seen = new Set<string>();
      (field.options ?? []).forEach((option, n) => {
        if (seen.has(option.value)) problems.push({ path: at('options', n, 'value'), message: `the option value '${option.value}' is listed twice` });
        seen.add(option.value);
      });
      if (field.default !== undefined && !(field.options ?? []).some((o) => o.value === field.default)) {
        problems.push({ path: at('default'), message: `the default '${String(field.default)}' is not one of the options` });
      }
    } else if (field.options) {
      problems.push({ path: at('options'), message: `only a select has options; this field is ${field.type}` });
    }
    if (field.pattern !== undefined) {
      try {
        new RegExp(field.pattern, 'u');
      } catch (error) {
        problems.push({ path: at('pattern'), message: `the pattern does not compile: ${(error as Error).message}` });
      }
    }
    if (field.pattern_message !== undefined && field.pattern === undefined) problems.push({ path: at('pattern_message'), message: 'pattern_message without a pattern' });
    if (field.min !== undefined && field.max !== undefined && field.min > field.max) problems.push({ path: at('min'), message: 'min is above max' });
  });
  for (const [name, types] of ACTION_FIELDS[form.action]) {
    const field = byName.get(name);
    if (!field) problems.push({ path: ['fields'], message: `the ${form.action} action reads a field named '${name}' (${types.join(' or ')}); this form has none` });
    else if (!types.includes(field.type)) problems.push({ path: ['fields', form.fields.indexOf(field), 'type'], message: `the ${form.action} action reads '${name}' as ${types.join(' or ')}` });
  }
  const hasRecipients = form.fields.some((field) => field.type === 'recipients');
  if (form.limits?.recipients && !hasRecipients) problems.push({ path: ['limits', 'recipients'], message: 'recipient limits, but no recipients field' });
  if (form.limits?.recipients && form.limits.recipients.min > form.limits.recipients.max) problems.push({ path: ['limits', 'recipients', 'min'], message: 'min is above max' });
  if (form.approval && form.approval.required_above > 0 && !hasRecipients) {
    problems.push({ path: ['approval', 'required_above'], message: 'required_above counts recipients, and this form has none; use 0 (always)' });
  }
  for (const match of form.issue.title.matchAll(/\{([^}]*)\}/g)) {
    if (!byName.has(match[1])) problems.push({ path: ['issue', 'title'], message: `the title names {${match[1]}}, which is not a field` });
  }
  for (const name of Object.keys(form.zendesk?.ticket_fields ?? {})) {
    if (!byName.has(name)) problems.push({ path: ['zendesk', 'ticket_fields', name], message: `'${name}' is not a field of this form` });
  }
  return problems;
}

function conditionProblems(condition: FieldCondition, field: FormField, byName: ReadonlyMap<string, FormField>): string[] {
  const other = byName.get(condition.field);
  if (!other) return [`'${condition.field}' is not a field of this form`];
  if (other === field) return ['a field cannot depend on itself'];
  if ('above' in condition && other.type !== 'number') return [`'above' compares numbers, and '${other.name}' is ${other.type}`];
  if ('equals' in condition && other.type === 'select') {
    const unknown = condition.equals.filter((value) => !(other.options ?? []).some((option) => option.value === value));
    if (unknown.length > 0) return [`${unknown.map((v) => `'${v}'`).join(', ')} ${unknown.length === 1 ? 'is not an option' : 'are not options'} of '${other.name}'`];
  }
  return [];
}
