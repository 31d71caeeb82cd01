/**
 * Which organizations `import --organizations` reads. Never all of them by
 * default: an account may hold 50,000. The selection is either a list of keys
 * (`salesforce_id:0015…,external_id:acme,12345`) or a Zendesk search query
 * (`tags:enterprise`, `name:"Acme Corp"`), run as `type:organization <query>`.
 */
import type { RawObject } from '../kinds/kind.ts';
import type { ZendeskClient } from '../zendesk/client.ts';
import { mapConcurrent } from '../zendesk/limiter.ts';
import type { OrganizationKey } from './model.ts';

export type Selection = { keys: OrganizationKey[] } | { query: string };

/** The Search API returns at most 1,000 results per query. */
export const SEARCH_LIMIT = 1000;

const KEY = /^(salesforce_id|external_id|zendesk_id):(.+)$/;

export function parseSelection(value: string): Selection {
  const items = value.split(',').map((item) => item.trim()).filter(Boolean);
  const keys = items.map((item): OrganizationKey | null => {
    if (/^\d+$/.test(item)) return { by: 'zendesk_id', value: Number(item) };
    const match = KEY.exec(item);
    if (!match) return null;
    if (match[1] === 'zendesk_id') return /^\d+$/.test(match[2]) ? { by: 'zendesk_id', value: Number(match[2]) } : null;
    return { by: match[1] as 'salesforce_id' | 'external_id', value: match[2] };
  });
  if (items.length > 0 && keys.every((k) => k !== null)) return { keys: keys as OrganizationKey[] };
  return { query: value.trim() };
}

export async function selectOrganizations(client: ZendeskClient, selection: Selection): Promise<{ organizations: RawObject[]; missing: string[]; truncated: boolean }> {
  if ('query' in selection) {
    const found = await search(client, `type:organization ${selection.query}`);
    return { organizations: found.results, missing: [], truncated: found.truncated };
  }
  const { keys } = selection;
  const ids = keys.flatMap((k) => (k.by === 'zendesk_id' ? [String(k.value)] : []));
  const externalIds = keys.flatMap((k) => (k.by === 'external_id' ? [k.value] : []));
  const salesforceIds = keys.flatMap((k) => (k.by === 'salesforce_id' ? [k.value] : []));
  const requests: (() => Promise<RawObject[]>)[] = [
    ...chunk(ids).map((batch) => async () => (await client.get<{ organizations?: RawObject[] }>('organizations/show_many', { ids: batch.join(',') })).body?.organizations ?? []),
    ...chunk(externalIds).map((batch) => async () => (await client.get<{ organizations?: RawObject[] }>('organizations/show_many', { external_ids: batch.join(',') })).body?.organizations ?? []),
    ...salesforceIds.map((id) => async () => (await search(client, `type:organization salesforce_id:"${id}"`)).results),
  ];
  const found = [...new Map((await mapConcurrent(requests, client.concurrency, (r) => r())).flat().map((o) => [String(o.id), o])).values()];
  const missing = keys
    .filter((k) => !found.some((o) => matches(k, o)))
    .map((k) => `${k.by}:${k.value}`);
  return { organizations: found, missing, truncated: false };
}

function matches(key: OrganizationKey, raw: RawObject): boolean {
  if (key.by === 'zendesk_id') return Number(raw.id) === key.value;
  if (key.by === 'external_id') return String(raw.external_id ?? '').toLowerCase() === key.value.toLowerCase();
  return String((raw.organization_fields as RawObject | undefined)?.salesforce_id ?? '') === key.value;
}

/** Offset pages of the Search API (`next_page`), up to its 1,000-result cap. */
async function search(client: ZendeskClient, query: string): Promise<{ results: RawObject[]; truncated: boolean }> {
  const results: RawObject[] = [];
  for (let page = 1; ; page++) {
    const body = (await client.get<{ results?: RawObject[]; next_page?: string | null; count?: number }>('search', { query, page, per_page: 100 })).body ?? {};
    results.push(...(body.results ?? []).filter((r) => r.result_type === undefined || r.result_type === 'organization'));
    if (!body.next_page || results.length >= SEARCH_LIMIT) return { results, truncated: (body.count ?? 0) > results.length };
  }
}

function chunk<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += 100) out.push(items.slice(i, i + 100));
  return out;
}
