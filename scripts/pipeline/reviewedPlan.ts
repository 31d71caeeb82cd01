/**
 * The GitLab side of "plans bound to what was reviewed" (issue 9, item 3): which
 * files of a merge request are the tool itself, and which plan was reviewed for
 * the commit the apply job is about to apply.
 */
import { CommandError, type CommandIO } from '../workflow/io.ts';
import type { GitLabChangedFile, GitLabClient, GitLabMergeRequest } from '../gitlab/client.ts';
import { PLAN_NOTE_MARKER } from '../render/gitlab.ts';
import { readReviewedPlan, type ReviewedPlan } from '../render/reviewed.ts';

/**
 * What runs in the pipeline rather than what it manages: the scripts and what
 * they read (templates, schemas), the dependencies and how they are installed
 * (package*.json, .npmrc), how TypeScript is run (tsconfig.json, which tsx
 * reads), and the pipeline definition. The README's CODEOWNERS covers the same.
 */
const TOOL_FOLDERS = ['scripts/', 'templates/', 'schemas/', '.ci/', '.gitlab/'];
const TOOL_FILES = ['package.json', 'package-lock.json', '.gitlab-ci.yml', '.npmrc', 'tsconfig.json'];

/** Paths of the changed files that are the tool itself, a rename counted by either side, sorted, once each. */
export function toolChanges(files: readonly GitLabChangedFile[]): string[] {
  const isTool = (path: string) => TOOL_FILES.includes(path) || TOOL_FOLDERS.some((folder) => path.startsWith(folder));
  const paths = new Set<string>();
  for (const file of files) {
    for (const path of new Set([file.oldPath, file.newPath])) if (isTool(path)) paths.add(path);
  }
  return [...paths].sort();
}

export const REVIEWED_PLAN_VARIABLE = 'ZENDESK_REVIEWED_PLAN';

export type ReviewedPlanSource =
  | { kind: 'found'; plan: ReviewedPlan; where: string }
  | { kind: 'missing'; why: string };

/**
 * ZENDESK_REVIEWED_PLAN when set (someone allowed to run pipelines on the
 * protected branch vouches for that digest); otherwise the plan note of the
 * merged merge request, found by marker and author as ensure.ts finds it, so a
 * reviewer quoting the note cannot stand in for it.
 */
export async function findReviewedPlan(
  io: CommandIO,
  gitlab: GitLabClient | null,
  mergeRequest: GitLabMergeRequest | null,
  sameCommit: readonly GitLabMergeRequest[] = [],
): Promise<ReviewedPlanSource> {
  const vouched = io.env[REVIEWED_PLAN_VARIABLE]?.trim();
  if (vouched) {
    if (!/^sha256:[0-9a-f]{64}$/.test(vouched)) {
      throw new CommandError(`${REVIEWED_PLAN_VARIABLE} must be a plan digest: sha256: and 64 hex digits, as the job log and plan.json show it`);
    }
    return { kind: 'found', plan: { digest: vouched, identities: null }, where: `in the variable ${REVIEWED_PLAN_VARIABLE}` };
  }
  if (!gitlab) return { kind: 'missing', why: 'GitLab is not configured here, so no plan note can be read' };
  if (!mergeRequest) {
    return { kind: 'missing', why: `no merged merge request has commit ${shortSha(io)} as its merge commit (a direct push?), so no plan was reviewed for it` };
  }
  if (sameCommit.length > 0) {
    // Each of them has a plan note, made when its own pipeline ran: one nobody looked at,
    // planned against another state of Zendesk, must not vouch for this merge.
    const iids = [mergeRequest, ...sameCommit].map((mr) => mr.iid).sort((a, b) => a - b).map((iid) => `!${iid}`).join(', ');
    return { kind: 'missing', why: `merge requests ${iids} were all merged as commit ${shortSha(io)} (a fast-forward of the same commits), so which plan was reviewed for it is not clear` };
  }
  const tokenUser = await gitlab.currentUser();
  const notes = (await gitlab.mergeRequestNotes(mergeRequest.iid)).filter((n) => !n.system && n.authorId === tokenUser.id && n.body.includes(PLAN_NOTE_MARKER));
  if (notes.length === 0) {
    return {
      kind: 'missing',
      why: `merge request !${mergeRequest.iid} has no plan note written by @${tokenUser.username} (the user GITLAB_API_TOKEN acts as)`,
    };
  }
  // ensureMergeRequestNote keeps one note and edits it; should there be more, the latest speaks.
  const plan = readReviewedPlan(notes[notes.length - 1].body);
  if (!plan) {
    return {
      kind: 'missing',
      why: `the plan note on merge request !${mergeRequest.iid} records no plan digest (its last plan failed, or an older version of this tool wrote it)`,
    };
  }
  return { kind: 'found', plan, where: `on merge request !${mergeRequest.iid}` };
}

function shortSha(io: CommandIO): string {
  return (io.env.CI_COMMIT_SHA?.trim() ?? '').slice(0, 8);
}
