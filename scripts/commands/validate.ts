/**
 * `npm run validate`: every problem in config/, each as `file:line:col`.
 * Works offline; when a Zendesk target is set, names are checked against it too,
 * and the users organization files name are checked to exist and be members.
 */
import { resolve } from 'node:path';
import { findRepositoryRoot } from '../config/configFiles.ts';
import { validateReferences } from '../config/validate.ts';
import { loadForms } from '../forms/definition.ts';
import { KIND_LABELS, KINDS, plannedLookups } from '../kinds/registry.ts';
import { checkNamesBeyondRules } from './namesBeyondRules.ts';
import { sortDiagnostics } from '../core/diagnostics.ts';
import { configDirLabel } from '../core/configDir.ts';
import { fetchLookups } from '../kinds/fetch.ts';
import { planOrganizations } from '../organizations/plan.ts';
import { loadSalesforceConfig } from '../sync/salesforceConfig.ts';
import { loadCsatConfig } from '../workflow/csat.ts';
import { ZendeskClient } from '../zendesk/client.ts';
import type { CommandIO } from '../workflow/io.ts';
import { clientOptions, readTarget } from '../workflow/target.ts';
import { loadChecked, reportDiagnostics } from '../workflow/steps.ts';

export async function validateCommand(args: { config: string }, io: CommandIO): Promise<number> {
  const { config, diagnostics } = await loadChecked(resolve(io.cwd, args.config), args.config, io.cwd, io.env);
  const shown = configDirLabel(args.config);
  // The request forms (config/forms/), and their issue templates in the repository's .gitlab/.
  const forms = await loadForms(resolve(io.cwd, args.config), { cwd: io.cwd, repositoryRoot: await findRepositoryRoot(resolve(io.cwd, args.config)) });
  // The Salesforce sync's config/salesforce.yaml, when there is one.
  const salesforce = await loadSalesforceConfig(resolve(io.cwd, args.config), { cwd: io.cwd });
  // config/csat.yaml (npm run csat), when there is one.
  const csat = await loadCsatConfig(resolve(io.cwd, args.config), { cwd: io.cwd });
  reportDiagnostics(io, sortDiagnostics([...diagnostics, ...forms.diagnostics, ...salesforce.diagnostics, ...csat.diagnostics]), `${shown} is invalid`);
  const target = readTarget(io.env);
  let checkedAgainst = 'offline; set ZENDESK_URL to check names against an account';
  if (target) {
    const client = new ZendeskClient(clientOptions(target, { sleep: io.sleep }));
    const lookups = fetchLookups(client);
    // Users and memberships can only be checked with the organizations in hand; the plan's own diagnostics say it.
    const organizations = await planOrganizations(client, config.organizations ?? [], () => lookups, io.now());
    // The names forms, csat.yaml and salesforce.yaml use, as the account will be once config/ is applied.
    const planned = plannedLookups(config, await lookups);
    const elsewhere = await checkNamesBeyondRules(resolve(io.cwd, args.config), io.cwd, forms.forms, planned);
    reportDiagnostics(io, sortDiagnostics([...validateReferences(config, await lookups, planned), ...organizations.diagnostics, ...elsewhere]), `${shown} is invalid`, 'online');
    checkedAgainst = `names checked against ${target.url}`;
  }
  const counts = [
    ...KINDS.map((kind) => `${config.objects[kind].length} ${KIND_LABELS[kind].many}`),
    ...(config.organizations?.length ? [`${config.organizations.length} ${KIND_LABELS.organizations.many}`] : []),
  ].join(', ');
  io.stdout(`${shown} is valid: ${counts} (${checkedAgainst}).\n`);
  return 0;
}
