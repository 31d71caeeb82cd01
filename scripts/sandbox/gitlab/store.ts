/**
 * The sandbox's records and the server-owned fields GitLab fills in: ids, iids,
 * timestamps, label events, and the system notes GitLab adds when an issue is closed or edited.
 */
import { SandboxRepository } from './repository.ts';
import type {
  GitLabSandboxState,
  IssueSeed,
  MergeRequestSeed,
  NoteableType,
  NoteSeed,
  NoteTarget,
  SandboxDiff,
  SandboxIssue,
  SandboxLabel,
  SandboxLabelEvent,
  SandboxStateEvent,
  SandboxMergeRequest,
  SandboxNote,
  SandboxProject,
  SandboxUser,
} from './state.ts';

export interface StoreOptions {
  project: SandboxProject;
  /** The user the first access token belongs to (a project bot, on GitLab). */
  tokenUser: SandboxUser;
  /** Milliseconds since the epoch; default Date.now. Tests inject it for label-event times. */
  now?: () => number;
  /** The default branch's files at the start. */
  files?: Record<string, string>;
}

/** What a label change asks for; `set` replaces every label (PUT `labels`). */
export interface LabelChange {
  set?: string[];
  add?: string[];
  remove?: string[];
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
  private readonly labels: SandboxLabel[] = [];
  private readonly labelEvents: SandboxLabelEvent[] = [];
  private readonly stateEvents: SandboxStateEvent[] = [];
  readonly repository: SandboxRepository;
  private readonly clock: () => number;
  private nextId = 100;
  private nextUserId = 3;
  private lastTime = 0;

  constructor(options: StoreOptions) {
    this.project = options.project;
    this.tokenUser = options.tokenUser;
    this.users = [options.tokenUser, REVIEWER];
    this.clock = options.now ?? Date.now;
    this.repository = new SandboxRepository(options.files ?? {}, REVIEWER.id, this.now());
  }

