/**
 * config/salesforce.yaml → SalesforceSyncConfig, with every problem as a diagnostic at
 * file:line:col: the schema first (schemas/salesforce.schema.json), then what a schema
 * cannot say (a field filled twice, bands out of order). Absent file: no config, no
 * problem; the Salesforce commands say they need it.
 */
import { readOptionalConfigFile } from '../config/optionalFile.ts';
import type { Diagnostic, PathSegment } from '../core/model.ts';
import type { Mapping, NumberBand, SalesforceSyncConfig, Transform } from '../salesforce/config.ts';

export const SALESFORCE_CONFIG_FILE = 'salesforce.yaml';
const DEFAULT_FIRST_CHANGES = 20;

export interface LoadedSalesforceConfig {
  /** null when the file is absent or has errors. */
  config: SalesforceSyncConfig | null;
  diagnostics: Diagnostic[];
  /** The file as shown to the user, e.g. `config/salesforce.yaml`. */
  file: string;
  present: boolean;
}

/** The file as written (schemas/salesforce.schema.json). */
interface SalesforceFile {
  api_version: string;
  account_types: string[];
  zendesk_id_field: string;
  match_field: string;
  flag_field: string;
  protected_organizations?: number[];
  mappings: { from: string; to: string; transform?: { values?: Record<string, string>; date?: 'YYYY-MM-DD'; number_to_tag?: NumberBand[] } }[];
  report?: { labels?: string[]; first_changes?: number };
}

export async function loadSalesforceConfig(configDir: string, options: { cwd?: string } = {}): Promise<LoadedSalesforceConfig> {
  const read = await readOptionalConfigFile(configDir, SALESFORCE_CONFIG_FILE, 'salesforce', options.cwd);
  const { file } = read;
  if (!read.present) return { config: null, diagnostics: [], file, present: false };
  if (!read.source) return { config: null, diagnostics: read.diagnostics, file, present: true };
  const source = read.source;
  const spec = source.value as SalesforceFile;
  const diagnostics: Diagnostic[] = [];
  const at = (path: PathSegment[], field: string, message: string, hint?: string) =>
    diagnostics.push({ severity: 'error', ...source.locate(path), field, message, ...(hint ? { hint } : {}) });

  const filledBy = new Map<string, number>();
  spec.mappings.forEach((mapping, index) => {
    const field = `mappings[${index}].to`;
    // The name is the Account Name's (apply.ts sends a change to `name` as the organization's name).
    if (mapping.to === 'name') at(['mappings', index, 'to'], field, 'name is the organization\'s name, which the sync takes from the Account Name; map to an organization field key');
    else if (mapping.to === spec.match_field) at(['mappings', index, 'to'], field, `${mapping.to} is the match_field: it holds the Account Id, which the sync writes itself`);
    else if (mapping.to === spec.flag_field) at(['mappings', index, 'to'], field, `${mapping.to} is the flag_field: the sync sets it on organizations whose account is gone`);
    const earlier = filledBy.get(mapping.to);
    if (earlier !== undefined) at(['mappings', index, 'to'], field, `${mapping.to} is already filled by mappings[${earlier}] (from ${spec.mappings[earlier].from})`, 'one mapping per organization field');
    else filledBy.set(mapping.to, index);
    checkBands(mapping.transform?.number_to_tag, (band, message) => at(['mappings', index, 'transform', 'number_to_tag', band], `mappings[${index}].transform.number_to_tag[${band}]`, message));
  });
  if (spec.match_field === spec.flag_field) at(['flag_field'], 'flag_field', 'flag_field and match_field must be different organization fields');
  if (diagnostics.length > 0) return { config: null, diagnostics, file, present: true };
  return { config: toConfig(spec), diagnostics, file, present: true };
}

/** Bands lowest first, each `below` above the last, and only the last one open-ended. */
function checkBands(bands: NumberBand[] | undefined, report: (index: number, message: string) => void): void {
  if (!bands) return;
  bands.forEach((band, index) => {
    const last = index === bands.length - 1;
    if (last && band.below !== undefined) report(index, `the last band must have no below: it takes every number from ${band.below} up`);
    if (!last && band.below === undefined) report(index, 'only the last band may leave out below; bands after it would never be used');
    const previous = bands[index - 1]?.below;
    if (band.below !== undefined && previous !== undefined && band.below <= previous) report(index, `below ${band.below} must be above the band before it (${previous}): bands go lowest first`);
  });
}

function toConfig(spec: SalesforceFile): SalesforceSyncConfig {
  return {
    apiVersion: spec.api_version,
    accountTypes: spec.account_types,
    zendeskIdField: spec.zendesk_id_field,
    matchField: spec.match_field,
    flagField: spec.flag_field,
    protectedOrganizations: spec.protected_organizations ?? [],
    mappings: spec.mappings.map((mapping): Mapping => ({ from: mapping.from, to: mapping.to, ...(mapping.transform ? { transform: toTransform(mapping.transform) } : {}) })),
    report: { labels: spec.report?.labels ?? [], firstChanges: spec.report?.first_changes ?? DEFAULT_FIRST_CHANGES },
  };
}

/** The schema allows exactly one key. */
function toTransform(written: NonNullable<SalesforceFile['mappings'][number]['transform']>): Transform {
  if (written.values) return { type: 'values', values: written.values };
  if (written.date) return { type: 'date', format: written.date };
  return { type: 'number_to_tag', bands: written.number_to_tag ?? [] };
}
