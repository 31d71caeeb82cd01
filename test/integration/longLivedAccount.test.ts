/**
 * Issue 8, "Done when": on a sandbox account shaped like a long-lived one
 * (scripts/sandbox/zendesk/long-lived-seed.ts, every shape of
 * ../shared/reference/zendesk-real-shapes.md), import → validate → plan is
 * clean; edits to a condition on a shared-title field, to a macro with
 * attachments, to an SLA policy filtered on a form, and a webhook secret
 * supplied for the first time all apply; and the next two plans are clean.
 * Everything goes through the CLI and node-zendesk over HTTP.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LONG_LIVED, longLivedSeed } from '../../scripts/sandbox/zendesk/long-lived-seed.ts';
import { WEBHOOK_SECRETS, workspace, type RunResult, type Workspace } from './harness.ts';

const PAGERDUTY_SECRET = 'pd-routing-key-3f9a1c7e5b2d4a6c8e0f';
const FINGERPRINT_KEY = 'long-lived-fingerprint-key-8d2f6a1c9e4b7035';
/** What the protected variables of the apply job hold for this account. */
const SECRETS = {
  ZENDESK_WEBHOOK_SECRET_PAGERDUTY_EVENTS: PAGERDUTY_SECRET,
  ZENDESK_WEBHOOK_SECRET_ESCALATIONS_PAGER: LONG_LIVED.webhooks.escalationsPagerToken,
  ZENDESK_WEBHOOK_FINGERPRINT_KEY: FINGERPRINT_KEY,
};
const CREDENTIAL_LINE = /authentication\.credential: credential \w+ \(sensitive value hidden\)/;

let ws: Workspace;
beforeAll(async () => {
  ws = await workspace({ seed: longLivedSeed() });
  // Import names the account's webhooks' variables like the sample config's: none is set until a test says so.
  for (const name of Object.keys(WEBHOOK_SECRETS)) delete ws.env[name];
});
afterAll(() => ws.close());

const problems = (run: RunResult) => run.stderr.split('\n').filter((line) => / (error|warning): /.test(line));
const errors = (run: RunResult) => problems(run).filter((line) => line.includes(': error: '));
const trigger = (title: string) => ws.sandbox.state().collections.triggers?.find((t) => t.title === title || t.raw_title === title);

