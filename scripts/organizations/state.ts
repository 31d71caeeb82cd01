/**
 * Pure translations between Zendesk organizations and config/ terms: sharing
 * as one word, notes and details as entries with expiry dates, the audit line
 * a sharing change leaves in details. No I/O, no clock (the caller passes `today`).
 */
import type { RawObject } from '../kinds/kind.ts';
import type { NoteEntry, OrganizationState, Sharing, UserAccess } from '../core/model.ts';
import type { OrganizationNames } from './names.ts';

/** Reference §9.1: the two flags behind "shared organization". */
export function sharingOf(raw: RawObject): Sharing {
  if (raw.shared_tickets !== true) return 'none';
  return raw.shared_comments === true ? 'read_write' : 'read_only';
}

export function sharingFlags(sharing: Sharing): { shared_tickets: boolean; shared_comments: boolean } {
  return { shared_tickets: sharing !== 'none', shared_comments: sharing === 'read_write' };
}

/** Reference §10.1: ticket_restriction. Other values (groups, assigned, null) are shown as Zendesk has them. */
export const ACCESS_TO_RESTRICTION: Record<UserAccess, string> = { organization_tickets: 'organization', own_tickets: 'requested' };

export function accessOf(ticketRestriction: unknown): string {
  if (ticketRestriction === 'organization') return 'organization_tickets';
  if (ticketRestriction === 'requested') return 'own_tickets';
  return ticketRestriction === null || ticketRestriction === undefined ? 'unrestricted' : String(ticketRestriction);
}

/** YYYY-MM-DD of an instant, in UTC: expiry dates are whole days. */
export function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export function entryOf(entry: string | NoteEntry): NoteEntry {
  return typeof entry === 'string' ? { text: entry } : entry;
}

/** An entry is gone from its `expires` day on. */
export function isExpired(entry: NoteEntry, today: string): boolean {
  return entry.expires !== undefined && entry.expires <= today;
}

/** Entries are separated by a blank line, as people write notes in the Zendesk UI. */
export function joinEntries(entries: readonly NoteEntry[]): string | null {
  const text = entries.map((e) => e.text.trim()).join('\n\n');
  return text === '' ? null : text;
}

const SHARING_WORDS: Record<Exclude<Sharing, 'none'>, string> = { read_only: 'read only', read_write: 'read and write' };
const AUDIT_LINE = /^Shared organization (?:\((?:read only|read and write)\) enabled|disabled) \d{4}-\d{2}-\d{2} as per .+$/;

/** The line apply appends to details when sharing changes (issue 3). */
export function auditLine(sharing: Sharing, today: string, approval: string): string {
  return sharing === 'none'
    ? `Shared organization disabled ${today} as per ${approval}`
    : `Shared organization (${SHARING_WORDS[sharing]}) enabled ${today} as per ${approval}`;
}

/** Audit lines already in live details: they are history, and stay after whatever config/ writes. */
export function auditLinesIn(details: string | null): string[] {
  return (details ?? '').split('\n').map((line) => line.trim()).filter((line) => AUDIT_LINE.test(line));
}

/** Details as config/ wants them: its entries, then the audit history, then any new audit line. */
export function detailsWith(entries: string | null, audit: readonly string[]): string | null {
  const history = audit.join('\n');
  const parts = [entries, history].filter((part): part is string => part !== null && part !== '');
  return parts.length === 0 ? null : parts.join('\n\n');
}

/** Live details with one more audit line, when config/ does not manage details itself. */
export function appendAudit(details: string | null, line: string): string {
  const text = (details ?? '').trimEnd();
  if (text === '') return line;
  const lastLine = text.split('\n').at(-1) ?? '';
  return `${text}${AUDIT_LINE.test(lastLine.trim()) ? '\n' : '\n\n'}${line}`;
}

/** A live organization in config/ terms: group and drop-down values by name. */
export function liveOrganizationState(raw: RawObject, names: Pick<OrganizationNames, 'groupName' | 'optionName'>): OrganizationState {
  const stored = (raw.organization_fields ?? {}) as Record<string, unknown>;
  const fields = Object.fromEntries(Object.entries(stored).map(([key, value]) => [key, names.optionName(key, value)]));
  return {
    name: String(raw.name),
    external_id: raw.external_id === null || raw.external_id === undefined ? null : String(raw.external_id),
    notes: typeof raw.notes === 'string' && raw.notes !== '' ? raw.notes : null,
    details: typeof raw.details === 'string' && raw.details !== '' ? raw.details : null,
    sharing: sharingOf(raw),
    tags: Array.isArray(raw.tags) ? raw.tags.map(String) : [],
    domain_names: Array.isArray(raw.domain_names) ? raw.domain_names.map(String) : [],
    group: raw.group_id === null || raw.group_id === undefined ? null : names.groupName(raw.group_id),
    fields,
  };
}

/** The live state cut down to what the desired side manages, so only managed fields are compared. */
export function managedPart(live: OrganizationState, desired: OrganizationState): OrganizationState {
  const out: OrganizationState = {};
  for (const key of Object.keys(desired) as (keyof OrganizationState)[]) {
    if (key === 'fields') {
      const wanted = Object.keys(desired.fields ?? {});
      out.fields = Object.fromEntries(wanted.map((k) => [k, live.fields?.[k] ?? null]));
    } else {
      (out as Record<string, unknown>)[key] = live[key] ?? null;
    }
  }
  return out;
}
