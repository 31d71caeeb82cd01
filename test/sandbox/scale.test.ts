/**
 * Benchmark-sized accounts: 50,000 organizations seed and page through completely by
 * cursor. How fast is measured by `npm run bench`, not here (timings are no test).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { largeOrganizations, largeOrganizationSeed } from '../../scripts/sandbox/zendesk/large-seed.ts';
import type { ZendeskSandbox } from '../../scripts/sandbox/zendesk/server.ts';
import { basicAuth, startSandbox } from './harness.ts';

const COUNT = 50_000;
let sandbox: ZendeskSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: largeOrganizationSeed(COUNT) });
});
afterAll(() => sandbox.close());

describe('50,000 organizations', () => {
  it('follow predictable patterns', () => {
    const [first] = largeOrganizations(1, { firstNumber: 123 });
    expect(first).toMatchObject({
      name: 'Bench Org 000123',
      external_id: 'ext-000123',
      organization_fields: { salesforce_id: '001BENCH000123', support_tier: 'tier_standard' },
    });
  });

  it('page through completely by cursor, in id order, without gaps or repeats', async () => {
    let url: string | null = `${sandbox.url}/api/v2/organizations.json?page[size]=100`;
    const ids: number[] = [];
    let pages = 0;
    while (url) {
      const body = (await (await fetch(url, { headers: { authorization: basicAuth } })).json()) as { organizations: { id: number }[]; links: { next: string | null } };
      ids.push(...body.organizations.map((o) => o.id));
      url = body.links.next;
      pages += 1;
    }
    expect(ids).toHaveLength(COUNT + 3);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1])).toBe(true);
    expect(pages).toBe(501);
  });
});
