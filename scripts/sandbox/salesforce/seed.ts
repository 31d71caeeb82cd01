/**
 * What the Salesforce sandbox starts with. `salesforceSeed()` is a small org of about twenty
 * accounts in which every defect the integrity report looks for occurs once, named in
 * `SEEDED_DEFECTS`; `SEEDED_ZENDESK_ORGANIZATIONS` lists the Zendesk organizations those
 * defects (and the healthy accounts) need on the Zendesk side, so the Zendesk seed can add
 * them with the same ids. `largeSalesforceSeed(n)` is the bench's org: n accounts, the same
 * every time.
 *
 * Organization fields follow the design's config/salesforce.yaml mappings (Type → account_type
 * customer/former_customer, Owner.Name → account_owner, Support_Level__c → support_level
 * premium/standard, Region__c → region, Support_Expiry__c → support_expiry, ARR__c → arr_band
 * arr_small < 10,000 ≤ arr_mid < 100,000 ≤ arr_large).
 */
import { KEY_PREFIX, recordId } from './ids.ts';
import type { SandboxAccount, SandboxUser } from './accounts.ts';

/** An account to create: anything left out is null (Id: the next generated one). */
export type AccountSeed = Partial<SandboxAccount> & { Name: string };

export interface SalesforceSeed {
  users: SandboxUser[];
  accounts: AccountSeed[];
}

/** A seed whose accounts are complete, ids included: what the seeds here return. */
export interface CompleteSalesforceSeed extends SalesforceSeed {
  accounts: SandboxAccount[];
}

/** The finding kinds of the design's integrityReport. */
export type IntegrityFindingKind =
  | 'id_mismatch_account'
  | 'id_mismatch_organization'
  | 'duplicate_organizations'
  | 'duplicate_accounts'
  | 'organization_without_account'
  | 'customer_without_organization'
  | 'type_mismatch';

export interface SeededDefect {
  /** The one finding the integrity report should make for it. */
  kind: IntegrityFindingKind;
  description: string;
  accountIds: string[];
  organizationIds: number[];
}

/** A Zendesk organization the seed expects (organization field keys as in the design's config). */
export interface SeededZendeskOrganization {
  id: number;
  name: string;
  organization_fields: Record<string, string | boolean | null>;
  /** true: the default Zendesk seed has it already (only its salesforce_id must be this one). */
  existing?: boolean;
  why: string;
}

const user = (serial: number, Name: string, Email: string): SandboxUser => ({ Id: recordId(KEY_PREFIX.User, serial), Name, Email });
const JANE = user(1, 'Jane Doe', 'jane.doe@example.com');
const SAM = user(2, 'Sam Rivera', 'sam.rivera@example.com');
const PRIYA = user(3, 'Priya Natarajan', 'priya.natarajan@example.com');
const SEED_USERS = [JANE, SAM, PRIYA];

const accountId = (serial: number) => recordId(KEY_PREFIX.Account, serial);

/** Account ids, by name, for tests. */
export const SEEDED_ACCOUNT_IDS = {
  acme: accountId(1),
  globex: accountId(2),
  umbrella: accountId(3),
  stark: accountId(4),
  wayne: accountId(5),
  hooli: accountId(6),
  soylent: accountId(7),
  wonka: accountId(8),
  aperture: accountId(9),
  dunderMifflin: accountId(10),
  vandelay: accountId(11),
  massiveDynamic: accountId(12),
  massiveDynamicEmea: accountId(13),
  cyberdyne: accountId(14),
  tyrell: accountId(15),
  piedPiper: accountId(16),
  sirius: accountId(17),
  gringotts: accountId(18),
  /** Deleted from Salesforce: no account has it, but a Zendesk organization still names it. */
  deletedOceanic: accountId(99),
} as const;

/**
 * Zendesk organization ids. Acme Corp, Globex and Initech are the default Zendesk seed's
 * (scripts/sandbox/zendesk/seed.ts addCustomers, ids from its counter today); the rest are
 * fixed ids the Zendesk seed adds. 360000000001 is the design's protected organization.
 */
