/**
 * `ci plan`, the merge-request job: plan, keep plan.json/plan.md, and keep one plan
 * note on the merge request up to date. Changes are not a failure: the note shows them.
 * A pipeline that finishes after a newer commit was pushed leaves the note to the newer
 * pipeline, so an older plan never overwrites a newer one. The note records the plan's
 * digest (what the apply job holds a merge to) and warns at the top when the merge
 * request changes the tool itself, since that code wrote the note.
 */
import { CommandError, type CommandIO } from '../workflow/io.ts';
import { explainFailure } from './explain.ts';
import type { GitLabClient } from '../gitlab/client.ts';
import { PLAN_NOTE_MARKER, renderPlanFailedNote, renderPlanNote } from '../render/gitlab.ts';
import { renderCredentialWarnings, renderToolChangeWarning, reviewedPlanMarkers } from '../render/reviewed.ts';
import { readOnlyWarnings } from './credentials.ts';
import { plainText } from '../render/inert.ts';
import { toolChanges } from './reviewedPlan.ts';
import { ensureMergeRequestNote, notOursExplained } from './ensure.ts';
import { gitLabClientFor, noteContext } from './target.ts';
import { planZendesk, type PipelineArgs } from './zendeskPlan.ts';

export async function planJob(args: PipelineArgs, io: CommandIO): Promise<number> {
  const mergeRequestIid = readMergeRequestIid(io.env);
  // What the plan step reports (file:line diagnostics) is kept for the note if planning fails.
  const reported: string[] = [];
  const recording: CommandIO = { ...io, stderr: (text) => (reported.push(text), io.stderr(text)) };
  let plan;
  let credentialWarnings: string[];
  try {
    const planned = await planZendesk(args, recording);
    plan = planned.plan;
    credentialWarnings = await readOnlyWarnings(planned.client, planned.target, io.env);
  } catch (error) {
    // Any failure a user can act on (invalid config/, Zendesk unreachable or too slow) replaces
    // the note: left alone, it would go on showing the previous commit's plan as if current.
    const expected = explainFailure(error, io.env);
    if (expected && mergeRequestIid !== null) {
      try {
        await postFailure(io, mergeRequestIid, expected.message, reported);
      } catch (postError) {
        // The job fails on the original problem; that the note could not say so is secondary.
        io.stderr(`Could not mark the plan note as failed: ${plainText(explainFailure(postError, io.env)?.message ?? String(postError))}\n`);
      }
    }
    throw error;
  }
  for (const warning of credentialWarnings) io.stderr(`warning: ${warning}\n`);
  if (mergeRequestIid === null) {
    io.stderr('Not posting the plan note to GitLab: CI_MERGE_REQUEST_IID is not set (not a merge-request pipeline).\n');
    return 0;
  }
  const gitlab = gitLabClientFor(io, 'the plan note');
  if (!gitlab || (await outdated(gitlab, mergeRequestIid, io, { artifactsKept: true }))) return 0;
  const changesTool = toolChanges(await gitlab.mergeRequestChangedFiles(mergeRequestIid));
  if (changesTool.length > 0) {
    io.stderr(
      `warning: merge request !${mergeRequestIid} changes the tool itself (${changesTool.slice(0, 5).map(plainText).join(', ')}${changesTool.length > 5 ? ', …' : ''}); ` +
        'this plan was made by that code, and the plan note says so at the top.\n',
    );
  }
  const warnings = [renderCredentialWarnings(credentialWarnings), renderToolChangeWarning(changesTool)].filter(Boolean).join('\n\n');
  const review = { markers: reviewedPlanMarkers(plan), warnings };
  const outcome = await ensureMergeRequestNote(gitlab, mergeRequestIid, PLAN_NOTE_MARKER, renderPlanNote(plan, noteContext(io.env), review));
  const why = notOursExplained(outcome, 'plan');
  if (why) io.stdout(`${why}\n`);
  const done = { created: 'Posted the plan note on', updated: 'Updated the plan note on', unchanged: 'The plan note is already up to date on' }[outcome.action];
  io.stdout(`${done} merge request !${mergeRequestIid}.\n`);
  return 0;
}

async function postFailure(io: CommandIO, mergeRequestIid: number, reason: string, reported: readonly string[]): Promise<void> {
  const gitlab = gitLabClientFor(io, 'the plan note');
  if (!gitlab || (await outdated(gitlab, mergeRequestIid, io, { artifactsKept: false }))) return;
  const lines = reported.join('').split('\n').filter((line) => line.trim() !== '' && !line.startsWith('… '));
  const body = renderPlanFailedNote(reason, lines, noteContext(io.env));
  const outcome = await ensureMergeRequestNote(gitlab, mergeRequestIid, PLAN_NOTE_MARKER, body);
  const why = notOursExplained(outcome, 'plan');
  if (why) io.stdout(`${why}\n`);
  io.stdout(`Marked the plan note on merge request !${mergeRequestIid} as failed.\n`);
}

/**
 * True, after saying so, when the merge request's head is no longer the commit this
 * pipeline planned: the pipeline of the newer commit posts its own plan. In a
 * merged-results pipeline CI_COMMIT_SHA is GitLab's temporary merge commit and the
 * source branch head is CI_MERGE_REQUEST_SOURCE_BRANCH_SHA, which is empty in other
 * merge-request pipelines (GitLab's predefined-variables doc; gitlab-org/gitlab#330964).
 */
async function outdated(gitlab: GitLabClient, mergeRequestIid: number, io: CommandIO, { artifactsKept }: { artifactsKept: boolean }): Promise<boolean> {
  const planned = io.env.CI_MERGE_REQUEST_SOURCE_BRANCH_SHA?.trim() || io.env.CI_COMMIT_SHA?.trim();
  if (!planned) return false;
  const head = (await gitlab.mergeRequest(mergeRequestIid)).sha;
  if (head === null || head.toLowerCase() === planned.toLowerCase()) return false;
  io.stdout(
    `Not posting the plan note: merge request !${mergeRequestIid} has moved on to commit ${head.slice(0, 8)} since this pipeline planned ` +
      `${planned.slice(0, 8)}, and the newer commit's pipeline posts its own plan${artifactsKept ? ' (plan.json and plan.md are kept as this job\'s artifacts)' : ''}.\n`,
  );
  return true;
}

function readMergeRequestIid(env: Record<string, string | undefined>): number | null {
  const value = env.CI_MERGE_REQUEST_IID?.trim();
  if (!value) return null;
  if (!/^[1-9]\d*$/.test(value)) throw new CommandError(`CI_MERGE_REQUEST_IID must be a merge request number such as 12 (got '${value}')`);
  return Number(value);
}
