/**
 * Organizations by the tens of thousands for benchmarks and scale tests. Every value
 * follows a pattern from the record's number, so a test can predict any record without
 * reading it back: number 123 is "Bench Org 000123", external_id "ext-000123",
 * salesforce_id "001BENCH000123".
 */
import { defaultSeed } from './seed.ts';
import type { SandboxRecord, SandboxState } from './state.ts';

export interface LargeOrganizationOptions {
  /** Id of the first organization; the rest follow consecutively. Default 3_000_000_000_001 (above the default seed's ids). */
  firstId?: number;
  /** Number of the first organization in names and keys (default 1). */
  firstNumber?: number;
  /** Digits the number is padded to (default 6). */
  pad?: number;
  /** Default 'Bench Org'. */
  namePrefix?: string;
  /** Default 'ext-'; null leaves external_id null. */
  externalIdPrefix?: string | null;
  /** Default '001BENCH'; null leaves salesforce_id null. */
  salesforceIdPrefix?: string | null;
  /** support_tier values assigned round-robin (default the seed's dropdown values). */
  supportTiers?: readonly (string | null)[];
}

export const DEFAULT_LARGE_ORG_FIRST_ID = 3_000_000_000_001;

/** `count` organization records, ready for `seed.collections.organizations`. */
export function largeOrganizations(count: number, options: LargeOrganizationOptions = {}): SandboxRecord[] {
  const firstId = options.firstId ?? DEFAULT_LARGE_ORG_FIRST_ID;
  const firstNumber = options.firstNumber ?? 1;
  const pad = options.pad ?? 6;
  const namePrefix = options.namePrefix ?? 'Bench Org';
  const externalIdPrefix = options.externalIdPrefix === undefined ? 'ext-' : options.externalIdPrefix;
  const salesforceIdPrefix = options.salesforceIdPrefix === undefined ? '001BENCH' : options.salesforceIdPrefix;
  const tiers = options.supportTiers ?? ['tier_standard', 'tier_premium', 'tier_enterprise'];
  const organizations: SandboxRecord[] = [];
  for (let i = 0; i < count; i += 1) {
    const number = String(firstNumber + i).padStart(pad, '0');
    // One literal per record (same shape as resources.ts organizationRecord()): spreading per record
    // is several times slower at 50,000 records.
    organizations.push({
      id: firstId + i,
      name: `${namePrefix} ${number}`,
      shared_tickets: false,
      shared_comments: false,
      external_id: externalIdPrefix === null ? null : `${externalIdPrefix}${number}`,
      domain_names: [],
      details: null,
      notes: null,
      group_id: null,
      tags: ['bench'],
      organization_fields: {
        salesforce_id: salesforceIdPrefix === null ? null : `${salesforceIdPrefix}${number}`,
        support_tier: tiers.length === 0 ? null : tiers[i % tiers.length],
      },
    });
  }
  return organizations;
}

/** The default seed plus `count` generated organizations (after the seed's own three). */
export function largeOrganizationSeed(count: number, options: LargeOrganizationOptions = {}): SandboxState {
  const seed = defaultSeed();
  seed.collections.organizations = [...(seed.collections.organizations ?? []), ...largeOrganizations(count, options)];
  return seed;
}