export const SEEDED_ZENDESK_IDS = {
  acme: 1_500_000_000_050,
  globex: 1_500_000_000_051,
  initech: 1_500_000_000_052,
  aperture: 360_000_000_001,
  umbrella: 360_000_000_101,
  stark: 360_000_000_102,
  wayne: 360_000_000_103,
  hooli: 360_000_000_104,
  soylent: 360_000_000_105,
  wonka: 360_000_000_106,
  dunderMifflinPaper: 360_000_000_107,
  vandelay: 360_000_000_108,
  massiveDynamic: 360_000_000_109,
  cyberdyne: 360_000_000_110,
  cyberdyneOld: 360_000_000_111,
  sirius: 360_000_000_112,
  oceanic: 360_000_000_113,
} as const;

const A = SEEDED_ACCOUNT_IDS;
const Z = SEEDED_ZENDESK_IDS;
const CREATED = '2024-03-01T09:00:00.000+0000';

type Row = [key: keyof typeof SEEDED_ACCOUNT_IDS, name: string, type: string | null, owner: SandboxUser | null, level: string | null, region: string | null, expiry: string | null, arr: number | null, zendeskId: number | null];

const ROWS: Row[] = [
  // Linked both ways, Zendesk up to date.
  ['acme', 'Acme Corp', 'Customer', JANE, 'Premium', 'EMEA', '2027-03-31', 250_000, Z.acme],
  ['globex', 'Globex', 'Customer', SAM, 'Standard', 'NA', '2026-12-31', 48_000, Z.globex],
  ['umbrella', 'Umbrella Corporation', 'Customer', PRIYA, 'Premium', 'APAC', '2027-06-30', 120_000, Z.umbrella],
  ['stark', 'Stark Industries', 'Customer', JANE, 'Premium', 'NA', '2027-01-15', 900_000, Z.stark],
  ['wayne', 'Wayne Enterprises', 'Customer', SAM, 'Standard', 'NA', '2026-09-30', 75_000, Z.wayne],
  ['hooli', 'Hooli', 'Customer', PRIYA, 'Standard', 'NA', null, 9_000, Z.hooli],
  // No owner, no ARR: nulls all the way through.
  ['soylent', 'Soylent', 'Customer', null, 'Standard', 'EMEA', '2026-11-30', null, Z.soylent],
  ['wonka', 'Wonka Industries', 'Former Customer', JANE, null, 'EMEA', '2025-12-31', 30_000, Z.wonka],
  // Protected in Zendesk: its organization's support_level differs and must stay so.
  ['aperture', 'Aperture Science', 'Customer', SAM, 'Premium', 'NA', '2027-02-28', 400_000, Z.aperture],
  // The defects.
  ['dunderMifflin', 'Dunder Mifflin', 'Customer', PRIYA, 'Standard', 'NA', '2026-10-31', 15_000, Z.dunderMifflinPaper],
  ['vandelay', 'Vandelay Industries', 'Customer', JANE, 'Standard', 'NA', '2026-08-31', 22_000, null],
  ['massiveDynamic', 'Massive Dynamic', 'Customer', SAM, 'Premium', 'NA', '2027-04-30', 310_000, Z.massiveDynamic],
  ['massiveDynamicEmea', 'Massive Dynamic EMEA', 'Customer', SAM, 'Premium', 'EMEA', '2027-04-30', 95_000, Z.massiveDynamic],
  ['cyberdyne', 'Cyberdyne Systems', 'Customer', PRIYA, 'Standard', 'APAC', '2026-07-31', 54_000, Z.cyberdyne],
  ['tyrell', 'Tyrell Corporation', 'Customer', JANE, 'Premium', 'APAC', '2027-05-31', 500_000, null],
  ['piedPiper', 'Pied Piper', 'Prospect', SAM, null, 'NA', null, null, null],
  ['sirius', 'Sirius Cybernetics', 'Former Customer', PRIYA, 'Standard', 'EMEA', '2025-06-30', 12_000, Z.sirius],
  // Not a defect: a Former Customer without an organization is not reported; the sync creates one.
  ['gringotts', 'Gringotts', 'Former Customer', JANE, 'Standard', 'EMEA', '2025-09-30', 60_000, null],
];

const SEED_ACCOUNTS: SandboxAccount[] = ROWS.map(([key, Name, Type, owner, level, region, expiry, arr, zendeskId]) => ({
  Id: A[key],
  Name,
  Type,
  OwnerId: owner?.Id ?? null,
  Website: `https://${Name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example`,
  Industry: null,
  Support_Level__c: level,
  Region__c: region,
  Support_Expiry__c: expiry,
  ARR__c: arr,
  Zendesk_Organization_Id__c: zendeskId === null ? null : String(zendeskId),
  IsDeleted: false,
  CreatedDate: CREATED,
  LastModifiedDate: CREATED,
  SystemModstamp: CREATED,
}));

