/**
 * The one module that talks to GitLab, and only with what the tool needs: who the
 * token is, a merge request, the files it changes and its notes, the merge requests of a commit, the
 * drift issue with its notes; and for the request processor: request issues with their label events
 * and notes, repository files, branches, commits and merge requests opened from them. It rides on
 * @gitbeaker/rest (endpoints, option encoding, following the `Link` header through every page,
 * ../shared/reference/gitlab-api.md §2.4) with our own request handler underneath (transport.ts)
 * for retries that honour Retry-After and for errors that never carry the token.
 */
import { Branches, Commits, IssueLabelEvents, IssueNotes, Issues, IssueStateEvents, MergeRequestNotes, MergeRequests, RepositoryFiles, Users } from '@gitbeaker/rest';
import { GitLabApiError, toGitLabError } from './errors.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.ts';
import {
  list,
  toBranch,
  toChangedFile,
  toCommit,
  toIssue,
  toLabelEvent,
  toStateEvent,
  toMergeRequest,
  toNote,
  toRepositoryFile,
  toUser,
  type GitLabBranch,
  type GitLabChangedFile,
  type GitLabCommit,
  type GitLabIssue,
  type GitLabLabelEvent,
  type GitLabStateEvent,
  type GitLabMergeRequest,
  type GitLabNote,
  type GitLabRepositoryFile,
  type GitLabUser,
  type Origin,
} from './shapes.ts';
import { retryingRequesterFn, type RetryInfo } from './transport.ts';

export type {
  GitLabBranch,
  GitLabChangedFile,
  GitLabCommit,
  GitLabIssue,
  GitLabLabelEvent,
  GitLabStateEvent,
  GitLabMergeRequest,
  GitLabNote,
  GitLabRepositoryFile,
  GitLabUser,
} from './shapes.ts';
export type { RetryInfo } from './transport.ts';

export interface GitLabClientOptions {
  /** The API base, e.g. `https://gitlab.com/api/v4` (`$CI_API_V4_URL`). */
  apiUrl: string;
  /** Numeric id (`$CI_PROJECT_ID`) or full path such as `support/zendesk-config`. */
  projectId: string | number;
  /** A project access token with the api scope, sent as PRIVATE-TOKEN. */
  token: string;
  /** Items per list page; GitLab allows at most 100 (§1.11). */
  perPage?: number;
  retry?: Partial<RetryPolicy>;
  /** Told about every retry, for progress output. Never given the token. */
  onRetry?: (info: RetryInfo) => void;
  sleep?: (ms: number) => Promise<void>;
}

export interface IssueQuery {
  /** The issue must carry every one of them. */
  labels?: string[];
  /** Default: open and closed. */
  state?: 'opened' | 'closed';
  /** Words in the title or description. */
  search?: string;
}

/**
 * An issue edit (§1.5 PUT). The request processor's fields carry GitLab's own names, as the
 * issue 11 design gives them; `stateEvent` is the same as `state_event`, kept for the drift issue.
 */
export interface IssueEdit {
  title?: string;
  description?: string;
  /** Replaces every label. */
  labels?: string[];
  /** Adding a scoped label (`request::done`) removes the issue's other label of that scope. */
  add_labels?: string[];
  remove_labels?: string[];
  state_event?: 'close' | 'reopen';
  stateEvent?: 'close' | 'reopen';
  confidential?: boolean;
}

export interface NewIssue {
  title: string;
  description: string;
  labels?: string[];
  /** Only project members and the author see it (§1.5). */
  confidential?: boolean;
}

/** One commit of file actions (§1.8); `branch` is created from `start_branch` when it does not exist. */
export interface NewCommit {
  branch: string;
  start_branch?: string;
  commit_message: string;
  actions: CommitFileAction[];
}

export type CommitFileAction =
  | { action: 'create' | 'update'; file_path: string; content: string; last_commit_id?: string }
  | { action: 'delete'; file_path: string; last_commit_id?: string };

