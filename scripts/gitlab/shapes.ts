/**
 * The parts of GitLab's responses the pipeline and the request processor rely on, checked
 * where they enter (../shared/reference/gitlab-api.md §1.2–§1.9; `GET /user` as GitLab's
 * doc/api/users.md documents it; label events as doc/api/resource_label_events.md shows
 * them). Anything else GitLab sends is dropped, so the rest of the code never reads a field
 * nobody checked. The request processor's shapes keep GitLab's own field names, as the
 * issue 11 design names them.
 */
import { GitLabApiError } from './errors.ts';

export interface GitLabNote {
  id: number;
  body: string;
  /** GitLab's own "changed the description" notes; never ours. */
  system: boolean;
  /**
   * Who wrote it. Its author may edit it, and so may the project's Maintainers (GitLab's
   * NotePolicy grants them admin_note: gitlab.com/gitlab-org/gitlab/-/issues/502420), so a
   * note found by author is trusted no further than the Maintainers are.
   */
  authorId: number | null;
  authorUsername: string | null;
  /** When it was written (ISO 8601): a "changed the description" note after an approval voids it. */
  createdAt?: string;
}

/** The user a token acts as (`GET /user`); for a project access token, its bot user. */
export interface GitLabUser {
  id: number;
  username: string;
}

export type MergeRequestState = 'opened' | 'closed' | 'locked' | 'merged';

export interface GitLabMergeRequest {
  iid: number;
  title: string;
  state: MergeRequestState | string;
  /** Head commit of the source branch. */
  sha: string | null;
  mergeCommitSha: string | null;
  squashCommitSha: string | null;
  webUrl: string | null;
  /** Who opened it; absent where the answer leaves it out. */
  authorId?: number | null;
}

/** A file a merge request changes (§1.3 diff entry): both paths, so a rename out of a folder still names it. */
export interface GitLabChangedFile {
  oldPath: string;
  newPath: string;
}

export interface GitLabIssue {
  iid: number;
  title: string;
  description: string;
  state: 'opened' | 'closed' | string;
  labels: string[];
  webUrl: string | null;
  /** Visible only to project members and the author (§1.5 `confidential`). */
  confidential: boolean;
  /** Who opened it, e.g. the person a request comes from. */
  authorUsername: string | null;
  /**
   * Who closed it, while it is closed (§1.5 issue shape `closed_by`; GitLab clears it on reopen).
   * GitLab records a close as a resource state event, not a note (SystemNotes::IssuablesService#change_status),
   * so the issue's notes do not say who closed it; this does.
   */
  closedByUsername?: string | null;
}

/** One label added to or removed from an issue, by whom and when (doc/api/resource_label_events.md). */
export interface GitLabLabelEvent {
  id: number;
  action: 'add' | 'remove';
  label: { name: string };
  user: { id: number; username: string };
  /** ISO 8601, as GitLab sends it. */
  created_at: string;
}

/** A file at a ref (§1.9), its content decoded from base64 as UTF-8 text. */
export interface GitLabRepositoryFile {
  content: string;
  /** The newest commit on the ref that changed this file: the optimistic lock for an update. */
  last_commit_id: string;
  blob_id: string;
}

export interface GitLabBranch {
  name: string;
  commit: { id: string };
}

/** The commit `POST …/repository/commits` made (§1.8). */
export interface GitLabCommit {
  id: string;
  web_url: string | null;
}

type Raw = Record<string, unknown>;

export interface Origin {
  method: string;
  path: string;
}

export function toNote(raw: unknown, origin: Origin): GitLabNote {
  const note = record(raw, origin, 'a note');
  const author = note.author && typeof note.author === 'object' ? (note.author as Raw) : {};
  return {
    id: number(note, 'id', origin),
    body: typeof note.body === 'string' ? note.body : '',
    system: note.system === true,
    authorId: typeof author.id === 'number' && Number.isInteger(author.id) ? author.id : null,
    authorUsername: typeof author.username === 'string' ? author.username : null,
    ...(typeof note.created_at === 'string' ? { createdAt: note.created_at } : {}),
  };
}

export function toUser(raw: unknown, origin: Origin): GitLabUser {
  const user = record(raw, origin, 'a user');
  return { id: number(user, 'id', origin), username: text(user, 'username', origin) };
}

export function toMergeRequest(raw: unknown, origin: Origin): GitLabMergeRequest {
  const mr = record(raw, origin, 'a merge request');
  return {
    iid: number(mr, 'iid', origin),
    title: typeof mr.title === 'string' ? mr.title : '',
    state: text(mr, 'state', origin),
    sha: optionalText(mr.sha),
    mergeCommitSha: optionalText(mr.merge_commit_sha),
    squashCommitSha: optionalText(mr.squash_commit_sha),
    webUrl: optionalText(mr.web_url),
    authorId: mr.author && typeof mr.author === 'object' && Number.isInteger((mr.author as Raw).id) ? ((mr.author as Raw).id as number) : null,
  };
}

