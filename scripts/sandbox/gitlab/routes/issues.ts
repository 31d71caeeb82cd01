/**
 * Project issues (../shared/reference/gitlab-api.md §1.5): list with state, labels (all
 * must match; `None`/`Any`), search (title and description, or `in`), newest first by
 * default; create (201, title required, `confidential`); edit (200) with description,
 * title, labels, add_labels, remove_labels, confidential and state_event close/reopen.
 * Like GitLab, closing, reopening and editing the description add system notes, and every
 * label added or removed (scoped labels replacing their sibling) is a label event by the
 * token's user, listed by `GET …/issues/:issue_iid/resource_label_events` in the order they
 * happened, offset-paginated (GitLab doc/api/resource_label_events.md, lib/api/resource_label_events.rb).
 */
import { issueEntity, labelEventEntity, stateEventEntity } from '../entities.ts';
import { ApiError, invalidParam, notFound, type ApiRequest, type Route } from '../http.ts';
import { paginate } from '../pagination.ts';
import type { SandboxIssue } from '../state.ts';
import { integerParam, requireProject } from './project.ts';

/** §3.6: descriptions are capped at 1,048,576 characters. */
export const DESCRIPTION_LIMIT = 1_048_576;
const EDITABLE = ['title', 'description', 'labels', 'add_labels', 'remove_labels', 'state_event', 'confidential'];

export function issueRoutes(): Route[] {
  const show = (request: ApiRequest, record: SandboxIssue, status = 200) => ({ status, body: issueEntity(record, request.store, request.url.origin) });
  return [
    {
      method: 'GET',
      pattern: 'projects/:id/issues',
      handler: (request) => {
        requireProject(request);
        const page = paginate(filterIssues(request.store.allIssues(), request), request.url);
        return { status: 200, body: page.items.map((i) => issueEntity(i, request.store, request.url.origin)), headers: page.headers };
      },
    },
    { method: 'GET', pattern: 'projects/:id/issues/:issue_iid', handler: (request) => show(request, issue(request)) },
    // Resource events (doc/api/resource_label_events.md, resource_state_events.md): who changed what, oldest first.
    eventsRoute('resource_label_events', (request, iid) => request.store.labelEventsOf(iid), labelEventEntity),
    eventsRoute('resource_state_events', (request, iid) => request.store.stateEventsOf(iid), stateEventEntity),
    {
      method: 'POST',
      pattern: 'projects/:id/issues',
      handler: (request) => {
        requireProject(request);
        const title = request.input.title;
        if (title === undefined || title === null) throw invalidParam('title is missing');
        if (typeof title !== 'string' || title.trim() === '') throw new ApiError(400, { message: { title: ["can't be blank"] } });
        const description = optionalString(request, 'description') ?? '';
        checkDescription(description);
        const confidential = optionalBoolean(request, 'confidential') ?? false;
        const created = request.store.addIssue({ title, description, labels: labelList(request.input.labels), confidential }, request.user.id);
        return show(request, created, 201);
      },
    },
    {
      method: 'PUT',
      pattern: 'projects/:id/issues/:issue_iid',
      handler: (request) => {
        const record = issue(request);
        if (!EDITABLE.some((key) => request.input[key] !== undefined)) {
          throw invalidParam(`${EDITABLE.join(', ')} are missing, at least one parameter must be provided`);
        }
        editIssue(request, record);
        return show(request, record);
      },
    },
  ];
}

