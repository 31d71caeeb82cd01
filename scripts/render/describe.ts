/**
 * What every renderer says about a change, computed once from the plan so the
 * terminal and Markdown views cannot disagree; the words themselves (marks,
 * headlines, counts) are in words.ts. Pure; reads the Plan only.
 */
import type { Change, ChangeWith, FieldChange, Plan, PlanKind } from '../core/model.ts';
import { KIND_LABELS } from '../kinds/registry.ts';
import { ACTION_MARKS, changeHeadline } from './words.ts';

export interface FieldLine {
  path: string;
  before?: string;
  after?: string;
}

export interface ChangeView {
  action: Change['action'];
  symbol: '+' | '~' | '-' | '↕';
  /** "create trigger", "rename macro", "DELETE SLA policy", "reorder triggers in category Routing". */
  headline: string;
  file?: string;
  lines: FieldLine[];
  /** What the reviewer should know beyond the fields (an expired note, an audit line). */
  notices: string[];
  /** For reorders: the two sequences. */
  before?: string[];
  after?: string[];
}

export const SENSITIVE = '(sensitive value hidden)';

export function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return '(none)';
  return JSON.stringify(value);
}

function fieldLine(change: FieldChange): FieldLine {
  if (change.sensitive) return sensitiveLine(change);
  const show = (v: unknown) => formatValue(v);
  return {
    path: change.path,
    ...('before' in change ? { before: show(change.before) } : {}),
    ...('after' in change ? { after: show(change.after) } : {}),
  };
}

/** Secret-derived fields say what happened to the credential, never its value or fingerprint. */
function sensitiveLine(change: FieldChange): FieldLine {
  // The credential itself carries no value at all in a plan: only that it differs.
  if (!('before' in change) && !('after' in change)) return { path: change.path, after: `credential changed ${SENSITIVE}` };
  const present = (v: unknown) => v !== undefined && v !== null;
  const before = present(change.before);
  const after = present(change.after);
  const what = before && after ? 'credential changed' : after ? 'credential set' : 'credential removed';
  return { path: change.path, after: `${what} ${SENSITIVE}` };
}

/**
 * The fields of a whole object, for creates and deletes: one line per
 * condition, action and metric, so a reviewer reads rules, not JSON.
 */
function objectLines(spec: object, side: 'before' | 'after'): FieldLine[] {
  return Object.entries(spec)
    .filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0))
    .flatMap(([path, v]) => displayEntries(path, v).map(([p, text]) => ({ path: p, [side]: text })));
}

function displayEntries(path: string, value: unknown): [string, string][] {
  if ((path === 'conditions' || path === 'filter') && isConditions(value)) {
    return (['all', 'any'] as const).flatMap((list) =>
      value[list].map((c, i): [string, string] => [`${path}.${list}[${i}]`, `${c.field} ${c.operator}${'value' in c ? ` ${formatValue(c.value)}` : ''}`]),
    );
  }
  if (path === 'actions' && Array.isArray(value)) {
    return value.map((a: { field?: unknown; value?: unknown }, i): [string, string] => [`actions[${i}]`, `${String(a.field)} = ${formatValue(a.value)}`]);
  }
  if (path === 'policy_metrics' && Array.isArray(value)) {
    return value.map((m: Record<string, unknown>, i): [string, string] => [
      `policy_metrics[${i}]`,
      `${String(m.priority)} ${String(m.metric)} ${String(m.target)} min (${m.business_hours ? 'business hours' : 'calendar hours'})`,
    ]);
  }
  if (path === 'authentication' && typeof value === 'object' && value !== null) {
    const secretEnv = 'secret_env' in value ? value.secret_env : undefined;
    const source = typeof secretEnv === 'string' ? ` from $${secretEnv}` : '';
    return [[path, `${String('type' in value ? value.type : undefined)}, credential${source} ${SENSITIVE}`]];
  }
  return [[path, formatValue(value)]];
}

/** Macro attachments are only listed in config/, never created from it; a notice says so instead. */
function withoutReadOnly(spec: ChangeWith<'create'>['after']): object {
  if (!('attachments' in spec)) return { ...spec };
  const { attachments: _attachments, ...rest } = spec;
  return rest;
}

/**
 * `conditions.all[1].value (ticket_field:Product area [inactive])`: a value
 * change names the field it tests or sets, so a reviewer sees which of two
 * same-titled fields, or which notification, the new value lands on.
 */
function withSubject(line: FieldLine, after: ChangeWith<'update'>['after']): FieldLine {
  const match = /^(conditions|filter)\.(all|any)\[(\d+)\]\.(value|operator)$|^actions\[(\d+)\]\.value$/.exec(line.path);
  if (!match) return line;
  const [, list, half, conditionIndex, , actionIndex] = match;
  const conditions = list === 'conditions' && 'conditions' in after ? after.conditions : list === 'filter' && 'filter' in after ? after.filter : undefined;
  const entry = list
    ? conditions?.[half === 'all' ? 'all' : 'any']?.[Number(conditionIndex)]
    : 'actions' in after ? after.actions?.[Number(actionIndex)] : undefined;
  const field: unknown = entry?.field;
  return typeof field === 'string' ? { ...line, path: `${line.path} (${field})` } : line;
}

function isConditions(value: unknown): value is { all: Record<string, unknown>[]; any: Record<string, unknown>[] } {
  return typeof value === 'object' && value !== null && 'all' in value && Array.isArray(value.all) && 'any' in value && Array.isArray(value.any);
}

export function describeChange(change: Change): ChangeView {
  const view = describeFields(change);
  return { ...view, notices: 'notices' in change && change.notices ? change.notices : [] };
}

function describeFields(change: Change): Omit<ChangeView, 'notices'> {
  const marks = { action: change.action, symbol: ACTION_MARKS[change.action].symbol, headline: changeHeadline(change) };
  switch (change.action) {
    case 'create':
      return { ...marks, file: change.file, lines: objectLines(withoutReadOnly(change.after), 'after') };
    case 'update':
      return { ...marks, file: change.file, lines: change.fields.map((field) => withSubject(fieldLine(field), change.after)) };
    case 'delete':
      return { ...marks, lines: objectLines(change.before, 'before') };
    case 'reorder':
      return { ...marks, ...(change.file ? { file: change.file } : {}), lines: [], before: change.before, after: change.after };
  }
}

export interface SummaryRow {
  kind: PlanKind;
  label: string;
  create: number;
  update: number;
  delete: number;
  reorder: number;
  unmanaged: number;
}

/** One row per kind that has anything to say, in the plan's kind order. */
export function summaryRows(plan: Plan): SummaryRow[] {
  const rows = new Map<PlanKind, SummaryRow>();
  const row = (kind: PlanKind) => {
    let r = rows.get(kind);
    if (!r) {
      r = { kind, label: KIND_LABELS[kind].many, create: 0, update: 0, delete: 0, reorder: 0, unmanaged: 0 };
      rows.set(kind, r);
    }
    return r;
  };
  for (const change of plan.changes) row(change.kind)[change.action]++;
  for (const object of plan.unmanaged) row(object.kind).unmanaged++;
  return [...rows.values()];
}