export function salesforceSeed(): CompleteSalesforceSeed {
  return structuredClone({ users: SEED_USERS, accounts: SEED_ACCOUNTS });
}

/** Every defect of salesforceSeed() with the Zendesk side of SEEDED_ZENDESK_ORGANIZATIONS: each should be one finding. */
export const SEEDED_DEFECTS: readonly SeededDefect[] = [
  {
    kind: 'id_mismatch_account',
    description: "Dunder Mifflin's Zendesk id names organization Dunder Mifflin Paper, whose salesforce_id is another account (Pied Piper, a Prospect)",
    accountIds: [A.dunderMifflin],
    organizationIds: [Z.dunderMifflinPaper],
  },
  {
    kind: 'id_mismatch_organization',
    description: 'Organization Vandelay Industries names account Vandelay Industries, which has no Zendesk id (the write-back is missing)',
    accountIds: [A.vandelay],
    organizationIds: [Z.vandelay],
  },
  {
    kind: 'duplicate_accounts',
    description: 'Massive Dynamic and Massive Dynamic EMEA both name organization Massive Dynamic',
    accountIds: [A.massiveDynamic, A.massiveDynamicEmea],
    organizationIds: [Z.massiveDynamic],
  },
  {
    kind: 'duplicate_organizations',
    description: 'Organizations Cyberdyne Systems and Cyberdyne Systems (old) both name account Cyberdyne Systems',
    accountIds: [A.cyberdyne],
    organizationIds: [Z.cyberdyne, Z.cyberdyneOld],
  },
  {
    kind: 'organization_without_account',
    description: 'Organization Oceanic Airlines names an account deleted from Salesforce',
    accountIds: [],
    organizationIds: [Z.oceanic],
  },
  {
    kind: 'organization_without_account',
    description: 'Organization Initech (default Zendesk seed, managed in config/organizations) has no salesforce_id',
    accountIds: [],
    organizationIds: [Z.initech],
  },
  {
    kind: 'customer_without_organization',
    description: 'Customer account Tyrell Corporation has no Zendesk id and no organization names it',
    accountIds: [A.tyrell],
    organizationIds: [],
  },
  {
    kind: 'type_mismatch',
    description: 'Organization Sirius Cybernetics says account_type customer; the account is a Former Customer',
    accountIds: [A.sirius],
    organizationIds: [Z.sirius],
  },
];

/** The organization fields an account maps to under the design's config/salesforce.yaml. */
export function mappedOrganizationFields(account: SandboxAccount, users: readonly SandboxUser[]): Record<string, string | null> {
  const values: Record<string, string> = { Customer: 'customer', 'Former Customer': 'former_customer', Premium: 'premium', Standard: 'standard' };
  const arr = account.ARR__c;
  return {
    salesforce_id: account.Id,
    account_type: account.Type === null ? null : (values[account.Type] ?? account.Type),
    account_owner: users.find((u) => u.Id === account.OwnerId)?.Name ?? null,
    support_level: account.Support_Level__c === null ? null : (values[account.Support_Level__c] ?? account.Support_Level__c),
    region: account.Region__c,
    support_expiry: account.Support_Expiry__c,
    arr_band: arr === null ? null : arr < 10_000 ? 'arr_small' : arr < 100_000 ? 'arr_mid' : 'arr_large',
  };
}

function linkedOrganization(key: keyof typeof SEEDED_ACCOUNT_IDS, id: number, why: string, override: Record<string, string | null> = {}): SeededZendeskOrganization {
  const account = SEED_ACCOUNTS.find((a) => a.Id === A[key])!;
  return { id, name: account.Name, organization_fields: { ...mappedOrganizationFields(account, SEED_USERS), ...override }, why };
}

/**
 * The Zendesk organizations salesforceSeed() expects. The healthy ones carry the mapped
 * fields exactly, so a sync over both seeds changes only what the defects call for.
 */
