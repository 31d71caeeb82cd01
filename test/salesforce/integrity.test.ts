/** The integrity report: each kind of defect, planted once, is found once, and nothing else is. */
import { describe, expect, it } from 'vitest';
import { FINDING_KINDS, integrityReport } from '../../scripts/salesforce/integrity.ts';
import { account, config, organization } from './fixtures.ts';

const report = (accounts: ReturnType<typeof account>[], organizations: ReturnType<typeof organization>[]) => integrityReport({ accounts, organizations, config });

/** Two accounts and organizations that name each other both ways. */
const healthy = () => ({
  accounts: [account('001A', 'Acme', {}, 101), account('001B', 'Birch', { Type: 'Former Customer' }, 102)],
  organizations: [organization(101, 'Acme', '001A'), organization(102, 'Birch', '001B', { account_type: 'former_customer' })],
});

describe('integrityReport', () => {
  it('finds nothing when every account and organization name each other', () => {
    const { accounts, organizations } = healthy();
    expect(report(accounts, organizations)).toEqual({ findings: [], counts: Object.fromEntries(FINDING_KINDS.map((kind) => [kind, 0])) });
  });

  it('id_mismatch_account: the account names an organization that carries another account or none', () => {
    const { accounts, organizations } = healthy();
    accounts[0].fields.Zendesk_Organization_Id__c = '103';
    expect(report(accounts, [...organizations, organization(103, 'Stray', null)]).findings).toEqual([
      { kind: 'id_mismatch_account', accountId: '001A', accountName: 'Acme', organizationId: 103, organizationName: 'Stray', organizationAccountId: null },
    ]);
  });

  it('id_mismatch_organization: the organization carries an account whose Zendesk id is empty or names no organization', () => {
    const { accounts, organizations } = healthy();
    accounts[1].fields.Zendesk_Organization_Id__c = '555';
    expect(report(accounts, organizations).findings).toEqual([
      { kind: 'id_mismatch_organization', organizationId: 102, organizationName: 'Birch', accountId: '001B', accountName: 'Birch', accountZendeskId: '555' },
    ]);
  });

  it('duplicate_organizations: two organizations carry one account', () => {
    const { accounts, organizations } = healthy();
    expect(report(accounts, [...organizations, organization(104, 'Acme (old)', '001A')]).findings).toEqual([
      { kind: 'duplicate_organizations', accountId: '001A', accountName: 'Acme', organizationIds: [101, 104] },
    ]);
  });

  it('duplicate_accounts: two accounts name one organization', () => {
    const { accounts, organizations } = healthy();
    expect(report([...accounts, account('001C', 'Acme EMEA', {}, 101)], organizations).findings).toEqual([
      { kind: 'duplicate_accounts', organizationId: 101, organizationName: 'Acme', accountIds: ['001A', '001C'] },
    ]);
  });

  it('organization_without_account: no account id, or one the read did not return; protected ones are left out', () => {
    const { accounts, organizations } = healthy();
    const findings = report(accounts, [...organizations, organization(105, 'Walk-in', null), organization(106, 'Lapsed', '001Z'), organization(900, 'Internal', null)]).findings;
    expect(findings).toEqual([
      { kind: 'organization_without_account', organizationId: 105, organizationName: 'Walk-in', accountId: null },
      { kind: 'organization_without_account', organizationId: 106, organizationName: 'Lapsed', accountId: '001Z' },
    ]);
  });

  it('customer_without_organization: no organization carries the account and it names none that exists', () => {
    const { accounts, organizations } = healthy();
    expect(report([...accounts, account('001D', 'Delta', {}, 777)], organizations).findings).toEqual([
      { kind: 'customer_without_organization', accountId: '001D', accountName: 'Delta', accountType: 'Customer', zendeskId: '777' },
    ]);
  });

  it('type_mismatch: the organization\'s account type is not its account\'s Type through the mapping', () => {
    const { accounts, organizations } = healthy();
    organizations[1].organization_fields.account_type = 'customer';
    expect(report(accounts, organizations).findings).toEqual([
      { kind: 'type_mismatch', organizationId: 102, organizationName: 'Birch', accountId: '001B', accountType: 'Former Customer', field: 'account_type', expected: 'former_customer', found: 'customer' },
    ]);
  });

  it('finds every planted defect of every kind exactly once when they come together', () => {
    const { accounts, organizations } = healthy();
    organizations[1].organization_fields.account_type = 'customer';
    const allAccounts = [
      account('001A', 'Acme', {}, 103),
      accounts[1],
      account('001C', 'Cedar', {}, 107),
      account('001D', 'Delta', {}, 107),
      account('001E', 'Echo'),
      account('001F', 'Fox'),
      account('001G', 'Gale', {}, 108),
      account('001H', 'Hill'),
    ];
    const allOrganizations = [
      organizations[0], organizations[1],
      organization(103, 'Stray', null),
      organization(105, 'Walk-in', null),
      organization(106, 'Fox 1', '001F'), organization(109, 'Fox 2', '001F'),
      organization(107, 'Shared', '001C'),
      organization(108, 'Gale', '001X'),
      organization(110, 'Hill', '001H'),
    ];
    // 001A → 103 (carries none): id_mismatch_account; 101 carries 001A, which names 103 (exists): no second finding.
    // 001G → 108, which carries 001X: id_mismatch_account; 108's 001X is not read, but 001G names it: no orphan finding.
    const { findings, counts } = report(allAccounts, allOrganizations);
    expect(findings.map((f) => f.kind)).toEqual([
      'id_mismatch_account', 'id_mismatch_account', 'id_mismatch_organization',
      'duplicate_organizations', 'duplicate_accounts',
      'organization_without_account', 'customer_without_organization', 'type_mismatch',
    ]);
    expect(counts).toMatchObject({ id_mismatch_account: 2, id_mismatch_organization: 1, type_mismatch: 1 });
    expect(findings).toContainEqual(expect.objectContaining({ kind: 'customer_without_organization', accountId: '001E' }));
    expect(findings).toContainEqual(expect.objectContaining({ kind: 'organization_without_account', organizationId: 105 }));
  });
});
