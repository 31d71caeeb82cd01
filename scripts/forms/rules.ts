/**
 * The rules a form submission must follow, shared by the Pages forms (in the browser)
 * and the request processor (on the issue's description), so a request the page
 * accepts is one the processor accepts.
 *
 * No imports at all, and nothing Node- or DOM-specific: the Pages build turns this
 * file into browser JavaScript with `typescript.transpileModule`, which compiles one
 * file alone. The types of a form definition live here for the same reason;
 * definition.ts re-exports them and loads them from config/forms/.
 */

export type FormAction = 'customer_tickets' | 'shared_organization' | 'organization_note' | 'single_ticket' | 'internal_request';

export type FieldType = 'text' | 'textarea' | 'email' | 'emails' | 'select' | 'checkbox' | 'date' | 'number' | 'recipients';

export interface FieldOption {
  value: string;
  label: string;
  /** Options with the same group are shown together under it (an `<optgroup>`). */
  group?: string;
}

/** True when the other field's value is above the number, or one of the listed values. */
export type FieldCondition = { field: string; above: number } | { field: string; equals: string[] };

export interface FormField {
  /** snake_case, unique in the form: the key in the request block. */
  name: string;
  type: FieldType;
  label: string;
  help?: string;
  required?: boolean;
  /** Required when this condition holds; a list: when all of them hold. */
  required_when?: FieldCondition | FieldCondition[];
  /** Only asked (and only kept) when this condition holds; a list: when all of them hold. */
  shown_when?: FieldCondition | FieldCondition[];
  /** A regular expression (JavaScript, `u` flag) the whole trimmed value must match. */
  pattern?: string;
  pattern_message?: string;
  min_length?: number;
  max_length?: number;
  min?: number;
  max?: number;
  max_items?: number;
  options?: FieldOption[];
  default?: string | number | boolean;
  placeholder?: string;
}

export interface FormDefinition {
  /** The file stem of config/forms/<id>.yaml. */
  id: string;
  title: string;
  description: string;
  action: FormAction;
  issue: {
    /** `{field}` is replaced by that field's value as plain text; the title is cut to 200 characters. */
    title: string;
    /** `.gitlab/issue_templates/<template>.md` */
    template: string;
    labels: string[];
  };
  approval?: { approvers: string[]; required_above: number };
  limits?: { recipients?: { min: number; max: number } };
  fields: FormField[];
  zendesk?: { group?: string; tags?: string[]; ticket_fields?: Record<string, string> };
}

export interface RecipientRow {
  email: string;
  name?: string;
  organization?: string;
}

export type FieldValue = string | number | boolean | string[] | RecipientRow[];

/** Checked values: only the form's fields, trimmed, emails lowercased, recipients deduplicated; empty optional fields left out. */
export type NormalizedValues = Record<string, FieldValue>;

export interface FieldProblem {
  /** The field's name; the message names its label. */
  field: string;
  message: string;
}

export interface Submission {
  values: NormalizedValues;
  problems: FieldProblem[];
}

/** The state label every new request starts with (the processor's request::new → … → done | failed). */
export const NEW_REQUEST_LABEL = 'request::new';

export const REQUEST_BLOCK_VERSION = 1;

/**
 * Longest new-issue address the page sends. RFC 9110 §4.1 recommends that senders and
 * recipients support URIs of at least 8,000 octets; longer ones are refused by some
 * proxies and servers (414), so a longer request goes through the clipboard instead.
 */
export const MAX_PREFILL_URL_LENGTH = 8000;

/** Issue titles are cut here (GitLab's limit is 255). */
export const MAX_TITLE_LENGTH = 200;

const DEFAULT_MAX_LENGTH: Readonly<Record<string, number>> = { text: 1000, textarea: 20000 };
const DEFAULT_MAX_EMAILS = 50;
const DEFAULT_RECIPIENTS = { min: 1, max: 500 };
/** A recipient list is read no further than this many lines, whatever the form allows. */
const MAX_RECIPIENT_LINES = 10000;
/** A field shows at most this many line problems, then how many more there are. */
const MAX_LINE_PROBLEMS = 10;
/** Keys a form does not have, named one by one; the rest are counted. */
const MAX_UNKNOWN_KEYS_NAMED = 5;

