/**
 * `GET /search/export` (Export Search Results), as Zendesk documents it
 * (https://developer.zendesk.com/api-reference/ticketing/ticket-management/search/#export-search-results;
 * OAS ExportSearchResults, ../shared/reference/zendesk-oas.yaml):
 *
 * - the type goes in `filter[type]`; "Searches with type in the query string will result in
 *   an error", so `type:` in `query` is a 400 here too. `query` is required.
 * - cursor pagination only, up to 1,000 records a page (`page[size]`; Zendesk recommends 100 and
 *   does not document a default: 100 here, as its cursor lists). The answer has `results` (each
 *   with `result_type`), `meta: {has_more, after_cursor, before_cursor: null}` and
 *   `links: {next, prev: null}`: no `count`, no backward paging.
 * - "The result set is ordered only by the created_at attribute": newest first, as the documented
 *   cursor says (`"field":"created_at","desc":true,"tieBreakField":"id"`), so not by id. A reader
 *   must not rely on any order.
 * - query terms: the `property:value` subset GET /search serves (./search.ts), plus `created>` /
 *   `created<` a day (YYYY-MM-DD): the Search reference's date keyword for organizations
 *   (support.zendesk.com article 4408886879258, "Searching organizations"), which is how a client asks
 *   for every organization (`created>1970-01-01`), since a query is required and `type:` is refused.
 *
 * Not emulated: the cursor's one-hour expiry, and the endpoint's own 100-requests-a-minute limit.
 */
import { ApiError, ok, type ApiRequest, type RouteHandler } from '../http.ts';
import { sortWithKeys, type KeyValue, type SortedRecords } from '../pagination.ts';
import type { Route } from '../router.ts';
import type { SandboxRecord } from '../state.ts';
import { memoisedSorter, render } from './crud.ts';
import { RESOURCES, type ResourceDef } from '../resources.ts';
import { parseSearchQuery, runSearch, type SearchType } from './search.ts';

export const EXPORT_MAX_PAGE_SIZE = 1_000;
const EXPORT_DEFAULT_PAGE_SIZE = 100;
const NEWEST_FIRST = [{ field: 'created_at', descending: true }];

const EXPORT_TYPES: Record<SearchType, ResourceDef> = {
  organization: RESOURCES.organizations,
  user: RESOURCES.users,
  ticket: RESOURCES.tickets,
};

export function searchExportRoutes(): Route[] {
  return [{ method: 'GET', pattern: 'search/export', handler: searchExport }];
}

interface DateTerm {
  field: 'created_at';
  after: boolean;
  day: string;
}

const searchExport: RouteHandler = (request, context) => {
  const type = exportType(request);
  const raw = request.query.get('query')?.trim();
  if (!raw) throw invalid('The query parameter is required');
  if (/(^|\s)type:/i.test(raw)) throw invalid('Searches with type in the query string are not supported; use filter[type]');
  const { rest, dates } = dateTerms(raw);
  const query = parseSearchQuery(rest, context, type);
  const def = EXPORT_TYPES[type];
  const size = pageSize(request);
  const sorted = query.terms.length === 0 && dates.length === 0
    ? memoisedSorter(def, context)(NEWEST_FIRST)
    : sortWithKeys(runSearch(query, context).filter((record) => dates.every((term) => onDay(record, term))), NEWEST_FIRST);
  const from = startAfter(sorted, request);
  const slice = sorted.records.slice(from, from + size);
  const hasMore = from + size < sorted.records.length;
  const afterCursor = slice.length > 0 ? encodeCursor(sorted.keys[from + slice.length - 1], from + slice.length) : null;
  return ok({
    results: slice.map((record) => ({ ...render(def, record, request), result_type: type })),
    facets: null,
    meta: { has_more: hasMore, after_cursor: afterCursor, before_cursor: null },
    links: { prev: null, next: hasMore && afterCursor ? nextLink(request, afterCursor, size) : null },
  });
};

function exportType(request: ApiRequest): SearchType {
  const type = request.query.get('filter[type]')?.trim().toLowerCase();
  if (!type) throw invalid('filter[type] is required: ticket, organization, user or group');
  if (type !== 'organization' && type !== 'user' && type !== 'ticket') {
    throw new ApiError(400, { error: 'invalid', description: `The Zendesk sandbox does not support filter[type]=${type} (only organization, user and ticket)` });
  }
  return type;
}

/** `created>2024-01-01` / `created<2024-01-01` taken out of the query; the rest goes to the /search parser. */
function dateTerms(raw: string): { rest: string; dates: DateTerm[] } {
  const dates: DateTerm[] = [];
  const rest = raw.replace(/(^|\s)created([<>])(\S*)/gi, (_whole, space: string, operator: string, day: string) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw invalid(`created${operator}${day}: the sandbox takes a day as YYYY-MM-DD`);
    dates.push({ field: 'created_at', after: operator === '>', day });
    return space;
  });
  return { rest: rest.trim(), dates };
}

function onDay(record: SandboxRecord, term: DateTerm): boolean {
  const day = typeof record[term.field] === 'string' ? (record[term.field] as string).slice(0, 10) : '';
  return term.after ? day > term.day : day !== '' && day < term.day;
}

function pageSize(request: ApiRequest): number {
  const raw = request.query.get('page[size]');
  if (raw === undefined) return EXPORT_DEFAULT_PAGE_SIZE;
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > EXPORT_MAX_PAGE_SIZE) {
    throw invalid(`page[size] must be an integer between 1 and ${EXPORT_MAX_PAGE_SIZE}`);
  }
  return size;
}

/** The documented cursor's fields; `sortValues` is the last record's sort key, so paging survives new records. */
interface ExportCursor {
  field: 'created_at';
  desc: true;
  tieBreakField: 'id';
  tieBreakDesc: false;
  sortValues: KeyValue[];
  exportedThusFar: number;
}

function encodeCursor(key: KeyValue[], exported: number): string {
  const cursor: ExportCursor = { field: 'created_at', desc: true, tieBreakField: 'id', tieBreakDesc: false, sortValues: key, exportedThusFar: exported };
  return Buffer.from(JSON.stringify(cursor)).toString('base64');
}

/** Index of the first record after the cursor (binary search: newest first, then id ascending). */
function startAfter(sorted: SortedRecords, request: ApiRequest): number {
  const raw = request.query.get('page[after]');
  if (!raw) return 0;
  let cursor: Partial<ExportCursor>;
  try {
    cursor = JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as Partial<ExportCursor>;
  } catch {
    cursor = {};
  }
  if (!Array.isArray(cursor.sortValues) || cursor.sortValues.length !== 2) throw invalid('page[after] is not a valid cursor');
  const after = cursor.sortValues;
  let low = 0;
  let high = sorted.keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareNewestFirst(sorted.keys[middle], after) > 0) high = middle;
    else low = middle + 1;
  }
  return low;
}

function compareNewestFirst(a: KeyValue[], b: KeyValue[]): number {
  const [createdA, idA] = [String(a[0] ?? ''), Number(a[1])];
  const [createdB, idB] = [String(b[0] ?? ''), Number(b[1])];
  if (createdA !== createdB) return createdA > createdB ? -1 : 1;
  return idA - idB;
}

function nextLink(request: ApiRequest, cursor: string, size: number): string {
  const params = new URLSearchParams(request.query.params);
  params.set('page[after]', cursor);
  params.set('page[size]', String(size));
  return `${request.origin}${request.rawPath}?${params.toString()}`;
}

/** A 400 in the Search API's documented error shape (`error` + `description`). */
function invalid(description: string): ApiError {
  return new ApiError(400, { error: 'invalid', description });
}
