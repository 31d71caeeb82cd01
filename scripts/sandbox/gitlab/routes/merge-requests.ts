/**
 * Merge requests: list (state, source_branch, target_branch, labels), create from a branch
 * of the sandbox repository, one by iid, the files it changes (`…/:iid/diffs`), and those
 * related to a commit (`GET /projects/:id/repository/commits/:sha/merge_requests`, GitLab's
 * commits API: "the merge request that originally introduced a specific commit"). The
 * sandbox relates a merge request to a commit when the commit is one of its commits, or its
 * merge or squash commit. Offset-paginated like every list (../shared/reference/gitlab-api.md §1.4).
 */
import { diffEntry, mergeRequestEntity } from '../entities.ts';
import { ApiError, invalidParam, notFound, type ApiRequest, type Route } from '../http.ts';
import { paginate } from '../pagination.ts';
import type { SandboxMergeRequest } from '../state.ts';
import { DESCRIPTION_LIMIT, labelList } from './issues.ts';
import { integerParam, requireProject } from './project.ts';

const STATES = ['opened', 'closed', 'locked', 'merged', 'all'];

export function mergeRequestRoutes(): Route[] {
  return [
    {
      method: 'GET',
      pattern: 'projects/:id/merge_requests',
      handler: (request) => {
        requireProject(request);
        const page = paginate(filterMergeRequests(request.store.allMergeRequests(), request), request.url);
        return { status: 200, body: page.items.map((m) => mergeRequestEntity(m, request.store, request.url.origin)), headers: page.headers };
      },
    },
    {
      method: 'POST',
      pattern: 'projects/:id/merge_requests',
      handler: (request) => {
        requireProject(request);
        const created = request.store.openMergeRequest({ ...checkedCreate(request), authorId: request.user.id });
        return { status: 201, body: mergeRequestEntity(created, request.store, request.url.origin) };
      },
    },
    {
      method: 'GET',
      pattern: 'projects/:id/merge_requests/:merge_request_iid',
      handler: (request) => {
        requireProject(request);
        const mr = request.store.mergeRequest(integerParam(request, 'merge_request_iid'));
        if (!mr) throw notFound('Merge Request');
        return { status: 200, body: mergeRequestEntity(mr, request.store, request.url.origin) };
      },
    },
    {
      // §1.3 "List diffs": the changed files, offset-paginated (per_page default 20).
      method: 'GET',
      pattern: 'projects/:id/merge_requests/:merge_request_iid/diffs',
      handler: (request) => {
        requireProject(request);
        const mr = request.store.mergeRequest(integerParam(request, 'merge_request_iid'));
        if (!mr) throw notFound('Merge Request');
        const page = paginate(mr.diffs, request.url);
        return { status: 200, body: page.items.map(diffEntry), headers: page.headers };
      },
    },
    {
      method: 'GET',
      pattern: 'projects/:id/repository/commits/:sha/merge_requests',
      handler: (request) => {
        requireProject(request);
        const related = request.store.mergeRequestsForCommit(request.params.sha);
        if (related.length === 0 && !/^[0-9a-f]{7,64}$/i.test(request.params.sha)) throw notFound('Commit');
        const state = request.query.get('state');
        const page = paginate(state ? related.filter((m) => m.state === state) : related, request.url);
        return { status: 200, body: page.items.map((m) => mergeRequestEntity(m, request.store, request.url.origin)), headers: page.headers };
      },
    },
  ];
}

/**
 * The create checks in GitLab's order: Grape's required params (400 `error`), then
 * MergeRequests::BuildService (`errors[:base]`, 422 with a message array), then the model's
 * validate_branches: an open merge request from the same source to the same target branch
 * is 409 `{"message":["Another open merge request already exists for this source branch: !N"]}`
 * (lib/api/merge_requests.rb handle_merge_request_errors!; app/models/merge_request.rb).
 */
function checkedCreate(request: ApiRequest) {
  const required = ['source_branch', 'target_branch', 'title'];
  const missing = required.filter((name) => typeof request.input[name] !== 'string' || request.input[name] === '');
  if (missing.length > 0) throw invalidParam(missing.map((name) => `${name} is missing`).join(', '));
  const sourceBranch = String(request.input.source_branch);
  const targetBranch = String(request.input.target_branch);
  const title = String(request.input.title);
  const description = typeof request.input.description === 'string' ? request.input.description : '';
  if (description.length > DESCRIPTION_LIMIT) throw new ApiError(400, { message: { description: [`is too long (maximum is ${DESCRIPTION_LIMIT} characters)`] } });
  if (sourceBranch === targetBranch) throw new ApiError(422, { message: ["You can't use same project/branch for source and target"] });
  const { repository } = request.store;
  const missingBranches = [
    !repository.head(sourceBranch) && `Source branch "${sourceBranch}" does not exist`,
    !repository.head(targetBranch) && `Target branch "${targetBranch}" does not exist`,
  ].filter((m): m is string => typeof m === 'string');
  if (missingBranches.length > 0) throw new ApiError(422, { message: missingBranches });
  const open = request.store.allMergeRequests().find((m) => m.state === 'opened' && m.source_branch === sourceBranch && m.target_branch === targetBranch);
  if (open) throw new ApiError(409, { message: [`Another open merge request already exists for this source branch: !${open.iid}`] });
  const removeSourceBranch = request.input.remove_source_branch === true || request.input.remove_source_branch === 'true';
  return { sourceBranch, targetBranch, title, description, labels: labelList(request.input.labels), removeSourceBranch };
}

/** §1.4 list: `state` (default all), `source_branch`, `target_branch`, `labels` (all must match); newest first. */
function filterMergeRequests(all: SandboxMergeRequest[], request: ApiRequest): SandboxMergeRequest[] {
  const state = request.query.get('state') ?? 'all';
  if (!STATES.includes(state)) throw invalidParam('state does not have a valid value');
  const source = request.query.get('source_branch');
  const target = request.query.get('target_branch');
  const labels = labelList(request.query.get('labels') ?? undefined);
  return all
    .filter((m) => state === 'all' || m.state === state)
    .filter((m) => source === null || m.source_branch === source)
    .filter((m) => target === null || m.target_branch === target)
    .filter((m) => labels.every((l) => m.labels.includes(l)))
    .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id);
}
