/**
 * `npm run sf:sync` end to end (issue 12, "Done when"): jsforce against the Salesforce sandbox,
 * node-zendesk against the Zendesk sandbox, both seeded to agree except for the seeded defects.
 * A fresh pair of sandboxes per test (about 40 ms), because every test writes to both.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../scripts/cli.ts';
import { sfSyncJob } from '../../scripts/pipeline/sfJobs.ts';
import { SEEDED_ACCOUNT_IDS as A, SEEDED_ZENDESK_IDS as Z } from '../../scripts/sandbox/salesforce/seed.ts';
import type { SyncReport } from '../../scripts/sync/report.ts';
import { readAllOrganizations } from '../../scripts/sync/zendeskOrganizations.ts';
import { FIXED_NOW } from '../integration/harness.ts';
import { syncWorkspace, type SyncWorkspace } from './harness.ts';

let s: SyncWorkspace;
beforeEach(async () => {
  s = await syncWorkspace();
});
afterEach(() => s.close());

const COMPOSITE = 'PATCH /services/data/v62.0/composite/sobjects';
const organizations = () => s.ws.sandbox.state().collections.organizations ?? [];
const organizationNamed = (name: string) => organizations().find((o) => o.name === name);
const organizationById = (id: number) => organizations().find((o) => o.id === id);
const fieldsOf = (organization: Record<string, unknown> | undefined) => organization?.organization_fields as Record<string, unknown>;
const account = (id: string) => s.sf.state().accounts.find((a) => a.Id === id)!;
const report = async () => JSON.parse(await s.ws.read('sf-sync.json')) as SyncReport;
/** Requests that change something: neither sandbox's GETs, nor Salesforce's logins. */
const writes = () => {
  const { salesforce, zendesk } = s.requests();
  return Object.entries({ ...salesforce, ...zendesk }).filter(([route]) => !route.startsWith('GET ') && route !== 'POST /services/oauth2/token');
};

