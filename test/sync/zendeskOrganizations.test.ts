/**
 * Reading every organization for the Salesforce sync, through node-zendesk (the project's
 * ZendeskClient) against the sandbox: both reads return the same organizations, and the
 * export takes a tenth of the requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { largeOrganizationSeed } from '../../scripts/sandbox/zendesk/large-seed.ts';
import { DEFAULT_CREDENTIALS, startZendeskSandbox, type ZendeskSandbox } from '../../scripts/sandbox/zendesk/server.ts';
import { chooseReadStrategy, countOrganizations, readAllOrganizations } from '../../scripts/sync/zendeskOrganizations.ts';
import { ZendeskClient } from '../../scripts/zendesk/client.ts';

let sandbox: ZendeskSandbox;
beforeAll(async () => {
  // 2,497 generated + the seed's 3 = 2,500 organizations.
  sandbox = await startZendeskSandbox({ seed: largeOrganizationSeed(2_497) });
});
afterAll(() => sandbox.close());

const client = () => new ZendeskClient({ baseUrl: sandbox.url, auth: { kind: 'api-token', email: DEFAULT_CREDENTIALS.email, apiToken: DEFAULT_CREDENTIALS.apiToken } });

describe('reading all organizations', () => {
  it('takes 3 export pages where the list takes 25, and both find the same 2,500 organizations', async () => {
    const byExport = await readAllOrganizations(client(), 'search-export');
    const byList = await readAllOrganizations(client(), 'list');
    expect(byExport.requests).toBe(3);
    expect(byList.requests).toBe(25);
    expect(byExport.organizations).toHaveLength(2_500);
    const byId = (list: typeof byList.organizations) => [...list].sort((a, b) => a.id - b.id);
    expect(byId(byExport.organizations)).toEqual(byId(byList.organizations));
    expect(byList.organizations).toContainEqual({ id: expect.any(Number), name: 'Acme Corp', external_id: 'acme', organization_fields: expect.objectContaining({ salesforce_id: '0015g0000000001AAA' }) });
  });

  it('chooses the export from the count when it saves requests, the list when it does not', async () => {
    const total = await countOrganizations(client());
    expect(chooseReadStrategy(total)).toEqual({ strategy: 'search-export', total: 2_500, exportRequests: 3, listRequests: 25 });
    expect(chooseReadStrategy(50_000)).toMatchObject({ strategy: 'search-export', exportRequests: 50, listRequests: 500 });
    expect(chooseReadStrategy(100)).toMatchObject({ strategy: 'list', exportRequests: 1, listRequests: 1 });
    expect(chooseReadStrategy(0)).toMatchObject({ strategy: 'list' });
  });
});
