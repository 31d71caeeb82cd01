/**
 * `npm run sf:sync` end to end against what Salesforce users can type: accounts that share a
 * name with an organization they do not own. Through jsforce and node-zendesk against the
 * sandboxes; what each test checks is what ends up written on either side.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEEDED_ZENDESK_IDS as Z } from '../../scripts/sandbox/salesforce/seed.ts';
import { syncWorkspace, type SyncWorkspace } from './harness.ts';

let s: SyncWorkspace;
beforeEach(async () => {
  s = await syncWorkspace();
});
afterEach(() => s.close());

const organizationById = (id: number) => (s.ws.sandbox.state().collections.organizations ?? []).find((o) => o.id === id);
const accountsNamed = (name: string) => s.sf.state().accounts.filter((a) => a.Name === name);

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
