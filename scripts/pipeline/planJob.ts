/**
 * `ci plan`, the merge-request job: plan, keep plan.json/plan.md, and keep one plan
 * note on the merge request up to date. Changes are not a failure: the note shows them.
 */
import { CommandError, type CommandIO } from '../commands/io.ts';
import { PLAN_NOTE_MARKER, renderPlanFailedNote, renderPlanNote } from '../render/gitlab.ts';
import { ensureMergeRequestNote } from './ensure.ts';
import { gitLabClientFor, noteContext } from './target.ts';
import { planZendesk, type PipelineArgs } from './zendeskPlan.ts';

export async function planJob(args: PipelineArgs, io: CommandIO): Promise<number> {
  const mergeRequestIid = readMergeRequestIid(io.env);
  // What the plan step reports (file:line diagnostics) is kept for the note if planning fails.
  const reported: string[] = [];
  const recording: CommandIO = { ...io, stderr: (text) => (reported.push(text), io.stderr(text)) };
  let plan;
  try {
    ({ plan } = await planZendesk(args, recording));
  } catch (error) {
    if (error instanceof CommandError && mergeRequestIid !== null) await postFailure(io, mergeRequestIid, error.message, reported);
    throw error;
  }
  if (mergeRequestIid === null) {
    io.stderr('Not posting the plan note to GitLab: CI_MERGE_REQUEST_IID is not set (not a merge-request pipeline).\n');
    return 0;
  }
  const gitlab = gitLabClientFor(io, 'the plan note');
  if (!gitlab) return 0;
  const body = renderPlanNote(plan, noteContext(io.env));
  const { action } = await ensureMergeRequestNote(gitlab, mergeRequestIid, PLAN_NOTE_MARKER, body);
  const done = { created: 'Posted the plan note on', updated: 'Updated the plan note on', unchanged: 'The plan note is already up to date on' }[action];
  io.stdout(`${done} merge request !${mergeRequestIid}.\n`);
  return 0;
}

async function postFailure(io: CommandIO, mergeRequestIid: number, reason: string, reported: readonly string[]): Promise<void> {
  const gitlab = gitLabClientFor(io, 'the plan note');
  if (!gitlab) return;
  const lines = reported.join('').split('\n').filter((line) => line.trim() !== '' && !line.startsWith('… '));
  const body = renderPlanFailedNote(reason, lines, noteContext(io.env));
  await ensureMergeRequestNote(gitlab, mergeRequestIid, PLAN_NOTE_MARKER, body);
  io.stdout(`Marked the plan note on merge request !${mergeRequestIid} as failed.\n`);
}

function readMergeRequestIid(env: Record<string, string | undefined>): number | null {
  const value = env.CI_MERGE_REQUEST_IID?.trim();
  if (!value) return null;
  if (!/^[1-9]\d*$/.test(value)) throw new CommandError(`CI_MERGE_REQUEST_IID must be a merge request number such as 12 (got '${value}')`);
  return Number(value);
}