export interface MergeRequestQuery {
  source_branch?: string;
  target_branch?: string;
  /** Default: every state. */
  state?: 'opened' | 'closed' | 'locked' | 'merged';
}

export interface NewMergeRequest {
  source_branch: string;
  target_branch: string;
  title: string;
  description: string;
  labels?: string[];
  remove_source_branch?: boolean;
}

const MAX_PER_PAGE = 100;

export class GitLabClient {
  readonly apiUrl: string;
  readonly projectId: string | number;
  private readonly perPage: number;
  private readonly token: string;
  private readonly usersApi: InstanceType<typeof Users>;
  private readonly mergeRequestsApi: InstanceType<typeof MergeRequests>;
  private readonly mergeRequestNotesApi: InstanceType<typeof MergeRequestNotes>;
  private readonly commitsApi: InstanceType<typeof Commits>;
  private readonly issuesApi: InstanceType<typeof Issues>;
  private readonly issueNotesApi: InstanceType<typeof IssueNotes>;
  private readonly issueLabelEventsApi: InstanceType<typeof IssueLabelEvents>;
  private readonly issueStateEventsApi: InstanceType<typeof IssueStateEvents>;
  private readonly repositoryFilesApi: InstanceType<typeof RepositoryFiles>;
  private readonly branchesApi: InstanceType<typeof Branches>;
  private requests = 0;

  constructor(options: GitLabClientOptions) {
    this.apiUrl = options.apiUrl.replace(/\/+$/, '');
    if (!this.apiUrl.endsWith('/api/v4')) throw new Error(`GitLab API URL must end with /api/v4 (got ${this.apiUrl})`);
    this.projectId = options.projectId;
    this.token = options.token;
    this.perPage = Math.min(MAX_PER_PAGE, Math.max(1, options.perPage ?? MAX_PER_PAGE));
    const requesterFn = retryingRequesterFn({
      policy: { ...DEFAULT_RETRY_POLICY, ...options.retry },
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      onRetry: options.onRetry,
      onRequest: () => void this.requests++,
    });
    // gitbeaker wants the server URL and appends /api/v4 itself (§2.1).
    const resourceOptions = { host: this.apiUrl.slice(0, -'/api/v4'.length), token: options.token, requesterFn };
    this.usersApi = new Users(resourceOptions);
    this.mergeRequestsApi = new MergeRequests(resourceOptions);
    this.mergeRequestNotesApi = new MergeRequestNotes(resourceOptions);
    this.commitsApi = new Commits(resourceOptions);
    this.issuesApi = new Issues(resourceOptions);
    this.issueNotesApi = new IssueNotes(resourceOptions);
    this.issueLabelEventsApi = new IssueLabelEvents(resourceOptions);
    this.issueStateEventsApi = new IssueStateEvents(resourceOptions);
    this.repositoryFilesApi = new RepositoryFiles(resourceOptions);
    this.branchesApi = new Branches(resourceOptions);
  }

  /** HTTP requests sent so far, retries and extra pages included. */
  get requestCount(): number {
    return this.requests;
  }

  /**
   * The user the token acts as: for a project access token, its bot user, which is a
   * new user each time a new token replaces the old one (GitLab doc/api/users.md,
   * "Get the current user": `GET /user`).
   */
  currentUser(): Promise<GitLabUser> {
    return this.call({ method: 'GET', path: 'user' }, () => this.usersApi.showCurrentUser(), toUser);
  }

  /** One merge request; its `sha` is the head commit of the source branch (§1.4). */
  mergeRequest(mergeRequestIid: number): Promise<GitLabMergeRequest> {
    return this.call(
      { method: 'GET', path: this.projectPath(`merge_requests/${mergeRequestIid}`) },
      () => this.mergeRequestsApi.show(this.projectId, mergeRequestIid),
      toMergeRequest,
    );
  }

