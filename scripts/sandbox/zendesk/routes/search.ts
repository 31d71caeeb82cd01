/**
 * The Search API (`GET /search`, `GET /search/count`) for the slice of query syntax the
 * tool needs, following https://developer.zendesk.com/api-reference/ticketing/ticket-management/search/:
 * `type:organization|user` plus `property:value` terms (`:` is equality, double quotes
 * hold a phrase), ANDed together and matched exactly and case-insensitively. Custom
 * organization and user fields are searched by their field key (e.g. `salesforce_id:…`),
 * as the Zendesk Support search reference (support.zendesk.com article 203663226) describes.
 *
 * Tickets (`type:ticket`) are searched by `tags:`, `external_id:` and `requester:` (an email,
 * any case, or a user id), the ticket keywords of the Zendesk Support search reference
 * (support.zendesk.com article 4408886879258). Real search indexes new tickets after a delay
 * ("it can take a few minutes"); the sandbox finds them at once, so a client that must not
 * miss a ticket it just created looks it up by external_id (GET /tickets?external_id=) instead.
 *
 * Anything else real Zendesk understands (free text, `<`/`>`, `-` negation, `*` wildcards,
 * `order_by:`, other ticket keywords such as `status:`, groups) is refused with a 400 naming
 * the unsupported part, so a client never mistakes the sandbox's limits for "no results".
 */
import { ApiError, ok, type ApiRequest, type RouteHandler, type SandboxContext } from '../http.ts';
import { searchPage, sortFromQuery, sortWithKeys } from '../pagination.ts';
import { RESOURCES, type ResourceDef } from '../resources.ts';
import type { Route } from '../router.ts';
import type { CollectionName, SandboxRecord } from '../state.ts';
import { render } from './crud.ts';

export type SearchType = 'organization' | 'user' | 'ticket';

export interface SearchTerm {
  /** Record path the value is compared with, e.g. `name` or `organization_fields.salesforce_id`. */
  path: string;
  value: string;
}

export interface SearchQuery {
  type: SearchType;
  terms: SearchTerm[];
}

const TYPES: Record<SearchType, { def: ResourceDef; properties: readonly string[]; customFields?: CollectionName; customPath?: string }> = {
  organization: {
    def: RESOURCES.organizations,
    properties: ['name', 'external_id', 'tags', 'domain_names'],
    customFields: 'organization_fields',
    customPath: 'organization_fields',
  },
  user: {
    def: RESOURCES.users,
    properties: ['name', 'email', 'external_id', 'role', 'tags', 'organization_id'],
    customFields: 'user_fields',
    customPath: 'user_fields',
  },
  ticket: {
    def: RESOURCES.tickets,
    properties: ['tags', 'external_id', 'requester'],
  },
};

/** Search API sorts (`sort_by`); without one Zendesk orders by relevance, which here is id order. */
const SEARCH_SORTS = { created_at: 'created_at', updated_at: 'updated_at' };

export function searchRoutes(): Route[] {
  return [
    { method: 'GET', pattern: 'search', handler: search },
    { method: 'GET', pattern: 'search/count', handler: searchCount },
  ];
}

const search: RouteHandler = (request, context) => {
  const query = parseSearchQuery(requiredQuery(request), context);
  const { def } = TYPES[query.type];
  const sort = sortFromQuery(request.query, SEARCH_SORTS, []);
  const page = searchPage(sortWithKeys(runSearch(query, context), sort), request);
  const results = page.records.map((record) => ({ ...render(def, record, request), result_type: query.type }));
  return ok({ results, facets: null, ...page.envelope });
};

/** OAS CountSearchResults: `{"count": n}`, with the same query syntax. */
const searchCount: RouteHandler = (request, context) =>
  ok({ count: runSearch(parseSearchQuery(requiredQuery(request), context), context).length });

function requiredQuery(request: ApiRequest): string {
  const query = request.query.get('query')?.trim();
  if (!query) throw unsupported('the query parameter is required');
  return query;
}

/** Records matching every term, unordered. Equality terms are answered from the store's field indexes. */
export function runSearch(query: SearchQuery, context: SandboxContext): readonly SandboxRecord[] {
  const { def } = TYPES[query.type];
  const [first, ...rest] = query.terms;
  if (!first) return context.store.view(def.collection);
  return context.store.findAllBy(def.collection, first.path, first.value).filter((record) => rest.every((term) => matchesTerm(record, term)));
}

