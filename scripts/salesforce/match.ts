/**
 * The records the sync and the integrity report compare, and how they are paired:
 * an organization belongs to the account whose Id is in its match field
 * (`salesforce_id`); an account names an organization in its Zendesk id field.
 * Pure: the readers (../sync/, the Salesforce client) produce these shapes.
 */

/** An Account as the client reads it: relationship fields flattened to dotted names (`Owner.Name`). */
export interface SalesforceAccount {
  Id: string;
  Name: string;
  Type: string | null;
  fields: Record<string, unknown>;
}

/** An organization as the sync reads it (reference §9.1): every custom field key present, null when unset. */
export interface ZendeskOrganization {
  id: number;
  name: string;
  external_id: string | null;
  organization_fields: Record<string, unknown>;
}

/**
 * An organization config/organizations/ manages: found by the file's key, and the
 * organization field keys its file declares (under `fields:`). Its name is always declared.
 */
export interface ManagedOrganization {
  file: string;
  name: string;
  salesforceId?: string;
  externalId?: string;
  zendeskId?: number;
  fields: readonly string[];
}

/** An account field's value: `Name`, `Type` and `Id` from the record, the rest from `fields`. */
export function accountValue(account: SalesforceAccount, field: string): unknown {
  if (Object.hasOwn(account.fields, field)) return account.fields[field];
  if (field === 'Id') return account.Id;
  if (field === 'Name') return account.Name;
  if (field === 'Type') return account.Type;
  return null;
}

/** The account id an organization carries, or null when its match field is empty. */
export function salesforceIdOf(organization: ZendeskOrganization, matchField: string): string | null {
  const value = organization.organization_fields[matchField];
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}

/** The organization id an account names in its Zendesk id field, as text; null when empty. */
export function zendeskIdOf(account: SalesforceAccount, zendeskIdField: string): string | null {
  const value = accountValue(account, zendeskIdField);
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}

/** Organizations by the account id they carry; an id on two organizations lists both. */
export function organizationsByAccount(organizations: readonly ZendeskOrganization[], matchField: string): Map<string, ZendeskOrganization[]> {
  const index = new Map<string, ZendeskOrganization[]>();
  for (const organization of organizations) {
    const accountId = salesforceIdOf(organization, matchField);
    if (accountId === null) continue;
    const same = index.get(accountId);
    if (same) same.push(organization);
    else index.set(accountId, [organization]);
  }
  return index;
}

/**
 * Which managed file, if any, an organization answers to: by the file's key, as
 * config/organizations/ finds it (salesforce_id, then external_id ignoring case, then id).
 */
export function managedIndex(managed: readonly ManagedOrganization[], matchField: string): (organization: ZendeskOrganization) => ManagedOrganization | undefined {
  const bySalesforceId = new Map<string, ManagedOrganization>();
  const byExternalId = new Map<string, ManagedOrganization>();
  const byZendeskId = new Map<number, ManagedOrganization>();
  for (const entry of managed) {
    if (entry.salesforceId !== undefined) bySalesforceId.set(entry.salesforceId, entry);
    else if (entry.externalId !== undefined) byExternalId.set(entry.externalId.toLowerCase(), entry);
    else if (entry.zendeskId !== undefined) byZendeskId.set(entry.zendeskId, entry);
  }
  return (organization) => {
    const accountId = salesforceIdOf(organization, matchField);
    return (
      (accountId !== null ? bySalesforceId.get(accountId) : undefined) ??
      (organization.external_id ? byExternalId.get(organization.external_id.toLowerCase()) : undefined) ??
      byZendeskId.get(organization.id)
    );
  };
}

/** Text order that does not depend on the machine's locale. */
export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
