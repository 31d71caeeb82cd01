import { describe, expect, it } from 'vitest';
import { nullifies } from '../../scripts/config/checks/automations.ts';
import { validateFixture } from './helpers.ts';

const dir = 'test/fixtures/config/validate-automations';
const automationErrors = async () => (await validateFixture('validate-automations')).filter((line) => /(error|warning): automation/.test(line));

describe('validateConfig: Zendesk automation rules', () => {
  it('accepts the sample automation: adding the tag its not_includes condition excludes makes it fire once', async () => {
    expect((await automationErrors()).filter((line) => line.includes('warn-premium.yaml'))).toEqual([]);
  });

  it('accepts a time condition with is, a status change, and removing a tag the conditions require', async () => {
    const output = await automationErrors();
    for (const file of ['remind-pending.yaml', 'close-solved.yaml', 'remove-tag.yaml']) {
      expect(output.filter((line) => line.includes(file))).toEqual([]);
    }
  });

  it('warns about an automation that nothing stops from firing every hour, explaining the rule', async () => {
    expect(await automationErrors()).toContain(
      `${dir}/automations/nag.yaml:7:1: warning: automation could fire every hour on the same ticket: no action undoes one of its conditions, and no time condition uses is (actions)\n`
        + '    hint: Zendesk rejects automations that can match a ticket again after running. Add an action that makes a condition false '
        + '(e.g. add a tag the conditions exclude with not_includes, or set the status away from the one they test), '
        + 'or use operator is on the time condition, which is true in one hourly run only',
    );
  });

  it('requires a time-based condition; a missing status/type/group/assignee/requester condition is a warning, as Zendesk\'s own defaults lack one', async () => {
    const output = await automationErrors();
    expect(output.find((line) => line.startsWith(`${dir}/automations/no-time.yaml:3:3: error: automation has no time-based condition in conditions.all (conditions.all)`)))
      .toContain('hint: Zendesk runs automations hourly and requires one condition on hours since or until an event (NEW, OPEN,');
    expect(output).toContain(
      `${dir}/automations/no-status.yaml:3:3: warning: automation has no condition on status, type, group_id, assignee_id, requester_id, custom_status_id in conditions.all (conditions.all)\n`
        + '    hint: Zendesk\'s docs ask for one (e.g. { field: status, operator: less_than, value: solved }), though its own default automations do without',
    );
  });

  it('reports nothing else for these fixtures', async () => {
    expect(await validateFixture('validate-automations')).toHaveLength(3);
  });
});

describe('nullifies', () => {
  it('knows which actions make which conditions false', () => {
    expect(nullifies({ field: 'status', value: 'solved' }, { field: 'status', operator: 'less_than', value: 'solved' })).toBe(true);
    expect(nullifies({ field: 'status', value: 'pending' }, { field: 'status', operator: 'less_than', value: 'solved' })).toBe(false);
    expect(nullifies({ field: 'priority', value: 'high' }, { field: 'priority', operator: 'is', value: 'normal' })).toBe(true);
    expect(nullifies({ field: 'group_id', value: 'Tier 2' }, { field: 'group_id', operator: 'is_not', value: 'Tier 2' })).toBe(true);
    expect(nullifies({ field: 'current_tags', value: 'warned other' }, { field: 'current_tags', operator: 'not_includes', value: 'warned' })).toBe(true);
    expect(nullifies({ field: 'set_tags', value: 'fresh' }, { field: 'current_tags', operator: 'includes', value: 'stale' })).toBe(true);
    expect(nullifies({ field: 'remove_tags', value: 'a' }, { field: 'current_tags', operator: 'includes', value: 'a b' })).toBe(false);
    expect(nullifies({ field: 'current_tags', value: 'a' }, { field: 'current_tags', operator: 'includes', value: 'a' })).toBe(false);
  });
});