/** Same comparison as the store's index: text equality ignoring case; arrays match on any element. */
function matchesTerm(record: SandboxRecord, term: SearchTerm): boolean {
  let value: unknown = record;
  for (const segment of term.path.split('.')) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[segment] : undefined;
  }
  const wanted = term.value.toLowerCase();
  return (Array.isArray(value) ? value : [value]).some(
    (candidate) => (typeof candidate === 'string' || typeof candidate === 'number' || typeof candidate === 'boolean') && String(candidate).toLowerCase() === wanted,
  );
}

/**
 * Parses `type:organization salesforce_id:0015g0000000001AAA name:"Acme Corp"`. `defaultType`
 * serves endpoints that imply the type (GET /users/search); otherwise `type:` is required.
 */
export function parseSearchQuery(raw: string, context: SandboxContext, defaultType?: SearchType): SearchQuery {
  const tokens = tokenize(raw);
  let type = defaultType;
  const pending: { key: string; value: string }[] = [];
  for (const { key, value } of tokens) {
    if (key === undefined) throw unsupported(`free-text terms ("${value}"); use property:value`);
    if (key === 'type') {
      const wanted = value.toLowerCase();
      if (wanted !== 'organization' && wanted !== 'user' && wanted !== 'ticket') throw unsupported(`type:${value} (only type:organization, type:user and type:ticket)`);
      if (type !== undefined && type !== wanted) throw unsupported(`mixing type:${type} and type:${wanted}`);
      type = wanted;
    } else pending.push({ key, value });
  }
  if (type === undefined) throw unsupported('queries without type:organization, type:user or type:ticket');
  const { properties, customFields, customPath } = TYPES[type];
  const fieldKeys = new Set(customFields ? context.store.view(customFields).map((field) => String(field.key)) : []);
  const terms = pending.map(({ key, value }): SearchTerm => {
    if (type === 'ticket' && key === 'requester') return requesterTerm(value, context);
    if (properties.includes(key)) return { path: key, value };
    if (fieldKeys.has(key)) return { path: `${customPath}.${key}`, value };
    throw unsupported(`"${key}:" in type:${type} searches (supported: ${[...properties, ...fieldKeys].join(', ')})`);
  });
  return { type, terms };
}

/** `requester:ada@acme.example` or `requester:123` → the tickets' `requester_id`; an unknown email matches nothing. */
function requesterTerm(value: string, context: SandboxContext): SearchTerm {
  if (/^\d+$/.test(value)) return { path: 'requester_id', value };
  if (!value.includes('@')) throw unsupported(`"requester:${value}" (only an email or a user id)`);
  const [user] = context.store.findAllBy('users', 'email', value);
  return { path: 'requester_id', value: user ? String(user.id) : '' };
}

/** `key:value`, `key:"a phrase"`; rejects the operators the sandbox does not implement. */
function tokenize(raw: string): { key?: string; value: string }[] {
  if ((raw.match(/"/g) ?? []).length % 2 !== 0) throw unsupported('an unterminated double quote');
  const tokens: { key?: string; value: string }[] = [];
  for (const match of raw.matchAll(/([^\s:"]+):(?:"([^"]*)"|([^\s"]*))|"([^"]*)"|(\S+)/g)) {
    const [text, key, quoted, bare, phrase, word] = match;
    if (key === undefined) {
      if (/[<>]/.test(text)) throw unsupported(`comparison operators ("${text}")`);
      tokens.push({ value: phrase ?? word ?? text });
      continue;
    }
    const value = quoted ?? bare ?? '';
    if (/^[-+]/.test(key)) throw unsupported(`negation or boolean prefixes ("${text}")`);
    if (/[<>]/.test(key) || /^[<>]/.test(value)) throw unsupported(`comparison operators ("${text}")`);
    if (key === 'order_by' || key === 'sort') throw unsupported(`${key}: in the query (use the sort_by and sort_order parameters)`);
    if (quoted === undefined && value.includes('*')) throw unsupported(`wildcards ("${text}")`);
    if (value === '') throw unsupported(`an empty value for "${key}:"`);
    tokens.push({ key: key.toLowerCase(), value });
  }
  return tokens;
}

/** A 400 in the Search API's documented error shape (`error` + `description`). */
function unsupported(what: string): ApiError {
  return new ApiError(400, { error: 'invalid', description: `The Zendesk sandbox does not support ${what}` });
}
