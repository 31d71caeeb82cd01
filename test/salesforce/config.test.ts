/** config/salesforce.yaml: the sample loads; mistakes are one line each at file:line. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { accountFields } from '../../scripts/salesforce/config.ts';
import { loadSalesforceConfig } from '../../scripts/sync/salesforceConfig.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function load(yaml: string) {
  const dir = await mkdtemp(join(tmpdir(), 'sf-config-'));
  dirs.push(dir);
  await writeFile(join(dir, 'salesforce.yaml'), yaml);
  return loadSalesforceConfig(dir, { cwd: dir });
}

const valid = `api_version: "62.0"
account_types: [Customer]
zendesk_id_field: Zendesk_Organization_Id__c
match_field: salesforce_id
flag_field: mark_for_deletion
mappings:
  - { from: Type, to: account_type, transform: { values: { Customer: customer } } }
  - { from: Owner.Name, to: account_owner }
`;

describe('loadSalesforceConfig', () => {
  it('loads the sample config/salesforce.yaml and names the account fields to query', async () => {
    const { config, diagnostics } = await loadSalesforceConfig('config', { cwd: process.cwd() });
    expect(diagnostics).toEqual([]);
    expect(config).toMatchObject({ apiVersion: '62.0', accountTypes: ['Customer', 'Former Customer'], protectedOrganizations: [360000000001], report: { firstChanges: 20 } });
    expect(accountFields(config!)).toEqual(['Id', 'Name', 'Type', 'Zendesk_Organization_Id__c', 'Owner.Name', 'Support_Level__c', 'Region__c', 'Support_Expiry__c', 'ARR__c']);
  });

  it('is absent without a file, which is no error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-config-'));
    dirs.push(dir);
    expect(await loadSalesforceConfig(dir)).toMatchObject({ config: null, diagnostics: [], present: false });
  });

  it('refuses an unpinned version (a number) at its line', async () => {
    const { config, diagnostics } = await load(valid.replace('"62.0"', '62.0'));
    expect(config).toBeNull();
    expect(diagnostics).toEqual([expect.objectContaining({ file: 'salesforce.yaml', line: 1, field: 'api_version', message: expect.stringContaining('must be text') })]);
  });

  it('refuses a transform with two kinds and a typo in a mapping', async () => {
    const { diagnostics } = await load(`${valid}  - { from: ARR__c, to: arr_band, transform: { date: YYYY-MM-DD, values: { a: b } } }\n  - { from: Region__c, too: region }\n`);
    expect(diagnostics.map((d) => `${d.line}: ${d.field}: ${d.message}`)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^9: mappings\[2\]\.transform: must have exactly one of: values, date, number_to_tag/),
      expect.stringMatching(/^10: mappings\[3\]\.too: unknown field 'too'/),
    ]));
  });

  it('refuses two mappings into one field, a mapping into the match field, and bands out of order', async () => {
    const { config, diagnostics } = await load(`${valid}  - { from: Name, to: account_owner }
  - { from: Id, to: salesforce_id }
  - from: ARR__c
    to: arr_band
    transform:
      number_to_tag:
        - { below: 100000, tag: arr_mid }
        - { below: 10000, tag: arr_small }
        - { tag: arr_large }
`);
    expect(config).toBeNull();
    expect(diagnostics.map((d) => `${d.line}: ${d.message}`)).toEqual([
      '9: account_owner is already filled by mappings[1] (from Owner.Name)',
      '10: salesforce_id is the match_field: it holds the Account Id, which the sync writes itself',
      '16: below 10000 must be above the band before it (100000): bands go lowest first',
    ]);
  });

  it('refuses a mapping into the organization\'s name (it would rename every organization) and a protected id written as text', async () => {
    const { config, diagnostics } = await load(`${valid}  - { from: Region__c, to: name }\nprotected_organizations: ["360000000001"]\n`);
    expect(config).toBeNull();
    expect(diagnostics.map((d) => `${d.line}: ${d.field}`)).toEqual(['10: protected_organizations[0]']);
    const named = await load(`${valid}  - { from: Region__c, to: name }\n`);
    expect(named.config).toBeNull();
    expect(named.diagnostics.map((d) => `${d.line}: ${d.field}: ${d.message}`)).toEqual([
      "9: mappings[2].to: name is the organization's name, which the sync takes from the Account Name; map to an organization field key",
    ]);
  });

  it('refuses an open band that is not last', async () => {
    const { diagnostics } = await load(`${valid}  - { from: ARR__c, to: arr_band, transform: { number_to_tag: [ { tag: arr_any }, { below: 5, tag: arr_small } ] } }\n`);
    expect(diagnostics.map((d) => d.message)).toEqual([
      'only the last band may leave out below; bands after it would never be used',
      'the last band must have no below: it takes every number from 5 up',
    ]);
  });
});