describe('npm run sf:sync', () => {
  it('creates an organization for a new account, with the mapped fields, and writes its id back', async () => {
    s.sf.addAccount({ Name: 'Initrode', Type: 'Customer', Support_Level__c: 'Premium', Region__c: 'LATAM', Support_Expiry__c: '2027-09-30', ARR__c: 64_000 });
    const run = await s.ci('sf-sync');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('5 to create');
    expect(run.stdout).toMatch(/\+ Initrode \(account \w{18}\): account_type customer, support_level premium, region LATAM, support_expiry 2027-09-30, arr_band arr_mid/);
    const initrode = organizationNamed('Initrode');
    const initrodeAccount = s.sf.state().accounts.find((a) => a.Name === 'Initrode')!;
    expect(fieldsOf(initrode)).toMatchObject({ salesforce_id: initrodeAccount.Id, account_type: 'customer', support_level: 'premium', region: 'LATAM', arr_band: 'arr_mid' });
    expect(initrodeAccount.Zendesk_Organization_Id__c).toBe(String(initrode?.id));
    // The seed's customer without an organization gets one too, linked both ways.
    expect(account(A.tyrell).Zendesk_Organization_Id__c).toBe(String(organizationNamed('Tyrell Corporation')?.id));
    expect(run.stdout).toContain('Done: 5 created, 1 updated, 2 flagged, 6 ids written back, 0 failed (2 Zendesk jobs, 1 Salesforce update call).');
    expect((await report()).results?.created.map((c) => c.name)).toContain('Initrode');
  });

  it('updates only the mapped field that changed, and a run with nothing to do writes nothing anywhere', async () => {
    expect((await s.ci('sf-sync')).code).toBe(0);
    s.sf.updateAccount(A.umbrella, { Support_Level__c: 'Standard' });
    s.resetRequests();
    const run = await s.ci('sf-sync');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`~ Umbrella Corporation (#${Z.umbrella}, account ${A.umbrella}): support_level premium → standard`);
    expect(fieldsOf(organizationById(Z.umbrella))).toMatchObject({ support_level: 'standard', account_type: 'customer', region: 'APAC' });
    expect(writes()).toEqual([['PUT /api/v2/organizations/update_many', 1]]);

    s.resetRequests();
    const quiet = await s.ci('sf-sync');
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toContain('0 to create, 0 to update, 0 to flag, 0 ids to write back');
    expect(quiet.stdout).toContain('Nothing to write: Zendesk and Salesforce agree.');
    expect(writes()).toEqual([]);
    expect((await report()).results).toBeNull();
  });

  it('flags the organization of a removed account and deletes nothing', async () => {
    const before = organizations().length;
    s.sf.deleteAccount(A.hooli);
    const run = await s.ci('sf-sync');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`! Hooli (#${Z.hooli}): mark_for_deletion → true`);
    expect(fieldsOf(organizationById(Z.hooli))).toMatchObject({ mark_for_deletion: true, salesforce_id: A.hooli });
    expect(organizations()).toHaveLength(before + 4); // the seed's four creates; nothing removed
    expect(Object.keys(s.requests().zendesk).filter((route) => route.startsWith('DELETE'))).toEqual([]);
  });

  it('leaves a protected organization untouched, though its account differs', async () => {
    const aperture = structuredClone(organizationById(Z.aperture));
    s.sf.updateAccount(A.aperture, { Region__c: 'EMEA' });
    const run = await s.ci('sf-sync');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`= Aperture Science (#${Z.aperture}): would change support_level, region`);
    expect(organizationById(Z.aperture)).toEqual(aperture);
    const sent = (await report()).plan.updates.map((update) => update.id);
    expect(sent).not.toContain(Z.aperture);
  });

  it('keeps what config/organizations/ declares: a conflicting mapping is reported, not applied', async () => {
    // acme-corp.yaml declares its name and, from now on, its region.
    await s.ws.edit('config/organizations/acme-corp.yaml', 'fields:\n  support_tier: Enterprise', 'fields:\n  support_tier: Enterprise\n  region: EMEA');
    s.sf.updateAccount(A.acme, { Name: 'Acme Corporation', Region__c: 'NA', Support_Level__c: 'Standard' });
    const run = await s.ci('sf-sync');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`? Acme Corp (#${Z.acme}): name is declared in config/organizations/acme-corp.yaml, which keeps Acme Corp; the account says Acme Corporation`);
    expect(run.stdout).toContain(`? Acme Corp (#${Z.acme}): region is declared in config/organizations/acme-corp.yaml, which keeps EMEA; the account says NA`);
    const acme = organizationById(Z.acme);
    expect(acme?.name).toBe('Acme Corp');
    // What the file does not declare still follows Salesforce.
    expect(fieldsOf(acme)).toMatchObject({ region: 'EMEA', support_level: 'standard', support_tier: 'tier_enterprise' });
    expect(await s.ws.read('sf-sync.md')).toContain('region is declared in config/organizations/acme-corp.yaml');
  });

  it('--dry-run prints the plan and keeps the artifacts, and writes nothing', async () => {
    const run = await s.ci('sf-sync', {}, ['--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout.indexOf('Create (4):')).toBeLessThan(run.stdout.indexOf('Dry run: nothing was written'));
    expect(writes()).toEqual([]);
    const saved = await report();
    expect(saved).toMatchObject({ formatVersion: 1, dryRun: true, results: null, plan: { summary: { creates: 4, updates: 1, flags: 2, writeBacks: 1 } } });
    expect(await s.ws.read('sf-sync.md')).toContain('### Salesforce sync (dry run: nothing written)');
  });

  it('prints the first report.first_changes of each kind, and says how many more sf-sync.json has', async () => {
    await s.ws.edit('config/salesforce.yaml', 'first_changes: 20', 'first_changes: 2');
    const run = await s.ci('sf-sync', {}, ['--dry-run']);
    expect(run.stdout).toContain('Create (4):');
    expect(run.stdout).toContain('  … and 2 more (all of them in sf-sync.json)');
    expect((await report()).plan.creates).toHaveLength(4);
  });
});