/**
 * The HTML standard's "valid email address" (html.spec.whatwg.org, input type=email),
 * which browsers check too, plus a dot in the domain: tickets go to real mailboxes.
 */
const EMAIL = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

export function isEmail(text: string): boolean {
  return text.length <= 254 && EMAIL.test(text);
}

/** Checks and normalizes one submission: the page's raw input (all text) or a request block's values (YAML types). */
export function checkSubmission(form: FormDefinition, values: Record<string, unknown>): Submission {
  const problems: FieldProblem[] = [];
  const normalized: NormalizedValues = {};
  const known = new Set(form.fields.map((field) => field.name));
  // A request block written by hand can hold thousands of keys: a few are named, the rest counted.
  const unknown = Object.keys(values).filter((key) => !known.has(key));
  for (const key of unknown.slice(0, MAX_UNKNOWN_KEYS_NAMED)) {
    problems.push({ field: key, message: `"${clip(key, 60)}" is not a field of the ${form.title} form.` });
  }
  if (unknown.length > MAX_UNKNOWN_KEYS_NAMED) {
    const more = unknown.length - MAX_UNKNOWN_KEYS_NAMED;
    problems.push({ field: unknown[MAX_UNKNOWN_KEYS_NAMED], message: `…and ${more} more ${more === 1 ? 'key that is not a field' : 'keys that are not fields'} of the ${form.title} form.` });
  }
  for (const field of form.fields) {
    const raw = Object.prototype.hasOwnProperty.call(values, field.name) ? values[field.name] : undefined;
    const checked = normalizeField(field, raw, form);
    problems.push(...checked.problems.map((message) => ({ field: field.name, message })));
    if (checked.value !== undefined) normalized[field.name] = checked.value;
  }
  // Conditions read other fields' checked values, so they run once every field is normalized.
  for (const field of form.fields) {
    if (!conditionsHold(field.shown_when, normalized, true)) {
      delete normalized[field.name];
      continue;
    }
    const required = isFieldRequired(field, normalized);
    const hasProblem = problems.some((problem) => problem.field === field.name);
    if (required && !hasProblem && isEmpty(normalized[field.name], field)) {
      problems.push({ field: field.name, message: requiredMessage(field) });
    }
  }
  // A hidden field's problems do not count: the page hides it and the processor ignores it.
  const shown = problems.filter((problem) => {
    const field = form.fields.find((f) => f.name === problem.field);
    return !field || conditionsHold(field.shown_when, normalized, true);
  });
  return { values: normalized, problems: shown };
}

/** Whether a field must be filled in, given the other values (the page marks it). */
export function isFieldRequired(field: FormField, values: NormalizedValues): boolean {
  return field.required === true || (field.required_when !== undefined && conditionsHold(field.required_when, values, false));
}

/** Whether a field is asked for, given the values so far (the page shows and hides fields with it). */
export function isFieldShown(field: FormField, values: NormalizedValues): boolean {
  return conditionsHold(field.shown_when, values, true);
}

function conditionsHold(conditions: FieldCondition | FieldCondition[] | undefined, values: NormalizedValues, whenNone: boolean): boolean {
  if (conditions === undefined) return whenNone;
  const list = Array.isArray(conditions) ? conditions : [conditions];
  return list.every((condition) => {
    const value = values[condition.field];
    if ('above' in condition) return typeof value === 'number' && value > condition.above;
    return typeof value === 'string' && condition.equals.includes(value);
  });
}

