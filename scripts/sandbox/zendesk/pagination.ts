/**
 * Reference §2: cursor pagination (CBP) when `page[size]` is sent, offset pagination (OBP)
 * otherwise, and a few endpoints that return everything at once. Links are absolute URLs
 * on the origin the client called: node-zendesk follows `links.next` / `next_page`
 * verbatim only when it contains the configured endpointUri (reference §14.3).
 */
import { ApiError, errorList, type Query } from './http.ts';
import type { SandboxRecord } from './state.ts';

export type PaginationMode =
  /** `page[size]` → CBP, else OBP (most lists, reference §2.2). */
  | 'cursor_or_offset'
  /** OBP only; `page[size]` is ignored (macros/active, users/search …). */
  | 'offset'
  /** CBP only, 100 per page by default; an offset request gets a cursor reply (webhooks, trigger_categories, job_statuses). */
  | 'cursor'
  /** Everything in one page with OBP keys (slas/policies, ticket_forms, custom_statuses …). */
  | 'all'
  /** Everything, with no pagination keys at all (business_hours/schedules, zendesk-real-shapes.md "List envelopes"). */
  | 'bare'
  /** Everything ordered by position, or CBP ordered by id with `page[size]` (ticket_fields, §13.2). */
  | 'all_or_cursor';

export interface SortField {
  field: string;
  descending: boolean;
}

/** Fields to order by; `id` is always the final tie-breaker. */
export type SortSpec = SortField[];

export const BY_ID: SortSpec = [];
export const BY_POSITION: SortSpec = [{ field: 'position', descending: false }];

export const MAX_PAGE_SIZE = 100;
/** Reference §2.1: OBP refuses to go past the first 10,000 records. */
const OFFSET_RECORD_LIMIT = 10_000;

export interface PageLocation {
  query: Query;
  origin: string;
  rawPath: string;
}

export interface Page {
  records: SandboxRecord[];
  /** Pagination keys to merge into the list envelope. */
  envelope: Record<string, unknown>;
}

/** Records in sort order with their sort keys, so cursors can be found by binary search. */
export interface SortedRecords {
  records: readonly SandboxRecord[];
  keys: readonly KeyValue[][];
}

/** Sorts on demand; list routes pass one that reuses a sort memoised per collection revision. */
export type Sorter = (sort: SortSpec) => SortedRecords;

export function paginate(
  records: readonly SandboxRecord[],
  mode: PaginationMode,
  sort: SortSpec,
  at: PageLocation,
  sorter: Sorter = (spec) => sortWithKeys(records, spec),
): Page {
  const cursorRequested = at.query.has('page[size]');
  switch (mode) {
    case 'cursor_or_offset':
      return cursorRequested ? cursorPage(sorter(sort), sort, at, pageSize(at.query)) : offsetPage(sorter(sort), at);
    case 'offset':
      return offsetPage(sorter(sort), at);
    case 'cursor':
      return cursorPage(sorter(sort), sort, at, cursorRequested ? pageSize(at.query) : MAX_PAGE_SIZE);
    case 'all':
      return everything(sorter(sort));
    case 'bare':
      return { records: [...sorter(sort).records], envelope: {} };
    case 'all_or_cursor':
      return cursorRequested ? cursorPage(sorter(BY_ID), BY_ID, at, pageSize(at.query)) : everything(sorter(BY_POSITION));
  }
}

/** Reference §2.1 cap for the Search API: 1,000 results per query, however many match. */
export const SEARCH_RESULT_LIMIT = 1_000;

/**
 * Search API pages (OBP only, ≤100 per page). `count` is the full number of matches, but
 * only the first 1,000 can be paged to; asking past them is a 422, as documented at
 * https://developer.zendesk.com/api-reference/ticketing/ticket-management/search/ ("Results limit").
 */
