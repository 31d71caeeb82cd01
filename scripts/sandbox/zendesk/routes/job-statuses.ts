/**
 * Reference §12: job statuses. Every GET of a job counts as a poll and moves it along
 * (see jobs.ts); the list shows jobs as they are without advancing them.
 */
import { ok, recordNotFound, type RouteHandler } from '../http.ts';
import { RESOURCES } from '../resources.ts';
import type { Route } from '../router.ts';
import { listHandler, render } from './crud.ts';

const def = RESOURCES.jobStatuses;

export function jobStatusRoutes(): Route[] {
  return [
    { method: 'GET', pattern: 'job_statuses', handler: listHandler(def) },
    { method: 'GET', pattern: 'job_statuses/:id', handler: show },
    { method: 'GET', pattern: 'job_statuses/show_many', handler: showMany },
  ];
}

const show: RouteHandler = (request, context) => {
  const job = context.jobs.poll(request.params.id);
  if (!job) throw recordNotFound();
  return ok({ job_status: render(def, job, request) });
};

/** Unknown ids are left out rather than failing the whole call. */
const showMany: RouteHandler = (request, context) => {
  const jobs = request.query
    .list('ids')
    .map((id) => context.jobs.poll(id))
    .filter((job) => job !== undefined);
  return ok({ job_statuses: jobs.map((job) => render(def, job, request)) });
};
