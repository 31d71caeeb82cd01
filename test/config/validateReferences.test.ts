import { describe, expect, it } from 'vitest';
import { sampleLookups } from './sampleLookups.ts';
import { validateFixture } from './helpers.ts';

const dir = 'test/fixtures/config/validate-references';

describe('validateConfig with lookups: every name exists', () => {
  it('accepts existing names, emails in any case, special values and option names', async () => {
    const output = await validateFixture('validate-references', sampleLookups());
    expect(output.filter((line) => line.includes('/exist.yaml') || line.includes('/personal.yaml'))).toEqual([]);
  });

  it('suggests the close match for a misspelt group, agent, webhook or ticket field', async () => {
    const output = await validateFixture('validate-references', sampleLookups());
    expect(output).toContain(`${dir}/triggers/do-not-exist.yaml:9:24: error: unknown group 'Tier2' (actions[0].value)\n    hint: did you mean 'Tier 2'?`);
    expect(output).toContain(`${dir}/triggers/do-not-exist.yaml:10:27: error: unknown agent 'lea@example.com' (actions[1].value)\n    hint: did you mean 'lee@example.com'?`);
    expect(output).toContain(`${dir}/triggers/do-not-exist.yaml:11:44: error: unknown webhook 'Slack feed' (actions[2].value[0])\n    hint: did you mean 'Slack live feed'?`);
    expect(output).toContain(`${dir}/triggers/do-not-exist.yaml:4:9: error: unknown ticket field 'Product Area' (conditions.all[0].field)\n    hint: did you mean 'Product area'?`);
    expect(output).toContain(`${dir}/triggers/do-not-exist.yaml:7:40: error: unknown brand 'Acme' (conditions.all[3].value)\n    hint: did you mean one of: 'Acme Support', 'Acme Labs'?`);
  });

  it('checks drop-down values against option names, and spots an option tag written instead', async () => {
    const output = await validateFixture('validate-references', sampleLookups());
    expect(output).toContain(
      `${dir}/triggers/do-not-exist.yaml:5:60: error: 'premium' is not an option of ticket field 'Customer plan' (conditions.all[1].value)\n`
        + "    hint: write the option name 'Premium', not its tag 'premium'",
    );
    expect(output).toContain(
      `${dir}/triggers/do-not-exist.yaml:6:60: error: 'Platinum' is not an option of ticket field 'Customer plan' (conditions.all[2].value)\n`
        + '    hint: options: Free, Pro, Premium',
    );
  });

  it('checks macro restrictions: groups and the one user', async () => {
    const output = await validateFixture('validate-references', sampleLookups());
    expect(output).toContain(
      `${dir}/macros/restricted.yaml:2:33: error: unknown group 'Tier 4' (restriction.groups[1])\n    hint: did you mean one of: 'Tier 1', 'Tier 2', 'Tier 3'?`,
    );
    expect(output).toContain(`${dir}/macros/personal-typo.yaml:2:16: error: unknown agent 'sam@exmaple.com' (restriction.user)\n    hint: did you mean 'sam@example.com'?`);
  });

  it('explains that only agents can be named when an email matches nobody', async () => {
    expect(await validateFixture('validate-references', sampleLookups())).toContain(
      `${dir}/triggers/do-not-exist.yaml:12:41: error: unknown agent 'nobody@example.org' (actions[3].value[0])\n    hint: rules can only name agents and admins, by email`,
    );
  });

  it('checks names only when lookups are given', async () => {
    expect(await validateFixture('validate-references')).toEqual([]);
  });
});
