/** What `npm run sf:sync` would do, case by case, from hand-built accounts and organizations. */
import { describe, expect, it } from 'vitest';
import type { ManagedOrganization } from '../../scripts/salesforce/match.ts';
import { planSync } from '../../scripts/salesforce/syncPlan.ts';
import { account, config, organization } from './fixtures.ts';

const plan = (accounts: ReturnType<typeof account>[], organizations: ReturnType<typeof organization>[], managed: ManagedOrganization[] = []) =>
  planSync({ accounts, organizations, config, managed });

const inSync = () => ({
  accounts: [account('001A', 'Acme', {}, 101), account('001B', 'Birch', { Type: 'Former Customer' }, 102)],
  organizations: [organization(101, 'Acme', '001A'), organization(102, 'Birch', '001B', { account_type: 'former_customer' })],
});

describe('planSync', () => {
  it('plans nothing when accounts and organizations agree (a no-change run writes nothing)', () => {
    const { accounts, organizations } = inSync();
    const result = plan(accounts, organizations);
    expect(result).toMatchObject({ creates: [], updates: [], flags: [], writeBacks: [], conflicts: [], protectedSkipped: [] });
    expect(result.summary).toMatchObject({ accounts: 2, organizations: 2, unchanged: 2, creates: 0, updates: 0 });
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('creates a missing organization named as the account, with its mapped fields and id', () => {
    const result = plan([account('001C', 'Cedar Ltd', { fields: { ARR__c: 500, 'Owner.Name': null } })], []);
    expect(result.creates).toEqual([{
      account: { id: '001C', name: 'Cedar Ltd' },
      organization: { name: 'Cedar Ltd', organization_fields: { salesforce_id: '001C', account_type: 'customer', support_expiry: '2027-03-31', arr_band: 'arr_small' } },
    }]);
    expect(result.writeBacks).toEqual([]);
  });

  it('updates only the fields that differ, comparing what Zendesk stores', () => {
    const { accounts, organizations } = inSync();
    accounts[0].fields['Owner.Name'] = 'Sam Roe';
    accounts[0].Name = 'Acme Corp';
    organizations[1].organization_fields.arr_band = 'arr_large';
    organizations[1].organization_fields.support_expiry = '2027-03-31';
    const result = plan(accounts, organizations);
    expect(result.updates).toEqual([{
      id: 101, name: 'Acme', accountId: '001A',
      changes: [{ field: 'name', before: 'Acme', after: 'Acme Corp' }, { field: 'account_owner', before: 'Dana Lee', after: 'Sam Roe' }],
    }]);
  });

  it('flags an organization whose account is gone or of another type, and never deletes', () => {
    const { accounts, organizations } = inSync();
    const result = plan([accounts[0]], [...organizations, organization(103, 'Gone', '001Z', { mark_for_deletion: null })]);
    expect(result.flags).toEqual([{ id: 102, name: 'Birch', accountId: '001B' }, { id: 103, name: 'Gone', accountId: '001Z' }]);
    expect(result.updates).toEqual([]);
    expect(JSON.stringify(result)).not.toMatch(/delete"/);
  });

  it('leaves an organization already flagged alone, and unflags it when its account comes back', () => {
    const { accounts, organizations } = inSync();
    organizations[1].organization_fields.mark_for_deletion = true;
    expect(plan([accounts[0]], organizations).flags).toEqual([]);
    expect(plan(accounts, organizations).updates).toEqual([{ id: 102, name: 'Birch', accountId: '001B', changes: [{ field: 'mark_for_deletion', before: true, after: false }] }]);
  });

  it('never changes a protected organization, and lists what it would have changed', () => {
    const result = plan(
      [account('001P', 'Partner', { fields: { 'Owner.Name': 'Sam Roe' } }, 900)],
      [organization(900, 'Partner', '001P'), organization(901, 'Internal', '001X')],
    );
    expect(result.updates).toEqual([]);
    expect(result.flags).toEqual([{ id: 901, name: 'Internal', accountId: '001X' }]);
    expect(result.protectedSkipped).toEqual([{ id: 900, name: 'Partner', wouldChange: ['account_owner'] }]);

    const gone = plan([], [organization(900, 'Partner', '001P')]);
    expect(gone.flags).toEqual([]);
    expect(gone.protectedSkipped).toEqual([{ id: 900, name: 'Partner', wouldChange: ['mark_for_deletion'] }]);
  });

  it('writes the organization id back where the account lacks it or names another', () => {
    const { accounts, organizations } = inSync();
    accounts[0].fields.Zendesk_Organization_Id__c = null;
    accounts[1].fields.Zendesk_Organization_Id__c = '999';
    expect(plan(accounts, organizations).writeBacks).toEqual([
      { accountId: '001A', accountName: 'Acme', organizationId: 101, before: null },
      { accountId: '001B', accountName: 'Birch', organizationId: 102, before: '999' },
    ]);
  });

  it('reports a value the map lacks as a conflict and writes the other fields', () => {
    const { accounts, organizations } = inSync();
    accounts[0].Type = 'Prospect';
    accounts[0].fields.Type = 'Prospect';
    accounts[0].fields.ARR__c = 20;
    const result = plan(accounts, organizations);
    expect(result.conflicts).toEqual([{ reason: 'unmapped_value', accountId: '001A', accountName: 'Acme', organizationId: 101, from: 'Type', field: 'account_type', value: 'Prospect' }]);
    expect(result.updates).toEqual([{ id: 101, name: 'Acme', accountId: '001A', changes: [{ field: 'arr_band', before: 'arr_large', after: 'arr_small' }] }]);
  });

  it('keeps the fields and name config/organizations/ declares: a difference is a conflict, not a change', () => {
    const { accounts, organizations } = inSync();
    accounts[0].Name = 'ACME Inc';
    accounts[0].fields['Owner.Name'] = 'Sam Roe';
    accounts[0].fields.ARR__c = 5;
    const managed: ManagedOrganization[] = [{ file: 'config/organizations/acme.yaml', name: 'Acme', salesforceId: '001A', fields: ['account_owner'] }];
    const result = plan(accounts, organizations, managed);
    expect(result.updates).toEqual([{ id: 101, name: 'Acme', accountId: '001A', changes: [{ field: 'arr_band', before: 'arr_large', after: 'arr_small' }] }]);
    expect(result.conflicts).toEqual([
      { reason: 'managed', accountId: '001A', organizationId: 101, organizationName: 'Acme', file: 'config/organizations/acme.yaml', field: 'account_owner', before: 'Dana Lee', after: 'Sam Roe' },
      { reason: 'managed', accountId: '001A', organizationId: 101, organizationName: 'Acme', file: 'config/organizations/acme.yaml', field: 'name', before: 'Acme', after: 'ACME Inc' },
    ]);
  });

  it('finds a managed organization by the key its file uses (external_id, any case)', () => {
    const initech = { ...organization(104, 'Initech', null), external_id: 'initech' };
    const managed: ManagedOrganization[] = [{ file: 'config/organizations/initech.yaml', name: 'Initech', externalId: 'INITECH', fields: ['account_owner'] }];
    const result = plan([account('001I', 'Initech', { fields: { 'Owner.Name': 'Sam Roe' } })], [initech], managed);
    // Adopted by name: the account id is set, the declared owner left to the file.
    expect(result.creates).toEqual([]);
    expect(result.updates).toEqual([{ id: 104, name: 'Initech', accountId: '001I', changes: [{ field: 'salesforce_id', before: null, after: '001I' }] }]);
    expect(result.conflicts).toEqual([expect.objectContaining({ reason: 'managed', field: 'account_owner', file: 'config/organizations/initech.yaml' })]);
  });

  it('adopts the organization the account already names instead of creating a duplicate', () => {
    const result = plan([account('001D', 'Delta', {}, 105)], [organization(105, 'Delta Group', null)]);
    expect(result.creates).toEqual([]);
    expect(result.updates).toEqual([{ id: 105, name: 'Delta Group', accountId: '001D', changes: [{ field: 'name', before: 'Delta Group', after: 'Delta' }, { field: 'salesforce_id', before: null, after: '001D' }] }]);
    expect(result.writeBacks).toEqual([]);
  });

  it('reports a name another account\'s organization holds, and two organizations for one account, without writing', () => {
    const result = plan(
      [account('001E', 'Echo'), account('001F', 'Fox')],
      [organization(106, 'Echo', '001Q'), organization(107, 'Fox 1', '001F'), organization(108, 'Fox 2', '001F')],
    );
    expect(result.creates).toEqual([]);
    expect(result.updates).toEqual([]);
    expect(result.conflicts).toEqual([
      { reason: 'name_taken', accountId: '001E', accountName: 'Echo', organizationId: 106, otherAccountId: '001Q' },
      { reason: 'duplicate_organizations', accountId: '001F', accountName: 'Fox', organizationIds: [107, 108] },
    ]);
  });

  it('lists everything in the same order whatever order the inputs come in', () => {
    const accounts = [account('001C', 'cedar'), account('001B', 'Birch'), account('001A', 'Acme', { fields: { ARR__c: 1 } }, 101)];
    const organizations = [organization(103, 'Gone 3', '001Y'), organization(101, 'Acme', '001A'), organization(102, 'Gone 2', '001X')];
    const forward = plan(accounts, organizations);
    const backward = plan([...accounts].reverse(), [...organizations].reverse());
    expect(backward).toEqual(forward);
    expect(forward.creates.map((c) => c.account.name)).toEqual(['Birch', 'cedar']);
    expect(forward.flags.map((f) => f.id)).toEqual([102, 103]);
  });
});
