/** GET /search/export as Zendesk documents it: filter[type], up to 1,000 a page, cursor only, no count. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { largeOrganizationSeed } from '../../scripts/sandbox/zendesk/large-seed.ts';
import type { ZendeskSandbox } from '../../scripts/sandbox/zendesk/server.ts';
import { api, startSandbox } from './harness.ts';

let sandbox: ZendeskSandbox;
beforeAll(async () => {
  // 2,497 generated + the seed's 3 = 2,500 organizations, all made years ago.
  const seed = largeOrganizationSeed(2_497);
  for (const organization of seed.collections.organizations ?? []) organization.created_at = '2020-01-01T00:00:00Z';
  sandbox = await startSandbox({ seed });
});
afterAll(() => sandbox.close());

const exportPage = (query: string, extra = '&filter[type]=organization&page[size]=1000') =>
  api(sandbox, 'GET', `search/export.json?query=${encodeURIComponent(query)}${extra}`);

describe('GET /search/export', () => {
  it('pages every organization 1,000 at a time with cursors and links.next, and no count', async () => {
    const first = (await exportPage('created>1970-01-01')).body;
    expect(Object.keys(first).sort()).toEqual(['facets', 'links', 'meta', 'results']);
    expect(first.results).toHaveLength(1_000);
    expect(first.results[0]).toMatchObject({ result_type: 'organization', url: expect.stringMatching(/\/api\/v2\/organizations\/\d+\.json$/) });
    expect(first.meta).toEqual({ has_more: true, after_cursor: expect.any(String), before_cursor: null });
    expect(first.links.prev).toBeNull();
    expect(first.links.next).toContain(`${sandbox.url}/api/v2/search/export.json?`);

    const ids = new Set<number>(first.results.map((r: { id: number }) => r.id));
    let page = first;
    let pages = 1;
    while (page.meta.has_more) {
      page = (await api(sandbox, 'GET', page.links.next.replace(`${sandbox.url}/api/v2/`, ''))).body;
      pages++;
      for (const result of page.results) ids.add(result.id);
    }
    expect(pages).toBe(3);
    expect(page.results).toHaveLength(500);
    expect(page.links.next).toBeNull();
    expect(ids.size).toBe(2_500);
  });

  it('narrows by the same property:value terms as /search', async () => {
    const { results } = (await exportPage('salesforce_id:001BENCH000007')).body;
    expect(results.map((r: { name: string }) => r.name)).toEqual(['Bench Org 000007']);
    expect((await exportPage('created>2999-01-01')).body.results).toEqual([]);
  });

  it('lists the newest organization first: export results are not in id order', async () => {
    const created = await api(sandbox, 'POST', 'organizations.json', { organization: { name: 'Newest Co' } });
    expect(created.status).toBe(201);
    const { results } = (await exportPage('created>1970-01-01', '&filter[type]=organization&page[size]=2')).body;
    expect(results.map((r: { name: string }) => r.name)).toEqual(['Newest Co', 'Acme Corp']);
    const older = (await exportPage('created<2021-01-01', '&filter[type]=organization&page[size]=2')).body;
    expect(older.results.map((r: { name: string }) => r.name)).toEqual(['Acme Corp', 'Globex']);
  });

  it('refuses what Zendesk refuses: type in the query, no filter[type], no query, pages over 1,000', async () => {
    const refused = [
      await exportPage('type:organization'),
      await exportPage('created>1970-01-01', ''),
      await api(sandbox, 'GET', 'search/export.json?filter[type]=organization'),
      await exportPage('created>1970-01-01', '&filter[type]=organization&page[size]=1001'),
    ];
    expect(refused.map((reply) => reply.status)).toEqual([400, 400, 400, 400]);
    expect(refused[0].body.description).toMatch(/type in the query string/);
    expect(refused[3].body.description).toMatch(/between 1 and 1000/);
  });
});
