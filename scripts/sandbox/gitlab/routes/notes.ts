/**
 * Notes on merge requests and issues (../shared/reference/gitlab-api.md §1.2, §1.6):
 * list (sort, order_by, offset pages), get, create (201), edit (200, by the note's author
 * only; anyone else gets 403). Bodies are limited
 * to 1,000,000 characters; GitLab reports model validation failures as
 * 400 `Note {…errors…}` on create and `Failed to save note {…}` on edit (lib/api/notes.rb,
 * lib/api/helpers/notes_helpers.rb). Quick actions in bodies are stored as text.
 */
import { ApiError, badRequest, invalidParam, notFound, type ApiRequest, type Route } from '../http.ts';
import { noteEntity } from '../entities.ts';
import { paginate } from '../pagination.ts';
import type { NoteableType, SandboxNote } from '../state.ts';
import { integerParam, requireProject } from './project.ts';

export const NOTE_BODY_LIMIT = 1_000_000;

const PARENTS: { type: NoteableType; segment: string; shown: string }[] = [
  { type: 'MergeRequest', segment: 'merge_requests', shown: 'Merge Request' },
  { type: 'Issue', segment: 'issues', shown: 'Issue' },
];

export function noteRoutes(): Route[] {
  return PARENTS.flatMap(({ type, segment, shown }) => {
    const parent = (request: ApiRequest) => {
      requireProject(request);
      const iid = integerParam(request, 'noteable_iid');
      const record = type === 'MergeRequest' ? request.store.mergeRequest(iid) : request.store.issue(iid);
      if (!record) throw notFound(shown);
      return { type, iid };
    };
    const note = (request: ApiRequest): SandboxNote => {
      const on = parent(request);
      const id = integerParam(request, 'note_id');
      const found = request.store.notesOf(on.type, on.iid).find((n) => n.id === id);
      if (!found) throw notFound('Note');
      return found;
    };
    const base = `projects/:id/${segment}/:noteable_iid/notes`;
    const origin = (request: ApiRequest) => request.url.origin;
    return [
      {
        method: 'GET',
        pattern: base,
        handler: (request) => {
          const on = parent(request);
          const sorted = sortNotes(request.store.notesOf(on.type, on.iid), request);
          const page = paginate(sorted, request.url);
          return { status: 200, body: page.items.map((n) => noteEntity(n, request.store, origin(request))), headers: page.headers };
        },
      },
      {
        method: 'GET',
        pattern: `${base}/:note_id`,
        handler: (request) => ({ status: 200, body: noteEntity(note(request), request.store, origin(request)) }),
      },
      {
        method: 'POST',
        pattern: base,
        handler: (request) => {
          const on = parent(request);
          const body = requiredBody(request);
          const problem = bodyProblem(body);
          if (problem) throw badRequest(`Note {:note=>["${problem}"]}`);
          const created = request.store.createNote(on, body, request.user.id);
          return { status: 201, body: noteEntity(created, request.store, origin(request)) };
        },
      },
      {
        method: 'PUT',
        pattern: `${base}/:note_id`,
        handler: (request) => {
          const existing = note(request);
          // Only a note's author may edit it; system notes nobody (gitlabhq
          // app/policies/note_policy.rb: admin_note is enabled for is_author alone, and
          // prevented for notes that are not editable).
          if (existing.system || existing.author_id !== request.user.id) throw new ApiError(403, { message: '403 Forbidden' });
          const body = requiredBody(request);
          const problem = bodyProblem(body);
          if (problem) throw badRequest(`Failed to save note {:note=>["${problem}"]}`);
          existing.body = body;
          existing.updated_at = request.store.now();
          return { status: 200, body: noteEntity(existing, request.store, origin(request)) };
        },
      },
    ];
  });
}

function requiredBody(request: ApiRequest): string {
  const body = request.input.body;
  if (body === undefined || body === null) throw invalidParam('body is missing');
  if (typeof body !== 'string') throw invalidParam('body is invalid');
  return body;
}

/** Rails counts characters (code points), not UTF-16 units. */
function bodyProblem(body: string): string | null {
  if (body.trim() === '') return "can't be blank";
  if (body.length > NOTE_BODY_LIMIT && [...body].length > NOTE_BODY_LIMIT) return `is too long (maximum is ${NOTE_BODY_LIMIT} characters)`;
  return null;
}

function sortNotes(notes: SandboxNote[], request: ApiRequest): SandboxNote[] {
  const sort = request.query.get('sort') ?? 'desc';
  const orderBy = request.query.get('order_by') ?? 'created_at';
  if (sort !== 'asc' && sort !== 'desc') throw invalidParam('sort does not have a valid value');
  if (orderBy !== 'created_at' && orderBy !== 'updated_at') throw invalidParam('order_by does not have a valid value');
  const direction = sort === 'asc' ? 1 : -1;
  return [...notes].sort((a, b) => direction * (a[orderBy].localeCompare(b[orderBy]) || a.id - b.id));
}