  /**
   * Every file the merge request changes, every page (§1.3 "List diffs", the
   * endpoint that replaced the deprecated `…/changes`; gitbeaker's allDiffs, §2.3).
   */
  mergeRequestChangedFiles(mergeRequestIid: number): Promise<GitLabChangedFile[]> {
    return this.call(
      { method: 'GET', path: this.projectPath(`merge_requests/${mergeRequestIid}/diffs`) },
      () => this.mergeRequestsApi.allDiffs(this.projectId, mergeRequestIid, { perPage: this.perPage }),
      (raw, origin) => list(raw, origin, toChangedFile),
    );
  }

  /** Every note of the merge request, oldest first, system notes included. */
  mergeRequestNotes(mergeRequestIid: number): Promise<GitLabNote[]> {
    return this.call(
      { method: 'GET', path: this.projectPath(`merge_requests/${mergeRequestIid}/notes`) },
      () => this.mergeRequestNotesApi.all(this.projectId, mergeRequestIid, { perPage: this.perPage, sort: 'asc', orderBy: 'created_at' }),
      (raw, origin) => list(raw, origin, toNote),
    );
  }

  createMergeRequestNote(mergeRequestIid: number, body: string): Promise<GitLabNote> {
    return this.call(
      { method: 'POST', path: this.projectPath(`merge_requests/${mergeRequestIid}/notes`) },
      () => this.mergeRequestNotesApi.create(this.projectId, mergeRequestIid, body),
      toNote,
    );
  }

  editMergeRequestNote(mergeRequestIid: number, noteId: number, body: string): Promise<GitLabNote> {
    return this.call(
      { method: 'PUT', path: this.projectPath(`merge_requests/${mergeRequestIid}/notes/${noteId}`) },
      () => this.mergeRequestNotesApi.edit(this.projectId, mergeRequestIid, noteId, { body }),
      toNote,
    );
  }

  /** Merge requests GitLab relates to the commit: the one that introduced it, open ones containing it. */
  mergeRequestsForCommit(sha: string): Promise<GitLabMergeRequest[]> {
    return this.call(
      { method: 'GET', path: this.projectPath(`repository/commits/${encodeURIComponent(sha)}/merge_requests`) },
      () => this.commitsApi.allMergeRequests(this.projectId, sha, { perPage: this.perPage }),
      (raw, origin) => list(raw, origin, toMergeRequest),
    );
  }

  issues(query: IssueQuery = {}): Promise<GitLabIssue[]> {
    return this.call(
      { method: 'GET', path: this.projectPath('issues') },
      () =>
        this.issuesApi.all({
          projectId: this.projectId,
          perPage: this.perPage,
          ...(query.labels?.length ? { labels: query.labels.join(',') } : {}),
          ...(query.state ? { state: query.state } : {}),
          ...(query.search ? { search: query.search } : {}),
        }),
      (raw, origin) => list(raw, origin, toIssue),
    );
  }

  /** One issue by its iid. gitbeaker's Issues.show takes the iid first and the project in its options (§2.3). */
  issue(issueIid: number): Promise<GitLabIssue> {
    return this.call(
      { method: 'GET', path: this.projectPath(`issues/${issueIid}`) },
      () => this.issuesApi.show(issueIid, { projectId: this.projectId }),
      toIssue,
    );
  }

  createIssue(issue: NewIssue): Promise<GitLabIssue> {
    return this.call(
      { method: 'POST', path: this.projectPath('issues') },
      () =>
        this.issuesApi.create(this.projectId, issue.title, {
          description: issue.description,
          ...(issue.labels?.length ? { labels: issue.labels.join(',') } : {}),
          ...(issue.confidential !== undefined ? { confidential: issue.confidential } : {}),
        }),
      toIssue,
    );
  }

