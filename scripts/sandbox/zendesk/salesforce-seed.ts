/**
 * The Zendesk side of the Salesforce sandbox's seed (issue 12): the default account plus the
 * organizations `SEEDED_ZENDESK_ORGANIZATIONS` lists, at their ids, so that a sync or an
 * integrity report over both seeds meets every seeded defect once (`SEEDED_DEFECTS`) and
 * changes nothing on the healthy organizations. Additions only: the default seed's Acme
 * Corp, Globex and Initech keep everything they have and gain the mapped field values the
 * table gives them; the new organizations carry fixed 12-digit ids below the default seed's,
 * so no id the default seed hands out moves.
 */
import { SEEDED_ZENDESK_ORGANIZATIONS } from '../salesforce/seed.ts';
import { defaultSeed } from './seed.ts';
import { organization } from './seed-records.ts';
import type { SandboxRecord, SandboxState } from './state.ts';

export function salesforceZendeskSeed(): SandboxState {
  const state = defaultSeed();
  const organizations = [...(state.collections.organizations ?? [])];
  for (const seeded of SEEDED_ZENDESK_ORGANIZATIONS) {
    const existing = organizations.find((record) => record.id === seeded.id);
    if (seeded.existing) {
      if (!existing || existing.name !== seeded.name) throw new Error(`the default Zendesk seed has no organization ${seeded.name} at ${seeded.id}`);
      existing.organization_fields = { ...(existing.organization_fields as SandboxRecord), ...seeded.organization_fields };
      continue;
    }
    if (existing) throw new Error(`organization id ${seeded.id} is taken in the default Zendesk seed`);
    organizations.push(organization(seeded.id, seeded.name, { organization_fields: { ...seeded.organization_fields } }));
  }
  state.collections.organizations = organizations;
  return state;
}
