/**
 * `npm run import`: write config/ from a live account. It never overwrites
 * existing config files unless asked to with --force.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import type { KindName } from '../config/model.ts';
import type { LiveByKind } from '../core/diff.ts';
import { configFilesFrom, settingsFile } from '../import/toFiles.ts';
import { fetchLiveState } from '../kinds/fetch.ts';
import { ZendeskClient } from '../zendesk/client.ts';
import { CommandError, type CommandIO } from './io.ts';
import { retryNotice } from './plan.ts';
import { clientOptions, requireTarget } from './target.ts';

export interface ImportArgs {
  config: string;
  kinds?: string;
  force?: boolean;
}

const IMPORTABLE: readonly KindName[] = ['webhooks', 'triggers', 'automations', 'macros', 'sla_policies'];

export async function importCommand(args: ImportArgs, io: CommandIO): Promise<number> {
  const kinds = parseKinds(args.kinds);
  const target = requireTarget(io.env);
  const root = resolve(io.cwd, args.config);
  const existing = (await Promise.all(kinds.map((k) => yamlFilesIn(join(root, k))))).flat();
  if (existing.length > 0 && !args.force) {
    throw new CommandError(
      `${relative(io.cwd, root) || '.'} already has ${existing.length} config file${existing.length === 1 ? '' : 's'} ` +
        `(e.g. ${relative(io.cwd, existing[0])}); import would overwrite them. Import into an empty directory with --config DIR, or pass --force.`,
    );
  }
  const live = await fetchLiveState(new ZendeskClient(clientOptions(target, { onRetry: retryNotice(io) })));
  const files = configFilesFrom(live.objects as LiveByKind, kinds);
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
    io.stdout(`Zendesk never shows webhook secrets: create masked CI variables ${secrets.join(', ')} (named in the webhook files; fill in any set-the-… placeholders).\n`);
  }
  return 0;
}

function parseKinds(value: string | undefined): KindName[] {
  if (!value) return [...IMPORTABLE];
  const kinds = value.split(',').map((k) => k.trim()).filter(Boolean);
  const unknown = kinds.filter((k) => !IMPORTABLE.includes(k as KindName));
  if (unknown.length > 0) throw new CommandError(`--kinds: unknown kind ${unknown.join(', ')} (known: ${IMPORTABLE.join(', ')})`);
  return kinds as KindName[];
}

async function yamlFilesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile() && /\.ya?ml$/.test(e.name)).map((e) => join(dir, e.name));
}

