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

/**
 * The account id an organization carries, in the API's 18-character form, or null when its
 * match field is empty: someone who copied an id from the Salesforce UI or a report pasted the
 * 15-character form, or changed the case of an 18-character one, and it is still that account.
 */
export function salesforceIdOf(organization: ZendeskOrganization, matchField: string): string | null {
  const value = organization.organization_fields[matchField];
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text === '' ? null : canonicalAccountId(text);
}

const ID_SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** The 3 characters that say which of a 15-character id's characters are upper case (§4.6). */
function idSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk += 1) {
    let flags = 0;
    for (let i = 0; i < 5; i += 1) if (/[A-Z]/.test(id15[chunk * 5 + i])) flags |= 1 << i;
    suffix += ID_SUFFIX_ALPHABET[flags];
  }
  return suffix;
}

/**
 * A Salesforce record id in the 18-character form the API returns (reference §4.6): a
 * 15-character id (case-sensitive) gets its suffix; an 18-character one in any case gets back
 * the case its suffix records. Anything else is returned as it is, so it matches only itself.
 */
export function canonicalAccountId(id: string): string {
  if (/^[a-zA-Z0-9]{15}$/.test(id)) return id + idSuffix(id);
  if (!/^[a-zA-Z0-9]{18}$/.test(id)) return id;
  let id15 = '';
  for (let chunk = 0; chunk < 3; chunk += 1) {
    const flags = ID_SUFFIX_ALPHABET.indexOf(id[15 + chunk].toUpperCase());
    if (flags < 0) return id;
    for (let i = 0; i < 5; i += 1) {
      const c = id[chunk * 5 + i];
      id15 += flags & (1 << i) ? c.toUpperCase() : c.toLowerCase();
    }
  }
  // A digit where the suffix says upper case: not an id Salesforce made.
  return idSuffix(id15) === id.slice(15).toUpperCase() ? id15 + idSuffix(id15) : id;
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
    if (entry.salesforceId !== undefined) bySalesforceId.set(canonicalAccountId(entry.salesforceId.trim()), entry);
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
