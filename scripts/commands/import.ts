/**
 * `npm run import`: write config/ from a live account. It never overwrites
 * existing config files unless asked to with --force.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import type { KindName } from '../core/model.ts';
import type { LiveByKind } from '../core/diff.ts';
import { configFilesFrom, settingsFile, sharedKeys } from '../import/toFiles.ts';
import { exists } from '../config/configFiles.ts';
import { IMPORTABLE_KINDS, KIND_DEFINITIONS, KIND_LABELS } from '../kinds/registry.ts';
import { plainText } from '../core/plainText.ts';
import { fetchLiveState, fetchLookups } from '../kinds/fetch.ts';
import { organizationNames } from '../organizations/names.ts';
import { organizationFiles } from '../organizations/toFiles.ts';
import { SEARCH_LIMIT } from '../organizations/fetch.ts';
import { parseSelection, selectOrganizations } from '../organizations/select.ts';
import { ZendeskClient } from '../zendesk/client.ts';
import { CommandError, type CommandIO } from '../workflow/io.ts';
import { retryNotice } from '../workflow/progress.ts';
import { clientOptions, requireTarget, type Target } from '../workflow/target.ts';

export interface ImportArgs {
  config: string;
  kinds?: string;
  force?: boolean;
  /** Keys or a search query: which organizations to import (never all by default). */
  organizations?: string;
}

export async function importCommand(args: ImportArgs, io: CommandIO): Promise<number> {
  const { kinds, organizations } = parseKinds(args.kinds);
  if (organizations && !args.organizations) {
    throw new CommandError(
      '--kinds organizations needs --organizations <keys or a search query>, e.g. --organizations salesforce_id:0015g0000000001AAA,external_id:initech or --organizations "tags:enterprise". ' +
        'An account can hold 50,000 organizations, so importing all of them is never the default.',
    );
  }
  if (!organizations && args.organizations) throw new CommandError('--organizations only applies with --kinds organizations');
  const target = requireTarget(io.env);
  if (organizations) return importOrganizations(args, io, target);
  const root = resolve(io.cwd, args.config);
  const existing = (await Promise.all(kinds.map((k) => yamlFilesIn(join(root, k))))).flat();
  if (existing.length > 0 && !args.force) {
    throw new CommandError(
      `${relative(io.cwd, root) || '.'} already has ${existing.length} config file${existing.length === 1 ? '' : 's'} ` +
        `(e.g. ${relative(io.cwd, existing[0])}); import would overwrite them. Import into an empty directory with --config DIR, or pass --force.`,
    );
  }
  const live = await fetchLiveState(new ZendeskClient(clientOptions(target, { onRetry: retryNotice(io), sleep: io.sleep })));
  const files = configFilesFrom(live.objects as LiveByKind, kinds);
  for (const shared of sharedKeys(live.objects as LiveByKind, kinds)) {
    io.stderr(`warning: ${shared.count} ${KIND_LABELS[shared.kind].many} are ${KIND_DEFINITIONS[shared.kind].keyField === 'name' ? 'named' : 'titled'} "${plainText(shared.key)}"; none of them was imported, since config/ finds objects by ${KIND_DEFINITIONS[shared.kind].keyField}. Rename all but one in Zendesk and import again to manage them.\n`);
  }
  if (!(await yamlFilesIn(root)).some((f) => f.endsWith('settings.yaml'))) files.push(settingsFile());
  for (const file of existing) await rm(file);
  for (const file of files) {
    const path = join(root, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.content);
  }
  const counts = kinds.map((k) => `${(live.objects[k] as unknown[]).length} ${k.replace('_', ' ')}`).join(', ');
  io.stdout(`Imported ${counts} from ${target.url} into ${relative(io.cwd, root) || '.'} (${files.length} files).\n`);
  const secrets = files.flatMap((f) => [...f.content.matchAll(/_env: "?([A-Z0-9_]+)"?/g)].map((m) => m[1]));
  if (secrets.length > 0) {
    io.stdout(
      `Zendesk never shows webhook secrets: create masked, protected CI variables ${secrets.join(', ')}, scoped to the production environment ` +
        `(named in the webhook files; fill in any set-the-… placeholders), and ZENDESK_WEBHOOK_FINGERPRINT_KEY if the project has none yet.\n`,
    );
  }
  return 0;
}

function parseKinds(value: string | undefined): { kinds: KindName[]; organizations: boolean } {
  if (!value) return { kinds: [...IMPORTABLE_KINDS], organizations: false };
  const kinds = value.split(',').map((k) => k.trim()).filter(Boolean);
  const known = [...IMPORTABLE_KINDS, 'organizations'];
  const unknown = kinds.filter((k) => !known.includes(k));
  if (unknown.length > 0) throw new CommandError(`--kinds: unknown kind ${unknown.join(', ')} (known: ${known.join(', ')})`);
  if (kinds.includes('organizations') && kinds.length > 1) {
    throw new CommandError('--kinds organizations is imported on its own: run import once for the rules and once for the organizations');
  }
  return { kinds: kinds.filter((k) => k !== 'organizations') as KindName[], organizations: kinds.includes('organizations') };
}

/** `--kinds organizations --organizations <keys or query>`: one file per chosen organization. */
async function importOrganizations(args: ImportArgs, io: CommandIO, target: Target): Promise<number> {
  const root = resolve(io.cwd, args.config);
  const client = new ZendeskClient(clientOptions(target, { onRetry: retryNotice(io), sleep: io.sleep }));
  const selection = parseSelection(args.organizations ?? '');
  const [found, lookups] = await Promise.all([selectOrganizations(client, selection), fetchLookups(client)]);
  for (const key of found.missing) io.stderr(`warning: no organization has ${key}\n`);
  if (found.truncated) io.stderr(`warning: the search matched more than ${SEARCH_LIMIT} organizations; only the first ${SEARCH_LIMIT} were imported. Narrow the query.\n`);
  if (found.organizations.length === 0) throw new CommandError(`no organization matched ${args.organizations}`);
  const files = organizationFiles(found.organizations, organizationNames(lookups));
  const clashes = [];
  for (const file of files) {
    if (await exists(join(root, file.path))) clashes.push(file.path);
  }
  if (clashes.length > 0 && !args.force) {
    throw new CommandError(`${clashes.length} organization file${clashes.length === 1 ? '' : 's'} already exist (e.g. ${join(relative(io.cwd, root) || '.', clashes[0])}); pass --force to overwrite them.`);
  }
  for (const file of files) {
    const path = join(root, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.content);
  }
  io.stdout(`Imported ${files.length} organization${files.length === 1 ? '' : 's'} from ${target.url} into ${join(relative(io.cwd, root) || '.', 'organizations')}.\n`);
  return 0;
}

async function yamlFilesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile() && /\.ya?ml$/.test(e.name)).map((e) => join(dir, e.name));
}

