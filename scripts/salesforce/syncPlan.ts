/**
 * Accounts + organizations → what the sync would do (issue 12), as plain data: the plan
 * is printed, saved as sf-sync.json and then carried out, the way a config plan is.
 *
 * - An organization belongs to the account whose Id is in its match field (`salesforce_id`).
 * - Creates: accounts with no organization (name = Account Name, mapped fields, the match field).
 *   An organization of that name without an account id, or the one the account already names,
 *   is adopted (updated with the match field) instead: Zendesk names are unique (§9.1), and a
 *   duplicate would split the customer's tickets.
 * - Updates: only the fields whose stored form differs (`transform.ts`).
 * - Flags: organizations whose account is gone or no longer of a synced type get the flag field,
 *   never a delete; an organization whose account came back is unflagged.
 * - Protected organizations are never changed; they are listed with what would have changed.
 * - Write-backs: the account's Zendesk id field, where it is missing or names another organization.
 * - Organizations config/organizations/ manages keep their declared fields (and name): a mapping
 *   that would change one is a conflict, reported, not applied.
 * Every list is in a fixed order, so the same inputs give the same plan.
 */
import type { SalesforceSyncConfig } from './config.ts';
import {
  accountValue,
  byText,
  canonicalAccountId,
  managedIndex,
  organizationsByAccount,
  salesforceIdOf,
  zendeskIdOf,
  type ManagedOrganization,
  type SalesforceAccount,
  type ZendeskOrganization,
} from './match.ts';
import { sameStored, transformMapping, type FieldValue, type Transformed } from './transform.ts';

export const SYNC_PLAN_FORMAT_VERSION = 1;

export interface OrganizationCreate {
  account: { id: string; name: string };
  /** The body of the organization to create (create_many item). */
  organization: { name: string; organization_fields: Record<string, FieldValue> };
}

export interface FieldChange {
  /** `name`, or an organization field key. */
  field: string;
  before: unknown;
  after: FieldValue;
}

export interface OrganizationUpdate {
  id: number;
  name: string;
  accountId: string;
  changes: FieldChange[];
}

export interface OrganizationFlag {
  id: number;
  name: string;
  /** The account id it carries, whose account is gone or no longer of a synced type. */
  accountId: string;
}

export interface WriteBack {
  accountId: string;
  accountName: string;
  organizationId: number;
  /** What the account's Zendesk id field held. */
  before: string | null;
}

export type SyncConflict =
  /** The account value cannot be written (a value the map lacks, not a date, not a number). */
  | {
      reason: Extract<Transformed, { type: 'untransformable' }>['reason'];
      accountId: string;
      accountName: string;
      /** null: the organization is still to be created (it is created without this field). */
      organizationId: number | null;
      from: string;
      field: string;
      value: unknown;
    }
  /** config/organizations/ declares the field; the sync would have changed it. */
  | { reason: 'managed'; accountId: string; organizationId: number; organizationName: string; file: string; field: string; before: unknown; after: FieldValue }
  /** Two organizations carry the account's id: neither is changed until one is fixed. */
  | { reason: 'duplicate_organizations'; accountId: string; accountName: string; organizationIds: number[] }
  /** The organization with the account's name belongs to another account: nothing is created. */
  /** null: the organization this run creates for the other account of the same name. */
  | { reason: 'name_taken'; accountId: string; accountName: string; organizationId: number | null; otherAccountId: string }
  /** The organization with the account's name is protected: never adopted, and its id never written back. */
  | { reason: 'name_protected'; accountId: string; accountName: string; organizationId: number };

export interface ProtectedSkip {
  id: number;
  name: string;
  /** Fields the sync would have changed (the flag field for a flag); empty when none. */
  wouldChange: string[];
}

export interface SyncPlan {
  formatVersion: typeof SYNC_PLAN_FORMAT_VERSION;
  creates: OrganizationCreate[];
  updates: OrganizationUpdate[];
  flags: OrganizationFlag[];
  writeBacks: WriteBack[];
  conflicts: SyncConflict[];
  protectedSkipped: ProtectedSkip[];
  summary: {
    accounts: number;
    organizations: number;
    creates: number;
    updates: number;
    flags: number;
    writeBacks: number;
    conflicts: number;
    protectedSkipped: number;
    /** Accounts whose organization needs nothing. */
    unchanged: number;
  };
}

export interface SyncInputs {
  accounts: readonly SalesforceAccount[];
  organizations: readonly ZendeskOrganization[];
  config: SalesforceSyncConfig;
  managed: readonly ManagedOrganization[];
}

