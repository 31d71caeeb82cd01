/**
 * Which organizations `import --organizations` reads. Never all of them by
 * default: an account may hold 50,000. The selection is either a list of keys
 * (`salesforce_id:0015…,external_id:acme,12345`) or a Zendesk search query
 * (`tags:enterprise`, `name:"Acme Corp"`), run as `type:organization <query>`.
 */
import type { RawObject } from '../kinds/kind.ts';
import type { ZendeskClient } from '../zendesk/client.ts';
import { hasKey, lookUpKeys, searchOrganizations } from './fetch.ts';
import type { OrganizationKey } from '../core/model.ts';

export type Selection = { keys: OrganizationKey[] } | { query: string };

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
    const found = await searchOrganizations(client, `type:organization ${selection.query}`);
    return { organizations: found.results, missing: [], truncated: found.truncated };
  }
  const organizations = await lookUpKeys(client, selection.keys);
  const missing = selection.keys.filter((key) => !organizations.some((raw) => hasKey(raw, key))).map((k) => `${k.by}:${k.value}`);
  return { organizations, missing, truncated: false };
}
