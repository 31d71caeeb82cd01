/**
 * What the GitLab sandbox holds: one project, its users, merge requests, issues, their
 * notes and label events, and a tiny repository (branches of file snapshots). Field names
 * follow GitLab's API (snake_case) so entities are plain projections of these records
 * (../shared/reference/gitlab-api.md §1.2–§1.9; GitLab doc/api/resource_label_events.md).
 */
export interface SandboxUser {
  id: number;
  username: string;
  name: string;
}

export interface SandboxProject {
  id: number;
  /** `group/project`; the API takes it URL-encoded in place of the id. */
  path_with_namespace: string;
  web_url: string;
}

export type MergeRequestState = 'opened' | 'closed' | 'locked' | 'merged';

export interface SandboxMergeRequest {
  id: number;
  iid: number;
  title: string;
  state: MergeRequestState;
  source_branch: string;
  target_branch: string;
  /** Head commit of the source branch. */
  sha: string;
  merge_commit_sha: string | null;
  squash_commit_sha: string | null;
  /** Every commit of the merge request, head included. */
  commits: string[];
  /** What its diffs show (`GET …/:iid/diffs`), one entry per changed file. */
  diffs: SandboxDiff[];
  description: string;
  labels: string[];
  /** `remove_source_branch` as given on create; GitLab shows it as `force_remove_source_branch`. */
  force_remove_source_branch: boolean;
  author_id: number;
  created_at: string;
  updated_at: string;
  merged_at: string | null;
}

/** A changed file as `GET /projects/:id/merge_requests/:iid/diffs` lists it (§1.3). */
export interface SandboxDiff {
  old_path: string;
  new_path: string;
  new_file: boolean;
  renamed_file: boolean;
  deleted_file: boolean;
}

export interface SandboxIssue {
  id: number;
  iid: number;
  title: string;
  description: string;
  state: 'opened' | 'closed';
  labels: string[];
  confidential: boolean;
  author_id: number;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  closed_by_id: number | null;
}

/** A project label; GitLab creates unknown labels named on an issue (doc/api/issues.md, `labels`). */
export interface SandboxLabel {
  id: number;
  name: string;
  color: string;
  description: string;
}

/** Who added or removed which label, and when (doc/api/resource_label_events.md). */
export interface SandboxLabelEvent {
  id: number;
  issue_iid: number;
  action: 'add' | 'remove';
  label_id: number;
  user_id: number;
  created_at: string;
}

/**
 * Who closed or reopened an issue, and when (doc/api/resource_state_events.md, GitLab 15.4+:
 * state changes are recorded here, not as system notes).
 */
export interface SandboxStateEvent {
  id: number;
  issue_iid: number;
  state: 'closed' | 'reopened';
  user_id: number;
  created_at: string;
}

/** One commit: the whole tree as a path → content snapshot, and the paths it changed. */
export interface SandboxCommit {
  id: string;
  parent_ids: string[];
  title: string;
  message: string;
  author_id: number;
  created_at: string;
  files: Record<string, string>;
  changed: string[];
  stats: { additions: number; deletions: number; total: number };
}

export interface SandboxRepositoryState {
  default_branch: string;
  /** Branch name → head commit id. */
  branches: Record<string, string>;
  commits: SandboxCommit[];
}

export type NoteableType = 'MergeRequest' | 'Issue';

export interface SandboxNote {
  id: number;
  noteable_type: NoteableType;
  noteable_iid: number;
  body: string;
  /** GitLab's own notes ("closed", "changed the description"). */
  system: boolean;
  author_id: number;
  created_at: string;
  updated_at: string;
}

export interface GitLabSandboxState {
  project: SandboxProject;
  users: SandboxUser[];
  mergeRequests: SandboxMergeRequest[];
  issues: SandboxIssue[];
  notes: SandboxNote[];
  labels: SandboxLabel[];
  labelEvents: SandboxLabelEvent[];
  stateEvents: SandboxStateEvent[];
  repository: SandboxRepositoryState;
}

/** Seeds: what a test says about the world; the store fills in ids and timestamps. */
export interface MergeRequestSeed {
  iid?: number;
  title?: string;
  state?: MergeRequestState;
  sha: string;
  mergeCommitSha?: string;
  squashCommitSha?: string;
  /** Other commits of the merge request besides its head. */
  commits?: string[];
  sourceBranch?: string;
  targetBranch?: string;
  /**
   * Files the merge request changes: a path, or a rename `{ from, to }`, a new file
   * `{ added }` or a deleted one `{ deleted }`. Default: none.
   */
  changes?: Array<string | { from: string; to: string } | { added: string } | { deleted: string }>;
  description?: string;
  labels?: string[];
}

export interface IssueSeed {
  title: string;
  description?: string;
  /** Added by the author at creation, each with a label event. */
  labels?: string[];
  state?: 'opened' | 'closed';
  confidential?: boolean;
  /** Username; unknown names become users. Default: a human, `alex.support`. */
  author?: string;
}

export interface NoteSeed {
  body: string;
  system?: boolean;
  /** Username of an existing user; default another human, not the token's user. */
  author?: string;
}

export type NoteTarget = { mergeRequestIid: number } | { issueIid: number };
