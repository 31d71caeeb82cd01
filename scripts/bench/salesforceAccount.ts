/**
 * Both sides of the Salesforce bench (issue 12, "Scale"): a Salesforce org in which exactly
 * `synced` accounts are of the types config/salesforce.yaml reads, and a Zendesk account with
 * one organization for each of them and no other.
 *
 * The Salesforce org is largeSalesforceSeed(n) itself (90 % Customer, 6 % Former Customer,
 * 4 % Prospect), with n chosen so that the Customers and Former Customers come to `synced`:
 * for 50,000 that is n = 52,084, so the sync's query returns 50,000 accounts and the 2,084
 * Prospects stay in Salesforce unread, as they would.
 *
 * Each organization is linked to its account (salesforce_id; id LARGE_SEED_ZENDESK_ID_BASE + i,
 * which is what the account's Zendesk id names when `linked`) and carries every mapped field as
 * the sync would write it, except `region`, which holds the account's previous region: every
 * account has moved region since the last sync, so every organization has one field to update.
 * The default Zendesk seed's three organizations are left out (with their memberships), so the
 * account holds exactly `synced` organizations and nothing else is flagged.
 */
import type { SandboxAccount } from '../sandbox/salesforce/accounts.ts';
import { largeSalesforceSeed, LARGE_SEED_ZENDESK_ID_BASE, mappedOrganizationFields, type CompleteSalesforceSeed } from '../sandbox/salesforce/seed.ts';
import { defaultSeed } from '../sandbox/zendesk/seed.ts';
import type { SandboxRecord, SandboxState } from '../sandbox/zendesk/state.ts';

/** The types config/salesforce.yaml reads; largeSalesforceSeed's Prospects are not among them. */
export const SYNCED_TYPES: readonly string[] = ['Customer', 'Former Customer'];

/** The smallest largeSalesforceSeed size holding exactly `synced` accounts of SYNCED_TYPES. */
export function accountsForSynced(synced: number): number {
  // largeSalesforceSeed: account i is a Prospect when i % 50 < 2.
  let n = 0;
  for (let found = 0; found < synced; n += 1) if (n % 50 >= 2) found += 1;
  return n;
}

/** The Salesforce org: accountsForSynced(synced) accounts; `linked: false` leaves every Zendesk id empty. */
export function benchSalesforceSeed(accounts: number, options: { linked: boolean }): CompleteSalesforceSeed {
  return largeSalesforceSeed(accounts, { linked: options.linked });
}

/** The region an account had before it moved: what its organization still says. */
export function previousRegion(region: string | null): string {
  return `${region ?? 'none'} (before)`;
}

/** The Zendesk account: the default seed with one organization per synced account of `salesforce` and no others. */
export function benchZendeskSeed(salesforce: CompleteSalesforceSeed): SandboxState {
  const seed = defaultSeed();
  const dropped = new Set((seed.collections.organizations ?? []).map((organization) => organization.id));
  const organizations: SandboxRecord[] = [];
  salesforce.accounts.forEach((account: SandboxAccount, i) => {
    if (account.Type === null || !SYNCED_TYPES.includes(account.Type)) return;
    const fields = mappedOrganizationFields(account, salesforce.users);
    // One literal per record (as large-seed.ts does): spreading per record is slow at 50,000.
    organizations.push({
      id: LARGE_SEED_ZENDESK_ID_BASE + i,
      name: account.Name,
      shared_tickets: false,
      shared_comments: false,
      external_id: null,
      domain_names: [],
      details: null,
      notes: null,
      group_id: null,
      tags: [],
      organization_fields: {
        salesforce_id: fields.salesforce_id,
        support_tier: null,
        account_type: fields.account_type,
        account_owner: fields.account_owner,
        support_level: fields.support_level,
        region: previousRegion(fields.region),
        support_expiry: fields.support_expiry,
        arr_band: fields.arr_band,
        mark_for_deletion: null,
      },
    });
  });
  seed.collections.organizations = organizations;
  seed.collections.organization_memberships = (seed.collections.organization_memberships ?? []).filter((m) => !dropped.has(m.organization_id as number));
  seed.collections.users = (seed.collections.users ?? []).map((user) => (dropped.has(user.organization_id as number) ? { ...user, organization_id: null } : user));
  return seed;
}
