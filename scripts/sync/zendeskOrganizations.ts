/**
 * Every organization of the account, for the Salesforce sync and its integrity report, in as
 * few round trips as Zendesk allows. Two reads, both cursor-paged, so one page after another:
 *
 *   - 'search-export': GET /search/export, up to 1,000 organizations a page (Export Search
 *     Results, https://developer.zendesk.com/api-reference/ticketing/ticket-management/search/#export-search-results).
 *     The type goes in filter[type] ("Searches with type in the query string will result in an
 *     error") and a query is required, so every organization is asked for by date:
 *     `created>1970-01-01` (the organizations keyword `created`, support.zendesk.com article
 *     4408886879258). Results come newest first, not by id: nothing here relies on order.
 *   - 'list': GET /organizations, 100 a page (§2.1).
 *
 * Search sees a new organization only once Zendesk has indexed it (minutes, as for tickets);
 * the list sees it at once. A run right after another that created organizations may
 * therefore miss them in the export; the sync plans a create, and Zendesk refuses the
 * duplicate name (§9.1), so nothing is duplicated, and the next run adopts it.
 */
import type { ZendeskOrganization } from '../salesforce/match.ts';
import type { ZendeskClient } from '../zendesk/client.ts';
import { checkAnswer, checkList, flag, integer, list, maybe, object, someObject, text, type AnswerOrigin } from '../zendesk/shapes.ts';

export type OrganizationReadStrategy = 'search-export' | 'list';

export const EXPORT_PAGE_SIZE = 1_000;
export const LIST_PAGE_SIZE = 100;
/** Every organization: the export needs a query, and none was created before 1970. */
export const ALL_ORGANIZATIONS_QUERY = 'created>1970-01-01';

/** The fields the sync and the report read (§9.1); custom fields may be absent on old records. */
const organizationAnswer = object({
  id: integer,
  name: text,
  external_id: maybe(text),
  organization_fields: maybe(someObject),
});

const exportPageAnswer = object({
  results: list(someObject),
  meta: object({ has_more: flag, after_cursor: maybe(text) }),
  links: maybe(object({ next: maybe(text) })),
});

const countAnswer = object({ count: object({ value: integer }) });

export interface ReadEstimate {
  strategy: OrganizationReadStrategy;
  total: number;
  /** Pages of each read: ceil(total / page size), at least one. */
  exportRequests: number;
  listRequests: number;
}

/**
 * The cheaper read for `total` organizations, in requests (each one round trip, one after
 * another): 50,000 organizations are 50 export pages against 500 list pages; 2,500 are 3
 * against 25. Up to 100 organizations both are one page, and the list wins: it sees
 * organizations created moments ago, and the export has its own limit of 100 requests a
 * minute (OAS ExportSearchResults, "Limits").
 */
export function chooseReadStrategy(total: number): ReadEstimate {
  const exportRequests = Math.max(1, Math.ceil(total / EXPORT_PAGE_SIZE));
  const listRequests = Math.max(1, Math.ceil(total / LIST_PAGE_SIZE));
  return { strategy: exportRequests < listRequests ? 'search-export' : 'list', total, exportRequests, listRequests };
}

/** GET /organizations/count (§9.2): one request, to choose the read. */
export async function countOrganizations(client: ZendeskClient): Promise<number> {
  const response = await client.get<unknown>('organizations/count');
  return checkAnswer(response.body, countAnswer, { method: 'GET', path: 'organizations/count', what: 'count' }).count.value;
}

export interface OrganizationRead {
  organizations: ZendeskOrganization[];
  /** HTTP requests the read took, retries included. */
  requests: number;
}

export async function readAllOrganizations(client: ZendeskClient, strategy: OrganizationReadStrategy): Promise<OrganizationRead> {
  const before = client.requestCount;
  const raw = strategy === 'search-export' ? await readByExport(client) : await readByList(client);
  // The export pages by creation time; an organization could appear twice if one were created meanwhile.
  const unique = new Map(raw.map((organization) => [organization.id, organization]));
  return { organizations: [...unique.values()], requests: client.requestCount - before };
}

async function readByList(client: ZendeskClient): Promise<ZendeskOrganization[]> {
  const origin: AnswerOrigin = { method: 'GET', path: 'organizations', what: 'organization' };
  return checkList(await client.listAll<unknown>('organizations', 'organizations'), organizationAnswer, origin).map(toOrganization);
}

async function readByExport(client: ZendeskClient): Promise<ZendeskOrganization[]> {
  const origin: AnswerOrigin = { method: 'GET', path: 'search/export', what: 'organization' };
  const query = { query: ALL_ORGANIZATIONS_QUERY, filter: { type: 'organization' }, page: { size: EXPORT_PAGE_SIZE } };
  const organizations: ZendeskOrganization[] = [];
  let response = await client.get<unknown>('search/export', query);
  for (;;) {
    const page = checkAnswer(response.body, exportPageAnswer, { ...origin, what: 'search export page' });
    organizations.push(...checkList(page.results, organizationAnswer, origin).map(toOrganization));
    if (!page.meta.has_more || !page.meta.after_cursor) return organizations;
    // links.next is followed only on this Zendesk (the client refuses any other origin); without it, the cursor.
    response = page.links?.next
      ? await client.get<unknown>(page.links.next)
      : await client.get<unknown>('search/export', { ...query, page: { size: EXPORT_PAGE_SIZE, after: page.meta.after_cursor } });
  }
}

function toOrganization(answer: { id: number; name: string; external_id?: string | null; organization_fields?: Record<string, unknown> | null }): ZendeskOrganization {
  return { id: answer.id, name: answer.name, external_id: answer.external_id ?? null, organization_fields: answer.organization_fields ?? {} };
}

/**
 * The organizations named exactly `name` (case-insensitive): GET /organizations/search?name=
 * (§9.2, "exact match"). A lookup on the organizations themselves, not the search index, so it
 * finds an organization created a moment ago, which search/export may not list for minutes.
 */
export async function findOrganizationsByName(client: ZendeskClient, name: string): Promise<ZendeskOrganization[]> {
  const origin: AnswerOrigin = { method: 'GET', path: 'organizations/search', what: 'organization' };
  const response = await client.get<unknown>('organizations/search', { name });
  const page = checkAnswer(response.body, object({ organizations: list(someObject) }), { ...origin, what: 'organization search' });
  return checkList(page.organizations, organizationAnswer, origin).map(toOrganization);
}
