/**
 * `npm run sf:sync [-- --dry-run]` (`ci sf-sync`) and `npm run sf:check` (`ci sf-check`):
 * the Salesforce accounts → Zendesk organizations sync and its daily integrity report
 * (issue 12; README, "Salesforce sync"). Both read the same way (../sync/sources.ts).
 *
 * sf-sync prints the plan first, keeps sf-sync.json and sf-sync.md, and (unless --dry-run)
 * writes: Zendesk organizations, then the ids back to Salesforce. Exit 0 when all was done,
 * 1 when anything failed (each failure listed; the next run retries what is still different).
 * sf-check keeps sf-check.json and sf-check.md and keeps one GitLab issue with the report,
 * as the drift job keeps its issue. A refused credential on either side is one line, before
 * anything is written anywhere.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { readOptionalConfigFile } from '../config/optionalFile.ts';
import { formatDiagnostic, hasErrors } from '../core/diagnostics.ts';
import { formatFieldPath } from '../core/fieldPath.ts';
import { configDirLabel } from '../core/configDir.ts';
import type { GitLabClient, GitLabIssue } from '../gitlab/client.ts';
import { SalesforceError } from '../salesforce/client.ts';
import type { SalesforceSyncConfig } from '../salesforce/config.ts';
import { integrityReport } from '../salesforce/integrity.ts';
import { planSync } from '../salesforce/syncPlan.ts';
import { applySyncPlan } from '../sync/apply.ts';
import { checkChangedNote, checkMarkdown, checkResolvedNote, checkText, syncMarkdown, syncPlanText, syncResultText, type IssueContext } from '../sync/render.ts';
import {
  CHECK_REPORT_JSON,
  CHECK_REPORT_MARKDOWN,
  checkReport,
  planWrites,
  REPORT_FORMAT_VERSION,
  SYNC_REPORT_JSON,
  SYNC_REPORT_MARKDOWN,
  type SyncReport,
} from '../sync/report.ts';
import { loadSyncConfig, readSources, type ReadOrganizations, type Sources } from '../sync/sources.ts';
import { CommandError, type CommandIO } from '../workflow/io.ts';
import { retryNotice } from '../workflow/progress.ts';
import { clientOptions, requireTarget, type CredentialPurpose, type Target } from '../workflow/target.ts';
import { ZendeskClient } from '../zendesk/client.ts';
import { requireWriteAccess } from './credentials.ts';
import { gitLabClientFor, noteContext } from './target.ts';

export const SALESFORCE_REPORT_MARKER = '<!-- zendesk-gitops:salesforce-integrity -->';
export const SALESFORCE_REPORT_TITLE = 'Salesforce ↔ Zendesk integrity report';

export interface SfSyncArgs {
  config: string;
  dryRun: boolean;
}

export interface SfJobOptions {
  /** How every organization is read (default: the cheaper of search/export and the list). */
  readOrganizations?: ReadOrganizations;
}

export async function sfSyncJob(args: SfSyncArgs, io: CommandIO, options: SfJobOptions = {}): Promise<number> {
  return oneLineSalesforceErrors(args.config, io, async () => {
    const { config, managed, sources, zendesk, target } = await start(args.config, io, 'salesforce', options);
    const plan = planSync({ accounts: sources.accounts, organizations: sources.organizations, config, managed });
    io.stdout(syncPlanText(plan, sources.reads, config));
    const report: SyncReport = { formatVersion: REPORT_FORMAT_VERSION, ranAt: io.now().toISOString(), dryRun: args.dryRun, reads: sources.reads, plan, results: null };
    await saveSyncReport(report, config, io);
    if (sources.accounts.length === 0 && plan.flags.length > 0) {
      // An account_types typo, or an integration user who can no longer see accounts, reads as "every account is gone".
      throw new CommandError(
        `Salesforce returned no account of type ${config.accountTypes.join(' or ')}, so all ${plan.flags.length} organizations carrying an account id would be flagged for deletion: ` +
          'refused, nothing written. Check account_types in config/salesforce.yaml and what the integration user may see.',
      );
    }
    if (args.dryRun) {
      io.stdout('Dry run: nothing was written to Zendesk or Salesforce.\n');
      return 0;
    }
    if (!planWrites(plan)) {
      io.stdout('Nothing to write: Zendesk and Salesforce agree.\n');
      return 0;
    }
    // A read-only token (the fallback when no ZENDESK_SALESFORCE_* is set) would fail at the first job.
    await requireWriteAccess(zendesk, target, 'salesforce');
    const results = await applySyncPlan({
      plan, accounts: sources.accounts, config, managed, zendesk, salesforce: sources.salesforce, sleep: io.sleep,
      onProgress: (line) => io.stderr(`${line}\n`),
    });
    report.results = results;
    await saveSyncReport(report, config, io);
    io.stdout(syncResultText(results));
    return results.failed.length > 0 ? 1 : 0;
  });
}

