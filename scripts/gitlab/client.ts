/**
 * The one module that talks to GitLab, and only with what the pipeline needs: who the
 * token is, a merge request, the files it changes and its notes, the merge requests of a commit, and the
 * drift issue with its notes. It rides on @gitbeaker/rest (endpoints, option encoding, following the `Link`
 * header through every page, ../shared/reference/gitlab-api.md §2.4) with our own
 * request handler underneath (transport.ts) for retries that honour Retry-After and
 * for errors that never carry the token.
 */
import { Commits, IssueNotes, Issues, MergeRequestNotes, MergeRequests, Users } from '@gitbeaker/rest';
import { toGitLabError } from './errors.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.ts';
import {
  list,
  toChangedFile,
  toIssue,
  toMergeRequest,
  toNote,
  toUser,
  type GitLabChangedFile,
  type GitLabIssue,
  type GitLabMergeRequest,
  type GitLabNote,
  type GitLabUser,
  type Origin,
} from './shapes.ts';
import { retryingRequesterFn, type RetryInfo } from './transport.ts';

export type { GitLabChangedFile, GitLabIssue, GitLabMergeRequest, GitLabNote, GitLabUser } from './shapes.ts';
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

export interface IssueEdit {
  title?: string;
  description?: string;
  labels?: string[];
  stateEvent?: 'close' | 'reopen';
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

  createIssue(issue: { title: string; description: string; labels?: string[] }): Promise<GitLabIssue> {
    return this.call(
      { method: 'POST', path: this.projectPath('issues') },
      () =>
        this.issuesApi.create(this.projectId, issue.title, {
          description: issue.description,
          ...(issue.labels?.length ? { labels: issue.labels.join(',') } : {}),
        }),
      toIssue,
    );
  }

  editIssue(issueIid: number, edit: IssueEdit): Promise<GitLabIssue> {
    return this.call(
      { method: 'PUT', path: this.projectPath(`issues/${issueIid}`) },
      () =>
        this.issuesApi.edit(this.projectId, issueIid, {
          ...(edit.title !== undefined ? { title: edit.title } : {}),
          ...(edit.description !== undefined ? { description: edit.description } : {}),
          ...(edit.labels !== undefined ? { labels: edit.labels.join(',') } : {}),
          ...(edit.stateEvent ? { stateEvent: edit.stateEvent } : {}),
        }),
      toIssue,
    );
  }

  createIssueNote(issueIid: number, body: string): Promise<GitLabNote> {
    return this.call(
      { method: 'POST', path: this.projectPath(`issues/${issueIid}/notes`) },
      () => this.issueNotesApi.create(this.projectId, issueIid, body),
      toNote,
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
