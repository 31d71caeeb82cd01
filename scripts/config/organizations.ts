/**
 * config/organizations/*.yaml → DesiredOrganization[], with the checks that
 * need no account: a key present, sharing allowed, user overrides that agree.
 */
import { displayPath, listKindFiles, problemDiagnostic } from './configFiles.ts';
import type { ListOptions } from './configFiles.ts';
import { checkAgainstSchema } from './schemaCheck.ts';
import { readYamlSource } from './yamlSource.ts';
import { type DesiredOrganization, type Diagnostic, keyLabel, type OrganizationFile, type OrganizationKey } from '../core/model.ts';

export interface LoadedOrganizations {
  organizations: DesiredOrganization[];
  diagnostics: Diagnostic[];
}

/** Files are found as for every kind: links followed inside the repository, problems reported, nothing skipped. */
export async function loadOrganizations(directory: string, options: ListOptions): Promise<LoadedOrganizations> {
  const { cwd } = options;
  const files = await listKindFiles(directory, options);
  const organizations: DesiredOrganization[] = [];
  const diagnostics: Diagnostic[] = files.problems.map((problem) => problemDiagnostic(problem, cwd));
  for (const stray of [...(files.orderFile ? [files.orderFile] : []), ...files.strayUnderscoreFiles]) {
    diagnostics.push({ severity: 'warning', file: displayPath(stray, cwd), line: 1, col: 1, message: 'ignored: organizations have no order file' });
  }
  for (const path of files.objectFiles) {
    const source = await readYamlSource(path, displayPath(path, cwd));
    const problems = source.value === undefined ? source.diagnostics : checkAgainstSchema('organization', source);
    for (const problem of problems) diagnostics.push(problem);
    if (problems.length > 0) continue;
    const spec = source.value as OrganizationFile;
    const key = keyOf(spec);
    const at = (path: (string | number)[], field: string, message: string, hint?: string, severity: Diagnostic['severity'] = 'error') =>
      diagnostics.push({ severity, ...source.locate(path), field, message, ...(hint ? { hint } : {}) });
    if (!key) {
      at(['name'], 'salesforce_id', 'an organization needs a key: salesforce_id, external_id or zendesk_id', 'the name is not a key: names change, keys do not');
      continue;
    }
    if (spec.never_share && spec.sharing && spec.sharing !== 'none') {
      at(['sharing'], 'sharing', `sharing is ${spec.sharing}, but this organization is marked never_share`, 'set sharing: none, or remove never_share after the customer agrees in writing');
    }
    if (key.by === 'salesforce_id' && spec.fields && 'salesforce_id' in spec.fields) {
      at(['fields', 'salesforce_id'], 'fields.salesforce_id', 'salesforce_id is this organization\'s key; do not set it under fields too');
    }
    checkUsersInFile(spec, (index, message, hint, severity) => at(['users', index, 'email'], `users[${index}].email`, message, hint, severity));
    organizations.push({ key, file: source.file, locate: source.locate, spec });
  }
  for (const diagnostic of checkAcrossFiles(organizations)) diagnostics.push(diagnostic);
  return { organizations, diagnostics };
}

export function keyOf(spec: OrganizationFile): OrganizationKey | null {
  if (spec.salesforce_id !== undefined) return { by: 'salesforce_id', value: spec.salesforce_id };
  if (spec.external_id !== undefined) return { by: 'external_id', value: spec.external_id };
  if (spec.zendesk_id !== undefined) return { by: 'zendesk_id', value: spec.zendesk_id };
  return null;
}

function checkUsersInFile(
  spec: OrganizationFile,
  report: (index: number, message: string, hint?: string, severity?: Diagnostic['severity']) => void,
): void {
  const seen = new Map<string, { index: number; access: string }>();
  (spec.users ?? []).forEach((user, index) => {
    const email = user.email.toLowerCase();
    const earlier = seen.get(email);
    if (!earlier) {
      seen.set(email, { index, access: user.access });
      return;
    }
    if (earlier.access !== user.access) {
      report(index, `conflicting overrides for ${user.email}: ${earlier.access} (users[${earlier.index}]) and ${user.access}`, 'a user has one access level; keep one entry');
    } else {
      report(index, `${user.email} is listed twice`, 'remove one of the entries', 'warning');
    }
  });
}

/** Keys are unique; a user's access is one setting in Zendesk, so two files must not disagree on it. */
function checkAcrossFiles(organizations: readonly DesiredOrganization[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const byKey = new Map<string, DesiredOrganization>();
  for (const org of organizations) {
    const id = `${org.key.by}\u0000${String(org.key.value).toLowerCase()}`;
    const first = byKey.get(id);
    if (first) {
      diagnostics.push({
        severity: 'error', ...org.locate([org.key.by]), field: org.key.by,
        message: `duplicate organization key ${keyLabel(org.key)} (also in ${first.file})`,
        hint: 'one file per organization',
      });
    } else byKey.set(id, org);
  }
  const access = new Map<string, { org: DesiredOrganization; access: string }>();
  for (const org of organizations) {
    (org.spec.users ?? []).forEach((user, index) => {
      const email = user.email.toLowerCase();
      const first = access.get(email);
      if (!first) access.set(email, { org, access: user.access });
      else if (first.org !== org && first.access !== user.access) {
        diagnostics.push({
          severity: 'error', ...org.locate(['users', index, 'access']), field: `users[${index}].access`,
          message: `conflicting overrides for ${user.email}: ${user.access} here, ${first.access} in ${first.org.file}`,
          hint: 'a user\'s access is one setting in Zendesk; make both files agree',
        });
      }
    });
  }
  return diagnostics;
}
