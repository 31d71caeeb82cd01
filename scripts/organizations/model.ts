/**
 * Organizations as config/ declares them, and as the plan compares them.
 * Organizations differ from business rules: there may be 50,000 of them and
 * config/ manages a few thousand, so they are found by a stable key rather
 * than listed, only the fields a file writes are managed, and they are never
 * deleted.
 */
import type { Locator } from '../config/model.ts';

export type Sharing = 'none' | 'read_only' | 'read_write';
export type UserAccess = 'organization_tickets' | 'own_tickets';

/** How an organization is found, in order of preference (issue 3). */
export type OrganizationKey =
  | { by: 'salesforce_id'; value: string }
  | { by: 'external_id'; value: string }
  | { by: 'zendesk_id'; value: number };

export interface NoteEntry {
  text: string;
  /** YYYY-MM-DD: from this day on (UTC) the entry is left out of Zendesk. */
  expires?: string;
}

export interface UserOverride {
  email: string;
  access: UserAccess;
}

/** What a file writes; absent fields are not managed. */
export interface OrganizationFile {
  name: string;
  salesforce_id?: string;
  external_id?: string;
  zendesk_id?: number;
  never_share?: boolean;
  sharing?: Sharing;
  sharing_approval?: string;
  notes?: (string | NoteEntry)[];
  details?: (string | NoteEntry)[];
  tags?: string[];
  domain_names?: string[];
  group?: string | null;
  fields?: Record<string, string | number | boolean | null>;
  users?: UserOverride[];
}

export interface DesiredOrganization {
  key: OrganizationKey;
  file: string;
  locate: Locator;
  spec: OrganizationFile;
}

/**
 * An organization in config/ terms, as compared: names not ids, sharing as one
 * word, notes and details as the text Zendesk holds. Every field optional,
 * because the desired side has only the fields its file manages.
 */
export interface OrganizationState {
  name?: string;
  external_id?: string | null;
  notes?: string | null;
  details?: string | null;
  sharing?: Sharing;
  tags?: string[];
  domain_names?: string[];
  group?: string | null;
  fields?: Record<string, unknown>;
}

export function keyLabel(key: OrganizationKey): string {
  return `${key.by} ${key.value}`;
}
