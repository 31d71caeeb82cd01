/**
 * Reads .gitlab-ci.yml and decides, the way GitLab does, which jobs a pipeline
 * gets: enough of `rules` (if, changes, when) and `extends` to ask "does apply
 * run for a merge request?" instead of matching strings in the YAML.
 * Semantics from ../shared/reference/gitlab-api.md §3.1 and §3.3.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

type Json = Record<string, unknown>;

export interface Rule {
  if?: string;
  changes?: string[] | { paths: string[] };
  when?: string;
}

export interface Job extends Json {
  stage?: string;
  image?: string | { name: string };
  rules?: Rule[];
  needs?: (string | { job: string })[];
  before_script?: string[];
  script?: string[];
  after_script?: string[];
  resource_group?: string;
  environment?: string | { name: string };
  artifacts?: { paths?: string[]; expose_as?: string; when?: string; expire_in?: string; access?: 'all' | 'developer' | 'maintainer' | 'none' };
}

/** Top-level keys that are settings, not jobs. */
const GLOBAL_KEYS = new Set(['workflow', 'stages', 'variables', 'default', 'include', 'image', 'services', 'cache', 'before_script', 'after_script', 'spec']);

export function loadPipeline(): Json {
  return parse(readFileSync(resolve(repoRoot, '.gitlab-ci.yml'), 'utf8')) as Json;
}

/** Every job with `extends` merged in (hashes deep-merged, everything else replaced, as GitLab does). */
export function jobs(pipeline: Json): Record<string, Job> {
  const resolveJob = (name: string, seen: string[] = []): Json => {
    if (seen.includes(name)) throw new Error(`extends loop: ${[...seen, name].join(' → ')}`);
    const own = pipeline[name] as Json | undefined;
    if (!own) throw new Error(`${seen.at(-1)} extends unknown ${name}`);
    const parents = own.extends === undefined ? [] : [own.extends].flat() as string[];
    return parents.reduceRight<Json>((acc, parent) => deepMerge(resolveJob(parent, [...seen, name]), acc), own);
  };
  return Object.fromEntries(
    Object.keys(pipeline)
      .filter((key) => !key.startsWith('.') && !GLOBAL_KEYS.has(key))
      .map((name) => [name, resolveJob(name) as Job]),
  );
}

function deepMerge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prior = out[key];
    out[key] = isHash(prior) && isHash(value) ? deepMerge(prior, value) : value;
  }
  return out;
}

const isHash = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What GitLab knows when it creates a pipeline. */
export interface PipelineEvent {
  variables: Record<string, string>;
  /** Files the push or merge request changes; 'all' when there is no push (schedule, web, API): rules:changes is then always true. */
  changed: string[] | 'all';
}

const DEFAULT_BRANCH = 'main';
const base = { CI_DEFAULT_BRANCH: DEFAULT_BRANCH };

export const events = {
  mergeRequest: (changed: string[]): PipelineEvent => ({ variables: { ...base, CI_PIPELINE_SOURCE: 'merge_request_event', CI_MERGE_REQUEST_IID: '7' }, changed }),
  push: (branch: string, changed: string[]): PipelineEvent => ({ variables: { ...base, CI_PIPELINE_SOURCE: 'push', CI_COMMIT_BRANCH: branch }, changed }),
  /** A pipeline schedule; `variables` are the schedule's own (ZENDESK_SCHEDULE=requests for the request processor's). */
  schedule: (variables: Record<string, string> = {}): PipelineEvent => ({ variables: { ...base, CI_PIPELINE_SOURCE: 'schedule', CI_COMMIT_BRANCH: DEFAULT_BRANCH, ...variables }, changed: 'all' }),
  runPipeline: (branch = DEFAULT_BRANCH): PipelineEvent => ({ variables: { ...base, CI_PIPELINE_SOURCE: 'web', CI_COMMIT_BRANCH: branch }, changed: 'all' }),
};

/** rules: the first rule whose clauses all hold decides; none holding means the job is left out. */
export function included(rules: Rule[] | undefined, event: PipelineEvent): boolean {
  if (rules === undefined) return true;
  for (const rule of rules) {
    if (rule.if !== undefined && !evaluate(rule.if, event.variables)) continue;
    if (rule.changes !== undefined && !changesMatch(rule.changes, event.changed)) continue;
    return rule.when !== 'never';
  }
  return false;
}

/** The jobs a pipeline for `event` would have, or null when workflow:rules create no pipeline. */
export function pipelineFor(pipeline: Json, event: PipelineEvent): string[] | null {
  const workflow = pipeline.workflow as { rules?: Rule[] } | undefined;
  if (!included(workflow?.rules, event)) return null;
  return Object.entries(jobs(pipeline))
    .filter(([, job]) => included(job.rules, event))
    .map(([name]) => name);
}

function changesMatch(changes: Rule['changes'], changed: PipelineEvent['changed']): boolean {
  if (changed === 'all') return true;
  const patterns = Array.isArray(changes) ? changes : (changes?.paths ?? []);
  return changed.some((file) => patterns.some((pattern) => globToRegExp(pattern).test(file)));
}

/** fnmatch with FNM_PATHNAME and FNM_DOTMATCH, as rules:changes uses: `*` stays within a folder, `**\/` spans folders. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (glob.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * The part of the CI/CD expression language the pipeline uses: `$VAR`, quoted
 * strings, null, ==, !=, &&, || and parentheses. Anything else throws, so a
 * rule this cannot read fails the test instead of passing by accident.
 */
export function evaluate(expression: string, variables: Record<string, string>): boolean {
  const tokens = expression.match(/\$\w+|"[^"]*"|'[^']*'|==|!=|&&|\|\||\(|\)|null|\S+/g) ?? [];
  let at = 0;
  const peek = () => tokens[at];
  const next = () => tokens[at++];
  const value = (token: string | undefined): string | null => {
    if (token === undefined) throw new Error(`incomplete expression: ${expression}`);
    if (token === 'null') return null;
    if (token.startsWith('$')) return variables[token.slice(1)] ?? null;
    if (/^(".*"|'.*')$/.test(token)) return token.slice(1, -1);
    throw new Error(`unsupported token ${token} in: ${expression}`);
  };
  const comparison = (): boolean => {
    if (peek() === '(') {
      next();
      const inner = or();
      if (next() !== ')') throw new Error(`unbalanced parentheses in: ${expression}`);
      return inner;
    }
    const left = value(next());
    if (peek() === '==' || peek() === '!=') {
      const equal = next() === '==';
      return (left === value(next())) === equal;
    }
    return left !== null && left !== '';
  };
  const and = (): boolean => {
    let result = comparison();
    while (peek() === '&&') {
      next();
      result = comparison() && result;
    }
    return result;
  };
  const or = (): boolean => {
    let result = and();
    while (peek() === '||') {
      next();
      result = and() || result;
    }
    return result;
  };
  const result = or();
  if (at !== tokens.length) throw new Error(`unsupported expression: ${expression}`);
  return result;
}

const SCRIPT_KEYS = ['before_script', 'script', 'after_script'];

/** Every command line the pipeline runs: jobs, templates, `default:` and top-level scripts. */
export function commandLines(pipeline: Json): { job: string; line: string }[] {
  const lines = (job: string, script: unknown) => [script ?? []].flat(2).map((line) => ({ job, line: String(line) }));
  return Object.entries(pipeline).flatMap(([key, body]) =>
    SCRIPT_KEYS.includes(key) ? lines('(top level)', body) : isHash(body) ? SCRIPT_KEYS.flatMap((k) => lines(key, body[k])) : [],
  );
}