export const SEEDED_ZENDESK_ORGANIZATIONS: readonly SeededZendeskOrganization[] = [
  { ...linkedOrganization('acme', Z.acme, 'linked both ways; managed in config/organizations/acme-corp.yaml'), existing: true },
  { ...linkedOrganization('globex', Z.globex, 'linked both ways; managed in config/organizations/globex.yaml'), existing: true },
  { id: Z.initech, name: 'Initech', organization_fields: { salesforce_id: null }, existing: true, why: 'organization_without_account (no salesforce_id)' },
  linkedOrganization('aperture', Z.aperture, 'protected (config protected_organizations): its support_level differs from the account and must stay', { support_level: 'standard' }),
  linkedOrganization('umbrella', Z.umbrella, 'linked both ways'),
  linkedOrganization('stark', Z.stark, 'linked both ways'),
  linkedOrganization('wayne', Z.wayne, 'linked both ways'),
  linkedOrganization('hooli', Z.hooli, 'linked both ways (no expiry, arr_small)'),
  linkedOrganization('soylent', Z.soylent, 'linked both ways (no owner, no ARR)'),
  linkedOrganization('wonka', Z.wonka, 'linked both ways (Former Customer)'),
  {
    id: Z.dunderMifflinPaper,
    name: 'Dunder Mifflin Paper',
    organization_fields: { salesforce_id: A.piedPiper },
    why: 'id_mismatch_account: Dunder Mifflin names it, but it names Pied Piper',
  },
  { ...linkedOrganization('vandelay', Z.vandelay, 'id_mismatch_organization: the account has no Zendesk id') },
  linkedOrganization('massiveDynamic', Z.massiveDynamic, 'duplicate_accounts: Massive Dynamic and Massive Dynamic EMEA name it'),
  linkedOrganization('cyberdyne', Z.cyberdyne, 'duplicate_organizations (with Cyberdyne Systems (old))'),
  { ...linkedOrganization('cyberdyne', Z.cyberdyneOld, 'duplicate_organizations (with Cyberdyne Systems)'), name: 'Cyberdyne Systems (old)' },
  linkedOrganization('sirius', Z.sirius, 'type_mismatch: says customer, the account is a Former Customer', { account_type: 'customer' }),
  {
    id: Z.oceanic,
    name: 'Oceanic Airlines',
    organization_fields: { salesforce_id: A.deletedOceanic, account_type: 'customer' },
    why: 'organization_without_account: its account was deleted from Salesforce',
  },
];

/** Zendesk ids of the large seed's accounts start here (account i ↔ organization base + i). */
export const LARGE_SEED_ZENDESK_ID_BASE = 900_000_000_000;

const REGIONS = ['NA', 'EMEA', 'APAC', 'LATAM'];

/**
 * n accounts for the bench, identical on every call: 90 % Customer, 6 % Former Customer,
 * 4 % Prospect; 25 owners; every Customer and Former Customer linked to organization
 * LARGE_SEED_ZENDESK_ID_BASE + i (pass `linked: false` for accounts without Zendesk ids).
 */
export function largeSalesforceSeed(n: number, options: { linked?: boolean } = {}): CompleteSalesforceSeed {
  const users = Array.from({ length: 25 }, (_, i) => user(100 + i, `Owner ${i + 1}`, `owner${i + 1}@example.com`));
  const accounts: SandboxAccount[] = [];
  for (let i = 0; i < n; i += 1) {
    const Type = i % 50 < 2 ? 'Prospect' : i % 50 < 5 ? 'Former Customer' : 'Customer';
    const stamp = CREATED;
    accounts.push({
      Id: accountId(1_000 + i),
      Name: `Account ${String(i + 1).padStart(6, '0')}`,
      Type,
      OwnerId: users[i % users.length].Id,
      Website: null,
      Industry: null,
      Support_Level__c: i % 3 === 0 ? 'Premium' : 'Standard',
      Region__c: REGIONS[i % REGIONS.length],
      Support_Expiry__c: `202${6 + (i % 2)}-${String(1 + (i % 12)).padStart(2, '0')}-28`,
      ARR__c: (i * 7_919) % 400_000,
      Zendesk_Organization_Id__c: options.linked === false || Type === 'Prospect' ? null : String(LARGE_SEED_ZENDESK_ID_BASE + i),
      IsDeleted: false,
      CreatedDate: stamp,
      LastModifiedDate: stamp,
      SystemModstamp: stamp,
    });
  }
  return { users, accounts };
}