  editIssue(issueIid: number, edit: IssueEdit): Promise<GitLabIssue> {
    const stateEvent = edit.state_event ?? edit.stateEvent;
    return this.call(
      { method: 'PUT', path: this.projectPath(`issues/${issueIid}`) },
      () =>
        this.issuesApi.edit(this.projectId, issueIid, {
          ...(edit.title !== undefined ? { title: edit.title } : {}),
          ...(edit.description !== undefined ? { description: edit.description } : {}),
          ...(edit.labels !== undefined ? { labels: edit.labels.join(',') } : {}),
          ...(edit.add_labels?.length ? { addLabels: edit.add_labels.join(',') } : {}),
          ...(edit.remove_labels?.length ? { removeLabels: edit.remove_labels.join(',') } : {}),
          ...(stateEvent ? { stateEvent } : {}),
          ...(edit.confidential !== undefined ? { confidential: edit.confidential } : {}),
        }),
      toIssue,
    );
  }

  /**
   * Every label event of the issue, every page, oldest first (GitLab lists them in the order
   * they happened; doc/api/resource_label_events.md). Events of labels deleted since are left
   * out (shapes.ts toLabelEvent).
   */
  issueLabelEvents(issueIid: number): Promise<GitLabLabelEvent[]> {
    return this.call(
      { method: 'GET', path: this.projectPath(`issues/${issueIid}/resource_label_events`) },
      () => this.issueLabelEventsApi.all(this.projectId, issueIid, { perPage: this.perPage }),
      (raw, origin) => list(raw, origin, toLabelEvent).filter((event): event is GitLabLabelEvent => event !== null),
    );
  }

  /**
   * Every time the issue was closed or reopened, by whom, oldest first (GitLab 15.4+ records
   * these as resource state events, not notes: doc/api/resource_state_events.md).
   */
  issueStateEvents(issueIid: number): Promise<GitLabStateEvent[]> {
    return this.call(
      { method: 'GET', path: this.projectPath(`issues/${issueIid}/resource_state_events`) },
      () => this.issueStateEventsApi.all(this.projectId, issueIid, { perPage: this.perPage }),
      (raw, origin) => list(raw, origin, toStateEvent),
    );
  }

  /** Every note of the issue, oldest first, system notes included (§1.6). */
  issueNotes(issueIid: number): Promise<GitLabNote[]> {
    return this.call(
      { method: 'GET', path: this.projectPath(`issues/${issueIid}/notes`) },
      () => this.issueNotesApi.all(this.projectId, issueIid, { perPage: this.perPage, sort: 'asc', orderBy: 'created_at' }),
      (raw, origin) => list(raw, origin, toNote),
    );
  }

  createIssueNote(issueIid: number, body: string): Promise<GitLabNote> {
    return this.call(
      { method: 'POST', path: this.projectPath(`issues/${issueIid}/notes`) },
      () => this.issueNotesApi.create(this.projectId, issueIid, body),
      toNote,
    );
  }

  /** Only the note's author may edit it: GitLab answers 403 to anyone else. */
  editIssueNote(issueIid: number, noteId: number, body: string): Promise<GitLabNote> {
    return this.call(
      { method: 'PUT', path: this.projectPath(`issues/${issueIid}/notes/${noteId}`) },
      () => this.issueNotesApi.edit(this.projectId, issueIid, noteId, { body }),
      toNote,
    );
  }

  /**
   * A file at a branch, tag or commit, decoded; null when the ref has no such file
   * (`404 File Not Found`, lib/api/files.rb). A ref that does not exist (`404 Commit Not
   * Found`) or a project that cannot be seen is an error, not an absent file.
   */
  async repositoryFile(path: string, ref: string): Promise<GitLabRepositoryFile | null> {
    try {
      return await this.call(
        { method: 'GET', path: this.projectPath(`repository/files/${encodeURIComponent(path)}`) },
        () => this.repositoryFilesApi.show(this.projectId, path, ref),
        toRepositoryFile,
      );
    } catch (error) {
      if (isNotFound(error, 'File')) return null;
      throw error;
    }
  }

  /** A branch and its head commit; null when there is no such branch (`404 Branch Not Found`, §1.7). */
  async branch(name: string): Promise<GitLabBranch | null> {
    try {
      return await this.call(
        { method: 'GET', path: this.projectPath(`repository/branches/${encodeURIComponent(name)}`) },
        () => this.branchesApi.show(this.projectId, name),
        toBranch,
      );
    } catch (error) {
      if (isNotFound(error, 'Branch')) return null;
      throw error;
    }
  }

