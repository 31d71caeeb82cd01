/**
 * The parts of GitLab's responses the pipeline relies on, checked where they enter
 * (../shared/reference/gitlab-api.md §1.2, §1.3, §1.4, §1.5; `GET /user` as GitLab's
 * doc/api/users.md documents it). Anything else GitLab sends is dropped, so the rest
 * of the code never reads a field nobody checked.
 */
import { GitLabApiError } from './errors.ts';

export interface GitLabNote {
  id: number;
  body: string;
  /** GitLab's own "changed the description" notes; never ours. */
  system: boolean;
  /** Who wrote it: only its author may edit a note (GitLab's NotePolicy). */
  authorId: number | null;
  authorUsername: string | null;
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
  };
}

export function list<T>(raw: unknown, origin: Origin, each: (item: unknown, origin: Origin) => T): T[] {
  if (!Array.isArray(raw)) throw unexpected(origin, 'a list');
  return raw.map((item) => each(item, origin));
}

function record(raw: unknown, origin: Origin, what: string): Raw {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw unexpected(origin, what);
  return raw as Raw;
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
