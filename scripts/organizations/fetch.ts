/**
 * Reading the organizations config/ manages, on an account that may hold
 * 50,000. Two ways, chosen by estimated round trips (issue 3):
 *   - look-ups: show_many by id or external id (100 per request, §9.2), one
 *     search per Salesforce id (§9.2 has no bulk look-up by organization field),
 *     all side by side;
 *   - a full cursor pass over /organizations (100 per page, one page after
 *     another, §2.1), matched in memory.
 * Whatever the key did not find is then looked up by name (exact, §9.2), so an
 * organization that already exists under the same name is adopted, not duplicated.
 */
import type { RawObject } from '../kinds/kind.ts';
import type { ZendeskClient } from '../zendesk/client.ts';
import { chunks, mapConcurrent } from '../zendesk/limiter.ts';
import { checkAnswer, checkEnvelope, checkList, flag, integer, list, maybe, object, someObject, text, type AnswerOrigin, type Infer } from '../zendesk/shapes.ts';
import type { DesiredOrganization, OrganizationKey } from '../core/model.ts';

const PER_REQUEST = 100;

/**
 * What an organization's answer must carry: the fields organizations/state.ts and diff.ts
 * read (§9.1). Everything but id and name may be null or absent.
 */
const organizationAnswer = object({
  id: integer,
  name: text,
  updated_at: maybe(text),
  external_id: maybe(text),
  notes: maybe(text),
  details: maybe(text),
  shared_tickets: maybe(flag),
  shared_comments: maybe(flag),
  tags: maybe(list(text)),
  domain_names: maybe(list(text)),
  group_id: maybe(integer),
  organization_fields: maybe(someObject),
});
export type OrganizationAnswer = Infer<typeof organizationAnswer>;

/** A user named in an override (§10.1): `ticket_restriction` is a word or null. */
const userAnswer = object({ id: integer, email: maybe(text), role: maybe(text), ticket_restriction: maybe(text), updated_at: maybe(text) });
const membershipAnswer = object({ organization_id: integer });

const organizationsAt = (path: string): AnswerOrigin => ({ method: 'GET', path, what: 'organization' });

export type FetchStrategy = 'full-pass' | 'lookups';

export interface StrategyEstimate {
  strategy: FetchStrategy;
  total: number;
  /** Requests one after another for a full pass: ceil(total / 100). */
  fullPassRounds: number;
  /** Look-up requests, and the rounds they take with `concurrency` in flight. */
  lookupRequests: number;
  lookupRounds: number;
}

/** Pure: which read is cheaper, counted in round trips (latency dominates, §3). */
export function chooseStrategy(keys: readonly OrganizationKey[], total: number, concurrency: number): StrategyEstimate {
  const count = (by: OrganizationKey['by']) => keys.filter((k) => k.by === by).length;
  const lookupRequests =
    Math.ceil(count('zendesk_id') / PER_REQUEST) + Math.ceil(count('external_id') / PER_REQUEST) + count('salesforce_id');
  const lookupRounds = Math.ceil(lookupRequests / Math.max(1, concurrency));
  const fullPassRounds = Math.ceil(total / PER_REQUEST);
  return { strategy: lookupRounds <= fullPassRounds ? 'lookups' : 'full-pass', total, fullPassRounds, lookupRequests, lookupRounds };
}

export interface LiveUser {
  id: number;
  email: string;
  role: string;
  ticketRestriction: unknown;
  updatedAt: string;
  organizationIds: number[];
}

export interface LiveOrganizations {
  estimate: StrategyEstimate;
  /** Per desired organization (same index): the live organizations its key matched. */
  matches: RawObject[][];
  /** Per desired organization: found by name rather than by key (adopted). */
  byName: boolean[];
  /** Users named in overrides, by lower-case email; null when no such user exists. */
  users: Map<string, LiveUser | null>;
}

export async function fetchOrganizations(client: ZendeskClient, desired: readonly DesiredOrganization[], strategy?: FetchStrategy): Promise<LiveOrganizations> {
  const total = await organizationCount(client);
  const estimate = chooseStrategy(desired.map((d) => d.key), total, client.concurrency);
  if (strategy) estimate.strategy = strategy;
  const [found, users] = await Promise.all([
    estimate.strategy === 'lookups' ? byLookups(client, desired) : byFullPass(client, desired),
    fetchUsers(client, desired),
  ]);
  return { estimate, ...found, users };
}