function isEmpty(value: FieldValue | undefined, field: FormField): boolean {
  if (value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return field.type === 'checkbox' && value === false;
}

function requiredMessage(field: FormField): string {
  switch (field.type) {
    case 'checkbox':
      return `${field.label} must be ticked.`;
    case 'select':
      return `Choose ${lowerFirst(field.label)}.`;
    case 'recipients':
    case 'emails':
      return `${field.label}: enter at least one email address.`;
    default:
      return `${field.label} is required.`;
  }
}

interface Checked {
  value?: FieldValue;
  problems: string[];
}

function normalizeField(field: FormField, raw: unknown, form: FormDefinition): Checked {
  if (raw === undefined || raw === null) return { problems: [] };
  switch (field.type) {
    case 'text':
    case 'textarea':
      return checkText(field, raw);
    case 'email':
      return checkEmail(field, raw);
    case 'emails':
      return checkEmails(field, raw);
    case 'select':
      return checkSelect(field, raw);
    case 'checkbox':
      return checkCheckbox(field, raw);
    case 'date':
      return checkDate(field, raw);
    case 'number':
      return checkNumber(field, raw);
    case 'recipients':
      return checkRecipients(field, raw, form.limits?.recipients ?? DEFAULT_RECIPIENTS);
  }
}

function checkText(field: FormField, raw: unknown): Checked {
  if (typeof raw !== 'string') return { problems: [`${field.label} must be text.`] };
  // Line endings as one; trimmed, so "   " is empty.
  const text = raw.replace(/\r\n?/g, '\n').trim();
  if (text === '') return { problems: [] };
  const problems: string[] = [];
  const max = field.max_length ?? DEFAULT_MAX_LENGTH[field.type] ?? 1000;
  if (text.length > max) problems.push(`${field.label} is ${text.length} characters long; at most ${max} are allowed.`);
  if (field.min_length !== undefined && text.length < field.min_length) {
    problems.push(`${field.label} must be at least ${field.min_length} characters long.`);
  }
  if (field.type === 'text' && text.includes('\n')) problems.push(`${field.label} must be one line.`);
  if (problems.length === 0 && field.pattern !== undefined && !matchesWhole(field.pattern, text)) {
    problems.push(field.pattern_message ? `${field.label}: ${field.pattern_message}` : `${field.label} is not in the expected format.`);
  }
  return { value: text, problems };
}

function matchesWhole(pattern: string, text: string): boolean {
  return new RegExp(`^(?:${pattern})$`, 'u').test(text);
}

function checkEmail(field: FormField, raw: unknown): Checked {
  if (typeof raw !== 'string') return { problems: [`${field.label} must be an email address.`] };
  const email = raw.trim().toLowerCase();
  if (email === '') return { problems: [] };
  if (!isEmail(email)) return { problems: [`${field.label} must be an email address, like name@example.com.`] };
  if (field.pattern !== undefined && !matchesWhole(field.pattern, email)) {
    return { problems: [field.pattern_message ? `${field.label}: ${field.pattern_message}` : `${field.label} is not an address this form accepts.`] };
  }
  return { value: email, problems: [] };
}

/** A list, or text with addresses separated by commas, semicolons, spaces or lines. */
function checkEmails(field: FormField, raw: unknown): Checked {
  let items: unknown[];
  if (typeof raw === 'string') items = raw.split(/[\s,;]+/).filter((item) => item !== '');
  else if (Array.isArray(raw)) items = raw;
  else return { problems: [`${field.label} must be a list of email addresses.`] };
  const max = field.max_items ?? DEFAULT_MAX_EMAILS;
  if (items.length > max * 2) return { problems: [`${field.label} lists ${items.length} addresses; at most ${max} are allowed.`] };
  const emails: string[] = [];
  const bad: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string') return { problems: [`${field.label} must be a list of email addresses.`] };
    const email = item.trim().toLowerCase();
    if (email === '') continue;
    if (!isEmail(email)) bad.push(item.trim());
    else if (!emails.includes(email)) emails.push(email);
  }
  const problems: string[] = [];
  if (bad.length > 0) problems.push(`${field.label}: ${listQuoted(bad)} ${bad.length === 1 ? 'is not an email address' : 'are not email addresses'}.`);
  if (emails.length > max) problems.push(`${field.label} lists ${emails.length} addresses; at most ${max} are allowed.`);
  return { value: emails, problems };
}

function checkSelect(field: FormField, raw: unknown): Checked {
  if (typeof raw !== 'string') return { problems: [`${field.label} must be one of the listed choices.`] };
  const value = raw.trim();
  if (value === '') return { problems: [] };
  if (!(field.options ?? []).some((option) => option.value === value)) {
    return { problems: [`${field.label}: "${clip(value, 60)}" is not one of the choices.`] };
  }
  return { value, problems: [] };
}

function checkCheckbox(field: FormField, raw: unknown): Checked {
  if (typeof raw !== 'boolean') return { problems: [`${field.label} must be true or false.`] };
  return { value: raw, problems: [] };
}

