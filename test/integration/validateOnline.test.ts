/**
 * `npm run validate` with a Zendesk target checks the names the forms, csat.yaml and
 * salesforce.yaml use, not only the rules': the sample config/ is clean against the
 * sandbox account it is written for, and a misspelt group or field is an error at file:line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspace, type Workspace } from './harness.ts';

let ws: Workspace;
beforeAll(async () => {
  ws = await workspace();
});
afterAll(() => ws.close());

describe('validate online, beyond the rules', () => {
  it('accepts the sample config/ against the account it is written for, fields the same plan creates included', async () => {
    const result = await ws.run(['validate']);
    expect(result.stderr).not.toMatch(/error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`names checked against ${ws.sandbox.url}`);
  });

  it('names a misspelt form group, CSAT manager group and Salesforce mapping field, each at its line', async () => {
    await ws.edit('config/forms/contact-user.yaml', /^( {2}group: )Support$/m, '$1Supprt');
    await ws.edit('config/csat.yaml', '  Billing: [sam.ortiz]', '  Billng: [sam.ortiz]');
    await ws.edit('config/salesforce.yaml', '{ from: Region__c, to: region }', '{ from: Region__c, to: regon }');
    const result = await ws.run(['validate']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/config\/forms\/contact-user\.yaml:\d+:\d+: error: unknown group 'Supprt' \(zendesk\.group\)\n\s+hint: did you mean 'Support'\?/);
    expect(result.stderr).toMatch(/config\/csat\.yaml:9:\d+: error: unknown group 'Billng' \(managers\.Billng\)\n\s+hint: did you mean 'Billing'\?/);
    expect(result.stderr).toMatch(/config\/salesforce\.yaml:\d+:\d+: error: unknown organization field 'regon' \(mappings\[\d+\]\.to\)\n\s+hint: did you mean 'region'\?/);
  });
});
