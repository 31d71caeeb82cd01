/**
 * `ci apply`, the default-branch job: plan fresh, hold that plan to the one reviewed on the
 * merged merge request, apply, plan again to verify, then post the result there. The plan
 * applied is made in this job from the live state apply starts from, so it cannot be stale;
 * that it is the plan people reviewed is checked against the digest the plan note records
 * (or ZENDESK_REVIEWED_PLAN). When it is not, or no reviewed plan is found, nothing is
 * applied: the job says what differs on the merge request and in its log, and fails. The CI
 * resource_group keeps two applies from overlapping. With nothing to apply it posts
 * nothing: a re-run must not add "nothing to apply" to the merged merge request.
 * Exit 1 when nothing was applied for want of a reviewed plan, when a change failed or
 * when Zendesk still differs, after the note is posted.
 */
import type { ApplyReport } from '../apply/apply.ts';
import { applyPlan } from '../apply/apply.ts';
import { applySummary, outcomeLine, reportVerification } from '../workflow/applyReport.ts';
import { settleApply } from '../core/applyOutcome.ts';
import { configDirLabel } from '../core/configDir.ts';
import { declaredSecrets } from '../config/secrets.ts';
import { changeIdentities, compareIdentities } from '../core/planDigest.ts';
import { differenceLines } from '../render/words.ts';
import type { CommandIO } from '../workflow/io.ts';
import { planAgainst } from '../workflow/steps.ts';
import type { GitLabClient, GitLabMergeRequest } from '../gitlab/client.ts';
import { renderApplyNote, type ApplyNoteInput } from '../render/gitlab.ts';
import { plainText } from '../render/inert.ts';
import { renderPlanDiffersNote, type PlanDiffersInput } from '../render/reviewed.ts';
import { mergedMergeRequestsFor } from './ensure.ts';
import { explainFailure } from './explain.ts';
import { findReviewedPlan, REVIEWED_PLAN_VARIABLE, type ReviewedPlanSource } from './reviewedPlan.ts';
import { requireWriteAccess } from './credentials.ts';
import { gitLabClientFor, noteContext } from './target.ts';
import { planZendesk, type PipelineArgs, type ZendeskPlan } from './zendeskPlan.ts';

export async function applyJob(args: PipelineArgs, io: CommandIO): Promise<number> {
  const configShown = configDirLabel(args.config);
  const planned = await planZendesk(args, io, 'apply');
  if (planned.plan.changes.length === 0) {
    io.stdout(`Nothing to apply: Zendesk already matches ${configShown}. Nothing is posted on the merge request.\n`);
    return 0;
  }
  const { gitlab, mergeRequest, sameCommit } = await mergedMergeRequest(io);
  const reviewed = await findReviewedPlan(io, gitlab, mergeRequest, sameCommit);
  const holds = reviewedPlanHolds(planned, reviewed);
  if (!holds) {
    await refuseUnreviewed(planned, reviewed, { io, gitlab, mergeRequest, configShown });
    return 1;
  }
  io.stdout(`${holds}\n`);
  await requireWriteAccess(planned.client, planned.target);
  const result = await applyAndVerify(planned, io, configShown);
  await postApplyNote(result, io, gitlab, mergeRequest);
  const settled = settleApply(result.report, result.verification ? { changes: result.verification.changes.length, errors: result.verificationErrors ?? 0 } : null);
  if (settled.outcome === 'verified' && settled.lostButApplied.length > 0) {
    const n = settled.lostButApplied.length;
    io.stdout(`${n} change${n === 1 ? '' : 's'} reported as failed above ${n === 1 ? 'is' : 'are'} in place after all (the answer was lost, not the change).\n`);
  }
  if (settled.outcome === 'incomplete' && result.report.failed > 0) {
    io.stderr('Some changes failed. Fix the cause and run the apply job again: what is left of the reviewed plan is applied without a new review.\n');
  }
  return settled.exitCode;
}

/**
 * What lets the fresh plan through, said in one line; null when nothing does. The
 * fresh plan is the reviewed one, or what is left of it: every change in it is in the
 * reviewed plan, identically, and nothing else is (a retry after some changes failed,
 * or a reviewed change someone already made by hand). Applying less than was
 * reviewed, exactly as reviewed, is still what was reviewed.
 */