describe('a long-lived account', () => {
  it('import → validate → plan --detailed-exitcode exits 0, with every real shape imported by name', async () => {
    const imported = await ws.run(['import', '--config', 'acct']);
    expect(imported.code).toBe(0);
    // Two webhooks share a name: neither is imported, and the user is told why.
    expect(imported.stderr).toContain('warning: 2 webhooks are named "Slack live feed"; none of them was imported');

    const validate = await ws.run(['validate', '--config', 'acct']);
    expect(errors(validate)).toEqual([]);
    expect(validate.code).toBe(0);

    const plan = await ws.run(['plan', '--config', 'acct', '--detailed-exitcode']);
    expect(errors(plan)).toEqual([]);
    expect(plan.stdout).toContain('No changes. Zendesk matches acct/.');
    expect(plan.code).toBe(0);
  });

  it('1. Zendesk\'s default pending reminders are imported as they are, and only warned about', async () => {
    const file = await ws.read('acct/automations/pending-notification-24-hours.yaml');
    expect(file).not.toContain('field: status');
    const validate = await ws.run(['validate', '--config', 'acct']);
    expect(problems(validate)).toContainEqual(expect.stringMatching(/pending-notification-24-hours.yaml:\d+:\d+: warning: automation has no condition on status/));
    // Likewise an SLA filter on priority: our table of SLA conditions is not the authority.
    expect(problems(validate)).toContainEqual(expect.stringMatching(/vip-customers.yaml:\d+:\d+: warning: condition field 'priority' is not known to work in SLA policy filters/));
  });

  it('2. a legacy target is written by its title, and adding one to another rule warns', async () => {
    expect(await ws.read('acct/triggers/notify-legacy-crm-of-new-tickets.yaml')).toMatch(/notification_target\n\s+value:\n\s+- Legacy CRM hook/);
    await ws.edit('acct/triggers/notify-assignee-of-assignment.yaml', /^actions:\n/m, 'actions:\n  - { field: notification_target, value: [Ops mailbox, "Assigned: {{ticket.title}}"] }\n');
    const plan = await ws.run(['plan', '--config', 'acct']);
    expect(problems(plan)).toContainEqual(expect.stringMatching(/notify-assignee-of-assignment.yaml:\d+:\d+: warning: notification_target calls a legacy target/));
    await ws.edit('acct/triggers/notify-assignee-of-assignment.yaml', /^ {2}- \{ field: notification_target.*\n/m, '');
  });

  it('3. a condition on the retired one of two same-titled fields stays on that field through edit, apply and verification', async () => {
    const path = 'acct/triggers/route-retired-product-areas-to-escalations.yaml';
    expect(await ws.read(path)).toContain('field: ticket_field:Product area [inactive]');
    await ws.edit(path, 'value: Hardware', 'value: Public API');
    const apply = await ws.run(['apply', '--config', 'acct']);
    expect(apply.stdout).toContain('conditions.all[1].value (ticket_field:Product area [inactive]): "Hardware" → "Public API"');
    expect(apply.stdout).toContain('Verified: Zendesk now matches acct/.');
    expect(apply.code).toBe(0);
    const conditions = (trigger(LONG_LIVED.triggers.retiredProductArea)?.conditions as { all: { field: string; value: unknown }[] }).all;
    expect(conditions).toContainEqual(expect.objectContaining({ field: `custom_fields_${LONG_LIVED.ticketFields.productArea.retired}`, value: 'legacy_area_api' }));
    expect(conditions.some((c) => c.field === `custom_fields_${LONG_LIVED.ticketFields.productArea.active}`)).toBe(false);
  });

  it('3. a name two active objects share is refused with the candidates, never guessed', async () => {
    const path = 'acct/triggers/route-retired-product-areas-to-escalations.yaml';
    const written = await ws.read(path);
    await ws.write(path, written.replace(/value: Escalations \[id:\d+\]/, 'value: Escalations'));
    const plan = await ws.run(['plan', '--config', 'acct']);
    expect(plan.code).toBe(1);
    const [first, second] = LONG_LIVED.groups.escalations;
    expect(plan.stderr).toContain(`error: 2 groups are named 'Escalations'; config/ will not guess which one 'Escalations' means`);
    expect(plan.stderr).toContain(`hint: write 'Escalations [id:${first}]' (active) or 'Escalations [id:${second}]' (active)`);
    expect(plan.stderr).toContain('nothing was changed in Zendesk');
    await ws.write(path, written);
  });

  it('3. an edit sends back every shared name as the very object import read: brand, form, schedule, custom status, webhook, agent, group, field', async () => {
    const before = structuredClone([trigger(LONG_LIVED.triggers.legacyLookups), trigger(LONG_LIVED.triggers.inactiveWebhookAndAgent), trigger(LONG_LIVED.triggers.orderNumber)]);
    for (const file of ['route-old-brand-billing-form-requests', 'post-escalations-to-the-old-slack-feed', 'tag-tickets-with-an-order-number']) {
      await ws.edit(`acct/triggers/${file}.yaml`, /^(title: .*)$/m, '$1\ndescription: Reviewed in the 2026 clean-up.');
    }
    const apply = await ws.run(['apply', '--config', 'acct']);
    expect(apply.stdout).toContain('Applied 3 changes.');
    expect(apply.code).toBe(0);
    const after = [trigger(LONG_LIVED.triggers.legacyLookups), trigger(LONG_LIVED.triggers.inactiveWebhookAndAgent), trigger(LONG_LIVED.triggers.orderNumber)];
    after.forEach((t, i) => {
      expect(t?.description).toBe('Reviewed in the 2026 clean-up.');
      expect(t?.conditions).toEqual(before[i]?.conditions);
      expect(t?.actions).toEqual(before[i]?.actions);
    });
  });

  it('4. an agent\'s email matches whatever its case, so the plan settles', async () => {
    const path = 'acct/triggers/post-escalations-to-the-old-slack-feed.yaml';
    expect(await ws.read(path)).toContain(LONG_LIVED.agent.email);
    await ws.edit(path, LONG_LIVED.agent.email, LONG_LIVED.agent.email.toLowerCase());
    const plan = await ws.run(['plan', '--config', 'acct', '--detailed-exitcode']);
    expect(plan.stdout).toContain('No changes.');
    expect(plan.code).toBe(0);
  });

  it('5. a webhook secret supplied for the first time applies, and the empty description does not come back as a change', async () => {
    const env = { ZENDESK_WEBHOOK_SECRET_PAGERDUTY_EVENTS: PAGERDUTY_SECRET, ZENDESK_WEBHOOK_FINGERPRINT_KEY: FINGERPRINT_KEY };
    expect(await ws.read('acct/webhooks/pagerduty-events.yaml')).toContain('token_env: ZENDESK_WEBHOOK_SECRET_PAGERDUTY_EVENTS');
    const plan = await ws.run(['plan', '--config', 'acct'], env);
    expect(plan.stdout).toContain('~ update webhook "PagerDuty events"');
    expect(plan.stdout).toMatch(CREDENTIAL_LINE);
    expect(plan.stdout).not.toContain('description');
    const apply = await ws.run(['apply', '--config', 'acct'], env);
    expect(apply.stdout).toContain('Verified: Zendesk now matches acct/.');
    expect(apply.code).toBe(0);
    expect(`${apply.stdout}${apply.stderr}`).not.toContain(PAGERDUTY_SECRET);
  });

  it('5. a webhook an earlier version fingerprinted (v1) is recognised: a wrong secret is a change, the right one moves the mark to v2', async () => {
    const name = LONG_LIVED.webhooks.v1Fingerprint;
    const file = await ws.read('acct/webhooks/escalations-pager.yaml');
    // Import never writes a fingerprint, of either version.
    expect(file).toContain('description: Pages the escalations rotation\n');
    expect(file).not.toMatch(/\[credential|[0-9a-f]{16}/);
    const live = () => (ws.sandbox.state().collections.webhooks ?? []).find((w) => w.name === name);
    const v1 = String(live()?.description);
    expect(v1).toMatch(/^Pages the escalations rotation \[credential [0-9a-f]{16}\]$/);

    const wrong = await ws.run(['plan', '--config', 'acct', '--format', 'json'], { ...SECRETS, ZENDESK_WEBHOOK_SECRET_ESCALATIONS_PAGER: 'not-the-token-it-was-given-9c41' });
    const changed = JSON.parse(wrong.stdout).changes.find((c: { key: string }) => c.key === name);
    expect(changed).toMatchObject({ action: 'update', fields: [{ path: 'authentication.credential', sensitive: true }] });
    expect(changed.notices ?? []).toEqual([]);

    const plan = await ws.run(['plan', '--config', 'acct'], SECRETS);
    expect(plan.stdout).toContain(`~ update webhook "${name}"`);
    expect(plan.stdout).toContain('! the credential is unchanged; apply rewrites its fingerprint in the description in the keyed v2 format');
    const saved = await ws.run(['plan', '--config', 'acct', '--out', 'plan.json'], SECRETS);
    expect(saved.code).toBe(0);
    const planJson = await ws.read('plan.json');
    expect(planJson).not.toContain(v1.slice(-20, -1));
    expect(planJson).not.toMatch(/\[credential|v2:/);

    const apply = await ws.run(['apply', '--config', 'acct'], SECRETS);
    expect(apply.stdout).toContain(`✓ update webhook "${name}"`);
    expect(apply.stdout).toContain('Verified: Zendesk now matches acct/.');
    expect(apply.code).toBe(0);
    expect(String(live()?.description)).toMatch(/^Pages the escalations rotation \[credential v2:[0-9a-f]{32}\]$/);
    expect((live()?.authentication as { data?: { token?: string } }).data?.token).toBe(LONG_LIVED.webhooks.escalationsPagerToken);
    expect(`${apply.stdout}${apply.stderr}`).not.toContain(LONG_LIVED.webhooks.escalationsPagerToken);
  });

  it('6. a macro\'s attachments are shown, kept by an update, and a create that would lose them warns', async () => {
    const path = 'acct/macros/send-the-returns-label.yaml';
    expect(await ws.read(path)).toMatch(/attachments:\n\s+- returns-label.pdf\n\s+- returns-steps.png/);
    await ws.edit(path, 'the steps to send the item back.', 'the steps to send the item back within 30 days.');
    const plan = await ws.run(['plan', '--config', 'acct']);
    expect(plan.stdout).toContain('! keeps its 2 attachments (returns-label.pdf, returns-steps.png), which config/ does not change');
    expect(plan.stdout).not.toMatch(/attachments.*→/);
    const apply = await ws.run(['apply', '--config', 'acct']);
    expect(apply.code).toBe(0);
    const macro = ws.sandbox.state().collections.macros?.find((m) => m.title === LONG_LIVED.macros.withAttachments);
    expect(macro?.attachments).toEqual(LONG_LIVED.macroAttachments);

    const copy = (await ws.read(path)).replace('title: Send the returns label', 'title: Send the returns label (EU)');
    await ws.write('acct/macros/send-the-returns-label-eu.yaml', copy);
    const create = await ws.run(['plan', '--config', 'acct']);
    expect(create.stdout).toContain('+ create macro "Send the returns label (EU)"');
    expect(create.stdout).toContain('! created without its attachments (returns-label.pdf, returns-steps.png)');
    expect(problems(create)).toContainEqual(expect.stringMatching(/send-the-returns-label-eu.yaml:\d+:\d+: warning: this macro is created without its attachments/));
    await rm(join(ws.dir, 'acct/macros/send-the-returns-label-eu.yaml'));
  });

  it('7. an SLA policy filtered on a form keeps the form id a JSON number through an edit', async () => {
    await ws.edit('acct/sla_policies/billing-form-first-reply.yaml', 'target: 60', 'target: 30');
    const apply = await ws.run(['apply', '--config', 'acct']);
    expect(apply.code).toBe(0);
    const policy = ws.sandbox.state().collections.sla_policies?.find((p) => p.title === LONG_LIVED.slaPolicies.ticketFormNumber);
    expect((policy?.filter as { all: { field: string; value: unknown }[] }).all).toContainEqual({ field: 'ticket_form_id', operator: 'is', value: LONG_LIVED.ticketForms.billingRequest });
  });

  it('the next two plans exit 0', async () => {
    const env = SECRETS;
    for (let i = 0; i < 2; i++) {
      const plan = await ws.run(['plan', '--config', 'acct', '--detailed-exitcode'], env);
      expect(errors(plan)).toEqual([]);
      expect(plan.stdout).toContain('No changes.');
      expect(plan.code).toBe(0);
    }
  });
});
