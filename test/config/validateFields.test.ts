import { describe, expect, it } from 'vitest';
import { validateFixture } from './helpers.ts';

const dir = 'test/fixtures/config/validate-fields';
const ID_HINT = "    hint: names are turned into ids when the plan is made, and the plan shows names; where several objects share a name, write '<name> [id:<id>]'";

describe('validateConfig: condition and action fields', () => {
  it('warns about an unknown field with a suggestion, since accounts can have fields config/ does not know', async () => {
    expect(await validateFixture('validate-fields')).toContain(
      `${dir}/triggers/mistakes.yaml:4:9: warning: unknown condition field 'stauts' in triggers (conditions.all[0].field)\n`
        + "    hint: did you mean 'status'?",
    );
    expect(await validateFixture('validate-fields')).toContain(
      `${dir}/triggers/mistakes.yaml:20:7: warning: unknown action 'set_tagz' in triggers (actions[6].field)\n`
        + "    hint: did you mean 'set_tags'?",
    );
  });

  it('rejects an operator the field does not have, and change operators outside triggers', async () => {
    const output = await validateFixture('validate-fields');
    expect(output.find((line) => line.startsWith(`${dir}/triggers/mistakes.yaml:5:24: error: operator 'includes' is not allowed on 'status' in triggers (allowed: is, is_not, less_than, greater_than, changed,`))).toBeDefined();
    expect(output).toContain(
      `${dir}/automations/change-op.yaml:4:24: error: operator 'changed' is not allowed on 'status' in automations (allowed: is, is_not, less_than, greater_than) (conditions.all[0].operator)\n`
        + '    hint: change operators exist only in triggers, which run on ticket updates; automations, views and SLA policies see the ticket as it is',
    );
    expect(output).toContain(
      `${dir}/automations/change-op.yaml:6:9: error: condition field 'update_type' cannot be used in automations (only in triggers) (conditions.all[2].field)`,
    );
  });

  it('checks values: fixed value sets, missing values, hours', async () => {
    const output = await validateFixture('validate-fields');
    expect(output).toContain(
      `${dir}/triggers/mistakes.yaml:6:38: error: 'opne' is not a valid status (one of: new, open, pending, hold, solved, closed) (conditions.all[2].value)\n`
        + "    hint: did you mean 'open'?",
    );
    expect(output).toContain(`${dir}/triggers/mistakes.yaml:7:7: error: operator 'is' needs a value (conditions.all[3])`);
    expect(output).toContain(
      `${dir}/automations/change-op.yaml:5:46: error: 'HOLD' counts hours: the value must be a whole number of hours (found 'two') (conditions.all[1].value)`,
    );
    expect(output).toContain(
      `${dir}/macros/notify.yaml:5:24: error: 'critical' is not a valid priority (one of: "", low, normal, high, urgent) (actions[1].value)`,
    );
    expect(output).toContain(`${dir}/triggers/mistakes.yaml:18:36: error: notification_webhook takes a list of 2: [webhook name, payload] (actions[4].value)`);
  });

  it('rejects Zendesk field ids: custom_fields_<id> and ticket_fields_<id>', async () => {
    const output = await validateFixture('validate-fields');
    const hint = '    hint: e.g. field: "ticket_field:Product area"; the plan finds the field id by its title';
    expect(output).toContain(
      `${dir}/triggers/mistakes.yaml:8:9: error: Zendesk field ids are not allowed in config/ ('custom_fields_360012345678'); write ticket_field:<title> (conditions.all[4].field)\n${hint}`,
    );
    expect(output).toContain(
      `${dir}/triggers/mistakes.yaml:12:9: error: Zendesk field ids are not allowed in config/ ('ticket_fields_360012345678'); write ticket_field:<title> (conditions.any[0].field)\n${hint}`,
    );
  });

  it('rejects ids where a name belongs, also inside notifications and restrictions, but not special values', async () => {
    const output = await validateFixture('validate-fields');
    expect(output).toContain(`${dir}/triggers/mistakes.yaml:14:24: error: ids are not allowed in config/; write the group name (actions[0].value)\n${ID_HINT}`);
    expect(output).toContain(`${dir}/triggers/mistakes.yaml:15:27: error: ids are not allowed in config/; write the agent's email (actions[1].value)\n${ID_HINT}`);
    expect(output).toContain(`${dir}/triggers/mistakes.yaml:17:43: error: ids are not allowed in config/; write the group name (actions[3].value[0])\n${ID_HINT}`);
    expect(output).toContain(`${dir}/macros/notify.yaml:2:25: error: ids are not allowed in config/; write the group name (restriction.groups[0])\n${ID_HINT}`);
    expect(output).toContain(`${dir}/sla_policies/form.yaml:4:46: error: ids are not allowed in config/; write the ticket form name (filter.all[0].value)\n${ID_HINT}`);
    expect(output.filter((line) => line.includes('mistakes.yaml:19:'))).toEqual([]); // assignee_id: current_user
  });

  it('names legacy targets by title, and keeps organization ids with a warning rather than rejecting real rules', async () => {
    const output = await validateFixture('validate-fields');
    expect(output).toContain(`${dir}/triggers/mistakes.yaml:16:43: error: ids are not allowed in config/; write the target title (actions[2].value[0])\n${ID_HINT}`);
    expect(output).toContain(
      `${dir}/triggers/mistakes.yaml:10:47: warning: organization_id holds a Zendesk id (conditions.all[6].value)\n`
        + '    hint: organization ids are kept as Zendesk has them; config/ cannot name organizations in rules yet (matching organization tags with current_tags travels better between accounts)',
    );
  });

  it('rejects notifications in macros and a second target for the same SLA priority and metric', async () => {
    const output = await validateFixture('validate-fields');
    expect(output).toContain(
      `${dir}/macros/notify.yaml:4:7: error: action 'notification_webhook' cannot be used in macros (actions[0].field)\n`
        + '    hint: an agent applies a macro and writes the reply; notifications belong in triggers and automations',
    );
    expect(output).toContain(
      `${dir}/sla_policies/form.yaml:7:5: error: second first_reply_time target for low priority (policy_metrics[1])\n`
        + '    hint: keep one target per priority and metric',
    );
  });
});
