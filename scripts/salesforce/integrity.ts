/**
 * The daily integrity report (issue 12, `npm run sf:check`): where accounts and
 * organizations no longer name each other both ways. Each defect is one finding, under
 * the kind that says best what to fix; the rules below keep one defect from showing up
 * under two kinds. Pure.
 *
 * - duplicate_organizations: two or more organizations carry one existing account's id.
 * - duplicate_accounts: two or more accounts name one organization in their Zendesk id field.
 * - id_mismatch_account: an account names an existing organization that carries another account's id, or none.
 * - id_mismatch_organization: an organization carries an account's id, and that account's Zendesk id
 *   field is empty or names an organization that does not exist.
 * - organization_without_account: an organization carrying no account id, or the id of an account the
 *   read did not return (deleted, or no longer of a synced type), that no account names either.
 *   Protected organizations are outside the sync and are not reported.
 * - customer_without_organization: a Customer account (Type "Customer", or Salesforce's
 *   "Customer - Direct" / "Customer - Channel") no organization carries and whose Zendesk id field
 *   names no existing organization. A former customer without one is no defect: it has no support.
 * - type_mismatch: an organization's mapped account-type field differs from its account's Type, through
 *   the mapping from `Type`.
 */
import type { SalesforceSyncConfig } from './config.ts';
import { byText, canonicalAccountId, organizationsByAccount, salesforceIdOf, zendeskIdOf, type SalesforceAccount, type ZendeskOrganization } from './match.ts';
import { sameStored, transformMapping } from './transform.ts';

export type IntegrityFinding =
  | { kind: 'id_mismatch_account'; accountId: string; accountName: string; organizationId: number; organizationName: string; organizationAccountId: string | null }
  | { kind: 'id_mismatch_organization'; organizationId: number; organizationName: string; accountId: string; accountName: string; accountZendeskId: string | null }
  | { kind: 'duplicate_organizations'; accountId: string; accountName: string; organizationIds: number[] }
  | { kind: 'duplicate_accounts'; organizationId: number; organizationName: string; accountIds: string[] }
  | { kind: 'organization_without_account'; organizationId: number; organizationName: string; accountId: string | null }
  | { kind: 'customer_without_organization'; accountId: string; accountName: string; accountType: string | null; zendeskId: string | null }
  | { kind: 'type_mismatch'; organizationId: number; organizationName: string; accountId: string; accountType: string | null; field: string; expected: unknown; found: unknown };

export type FindingKind = IntegrityFinding['kind'];

/** The order findings are listed in. */
export const FINDING_KINDS: readonly FindingKind[] = [
  'id_mismatch_account',
  'id_mismatch_organization',
  'duplicate_organizations',
  'duplicate_accounts',
  'organization_without_account',
  'customer_without_organization',
  'type_mismatch',
];

export interface IntegrityReport {
  findings: IntegrityFinding[];
  counts: Record<FindingKind, number>;
}

export interface IntegrityInputs {
  accounts: readonly SalesforceAccount[];
  organizations: readonly ZendeskOrganization[];
  config: SalesforceSyncConfig;
}