async function organizationCount(client: ZendeskClient): Promise<number> {
  const response = await client.get<unknown>('organizations/count');
  const { count } = checkAnswer(response.body, object({ count: object({ value: integer }) }), { method: 'GET', path: 'organizations/count', what: 'count' });
  return count.value;
}

/** How a key reads on an organization: ids as numbers' text, external ids case-insensitive (§9.1). */
function keyText(key: OrganizationKey): string {
  return `${key.by}:${key.by === 'external_id' ? key.value.toLowerCase() : String(key.value)}`;
}

/** Every key an organization can be found by, in keyText's spelling. */
function keysOf(raw: RawObject): string[] {
  const keys = [`zendesk_id:${String(raw.id)}`];
  if (raw.external_id !== null && raw.external_id !== undefined && raw.external_id !== '') keys.push(`external_id:${String(raw.external_id).toLowerCase()}`);
  const salesforceId = (raw.organization_fields as RawObject | undefined)?.salesforce_id;
  if (salesforceId !== null && salesforceId !== undefined && salesforceId !== '') keys.push(`salesforce_id:${String(salesforceId)}`);
  return keys;
}

/**
 * Organizations by key, so matching 5,000 files against 50,000 organizations
 * is one pass over each rather than one over the other for every file.
 */
function indexByKey(organizations: readonly RawObject[]): Map<string, RawObject[]> {
  const index = new Map<string, RawObject[]>();
  for (const raw of organizations) {
    for (const key of keysOf(raw)) {
      const same = index.get(key);
      if (same) same.push(raw);
      else index.set(key, [raw]);
    }
  }
  return index;
}

async function byLookups(client: ZendeskClient, desired: readonly DesiredOrganization[]): Promise<Pick<LiveOrganizations, 'matches' | 'byName'>> {
  return withNameFallback(client, desired, await lookUpKeys(client, desired.map((d) => d.key)));
}

/** The organizations these keys find, each once; a key that finds none is simply not among them. */
export async function lookUpKeys(client: ZendeskClient, keys: readonly OrganizationKey[]): Promise<RawObject[]> {
  const ids = keys.flatMap((k) => (k.by === 'zendesk_id' ? [String(k.value)] : []));
  const externalIds = keys.flatMap((k) => (k.by === 'external_id' ? [k.value] : []));
  const salesforceIds = keys.flatMap((k) => (k.by === 'salesforce_id' ? [k.value] : []));
  const requests: (() => Promise<RawObject[]>)[] = [
    ...chunks(ids, PER_REQUEST).map((batch) => () => showMany(client, { ids: batch.join(',') })),
    ...chunks(externalIds, PER_REQUEST).map((batch) => () => showMany(client, { external_ids: batch.join(',') })),
    ...salesforceIds.map((id) => async () => (await searchOrganizations(client, `type:organization salesforce_id:"${id}"`)).results),
  ];
  const found = (await mapConcurrent(requests, client.concurrency, (request) => request())).flat();
  return [...new Map(found.map((raw) => [String(raw.id), raw])).values()];
}

/** Whether an organization is found by this key. */
export function hasKey(raw: RawObject, key: OrganizationKey): boolean {
  return keysOf(raw).includes(keyText(key));
}

async function byFullPass(client: ZendeskClient, desired: readonly DesiredOrganization[]): Promise<Pick<LiveOrganizations, 'matches' | 'byName'>> {
  const all = checkList(await client.listAll<unknown>('organizations', 'organizations'), organizationAnswer, organizationsAt('organizations'));
  const byKey = indexByKey(all);
  const matches = desired.map((d) => byKey.get(keyText(d.key)) ?? []);
  // Names are unique in Zendesk (§9.1): the in-memory index stands in for the name search.
  const byName = new Map(all.map((raw) => [String(raw.name).toLowerCase(), raw]));
  const adopted = desired.map((d, i) => matches[i].length === 0 && d.key.by !== 'zendesk_id' && byName.has(d.spec.name.toLowerCase()));
  return { matches: matches.map((m, i) => (adopted[i] ? [byName.get(desired[i].spec.name.toLowerCase())!] : m)), byName: adopted };
}

