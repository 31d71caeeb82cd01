import { describe, expect, it } from 'vitest';
import { validateFixture } from './helpers.ts';

const file = 'test/fixtures/config/validate-views/views/changed-status.yaml';

describe('view conditions', () => {
  it('refuses a trigger-only change operator, and warns about a field views may not know, at file:line', async () => {
    const output = await validateFixture('validate-views');
    expect(output).toEqual([
      `${file}:4:24: error: operator 'changed' is not allowed on 'status' in views (allowed: is, is_not, less_than, greater_than) (conditions.all[0].operator)\n`
        + '    hint: change operators exist only in triggers, which run on ticket updates; automations, views and SLA policies see the ticket as it is',
      `${file}:5:9: warning: condition field 'update_type' is not known to work in views (known in triggers) (conditions.all[1].field)\n`
        + "    hint: the account's GET /views/definitions is the authority; Zendesk rejects it at apply time if it does not allow it",
    ]);
  });
});
