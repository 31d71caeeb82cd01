/**
 * Benchmark-sized accounts: 50,000 organizations must seed quickly and page through
 * completely by cursor. The store sorts a collection once per change rather than per
 * page, so a full pass stays far below the budget (a quadratic pass would blow it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { largeOrganizations, largeOrganizationSeed } from '../../scripts/sandbox/zendesk/large-seed.ts';
import type { ZendeskSandbox } from '../../scripts/sandbox/zendesk/server.ts';
import { basicAuth, startSandbox } from './harness.ts';

const COUNT = 50_000;
let sandbox: ZendeskSandbox;
let seedMs = 0;
beforeAll(async () => {
  const started = performance.now();
  sandbox = await startSandbox({ seed: largeOrganizationSeed(COUNT) });
  seedMs = performance.now() - started;
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
    expect(seedMs).toBeLessThan(10_000);
  });

  it('page through completely by cursor, in id order, within the budget', async () => {
    const started = performance.now();
    let url: string | null = `${sandbox.url}/api/v2/organizations.json?page[size]=100`;
    const ids: number[] = [];
    let pages = 0;
    while (url) {
      const body = (await (await fetch(url, { headers: { authorization: basicAuth } })).json()) as { organizations: { id: number }[]; links: { next: string | null } };
      ids.push(...body.organizations.map((o) => o.id));
      url = body.links.next;
      pages += 1;
    }
    const elapsed = performance.now() - started;
    expect(ids).toHaveLength(COUNT + 3);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1])).toBe(true);
    expect(pages).toBe(501);
    expect(elapsed).toBeLessThan(20_000);
  });
});