async function withNameFallback(
  client: ZendeskClient,
  desired: readonly DesiredOrganization[],
  found: readonly RawObject[],
): Promise<Pick<LiveOrganizations, 'matches' | 'byName'>> {
  const byKey = indexByKey(found);
  const matches = desired.map((d) => byKey.get(keyText(d.key)) ?? []);
  const missing = desired.map((d, i) => (matches[i].length === 0 && d.key.by !== 'zendesk_id' ? i : -1)).filter((i) => i >= 0);
  const byName = desired.map(() => false);
  await mapConcurrent(missing, client.concurrency, async (i) => {
    const named = await client.get<unknown>('organizations/search', { name: desired[i].spec.name });
    const found = checkEnvelope(named.body, 'organizations', organizationAnswer, organizationsAt('organizations/search'));
    const same = found.filter((raw) => raw.name.toLowerCase() === desired[i].spec.name.toLowerCase());
    if (same.length > 0) {
      matches[i] = same.slice(0, 1);
      byName[i] = true;
    }
  });
  return { matches, byName };
}

async function showMany(client: ZendeskClient, query: Record<string, string>): Promise<RawObject[]> {
  const response = await client.get<unknown>('organizations/show_many', query);
  return checkEnvelope(response.body, 'organizations', organizationAnswer, organizationsAt('organizations/show_many'));
}

/** A page of the Search API: results of any type, each checked once it is known to be an organization. */
const searchAnswer = object({ results: maybe(list(object({ result_type: maybe(text) }))), next_page: maybe(text), count: maybe(integer) });

/** The Search API returns at most 1,000 results per query. */
export const SEARCH_LIMIT = 1000;

/**
 * Zendesk Search API, offset pages of 100 (`next_page`) up to its 1,000-result
 * cap; results carry result_type, and only organizations are wanted.
 */
export async function searchOrganizations(client: ZendeskClient, query: string): Promise<{ results: RawObject[]; truncated: boolean }> {
  const results: RawObject[] = [];
  const origin: AnswerOrigin = { method: 'GET', path: 'search', what: 'search answer' };
  for (let page = 1; ; page++) {
    const body = checkAnswer((await client.get<unknown>('search', { query, page, per_page: 100 })).body, searchAnswer, origin);
    const organizations = (body.results ?? []).filter((r) => r.result_type === undefined || r.result_type === null || r.result_type === 'organization');
    results.push(...checkList(organizations, organizationAnswer, organizationsAt('search')));
    if (!body.next_page || results.length >= SEARCH_LIMIT) return { results, truncated: (body.count ?? 0) > results.length };
  }
}

/** Users named in overrides: found by email (§10.2), with their memberships (§9.4). */
async function fetchUsers(client: ZendeskClient, desired: readonly DesiredOrganization[]): Promise<Map<string, LiveUser | null>> {
  const emails = [...new Set(desired.flatMap((d) => (d.spec.users ?? []).map((u) => u.email.toLowerCase())))];
  const users = new Map<string, LiveUser | null>();
  await mapConcurrent(emails, client.concurrency, async (email) => {
    const found = await client.get<unknown>('users/search', { query: `email:${email}` });
    const user = checkEnvelope(found.body, 'users', userAnswer, { method: 'GET', path: 'users/search', what: 'user' }).find((u) => (u.email ?? '').toLowerCase() === email);
    if (!user) {
      users.set(email, null);
      return;
    }
    const path = `users/${user.id}/organization_memberships`;
    const memberships = checkList(await client.listAll<unknown>(path, 'organization_memberships'), membershipAnswer, { method: 'GET', path, what: 'organization membership' });
    users.set(email, {
      id: user.id,
      email,
      role: user.role ?? 'end-user',
      ticketRestriction: user.ticket_restriction ?? null,
      updatedAt: user.updated_at ?? '',
      organizationIds: memberships.map((m) => m.organization_id),
    });
  });
  return users;
}