  snapshot(): GitLabSandboxState {
    return structuredClone({
      project: this.project,
      users: this.users,
      mergeRequests: this.mergeRequests,
      issues: this.issues,
      notes: this.notes,
      labels: this.labels,
      labelEvents: this.labelEvents,
      stateEvents: this.stateEvents,
      repository: this.repository.snapshot(),
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

  /** The user with that username, made on first mention (seeds name people freely). */
  userNamed(username: string): SandboxUser {
    return this.users.find((u) => u.username === username) ?? this.addUser({ username });
  }

  /** Timestamps strictly increase, so created_at orders notes and label events even within one millisecond. */
  now(): string {
    this.lastTime = Math.max(this.clock(), this.lastTime + 1);
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
      description: seed.description ?? '',
      labels: [...new Set(seed.labels ?? [])],
      force_remove_source_branch: false,
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

  allMergeRequests(): SandboxMergeRequest[] {
    return this.mergeRequests;
  }

  /**
   * A merge request opened through the API from an existing source branch: its head, its
   * commits (those on the source branch and not on the target) and its diffs are taken from
   * the repository as it is now; later commits to the branch do not update them.
   */
  openMergeRequest(args: { sourceBranch: string; targetBranch: string; title: string; description: string; labels: string[]; removeSourceBranch: boolean; authorId: number }): SandboxMergeRequest {
    const source = this.repository.head(args.sourceBranch);
    const target = this.repository.head(args.targetBranch);
    if (!source || !target) throw new Error('both branches must exist');
    const onTarget = new Set(this.repository.history(target.id));
    const now = this.now();
    const record: SandboxMergeRequest = {
      id: this.nextId++,
      iid: Math.max(0, ...this.mergeRequests.map((m) => m.iid)) + 1,
      title: args.title,
      state: 'opened',
      source_branch: args.sourceBranch,
      target_branch: args.targetBranch,
      sha: source.id,
      merge_commit_sha: null,
      squash_commit_sha: null,
      commits: this.repository.history(source.id).filter((id) => !onTarget.has(id)),
      diffs: this.repository.diff(target, source),
      description: args.description,
      labels: args.labels,
      force_remove_source_branch: args.removeSourceBranch,
      author_id: args.authorId,
      created_at: now,
      updated_at: now,
      merged_at: null,
    };
    this.mergeRequests.push(record);
    return record;
  }

  /** GitLab relates a commit to the merge requests that contain it or were merged as it. */
  mergeRequestsForCommit(sha: string): SandboxMergeRequest[] {
    const matches = (m: SandboxMergeRequest) => m.commits.some((c) => sameCommit(c, sha)) || sameCommit(m.merge_commit_sha, sha) || sameCommit(m.squash_commit_sha, sha);
    return this.mergeRequests.filter(matches).sort((a, b) => b.id - a.id);
  }

  /** An issue; its labels are added by its author, each with a label event, as GitLab records them on create. */
  addIssue(seed: IssueSeed, authorId = seed.author ? this.userNamed(seed.author).id : REVIEWER.id): SandboxIssue {
    const now = this.now();
    const closed = seed.state === 'closed';
    const record: SandboxIssue = {
      id: this.nextId++,
      iid: Math.max(0, ...this.issues.map((i) => i.iid)) + 1,
      title: seed.title,
      description: seed.description ?? '',
      state: closed ? 'closed' : 'opened',
      labels: [],
      confidential: seed.confidential ?? false,
      author_id: authorId,
      created_at: now,
      updated_at: now,
      closed_at: closed ? now : null,
      closed_by_id: closed ? authorId : null,
    };
    this.issues.push(record);
    this.changeLabels(record, { add: seed.labels ?? [] }, authorId, now);
    return record;
  }

  /**
   * Applies a label change as GitLab does and records a label event per label added or
   * removed, by `userId`. Scoped labels (`key::value`; the key is everything before the
   * last `::`, so `a::b::c` is scope `a::b`) are exclusive: adding one removes the issue's
   * other label of that scope, and of several added at once the last wins (GitLab doc
   * user/project/labels.md "Scoped labels"; gitlab-ui !1117 for the last `::`).
   * Returns whether anything changed.
   */
  changeLabels(issue: SandboxIssue, change: LabelChange, userId: number, at = this.now()): boolean {
    const before = issue.labels;
    let next = change.set !== undefined ? [] : [...before];
    const removed = new Set(change.remove ?? []);
    next = next.filter((label) => !removed.has(label));
    for (const label of [...(change.set ?? []), ...(change.add ?? [])]) {
      const scope = scopeOf(label);
      if (scope !== null) next = next.filter((existing) => scopeOf(existing) !== scope);
      if (!next.includes(label)) next.push(label);
    }
    const record = (action: 'add' | 'remove', name: string) =>
      this.labelEvents.push({ id: this.nextId++, issue_iid: issue.iid, action, label_id: this.label(name).id, user_id: userId, created_at: at });
    for (const name of next.filter((l) => !before.includes(l))) record('add', name);
    for (const name of before.filter((l) => !next.includes(l))) record('remove', name);
    issue.labels = next;
    return next.length !== before.length || next.some((l) => !before.includes(l));
  }

  recordStateEvent(issueIid: number, state: SandboxStateEvent['state'], userId: number): void {
    this.stateEvents.push({ id: this.nextId++, issue_iid: issueIid, state, user_id: userId, created_at: this.now() });
  }

  stateEventsOf(issueIid: number): SandboxStateEvent[] {
    return this.stateEvents.filter((e) => e.issue_iid === issueIid);
  }

  labelEventsOf(issueIid: number): SandboxLabelEvent[] {
    return this.labelEvents.filter((e) => e.issue_iid === issueIid);
  }

  labelById(id: number): SandboxLabel {
    const found = this.labels.find((l) => l.id === id);
    if (!found) throw new Error(`no sandbox label ${id}`);
    return found;
  }

  /** The project label of that name, created on first use as GitLab does for labels named on an issue. */
  label(name: string): SandboxLabel {
    const existing = this.labels.find((l) => l.name === name);
    if (existing) return existing;
    const created: SandboxLabel = { id: this.nextId++, name, color: '#6699cc', description: '' };
    this.labels.push(created);
    return created;
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

/** `a::b` → `a`; `a::b::c` → `a::b`; an unscoped label → null. */
export function scopeOf(label: string): string | null {
  const at = label.lastIndexOf('::');
  return at > 0 && at < label.length - 2 ? label.slice(0, at) : null;
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