  /**
   * One atomic commit of file actions (§1.8). GitLab refuses it whole with a 400 when a
   * `create` names an existing file ("A file with this name already exists"), an update or
   * delete a missing one ("A file with this name doesn't exist"), or `branch` exists already
   * while `start_branch` names another one. Never retried after a 5xx (retry.ts): it may have landed.
   */
  createCommit(commit: NewCommit): Promise<GitLabCommit> {
    // gitbeaker turns option keys into snake_case recursively, `filePath` → `file_path` inside actions too (§2.2).
    const actions = commit.actions.map((action) => ({
      action: action.action,
      filePath: action.file_path,
      ...('content' in action ? { content: action.content } : {}),
      ...(action.last_commit_id ? { lastCommitId: action.last_commit_id } : {}),
    }));
    return this.call(
      { method: 'POST', path: this.projectPath('repository/commits') },
      () => this.commitsApi.create(this.projectId, commit.branch, commit.commit_message, actions, commit.start_branch ? { startBranch: commit.start_branch } : {}),
      toCommit,
    );
  }

  /** Merge requests of the project by source/target branch and state, newest first, every page (§1.4). */
  mergeRequests(query: MergeRequestQuery = {}): Promise<GitLabMergeRequest[]> {
    return this.call(
      { method: 'GET', path: this.projectPath('merge_requests') },
      () =>
        this.mergeRequestsApi.all({
          projectId: this.projectId,
          perPage: this.perPage,
          ...(query.source_branch ? { sourceBranch: query.source_branch } : {}),
          ...(query.target_branch ? { targetBranch: query.target_branch } : {}),
          ...(query.state ? { state: query.state } : {}),
        }),
      (raw, origin) => list(raw, origin, toMergeRequest),
    );
  }

  /**
   * Opens a merge request. An open one from the same source to the same target branch makes
   * GitLab answer 409 "Another open merge request already exists for this source branch: !N"
   * (§1.4): a GitLabApiError with status 409. Look first with `mergeRequests({ source_branch,
   * state: 'opened' })` to reuse it.
   */
  createMergeRequest(mergeRequest: NewMergeRequest): Promise<GitLabMergeRequest> {
    return this.call(
      { method: 'POST', path: this.projectPath('merge_requests') },
      () =>
        this.mergeRequestsApi.create(this.projectId, mergeRequest.source_branch, mergeRequest.target_branch, mergeRequest.title, {
          description: mergeRequest.description,
          ...(mergeRequest.labels?.length ? { labels: mergeRequest.labels.join(',') } : {}),
          ...(mergeRequest.remove_source_branch !== undefined ? { removeSourceBranch: mergeRequest.remove_source_branch } : {}),
        }),
      toMergeRequest,
    );
  }

  private projectPath(rest: string): string {
    return `projects/${encodeURIComponent(String(this.projectId))}/${rest}`;
  }

  private async call<T>(origin: Origin, send: () => Promise<unknown>, check: (raw: unknown, origin: Origin) => T): Promise<T> {
    let raw: unknown;
    try {
      raw = await send();
    } catch (error) {
      const converted = toGitLabError(error, origin.method, origin.path);
      // Belt and braces: nothing we build contains the token, but a message must never show it.
      if (this.token && converted.message.includes(this.token)) converted.message = converted.message.split(this.token).join('[redacted]');
      throw converted;
    }
    return check(raw, origin);
  }
}

/** GitLab's `not_found!(what)`: 404 `{"message":"404 <what> Not Found"}`, told apart from other 404s (project, ref). */
function isNotFound(error: unknown, what: string): boolean {
  if (!(error instanceof GitLabApiError) || error.status !== 404) return false;
  const body = error.body as { message?: unknown } | null;
  return typeof body === 'object' && body !== null && body.message === `404 ${what} Not Found`;
}
