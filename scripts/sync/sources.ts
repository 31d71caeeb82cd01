/**
 * What `sf:sync` and `sf:check` start from: config/salesforce.yaml and the organizations
 * config/organizations/ manages (`loadSyncConfig`), then every account of the synced types
 * (jsforce, every page) and every Zendesk organization (node-zendesk, the cheaper of
 * search/export and the list) (`readSources`).
 *
 * Salesforce is logged in to before Zendesk is asked anything: a refused credential on either
 * side ends the run in one line, before anything was written anywhere.
 */
import { resolve } from 'node:path';
import type { Diagnostic } from '../core/model.ts';
import { connectSalesforce, readAccounts, type SalesforceConnection } from '../salesforce/client.ts';
import { accountFields, type SalesforceSyncConfig } from '../salesforce/config.ts';
import type { ManagedOrganization, SalesforceAccount, ZendeskOrganization } from '../salesforce/match.ts';
import type { ZendeskClient } from '../zendesk/client.ts';
import { loadManagedOrganizations } from './managed.ts';
import { loadSalesforceConfig } from './salesforceConfig.ts';
import { chooseReadStrategy, countOrganizations, readAllOrganizations, type OrganizationRead, type OrganizationReadStrategy } from './zendeskOrganizations.ts';

export interface SyncConfig {
  /** null when the file is absent or has errors. */
  config: SalesforceSyncConfig | null;
  managed: ManagedOrganization[];
  /** Both files' problems, at file:line. */
  diagnostics: Diagnostic[];
  /** `config/salesforce.yaml`, as shown to the user. */
  file: string;
  present: boolean;
}

export async function loadSyncConfig(configDir: string, options: { cwd: string }): Promise<SyncConfig> {
  const root = resolve(options.cwd, configDir);
  const loaded = await loadSalesforceConfig(root, { cwd: options.cwd });
  const managed = await loadManagedOrganizations(root, { cwd: options.cwd });
  return { config: loaded.config, managed: managed.managed, diagnostics: [...loaded.diagnostics, ...managed.diagnostics], file: loaded.file, present: loaded.present };
}

/** How the run read both sides: what sf-sync.json and sf-check.json record. */
export interface SourceReads {
  accountTypes: readonly string[];
  accounts: number;
  salesforcePages: number;
  organizations: number;
  zendeskRead: OrganizationReadStrategy;
  /** Organization reads only, the count included. */
  zendeskRequests: number;
}

export interface Sources {
  accounts: SalesforceAccount[];
  organizations: ZendeskOrganization[];
  salesforce: SalesforceConnection;
  reads: SourceReads;
}

export type ReadOrganizations = (client: ZendeskClient, strategy: OrganizationReadStrategy) => Promise<OrganizationRead>;

export interface SourceOptions {
  config: SalesforceSyncConfig;
  /** The SF_* variables (salesforce/client.ts); nothing else is read from it. */
  salesforceEnv: Record<string, string | undefined>;
  zendesk: ZendeskClient;
  /**
   * How all organizations are read; default readAllOrganizations with the cheaper strategy.
   * Either way an organization search/export has not indexed yet is not lost: a create that
   * meets its name is refused by Zendesk and adopted (apply.ts).
   */
  readOrganizations?: ReadOrganizations;
}

export async function readSources(options: SourceOptions): Promise<Sources> {
  const { config, zendesk } = options;
  const salesforce = await connectSalesforce(options.salesforceEnv, { apiVersion: config.apiVersion });
  const { accounts, pages } = await readAccounts(salesforce, { types: config.accountTypes, fields: accountFields(config) });
  const before = zendesk.requestCount;
  const { strategy } = chooseReadStrategy(await countOrganizations(zendesk));
  const read = await (options.readOrganizations ?? readAllOrganizations)(zendesk, strategy);
  return {
    accounts,
    organizations: read.organizations,
    salesforce,
    reads: {
      accountTypes: config.accountTypes,
      accounts: accounts.length,
      salesforcePages: pages,
      organizations: read.organizations.length,
      zendeskRead: strategy,
      zendeskRequests: zendesk.requestCount - before,
    },
  };
}