function editIssue(request: ApiRequest, record: SandboxIssue): void {
  const { store, user } = request;
  const system = (body: string) => store.createNote({ type: 'Issue', iid: record.iid }, body, user.id, true);
  const title = optionalString(request, 'title');
  if (title !== undefined) record.title = title;
  const description = optionalString(request, 'description');
  if (description !== undefined && description !== record.description) {
    checkDescription(description);
    record.description = description;
    system('changed the description');
  }
  const confidential = optionalBoolean(request, 'confidential');
  if (confidential !== undefined && confidential !== record.confidential) {
    record.confidential = confidential;
    system(confidential ? 'made the issue confidential' : 'made the issue visible to everyone');
  }
  const labels = (key: string) => (request.input[key] === undefined ? undefined : labelList(request.input[key]));
  store.changeLabels(record, { set: labels('labels'), add: labels('add_labels'), remove: labels('remove_labels') }, user.id);
  const stateEvent = request.input.state_event;
  if (stateEvent !== undefined && stateEvent !== 'close' && stateEvent !== 'reopen') throw invalidParam('state_event does not have a valid value');
  if (stateEvent === 'close' && record.state === 'opened') {
    record.state = 'closed';
    record.closed_at = store.now();
    record.closed_by_id = user.id;
    // GitLab 15.4+ records state changes as resource state events, not system notes.
    store.recordStateEvent(record.iid, 'closed', user.id);
  } else if (stateEvent === 'reopen' && record.state === 'closed') {
    record.state = 'opened';
    record.closed_at = null;
    record.closed_by_id = null;
    store.recordStateEvent(record.iid, 'reopened', user.id);
  }
  store.touchIssue(record);
}

function filterIssues(issues: SandboxIssue[], request: ApiRequest): SandboxIssue[] {
  const state = request.query.get('state') ?? 'all';
  if (!['opened', 'closed', 'all'].includes(state)) throw invalidParam('state does not have a valid value');
  const labels = labelList(request.query.get('labels') ?? undefined);
  const search = request.query.get('search')?.toLowerCase();
  const searchIn = (request.query.get('in') ?? 'title,description').split(',').map((s) => s.trim());
  const orderBy = request.query.get('order_by') ?? 'created_at';
  if (orderBy !== 'created_at' && orderBy !== 'updated_at') throw invalidParam('order_by does not have a valid value');
  const direction = (request.query.get('sort') ?? 'desc') === 'asc' ? 1 : -1;
  return issues
    .filter((i) => state === 'all' || i.state === state)
    .filter((i) => {
      if (labels.length === 1 && labels[0].toLowerCase() === 'none') return i.labels.length === 0;
      if (labels.length === 1 && labels[0].toLowerCase() === 'any') return i.labels.length > 0;
      return labels.every((l) => i.labels.includes(l));
    })
    .filter((i) => !search || searchIn.some((field) => (field === 'title' ? i.title : field === 'description' ? i.description : '').toLowerCase().includes(search)))
    .sort((a, b) => direction * (a[orderBy].localeCompare(b[orderBy]) || a.id - b.id));
}

/** Labels come as a comma list (gitbeaker, curl) or an array (JSON bodies). */
export function labelList(value: unknown): string[] {
  const parts = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',') : [];
  return [...new Set(parts.map((l) => l.trim()).filter(Boolean))];
}

function optionalString(request: ApiRequest, key: string): string | undefined {
  const value = request.input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidParam(`${key} is invalid`);
  return value;
}

/** Grape's Boolean: JSON true/false, or `true`/`false` (also `1`/`0`) as text. */
function optionalBoolean(request: ApiRequest, key: string): boolean | undefined {
  const value = request.input[key];
  if (value === undefined || value === null) return undefined;
  if (value === true || value === 'true' || value === '1' || value === 1) return true;
  if (value === false || value === 'false' || value === '0' || value === 0) return false;
  throw invalidParam(`${key} is invalid`);
}

function checkDescription(description: string): void {
  if (description.length > DESCRIPTION_LIMIT && [...description].length > DESCRIPTION_LIMIT) {
    throw new ApiError(400, { message: { description: [`is too long (maximum is ${DESCRIPTION_LIMIT} characters)`] } });
  }
}

function eventsRoute<E>(
  resource: string,
  eventsOf: (request: ApiRequest, issueIid: number) => E[],
  entity: (event: E, store: ApiRequest['store'], origin: string) => unknown,
): Route {
  return {
    method: 'GET',
    pattern: `projects/:id/issues/:issue_iid/${resource}`,
    handler: (request) => {
      const page = paginate(eventsOf(request, issue(request).iid), request.url);
      return { status: 200, body: page.items.map((event) => entity(event, request.store, request.url.origin)), headers: page.headers };
    },
  };
}

function issue(request: ApiRequest): SandboxIssue {
  requireProject(request);
  const found = request.store.issue(integerParam(request, 'issue_iid'));
  if (!found) throw notFound('Issue');
  return found;
}
