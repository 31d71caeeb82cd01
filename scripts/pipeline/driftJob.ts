/**
 * `ci drift`, the scheduled job: when Zendesk differs from the config directory, open
 * (or refresh) the one drift issue; when it matches again, close it. Drift is reported, not a
 * failure: the job exits 0 either way, and 1 only when it could not check or report.
 */
import { createHash } from 'node:crypto';
import type { CommandIO } from '../workflow/io.ts';
import { configDirLabel } from '../core/configDir.ts';
import type { Plan } from '../core/model.ts';
import { DRIFT_ISSUE_LABEL, DRIFT_ISSUE_MARKER, renderDriftIssue, renderDriftResolvedNote, renderDriftUpdatedNote } from '../render/gitlab.ts';
import { readOnlyWarnings } from './credentials.ts';
import { ensureDriftIssue, ensureDriftResolved } from './ensure.ts';
import { gitLabClientFor, noteContext } from './target.ts';
import { planZendesk, type PipelineArgs } from './zendeskPlan.ts';

/** What drifted, not when it was seen: the changes (with the live stamps they saw), never the plan's time. */
function driftDigest(plan: Plan): string {
  return createHash('sha256').update(JSON.stringify(plan.changes)).digest('hex').slice(0, 16);
}

export async function driftJob(args: PipelineArgs, io: CommandIO): Promise<number> {
  const { plan, client, target } = await planZendesk(args, io);
  for (const warning of await readOnlyWarnings(client, target, io.env)) io.stderr(`warning: ${warning}\n`);
  const drifted = plan.changes.length > 0;
  const gitlab = gitLabClientFor(io, drifted ? 'the drift issue' : 'the drift check result');
  if (!gitlab) return 0;
  const ctx = noteContext(io.env);
  if (drifted) {
    const { action, issue } = await ensureDriftIssue(gitlab, DRIFT_ISSUE_MARKER, renderDriftIssue(plan, ctx), () => renderDriftUpdatedNote(plan, ctx), driftDigest(plan));
    const verb = { opened: 'Opened', updated: 'Updated', unchanged: 'Same drift as before: refreshed' }[action];
    io.stdout(`${verb} the drift issue #${issue.iid}${issue.webUrl ? ` (${issue.webUrl})` : ''}.\n`);
    return 0;
  }
  const closed = await ensureDriftResolved(gitlab, DRIFT_ISSUE_MARKER, [DRIFT_ISSUE_LABEL], () => renderDriftResolvedNote(plan.configRoot, ctx));
  const configShown = configDirLabel(plan.configRoot);
  io.stdout(closed ? `Zendesk matches ${configShown} again: closed the drift issue #${closed.iid}.\n` : `No drift: Zendesk matches ${configShown}.\n`);
  return 0;
}
