/**
 * Records as GitLab's API shows them (../shared/reference/gitlab-api.md §1.2 note object,
 * §1.4 merge request fields, §1.5 issue shape, §1.7 branch, §1.8 commit, §1.9 file;
 * doc/api/resource_label_events.md). Only fields a client might read are here.
 */
import { createHash } from 'node:crypto';
import { blobId } from './repository.ts';
import type { SandboxCommit, SandboxDiff, SandboxIssue, SandboxLabelEvent, SandboxMergeRequest, SandboxNote, SandboxStateEvent, SandboxUser } from './state.ts';
import type { GitLabStore } from './store.ts';

export function userEntity(user: SandboxUser, origin: string) {
  return { id: user.id, username: user.username, name: user.name, state: 'active', avatar_url: null, web_url: `${origin}/${user.username}` };
}

export function noteEntity(note: SandboxNote, store: GitLabStore, origin: string) {
  const parent = note.noteable_type === 'MergeRequest' ? store.mergeRequest(note.noteable_iid) : store.issue(note.noteable_iid);
  return {
    id: note.id,
    type: null,
    body: note.body,
    attachment: null,
    author: userEntity(store.user(note.author_id), origin),
    created_at: note.created_at,
    updated_at: note.updated_at,
    system: note.system,
    noteable_id: parent?.id ?? null,
    noteable_type: note.noteable_type,
    noteable_iid: note.noteable_iid,
    project_id: store.project.id,
    resolvable: false,
    confidential: false,
    internal: false,
    commands_changes: {},
  };
}

export function mergeRequestEntity(mr: SandboxMergeRequest, store: GitLabStore, origin: string) {
  const project = store.project;
  return {
    id: mr.id,
    iid: mr.iid,
    project_id: project.id,
    title: mr.title,
    description: mr.description,
    state: mr.state,
    created_at: mr.created_at,
    updated_at: mr.updated_at,
    merged_at: mr.merged_at,
    target_branch: mr.target_branch,
    source_branch: mr.source_branch,
    source_project_id: project.id,
    target_project_id: project.id,
    author: userEntity(store.user(mr.author_id), origin),
    labels: mr.labels,
    draft: false,
    force_remove_source_branch: mr.force_remove_source_branch,
    sha: mr.sha,
    merge_commit_sha: mr.merge_commit_sha,
    squash_commit_sha: mr.squash_commit_sha,
    web_url: `${project.web_url}/-/merge_requests/${mr.iid}`,
    references: { short: `!${mr.iid}`, relative: `!${mr.iid}`, full: `${project.path_with_namespace}!${mr.iid}` },
  };
}

export function issueEntity(issue: SandboxIssue, store: GitLabStore, origin: string) {
  const project = store.project;
  const self = `${origin}/api/v4/projects/${project.id}/issues/${issue.iid}`;
  return {
    id: issue.id,
    iid: issue.iid,
    project_id: project.id,
    title: issue.title,
    description: issue.description,
    state: issue.state,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    closed_at: issue.closed_at,
    closed_by: issue.closed_by_id === null ? null : userEntity(store.user(issue.closed_by_id), origin),
    labels: issue.labels,
    assignees: [],
    author: userEntity(store.user(issue.author_id), origin),
    user_notes_count: store.notesOf('Issue', issue.iid).filter((n) => !n.system).length,
    web_url: `${project.web_url}/-/issues/${issue.iid}`,
    references: { short: `#${issue.iid}`, relative: `#${issue.iid}`, full: `${project.path_with_namespace}#${issue.iid}` },
    issue_type: 'issue',
    confidential: issue.confidential,
    _links: { self, notes: `${self}/notes`, award_emoji: `${self}/award_emoji`, project: `${origin}/api/v4/projects/${project.id}` },
  };
}

/** §1.3 diff entry; the sandbox keeps no file contents, so `diff` is a one-line placeholder hunk. */
export function diffEntry(diff: SandboxDiff) {
  return {
    ...diff,
    a_mode: diff.new_file ? '0' : '100644',
    b_mode: diff.deleted_file ? '0' : '100644',
    diff: diff.deleted_file ? '@@ -1 +0,0 @@\n-\n' : '@@ -1 +1 @@\n-\n+\n',
    generated_file: false,
  };
}

export function labelEventEntity(event: SandboxLabelEvent, store: GitLabStore, origin: string) {
  const label = store.labelById(event.label_id);
  return {
    ...resourceEvent(event, store, origin),
    label: { id: label.id, name: label.name, color: label.color, description: label.description },
    action: event.action,
  };
}

/** What every resource event of an issue carries: who, when, on which issue. */
function resourceEvent(event: SandboxLabelEvent | SandboxStateEvent, store: GitLabStore, origin: string) {
  return {
    id: event.id,
    user: userEntity(store.user(event.user_id), origin),
    created_at: event.created_at,
    resource_type: 'Issue',
    resource_id: store.issue(event.issue_iid)?.id ?? null,
  };
}

/** doc/api/resource_state_events.md: `state` is closed or reopened. */
export function stateEventEntity(event: SandboxStateEvent, store: GitLabStore, origin: string) {
  return { ...resourceEvent(event, store, origin), state: event.state };
}

/** Entities::Commit, as a branch shows its head. The sandbox keeps no author emails; a noreply address stands in. */
function commitBasic(commit: SandboxCommit, store: GitLabStore) {
  const author = store.user(commit.author_id);
  const email = `${author.username}@users.noreply.gitlab.example.com`;
  return {
    id: commit.id,
    short_id: commit.id.slice(0, 8),
    created_at: commit.created_at,
    parent_ids: commit.parent_ids,
    title: commit.title,
    message: commit.message,
    author_name: author.name,
    author_email: email,
    authored_date: commit.created_at,
    committer_name: author.name,
    committer_email: email,
    committed_date: commit.created_at,
    trailers: {},
    extended_trailers: {},
    web_url: `${store.project.web_url}/-/commit/${commit.id}`,
  };
}

/** §1.8 response (Entities::CommitDetail). */
export function commitEntity(commit: SandboxCommit, store: GitLabStore) {
  return { ...commitBasic(commit, store), stats: commit.stats, status: null, project_id: store.project.id, last_pipeline: null };
}

/** §1.7 branch object; `main` is the default branch and protected, as on a new GitLab project. */
export function branchEntity(name: string, head: SandboxCommit, store: GitLabStore) {
  const isDefault = name === store.repository.defaultBranch;
  return {
    name,
    merged: false,
    protected: isDefault,
    default: isDefault,
    developers_can_push: false,
    developers_can_merge: false,
    can_push: true,
    web_url: `${store.project.web_url}/-/tree/${name}`,
    commit: commitBasic(head, store),
  };
}

/** §1.9 `GET …/repository/files/:file_path` (lib/api/files.rb blob_data + base64 content). */
export function fileEntity(path: string, content: string, ref: string, at: SandboxCommit, store: GitLabStore) {
  const bytes = Buffer.from(content, 'utf8');
  return {
    file_name: path.split('/').pop() ?? path,
    file_path: path,
    size: bytes.length,
    encoding: 'base64',
    content_sha256: createHash('sha256').update(bytes).digest('hex'),
    ref,
    blob_id: blobId(content),
    commit_id: at.id,
    last_commit_id: store.repository.lastCommitFor(at, path).id,
    execute_filemode: false,
    content: bytes.toString('base64'),
  };
}
