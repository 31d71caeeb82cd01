/**
 * Views managed end to end (issue 10 item 6), through the CLI, node-zendesk and the
 * sandbox: import → no changes; an edit, a rename, a new view and a new order each
 * plan, apply and settle. Names throughout: groups, custom fields by title.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { appliesAndSettles, workspaceEachTest, type Workspace } from './harness.ts';

let ws: Workspace;
const fresh = workspaceEachTest((next) => (ws = next));

const liveView = (title: string) => ws.sandbox.state().collections.views?.find((v) => v.title === title);

const settles = () => appliesAndSettles(ws);

describe('views', () => {
  beforeEach(() => fresh.startImported('views'));

  it('imports Zendesk\'s default views and then plans no changes', async () => {
    expect(await ws.read('config/views/_order.yaml')).toContain('- Your unsolved tickets\n  - Unassigned tickets\n');
    const plan = await ws.run(['plan', '--detailed-exitcode']);
    expect(plan.stdout).toContain('No changes. Zendesk matches config/.');
    expect(plan.code).toBe(0);
  });

  it('an edited condition, column and group restriction plan as those fields, and apply converges', async () => {
    await ws.edit('config/views/unassigned-tickets.yaml', /value: solved/, 'value: pending');
    await ws.edit('config/views/unassigned-tickets.yaml', /    - priority\n/, '    - priority\n    - group\n');
    await ws.edit('config/views/unassigned-tickets.yaml', /^active: true$/m, 'active: true\nrestriction:\n  groups: [Tier 1, Tier 2]');

    const plan = await ws.run(['plan', '--detailed-exitcode']);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('~ update view "Unassigned tickets"');
    expect(plan.stdout).toContain('conditions.all[0].value (status): "solved" → "pending"');
    expect(plan.stdout).toContain('restriction');
    expect(plan.stdout).toContain('execution.columns');
    expect(plan.stdout).toMatch(/Plan: 0 to create, 1 to update, 0 to delete, 0 to reorder\./);

    await settles();
    const live = liveView('Unassigned tickets');
    const groups = ws.sandbox.state().collections.groups ?? [];
    expect((live?.restriction as { ids: number[] }).ids).toEqual(['Tier 1', 'Tier 2'].map((name) => groups.find((g) => g.name === name)?.id));
    expect((live?.execution as { columns: unknown[] }).columns).toContain('group');
  });

  it('renames a view in place with previous_title', async () => {
    const before = liveView('Pending tickets');
    await ws.edit('config/views/pending-tickets.yaml', /^title: .*$/m, 'title: Waiting on the customer\nprevious_title: Pending tickets');
    await ws.edit('config/views/_order.yaml', '- Pending tickets', '- Waiting on the customer');

    const plan = await ws.run(['plan']);
    expect(plan.stdout).toContain('~ rename view "Pending tickets" → "Waiting on the customer"');
    expect(plan.stdout).toMatch(/0 to create, 1 to update, 0 to delete/);
    await settles();
    expect(liveView('Waiting on the customer')?.id).toBe(before?.id);
  });

  it('creates a view that names a custom field and a group, sending their ids', async () => {
    await ws.write('config/views/billing-by-product-area.yaml', [
      'title: Billing by product area',
      'restriction:',
      '  groups: [Billing]',
      'conditions:',
      '  all:',
      '    - { field: status, operator: less_than, value: solved }',
      '    - { field: group_id, operator: is, value: Billing }',
      '    - { field: "ticket_field:Product area", operator: is_not, value: "" }',
      'execution:',
      '  columns: [description, requester, "ticket_field:Product area", updated]',
      '  group_by: "ticket_field:Product area"',
      '  sort_by: updated',
      '  sort_order: desc',
      '',
    ].join('\n'));
    await ws.edit('config/views/_order.yaml', '- Recently solved tickets', '- Recently solved tickets\n  - Billing by product area');

    const plan = await ws.run(['plan']);
    expect(plan.stdout).toContain('+ create view "Billing by product area"');
    await settles();

    const state = ws.sandbox.state().collections;
    const field = state.ticket_fields?.find((f) => f.title === 'Product area');
    const billing = state.groups?.find((g) => g.name === 'Billing');
    const live = liveView('Billing by product area');
    expect(live?.execution).toMatchObject({ columns: ['description', 'requester', field?.id, 'updated'], group_by: field?.id });
    expect((live?.conditions as { all: { field: string; value: unknown }[] }).all.map((c) => [c.field, c.value])).toEqual([
      ['status', 'solved'], ['group_id', String(billing?.id)], [`custom_fields_${String(field?.id)}`, ''],
    ]);
    expect(live?.restriction).toMatchObject({ type: 'Group', ids: [billing?.id] });
  });

  it('reorders views as _order.yaml lists them', async () => {
    await ws.edit('config/views/_order.yaml', '  - Your unsolved tickets\n  - Unassigned tickets\n', '  - Unassigned tickets\n  - Your unsolved tickets\n');
    const plan = await ws.run(['plan']);
    expect(plan.stdout).toMatch(/0 to create, 0 to update, 0 to delete, 1 to reorder/);
    await settles();
    const order = [...(ws.sandbox.state().collections.views ?? [])].sort((a, b) => Number(a.position) - Number(b.position)).map((v) => v.title);
    expect(order.slice(0, 2)).toEqual(['Unassigned tickets', 'Your unsolved tickets']);
  });
});