describe('when something goes wrong', () => {
  it('a mapped field the org does not have: Salesforce\'s INVALID_FIELD, and the line of salesforce.yaml that names it', async () => {
    await s.ws.edit('config/salesforce.yaml', '{ from: Region__c, to: region }', '{ from: Regon__c, to: region }');
    const run = await s.ci('sf-sync', {}, ['--dry-run']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/config\/salesforce\.yaml:\d+:\d+: error: Salesforce has no Account field 'Regon__c' \(mappings\[\d+\]\.from\)/);
    await s.ws.edit('config/salesforce.yaml', '{ from: Regon__c, to: region }', '{ from: Region__c, to: region }');
  });


  it('bad Salesforce credentials: one clear line, and nothing read from Zendesk or written anywhere', async () => {
    await rm(join(s.ws.dir, 'sf-sync.json'), { force: true });
    const zendeskBefore = structuredClone(s.ws.sandbox.state().collections.organizations);
    const run = await s.ci('sf-sync', { SF_CLIENT_SECRET: 'not-the-secret-3f9a' });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`error: Salesforce refused the credentials (invalid_client: invalid client credentials): check SF_CLIENT_ID and SF_CLIENT_SECRET for ${s.sf.url} (SF_LOGIN_URL)\n`);
    expect(run.stdout).toBe('');
    expect(s.requests()).toEqual({ salesforce: { 'POST /services/oauth2/token': 1 }, zendesk: {} });
    expect(s.ws.sandbox.state().collections.organizations).toEqual(zendeskBefore);
    await expect(s.ws.read('sf-sync.json')).rejects.toThrow(/ENOENT/);
  });

  it('a refused Zendesk credential: one line naming the variables, and nothing written to Salesforce', async () => {
    const run = await s.ci('sf-sync', { ZENDESK_API_TOKEN: 'not-the-token' });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^error: .*rejected the credentials \(401\).*ZENDESK_API_TOKEN/);
    expect(writes()).toEqual([]);
  });

  it('a crash after the Zendesk writes and before the write-back: the re-run completes the write-back without duplicates', async () => {
    s.sf.injectFault({ path: '/services/data/v62.0/composite/sobjects', method: 'PATCH', status: 503, errorCode: 'SERVER_UNAVAILABLE', message: 'Salesforce is down for maintenance', times: 1 });
    const crashed = await s.ci('sf-sync');
    expect(crashed.code).toBe(1);
    expect(crashed.stdout).toContain('Done: 4 created, 1 updated, 2 flagged, 0 ids written back, 5 failed');
    expect(crashed.stdout).toMatch(/✗ write-back: Tyrell Corporation \(#\d+\): Salesforce refused the account update \(SERVER_UNAVAILABLE/);
    const afterCrash = organizations().length;
    expect(account(A.tyrell).Zendesk_Organization_Id__c).toBeNull();

    s.resetRequests();
    const rerun = await s.ci('sf-sync');
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain('0 to create, 0 to update, 0 to flag, 5 ids to write back');
    expect(rerun.stdout).toContain('Done: 0 created, 0 updated, 0 flagged, 5 ids written back, 0 failed');
    expect(organizations()).toHaveLength(afterCrash);
    expect(account(A.tyrell).Zendesk_Organization_Id__c).toBe(String(organizationNamed('Tyrell Corporation')?.id));
    expect(account(A.vandelay).Zendesk_Organization_Id__c).toBe(String(Z.vandelay));
    expect(writes()).toEqual([[COMPOSITE, 1]]);
  });

  it('a lost create_many answer: the re-run finds what Zendesk created, even before search/export lists it, and writes the ids back', async () => {
    s.ws.sandbox.injectFault({ method: 'POST', path: '/api/v2/organizations/create_many', status: 'lost-answer', times: 1 });
    const lost = await s.ci('sf-sync');
    expect(lost.code).toBe(1);
    expect(lost.stdout).toContain('0 created, 1 updated, 2 flagged, 1 id written back, 4 failed');
    expect(lost.stdout).toContain('Zendesk may have created it: the next run finds it and writes its id back');
    const created = organizations().filter((o) => ['Dunder Mifflin', 'Gringotts', 'Massive Dynamic EMEA', 'Tyrell Corporation'].includes(String(o.name)));
    expect(created).toHaveLength(4);

    // Real Zendesk lists a new organization in search/export only once it is indexed (minutes):
    // the re-run reads through an export that does not list them yet.
    const hidden = new Set(created.map((o) => o.id));
    let stdout = '';
    const code = await sfSyncJob({ config: 'config', dryRun: false }, {
      env: { ...s.ws.env, ...s.sfEnv },
      cwd: s.ws.dir,
      stdout: (text) => void (stdout += text),
      stderr: () => undefined,
      color: false,
      now: () => FIXED_NOW,
      sleep: async () => undefined,
    }, {
      readOrganizations: async (client) => {
        const read = await readAllOrganizations(client, 'search-export');
        return { ...read, organizations: read.organizations.filter((o) => !hidden.has(o.id)) };
      },
    });
    expect(code).toBe(0);
    expect(stdout).toContain('4 to create');
    expect(stdout).toContain('Done: 0 created, 4 adopted, 0 updated, 0 flagged, 4 ids written back, 0 failed');
    expect(organizations().filter((o) => o.name === 'Tyrell Corporation')).toHaveLength(1);
    expect(account(A.tyrell).Zendesk_Organization_Id__c).toBe(String(organizationNamed('Tyrell Corporation')?.id));
    expect(s.requests().zendesk['GET /api/v2/organizations/search']).toBe(4);

    // And then there is nothing left to do.
    s.resetRequests();
    expect((await s.ci('sf-sync')).stdout).toContain('Nothing to write');
    expect(writes()).toEqual([]);
  });

  it('refuses --dry-run on another job', async () => {
    let stderr = '';
    const code = await main(['ci', 'drift', '--dry-run'], { env: {}, cwd: s.ws.dir, stdout: () => undefined, stderr: (t) => void (stderr += t), color: false, now: () => FIXED_NOW });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: --dry-run is for sf-sync only/);
  });
});