export function searchPage(sorted: SortedRecords, at: PageLocation): Page {
  const { page, perPage, start } = offsetWindow(at.query);
  if (start >= SEARCH_RESULT_LIMIT) {
    // Body as reported by users hitting page 11; `invalid` is one of the documented search error types.
    throw new ApiError(422, { error: 'invalid', description: 'Invalid search: Requested response size was greater than Search Response Limits' });
  }
  const reachable = Math.min(sorted.records.length, SEARCH_RESULT_LIMIT);
  const link = (target: number): string =>
    linkTo(at, (params) => {
      params.set('page', String(target));
      params.set('per_page', String(perPage));
    });
  return {
    records: sorted.records.slice(start, Math.min(start + perPage, reachable)),
    envelope: {
      next_page: start + perPage < reachable ? link(page + 1) : null,
      previous_page: page > 1 ? link(page - 1) : null,
      count: sorted.records.length,
    },
  };
}

/** Stable, describable name of a sort (cache key, cursor tag). */
export function describeSort(sort: SortSpec): string {
  return [...sort.map(({ field, descending }) => (descending ? '-' : '') + field), 'id'].join(',');
}

/**
 * `sort=-name` (CBP) or `sort_by=alphabetical&sort_order=desc` (OBP). `aliases` maps the
 * API's names to record fields (`alphabetical` → `title`); unknown names keep the default.
 */
export function sortFromQuery(query: Query, aliases: Record<string, string>, fallback: SortSpec): SortSpec {
  const cursorSort = query.get('sort');
  if (cursorSort) {
    const descending = cursorSort.startsWith('-');
    const field = aliases[cursorSort.replace(/^-/, '')];
    return field ? [{ field, descending }] : fallback;
  }
  const sortBy = query.get('sort_by');
  const field = sortBy ? aliases[sortBy] : undefined;
  if (!field) return fallback;
  // Reference §5.2: asc is the default for alphabetical/position, desc for the rest.
  const defaultDescending = field !== 'title' && field !== 'name' && field !== 'position';
  const order = query.get('sort_order');
  return [{ field, descending: order ? order === 'desc' : defaultDescending }];
}

export function sortRecords(records: readonly SandboxRecord[], sort: SortSpec): SandboxRecord[] {
  return [...sortWithKeys(records, sort).records];
}

export function sortWithKeys(records: readonly SandboxRecord[], sort: SortSpec): SortedRecords {
  // Keys computed once per record, not per comparison: large benchmark accounts page through thousands.
  const keyed = records.map((record) => ({ record, key: sortKey(record, sort) }));
  keyed.sort((a, b) => compareKeys(a.key, b.key, sort));
  return { records: keyed.map((k) => k.record), keys: keyed.map((k) => k.key) };
}

function everything(sorted: SortedRecords): Page {
  return { records: [...sorted.records], envelope: { next_page: null, previous_page: null, count: sorted.records.length } };
}

function pageSize(query: Query): number {
  const raw = query.get('page[size]') ?? '';
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw errorList(400, 'InvalidPaginationParameter', `page[size] must be an integer between 1 and ${MAX_PAGE_SIZE}`);
  }
  return size;
}

function offsetWindow(query: Query): { page: number; perPage: number; start: number } {
  const page = Math.max(1, Math.floor(Number(query.get('page') ?? 1)) || 1);
  const perPage = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(Number(query.get('per_page') ?? MAX_PAGE_SIZE)) || MAX_PAGE_SIZE));
  return { page, perPage, start: (page - 1) * perPage };
}

function offsetPage(sortedRecords: SortedRecords, at: PageLocation): Page {
  const { page, perPage, start } = offsetWindow(at.query);
  if (page > 1 && start >= OFFSET_RECORD_LIMIT) {
    throw errorList(400, 'InvalidPaginationParameter', 'Offset pagination is limited to the first 10000 records; use cursor pagination');
  }
  const sorted = sortedRecords.records;
  const link = (target: number): string =>
    linkTo(at, (params) => {
      params.set('page', String(target));
      params.set('per_page', String(perPage));
    });
  return {
    records: sorted.slice(start, start + perPage),
    envelope: {
      next_page: start + perPage < sorted.length ? link(page + 1) : null,
      previous_page: page > 1 ? link(page - 1) : null,
      count: sorted.length,
    },
  };
}

export type KeyValue = string | number | boolean | null;

interface Cursor {
  /** Sort description, so a cursor from another ordering is recognisable. */
  o: string;
  /** Sort key of the record the cursor points at. */
  v: KeyValue[];
}

