/**
 * Ticket forms managed end to end (issue 10 item 6), through the CLI, node-zendesk and
 * the sandbox: import → no changes (fields by title, system fields too; brands by
 * name); a new field order and a conditional field applied and settled; a new form
 * naming a field created in the same plan; a rename with previous_name; a new order.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { appliesAndSettles, workspaceEachTest, type Workspace } from './harness.ts';

let ws: Workspace;
const fresh = workspaceEachTest((next) => (ws = next));

const liveForm = (name: string) => ws.sandbox.state().collections.ticket_forms?.find((f) => f.name === name);
const liveField = (title: string) => ws.sandbox.state().collections.ticket_fields?.find((f) => f.title === title);

describe('ticket forms', () => {
  beforeEach(async () => {
    const imported = await fresh.startImported('ticket_fields,ticket_forms');
    expect(imported.stderr).toBe('');
  });

  it('imports the forms, fields by title in order, and then plans no changes', async () => {
    const file = await ws.read('config/ticket_forms/default-ticket-form.yaml');
    expect(file).toMatch(/ticket_fields:\n\s+- Subject\n/);
    expect(file).toContain('default: true');
    expect(await ws.read('config/ticket_forms/_order.yaml')).toMatch(/ticket_forms:\n\s+- Default ticket form\n\s+- Billing request\n/);
    const plan = await ws.run(['plan', '--detailed-exitcode']);
    expect(plan.stdout).toContain('No changes. Zendesk matches config/.');
    expect(plan.code).toBe(0);
  });

  it('applies a new field order and a conditional field, then plans no changes', async () => {
    const path = 'config/ticket_forms/billing-request.yaml';
    const file = await ws.read(path);
    const titles = [...file.matchAll(/^ {2}- (.+)$/gm)].map((m) => m[1]);
    expect(titles.length).toBeGreaterThan(2);
    const reordered = [titles[0], ...titles.slice(1).reverse()];
    const body = file.replace(/ticket_fields:\n(?: {2}- .+\n)+/, `ticket_fields:\n${reordered.map((t) => `  - ${t}\n`).join('')}`)
      .replace(/agent_conditions: \[\]\n/, 'agent_conditions:\n  - parent_field: Product area\n    value: Billing\n    child_fields:\n      - { field: Customer plan, required: true }\n');
    await ws.write(path, body);
    const plan = await ws.run(['plan']);
    expect(plan.stdout).toContain('~ update ticket form "Billing request"');
    await appliesAndSettles(ws);
    const form = liveForm('Billing request');
    expect(form?.agent_conditions).toEqual([
      { parent_field_id: liveField('Product area')?.id, value: 'product_billing', child_fields: [{ id: liveField('Customer plan')?.id, is_required: true, required_on_statuses: { type: 'ALL_STATUSES' } }] },
    ]);
    expect((form?.ticket_field_ids as number[]).map((id) => ws.sandbox.state().collections.ticket_fields?.find((f) => f.id === id)?.title)).toEqual(reordered);
  });

  it('keeps a field required only on some statuses: applies it, imports it back, and plans no changes', async () => {
    const path = 'config/ticket_forms/billing-request.yaml';
    await ws.edit(path, /agent_conditions: \[\]\n/,
      'agent_conditions:\n  - parent_field: Product area\n    value: Billing\n    child_fields:\n      - field: Customer plan\n        required: { statuses: [solved, pending] }\n');
    expect((await ws.run(['plan'])).stdout).toContain('~ update ticket form "Billing request"');
    await appliesAndSettles(ws);
    const [condition] = liveForm('Billing request')?.agent_conditions as { child_fields: unknown[] }[];
    expect(condition.child_fields).toEqual([
      { id: liveField('Customer plan')?.id, is_required: true, required_on_statuses: { type: 'SOME_STATUSES', statuses: ['pending', 'solved'], custom_statuses: [] } },
    ]);
    // Before, an update sent is_required alone and the status list was lost; now a
    // fresh import writes it, and the plan stays empty.
    expect((await ws.run(['import', '--kinds', 'ticket_forms', '--force'])).code).toBe(0);
    expect(await ws.read(path)).toMatch(/required:\n\s+statuses:\n\s+- pending\n\s+- solved\n/);
    const plan = await ws.run(['plan', '--detailed-exitcode']);
    expect(plan.stdout).toContain('No changes. Zendesk matches config/.');
  });

  it('refuses a status list on an end-user condition, at file:line', async () => {
    await ws.edit('config/ticket_forms/billing-request.yaml', /end_user_conditions: \[\]\n/,
      'end_user_conditions:\n  - parent_field: Product area\n    value: Billing\n    child_fields:\n      - field: Customer plan\n        required: { statuses: [solved] }\n');
    const validate = await ws.run(['validate']);
    expect(validate.code).toBe(1);
    expect(validate.stderr).toMatch(/billing-request\.yaml:\d+.*end_user_conditions\[0\]\.child_fields\[0\]\.required/);
  });

  it('creates a form listing a field created in the same plan', async () => {
    await ws.write('config/ticket_fields/escalation-reason.yaml', 'title: Escalation reason\ntype: text\n');
    await ws.write('config/ticket_forms/escalation.yaml', 'name: Escalation\nticket_fields: [Subject, Description, Escalation reason]\n');
    await ws.edit('config/ticket_forms/_order.yaml', '  - Billing request\n', '  - Billing request\n  - Escalation\n');
    const plan = await ws.run(['plan']);
    expect(plan.stdout).toContain('+ create ticket field "Escalation reason"');
    expect(plan.stdout).toContain('+ create ticket form "Escalation"');
    await appliesAndSettles(ws);
    expect(liveForm('Escalation')?.ticket_field_ids).toContain(liveField('Escalation reason')?.id);
  });

  it('renames a form in place with previous_name', async () => {
    const before = liveForm('Billing request');
    await ws.edit('config/ticket_forms/billing-request.yaml', /^name: .*$/m, 'name: Billing question\nprevious_name: Billing request');
    await ws.edit('config/ticket_forms/_order.yaml', '- Billing request', '- Billing question');
    const plan = await ws.run(['plan']);
    expect(plan.stdout).toContain('~ rename ticket form "Billing request" → "Billing question"');
    await appliesAndSettles(ws);
    expect(liveForm('Billing question')?.id).toBe(before?.id);
  });

  it('reorders forms as the order file lists them', async () => {
    await ws.write('config/ticket_forms/_order.yaml', 'ticket_forms:\n  - Billing request\n  - Default ticket form\n');
    const plan = await ws.run(['plan']);
    expect(plan.stdout).toMatch(/reorder ticket forms/);
    await appliesAndSettles(ws);
    expect(liveForm('Billing request')?.position).toBeLessThan(liveForm('Default ticket form')?.position as number);
  });
});

describe('ticket forms named elsewhere', () => {
  beforeEach(() => fresh.startImported('ticket_fields,ticket_forms'));

  it('a trigger names a form created in the same plan, restricted to a brand by name', async () => {
    const brand = ws.sandbox.state().collections.brands?.[0];
    await ws.write('config/ticket_forms/returns.yaml', `name: Returns\nticket_fields: [Subject, Description]\nrestricted_brands: [${String(brand?.name)}]\n`);
    await ws.edit('config/ticket_forms/_order.yaml', '  - Billing request\n', '  - Billing request\n  - Returns\n');
    await ws.write('config/triggers/route-returns.yaml', [
      'title: Route returns',
      'conditions:',
      '  all:',
      '    - { field: ticket_form_id, operator: is, value: Returns }',
      '  any: []',
      'actions:',
      '  - { field: group_id, value: Tier 2 }',
      '',
    ].join('\n'));
    await ws.edit('config/triggers/_order.yaml', '      - Tag emergencies as urgent\n', '      - Tag emergencies as urgent\n      - Route returns\n');
    expect((await ws.run(['validate'])).stderr).not.toContain('error');
    await appliesAndSettles(ws);
    const form = liveForm('Returns');
    expect(form).toMatchObject({ in_all_brands: false, restricted_brand_ids: [brand?.id] });
    const trigger = ws.sandbox.state().collections.triggers?.find((t) => t.title === 'Route returns');
    expect((trigger?.conditions as { all: { value: unknown }[] }).all[0].value).toBe(String(form?.id));
  });

  it('refuses a field the account does not have, and a condition value that is not an option, at file and line', async () => {
    await ws.write('config/ticket_forms/returns.yaml', [
      'name: Returns',
      'ticket_fields: [Subject, Return reason, Product area]',
      'agent_conditions:',
      '  - { parent_field: Product area, value: Hardware, child_fields: [{ field: Subject }] }',
      '',
    ].join('\n'));
    await ws.edit('config/ticket_forms/_order.yaml', '  - Billing request\n', '  - Billing request\n  - Returns\n');
    const validate = await ws.run(['validate']);
    expect(validate.code).not.toBe(0);
    expect(validate.stderr).toMatch(/returns\.yaml:2:\d+: error: unknown ticket field 'Return reason'/);
    expect(validate.stderr).toMatch(/returns\.yaml:4:\d+: error: 'Hardware' is not an option of Product area/);
  });
});
