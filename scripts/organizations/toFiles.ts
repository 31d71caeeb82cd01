/**
 * Live organizations → config/organizations/*.yaml. Pure. The files say only
 * what Zendesk holds (no user overrides: those are decisions, not state), and
 * `import then plan` shows no changes for them.
 */
import { filesNamedAfter, toYaml, type ConfigFile } from '../config/yamlWrite.ts';
import type { RawObject } from '../kinds/kind.ts';
import type { OrganizationFile } from '../core/model.ts';
import type { OrganizationNames } from './names.ts';
import { auditLinesIn, joinEntries, liveOrganizationState } from './state.ts';

const HEADER = '# Imported from Zendesk. Only the fields written here are managed; remove any you do not want config/ to own.\n';

export function organizationFiles(organizations: readonly RawObject[], names: OrganizationNames): ConfigFile[] {
  return filesNamedAfter('organizations', organizations, (raw) => String(raw.name), (raw) => HEADER + toYaml(organizationFile(raw, names)));
}

export function organizationFile(raw: RawObject, names: OrganizationNames): OrganizationFile {
  const live = liveOrganizationState(raw, names);
  const fields = { ...(live.fields ?? {}) } as Record<string, string | number | boolean | null>;
  const salesforceId = fields.salesforce_id;
  delete fields.salesforce_id;
  const file: OrganizationFile = { name: live.name ?? String(raw.name) };
  if (typeof salesforceId === 'string' && salesforceId !== '') file.salesforce_id = salesforceId;
  if (live.external_id) file.external_id = live.external_id;
  if (!file.salesforce_id && !file.external_id) file.zendesk_id = Number(raw.id);
  file.sharing = live.sharing;
  file.notes = entries(live.notes ?? null, false);
  const details = entries(live.details ?? null, true);
  if (details.length > 0) file.details = details;
  file.tags = live.tags ?? [];
  file.domain_names = live.domain_names ?? [];
  file.group = live.group ?? null;
  const set = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null && v !== ''));
  if (Object.keys(set).length > 0) file.fields = set;
  return file;
}

/**
 * Text split into entries at blank lines, when that gives the same text back;
 * otherwise one entry. Audit lines stay out of details: plans keep them anyway.
 */
function entries(text: string | null, withoutAudit: boolean): string[] {
  if (text === null) return [];
  const audit = new Set(withoutAudit ? auditLinesIn(text) : []);
  const kept = text.split('\n').filter((line) => !audit.has(line.trim())).join('\n').trim();
  if (kept === '') return [];
  const parts = kept.split(/\n[ \t]*\n/).map((p) => p.trim()).filter(Boolean);
  return joinEntries(parts.map((t) => ({ text: t }))) === kept ? parts : [kept];
}
