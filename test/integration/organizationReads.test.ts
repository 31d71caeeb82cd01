/**
 * The two ways plan reads organizations (organizations/fetch.ts) must find the
 * same organizations and so make the same plan: look-ups by key (show_many,
 * search, then by name) and the full cursor pass. The sample account is small,
 * so the automatic choice is always look-ups; here each way is forced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../scripts/config/load.ts';
import { fetchLookups } from '../../scripts/kinds/fetch.ts';
import { diffOrganizations } from '../../scripts/organizations/diff.ts';
import { fetchOrganizations, type FetchStrategy } from '../../scripts/organizations/fetch.ts';
import { DEFAULT_CREDENTIALS, startZendeskSandbox, type ZendeskSandbox } from '../../scripts/sandbox/zendesk/server.ts';
import { defaultSeed } from '../../scripts/sandbox/zendesk/seed.ts';
import { ZendeskClient } from '../../scripts/zendesk/client.ts';

let sandbox: ZendeskSandbox;
beforeAll(async () => {
  sandbox = await startZendeskSandbox({ seed: defaultSeed() });
});
afterAll(() => sandbox.close());

async function planWith(strategy: FetchStrategy) {
  const client = new ZendeskClient({ baseUrl: sandbox.url, auth: { kind: 'api-token', email: DEFAULT_CREDENTIALS.email, apiToken: DEFAULT_CREDENTIALS.apiToken } });
  const { config } = await loadConfig('config');
  const desired = config.organizations ?? [];
  const [live, lookups] = await Promise.all([fetchOrganizations(client, desired, strategy), fetchLookups(client)]);
  const { changes, diagnostics } = diffOrganizations({ desired, live, lookups, now: new Date('2026-11-21T10:00:00Z') });
  return { live, changes, diagnostics };
}

describe('reading managed organizations', () => {
  it('finds the same organizations, and plans the same changes, by look-ups and by a full pass', async () => {
    const byLookups = await planWith('lookups');
    const byFullPass = await planWith('full-pass');
    expect(byLookups.live.estimate.strategy).toBe('lookups');
    expect(byFullPass.live.estimate.strategy).toBe('full-pass');
    expect(byFullPass.live.matches.map((m) => m.map((o) => o.name))).toEqual([['Acme Corp'], ['Globex'], ['Initech']]);
    const ids = (matches: Record<string, unknown>[][]) => matches.map((m) => m.map((o) => o.id));
    expect(ids(byLookups.live.matches)).toEqual(ids(byFullPass.live.matches));
    expect(byLookups.changes).toEqual(byFullPass.changes);
    expect(byLookups.changes.map((c) => `${c.action} ${c.kind} ${"key" in c ? c.key : ""}`)).toEqual([
      'update organizations Acme Corp', 'update users ada@acme.example', 'update organizations Globex', 'update organizations Initech',
    ]);
    expect(byLookups.diagnostics).toEqual([]);
  });
});