function checkDate(field: FormField, raw: unknown): Checked {
  if (typeof raw !== 'string') return { problems: [`${field.label} must be a date, like 2026-03-31.`] };
  const text = raw.trim();
  if (text === '') return { problems: [] };
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  // Date.UTC rolls 2026-02-30 over to March; a real date survives the round trip.
  if (!date || date.toISOString().slice(0, 10) !== text) return { problems: [`${field.label} must be a date, like 2026-03-31.`] };
  return { value: text, problems: [] };
}

function checkNumber(field: FormField, raw: unknown): Checked {
  let value: number;
  if (typeof raw === 'number') value = raw;
  else if (typeof raw === 'string' && raw.trim() === '') return { problems: [] };
  else if (typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim())) value = Number(raw.trim());
  else return { problems: [`${field.label} must be a number.`] };
  if (!Number.isFinite(value)) return { problems: [`${field.label} must be a number.`] };
  if (field.min !== undefined && value < field.min) return { problems: [`${field.label} must be at least ${field.min}.`] };
  if (field.max !== undefined && value > field.max) return { problems: [`${field.label} must be at most ${field.max}.`] };
  return { value, problems: [] };
}

function checkRecipients(field: FormField, raw: unknown, limits: { min: number; max: number }): Checked {
  const problems: string[] = [];
  let rows: RecipientRow[];
  if (typeof raw === 'string') {
    const parsed = parseRecipientLines(raw);
    rows = parsed.rows;
    problems.push(...limitProblems(parsed.problems.map((p) => `${field.label}, line ${p.line}: ${p.message}`)));
  } else if (Array.isArray(raw)) {
    rows = [];
    const rowProblems: string[] = [];
    if (raw.length > MAX_RECIPIENT_LINES) return { problems: [`${field.label} lists ${raw.length} rows; at most ${limits.max} are allowed.`] };
    raw.forEach((item, index) => {
      const row = recipientFromObject(item);
      const problem = 'problem' in row ? row.problem : recipientProblem(row.row);
      if (problem) rowProblems.push(`${field.label}, row ${index + 1}: ${problem}`);
      else if ('row' in row) rows.push(row.row);
    });
    problems.push(...limitProblems(rowProblems));
  } else {
    return { problems: [`${field.label} must be a list of recipients.`] };
  }
  const unique = dedupeRecipients(rows);
  if (problems.length === 0 && unique.length > 0) {
    if (unique.length < limits.min) problems.push(`${field.label}: list at least ${limits.min} different people (found ${unique.length}).`);
    if (unique.length > limits.max) problems.push(`${field.label}: at most ${limits.max} people are allowed (found ${unique.length}).`);
  }
  return { value: unique, problems };
}

function recipientFromObject(item: unknown): { row: RecipientRow } | { problem: string } {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return { problem: 'must be an email, with an optional name and organization.' };
  const record = item as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => key !== 'email' && key !== 'name' && key !== 'organization');
  if (unknown.length > 0) return { problem: `unknown key ${listQuoted(unknown)} (allowed: email, name, organization).` };
  for (const key of ['email', 'name', 'organization']) {
    const value = record[key];
    if (value !== undefined && value !== null && typeof value !== 'string') return { problem: `${key} must be text.` };
  }
  return { row: recipientRow(String(record.email ?? ''), String(record.name ?? ''), String(record.organization ?? '')) };
}

function recipientRow(email: string, name: string, organization: string): RecipientRow {
  const row: RecipientRow = { email: email.trim().toLowerCase() };
  if (name.trim() !== '') row.name = name.trim();
  if (organization.trim() !== '') row.organization = organization.trim();
  return row;
}

function recipientProblem(row: RecipientRow): string | undefined {
  if (row.email === '') return 'the email address is missing.';
  if (!isEmail(row.email)) return `"${clip(row.email, 80)}" is not an email address.`;
  if ((row.name ?? '').length > 255) return 'the name is longer than 255 characters.';
  if ((row.organization ?? '').length > 255) return 'the organization is longer than 255 characters.';
  if (/[\r\n]/.test(`${row.name ?? ''}${row.organization ?? ''}`)) return 'names and organizations must be one line.';
  return undefined;
}

/** The first people with each address are kept: a list pasted twice contacts each person once. */
function dedupeRecipients(rows: RecipientRow[]): RecipientRow[] {
  const seen = new Set<string>();
  return rows.filter((row) => !seen.has(row.email) && seen.add(row.email) !== undefined);
}

