/**
 * config/salesforce.yaml as the sync reads it (issue 12): which accounts, which
 * organization fields they fill and how their values are turned into what Zendesk
 * stores. Types only, plus the field list the account query needs; the file is read
 * and checked by ../sync/salesforceConfig.ts.
 */

/** How an account value becomes an organization value; absent: copied as it is. */
export type Transform =
  /** Account value → organization value (a drop-down's tag). A value the map lacks is a conflict, never written. */
  | { type: 'values'; values: Readonly<Record<string, string>> }
  /** A date written as `YYYY-MM-DD`, the form Zendesk's date fields accept. */
  | { type: 'date'; format: 'YYYY-MM-DD' }
  /** A number → the tag of the first band it is below; the last band has no `below`. */
  | { type: 'number_to_tag'; bands: readonly NumberBand[] };

export interface NumberBand {
  /** Exclusive upper bound; absent on the last band (everything else). */
  below?: number;
  tag: string;
}

export interface Mapping {
  /** Account field, relationship fields dotted (`Owner.Name`). */
  from: string;
  /** Organization field key. */
  to: string;
  transform?: Transform;
}

export interface SalesforceSyncConfig {
  /** Pinned, e.g. "62.0": a Salesforce release never changes what the sync reads. */
  apiVersion: string;
  /** Account.Type values the sync reads (the SOQL filter). */
  accountTypes: readonly string[];
  /** The Account field holding the Zendesk organization id. */
  zendeskIdField: string;
  /** Organization field key holding Account.Id. */
  matchField: string;
  /** Organization checkbox field key set on organizations whose account is gone. */
  flagField: string;
  /** Zendesk organization ids the sync never changes. */
  protectedOrganizations: readonly number[];
  mappings: readonly Mapping[];
  report: { labels: readonly string[]; firstChanges: number };
}

/** The Account fields to query: Id, Name, Type, the Zendesk id field and every mapped field, each once. */
export function accountFields(config: SalesforceSyncConfig): string[] {
  return [...new Set(['Id', 'Name', 'Type', config.zendeskIdField, ...config.mappings.map((mapping) => mapping.from)])];
}
