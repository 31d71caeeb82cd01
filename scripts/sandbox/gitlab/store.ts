/**
 * The sandbox's records and the server-owned fields GitLab fills in: ids, iids,
 * timestamps, and the system notes GitLab adds when an issue is closed or edited.
 */
import type {
  GitLabSandboxState,
  IssueSeed,
  MergeRequestSeed,
  NoteableType,
  NoteSeed,
  NoteTarget,
  SandboxDiff,
  SandboxIssue,
  SandboxMergeRequest,
  SandboxNote,
  SandboxProject,
  SandboxUser,
} from './state.ts';

export interface StoreOptions {
  project: SandboxProject;
  /** The user the first access token belongs to (a project bot, on GitLab). */
  tokenUser: SandboxUser;
}

/** A human the seeds use by default, so "authored by someone else" is the normal case. */
const REVIEWER: SandboxUser = { id: 2, username: 'alex.support', name: 'Alex Support' };

export class GitLabStore {
  readonly project: SandboxProject;
  readonly tokenUser: SandboxUser;
  private readonly users: SandboxUser[];
  private readonly mergeRequests: SandboxMergeRequest[] = [];
  private readonly issues: SandboxIssue[] = [];
  private readonly notes: SandboxNote[] = [];
  private nextId = 100;
  private nextUserId = 3;
  private lastTime = 0;

  constructor(options: StoreOptions) {
    this.project = options.project;
    this.tokenUser = options.tokenUser;
    this.users = [options.tokenUser, REVIEWER];
  }

  snapshot(): GitLabSandboxState {
    return structuredClone({
      project: this.project,
      users: this.users,
      mergeRequests: this.mergeRequests,
      issues: this.issues,
      notes: this.notes,
    });
  }

  /** A new user, e.g. the bot user GitLab creates for each new project access token. */
  addUser(seed: { username: string; name?: string }): SandboxUser {
    if (this.users.some((u) => u.username === seed.username)) throw new Error(`sandbox user '${seed.username}' exists already`);
    const user: SandboxUser = { id: this.nextUserId++, username: seed.username, name: seed.name ?? seed.username };
    this.users.push(user);
    return user;
  }

  user(id: number): SandboxUser {
    return this.users.find((u) => u.id === id) ?? { id, username: `user${id}`, name: `User ${id}` };
  }

  /** Timestamps strictly increase, so created_at orders notes even within one millisecond. */
  now(): string {
    this.lastTime = Math.max(Date.now(), this.lastTime + 1);
    return new Date(this.lastTime).toISOString();
  }

  addMergeRequest(seed: MergeRequestSeed): SandboxMergeRequest {
    const iid = seed.iid ?? Math.max(0, ...this.mergeRequests.map((m) => m.iid)) + 1;
    if (this.mergeRequest(iid)) throw new Error(`merge request !${iid} exists already`);
    const now = this.now();
    const state = seed.state ?? 'opened';
    const record: SandboxMergeRequest = {
      id: this.nextId++,
      iid,
      title: seed.title ?? `Merge request !${iid}`,
      state,
      source_branch: seed.sourceBranch ?? `change-${iid}`,
      target_branch: seed.targetBranch ?? 'main',
      sha: seed.sha,
      merge_commit_sha: seed.mergeCommitSha ?? null,
      squash_commit_sha: seed.squashCommitSha ?? null,
      commits: [seed.sha, ...(seed.commits ?? [])],
      diffs: (seed.changes ?? []).map(toDiff),
      author_id: REVIEWER.id,
      created_at: now,
      updated_at: now,
      merged_at: state === 'merged' ? now : null,
    };
    this.mergeRequests.push(record);
    return structuredClone(record);
  }

  mergeRequest(iid: number): SandboxMergeRequest | undefined {
    return this.mergeRequests.find((m) => m.iid === iid);
  }

  /** GitLab relates a commit to the merge requests that contain it or were merged as it. */
  mergeRequestsForCommit(sha: string): SandboxMergeRequest[] {
    const matches = (m: SandboxMergeRequest) => m.commits.some((c) => sameCommit(c, sha)) || sameCommit(m.merge_commit_sha, sha) || sameCommit(m.squash_commit_sha, sha);
    return this.mergeRequests.filter(matches).sort((a, b) => b.id - a.id);
  }

  addIssue(seed: IssueSeed, authorId = REVIEWER.id): SandboxIssue {
    const now = this.now();
    const closed = seed.state === 'closed';
    const record: SandboxIssue = {
      id: this.nextId++,
      iid: Math.max(0, ...this.issues.map((i) => i.iid)) + 1,
      title: seed.title,
      description: seed.description ?? '',
      state: closed ? 'closed' : 'opened',
      labels: [...new Set(seed.labels ?? [])],
      author_id: authorId,
      created_at: now,
      updated_at: now,
      closed_at: closed ? now : null,
      closed_by_id: closed ? authorId : null,
    };
    this.issues.push(record);
    return record;
  }

  issue(iid: number): SandboxIssue | undefined {
    return this.issues.find((i) => i.iid === iid);
  }

  allIssues(): SandboxIssue[] {
    return this.issues;
  }

  touchIssue(issue: SandboxIssue): void {
    issue.updated_at = this.now();
  }

  addNote(target: NoteTarget, seed: NoteSeed): SandboxNote {
    const author = seed.author ? this.users.find((u) => u.username === seed.author) : REVIEWER;
    if (!author) throw new Error(`no sandbox user '${seed.author}'`);
    return this.createNote(noteable(target), seed.body, author.id, seed.system ?? false);
  }

  createNote(on: { type: NoteableType; iid: number }, body: string, authorId: number, system = false): SandboxNote {
    const now = this.now();
    const note: SandboxNote = {
      id: this.nextId++,
      noteable_type: on.type,
      noteable_iid: on.iid,
      body,
      system,
      author_id: authorId,
      created_at: now,
      updated_at: now,
    };
    this.notes.push(note);
    return note;
  }

  notesOf(type: NoteableType, iid: number): SandboxNote[] {
    return this.notes.filter((n) => n.noteable_type === type && n.noteable_iid === iid);
  }
}

export function noteable(target: NoteTarget): { type: NoteableType; iid: number } {
  return 'mergeRequestIid' in target ? { type: 'MergeRequest', iid: target.mergeRequestIid } : { type: 'Issue', iid: target.issueIid };
}

/** Full SHAs only: GitLab also resolves short SHAs and refs here, which the pipeline never sends. */
function sameCommit(known: string | null, asked: string): boolean {
  return known !== null && known.toLowerCase() === asked.toLowerCase();
}

function toDiff(change: NonNullable<MergeRequestSeed['changes']>[number]): SandboxDiff {
  const none = { new_file: false, renamed_file: false, deleted_file: false };
  if (typeof change === 'string') return { old_path: change, new_path: change, ...none };
  if ('from' in change) return { old_path: change.from, new_path: change.to, ...none, renamed_file: true };
  if ('added' in change) return { old_path: change.added, new_path: change.added, ...none, new_file: true };
  return { old_path: change.deleted, new_path: change.deleted, ...none, deleted_file: true };
}
