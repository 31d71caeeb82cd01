/**
 * Online, `npm run validate` also checks the Zendesk names the other config files use,
 * which no plan reads and so nothing else would catch until a job ran: a form's group and
 * ticket fields (config/forms/), the groups whose managers csat.yaml mentions, and the
 * organization fields salesforce.yaml writes. A misspelt name there fails quietly later (a
 * request without its fields, a bad rating nobody is told of, a sync planning updates to a
 * field that does not exist), so it is an error here, at file:line, with the near miss.
 */
import { join } from 'node:path';
import { readOptionalConfigFile } from '../config/optionalFile.ts';
import { didYouMean } from '../config/suggest.ts';
import { readYamlSource, type YamlSource } from '../config/yamlSource.ts';
import { displayPath } from '../config/configFiles.ts';
import { formatFieldPath } from '../core/fieldPath.ts';
import type { Diagnostic, Lookups, PathSegment } from '../core/model.ts';
import type { FormDefinition } from '../forms/definition.ts';

export async function checkNamesBeyondRules(configDir: string, cwd: string, forms: readonly FormDefinition[], planned: Lookups): Promise<Diagnostic[]> {
  const groups = planned.groups.filter((group) => group.active !== false).map((group) => group.name);
  const fields = planned.ticketFields.map((field) => field.title);
  const organizationFields = planned.organizationFields.map((field) => field.key);
  const problems: Diagnostic[] = [];
  const unknown = (source: YamlSource, path: PathSegment[], what: string, name: string, known: readonly string[]) => {
    if (known.includes(name)) return;
    const hint = didYouMean(name, known);
    problems.push({ severity: 'error', ...source.locate(path), field: formatFieldPath(path), message: `unknown ${what} '${name}'`, ...(hint ? { hint } : {}) });
  };

  for (const form of forms) {
    if (!form.zendesk?.group && !form.zendesk?.ticket_fields) continue;
    const path = join(configDir, 'forms', `${form.id}.yaml`);
    const source = await readYamlSource(path, displayPath(path, cwd));
    if (form.zendesk.group) unknown(source, ['zendesk', 'group'], 'group', form.zendesk.group, groups);
    for (const [name, title] of Object.entries(form.zendesk.ticket_fields ?? {})) unknown(source, ['zendesk', 'ticket_fields', name], 'ticket field', title, fields);
  }

  const csat = await readOptionalConfigFile(configDir, 'csat.yaml', 'csat', cwd);
  if (csat.present && csat.source) {
    const managers = (csat.source.value as { managers?: Record<string, unknown> } | null)?.managers ?? {};
    for (const group of Object.keys(managers)) unknown(csat.source, ['managers', group], 'group', group, groups);
  }

  const salesforce = await readOptionalConfigFile(configDir, 'salesforce.yaml', 'salesforce', cwd);
  if (salesforce.present && salesforce.source) {
    const spec = salesforce.source.value as { match_field?: string; flag_field?: string; mappings?: { to?: string }[] } | null;
    if (spec?.match_field) unknown(salesforce.source, ['match_field'], 'organization field', spec.match_field, organizationFields);
    if (spec?.flag_field) unknown(salesforce.source, ['flag_field'], 'organization field', spec.flag_field, organizationFields);
    (spec?.mappings ?? []).forEach((mapping, index) => {
      if (mapping.to) unknown(salesforce.source as YamlSource, ['mappings', index, 'to'], 'organization field', mapping.to, organizationFields);
    });
  }
  return problems;
}
