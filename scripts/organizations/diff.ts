/**
 * Desired organizations + what fetch.ts found → plan changes and the checks
 * that need the account. Pure: the clock comes in as `now`.
 */
import { type Change, type DesiredOrganization, type Diagnostic, keyLabel, type Lookups, type OrganizationState } from '../core/model.ts';
import { diffFields } from '../core/fieldDiff.ts';
import type { RawObject } from '../kinds/kind.ts';
import type { LiveOrganizations } from './fetch.ts';
import { organizationNames } from './names.ts';
import {
  ACCESS_TO_RESTRICTION, accessOf, appendAudit, auditLine, auditLinesIn, dayOf, detailsWith, entryOf, isExpired,
  joinEntries, liveOrganizationState, managedPart,
} from './state.ts';

export interface OrganizationDiffInput {
  desired: readonly DesiredOrganization[];
  live: LiveOrganizations;
  lookups: Lookups;
  now: Date;
}

export function diffOrganizations({ desired, live, lookups, now }: OrganizationDiffInput): { changes: Change[]; diagnostics: Diagnostic[] } {
  const today = dayOf(now);
  const changes: Change[] = [];
  const diagnostics: Diagnostic[] = [];
  const names = organizationNames(lookups);

  desired.forEach((org, index) => {
    const report = (path: (string | number)[], field: string, message: string, hint?: string, severity: Diagnostic['severity'] = 'error') =>
      diagnostics.push({ severity, ...org.locate(path), field, message, ...(hint ? { hint } : {}) });

    const matches = live.matches[index] ?? [];
    if (matches.length > 1) {
      report([org.key.by], org.key.by, `${matches.length} live organizations have ${keyLabel(org.key)}: ${matches.map((m) => `"${String(m.name)}"`).join(', ')}`, 'make the key unique in Zendesk, then plan again');
      return;
    }
    const raw = matches[0];
    if (!raw && org.key.by === 'zendesk_id') {
      report(['zendesk_id'], 'zendesk_id', `no organization has id ${org.key.value}`, 'check the id in Zendesk; organizations found by zendesk_id are never created');
      return;
    }
    if (raw && live.byName[index]) {
      const conflict = keyConflict(org, raw);
      if (conflict) {
        report([org.key.by], org.key.by, conflict, 'fix the key in the file or in Zendesk: names are unique, so this would be the same organization');
        return;
      }
    }

    const current = raw ? liveOrganizationState(raw, names) : null;
    const { state, notices, problems } = desiredState(org, current, today);
    for (const problem of problems) report(problem.path, problem.field, problem.message, problem.hint, problem.severity);
    if (raw && live.byName[index]) notices.unshift(`found by name, not by ${org.key.by}: the plan sets its ${org.key.by}`);

    if (!raw || !current) {
      changes.push({ action: 'create', kind: 'organizations', key: org.spec.name, file: org.file, after: { ...state }, ...(notices.length ? { notices } : {}) });
    } else {
      const fields = diffFields(managedPart(current, state), state);
      if (fields.length > 0) {
        changes.push({
          action: 'update', kind: 'organizations', key: org.spec.name,
          ...(current.name !== org.spec.name ? { previousKey: current.name } : {}),
          file: org.file, live: { id: raw.id as number, updatedAt: String(raw.updated_at ?? '') }, fields, after: { ...state },
          ...(notices.length ? { notices } : {}),
        });
      }
    }
    changes.push(...userChanges(org, raw, live, report));
  });
  // A user listed (with the same access) in two files is one change.
  const seen = new Set<string>();
  const unique = changes.filter((c) => c.kind !== 'users' || (!seen.has(c.key.toLowerCase()) && !!seen.add(c.key.toLowerCase())));
  return { changes: unique, diagnostics };
}

interface Problem {
  path: (string | number)[];
  field: string;
  message: string;
  hint?: string;
  severity?: Diagnostic['severity'];
}

