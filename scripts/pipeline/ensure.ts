/**
 * The pipeline's idempotent writes to GitLab, named ensure* after Renovate's
 * ensureComment: each finds what an earlier run wrote by its hidden marker and edits
 * it, so a re-run never posts a second plan note or opens a second drift issue.
 */
import type { GitLabClient, GitLabIssue, GitLabMergeRequest, GitLabNote } from '../gitlab/client.ts';

export type NoteOutcome = { action: 'created' | 'updated' | 'unchanged'; note: GitLabNote };

/**
 * One note per merge request carrying `marker`, whoever wrote it (a rotated token is
 * a different bot user). Every page is read: on a busy merge request the note can be
 * far down the list. System notes are GitLab's own and never ours (reference §1.2).
 */
export async function ensureMergeRequestNote(client: GitLabClient, mergeRequestIid: number, marker: string, body: string): Promise<NoteOutcome> {
  const notes = await client.mergeRequestNotes(mergeRequestIid);
  const existing = notes.find((note) => !note.system && note.body.includes(marker));
  if (!existing) return { action: 'created', note: await client.createMergeRequestNote(mergeRequestIid, body) };
  if (existing.body === body) return { action: 'unchanged', note: existing };
  return { action: 'updated', note: await client.editMergeRequestNote(mergeRequestIid, existing.id, body) };
}

/**
 * The merge request a default-branch commit came from: merged, and merged as this
 * commit (merge commit, squash commit, or fast-forward to its head). Open merge
 * requests that merely contain the commit are not it.
 */
export function mergedMergeRequestFor(sha: string, candidates: GitLabMergeRequest[]): GitLabMergeRequest | null {
  const merged = candidates.filter((mr) => mr.state === 'merged');
  const same = (value: string | null) => value !== null && value.toLowerCase() === sha.toLowerCase();
  return merged.find((mr) => same(mr.mergeCommitSha)) ?? merged.find((mr) => same(mr.squashCommitSha)) ?? merged.find((mr) => same(mr.sha)) ?? null;
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
