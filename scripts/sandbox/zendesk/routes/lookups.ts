/**
 * Kinds the tool only reads to resolve names to ids (reference §13): list + show.
 * Groups can also be written, so tests can set up reference scenarios over HTTP.
 * Ticket fields and forms are written in ticket-fields.ts and ticket-forms.ts.
 */
import { isObject, recordInvalid, type RouteHandler } from '../http.ts';
import { RESOURCES } from '../resources.ts';
import type { Route } from '../router.ts';
import type { SandboxRecord } from '../state.ts';
import { crudRoutes, listHandler } from './crud.ts';

const READ_ONLY = ['list', 'show'] as const;

export function lookupRoutes(): Route[] {
  return [
    ...crudRoutes(RESOURCES.groups, {
      hooks: {
        // OAS ListGroups `exclude_deleted`: deleted groups are listed (with `deleted: true`) unless asked not to.
        filter: (groups, request) => (request.query.bool('exclude_deleted') ? groups.filter((group) => group.deleted !== true) : groups),
        create: (input) => ({ description: '', default: false, deleted: false, is_public: true, ...groupFields(input, true) }),
        update: (_existing, input) => groupFields(input, false),
      },
    }),
    ...[
      RESOURCES.organizationFields,
      RESOURCES.userFields,
      RESOURCES.brands,
      RESOURCES.schedules,
      RESOURCES.targets,
    ].flatMap((def) => crudRoutes(def, { operations: READ_ONLY })),
    ...crudRoutes(RESOURCES.customStatuses, { operations: ['show'] }),
    { method: 'GET', pattern: RESOURCES.customStatuses.path, handler: listCustomStatuses },
  ];
}

/** zendesk-real-shapes.md "Custom statuses": a seed may make the list report a `count` that disagrees with its items. */
const listCustomStatuses: RouteHandler = (request, context) => {
  const reply = listHandler(RESOURCES.customStatuses)(request, context);
  const count = context.store.quirks.customStatusesCount;
  if (count === undefined || !isObject(reply.body)) return reply;
  return { ...reply, body: { ...reply.body, count } };
};

function groupFields(input: Record<string, unknown>, creating: boolean): SandboxRecord {
  if ((creating || input.name !== undefined) && (typeof input.name !== 'string' || input.name.trim() === '')) {
    throw recordInvalid({ name: [{ description: 'Name: cannot be blank', error: 'BlankValue' }] });
  }
  const fields: SandboxRecord = {};
  for (const key of ['name', 'description', 'is_public'] as const) {
    if (input[key] !== undefined) fields[key] = input[key];
  }
  return fields;
}