function reviewedPlanHolds({ plan }: ZendeskPlan, reviewed: ReviewedPlanSource): string | null {
  if (reviewed.kind === 'missing') return null;
  if (reviewed.plan.digest === plan.digest) return `The fresh plan is the plan reviewed ${reviewed.where} (${reviewed.plan.digest}).`;
  if (!reviewed.plan.identities) return null;
  const comparison = compareIdentities(reviewed.plan.identities, changeIdentities(plan));
  if (comparison.added.length > 0 || comparison.changed.length > 0) return null;
  const done = comparison.removed.length;
  return `The fresh plan is what is left of the plan reviewed ${reviewed.where} (${reviewed.plan.digest}): ${done} of its changes ${done === 1 ? 'is' : 'are'} already in Zendesk, the rest are unchanged.`;
}

/** The merged merge request CI_COMMIT_SHA came from, when there is one and GitLab can be asked. */
async function mergedMergeRequest(io: CommandIO): Promise<{ gitlab: GitLabClient | null; mergeRequest: GitLabMergeRequest | null; sameCommit: GitLabMergeRequest[] }> {
  const sha = io.env.CI_COMMIT_SHA?.trim();
  if (!sha) {
    io.stderr('CI_COMMIT_SHA is not set, so there is no merge request to find: no reviewed plan, and no result posted to GitLab.\n');
    return { gitlab: null, mergeRequest: null, sameCommit: [] };
  }
  const gitlab = gitLabClientFor(io, 'the apply result');
  if (!gitlab) return { gitlab: null, mergeRequest: null, sameCommit: [] };
  const [mergeRequest = null, ...sameCommit] = mergedMergeRequestsFor(sha, await gitlab.mergeRequestsForCommit(sha));
  return { gitlab, mergeRequest, sameCommit };
}

interface RefusalContext {
  io: CommandIO;
  gitlab: GitLabClient | null;
  mergeRequest: GitLabMergeRequest | null;
  configShown: string;
}

/** Nothing applied: say why and how to go on, in the job log and on the merge request. */
async function refuseUnreviewed({ plan }: ZendeskPlan, reviewed: ReviewedPlanSource, { io, gitlab, mergeRequest, configShown }: RefusalContext): Promise<void> {
  const identities = reviewed.kind === 'found' ? reviewed.plan.identities : null;
  const differences = identities ? differenceLines(compareIdentities(identities, changeIdentities(plan)), 'the reviewed plan') : [];
  const input: PlanDiffersInput = {
    target: plan.target,
    configDir: configShown,
    freshDigest: plan.digest,
    reviewed: reviewed.kind === 'found' ? { digest: reviewed.plan.digest, where: reviewed.where, listed: identities !== null } : null,
    ...(reviewed.kind === 'missing' ? { missing: reviewed.why } : {}),
    differences,
  };
  const why =
    reviewed.kind === 'found'
      ? `the fresh plan (${plan.digest}) is not the plan reviewed ${reviewed.where} (${reviewed.plan.digest})`
      : reviewed.why;
  io.stderr(
    [
      `Nothing was applied: ${plainText(why)}.`,
      ...differences.map((line) => `  - ${plainText(line)}`),
      'How to proceed:',
      '  1. Review the fresh plan above (also in this job\'s plan.md).',
      `  2. If it is what should happen, run a new pipeline on the default branch with ${REVIEWED_PLAN_VARIABLE}=${plan.digest}`,
      '     (only people allowed to run pipelines on the protected branch can).',
      `  3. If not, change ${configShown} in a new merge request.`,
    ].join('\n') + '\n',
  );
  if (!gitlab || !mergeRequest) return;
  await gitlab.createMergeRequestNote(mergeRequest.iid, renderPlanDiffersNote(input, noteContext(io.env)));
  io.stdout(`Posted why nothing was applied on merge request !${mergeRequest.iid}.\n`);
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
    const reason = explainFailure(error, io.env, 'apply')?.message ?? (error instanceof Error ? error.message : String(error));
    io.stderr(`Could not verify the apply: ${plainText(reason)}\n`);
    return { plan, report, verification: null, verificationError: reason };
  }
  const { errors } = reportVerification(io, verification, configShown);
  return { plan, report, verification: verification.plan, verificationErrors: errors };
}

async function postApplyNote(result: ApplyNoteInput, io: CommandIO, gitlab: GitLabClient | null, mergeRequest: GitLabMergeRequest | null): Promise<void> {
  if (!gitlab) return;
  if (!mergeRequest) {
    io.stdout(`No merged merge request has commit ${(io.env.CI_COMMIT_SHA ?? '').slice(0, 8)} as its merge commit (a direct push?); the apply result was not posted.\n`);
    return;
  }
  await gitlab.createMergeRequestNote(mergeRequest.iid, renderApplyNote(result, noteContext(io.env)));
  io.stdout(`Posted the apply result on merge request !${mergeRequest.iid}.\n`);
}
