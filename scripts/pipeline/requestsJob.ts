/**
 * `npm run requests` (`ci requests`): one pass of the request processor over the open
 * request issues (scripts/requests/). It runs on a schedule and by hand. It needs the
 * GitLab project (issues, notes, branches, merge requests) and a Zendesk credential
 * that can create tickets (ZENDESK_REQUESTS_*; README, "Security model").
 */
import { join, resolve } from 'node:path';
import { findRepositoryRoot } from '../config/configFiles.ts';
import { loadOrganizations } from '../config/organizations.ts';
import { formatDiagnostic, hasErrors } from '../core/diagnostics.ts';
import { loadForms } from '../forms/definition.ts';
import { parseRequestBlock } from '../forms/requestBlock.ts';
import { gitLabPort, zendeskPort } from '../requests/adapters.ts';
import { formatRunSummary, processRequests } from '../requests/process.ts';
import { ZendeskClient } from '../zendesk/client.ts';
import { CommandError, type CommandIO } from '../workflow/io.ts';
import { retryNotice } from '../workflow/progress.ts';
import { clientOptions, requireTarget } from '../workflow/target.ts';
import { requireWriteAccess } from './credentials.ts';
import { gitLabClientFor } from './target.ts';

export async function requestsJob(args: { config: string }, io: CommandIO): Promise<number> {
  const configDir = resolve(io.cwd, args.config);
  const { forms, diagnostics } = await loadForms(configDir, { cwd: io.cwd, repositoryRoot: io.cwd });
  if (hasErrors(diagnostics)) {
    for (const diagnostic of diagnostics) io.stderr(`${formatDiagnostic(diagnostic)}\n`);
    throw new CommandError(`${args.config}/forms/ is invalid: no request was read`);
  }
  const gitlab = gitLabClientFor(io, 'request results');
  if (!gitlab) throw new CommandError('requests live in GitLab issues: set CI_PROJECT_ID and GITLAB_API_TOKEN (README, "Requests from forms")');
  const projectId = Number(io.env.CI_PROJECT_ID);
  // External ids of tickets carry the project id, so the same issue number in another project is another request.
  if (!Number.isSafeInteger(projectId) || projectId <= 0) throw new CommandError('CI_PROJECT_ID must be the numeric project id (GitLab sets it so in CI)');
  const target = requireTarget(io.env, 'requests');
  const zendesk = new ZendeskClient(clientOptions(target, { onRetry: retryNotice(io), sleep: io.sleep }));
  // A read-only token (the fallback when no ZENDESK_REQUESTS_* is set) would fail only at the first ticket.
  await requireWriteAccess(zendesk, target, 'requests');
  const summary = await processRequests({
    gitlab: gitLabPort(gitlab),
    zendesk: zendeskPort(zendesk, { sleep: io.sleep }),
    // The forms' own parser and rules: the page checked the same ones before the issue was opened.
    parseRequest: (description) => parseRequestBlock(description, forms),
    projectId,
    defaultBranch: io.env.CI_DEFAULT_BRANCH?.trim() || 'main',
    organizations: await organizationFiles(configDir, io.cwd),
    onProgress: (line) => io.stderr(`${line}\n`),
    now: io.now,
  });
  io.stdout(`${formatRunSummary(summary)}\n`);
  // A request that failed is its author's to fix (its issue says how); a run cut short is the job's.
  return summary.counts.interrupted > 0 ? 1 : 0;
}

/**
 * config/organizations/ as the config loader reads it, by the name each file declares and
 * its path in the repository (what the merge request edits). A file validate refuses is
 * left out: a request for it fails as "not in config/organizations/".
 */
async function organizationFiles(configDir: string, repositoryRoot: string): Promise<{ path: string; name: string }[]> {
  const { organizations } = await loadOrganizations(join(configDir, 'organizations'), { cwd: repositoryRoot, repository: await findRepositoryRoot(configDir) });
  return organizations.map((organization) => ({ path: organization.file, name: organization.spec.name }));
}