export function toChangedFile(raw: unknown, origin: Origin): GitLabChangedFile {
  const diff = record(raw, origin, 'a diff');
  return { oldPath: text(diff, 'old_path', origin), newPath: text(diff, 'new_path', origin) };
}

export function toIssue(raw: unknown, origin: Origin): GitLabIssue {
  const issue = record(raw, origin, 'an issue');
  return {
    iid: number(issue, 'iid', origin),
    title: text(issue, 'title', origin),
    description: typeof issue.description === 'string' ? issue.description : '',
    state: text(issue, 'state', origin),
    labels: Array.isArray(issue.labels) ? issue.labels.map((l) => (typeof l === 'string' ? l : String((l as Raw)?.name ?? ''))) : [],
    webUrl: optionalText(issue.web_url),
    confidential: issue.confidential === true,
    authorUsername: usernameOf(issue.author),
    closedByUsername: usernameOf(issue.closed_by),
  };
}

/**
 * A label event, or null when its label has since been deleted (GitLab then sends
 * `"label": null`): a deleted label can no longer be the label anyone asks about.
 * The user is required: GitLab hands a deleted user's events to its Ghost user.
 */
export function toLabelEvent(raw: unknown, origin: Origin): GitLabLabelEvent | null {
  const event = record(raw, origin, 'a label event');
  const action = event.action;
  if (action !== 'add' && action !== 'remove') throw unexpected(origin, '"action" as add or remove');
  if (event.label === null || event.label === undefined) return null;
  const label = record(event.label, origin, 'a label');
  const user = record(event.user, origin, 'a user');
  return {
    id: number(event, 'id', origin),
    action,
    label: { name: text(label, 'name', origin) },
    user: { id: number(user, 'id', origin), username: text(user, 'username', origin) },
    created_at: text(event, 'created_at', origin),
  };
}

/** Who closed or reopened an issue (doc/api/resource_state_events.md, GitLab 15.4+). */
export interface GitLabStateEvent {
  id: number;
  /** `closed`, or `reopened` (the docs' example also shows `opened` for a reopen). */
  state: string;
  user: { id: number; username: string } | null;
  created_at: string;
}

export function toStateEvent(raw: unknown, origin: Origin): GitLabStateEvent {
  const event = record(raw, origin, 'a state event');
  const user = event.user && typeof event.user === 'object' ? (event.user as Raw) : null;
  return {
    id: number(event, 'id', origin),
    state: text(event, 'state', origin),
    user: user && Number.isInteger(user.id) && typeof user.username === 'string' ? { id: user.id as number, username: user.username } : null,
    created_at: text(event, 'created_at', origin),
  };
}

/** §1.9: `content` is base64 (`encoding: "base64"`); anything else would be a surprise worth stopping for. */
export function toRepositoryFile(raw: unknown, origin: Origin): GitLabRepositoryFile {
  const file = record(raw, origin, 'a repository file');
  if (file.encoding !== 'base64') throw unexpected(origin, '"encoding" base64');
  return {
    content: Buffer.from(text(file, 'content', origin), 'base64').toString('utf8'),
    last_commit_id: text(file, 'last_commit_id', origin),
    blob_id: text(file, 'blob_id', origin),
  };
}

export function toBranch(raw: unknown, origin: Origin): GitLabBranch {
  const branch = record(raw, origin, 'a branch');
  const commit = record(branch.commit, origin, 'a branch commit');
  return { name: text(branch, 'name', origin), commit: { id: text(commit, 'id', origin) } };
}

export function toCommit(raw: unknown, origin: Origin): GitLabCommit {
  const commit = record(raw, origin, 'a commit');
  return { id: text(commit, 'id', origin), web_url: optionalText(commit.web_url) };
}

export function list<T>(raw: unknown, origin: Origin, each: (item: unknown, origin: Origin) => T): T[] {
  if (!Array.isArray(raw)) throw unexpected(origin, 'a list');
  return raw.map((item) => each(item, origin));
}

function record(raw: unknown, origin: Origin, what: string): Raw {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw unexpected(origin, what);
  return raw as Raw;
}

function usernameOf(user: unknown): string | null {
  return user && typeof user === 'object' && typeof (user as Raw).username === 'string' ? ((user as Raw).username as string) : null;
}

function number(raw: Raw, key: string, origin: Origin): number {
  const value = raw[key];
  if (typeof value !== 'number' || !Number.isInteger(value)) throw unexpected(origin, `"${key}" as an integer`);
  return value;
}

function text(raw: Raw, key: string, origin: Origin): string {
  const value = raw[key];
  if (typeof value !== 'string') throw unexpected(origin, `"${key}" as a string`);
  return value;
}

function optionalText(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function unexpected(origin: Origin, expected: string): GitLabApiError {
  return new GitLabApiError({ ...origin, status: 200, body: `unexpected response: expected ${expected}` });
}
