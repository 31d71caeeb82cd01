/** The Search API slice the tool uses: organizations by key or custom field, users by email. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { largeOrganizationSeed } from '../../scripts/sandbox/zendesk/large-seed.ts';
import type { ZendeskSandbox } from '../../scripts/sandbox/zendesk/server.ts';
import { api, startSandbox, zendeskClient, type ZendeskClient } from './harness.ts';

let sandbox: ZendeskSandbox;
let client: ZendeskClient;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: largeOrganizationSeed(1_500) });
  client = zendeskClient(sandbox);
});
afterAll(() => sandbox.close());

const search = (query: string, extra = '') => api(sandbox, 'GET', `search.json?query=${encodeURIComponent(query)}${extra}`);
const names = async (query: string) => (await search(query)).body.results.map((result: { name: string }) => result.name);

describe('GET /search', () => {
  it('finds an organization by a custom field through node-zendesk', async () => {
    const { result } = await client.search.query('type:organization salesforce_id:0015g0000000001aaa');
    expect(result).toEqual([
      expect.objectContaining({
        name: 'Acme Corp',
        result_type: 'organization',
        organization_fields: { salesforce_id: '0015g0000000001AAA', support_tier: 'tier_enterprise' },
        url: expect.stringMatching(/\/api\/v2\/organizations\/\d+\.json$/),
      }),
    ]);
  });

  it('matches external_id, name (quoted or not) and combined terms exactly, ignoring case', async () => {
    expect(await names('type:organization external_id:INITECH')).toEqual(['Initech']);
    expect(await names('type:organization name:"acme corp"')).toEqual(['Acme Corp']);
    expect(await names('type:organization name:Acme')).toEqual([]);
    expect(await names('type:organization name:Globex salesforce_id:0015g0000000002AAA')).toEqual(['Globex']);
    expect(await names('type:organization name:Globex external_id:acme')).toEqual([]);
    expect(await names('type:organization support_tier:tier_enterprise tags:enterprise')).toEqual(['Acme Corp']);
    const user = (await search('type:user email:Gina@Globex.example')).body.results;
    expect(user).toEqual([expect.objectContaining({ name: 'Gina Ruiz', result_type: 'user' })]);
  });

  it('pages with offsets, counts every match, and stops at 1,000 results', async () => {
    const first = (await search('type:organization tags:bench', '&per_page=100')).body;
    expect(first).toMatchObject({ count: 1_500, previous_page: null, facets: null });
    expect(first.results).toHaveLength(100);
    expect(first.next_page).toContain('page=2');
    const last = (await search('type:organization tags:bench', '&per_page=100&page=10')).body;
    expect(last.results).toHaveLength(100);
    expect(last.next_page).toBeNull();
    const past = await search('type:organization tags:bench', '&per_page=100&page=11');
    expect(past.status).toBe(422);
    expect(past.body.error).toBe('invalid');

    expect((await api(sandbox, 'GET', `search/count.json?query=${encodeURIComponent('type:organization tags:bench')}`)).body).toEqual({ count: 1_500 });
  });

  it('refuses syntax the sandbox does not implement with a 400 that names it', async () => {
    for (const query of ['acme', 'type:organization created>2024-01-01', 'type:organization -name:Acme', 'type:organization name:Acme*', 'type:ticket status:open', 'name:Acme', 'type:organization favourite_colour:blue']) {
      const reply = await search(query);
      expect(reply.status, query).toBe(400);
      expect(reply.body.description, query).toMatch(/does not support/);
    }
  });
});
