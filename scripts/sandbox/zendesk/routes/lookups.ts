/**
 * Kinds the tool only reads to resolve names to ids (reference §13): list + show.
 * Groups can also be written, so tests can set up reference scenarios over HTTP.
 */
import { recordInvalid } from '../http.ts';
import { RESOURCES } from '../resources.ts';
import type { Route } from '../router.ts';
import type { SandboxRecord } from '../state.ts';
import { crudRoutes } from './crud.ts';

const READ_ONLY = ['list', 'show'] as const;

export function lookupRoutes(): Route[] {
  return [
    ...crudRoutes(RESOURCES.groups, {
      hooks: {
        create: (input) => ({ description: '', default: false, deleted: false, is_public: true, ...groupFields(input, true) }),
        update: (_existing, input) => groupFields(input, false),
      },
    }),
    ...[
      RESOURCES.ticketFields,
      RESOURCES.ticketForms,
      RESOURCES.organizationFields,
      RESOURCES.userFields,
      RESOURCES.brands,
      RESOURCES.schedules,
      RESOURCES.customStatuses,
    ].flatMap((def) => crudRoutes(def, { operations: READ_ONLY })),
  ];
}

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