/** Findings are a report, not a failure: 0 either way, 1 only when it could not check or report. */
export async function sfCheckJob(args: { config: string }, io: CommandIO, options: SfJobOptions = {}): Promise<number> {
  return oneLineSalesforceErrors(args.config, io, async () => {
    const { config, sources } = await start(args.config, io, 'read', options);
    const report = checkReport(integrityReport({ accounts: sources.accounts, organizations: sources.organizations, config }), sources.reads, io.now());
    io.stdout(checkText(report, config));
    await writeFile(resolve(io.cwd, CHECK_REPORT_JSON), `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(resolve(io.cwd, CHECK_REPORT_MARKDOWN), checkMarkdown(report, config));
    io.stderr(`Saved the report as ${CHECK_REPORT_JSON} and ${CHECK_REPORT_MARKDOWN}.\n`);

    const clean = report.findings.length === 0;
    const gitlab = gitLabClientFor(io, clean ? 'the integrity check result' : 'the integrity report issue');
    if (!gitlab) return 0;
    const ctx = noteContext(io.env);
    const jobUrl = io.env.CI_JOB_URL?.trim().replace(/\/+$/, '');
    const issue: IssueContext = {
      marker: SALESFORCE_REPORT_MARKER,
      ...(jobUrl ? { artifactUrl: `${jobUrl}/artifacts/file/${CHECK_REPORT_MARKDOWN}` } : {}),
      ...(ctx.pipelineUrl ? { pipelineUrl: ctx.pipelineUrl } : {}),
      ...(ctx.commitSha ? { commitSha: ctx.commitSha } : {}),
    };
    const labels = [...config.report.labels];
    if (clean) {
      const closed = await ensureReportResolved(gitlab, labels, () => checkResolvedNote(report, issue));
      io.stdout(closed ? `No findings: closed the integrity report issue #${closed.issue.iid}.\n` : 'No findings.\n');
      if (closed) relabeledNotice(closed.issue, closed.relabeled, io);
      return 0;
    }
    const outcome = await ensureReportIssue(gitlab, {
      title: SALESFORCE_REPORT_TITLE,
      labels,
      description: checkMarkdown(report, config, issue),
      changedNote: () => checkChangedNote(report, config, issue),
      digest: report.digest,
    });
    const verb = { opened: 'Opened', updated: 'Findings changed: updated', unchanged: 'Same findings as before: refreshed' }[outcome.action];
    io.stdout(`${verb} the integrity report issue #${outcome.issue.iid}${outcome.issue.webUrl ? ` (${outcome.issue.webUrl})` : ''}.\n`);
    relabeledNotice(outcome.issue, outcome.relabeled, io);
    return 0;
  });
}

/** Someone took the report's label off by hand: the issue was found by its marker, and the label is back. */
function relabeledNotice(issue: GitLabIssue, relabeled: string[], io: CommandIO): void {
  if (relabeled.length === 0) return;
  const names = relabeled.map((label) => `'${label}'`).join(', ');
  const one = relabeled.length === 1;
  io.stdout(`The integrity report issue #${issue.iid} had lost the label${one ? '' : 's'} ${names} (taken off by hand): found it by its marker and put ${one ? 'it' : 'them'} back.\n`);
}

