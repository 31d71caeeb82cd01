/** Hand-built accounts, organizations and config for the sync and integrity unit tests. */
import type { SalesforceSyncConfig } from '../../scripts/salesforce/config.ts';
import type { SalesforceAccount, ZendeskOrganization } from '../../scripts/salesforce/match.ts';

export const config: SalesforceSyncConfig = {
  apiVersion: '62.0',
  accountTypes: ['Customer', 'Former Customer'],
  zendeskIdField: 'Zendesk_Organization_Id__c',
  matchField: 'salesforce_id',
  flagField: 'mark_for_deletion',
  protectedOrganizations: [900],
  mappings: [
    { from: 'Type', to: 'account_type', transform: { type: 'values', values: { Customer: 'customer', 'Former Customer': 'former_customer' } } },
    { from: 'Owner.Name', to: 'account_owner' },
    { from: 'Support_Expiry__c', to: 'support_expiry', transform: { type: 'date', format: 'YYYY-MM-DD' } },
    { from: 'ARR__c', to: 'arr_band', transform: { type: 'number_to_tag', bands: [{ below: 10_000, tag: 'arr_small' }, { tag: 'arr_large' }] } },
  ],
  report: { labels: [], firstChanges: 20 },
};

/** An account whose organization `zendeskId` is in sync unless overridden. */
export function account(id: string, name: string, overrides: { Type?: string | null; fields?: Record<string, unknown> } = {}, zendeskId: number | null = null): SalesforceAccount {
  return {
    Id: id,
    Name: name,
    Type: overrides.Type === undefined ? 'Customer' : overrides.Type,
    fields: {
      Type: overrides.Type === undefined ? 'Customer' : overrides.Type,
      'Owner.Name': 'Dana Lee',
      Support_Expiry__c: '2027-03-31',
      ARR__c: 50_000,
      Zendesk_Organization_Id__c: zendeskId === null ? null : String(zendeskId),
      ...overrides.fields,
    },
  };
}

/** The organization the sync would have made for `account`, as Zendesk stores it. */
export function organization(id: number, name: string, salesforceId: string | null, fields: Record<string, unknown> = {}): ZendeskOrganization {
  return {
    id,
    name,
    external_id: null,
    organization_fields: {
      salesforce_id: salesforceId,
      account_type: 'customer',
      account_owner: 'Dana Lee',
      support_expiry: '2027-03-31T00:00:00+00:00',
      arr_band: 'arr_large',
      mark_for_deletion: false,
      ...fields,
    },
  };
}