function limitProblems(problems: string[]): string[] {
  if (problems.length <= MAX_LINE_PROBLEMS) return problems;
  return [...problems.slice(0, MAX_LINE_PROBLEMS), `…and ${problems.length - MAX_LINE_PROBLEMS} more lines with problems.`];
}

export interface RecipientLineProblem {
  /** 1-based line of the text. */
  line: number;
  message: string;
}

/**
 * The page's recipient list: one person a line, `email, name, organization` as CSV
 * (fields in double quotes may hold commas; `""` is a quote), or tab-separated as
 * pasted from a spreadsheet. A first line naming the columns (`email, name, …`) is a
 * header, and then sets their order. Blank lines are skipped. Rows are not deduplicated
 * here (checkSubmission does), so line numbers stay the user's.
 */
export function parseRecipientLines(text: string): { rows: RecipientRow[]; problems: RecipientLineProblem[] } {
  const rows: RecipientRow[] = [];
  const problems: RecipientLineProblem[] = [];
  const lines = text.split(/\r\n|\n|\r/);
  let columns: ('email' | 'name' | 'organization' | 'ignored')[] = ['email', 'name', 'organization'];
  let headerSeen = false;
  let lineNumber = 0;
  for (const line of lines) {
    lineNumber += 1;
    if (lineNumber > MAX_RECIPIENT_LINES) {
      problems.push({ line: lineNumber, message: `the list is longer than ${MAX_RECIPIENT_LINES} lines.` });
      break;
    }
    if (line.trim() === '') continue;
    const cells = splitCsvLine(line);
    if ('problem' in cells) {
      problems.push({ line: lineNumber, message: cells.problem });
      continue;
    }
    if (!headerSeen && rows.length === 0 && problems.length === 0) {
      headerSeen = true;
      const header = headerColumns(cells.cells);
      if (header) {
        columns = header;
        continue;
      }
    }
    if (cells.cells.length > columns.length) {
      problems.push({ line: lineNumber, message: `${cells.cells.length} columns; expected at most ${columns.length} (${columns.join(', ')}).` });
      continue;
    }
    const value = (column: string) => cells.cells[columns.indexOf(column as never)] ?? '';
    const row = recipientRow(value('email'), value('name'), value('organization'));
    const problem = recipientProblem(row);
    if (problem) problems.push({ line: lineNumber, message: problem });
    else rows.push(row);
  }
  return { rows, problems };
}

const HEADER_NAMES: Readonly<Record<string, 'email' | 'name' | 'organization'>> = {
  email: 'email', 'e-mail': 'email', 'email address': 'email', 'e-mail address': 'email', mail: 'email',
  name: 'name', 'full name': 'name',
  organization: 'organization', organisation: 'organization', org: 'organization', company: 'organization',
};

function headerColumns(cells: string[]): ('email' | 'name' | 'organization' | 'ignored')[] | undefined {
  const columns = cells.map((cell) => HEADER_NAMES[cell.trim().toLowerCase()] ?? 'ignored');
  return columns.includes('email') && !cells.some((cell) => cell.includes('@')) ? columns : undefined;
}

function splitCsvLine(line: string): { cells: string[] } | { problem: string } {
  const separator = line.includes('\t') && !line.includes(',') ? '\t' : ',';
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        cell += char;
      }
    } else if (char === '"' && cell.trim() === '' && !wasQuoted) {
      quoted = true;
      wasQuoted = true;
      cell = '';
    } else if (char === separator) {
      cells.push(cell);
      cell = '';
      wasQuoted = false;
    } else if (wasQuoted && char.trim() !== '') {
      return { problem: 'text after a closing quote; write "" for a quote inside a quoted field.' };
    } else {
      cell += char;
    }
  }
  if (quoted) return { problem: 'a quote is not closed.' };
  cells.push(cell);
  return { cells };
}

/**
 * The request block: a fenced code block with the info string `request`, holding YAML.
 * Written by hand, every string JSON-quoted (a JSON string is a YAML double-quoted
 * scalar), so the browser needs no YAML library and no value can end the fence or
 * start a new line: newlines and every character YAML cannot hold raw are escaped.
 */
