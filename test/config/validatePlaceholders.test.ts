import { describe, expect, it } from 'vitest';
import { sampleLookups } from './sampleLookups.ts';
import { validateFixture } from './helpers.ts';

const dir = 'test/fixtures/config/dynamic-content-placeholders';

describe('{{dc.…}} placeholders in rules', () => {
  it('names the misspelt placeholder at file:line, with the placeholders there are', async () => {
    const output = await validateFixture('dynamic-content-placeholders', sampleLookups());
    expect(output).toEqual([
      `${dir}/macros/refund-misspelt.yaml:5:5: warning: {{dc.refund_polcy}} is not the placeholder of any dynamic content item, so this macro would show it as written (actions[1].value)\n`
        + '    hint: use one of the items\' placeholders ({{dc.signature}}, {{dc.refund_policy}}, {{dc.holiday_hours}}), or add the item under config/dynamic_content/',
    ]);
  });

  it('are checked only against the account: offline, nothing is said', async () => {
    expect(await validateFixture('dynamic-content-placeholders')).toEqual([]);
  });
});