export function planSync({ organizations, config, managed, ...inputs }: SyncInputs): SyncPlan {
  // The API returns 18-character ids already; this keeps a hand-made input comparable with salesforceIdOf's.
  const accounts = inputs.accounts.map((account) => ({ ...account, Id: canonicalAccountId(account.Id) }));
  const protectedIds = new Set(config.protectedOrganizations);
  const byAccount = organizationsByAccount(organizations, config.matchField);
  const managedFor = managedIndex(managed, config.matchField);
  const byId = new Map(organizations.map((organization) => [String(organization.id), organization]));
  const byName = new Map(organizations.map((organization) => [organization.name.toLowerCase(), organization]));
  const plan: Omit<SyncPlan, 'summary' | 'formatVersion'> = { creates: [], updates: [], flags: [], writeBacks: [], conflicts: [], protectedSkipped: [] };
  const protectedChanges = new Map<number, string[]>();
  /** Organizations adopted by an account in this run (→ that account), and names new organizations take. */
  const claimed = new Map<number, string>();
  const namesTaken = new Set<string>();
  let unchanged = 0;

  // An account that names a free organization by its id adopts it before another account can
  // take it by name; otherwise by Id, so the same inputs give the same plan.
  const namesFreeOrganization = (account: SalesforceAccount) => {
    const named = byId.get(zendeskIdOf(account, config.zendeskIdField) ?? '');
    return named !== undefined && salesforceIdOf(named, config.matchField) === null;
  };
  const sortedAccounts = [...accounts].sort((a, b) => Number(namesFreeOrganization(b)) - Number(namesFreeOrganization(a)) || byText(a.Id, b.Id));
  const accountIds = new Set(sortedAccounts.map((account) => account.Id));
  for (const account of sortedAccounts) {
    const own = byAccount.get(account.Id) ?? [];
    if (own.length > 1) {
      plan.conflicts.push({ reason: 'duplicate_organizations', accountId: account.Id, accountName: account.Name, organizationIds: own.map((o) => o.id).sort((a, b) => a - b) });
      continue;
    }
    const adoptable = own.length === 0 ? adoptionCandidate(account) : undefined;
    if (adoptable && 'conflict' in adoptable) {
      plan.conflicts.push(adoptable.conflict);
      continue;
    }
    const organization = own[0] ?? adoptable?.organization;
    if (!organization) {
      plan.creates.push(createFor(account));
      continue;
    }
    claimed.set(organization.id, account.Id);
    const changes = changesFor(account, organization, own.length === 0);
    if (protectedIds.has(organization.id)) protectedChanges.set(organization.id, changes.map((change) => change.field));
    else if (changes.length > 0) plan.updates.push({ id: organization.id, name: organization.name, accountId: account.Id, changes });
    const written = zendeskIdOf(account, config.zendeskIdField);
    if (written !== String(organization.id)) {
      plan.writeBacks.push({ accountId: account.Id, accountName: account.Name, organizationId: organization.id, before: written });
    }
    if (changes.length === 0 && written === String(organization.id)) unchanged++;
  }

  for (const organization of organizations) {
    const accountId = salesforceIdOf(organization, config.matchField);
    if (accountId === null || accountIds.has(accountId)) continue;
    if (organization.organization_fields[config.flagField] === true) continue;
    if (protectedIds.has(organization.id)) {
      protectedChanges.set(organization.id, [config.flagField]);
      continue;
    }
    const file = managedFor(organization);
    if (file?.fields.includes(config.flagField)) {
      plan.conflicts.push({
        reason: 'managed', accountId, organizationId: organization.id, organizationName: organization.name, file: file.file,
        field: config.flagField, before: organization.organization_fields[config.flagField] ?? null, after: true,
      });
      continue;
    }
    plan.flags.push({ id: organization.id, name: organization.name, accountId });
  }

  for (const id of config.protectedOrganizations) {
    const organization = byId.get(String(id));
    if (organization) plan.protectedSkipped.push({ id, name: organization.name, wouldChange: protectedChanges.get(id) ?? [] });
  }
  return finish(plan, { accounts: accounts.length, organizations: organizations.length, unchanged });

  /** The fields to change on an account's organization; conflicts go to the plan. */
  function changesFor(account: SalesforceAccount, organization: ZendeskOrganization, adopting: boolean): FieldChange[] {
    const file = managedFor(organization);
    const changes: FieldChange[] = [];
    // A protected organization is not written at all, so nothing about it can conflict.
    const conflicts = protectedIds.has(organization.id) ? [] : plan.conflicts;
    const propose = (field: string, before: unknown, after: FieldValue, declared: boolean) => {
      if (field === 'name' ? before === after : sameStored(after, before)) return;
      if (file && declared) {
        conflicts.push({ reason: 'managed', accountId: account.Id, organizationId: organization.id, organizationName: organization.name, file: file.file, field, before: before ?? null, after });
      } else changes.push({ field, before: before ?? null, after });
    };
    const fields = organization.organization_fields;
    // A blank Account Name never blanks an organization's.
    if (account.Name.trim() !== '') propose('name', organization.name, account.Name, true);
    if (adopting) propose(config.matchField, fields[config.matchField], account.Id, file?.fields.includes(config.matchField) ?? false);
    for (const mapping of config.mappings) {
      const result = transformMapping(mapping, accountValue(account, mapping.from));
      if (result.type === 'untransformable') {
        conflicts.push({ reason: result.reason, accountId: account.Id, accountName: account.Name, organizationId: organization.id, from: mapping.from, field: mapping.to, value: result.value });
        continue;
      }
      propose(mapping.to, fields[mapping.to], result.value, file?.fields.includes(mapping.to) ?? false);
    }
    if (fields[config.flagField] === true) propose(config.flagField, true, false, file?.fields.includes(config.flagField) ?? false);
    return changes;
  }

  function createFor(account: SalesforceAccount): OrganizationCreate {
    const organizationFields: Record<string, FieldValue> = { [config.matchField]: account.Id };
    for (const mapping of config.mappings) {
      const result = transformMapping(mapping, accountValue(account, mapping.from));
      if (result.type === 'untransformable') {
        plan.conflicts.push({ reason: result.reason, accountId: account.Id, accountName: account.Name, organizationId: null, from: mapping.from, field: mapping.to, value: result.value });
      } else if (result.value !== null) organizationFields[mapping.to] = result.value;
    }
    namesTaken.add(account.Name.toLowerCase());
    return { account: { id: account.Id, name: account.Name }, organization: { name: account.Name, organization_fields: organizationFields } };
  }

  /**
   * For an account with no organization: the organization its Zendesk id field names, or
   * the one with its name, when it carries no account id; a conflict when the name is another
   * account's; undefined when an organization is to be created.
   */
  function adoptionCandidate(account: SalesforceAccount): { organization: ZendeskOrganization } | { conflict: SyncConflict } | undefined {
    const free = (organization: ZendeskOrganization | undefined) =>
      organization !== undefined && salesforceIdOf(organization, config.matchField) === null && !claimed.has(organization.id) ? organization : undefined;
    const named = zendeskIdOf(account, config.zendeskIdField);
    // Named by its id: a protected organization too, as the account already says it is its own (nothing is written to it).
    const byZendeskId = free(named === null ? undefined : byId.get(named));
    if (byZendeskId) return { organization: byZendeskId };
    const sameName = byName.get(account.Name.toLowerCase());
    if (sameName && protectedIds.has(sameName.id)) {
      // Adopting it by name would write a protected organization's id onto an account that never named it.
      return { conflict: { reason: 'name_protected', accountId: account.Id, accountName: account.Name, organizationId: sameName.id } };
    }
    if (free(sameName)) return { organization: sameName! };
    if (sameName) {
      // Another account's, in Zendesk or adopted by one earlier in this run.
      const otherAccountId = salesforceIdOf(sameName, config.matchField) ?? claimed.get(sameName.id) ?? null;
      if (otherAccountId !== null) return { conflict: { reason: 'name_taken', accountId: account.Id, accountName: account.Name, organizationId: sameName.id, otherAccountId } };
    }
    if (namesTaken.has(account.Name.toLowerCase())) {
      // Two accounts of one name: the first gets the organization; the second is reported.
      const first = plan.creates.find((create) => create.account.name.toLowerCase() === account.Name.toLowerCase());
      if (first) return { conflict: { reason: 'name_taken', accountId: account.Id, accountName: account.Name, organizationId: null, otherAccountId: first.account.id } };
    }
    return undefined;
  }
}

function finish(plan: Omit<SyncPlan, 'summary' | 'formatVersion'>, counts: { accounts: number; organizations: number; unchanged: number }): SyncPlan {
  plan.creates.sort((a, b) => byText(a.account.name.toLowerCase(), b.account.name.toLowerCase()) || byText(a.account.id, b.account.id));
  plan.updates.sort((a, b) => a.id - b.id);
  plan.flags.sort((a, b) => a.id - b.id);
  plan.writeBacks.sort((a, b) => byText(a.accountId, b.accountId));
  plan.conflicts.sort((a, b) => byText(a.accountId, b.accountId) || byText(a.reason, b.reason) || byText('field' in a ? a.field : '', 'field' in b ? b.field : ''));
  plan.protectedSkipped.sort((a, b) => a.id - b.id);
  return {
    formatVersion: SYNC_PLAN_FORMAT_VERSION,
    ...plan,
    summary: {
      accounts: counts.accounts,
      organizations: counts.organizations,
      creates: plan.creates.length,
      updates: plan.updates.length,
      flags: plan.flags.length,
      writeBacks: plan.writeBacks.length,
      conflicts: plan.conflicts.length,
      protectedSkipped: plan.protectedSkipped.length,
      unchanged: counts.unchanged,
    },
  };
}
