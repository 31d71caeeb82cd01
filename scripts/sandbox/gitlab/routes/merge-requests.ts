/**
 * Merge requests: one by iid, the files it changes (`…/:iid/diffs`), and those related to a commit
 * (`GET /projects/:id/repository/commits/:sha/merge_requests`, GitLab's commits API:
 * "the merge request that originally introduced a specific commit"). The sandbox relates
 * a merge request to a commit when the commit is one of its commits, or its merge or
 * squash commit. Offset-paginated like every list.
 */
import { diffEntry, mergeRequestEntity } from '../entities.ts';
import { notFound, type Route } from '../http.ts';
import { paginate } from '../pagination.ts';
import { integerParam, requireProject } from './project.ts';

export function mergeRequestRoutes(): Route[] {
  return [
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
