/**
 * Custom ticket fields managed end to end (issue 10 item 6), through the CLI,
 * node-zendesk and the sandbox: import → no changes (system fields neither imported
 * nor listed); options keyed by tag, so a renamed option is an update that keeps its
 * tag and id; a field renamed with previous_title; and a new field with a new trigger
 * naming it and one of its options, applied in one run.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { longLivedSeed } from '../../scripts/sandbox/zendesk/long-lived-seed.ts';
import { appliesAndSettles, WEBHOOK_SECRETS, workspace, workspaceEachTest, type Workspace } from './harness.ts';

let ws: Workspace;
const fresh = workspaceEachTest((next) => (ws = next));

type Option = { id: number; name: string; value: string };
const liveField = (title: string) => ws.sandbox.state().collections.ticket_fields?.find((f) => f.title === title);
const optionsOf = (title: string) => (liveField(title)?.custom_field_options ?? []) as Option[];

describe('ticket fields', () => {
  beforeEach(() => fresh.startImported('ticket_fields'));

  it('imports the custom fields only, options by name and tag, and then plans no changes', async () => {
    const file = await ws.read('config/ticket_fields/product-area.yaml');
    expect(file).toContain('type: tagger');
    expect(file).toMatch(/- name: Billing\n\s+tag: product_billing\n\s+- name: Integrations\n/);
    const plan = await ws.run(['plan', '--detailed-exitcode']);
    expect(plan.stdout).toContain('No changes. Zendesk matches config/.');
    expect(plan.stdout).not.toMatch(/Subject|Priority|Ticket status/);
    expect(plan.code).toBe(0);
  });

  it('adds an option, then renames one: the renamed option keeps its tag and id', async () => {
    await ws.edit('config/ticket_fields/product-area.yaml', /(\n\s+- name: Mobile app\n\s+tag: product_mobile_app\n)/, '$1  - name: Web app\n    tag: product_web_app\n');
    const added = await ws.run(['plan']);
    expect(added.stdout).toContain('~ update ticket field "Product area"');
    expect(added.stdout).toMatch(/0 to create, 1 to update, 0 to delete/);
    await appliesAndSettles(ws);
    expect(optionsOf('Product area').map((o) => o.value)).toEqual(['product_billing', 'product_integrations', 'product_mobile_app', 'product_web_app']);

    const before = optionsOf('Product area').find((o) => o.value === 'product_mobile_app');
    await ws.edit('config/ticket_fields/product-area.yaml', 'name: Mobile app', 'name: Mobile apps');
    const renamed = await ws.run(['plan']);
    expect(renamed.stdout).toContain('options[2].name: "Mobile app" → "Mobile apps"');
    expect(renamed.stdout).toMatch(/0 to create, 1 to update, 0 to delete/);
    await appliesAndSettles(ws);
    expect(optionsOf('Product area').find((o) => o.value === 'product_mobile_app')).toEqual({ ...before, name: 'Mobile apps', raw_name: 'Mobile apps' });
  });

  it('renames a field in place with previous_title, and the rules that name it follow', async () => {
    const before = liveField('Customer plan');
    await ws.edit('config/ticket_fields/customer-plan.yaml', /^title: .*$/m, 'title: Subscription plan\nprevious_title: Customer plan');
    // A rule still naming the old title is told so before anything is applied.
    const stale = await ws.run(['validate']);
    expect(stale.code).not.toBe(0);
    expect(stale.stderr).toMatch(/warn-premium-sla-breach\.yaml:\d+:\d+: error: unknown ticket field 'Customer plan'/);
    await ws.edit('config/automations/warn-premium-sla-breach.yaml', 'ticket_field:Customer plan', 'ticket_field:Subscription plan');
    const plan = await ws.run(['plan']);
    expect(plan.stdout).toContain('~ rename ticket field "Customer plan" → "Subscription plan"');
    // The automation names the field by its new title, but Zendesk holds it by id, which
    // the rename keeps: the automation is no change of its own.
    expect(plan.stdout).not.toContain('automation "Warn premium tickets two hours before SLA breach"');
    expect(plan.stdout).toMatch(/0 to create, 1 to update, 0 to delete/);
    await appliesAndSettles(ws);
    expect(liveField('Subscription plan')?.id).toBe(before?.id);
    const automation = ws.sandbox.state().collections.automations?.find((a) => a.title === 'Warn premium tickets two hours before SLA breach');
    expect(JSON.stringify(automation?.conditions)).toContain(`custom_fields_${String(before?.id)}`);
  });

  it('creates a field and a trigger that names it and one of its options, in one apply', async () => {
    await ws.write('config/ticket_fields/escalation-reason.yaml', [
      'title: Escalation reason',
      'type: tagger',
      'description: Why a ticket went to Tier 2',
      'options:',
      '  - { name: Outage, tag: escalation_outage }',
      '  - { name: Data loss, tag: escalation_data_loss }',
      '',
    ].join('\n'));
    await ws.write('config/triggers/escalate-data-loss.yaml', [
      'title: Escalate data loss',
      'conditions:',
      '  all:',
      '    - { field: "ticket_field:Escalation reason", operator: is, value: Data loss }',
      '  any: []',
      'actions:',
      '  - { field: group_id, value: Tier 2 }',
      '',
    ].join('\n'));
    await ws.edit('config/triggers/_order.yaml', '      - Tag emergencies as urgent\n', '      - Tag emergencies as urgent\n      - Escalate data loss\n');

    const validate = await ws.run(['validate']);
    expect(validate.stderr).not.toContain('error');
    const plan = await ws.run(['plan']);
    expect(plan.stdout).toContain('+ create ticket field "Escalation reason"');
    expect(plan.stdout).toContain('+ create trigger "Escalate data loss"');
    await appliesAndSettles(ws);

    const field = liveField('Escalation reason');
    const trigger = ws.sandbox.state().collections.triggers?.find((t) => t.title === 'Escalate data loss');
    expect((trigger?.conditions as { all: { field: string; value: unknown }[] }).all).toEqual([
      { field: `custom_fields_${String(field?.id)}`, operator: 'is', value: 'escalation_data_loss' },
    ]);
  });

  it('refuses two options with one tag, at the file and line', async () => {
    await ws.edit('config/ticket_fields/product-area.yaml', 'tag: product_integrations', 'tag: product_billing');
    const validate = await ws.run(['validate']);
    expect(validate.code).not.toBe(0);
    expect(validate.stderr).toMatch(/product-area\.yaml:\d+:\d+: error: tag 'product_billing' is used by option 1 too/);
  });
});

describe('ticket fields of a long-lived account', () => {
  it('import leaves out the titles two fields share (one retired), and plans stay clean with rules naming them by [inactive]', async () => {
    const ws = await workspace({ seed: longLivedSeed() });
    // As in longLivedAccount.test.ts: none of the imported webhooks' secret variables is set.
    for (const name of Object.keys(WEBHOOK_SECRETS)) delete ws.env[name];
    try {
      const imported = await ws.run(['import', '--config', 'acct']);
      expect(imported.code).toBe(0);
      expect(imported.stderr).toContain('2 ticket fields are titled "Product area"; none of them was imported');
      expect(await ws.read('acct/triggers/route-retired-product-areas-to-escalations.yaml')).toContain('ticket_field:Product area [inactive]');
      const plan = await ws.run(['plan', '--config', 'acct', '--detailed-exitcode']);
      expect(plan.stdout).toContain('No changes. Zendesk matches acct/.');
      expect(plan.stdout).not.toMatch(/ticket field "(Subject|Status|Priority|Ticket status)"/);
      expect(plan.code).toBe(0);
    } finally {
      await ws.close();
    }
  });
});
