/**
 * The long-lived account (`--seed long-lived`): every shape zendesk-real-shapes.md lists,
 * read back through node-zendesk over HTTP exactly as a real account would serve it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LONG_LIVED, longLivedSeed } from '../../scripts/sandbox/zendesk/long-lived-seed.ts';
import type { ZendeskSandbox } from '../../scripts/sandbox/zendesk/server.ts';
import { api, byName, startSandbox, zendeskClient, type ZendeskClient } from './harness.ts';

let sandbox: ZendeskSandbox;
let client: ZendeskClient;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: longLivedSeed() });
  client = zendeskClient(sandbox);
});
afterAll(() => sandbox.close());

const named = (records: any[], key: string, value: string) => records.filter((record) => record[key] === value);

describe('business rules as real accounts hold them', () => {
  it('serves Zendesk\'s pending reminders unedited: no status condition, inactive, at 9998/9999, no description', async () => {
    const automations = await client.automations.list();
    const day = byName(automations, 'title', LONG_LIVED.automations.pending24Hours);
    const fiveDays = byName(automations, 'title', LONG_LIVED.automations.pending5Days);
    expect(day.conditions).toEqual({
      all: [
        { field: 'PENDING', operator: 'is', value: '24' },
        { field: 'ticket_is_public', operator: 'is', value: 'public' },
      ],
      any: [],
    });
    expect(fiveDays.conditions.all[0]).toEqual({ field: 'PENDING', operator: 'is', value: '120' });
    expect([day.active, day.position, fiveDays.active, fiveDays.position]).toEqual([false, 9998, false, 9999]);
    for (const automation of automations) {
      expect(automation).not.toHaveProperty('description');
      expect(automation).not.toHaveProperty('default');
    }
    expect(byName(automations, 'title', LONG_LIVED.automations.closeSolved).position).toBe(0);
  });

  it('keeps via_id numbers as numbers next to OPEN is "0"', async () => {
    const automation = byName(await client.automations.list(), 'title', LONG_LIVED.automations.viaChannels);
    expect(automation.conditions).toEqual({
      all: [{ field: 'OPEN', operator: 'is', value: '0' }],
      any: [
        { field: 'via_id', operator: 'is', value: 30 },
        { field: 'via_id', operator: 'is', value: 26 },
      ],
    });
  });

  it('serves triggers at positions 0 and 9998–10001, two sharing one, in two categories', async () => {
    const triggers = await client.triggers.list();
    const positions = triggers.map((trigger: { position: number }) => trigger.position);
    expect(positions).toEqual(expect.arrayContaining([0, 9998, 9999, 10000, 10001]));
    expect(new Set(positions).size).toBeLessThan(positions.length);
    expect(new Set(triggers.map((trigger: { category_id: string }) => trigger.category_id))).toEqual(
      new Set([LONG_LIVED.triggerCategories.notifications, LONG_LIVED.triggerCategories.routing]),
    );
    expect(triggers.filter((trigger: object) => !('default' in trigger)).length).toBeGreaterThan(0);
    expect(triggers.filter((trigger: object) => 'default' in trigger).length).toBeGreaterThan(0);
    const withDescription = triggers.filter((trigger: { description: unknown }) => trigger.description !== null);
    expect(withDescription.map((trigger: { title: string }) => trigger.title)).toEqual([LONG_LIVED.triggers.retiredProductArea]);
  });

  it('serves the trigger values real accounts hold, types included', async () => {
    const triggers = await client.triggers.list();
    const trigger = (title: string) => byName(triggers, 'title', title);
    const { productArea } = LONG_LIVED.ticketFields;

    expect(trigger(LONG_LIVED.triggers.notificationTarget).actions[0]).toEqual({
      field: 'notification_target',
      value: [String(LONG_LIVED.targets.legacyCrmHook), expect.stringContaining('{{ticket.id}}')],
    });
    expect(trigger(LONG_LIVED.triggers.retiredProductArea).conditions.all).toContainEqual({
      field: `custom_fields_${productArea.retired}`, operator: 'is', value: productArea.retiredOptionTag,
    });
    expect(trigger(LONG_LIVED.triggers.activeProductArea).conditions.all).toContainEqual({
      field: `custom_fields_${productArea.active}`, operator: 'is', value: productArea.activeOptionTag,
    });
    expect(trigger(LONG_LIVED.triggers.orderNumber).conditions.all).toContainEqual({
      field: `custom_fields_${LONG_LIVED.ticketFields.orderNumbers[0]}`, operator: 'present',
    });
    expect(trigger(LONG_LIVED.triggers.nullAndBooleanValues).conditions.all).toEqual(expect.arrayContaining([
      { field: 'assignee_id', operator: 'not_changed', value: null },
      { field: 'comment_is_public', operator: 'is', value: true },
    ]));
    expect(trigger(LONG_LIVED.triggers.dynamicContentTitle).raw_title).toBe('{{dc.escalation_notice}}');
    expect(trigger(LONG_LIVED.triggers.sideConversation).actions[0].value[2]).toBe(
      `SupportAssignable:support_assignable/group/${LONG_LIVED.groups.escalations[1]}`,
    );
  });

  it('has rules pointing at each duplicated name: the inactive, retired and second records', async () => {
    const triggers = await client.triggers.list();
    const values = (title: string) => {
      const trigger = byName(triggers, 'title', title);
      return [...trigger.conditions.all, ...trigger.actions].map((entry: { field: string; value: unknown }) => [entry.field, entry.value]);
    };
    expect(values(LONG_LIVED.triggers.retiredProductArea)).toContainEqual(['group_id', String(LONG_LIVED.groups.escalations[0])]);
    expect(values(LONG_LIVED.triggers.legacyLookups)).toEqual(expect.arrayContaining([
      ['brand_id', String(LONG_LIVED.brands.inactiveAcmeSupport)],
      ['ticket_form_id', String(LONG_LIVED.ticketForms.inactiveBillingRequest)],
      ['set_schedule', String(LONG_LIVED.schedules.supportHours[1])],
      ['custom_status_id', String(LONG_LIVED.customStatuses.inactiveWaitingOnEngineering)],
    ]));
    const slack = values(LONG_LIVED.triggers.inactiveWebhookAndAgent);
    expect(slack).toContainEqual(['notification_webhook', [LONG_LIVED.webhooks.inactiveSlackLiveFeed, expect.any(String)]]);
    expect(slack).toContainEqual(['notification_user', [String(LONG_LIVED.agent.id), expect.any(String), expect.any(String)]]);
  });

  it('serves macros with attachments, one without raw_title, all without default', async () => {
    const macros = await client.macros.listByParams({});
    const withAttachments = byName(macros, 'title', LONG_LIVED.macros.withAttachments);
    expect(withAttachments).toMatchObject({ description: null, attachments: LONG_LIVED.macroAttachments });
    expect(byName(macros, 'title', LONG_LIVED.macros.withoutRawTitle)).not.toHaveProperty('raw_title');
    expect(macros.some((macro: object) => 'default' in macro)).toBe(false);

    const { result } = await client.macros.get(['macros', withAttachments.id, 'attachments']);
    expect(result.macro_attachments.map((attachment: { id: number }) => attachment.id)).toEqual(LONG_LIVED.macroAttachments);
    expect(result.macro_attachments[0]).toEqual({
      id: LONG_LIVED.macroAttachments[0],
      filename: 'returns-label.pdf',
      content_type: 'application/pdf',
      size: 48213,
      content_url: `${sandbox.url}/api/v2/macros/attachments/${LONG_LIVED.macroAttachments[0]}/content`,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const one = await client.macros.get(['macros', 'attachments', LONG_LIVED.macroAttachments[1]]);
    expect(one.result.macro_attachment).toMatchObject({ filename: 'returns-steps.png', content_type: 'image/png' });
    expect((await api(sandbox, 'GET', 'macros/attachments/42.json')).status).toBe(404);
  });

  it('keeps a number in an SLA filter a number', async () => {
    const [page] = await client.policies.list();
    const policy = byName(page.sla_policies, 'title', LONG_LIVED.slaPolicies.ticketFormNumber);
    expect(policy.filter.all).toEqual([{ field: 'ticket_form_id', operator: 'is', value: LONG_LIVED.ticketForms.billingRequest }]);
    expect(typeof policy.filter.all[0].value).toBe('number');
    expect(byName(page.sla_policies, 'title', LONG_LIVED.slaPolicies.ordinary)).toBeDefined();
  });
});

describe('reference data sharing names', () => {
  it('lists the retired "Product area" (older, inactive, its own options) and two active "Order number" fields', async () => {
    const fields = await client.ticketfields.list();
    const productAreas = named(fields, 'title', 'Product area');
    expect(productAreas.map((field) => [field.id, field.active])).toEqual(
      expect.arrayContaining([[LONG_LIVED.ticketFields.productArea.retired, false], [LONG_LIVED.ticketFields.productArea.active, true]]),
    );
    expect(LONG_LIVED.ticketFields.productArea.retired).toBeLessThan(LONG_LIVED.ticketFields.productArea.active);
    const retired = byName(productAreas, 'active', false as never);
    expect(retired.custom_field_options.map((option: { value: string }) => option.value)).toEqual([
      'legacy_area_billing', 'legacy_area_hardware', 'legacy_area_api',
    ]);
    const orderNumbers = named(fields, 'title', 'Order number');
    expect(orderNumbers.map((field) => [field.type, field.active])).toEqual([['text', true], ['text', true]]);
  });

  it('lists the deleted "Billing" group beside the live one unless exclude_deleted=true, and two "Escalations"', async () => {
    const groups = await client.groups.list();
    expect(named(groups, 'name', 'Billing').map((group) => [group.id, group.deleted])).toEqual(
      expect.arrayContaining([[LONG_LIVED.groups.billing, false], [LONG_LIVED.groups.deletedBilling, true]]),
    );
    expect(named(groups, 'name', 'Escalations').map((group) => group.id)).toEqual(LONG_LIVED.groups.escalations);

    const live = await client.groups.getAll(['groups', { exclude_deleted: true }]);
    expect(named(live, 'name', 'Billing').map((group) => group.id)).toEqual([LONG_LIVED.groups.billing]);
    expect(live).toHaveLength(groups.length - 1);
  });

  it('lists brands, forms, schedules, webhooks and custom statuses that share a name', async () => {
    const brands = named((await api(sandbox, 'GET', 'brands.json')).body.brands, 'name', 'Acme Support');
    expect(brands.map((brand) => [brand.id, brand.active])).toEqual(
      expect.arrayContaining([[LONG_LIVED.brands.acmeSupport, true], [LONG_LIVED.brands.inactiveAcmeSupport, false]]),
    );
    const forms = named((await api(sandbox, 'GET', 'ticket_forms.json')).body.ticket_forms, 'name', 'Billing request');
    expect(forms.map((form) => [form.id, form.active])).toEqual(
      expect.arrayContaining([[LONG_LIVED.ticketForms.billingRequest, true], [LONG_LIVED.ticketForms.inactiveBillingRequest, false]]),
    );
    const schedules = named((await api(sandbox, 'GET', 'business_hours/schedules.json')).body.schedules, 'name', 'Support hours');
    expect(schedules.map((schedule) => schedule.id)).toEqual(LONG_LIVED.schedules.supportHours);

    const webhooks = named(await client.webhooks.list(), 'name', 'Slack live feed');
    expect(webhooks.map((webhook) => [webhook.id, webhook.status])).toEqual(
      expect.arrayContaining([[LONG_LIVED.webhooks.slackLiveFeed, 'active'], [LONG_LIVED.webhooks.inactiveSlackLiveFeed, 'inactive']]),
    );
    const statuses = named((await api(sandbox, 'GET', 'custom_statuses.json')).body.custom_statuses, 'agent_label', 'Waiting on engineering');
    expect(statuses.map((status) => [status.id, status.active])).toEqual(
      expect.arrayContaining([
        [LONG_LIVED.customStatuses.waitingOnEngineering, true],
        [LONG_LIVED.customStatuses.inactiveWaitingOnEngineering, false],
      ]),
    );
  });

  it('has an agent whose email has capitals, found by search in any case', async () => {
    const agents = await client.users.list();
    expect(byName(agents, 'email', 'Chris.Lead@Example.com')).toMatchObject({ id: LONG_LIVED.agent.id, role: 'agent' });
    const found = (await api(sandbox, 'GET', `users/search.json?query=${encodeURIComponent('email:chris.lead@example.com')}`)).body.users;
    expect(found.map((user: { id: number }) => user.id)).toEqual([LONG_LIVED.agent.id]);
  });

  it('serves a webhook with an empty description and a bearer token it never shows', async () => {
    const pagerDuty = byName(await client.webhooks.list(), 'name', LONG_LIVED.webhooks.bearerEmptyDescription);
    expect(pagerDuty).toMatchObject({ id: LONG_LIVED.webhooks.pagerDuty, description: '', authentication: { type: 'bearer_token', add_position: 'header' } });
    expect(JSON.stringify(pagerDuty)).not.toContain('sandbox-secret');
  });

  it('serves the legacy targets: a url_target_v2 and an email target, with offset keys', async () => {
    const reply = await api(sandbox, 'GET', 'targets.json');
    expect(reply.body).toMatchObject({ next_page: null, previous_page: null, count: 2 });
    expect(reply.body.targets).toEqual([
      expect.objectContaining({ id: LONG_LIVED.targets.legacyCrmHook, title: 'Legacy CRM hook', type: 'url_target_v2', target_url: expect.any(String), method: 'post' }),
      expect.objectContaining({ id: LONG_LIVED.targets.opsMailbox, title: 'Ops mailbox', type: 'email_target', email: 'ops@example.com' }),
    ]);
    expect(reply.body.targets[0]).not.toHaveProperty('password');

    expect((await client.targets.list()).map((target: { title: string }) => target.title)).toEqual(['Legacy CRM hook', 'Ops mailbox']);
    const { result } = await client.targets.show(LONG_LIVED.targets.opsMailbox);
    expect(result).toMatchObject({ url: `${sandbox.url}/api/v2/targets/${LONG_LIVED.targets.opsMailbox}.json`, subject: 'Zendesk: {{ticket.title}}' });
    expect((await api(sandbox, 'GET', 'targets/1.json')).status).toBe(404);
  });
});

describe('list envelopes as real accounts answer them', () => {
  it('serves a webhook an earlier version of the tool managed: a v1 fingerprint at the end of its description, the token never shown', async () => {
    const pager = byName(await client.webhooks.list(), 'name', LONG_LIVED.webhooks.v1Fingerprint);
    expect(pager).toMatchObject({ id: LONG_LIVED.webhooks.escalationsPager, authentication: { type: 'bearer_token', add_position: 'header' } });
    expect(pager.description).toMatch(/^Pages the escalations rotation \[credential [0-9a-f]{16}\]$/);
    expect(JSON.stringify(pager)).not.toContain(LONG_LIVED.webhooks.escalationsPagerToken);
  });

  it('answers webhooks as just {webhooks, meta: {has_more: false}}, which node-zendesk lists in full', async () => {
    const reply = await api(sandbox, 'GET', 'webhooks');
    expect(Object.keys(reply.body).sort()).toEqual(['meta', 'webhooks']);
    expect(reply.body.meta).toEqual({ has_more: false });
    expect(await client.webhooks.list()).toHaveLength(reply.body.webhooks.length);

    const paged = await api(sandbox, 'GET', 'webhooks?page[size]=1');
    expect(paged.body.meta.has_more).toBe(true);
    expect(paged.body.links.next).toContain('page%5Bafter%5D');
  });

  it('reports a custom status count that disagrees with the statuses it returns', async () => {
    const reply = await api(sandbox, 'GET', 'custom_statuses.json');
    expect(reply.body.custom_statuses).toHaveLength(LONG_LIVED.customStatuses.listed);
    expect(reply.body.count).toBe(LONG_LIVED.customStatuses.reportedCount);
    expect(reply.body.count).toBeGreaterThan(reply.body.custom_statuses.length);
  });

  it('answers schedules with no pagination keys at all', async () => {
    const reply = await api(sandbox, 'GET', 'business_hours/schedules.json');
    expect(Object.keys(reply.body)).toEqual(['schedules']);
  });

  it('answers an offset request for trigger categories cursor-style', async () => {
    const reply = await api(sandbox, 'GET', 'trigger_categories.json?page=1&per_page=1');
    expect(reply.body).not.toHaveProperty('count');
    expect(reply.body).not.toHaveProperty('next_page');
    expect(reply.body.meta).toMatchObject({ has_more: false });
    expect(reply.body.trigger_categories.map((category: { name: string }) => category.name)).toEqual(['Notifications', 'Routing']);
  });

  it('keeps its quirks across a restart from its state file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'long-lived-'));
    try {
      const statePath = join(dir, 'state.json');
      await (await startSandbox({ statePath, seed: longLivedSeed() })).close();
      const restarted = await startSandbox({ statePath });
      try {
        expect((await api(restarted, 'GET', 'webhooks')).body.meta).toEqual({ has_more: false });
        expect((await api(restarted, 'GET', 'custom_statuses')).body.count).toBe(LONG_LIVED.customStatuses.reportedCount);
      } finally {
        await restarted.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('writes keep what real accounts send', () => {
  it('keeps a macro\'s attachments when a PUT leaves them out, and replaces them when it names them', async () => {
    const macro = byName(await client.macros.listByParams({}), 'title', LONG_LIVED.macros.withAttachments);
    const { result } = await client.macros.update(macro.id, { macro: { title: 'Send the returns label (EU)' } });
    expect(result.macro).toMatchObject({ title: 'Send the returns label (EU)', attachments: LONG_LIVED.macroAttachments });

    const replaced = await client.macros.update(macro.id, { macro: { attachments: [LONG_LIVED.macroAttachments[1]] } });
    expect(replaced.result.macro.attachments).toEqual([LONG_LIVED.macroAttachments[1]]);
    const listed = await client.macros.get(['macros', macro.id, 'attachments']);
    expect(listed.result.macro_attachments.map((attachment: { id: number }) => attachment.id)).toEqual([LONG_LIVED.macroAttachments[1]]);
  });

  it('accepts attachment ids on a new macro and refuses unknown ones with 422', async () => {
    const { result } = await client.macros.create({
      macro: { title: 'Returns, with label', attachments: LONG_LIVED.macroAttachments, actions: [{ field: 'status', value: 'pending' }] },
    });
    expect(result.macro.attachments).toEqual(LONG_LIVED.macroAttachments);

    const unknown = await api(sandbox, 'POST', 'macros.json', {
      macro: { title: 'Ghost attachment', attachments: [42], actions: [{ field: 'status', value: 'open' }] },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.details.attachments[0].description).toContain('42');
    const tooMany = await api(sandbox, 'PUT', `macros/${result.macro.id}.json`, {
      macro: { attachments: [...LONG_LIVED.macroAttachments, ...LONG_LIVED.macroAttachments, ...LONG_LIVED.macroAttachments] },
    });
    expect(tooMany.status).toBe(422);
    expect((await api(sandbox, 'GET', `macros/${result.macro.id}.json`)).body.macro.attachments).toEqual(LONG_LIVED.macroAttachments);
  });

  it('stores SLA filter and rule condition values with the JSON types they were sent with', async () => {
    const created = await client.policies.create({
      sla_policy: {
        title: 'Billing form, Americas',
        filter: { all: [{ field: 'ticket_form_id', operator: 'is', value: LONG_LIVED.ticketForms.billingRequest }], any: [] },
        policy_metrics: [{ priority: 'normal', metric: 'first_reply_time', target: 480, business_hours: true }],
      },
    });
    const id = created.result.sla_policy.id;
    const shown = (await client.policies.show(id)).result.sla_policy;
    expect(shown.filter.all[0].value).toBe(LONG_LIVED.ticketForms.billingRequest);

    const conditions = {
      all: [
        { field: 'update_type', operator: 'is', value: 'Change' },
        { field: 'assignee_id', operator: 'not_changed', value: null },
        { field: 'comment_is_public', operator: 'is', value: true },
      ],
      any: [{ field: 'via_id', operator: 'is', value: 30 }],
    };
    const trigger = await client.triggers.create({ trigger: { title: 'Typed values', conditions, actions: [{ field: 'priority', value: 'high' }] } });
    expect((await client.triggers.show(trigger.result.id)).result.conditions).toEqual(conditions);
  });

  it('accepts Zendesk\'s pending reminder created as shipped', async () => {
    const pending = byName(await client.automations.list(), 'title', LONG_LIVED.automations.pending24Hours);
    const { result } = await client.automations.create({
      automation: { title: 'Pending notification 48 hours', active: false, conditions: { ...pending.conditions, all: [{ ...pending.conditions.all[0], value: '48' }, pending.conditions.all[1]] }, actions: pending.actions },
    });
    expect(result.conditions.all).toEqual([
      { field: 'PENDING', operator: 'is', value: '48' },
      { field: 'ticket_is_public', operator: 'is', value: 'public' },
    ]);
  });
});
