/**
 * The repository: files (../shared/reference/gitlab-api.md §1.9; gitlabhq lib/api/files.rb),
 * branches (§1.7) and multi-file commits (§1.8). Paths and branch names arrive URL-encoded
 * in one segment (`config%2Forganizations%2Facme.yaml`, `request%2F12-form`), as gitbeaker
 * sends them; GitLab also accepts a raw `/` in a branch name, the sandbox does not.
 */
import { branchEntity, commitEntity, fileEntity } from '../entities.ts';
import { ApiError, invalidParam, notFound, type ApiRequest, type Route } from '../http.ts';
import { paginate } from '../pagination.ts';
import type { CommitAction } from '../repository.ts';
import { requireProject } from './project.ts';

const ACTIONS = ['create', 'delete', 'move', 'update', 'chmod'];

export function repositoryRoutes(): Route[] {
  return [
    {
      method: 'GET',
      pattern: 'projects/:id/repository/files/:file_path',
      handler: (request) => {
        const ref = request.input.ref;
        if (ref === undefined || ref === '') throw invalidParam('ref is missing');
        const { path, content, commit } = file(request, String(ref));
        return { status: 200, body: fileEntity(path, content, String(ref), commit, request.store) };
      },
    },
    {
      // `ref` is optional here (default: the default branch); text comes back as text/plain,
      // so gitbeaker's showRaw yields a string (§2.6).
      method: 'GET',
      pattern: 'projects/:id/repository/files/:file_path/raw',
      handler: (request) => {
        const ref = typeof request.input.ref === 'string' && request.input.ref !== '' ? request.input.ref : request.store.repository.defaultBranch;
        return { status: 200, body: file(request, ref).content };
      },
    },
    {
      method: 'GET',
      pattern: 'projects/:id/repository/branches',
      handler: (request) => {
        requireProject(request);
        const { repository } = request.store;
        const search = typeof request.input.search === 'string' ? request.input.search.toLowerCase() : '';
        const names = repository.branchNames().filter((name) => name.toLowerCase().includes(search));
        const page = paginate(names, request.url);
        const body = page.items.map((name) => branchEntity(name, repository.head(name)!, request.store));
        return { status: 200, body, headers: page.headers };
      },
    },
    {
      method: 'GET',
      pattern: 'projects/:id/repository/branches/:branch',
      handler: (request) => {
        requireProject(request);
        const head = request.store.repository.head(request.params.branch);
        if (!head) throw notFound('Branch');
        return { status: 200, body: branchEntity(request.params.branch, head, request.store) };
      },
    },
    {
      method: 'POST',
      pattern: 'projects/:id/repository/branches',
      handler: (request) => {
        requireProject(request);
        requireStrings(request, ['branch', 'ref']);
        const name = String(request.input.branch);
        const created = request.store.repository.createBranch(name, String(request.input.ref));
        if (!created.ok) throw new ApiError(400, { message: created.message });
        return { status: 201, body: branchEntity(name, created.value, request.store) };
      },
    },
    {
      method: 'POST',
      pattern: 'projects/:id/repository/commits',
      handler: (request) => {
        requireProject(request);
        requireStrings(request, ['branch', 'commit_message', 'actions']);
        const startBranch = request.input.start_branch;
        if (request.input.start_sha !== undefined) throw invalidParam('start_sha is not supported by the sandbox; use start_branch');
        const result = request.store.repository.createCommit({
          branch: String(request.input.branch),
          startBranch: typeof startBranch === 'string' && startBranch !== '' ? startBranch : undefined,
          message: String(request.input.commit_message),
          actions: commitActions(request.input.actions),
          authorId: request.user.id,
          at: request.store.now(),
          force: request.input.force === true || request.input.force === 'true',
        });
        // lib/api/commits.rb: `render_api_error!(result[:message], 400)`.
        if (!result.ok) throw new ApiError(400, { message: result.message });
        return { status: 201, body: commitEntity(result.value, request.store) };
      },
    },
  ];
}

/** lib/api/files.rb assign_file_vars!: an unknown ref is `404 Commit Not Found`, a missing file `404 File Not Found`. */
function file(request: ApiRequest, ref: string) {
  requireProject(request);
  const { repository } = request.store;
  const commit = repository.resolve(ref);
  if (!commit) throw notFound('Commit');
  const path = request.params.file_path;
  const content = repository.fileAt(commit.id, path);
  if (content === undefined) throw notFound('File');
  return { path, content, commit };
}

/** Grape's `requires`: every missing one named in one `{"error": "a is missing, b is missing"}`. */
function requireStrings(request: ApiRequest, names: string[]): void {
  const missing = names.filter((name) => request.input[name] === undefined || request.input[name] === null);
  if (missing.length > 0) throw invalidParam(missing.map((name) => `${name} is missing`).join(', '));
}

/**
 * `actions[]` as lib/api/commits.rb declares it: `action` one of create/delete/move/update/chmod,
 * `file_path` required, `content` for create/update, `encoding` text or base64. The sandbox
 * refuses move and chmod, which the tool never sends.
 */
function commitActions(raw: unknown): CommitAction[] {
  if (!Array.isArray(raw) || raw.length === 0) throw invalidParam('actions is empty');
  return raw.map((item: unknown, i): CommitAction => {
    const action = item && typeof item === 'object' ? (item as Record<string, unknown>) : {};
    const field = (name: string) => `actions[${i}][${name}]`;
    if (typeof action.action !== 'string' || !ACTIONS.includes(action.action)) throw invalidParam(`${field('action')} does not have a valid value`);
    if (typeof action.file_path !== 'string' || action.file_path === '') throw invalidParam(`${field('file_path')} is missing`);
    const lastCommitId = typeof action.last_commit_id === 'string' ? action.last_commit_id : undefined;
    if (action.action === 'delete') return { action: 'delete', file_path: action.file_path, last_commit_id: lastCommitId };
    if (action.action !== 'create' && action.action !== 'update') throw invalidParam(`${field('action')} '${action.action}' is not supported by the sandbox`);
    if (typeof action.content !== 'string') throw invalidParam(`${field('content')} is missing`);
    const encoding = action.encoding ?? 'text';
    if (encoding !== 'text' && encoding !== 'base64') throw invalidParam(`${field('encoding')} does not have a valid value`);
    const content = encoding === 'base64' ? Buffer.from(action.content, 'base64').toString('utf8') : action.content;
    return { action: action.action, file_path: action.file_path, content, last_commit_id: lastCommitId };
  });
}
