/**
 * `ci apply`, the default-branch job: plan fresh, apply, plan again to verify, then
 * post the result on the merge request the commit came from. The plan is made in this
 * job from the live state apply starts from, so it cannot be stale; the CI
 * resource_group keeps two applies from overlapping. With nothing to apply it posts
 * nothing: a re-run must not add "nothing to apply" to the merged merge request.
 * Exit 1 when a change failed or Zendesk still differs, after the note is posted.
 */
import type { ApplyReport } from '../apply/apply.ts';
import { applyPlan } from '../apply/apply.ts';
import { applySummary, outcomeLine, reportVerification } from '../commands/apply.ts';
import { settleApply } from '../apply/settle.ts';
import { configDirLabel } from '../core/configDir.ts';
import { declaredSecrets } from '../config/secrets.ts';
import type { CommandIO } from '../commands/io.ts';
import { planAgainst } from '../commands/workflow.ts';
import { renderApplyNote, type ApplyNoteInput } from '../render/gitlab.ts';
import { mergedMergeRequestFor } from './ensure.ts';
import { explainFailure } from './explain.ts';
import { gitLabClientFor, noteContext } from './target.ts';
import { planZendesk, type PipelineArgs, type ZendeskPlan } from './zendeskPlan.ts';

export async function applyJob(args: PipelineArgs, io: CommandIO): Promise<number> {
  const configShown = configDirLabel(args.config);
  const planned = await planZendesk(args, io);
  if (planned.plan.changes.length === 0) {
    io.stdout(`Nothing to apply: Zendesk already matches ${configShown}. Nothing is posted on the merge request.\n`);
    return 0;
  }
  const result = await applyAndVerify(planned, io, configShown);
  await postApplyNote(result, io);
  const settled = settleApply(result.report, result.verification ? { changes: result.verification.changes.length, errors: result.verificationErrors ?? 0 } : null);
  if (settled.outcome === 'verified' && settled.lostButApplied.length > 0) {
    const n = settled.lostButApplied.length;
    io.stdout(`${n} change${n === 1 ? '' : 's'} reported as failed above ${n === 1 ? 'is' : 'are'} in place after all (the answer was lost, not the change).\n`);
  }
  if (settled.outcome === 'incomplete' && result.report.failed > 0) {
    io.stderr('Some changes failed. Fix the cause and run the apply job again: it picks up exactly what is left.\n');
  }
  return settled.exitCode;
}

async function applyAndVerify({ plan, live, config, client }: ZendeskPlan, io: CommandIO, configShown: string): Promise<ApplyNoteInput> {
  io.stdout(`\nApplying ${plan.changes.length} change${plan.changes.length === 1 ? '' : 's'} to ${client.baseUrl}\n`);
  const report: ApplyReport = await applyPlan({
    client,
    plan,
    live,
    secrets: declaredSecrets(config, io.env),
    onOutcome: (outcome) => io.stdout(`${outcomeLine(outcome)}\n`),
  });
  io.stdout(`\n${applySummary(report)}\n`);
  let verification;
  try {
    verification = await planAgainst(client, config, io.now());
  } catch (error) {
    // Still worth a note: what was applied, and that it could not be checked.
    const reason = explainFailure(error, io.env)?.message ?? (error instanceof Error ? error.message : String(error));
    io.stderr(`Could not verify the apply: ${reason}\n`);
    return { plan, report, verification: null, verificationError: reason };
  }
  const { errors } = reportVerification(io, verification, configShown);
  return { plan, report, verification: verification.plan, verificationErrors: errors };
}

async function postApplyNote(result: ApplyNoteInput, io: CommandIO): Promise<void> {
  const sha = io.env.CI_COMMIT_SHA?.trim();
  if (!sha) {
    io.stderr('Not posting the apply result to GitLab: CI_COMMIT_SHA is not set, so there is no merge request to find.\n');
    return;
  }
  const gitlab = gitLabClientFor(io, 'the apply result');
  if (!gitlab) return;
  const mergeRequest = mergedMergeRequestFor(sha, await gitlab.mergeRequestsForCommit(sha));
  if (!mergeRequest) {
    io.stdout(`No merged merge request has commit ${sha.slice(0, 8)} as its merge commit (a direct push?); the apply result was not posted.\n`);
    return;
  }
  await gitlab.createMergeRequestNote(mergeRequest.iid, renderApplyNote(result, noteContext(io.env)));
  io.stdout(`Posted the apply result on merge request !${mergeRequest.iid}.\n`);
}
