/**
 * The GitLab sandbox: a loopback HTTP server speaking the slice of GitLab's REST API v4
 * the pipeline uses (see README.md), so tests drive the real @gitbeaker/rest client over
 * HTTP. Each call builds its own store; nothing is shared between instances.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readBody } from '../readBody.ts';
import type { AddressInfo } from 'node:net';
import { FaultInjector, type FaultSpec } from '../zendesk/faults.ts';
import { ApiError, matchRoute, type ApiResponse, type Route } from './http.ts';
import { issueRoutes } from './routes/issues.ts';
import { mergeRequestRoutes } from './routes/merge-requests.ts';
import { noteRoutes } from './routes/notes.ts';
import { projectRoutes } from './routes/project.ts';
import { repositoryRoutes } from './routes/repository.ts';
import { userRoutes } from './routes/user.ts';
import type {
  GitLabSandboxState,
  IssueSeed,
  MergeRequestSeed,
  NoteSeed,
  NoteTarget,
  SandboxIssue,
  SandboxMergeRequest,
  SandboxNote,
  SandboxProject,
  SandboxUser,
} from './state.ts';
import { GitLabStore, type LabelChange } from './store.ts';

export type { FaultSpec } from '../zendesk/faults.ts';
export type * from './state.ts';

export const DEFAULT_GITLAB_TOKEN = 'sandbox-gitlab-token';

export interface GitLabSandboxOptions {
  /** Default 0 (ephemeral); the host is always 127.0.0.1. */
  port?: number;
  /** The first access token accepted, as PRIVATE-TOKEN or Authorization: Bearer; `addToken` adds more. */
  token?: string;
  project?: { id?: number; path?: string };
  /** The default branch `main` starts with these files (path → content). */
  files?: Record<string, string>;
  /** The sandbox clock, ms since the epoch (default Date.now): timestamps of notes, label events, commits. */
  now?: () => number;
}

export interface LabelOptions {
  /** Who adds or removes it, as a username; unknown names become users. Default: `alex.support`. */
  as?: string;
}

export interface GitLabSandbox {
  /** The API base, `http://127.0.0.1:PORT/api/v4` — what CI_API_V4_URL holds in a job. */
  url: string;
  /** The first token; its user is the bot `project_<id>_bot`. */
  token: string;
  project: SandboxProject;
  /**
   * A new project access token. GitLab creates a new bot user for each one, so after a
   * rotation (new token, old one revoked) the notes of the old token's user are no
   * longer the token's own. `username` defaults to `project_<id>_bot_<n>`.
   */
  addToken(token: string, user?: { username?: string; name?: string }): SandboxUser;
  /** The token is refused (401) from now on; its user and their notes stay. */
  revokeToken(token: string): void;
  /** A human, e.g. an approver; `tokenFor` lets a test act as them through the API. */
  addUser(user: { username: string; name?: string }): SandboxUser;
  /** An access token acting as that user (made if unknown), the same token on every call. */
  tokenFor(username: string): string;
  addMergeRequest(seed: MergeRequestSeed): SandboxMergeRequest;
  /** Its labels are added by its author (`author`, default `alex.support`), with label events. */
  addIssue(seed: IssueSeed): SandboxIssue;
  /** Someone adds a label in the UI: a scoped label replaces its sibling; label events by that user. */
  labelIssue(issueIid: number, label: string, options?: LabelOptions): SandboxIssue;
  /** Someone removes a label in the UI, with a label event by that user. */
  unlabelIssue(issueIid: number, label: string, options?: LabelOptions): SandboxIssue;
  addNote(target: NoteTarget, seed: NoteSeed): SandboxNote;
  /** A file's content on a branch (or at a commit id), undefined when it is not there. */
  fileAt(ref: string, path: string): string | undefined;
  /** Commits files onto a branch as a human would push them (null deletes); a new branch starts from `main`. */
  pushFiles(branch: string, files: Record<string, string | null>, options?: { as?: string }): void;
  /** Branch name → head commit id. */
  branches(): Record<string, string>;
  state(): GitLabSandboxState;
  /** Paths are matched as requested (`/api/v4/projects/1001/issues`) or as the route (`/api/v4/projects/:id/issues`). */
  injectFault(fault: FaultSpec): void;
  clearFaults(): void;
  /** Keys like `GET /api/v4/projects/:id/merge_requests/:noteable_iid/notes`. */
  requestCounts(): Record<string, number>;
  resetRequestCounts(): void;
  close(): Promise<void>;
}

