/**
 * The organizations step of a plan, shared by plan/apply and online validate:
 * read the managed organizations (alongside whatever else the caller reads),
 * then diff them once the account's lookups are in. No organizations: no requests.
 */
import type { Change, DesiredOrganization, Diagnostic, Lookups } from '../core/model.ts';
import type { ZendeskClient } from '../zendesk/client.ts';
import { diffOrganizations } from './diff.ts';
import { fetchOrganizations, type LiveOrganizations } from './fetch.ts';

export interface OrganizationsPlan {
  live: LiveOrganizations | null;
  changes: Change[];
  diagnostics: Diagnostic[];
}

export async function planOrganizations(
  client: ZendeskClient,
  desired: readonly DesiredOrganization[],
  /** Asked for only when there are organizations, so an unused read never goes unawaited. */
  lookups: () => Promise<Lookups>,
  now: Date,
): Promise<OrganizationsPlan> {
  if (desired.length === 0) return { live: null, changes: [], diagnostics: [] };
  const [live, known] = await Promise.all([fetchOrganizations(client, desired), lookups()]);
  return { live, ...diffOrganizations({ desired, live, lookups: known, now }) };
}