export function integrityReport({ organizations, config, ...inputs }: IntegrityInputs): IntegrityReport {
  // Compared with salesforceIdOf's 18-character form: an organization carrying the 15-character id is no mismatch.
  const accounts = inputs.accounts.map((account) => ({ ...account, Id: canonicalAccountId(account.Id) }));
  const findings: IntegrityFinding[] = [];
  const accountsById = new Map(accounts.map((account) => [account.Id, account]));
  const organizationsById = new Map(organizations.map((organization) => [String(organization.id), organization]));
  const byAccount = organizationsByAccount(organizations, config.matchField);
  const protectedIds = new Set(config.protectedOrganizations);

  /** Accounts by the existing organization they name. */
  const namedBy = new Map<number, SalesforceAccount[]>();
  for (const account of accounts) {
    const named = organizationsById.get(zendeskIdOf(account, config.zendeskIdField) ?? '');
    if (!named) continue;
    namedBy.set(named.id, [...(namedBy.get(named.id) ?? []), account]);
  }

  for (const [organizationId, naming] of namedBy) {
    if (naming.length < 2) continue;
    const organization = organizationsById.get(String(organizationId))!;
    findings.push({ kind: 'duplicate_accounts', organizationId, organizationName: organization.name, accountIds: naming.map((a) => a.Id).sort(byText) });
  }

  for (const account of accounts) {
    const own = byAccount.get(account.Id) ?? [];
    const written = zendeskIdOf(account, config.zendeskIdField);
    const named = organizationsById.get(written ?? '');
    if (own.length > 1) {
      findings.push({ kind: 'duplicate_organizations', accountId: account.Id, accountName: account.Name, organizationIds: own.map((o) => o.id).sort((a, b) => a - b) });
    }
    if (named && (namedBy.get(named.id)?.length ?? 0) < 2 && salesforceIdOf(named, config.matchField) !== account.Id) {
      findings.push({
        kind: 'id_mismatch_account', accountId: account.Id, accountName: account.Name,
        organizationId: named.id, organizationName: named.name, organizationAccountId: salesforceIdOf(named, config.matchField),
      });
    }
    if (own.length === 1 && !named) {
      const [organization] = own;
      findings.push({ kind: 'id_mismatch_organization', organizationId: organization.id, organizationName: organization.name, accountId: account.Id, accountName: account.Name, accountZendeskId: written });
    }
    if (own.length === 0 && !named && isCustomer(account.Type)) {
      findings.push({ kind: 'customer_without_organization', accountId: account.Id, accountName: account.Name, accountType: account.Type, zendeskId: written });
    }
    if (own.length === 1) typeMismatch(account, own[0]);
  }

  for (const organization of organizations) {
    const accountId = salesforceIdOf(organization, config.matchField);
    if (accountId !== null && accountsById.has(accountId)) continue;
    if (protectedIds.has(organization.id) || namedBy.has(organization.id)) continue;
    findings.push({ kind: 'organization_without_account', organizationId: organization.id, organizationName: organization.name, accountId });
  }

  findings.sort((a, b) => FINDING_KINDS.indexOf(a.kind) - FINDING_KINDS.indexOf(b.kind) || byText(sortKey(a), sortKey(b)));
  const counts = Object.fromEntries(FINDING_KINDS.map((kind) => [kind, findings.filter((finding) => finding.kind === kind).length])) as Record<FindingKind, number>;
  return { findings, counts };

  function typeMismatch(account: SalesforceAccount, organization: ZendeskOrganization): void {
    const mapping = config.mappings.find((candidate) => candidate.from === 'Type');
    if (!mapping) return;
    const result = transformMapping(mapping, account.Type);
    // A Type the map lacks is the sync's conflict to report; here only a difference counts.
    if (result.type !== 'value') return;
    const found = organization.organization_fields[mapping.to] ?? null;
    if (sameStored(result.value, found)) return;
    findings.push({ kind: 'type_mismatch', organizationId: organization.id, organizationName: organization.name, accountId: account.Id, accountType: account.Type, field: mapping.to, expected: result.value, found });
  }
}

/** Ids padded so organization ids sort as numbers within a kind. */
function sortKey(finding: IntegrityFinding): string {
  const pad = (id: number) => String(id).padStart(20, '0');
  switch (finding.kind) {
    case 'duplicate_accounts':
    case 'organization_without_account':
    case 'id_mismatch_organization':
    case 'type_mismatch':
      return pad(finding.organizationId);
    case 'id_mismatch_account':
    case 'duplicate_organizations':
    case 'customer_without_organization':
      return finding.accountId;
  }
}

/** Salesforce's own picklist values are "Customer - Direct" and "Customer - Channel" (reference §4.6); orgs often use plain "Customer". */
function isCustomer(type: string | null): boolean {
  return type !== null && /^customer\b/i.test(type.trim());
}
