/**
 * planSync and integrityReport against inputs a person or a tool can produce by accident or on
 * purpose: ids pasted in their 15-character or re-cased form, accounts sharing a name, a name
 * that a protected organization holds, a blank name. Each case asserts what would otherwise be
 * written to Zendesk or Salesforce.
 */
import { describe, expect, it } from 'vitest';
import { integrityReport } from '../../scripts/salesforce/integrity.ts';
import { canonicalAccountId, type ManagedOrganization } from '../../scripts/salesforce/match.ts';
import { planSync } from '../../scripts/salesforce/syncPlan.ts';
import { idSuffix } from '../../scripts/sandbox/salesforce/ids.ts';
import { account, config, organization } from './fixtures.ts';

const ID15 = '0015g00000AbCdE';
const ID18 = ID15 + idSuffix(ID15);
const plan = (accounts: ReturnType<typeof account>[], organizations: ReturnType<typeof organization>[], managed: ManagedOrganization[] = []) =>
  planSync({ accounts, organizations, config, managed });

describe('Salesforce ids as people paste them', () => {
  it('canonicalAccountId: 15 → 18 characters, an 18-character id in any case → the API\'s case; anything else as it is', () => {
    expect(canonicalAccountId(ID15)).toBe(ID18);
    expect(canonicalAccountId(ID18.toLowerCase())).toBe(ID18);
    expect(canonicalAccountId(ID18.toUpperCase())).toBe(ID18);
    expect(canonicalAccountId('0015g00000abcde')).not.toBe(ID18); // 15 characters are case-sensitive: another record
    expect(canonicalAccountId('acme-account-01')).toBe('acme-account-01');
    expect(canonicalAccountId('001A')).toBe('001A');
  });

  it('an organization carrying the 15-character id is its account\'s: not flagged, not duplicated, its id not overwritten', () => {
    const result = plan([account(ID18, 'Acme Renamed', {}, 101)], [organization(101, 'Acme', ID15)]);
    expect(result.flags).toEqual([]);
    expect(result.creates).toEqual([]);
    expect(result.writeBacks).toEqual([]);
    expect(result.conflicts).toEqual([]);
    expect(result.updates).toEqual([{ id: 101, name: 'Acme', accountId: ID18, changes: [{ field: 'name', before: 'Acme', after: 'Acme Renamed' }] }]);
  });

  it('an organization carrying the 18-character id in other case is its account\'s too', () => {
    const result = plan([account(ID18, 'Acme', {}, 101)], [organization(101, 'Acme', ID18.toLowerCase())]);
    expect(result.summary).toMatchObject({ creates: 0, updates: 0, flags: 0, writeBacks: 0, conflicts: 0, unchanged: 1 });
  });

  it('a managed file keyed by the 15-character id keeps its declared fields', () => {
    const managed: ManagedOrganization[] = [{ file: 'config/organizations/acme.yaml', name: 'Acme', salesforceId: ID15, fields: ['account_owner'] }];
    const result = plan([account(ID18, 'Acme', { fields: { 'Owner.Name': 'Sam Roe' } }, 101)], [organization(101, 'Acme', ID18)], managed);
    expect(result.updates).toEqual([]);
    expect(result.conflicts).toEqual([expect.objectContaining({ reason: 'managed', field: 'account_owner', file: 'config/organizations/acme.yaml' })]);
  });

  it('the integrity report finds nothing wrong with a 15-character or re-cased id', () => {
    for (const carried of [ID15, ID18.toLowerCase()]) {
      const report = integrityReport({ accounts: [account(ID18, 'Acme', {}, 101)], organizations: [organization(101, 'Acme', carried)], config });
      expect(report.findings).toEqual([]);
    }
  });
});

describe('names', () => {
  it('two accounts of one name and a free organization of that name: one adopts it, the other is reported, never both', () => {
    const result = plan([account('001A', 'Acme'), account('001B', 'Acme')], [organization(101, 'Acme', null)]);
    expect(result.creates).toEqual([]); // Zendesk would refuse the name, and apply would adopt 101 a second time
    expect(result.writeBacks).toEqual([{ accountId: '001A', accountName: 'Acme', organizationId: 101, before: null }]);
    expect(result.conflicts).toEqual([{ reason: 'name_taken', accountId: '001B', accountName: 'Acme', organizationId: 101, otherAccountId: '001A' }]);
  });

  it('the account that names a free organization by its id gets it, whatever the order of ids', () => {
    // 001A has the organization's name; 001Z names it in its Zendesk id field.
    const result = plan([account('001A', 'Acme'), account('001Z', 'Zeta', {}, 101)], [organization(101, 'Acme', null)]);
    expect(result.writeBacks).toEqual([]);
    expect(result.updates).toEqual([expect.objectContaining({ id: 101, accountId: '001Z' })]);
    expect(result.conflicts).toEqual([{ reason: 'name_taken', accountId: '001A', accountName: 'Acme', organizationId: 101, otherAccountId: '001Z' }]);
    expect(result.creates).toEqual([]);
  });

  it('a protected organization is never adopted by name: its id is not written onto an account that never named it', () => {
    const result = plan([account('001S', 'Example Inc (staff)')], [organization(900, 'Example Inc (staff)', null)]);
    expect(result.writeBacks).toEqual([]);
    expect(result.updates).toEqual([]);
    expect(result.creates).toEqual([]);
    expect(result.conflicts).toEqual([{ reason: 'name_protected', accountId: '001S', accountName: 'Example Inc (staff)', organizationId: 900 }]);
  });

  it('a protected organization the account already names stays as it is, and nothing is written either way', () => {
    const result = plan([account('001S', 'Staff', {}, 900)], [organization(900, 'Example Inc (staff)', null)]);
    expect(result.summary).toMatchObject({ creates: 0, updates: 0, writeBacks: 0, conflicts: 0 });
  });

  it('a blank Account Name never blanks the organization\'s name; the other fields still follow', () => {
    const result = plan([account('001A', '  ', { fields: { 'Owner.Name': 'Sam Roe' } }, 101)], [organization(101, 'Acme', '001A')]);
    expect(result.updates).toEqual([{ id: 101, name: 'Acme', accountId: '001A', changes: [{ field: 'account_owner', before: 'Dana Lee', after: 'Sam Roe' }] }]);
  });
});
