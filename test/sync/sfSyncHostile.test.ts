/**
 * `npm run sf:sync` end to end against what Salesforce users can type: accounts that share a
 * name with an organization they do not own. Through jsforce and node-zendesk against the
 * sandboxes; what each test checks is what ends up written on either side.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEEDED_ACCOUNT_IDS as A, SEEDED_ZENDESK_IDS as Z } from '../../scripts/sandbox/salesforce/seed.ts';
import type { SyncReport } from '../../scripts/sync/report.ts';
import { syncWorkspace, type SyncWorkspace } from './harness.ts';

let s: SyncWorkspace;
beforeEach(async () => {
  s = await syncWorkspace();
});
afterEach(() => s.close());

const organizationById = (id: number) => (s.ws.sandbox.state().collections.organizations ?? []).find((o) => o.id === id);
const accountsNamed = (name: string) => s.sf.state().accounts.filter((a) => a.Name === name);
const flagged = () => (s.ws.sandbox.state().collections.organizations ?? []).filter((o) => (o.organization_fields as Record<string, unknown> | undefined)?.mark_for_deletion === true);
/** Requests that change something: neither sandbox's GETs, nor Salesforce's logins. */
const writes = () => {
  const { salesforce, zendesk } = s.requests();
  return Object.entries({ ...salesforce, ...zendesk }).filter(([route]) => !route.startsWith('GET ') && route !== 'POST /services/oauth2/token');
};

describe('sf:sync and names it does not own', () => {
  it('two new accounts named as one unlinked organization: one gets it, the other is reported; never both ids on one organization', async () => {
    s.sf.addAccount({ Name: 'Initech', Type: 'Customer' });
    s.sf.addAccount({ Name: 'Initech', Type: 'Customer' });
    const [first, second] = accountsNamed('Initech').sort((a, b) => (a.Id < b.Id ? -1 : 1));
    const run = await s.ci('sf-sync');
    expect(run.stdout).toContain(`? Initech (account ${second.Id}): the name is taken by organization #${Z.initech} for account ${first.Id}; nothing is created`);
    expect(organizationById(Z.initech)?.organization_fields).toMatchObject({ salesforce_id: first.Id });
    expect(s.sf.state().accounts.find((a) => a.Id === first.Id)?.Zendesk_Organization_Id__c).toBe(String(Z.initech));
    expect(s.sf.state().accounts.find((a) => a.Id === second.Id)?.Zendesk_Organization_Id__c).toBeNull();
    expect(run.code).toBe(0);
  });

  it('an account named as a protected organization: the protected id is not written back, and the organization is untouched', async () => {
    await s.ws.edit('config/salesforce.yaml', 'protected_organizations: [360000000001]', `protected_organizations: [360000000001, ${Z.initech}]`);
    const initech = structuredClone(organizationById(Z.initech));
    s.sf.addAccount({ Name: 'Initech', Type: 'Customer' });
    const run = await s.ci('sf-sync');
    const [newcomer] = accountsNamed('Initech');
    expect(run.stdout).toContain(`? Initech (account ${newcomer.Id}): the name is that of protected organization #${Z.initech}`);
    expect(newcomer.Zendesk_Organization_Id__c).toBeNull();
    expect(organizationById(Z.initech)).toEqual(initech);
    expect(run.code).toBe(0);
  });
});

describe('sf:sync when a read or a write goes wrong', () => {
  it('an account_types typo reads no account: every linked organization would be flagged, so nothing is written and the run fails', async () => {
    await s.ws.edit('config/salesforce.yaml', 'account_types: [Customer, Former Customer]', 'account_types: [Customers]');
    const before = flagged().length;
    s.resetRequests();
    const run = await s.ci('sf-sync');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: Salesforce returned no account of type Customers, so all \d+ organizations carrying an account id would be flagged for deletion: refused, nothing written\./m);
    expect(writes()).toEqual([]);
    expect(flagged()).toHaveLength(before);
  });

  it('one organization Zendesk refuses and REQUEST_LIMIT_EXCEEDED at the write-back: every item not done is listed, exit 1, and the re-run completes', async () => {
    s.sf.deleteAccount(A.hooli);
    s.ws.sandbox.injectItemFailure({ collection: 'organizations', id: Z.hooli, error: 'RecordInvalid', details: 'Injected' });
    s.sf.injectFault({ path: '/services/data/v62.0/composite/sobjects', method: 'PATCH', status: 403, errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.', times: 1 });
    const run = await s.ci('sf-sync');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Done: 4 created, 1 updated, 2 flagged, 0 ids written back, 6 failed/);
    expect(run.stdout).toContain(`✗ flag: Hooli (#${Z.hooli}): RecordInvalid: Injected`);
    expect(run.stdout).toMatch(/✗ write-back: Tyrell Corporation \(#\d+\): .*REQUEST_LIMIT_EXCEEDED/);
    const saved = JSON.parse(await s.ws.read('sf-sync.json')) as SyncReport;
    expect(saved.results?.failed.map((f) => f.step).sort()).toEqual(['flag', 'write-back', 'write-back', 'write-back', 'write-back', 'write-back']);

    const rerun = await s.ci('sf-sync');
    expect(rerun.stdout).toContain('0 to create, 0 to update, 1 to flag, 5 ids to write back');
    expect(rerun.code).toBe(0);
  });
});
