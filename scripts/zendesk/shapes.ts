/**
 * The parts of Zendesk's answers the tool reads, checked where they enter, as
 * ../gitlab/shapes.ts does for GitLab. A shape declares only the fields the tool
 * reads, and what real accounts send for them (../shared/reference/zendesk-real-shapes.md,
 * the long-lived seed): what may be null or absent is declared so (`maybe`), and
 * anything undeclared passes unread. When real data breaks a rule, the rule is wrong.
 *
 * A checked answer is the object Zendesk sent, unchanged (apply sends some of it
 * back: macro attachment ids), typed as its shape says, so code reading it needs no
 * cast. An answer that does not fit becomes one line naming the request, the object
 * and the JSON path: `Zendesk answered GET /api/v2/triggers with a trigger (id 123,
 * "Route billing") whose conditions.all[2].field is a number, expected a string`.
 */
import { redact, truncate } from '../core/redact.ts';
import { ZendeskApiError } from './errors.ts';

/** One place in an answer that does not fit: where, what was there, what was expected. */
interface Misfit {
  path: string;
  found: string;
  expected: string;
}

/** What a value must look like; T is what code may then read from it. */
export interface Shape<T> {
  readonly expected: string;
  /** The first misfit at or below `path`, or null. */
  misfit(value: unknown, path: string): Misfit | null;
  /** Never set: carries T for `Infer`. */
  readonly type?: T;
}

export type Infer<S> = S extends Shape<infer T> ? T : never;

function shape<T>(expected: string, fits: (value: unknown) => boolean): Shape<T> {
  return { expected, misfit: (value, path) => (fits(value) ? null : { path, found: kindOf(value), expected }) };
}

export const text: Shape<string> = shape('a string', (v) => typeof v === 'string');
export const integer: Shape<number> = shape('an integer', (v) => typeof v === 'number' && Number.isInteger(v));
export const flag: Shape<boolean> = shape('true or false', (v) => typeof v === 'boolean');
/** Ids: numbers on most endpoints, strings on webhooks and trigger categories (§0, §5.3, §13.3). */
export const id: Shape<number | string> = shape('an id (a number or a string)', (v) => (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && v !== ''));
/** Anything: a condition's or action's value (a string, a number, a boolean, null or a list, real-shapes "Condition values"). */
export const anything: Shape<unknown> = { expected: 'anything', misfit: () => null };
/** An object whose fields the tool does not look into (organization_fields, a restriction). */
export const someObject: Shape<Record<string, unknown>> = shape('an object', isObject);

export function oneOf<const V extends string>(...values: V[]): Shape<V> {
  const expected = values.map((v) => `"${v}"`).join(' or ');
  return {
    expected,
    misfit: (value, path) => {
      if (typeof value === 'string' && (values as string[]).includes(value)) return null;
      // The word itself says more than "a string"; quoted masked and cut short, as any answer is.
      return { path, found: typeof value === 'string' ? JSON.stringify(truncate(redact(value), 40)) : kindOf(value), expected };
    },
  };
}

/** null or absent is fine: real accounts send both (`description: null`, no `raw_title`). */
export function maybe<T>(inner: Shape<T>): Shape<T | null | undefined> {
  return { expected: inner.expected, misfit: (value, path) => (value === null || value === undefined ? null : inner.misfit(value, path)) };
}

/** One shape or the other (a job's `results`: a list, or `{success}` for some jobs, §12). */
export function either<A, B>(first: Shape<A>, second: Shape<B>): Shape<A | B> {
  const expected = `${first.expected} or ${second.expected}`;
  return {
    expected,
    misfit: (value, path) => {
      const misfit = first.misfit(value, path);
      if (misfit === null || second.misfit(value, path) === null) return null;
      // Whichever reached deeper says more (a list with one bad item, rather than "not an object").
      return misfit.path !== path ? misfit : { path, found: misfit.found, expected };
    },
  };
}

export function list<T>(item: Shape<T>): Shape<T[]> {
  return {
    expected: 'a list',
    misfit: (value, path) => {
      if (!Array.isArray(value)) return { path, found: kindOf(value), expected: 'a list' };
      for (const [index, entry] of value.entries()) {
        const inner = item.misfit(entry, `${path}[${index}]`);
        if (inner) return inner;
      }
      return null;
    },
  };
}

type Fields = Record<string, Shape<unknown>>;
type MaybeKeys<F extends Fields> = { [K in keyof F]: undefined extends Infer<F[K]> ? K : never }[keyof F];
/**
 * The declared fields, typed (those that may be absent as optional); any other field
 * is passed through unchecked, so it reads as `unknown`.
 */