/** The organization config/ wants, given what is live now (null for a create). */
export function desiredState(org: DesiredOrganization, live: OrganizationState | null, today: string): { state: OrganizationState; notices: string[]; problems: Problem[] } {
  const { spec } = org;
  const notices: string[] = [];
  const problems: Problem[] = [];
  const state: OrganizationState = { name: spec.name };
  if (org.key.by === 'external_id') state.external_id = org.key.value;
  else if (spec.external_id !== undefined) state.external_id = spec.external_id;

  const fields: Record<string, unknown> = { ...(spec.fields ?? {}) };
  if (org.key.by === 'salesforce_id') fields.salesforce_id = org.key.value;
  if (Object.keys(fields).length > 0) state.fields = fields;

  if (spec.notes !== undefined) state.notes = keptEntries('notes', spec.notes, live?.notes ?? null, today, notices, problems);
  const history = auditLinesIn(live?.details ?? null);
  const entries = spec.details !== undefined ? keptEntries('details', spec.details, live?.details ?? null, today, notices, problems) : undefined;
  let details = entries !== undefined ? detailsWith(entries, history) : undefined;

  if (spec.sharing !== undefined) {
    state.sharing = spec.sharing;
    const before = live?.sharing ?? 'none';
    if (spec.sharing !== before) {
      if (!spec.sharing_approval) {
        problems.push({
          path: ['sharing'], field: 'sharing_approval',
          message: `sharing changes from ${before} to ${spec.sharing}, but sharing_approval is missing`,
          hint: 'add sharing_approval: <link to the request or approval>; it is quoted in the audit line',
        });
      } else {
        const line = auditLine(spec.sharing, today, spec.sharing_approval);
        // One history block, one line per audit entry, as auditLinesIn reads it back: the next plan sees no change.
        details = entries !== undefined ? detailsWith(entries, [...history, line]) : appendAudit(live?.details ?? null, line);
        notices.push(`audit line added to details: "${line}"`);
      }
    }
  }
  if (details !== undefined) state.details = details;
  if (spec.tags !== undefined) state.tags = [...spec.tags];
  if (spec.domain_names !== undefined) state.domain_names = [...spec.domain_names];
  if (spec.group !== undefined) state.group = spec.group;
  return { state, notices, problems };
}

/** Entries still valid today; an expired one is announced if Zendesk still has it, and flagged in the file. */
function keptEntries(
  field: 'notes' | 'details',
  entries: readonly (string | { text: string; expires?: string })[],
  liveText: string | null,
  today: string,
  notices: string[],
  problems: Problem[],
): string | null {
  const kept = [];
  for (const [index, raw] of entries.entries()) {
    const entry = entryOf(raw);
    if (!isExpired(entry, today)) {
      kept.push(entry);
      continue;
    }
    const singular = field === 'notes' ? 'note' : 'detail';
    if (liveText?.includes(entry.text.trim())) notices.push(`${singular} expired on ${entry.expires}, removed from Zendesk: "${entry.text.trim()}"`);
    problems.push({
      path: [field, index, 'expires'], field: `${field}[${index}].expires`, severity: 'warning',
      message: `this ${singular} expired on ${entry.expires} and is left out of Zendesk`, hint: 'delete the entry from the file',
    });
  }
  return joinEntries(kept);
}

function keyConflict(org: DesiredOrganization, raw: RawObject): string | null {
  const name = String(raw.name);
  if (org.key.by === 'salesforce_id') {
    const existing = (raw.organization_fields as RawObject | undefined)?.salesforce_id;
    if (existing !== null && existing !== undefined && existing !== '' && existing !== org.key.value) {
      return `an organization named "${name}" exists with salesforce_id ${String(existing)}, not ${org.key.value}`;
    }
  }
  if (org.key.by === 'external_id' && raw.external_id !== null && raw.external_id !== undefined && String(raw.external_id).toLowerCase() !== org.key.value.toLowerCase()) {
    return `an organization named "${name}" exists with external_id ${String(raw.external_id)}, not ${org.key.value}`;
  }
  return null;
}

/** Per-user overrides (issue 3): the user's level wins over the organization's sharing. */
function userChanges(
  org: DesiredOrganization,
  raw: RawObject | undefined,
  live: LiveOrganizations,
  report: (path: (string | number)[], field: string, message: string, hint?: string) => void,
): Change[] {
  const changes: Change[] = [];
  (org.spec.users ?? []).forEach((override, index) => {
    const user = live.users.get(override.email.toLowerCase());
    if (!user) {
      report(['users', index, 'email'], `users[${index}].email`, `no Zendesk user has the email ${override.email}`, 'check the address, or add the user in Zendesk first');
      return;
    }
    if (!raw || !user.organizationIds.includes(Number(raw.id))) {
      report(['users', index, 'email'], `users[${index}].email`, `${override.email} is not a member of "${org.spec.name}"`, 'add the membership in Zendesk first; config/ does not manage memberships');
      return;
    }
    if (user.role !== 'end-user') {
      report(['users', index, 'email'], `users[${index}].email`, `${override.email} is ${user.role === 'admin' ? 'an admin' : 'an agent'}; access overrides are for end users`, 'agents\' access comes from their role');
      return;
    }
    const before = accessOf(user.ticketRestriction);
    if (before === override.access) return;
    changes.push({
      action: 'update', kind: 'users', key: override.email, file: org.file,
      live: { id: user.id, updatedAt: user.updatedAt },
      fields: [{ path: 'access', before, after: override.access }],
      after: { email: override.email, access: override.access, ticket_restriction: ACCESS_TO_RESTRICTION[override.access] },
    });
  });
  return changes;
}
