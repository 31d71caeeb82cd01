import { describe, expect, it } from 'vitest';
import { loadFixture } from './helpers.ts';

describe('loadConfig: schema errors', () => {
  it('reports every problem of every file at once, in plain words, with file:line:col and field', async () => {
    const { output } = await loadFixture('schema-errors');
    const dir = 'test/fixtures/config/schema-errors';
    expect(output).toEqual([
      `${dir}/automations/with-id.yaml:1:1: error: unknown field 'id' (allowed: title, previous_title, active, conditions, actions) (id)\n`
        + '    hint: ids never appear in config/: objects are matched by title',
      `${dir}/automations/with-id.yaml:3:1: error: unknown field 'position' (allowed: title, previous_title, active, conditions, actions) (position)\n`
        + '    hint: order comes from the _order.yaml file of the kind, not from a position field',
      `${dir}/macros/restriction.yaml:3:3: error: unknown field 'grups' (allowed: groups, user) (restriction.grups)\n`
        + "    hint: did you mean 'groups'?",
      `${dir}/settings.yaml:3:3: error: unknown field 'marcos' (allowed: webhooks, trigger_categories, dynamic_content, ticket_fields, ticket_forms, triggers, automations, macros, sla_policies, views) (prune.marcos)\n`
        + "    hint: did you mean 'macros'?",
      `${dir}/sla_policies/bad-metric.yaml:6:25: error: must be one of: first_reply_time, next_reply_time, periodic_update_time, requester_wait_time, agent_work_time, pausable_update_time (found 'first_reply') (policy_metrics[0].metric)\n`
        + "    hint: did you mean 'first_reply_time'?",
      `${dir}/sla_policies/bad-metric.yaml:7:7: error: must be one of: low, normal, high, urgent (found 'critical') (policy_metrics[1].priority)`,
      `${dir}/sla_policies/bad-metric.yaml:7:53: error: must be at least 1 (found 0) (policy_metrics[1].target)`,
      `${dir}/sla_policies/bad-metric.yaml:7:64: error: must be true or false (found 'no') (policy_metrics[1].business_hours)`,
      `${dir}/triggers/typo.yaml:2:1: error: unknown field 'categroy' (allowed: title, previous_title, active, description, conditions, actions) (categroy)\n`
        + "    hint: a trigger's category is the one it is listed under in config/triggers/_order.yaml",
      `${dir}/triggers/typo.yaml:6:7: error: missing required field 'operator' (conditions.all[1].operator)`,
      `${dir}/triggers/untitled.yaml:1:1: error: missing required field 'title' (title)`,
      `${dir}/triggers/untitled.yaml:1:1: error: must be true or false (found 'yes') (active)`,
      `${dir}/triggers/untitled.yaml:4:1: error: must list at least 1 entry (actions)`,
    ]);
  });

  it('leaves out files with errors but still loads the others', async () => {
    const { config } = await loadFixture('schema-errors');
    expect(config.objects.triggers.map((trigger) => trigger.key)).toEqual(['Minimal trigger']);
    expect(config.objects.automations).toEqual([]);
    expect(config.skipped).toContainEqual({ kind: 'triggers', file: 'test/fixtures/config/schema-errors/triggers/typo.yaml', key: 'Typo trigger' });
  });

  it('fills defaults: active true, description null, conditions.any empty, category from the order file', async () => {
    const { config } = await loadFixture('schema-errors');
    const [trigger] = config.objects.triggers;
    expect(trigger.spec).toEqual({
      title: 'Minimal trigger',
      active: true,
      description: null,
      category: 'Routing',
      conditions: { all: [{ field: 'update_type', operator: 'is', value: 'Create' }], any: [] },
      actions: [{ field: 'status', value: 'open' }],
    });
  });

  it('ignores settings with errors and keeps the safe default: prune nothing', async () => {
    const { config } = await loadFixture('schema-errors');
    expect(Object.values(config.settings.prune).every((prune) => prune === false)).toBe(true);
  });
});