const API_PREFIX = '/api/v4';
const ROUTES: Route[] = [...userRoutes(), ...projectRoutes(), ...noteRoutes(), ...mergeRequestRoutes(), ...issueRoutes(), ...repositoryRoutes()];

export async function startGitLabSandbox(options: GitLabSandboxOptions = {}): Promise<GitLabSandbox> {
  const token = options.token ?? DEFAULT_GITLAB_TOKEN;
  const projectId = options.project?.id ?? 1001;
  const path = options.project?.path ?? 'support/zendesk-config';
  const store = new GitLabStore({
    project: { id: projectId, path_with_namespace: path, web_url: `https://gitlab.example.com/${path}` },
    // Project access tokens act as a bot user named after the project (§1.1).
    tokenUser: { id: 1, username: `project_${projectId}_bot`, name: 'Zendesk GitOps' },
    files: options.files,
    now: options.now,
  });
  /** Token → the user it acts as. */
  const tokens = new Map<string, SandboxUser>([[token, store.tokenUser]]);
  const faults = new FaultInjector();
  let counts: Record<string, number> = {};

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? '127.0.0.1'}`);
    const rawBody = await readBody(request);
    if (url.pathname !== API_PREFIX && !url.pathname.startsWith(`${API_PREFIX}/`)) return send(response, { status: 404, body: { error: '404 Not Found' } });

    // Split before decoding: a project path arrives as one segment, `group%2Fproject`.
    const segments = url.pathname.slice(API_PREFIX.length + 1).replace(/\/+$/, '').split('/');
    const match = matchRoute(ROUTES, method, segments);
    const normalizedPath = `${API_PREFIX}/${match ? match.route.pattern : segments.join('/')}`;
    counts[`${method} ${normalizedPath}`] = (counts[`${method} ${normalizedPath}`] ?? 0) + 1;

    const fault = faults.take({ method, path: url.pathname.replace(/\/+$/, ''), normalizedPath });
    if (fault?.status === 'drop') return void request.socket.destroy();
    if (fault) return send(response, faultResponse(fault));
    const user = authenticatedUser(request, tokens);
    if (!user) return send(response, { status: 401, body: { message: '401 Unauthorized' } });
    if (!match) return send(response, { status: 404, body: { error: '404 Not Found' } });

    try {
      const input = { ...Object.fromEntries(url.searchParams), ...parseBody(rawBody, request.headers['content-type']) };
      send(response, match.route.handler({ method, params: match.params, input, query: url.searchParams, url, user, store }));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      send(response, { status: error.status, body: error.body });
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error('[gitlab sandbox] request failed:', error);
      if (!response.headersSent) send(response, { status: 500, body: { message: '500 Internal Server Error' } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  function changeLabel(iid: number, change: LabelChange, labelOptions: LabelOptions): SandboxIssue {
    const issue = store.issue(iid);
    if (!issue) throw new Error(`no sandbox issue #${iid}`);
    if (store.changeLabels(issue, change, store.userNamed(labelOptions.as ?? 'alex.support').id)) store.touchIssue(issue);
    return structuredClone(issue);
  }

  return {
    url: `http://127.0.0.1:${port}${API_PREFIX}`,
    token,
    project: store.project,
    addToken(newToken, seed = {}) {
      if (tokens.has(newToken)) throw new Error('that token exists already');
      const user = store.addUser({ username: seed.username ?? `project_${projectId}_bot_${tokens.size + 1}`, name: seed.name ?? 'Zendesk GitOps' });
      tokens.set(newToken, user);
      return structuredClone(user);
    },
    revokeToken: (old) => void tokens.delete(old),
    addUser: (seed) => structuredClone(store.addUser(seed)),
    tokenFor(username) {
      const user = store.userNamed(username);
      const token = `sandbox-token-${user.username}`;
      tokens.set(token, user);
      return token;
    },
    addMergeRequest: (seed) => store.addMergeRequest(seed),
    addIssue: (seed) => structuredClone(store.addIssue(seed)),
    labelIssue: (iid, label, labelOptions = {}) => changeLabel(iid, { add: [label] }, labelOptions),
    unlabelIssue: (iid, label, labelOptions = {}) => changeLabel(iid, { remove: [label] }, labelOptions),
    addNote: (target, seed) => structuredClone(store.addNote(target, seed)),
    fileAt: (ref, path) => store.repository.fileAt(ref, path),
    pushFiles(branch, files, pushOptions = {}) {
      store.repository.write(branch, files, store.userNamed(pushOptions.as ?? 'alex.support').id, store.now());
    },
    branches: () => store.repository.snapshot().branches,
    state: () => store.snapshot(),
    injectFault: (fault) => faults.inject(fault),
    clearFaults: () => faults.clear(),
    requestCounts: () => ({ ...counts }),
    resetRequestCounts: () => {
      counts = {};
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** §1.1: personal/project access tokens as PRIVATE-TOKEN or Authorization: Bearer; the user the token acts as. */
function authenticatedUser(request: IncomingMessage, tokens: ReadonlyMap<string, SandboxUser>): SandboxUser | undefined {
  const privateToken = request.headers['private-token'];
  if (typeof privateToken === 'string') return tokens.get(privateToken);
  const [scheme, value] = (request.headers.authorization ?? '').trim().split(/\s+/, 2);
  return scheme?.toLowerCase() === 'bearer' && value !== undefined ? tokens.get(value) : undefined;
}

/** §1.12: a throttled request gets 429, plain text `Retry later`, Retry-After and RateLimit-* headers. */
function faultResponse(fault: FaultSpec): ApiResponse {
  if (fault.status === 429) {
    const retryAfter = fault.retryAfterSeconds ?? 1;
    return {
      status: 429,
      body: 'Retry later\n',
      headers: {
        'Retry-After': String(retryAfter),
        'RateLimit-Name': 'throttle_authenticated_api',
        'RateLimit-Limit': '2000',
        'RateLimit-Observed': '2001',
        'RateLimit-Remaining': '0',
        'RateLimit-Reset': String(Math.ceil(Date.now() / 1000) + retryAfter),
        'RateLimit-ResetTime': new Date(Date.now() + retryAfter * 1000).toUTCString(),
      },
    };
  }
  const reason = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' }[fault.status as 500 | 502 | 503];
  return { status: fault.status as number, body: { message: `${fault.status} ${reason}` } };
}

/** GitLab's API takes JSON or form fields (curl --data) alike. */
function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw.trim() === '') return {};
  if (contentType?.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ApiError(400, { error: 'The request body is not valid JSON' });
  }
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}

/** JSON as application/json; a string body (the throttle's) as text/plain; 204 without a body. */
function send(response: ServerResponse, reply: ApiResponse): void {
  const headers = { ...reply.headers };
  if (reply.status === 204 || reply.body === undefined) {
    response.writeHead(reply.status, headers).end();
    return;
  }
  const text = typeof reply.body === 'string';
  const payload = text ? (reply.body as string) : JSON.stringify(reply.body);
  response
    .writeHead(reply.status, {
      ...headers,
      'Content-Type': text ? 'text/plain; charset=utf-8' : 'application/json',
      'Content-Length': String(Buffer.byteLength(payload)),
    })
    .end(payload);
}