async function start(configArg: string, io: CommandIO, purpose: CredentialPurpose, options: SfJobOptions): Promise<{ config: SalesforceSyncConfig; managed: Awaited<ReturnType<typeof loadSyncConfig>>['managed']; sources: Sources; zendesk: ZendeskClient; target: Target }> {
  const loaded = await loadSyncConfig(configArg, { cwd: io.cwd });
  for (const diagnostic of loaded.diagnostics) io.stderr(`${formatDiagnostic(diagnostic)}\n`);
  if (!loaded.present) throw new CommandError(`${loaded.file} is missing: the Salesforce sync needs it (README, "Salesforce sync")`);
  if (!loaded.config || hasErrors(loaded.diagnostics)) {
    throw new CommandError(`${configDirLabel(configArg)} is invalid: nothing was read from Salesforce or Zendesk, nothing written`);
  }
  // Before any request: a missing Zendesk variable must not wait for Salesforce.
  const target = requireTarget(io.env, purpose);
  const zendesk = new ZendeskClient(clientOptions(target, { onRetry: retryNotice(io), sleep: io.sleep }));
  const sources = await readSources({ config: loaded.config, salesforceEnv: io.env, zendesk, readOrganizations: options.readOrganizations });
  return { config: loaded.config, managed: loaded.managed, sources, zendesk, target };
}

async function saveSyncReport(report: SyncReport, config: SalesforceSyncConfig, io: CommandIO): Promise<void> {
  await writeFile(resolve(io.cwd, SYNC_REPORT_JSON), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(resolve(io.cwd, SYNC_REPORT_MARKDOWN), syncMarkdown(report, config));
  io.stderr(`Saved ${report.results ? 'the plan and its result' : 'the plan'} as ${SYNC_REPORT_JSON} and ${SYNC_REPORT_MARKDOWN}.\n`);
}

/**
 * SalesforceError is already one line naming the errorCode and what to check. A field the
 * org does not have (INVALID_FIELD, "No such column 'Regon__c'") is a line of
 * config/salesforce.yaml: that line is named too.
 */
async function oneLineSalesforceErrors(configArg: string, io: CommandIO, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof SalesforceError)) throw error;
    const column = error.errorCode === 'INVALID_FIELD' ? /No such column '([^']+)'/.exec(error.message)?.[1] : undefined;
    if (column) {
      const at = await configLineOf(resolve(io.cwd, configArg), io.cwd, column);
      if (at) io.stderr(`${formatDiagnostic({ severity: 'error', ...at, message: `Salesforce has no Account field '${column}'`, hint: 'check the spelling and the field-level security of the integration user' })}\n`);
    }
    throw new CommandError(error.message);
  }
}

/** Where salesforce.yaml names an Account field (`from:` of a mapping, or zendesk_id_field); a relationship's last part counts too. */
async function configLineOf(configDir: string, cwd: string, column: string): Promise<{ file: string; line: number; col: number; field: string } | null> {
  const read = await readOptionalConfigFile(configDir, 'salesforce.yaml', 'salesforce', cwd);
  if (!read.present || !read.source) return null;
  const spec = read.source.value as { zendesk_id_field?: string; mappings?: { from?: string }[] } | null;
  const same = (name: string | undefined) => name !== undefined && (name.toLowerCase() === column.toLowerCase() || name.toLowerCase().endsWith(`.${column.toLowerCase()}`));
  const index = (spec?.mappings ?? []).findIndex((mapping) => same(mapping.from));
  const path = index >= 0 ? ['mappings', index, 'from'] : same(spec?.zendesk_id_field) ? ['zendesk_id_field'] : null;
  return path ? { ...read.source.locate(path), field: formatFieldPath(path) } : null;
}

// ── The report issue: found by its marker and its author, like the drift issue ───────────────