function cursorPage(sorted: SortedRecords, sort: SortSpec, at: PageLocation, size: number): Page {
  const after = at.query.get('page[after]');
  const before = at.query.get('page[before]');
  // Binary search over the sorted keys: a full pass over n records costs O(n log n), not O(n²).
  let from: number;
  let to: number;
  let hasMore: boolean;
  let hasPrevious: boolean;
  if (before) {
    const cursor = decodeCursor(before, 'page[before]');
    const end = firstIndex(sorted.keys, (key) => compareKeys(key, cursor, sort) >= 0);
    from = Math.max(0, end - size);
    to = end;
    hasMore = from > 0;
    hasPrevious = hasMore;
  } else {
    const cursor = after ? decodeCursor(after, 'page[after]') : undefined;
    from = cursor ? firstIndex(sorted.keys, (key) => compareKeys(key, cursor, sort) > 0) : 0;
    to = Math.min(sorted.records.length, from + size);
    hasMore = to < sorted.records.length;
    hasPrevious = from > 0;
  }
  const slice = sorted.records.slice(from, to);
  const afterCursor = to > from ? encodeCursor(sort, sorted.keys[to - 1]) : null;
  const beforeCursor = to > from ? encodeCursor(sort, sorted.keys[from]) : null;
  const link = (key: 'page[after]' | 'page[before]', cursor: string): string =>
    linkTo(at, (params) => {
      params.delete('page[after]');
      params.delete('page[before]');
      params.set(key, cursor);
      params.set('page[size]', String(size));
    });
  // Reference §2.1/§15.4: the last page says has_more:false; we answer links.next:null
  // there instead of Zendesk's extra empty page (node-zendesk copes with both).
  const forwardMore = before ? true : hasMore;
  const backwardMore = before ? hasMore : hasPrevious;
  return {
    records: slice,
    envelope: {
      meta: { has_more: hasMore, after_cursor: afterCursor, before_cursor: beforeCursor },
      links: {
        next: forwardMore && afterCursor ? link('page[after]', afterCursor) : null,
        prev: backwardMore && beforeCursor ? link('page[before]', beforeCursor) : null,
      },
    },
  };
}

/** First index whose key satisfies `past` (keys are sorted, so `past` flips false → true once). */
function firstIndex(keys: readonly KeyValue[][], past: (key: KeyValue[]) => boolean): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (past(keys[middle])) high = middle;
    else low = middle + 1;
  }
  return low;
}

function linkTo(at: PageLocation, edit: (params: URLSearchParams) => void): string {
  const params = new URLSearchParams(at.query.params);
  edit(params);
  return `${at.origin}${at.rawPath}?${params.toString()}`;
}

function sortKey(record: SandboxRecord, sort: SortSpec): KeyValue[] {
  return [...sort.map(({ field }) => keyValue(record[field])), keyValue(record.id)];
}

function keyValue(value: unknown): KeyValue {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return null;
}

function compareKeys(a: KeyValue[], b: KeyValue[], sort: SortSpec): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const order = compareValues(a[i] ?? null, b[i] ?? null);
    if (order !== 0) return sort[i]?.descending ? -order : order;
  }
  return 0;
}

function compareValues(a: KeyValue, b: KeyValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  const numericA = typeof a === 'number' || (typeof a === 'string' && /^\d+$/.test(a)) ? Number(a) : undefined;
  const numericB = typeof b === 'number' || (typeof b === 'string' && /^\d+$/.test(b)) ? Number(b) : undefined;
  if (numericA !== undefined && numericB !== undefined) return numericA - numericB;
  const textA = String(a).toLowerCase();
  const textB = String(b).toLowerCase();
  if (textA !== textB) return textA < textB ? -1 : 1;
  return String(a) < String(b) ? -1 : 1;
}

function encodeCursor(sort: SortSpec, key: KeyValue[]): string {
  const cursor: Cursor = { o: describeSort(sort), v: key };
  return Buffer.from(JSON.stringify(cursor)).toString('base64');
}

function decodeCursor(raw: string, parameter: string): KeyValue[] {
  try {
    const cursor = JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as Partial<Cursor>;
    if (Array.isArray(cursor.v)) return cursor.v;
  } catch {
    // fall through to the error Zendesk gives for a mangled cursor
  }
  throw errorList(400, 'InvalidPaginationParameter', `${parameter} is not valid`);
}