export function formatRequestBlock(formId: string, values: NormalizedValues): string {
  const lines = ['```request', `form: ${/^[a-z0-9]+(-[a-z0-9]+)*$/.test(formId) ? formId : quote(formId)}`, `version: ${REQUEST_BLOCK_VERSION}`];
  const entries = Object.entries(values);
  if (entries.length === 0) lines.push('values: {}');
  else lines.push('values:');
  for (const [name, value] of entries) {
    if (Array.isArray(value)) {
      if (value.length === 0) {
        lines.push(`  ${name}: []`);
        continue;
      }
      lines.push(`  ${name}:`);
      for (const item of value as (string | RecipientRow)[]) {
        if (typeof item === 'string') {
          lines.push(`    - ${quote(item)}`);
        } else {
          const keys = (['email', 'name', 'organization'] as const).filter((key) => item[key] !== undefined);
          keys.forEach((key, index) => lines.push(`${index === 0 ? '    - ' : '      '}${key}: ${quote(item[key] ?? '')}`));
        }
      }
    } else {
      lines.push(`  ${name}: ${scalar(value)}`);
    }
  }
  lines.push('```');
  return lines.join('\n');
}

function scalar(value: string | number | boolean | null): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  return String(value);
}

/** JSON.stringify, plus escapes for what YAML 1.2 does not allow raw (its `c-printable`) and for what some readers take as a line break (NEL, U+2028, U+2029). */
function quote(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The issue title: `{field}` replaced by that field's value as one plain line, cut to 200 characters. */
export function issueTitle(form: FormDefinition, values: NormalizedValues): string {
  const title = form.issue.title.replace(/\{([a-z][a-z0-9_]*)\}/g, (_, name: string) => {
    const option = form.fields.find((field) => field.name === name)?.options?.find((o) => o.value === values[name]);
    return option ? option.label : plainValue(values[name]);
  });
  const line = title.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return line.length > MAX_TITLE_LENGTH ? `${line.slice(0, MAX_TITLE_LENGTH - 1)}…` : line;
}

function plainValue(value: FieldValue | undefined): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return `${value.length} ${value.length === 1 ? 'entry' : 'entries'}`;
  return String(value);
}

/**
 * The issue description the page submits: one line for people, the request block, and
 * the labels as a `/label` quick action (GitLab's new-issue address has no labels
 * parameter; a quick action in the description sets them when the issue is created).
 */
export function issueDescription(form: FormDefinition, values: NormalizedValues): string {
  const labels = [...form.issue.labels, NEW_REQUEST_LABEL].map((label) => `~"${label}"`).join(' ');
  return [
    `Request from the **${form.title}** form. The request processor reads only the block below; edit it to change the request.`,
    '',
    formatRequestBlock(form.id, values),
    '',
    `/label ${labels}`,
    '',
  ].join('\n');
}

export type NewIssueLink =
  | { kind: 'prefilled'; url: string }
  /** Too long for an address: the page copies `description` and opens the form's issue template with `url`. */
  | { kind: 'clipboard'; url: string; description: string };

/**
 * GitLab's new-issue page, prefilled (doc/user/project/issues/create_issues.md, "Using a
 * URL with prefilled values": `issue[title]`, `issue[description]`, `issuable_template`).
 * The prefilled address carries no `issuable_template`: GitLab appends `issue[description]`
 * to a selected template (14.8+), and the template's empty request block would make a
 * second block. The long form opens the template alone, to be replaced by the clipboard.
 */
export function newIssueLink(projectUrl: string, form: FormDefinition, values: NormalizedValues, maxLength = MAX_PREFILL_URL_LENGTH): NewIssueLink {
  const base = `${projectUrl.replace(/\/+$/, '')}/-/issues/new`;
  const title = issueTitle(form, values);
  const description = issueDescription(form, values);
  const prefilled = `${base}?${query([['issue[title]', title], ['issue[description]', description]])}`;
  if (prefilled.length <= maxLength) return { kind: 'prefilled', url: prefilled };
  return { kind: 'clipboard', url: `${base}?${query([['issuable_template', form.issue.template], ['issue[title]', title]])}`, description };
}

function query(pairs: [string, string][]): string {
  return pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
}

function listQuoted(items: string[]): string {
  const shown = items.slice(0, 5).map((item) => `"${clip(item, 60)}"`);
  return items.length > 5 ? `${shown.join(', ')} and ${items.length - 5} more` : shown.join(', ');
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
