/**
 * The pipeline's idempotent writes to GitLab, named ensure* after Renovate's
 * ensureComment: each finds what an earlier run wrote by its hidden marker and edits
 * it, so a re-run never posts a second plan note or opens a second drift issue.
 */
import type { GitLabClient, GitLabIssue, GitLabMergeRequest, GitLabNote, GitLabUser } from '../gitlab/client.ts';

export interface NoteOutcome {
  action: 'created' | 'updated' | 'unchanged';
  note: GitLabNote;
  /** The user the token acts as, who wrote (or now owns) `note`. */
  tokenUser: GitLabUser;
  /**
   * Notes carrying the marker that the token's user did not write (a reviewer quoting
   * it, or the note of an earlier token's bot user): left alone, because GitLab lets
   * only a note's author edit it (../shared/reference/gitlab-api.md §1.2: match on the
   * marker plus author).
   */
  notOurs: GitLabNote[];
}

/**
 * One note per merge request carrying `marker`, written by the token's user
 * (`GET /user`). Every page is read: on a busy merge request the note can be far
 * down the list. System notes are GitLab's own and never ours (reference §1.2).
 */
export async function ensureMergeRequestNote(client: GitLabClient, mergeRequestIid: number, marker: string, body: string): Promise<NoteOutcome> {
  const tokenUser = await client.currentUser();
  const marked = (await client.mergeRequestNotes(mergeRequestIid)).filter((note) => !note.system && note.body.includes(marker));
  const ours = marked.find((note) => note.authorId === tokenUser.id);
  const notOurs = marked.filter((note) => note.authorId !== tokenUser.id);
  if (!ours) return { action: 'created', note: await client.createMergeRequestNote(mergeRequestIid, body), tokenUser, notOurs };
  if (ours.body === body) return { action: 'unchanged', note: ours, tokenUser, notOurs };
  return { action: 'updated', note: await client.editMergeRequestNote(mergeRequestIid, ours.id, body), tokenUser, notOurs };
}

/**
 * One line for the job log when a note carrying the marker was left alone and a new
 * one posted instead: which note, whose, and why it was not edited.
 */
export function notOursExplained(outcome: NoteOutcome, what: string): string | null {
  if (outcome.action !== 'created' || outcome.notOurs.length === 0) return null;
  const [first, ...more] = outcome.notOurs;
  const whose = first.authorUsername ? `@${first.authorUsername}` : 'another user';
  const others = more.length > 0 ? ` (and ${more.length} more)` : '';
  return (
    `Note ${first.id} by ${whose}${others} carries the ${what} marker, but GITLAB_API_TOKEN acts as @${outcome.tokenUser.username}, ` +
    `who did not write it (a reviewer quoting it, or a note from before a token rotation): posted a new ${what} note instead of editing it.`
  );
}

/**
 * The merge request a default-branch commit came from: merged, and merged as this
 * commit (merge commit, squash commit, or fast-forward to its head). Open merge
 * requests that merely contain the commit are not it.
 */
export function mergedMergeRequestFor(sha: string, candidates: GitLabMergeRequest[]): GitLabMergeRequest | null {
  return mergedMergeRequestsFor(sha, candidates)[0] ?? null;
}

/**
 * Every merge request merged as this commit, by the first way that finds any. More than
 * one happens on a fast-forward: GitLab marks every open merge request whose head is now
 * on the branch as merged, so a second merge request of the same commits is "merged" too.
 */
export function mergedMergeRequestsFor(sha: string, candidates: GitLabMergeRequest[]): GitLabMergeRequest[] {
  const merged = candidates.filter((mr) => mr.state === 'merged');
  const same = (value: string | null) => value !== null && value.toLowerCase() === sha.toLowerCase();
  for (const commitOf of [(mr: GitLabMergeRequest) => mr.mergeCommitSha, (mr: GitLabMergeRequest) => mr.squashCommitSha, (mr: GitLabMergeRequest) => mr.sha]) {
    const found = merged.filter((mr) => same(commitOf(mr)));
    if (found.length > 0) return found;
  }
  return [];
}

export interface DriftIssueContent {
  title: string;
  description: string;
  labels: string[];
}

export type DriftOutcome = { action: 'opened' | 'updated' | 'unchanged'; issue: GitLabIssue };

/**
 * One open drift issue: opened on the first drifting check; later checks rewrite its
 * description, and comment only when the drift itself changed (`digest` differs), so
 * watchers hear about new drift but an hourly schedule does not notify them every hour.
 */
export async function ensureDriftIssue(
  client: GitLabClient,
  marker: string,
  content: DriftIssueContent,
  updatedNote: () => string,
  digest: string,
): Promise<DriftOutcome> {
  const stamp = `<!-- zendesk-gitops:drift-digest ${digest} -->`;
  const description = `${content.description.trimEnd()}\n${stamp}\n`;
  const open = await findOpenDriftIssue(client, marker, content.labels);
  if (!open) return { action: 'opened', issue: await client.createIssue({ ...content, description }) };
  const sameDrift = open.description.includes(stamp);
  const issue = await client.editIssue(open.iid, { description });
  if (sameDrift) return { action: 'unchanged', issue };
  await client.createIssueNote(open.iid, updatedNote());
  return { action: 'updated', issue };
}

/** Closes the open drift issue, with a note saying why; null when there is none. */
export async function ensureDriftResolved(client: GitLabClient, marker: string, labels: string[], resolvedNote: () => string): Promise<GitLabIssue | null> {
  const open = await findOpenDriftIssue(client, marker, labels);
  if (!open) return null;
  await client.createIssueNote(open.iid, resolvedNote());
  return client.editIssue(open.iid, { stateEvent: 'close' });
}

/** By label first (a cheap server-side filter), then by marker: a label alone is easy to add by hand. */
async function findOpenDriftIssue(client: GitLabClient, marker: string, labels: string[]): Promise<GitLabIssue | null> {
  const candidates = await client.issues({ labels, state: 'opened' });
  return candidates.filter((issue) => issue.description.includes(marker)).sort((a, b) => a.iid - b.iid)[0] ?? null;
}