export type ObjectOf<F extends Fields> = { [K in Exclude<keyof F, MaybeKeys<F>>]: Infer<F[K]> } & { [K in MaybeKeys<F>]?: Infer<F[K]> } & {
  readonly [other: string]: unknown;
};

export function object<F extends Fields>(fields: F): Shape<ObjectOf<F>> {
  return {
    expected: 'an object',
    misfit: (value, path) => {
      if (!isObject(value)) return { path, found: kindOf(value), expected: 'an object' };
      for (const [key, field] of Object.entries(fields)) {
        const inner = field.misfit(value[key], path === '' ? key : `${path}.${key}`);
        if (inner) return inner;
      }
      return null;
    },
  };
}

/** Where an answer came from, and what one object of it is called (`trigger`, `SLA policy`). */
export interface AnswerOrigin {
  method: string;
  /** Relative to /api/v2, e.g. `triggers`; named in messages as `/api/v2/triggers`. */
  path: string;
  /** One object of the answer, e.g. `trigger`; a list is checked object by object. */
  what: string;
  /** How messages name the request when method and path do not (`the bulk request`); default `GET /api/v2/<path>`. */
  request?: string;
}

/** An answer that does not fit its shape. Carries status 200: Zendesk answered, just not as documented. */
export class ZendeskShapeError extends ZendeskApiError {
  constructor(origin: AnswerOrigin, sentence: string) {
    super({ method: origin.method, path: origin.path, status: 200, body: sentence });
    this.name = 'ZendeskShapeError';
    this.message = `Zendesk answered ${origin.request ?? `${origin.method} /api/v2/${origin.path}`} with ${sentence}`;
  }
}

/** One object, checked; thrown as ZendeskShapeError when it does not fit. */
export function checkAnswer<T>(raw: unknown, itemShape: Shape<T>, origin: AnswerOrigin): T {
  const misfit = itemShape.misfit(raw, '');
  if (misfit) throw new ZendeskShapeError(origin, describe(raw, misfit, origin.what));
  return raw as T;
}

/** Every object of a list, each checked (a list that is not one is refused, naming the envelope key). */
export function checkList<T>(raw: unknown, itemShape: Shape<T>, origin: AnswerOrigin): T[] {
  if (!Array.isArray(raw)) throw new ZendeskShapeError(origin, `${kindOf(raw)} where a list of ${origin.what}s was expected`);
  return raw.map((item) => checkAnswer(item, itemShape, origin));
}

/**
 * A list under `key` of an object answer (`{"organizations": [...]}`), each item checked;
 * a list that is null or absent is read as empty.
 */
export function checkEnvelope<T>(body: unknown, key: string, itemShape: Shape<T>, origin: AnswerOrigin): T[] {
  const envelope = checkAnswer(body, object({ [key]: maybe(list(anything)) }), { ...origin, what: 'answer' });
  return checkList(envelope[key] ?? [], itemShape, origin);
}

function describe(raw: unknown, misfit: Misfit, what: string): string {
  const object = `${/^[aeiou]/i.test(what) ? 'an' : 'a'} ${what}${nameOf(raw)}`;
  if (misfit.path === '') return `${misfit.found} where ${object} was expected`;
  const found = misfit.found === 'absent' ? 'is missing' : `is ${misfit.found}`;
  return `${object} whose ${misfit.path} ${found}, expected ${misfit.expected}`;
}

/** ` (id 123, "Route billing")`, from what the object has; quoted text is masked and cut short. */
function nameOf(raw: unknown): string {
  if (!isObject(raw)) return '';
  const parts: string[] = [];
  if (typeof raw.id === 'number' || (typeof raw.id === 'string' && raw.id !== '')) parts.push(`id ${String(raw.id)}`);
  const title = [raw.title, raw.name].find((t): t is string => typeof t === 'string' && t !== '');
  if (title !== undefined) parts.push(JSON.stringify(truncate(redact(title), 80)));
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

function kindOf(value: unknown): string {
  if (value === undefined) return 'absent';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return Number.isInteger(value) ? 'a number' : 'a fractional number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A ticket as the request processor reads it (OAS TicketObject; reference §11.1). Zendesk
 * leaves `external_id`, `group_id` and `organization_id` null on tickets that have none, and
 * `subject` can be null on tickets from channels without one.
 */
export const ticketAnswer = object({
  id: integer,
  url: text,
  external_id: maybe(text),
  subject: maybe(text),
  status: text,
  requester_id: integer,
  group_id: maybe(integer),
  organization_id: maybe(integer),
  tags: list(text),
});

/**
 * One page of GET /search (OAS SearchResponse): offset pages with `next_page` and the full
 * `count`; each result says what it is in `result_type`.
 */
export const searchPageAnswer = object({
  results: list(object({ result_type: text })),
  next_page: maybe(text),
  count: maybe(integer),
});