describe('loadConfig: YAML errors', () => {
  it('reports syntax errors, duplicate keys and unquoted placeholders with a hint', async () => {
    const { output } = await loadFixture('yaml-errors');
    const dir = 'test/fixtures/config/yaml-errors';
    expect(output).toEqual([
      `${dir}/triggers/_order.yaml:4:1: error: invalid YAML: flow sequence in block collection must be sufficiently indented and end with a ]`,
      `${dir}/triggers/duplicate-key.yaml:7:1: error: duplicate key 'title' (first at line 1); YAML would silently keep only one (title)`,
      `${dir}/triggers/placeholder-in-text.yaml:6:43: error: invalid YAML: unexpected scalar at node end\n`
        + '    hint: quote values that start with {{, e.g. value: "{{ticket.id}}"',
      `${dir}/triggers/placeholder.yaml:7:12: error: unquoted placeholder {{ticket.organization.notes}}: YAML reads a value that starts with { as a mapping (actions[0].value)\n`
        + '    hint: quote values that start with {{, e.g. value: "{{ticket.id}}"',
    ]);
  });

  it('remembers an unreadable order file so validation does not pile "not listed" errors on top', async () => {
    const { config } = await loadFixture('yaml-errors');
    expect(config.skipped).toContainEqual({ kind: 'triggers', file: 'test/fixtures/config/yaml-errors/triggers/_order.yaml', orderFile: true });
    expect(config.order.files.triggers).toBe('test/fixtures/config/yaml-errors/triggers/_order.yaml');
  });
});

describe('loadConfig: categories and files', () => {
  it('derives trigger categories from the order file, pointing into it', async () => {
    const { config, output } = await loadFixture('categories');
    expect(config.objects.trigger_categories.map((category) => category.key)).toEqual(['Intake', 'Escalation', 'Later']);
    const later = config.objects.trigger_categories[2];
    expect(later.file).toBe('test/fixtures/config/categories/triggers/_order.yaml');
    expect(later.locate(['name'])).toEqual({ file: later.file, line: 10, col: 5 });
    expect(config.order.triggers.map((category) => [category.category, category.triggers.map((trigger) => trigger.key)])).toEqual([
      ['Intake', ['Tag new tickets']],
      ['Escalation', ['Escalate urgent tickets', 'Notify Tier 2']],
      ['Later', []],
    ]);
    expect(output).toEqual([
      'test/fixtures/config/categories/macros/_order.yaml:1:1: warning: ignored: macros have no order file\n'
        + '    hint: files whose name starts with _ are order files; rename it if it holds an object',
    ]);
  });

  it('reads .yml files and sub-folders, ignores README.md, and treats a missing kind folder as empty', async () => {
    const { config } = await loadFixture('categories');
    const byTitle = new Map(config.objects.triggers.map((trigger) => [trigger.key, trigger]));
    expect([...byTitle.keys()].sort()).toEqual(['Escalate urgent tickets', 'Notify Tier 2', 'Tag new tickets']);
    expect(byTitle.get('Notify Tier 2')?.file).toBe('test/fixtures/config/categories/triggers/tier-2/notify.yaml');
    expect(byTitle.get('Escalate urgent tickets')?.spec).toMatchObject({
      active: false, category: 'Escalation', conditions: { all: [], any: [{ field: 'priority', operator: 'is', value: 'urgent' }] },
    });
    expect(config.objects.automations).toEqual([]);
    expect(config.objects.sla_policies).toEqual([]);
    expect(config.objects.macros.map((macro) => macro.spec.restriction)).toEqual([null]);
  });
});

describe('loadConfig: wrong root', () => {
  it('says the config directory is missing instead of loading nothing', async () => {
    const { output, config } = await loadFixture('no-such-tree');
    expect(output).toEqual([
      "test/fixtures/config/no-such-tree:1:1: error: config directory 'test/fixtures/config/no-such-tree' does not exist\n"
        + '    hint: run from the repository root, or pass the path of config/',
    ]);
    expect(config.objects.triggers).toEqual([]);
  });
});
