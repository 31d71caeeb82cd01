/**
 * config/organizations/ as the Salesforce sync sees it: which organizations a file manages
 * (by its key) and the organization field keys it declares under `fields:`. Those fields, and
 * the name, stay the file's: the sync reports a mapping that would change one instead of
 * writing it (issue 12, "Organizations under config/organizations/ keep priority").
 * Read with the config loader's own organization reader, so both agree on keys and files.
 */
import { resolve } from 'node:path';
import { findRepositoryRoot } from '../config/configFiles.ts';
import { loadOrganizations } from '../config/organizations.ts';
import type { Diagnostic } from '../core/model.ts';
import type { ManagedOrganization } from '../salesforce/match.ts';

export async function loadManagedOrganizations(configDir: string, options: { cwd: string }): Promise<{ managed: ManagedOrganization[]; diagnostics: Diagnostic[] }> {
  const root = resolve(configDir);
  const { organizations, diagnostics } = await loadOrganizations(resolve(root, 'organizations'), { cwd: options.cwd, repository: await findRepositoryRoot(root) });
  const managed = organizations.map(({ key, file, spec }): ManagedOrganization => ({
    file,
    name: spec.name,
    ...(key.by === 'salesforce_id' ? { salesforceId: key.value } : key.by === 'external_id' ? { externalId: key.value } : { zendeskId: key.value }),
    fields: Object.keys(spec.fields ?? {}),
  }));
  return { managed, diagnostics };
}