type ReportOutcome = {
  action: 'opened' | 'updated' | 'unchanged';
  issue: GitLabIssue;
  /** Report labels someone took off the issue by hand, put back by this run. */
  relabeled: string[];
};

/**
 * One open report issue, written by the token's user: opened on the first run with
 * findings; later runs rewrite its description and comment only when the findings changed
 * (`digest`), so a daily check notifies watchers only of something new. An issue carrying the
 * marker that someone else opened (a quote, a copy) is never taken for it.
 */
export async function ensureReportIssue(
  client: GitLabClient,
  content: { title: string; labels: string[]; description: string; changedNote: () => string; digest: string },
): Promise<ReportOutcome> {
  const stamp = `<!-- zendesk-gitops:salesforce-integrity-digest ${content.digest} -->`;
  const description = `${content.description.trimEnd()}\n${stamp}\n`;
  const found = await findOpenReportIssue(client, content.labels);
  if (!found) return { action: 'opened', issue: await client.createIssue({ title: content.title, labels: content.labels, description }), relabeled: [] };
  const { issue: open, missingLabels } = found;
  const same = open.description.includes(stamp);
  // The note before the description: the description's digest says the change was announced, so a
  // run that stopped between the two (GitLab down) must leave the old digest, and the next run notes it.
  if (!same) await client.createIssueNote(open.iid, content.changedNote());
  const issue = await client.editIssue(open.iid, { description, ...relabel(missingLabels) });
  return { action: same ? 'unchanged' : 'updated', issue, relabeled: missingLabels };
}

/**
 * Closes the open report issue with a note (its labels put back, should someone have taken
 * them off); null when there is none. Findings that return later open a new one.
 */
export async function ensureReportResolved(
  client: GitLabClient,
  labels: string[],
  resolvedNote: () => string,
): Promise<{ issue: GitLabIssue; relabeled: string[] } | null> {
  const found = await findOpenReportIssue(client, labels);
  if (!found) return null;
  await client.createIssueNote(found.issue.iid, resolvedNote());
  const issue = await client.editIssue(found.issue.iid, { stateEvent: 'close', ...relabel(found.missingLabels) });
  return { issue, relabeled: found.missingLabels };
}

/**
 * The words GitLab's issue search finds the report issue by: the marker's name. Not the whole
 * marker: GitLab turns `<`, `!` and `:` in a query into blanks (PgFullTextSearchable
 * TSQUERY_DISALLOWED_CHARACTERS_REGEX), while it indexes a description's `<!-- … -->` as its
 * words (XML_TAG_REGEX), so `salesforce-integrity` matches the marker and the digest stamp.
 */
const REPORT_SEARCH = 'salesforce-integrity';

/**
 * By label first (a cheap server-side filter), then marker and author: a label or a marker alone
 * is easy to add by hand. None labelled: one search by the marker's name before anything is
 * opened, as the csat job finds a bad rating's issue (../csat/badRatings.ts), so a label taken off
 * by hand never makes a second issue; the caller puts the missing labels back.
 */
async function findOpenReportIssue(client: GitLabClient, labels: string[]): Promise<{ issue: GitLabIssue; missingLabels: string[] } | null> {
  const tokenUser = await client.currentUser();
  const ours = (issues: GitLabIssue[]) =>
    issues
      .filter((issue) => issue.state === 'opened' && issue.description.includes(SALESFORCE_REPORT_MARKER) && issue.authorUsername === tokenUser.username)
      .sort((a, b) => a.iid - b.iid)[0] ?? null;
  const labelled = ours(await client.issues({ labels, state: 'opened' }));
  if (labelled) return { issue: labelled, missingLabels: [] };
  const searched = ours(await client.issues({ search: REPORT_SEARCH, state: 'opened' }));
  if (!searched) return null;
  return { issue: searched, missingLabels: labels.filter((label) => !searched.labels.includes(label)) };
}

function relabel(missingLabels: string[]): { add_labels?: string[] } {
  return missingLabels.length > 0 ? { add_labels: missingLabels } : {};
}
