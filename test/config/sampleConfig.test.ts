import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../scripts/config/load.ts';
import { validateConfig } from '../../scripts/config/validate.ts';
import { shown } from './helpers.ts';
import { sampleLookups } from './sampleLookups.ts';

describe('the sample config/', () => {
  it('loads and validates against the sandbox account with no diagnostics at all', async () => {
    const { config, diagnostics } = await loadConfig('config', {
      env: {
        ZENDESK_WEBHOOK_SECRET_SLACK_LIVE_FEED: 'xoxb-sample-5d0c9f3e7a1b46e2b8c4',
        ZENDESK_WEBHOOK_SECRET_SLA_BREACH_ALERTS: 'sla-sample-93f1c7a0e5d24b68a1f7',
        ZENDESK_WEBHOOK_FINGERPRINT_KEY: 'sample-key-6b1e9d4c2a7f',
      },
    });
    expect(shown(diagnostics)).toEqual([]);
    expect(shown(validateConfig(config, sampleLookups()))).toEqual([]);
  });

  it('declares what the team runs', async () => {
    const { config } = await loadConfig('config');
    expect(config.order.triggers.map((category) => [category.category, category.triggers.map((trigger) => trigger.key)])).toEqual([
      ['Intake', ['Add organization notes to new tickets']],
      ['Routing', ['Route billing tickets to Billing', 'Tag emergencies as urgent', 'Auto-reply outside business hours']],
      ['Notifications', ['Slack live feed - ticket created', 'Slack live feed - ticket updated']],
    ]);
    expect((config.order.lists.sla_policies ?? []).map((policy) => policy.key)).toEqual(['Emergency', 'Social channels', 'Posted issues and other', 'Regular tickets']);
    expect(config.objects.macros.map((macro) => macro.key).sort()).toEqual([
      'Billing::Refund issued', 'Escalations::Tier 1', 'Escalations::Tier 2', 'Escalations::Tier 3',
    ]);
    expect(config.objects.webhooks.map((webhook) => webhook.key).sort()).toEqual(['SLA breach alerts', 'Slack live feed']);
    expect(config.settings.prune).toEqual({ webhooks: false, trigger_categories: false, dynamic_content: false, ticket_fields: false, ticket_forms: false, triggers: false, automations: false, macros: false, sla_policies: false, views: false });
    const autoReply = config.objects.triggers.find((trigger) => trigger.key === 'Auto-reply outside business hours');
    expect(autoReply?.spec.active).toBe(false);
  });

  it('keeps placeholders exactly as written', async () => {
    const { config } = await loadConfig('config');
    const notes = config.objects.triggers.find((trigger) => trigger.key === 'Add organization notes to new tickets');
    expect(notes?.spec.actions).toContainEqual({ field: 'comment_value_html', value: '{{ticket.organization.notes}}' });
    const slack = config.objects.triggers.find((trigger) => trigger.key === 'Slack live feed - ticket created');
    const [webhook, payload] = slack?.spec.actions[0].value as [string, string];
    expect(webhook).toBe('Slack live feed');
    expect(JSON.parse(payload)).toMatchObject({ ticket_id: '{{ticket.id}}', url: '{{ticket.url}}' });
  });
});
