/**
 * What the shapes of Zendesk's answers accept and how they word a refusal: real accounts'
 * nulls and absences pass (../shared/reference/zendesk-real-shapes.md), a surprise is named
 * by object and JSON path, and quoted text is masked.
 */
import { describe, expect, it } from 'vitest';
import { KIND_DEFINITIONS } from '../../scripts/kinds/registry.ts';
import { checkAnswer, checkEnvelope, checkList, ZendeskShapeError } from '../../scripts/zendesk/shapes.ts';
import { ZendeskApiError } from '../../scripts/zendesk/errors.ts';

const at = (what: string, path = 'triggers') => ({ method: 'GET', path, what });
const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('accepted');
};

describe('real accounts\' answers pass', () => {
  it('a trigger with a null description, no raw_title, a null and a boolean condition value, and null lists', () => {
    const trigger = {
      id: 1, title: 'Notify assignee of public replies', description: null, active: true, position: 9998, category_id: '10',
      conditions: { all: [{ field: 'assignee_id', operator: 'not_changed', value: null }, { field: 'comment_is_public', operator: 'is', value: true }], any: null },
      actions: [{ field: 'notification_target', value: ['123', '{"a": 1}'] }],
    };
    expect(checkList([trigger], KIND_DEFINITIONS.triggers.answer, at('trigger'))).toEqual([trigger]);
  });

  it('an SLA filter holding a number, a macro with attachment ids and no raw_title, a webhook with "" as description', () => {
    const sla = {
      id: 2, title: 'Billing form first reply', description: null,
      filter: { all: [{ field: 'ticket_form_id', operator: 'is', value: 1500002488481 }] },
      policy_metrics: [{ priority: 'low', metric: 'first_reply_time', target: 1440, business_hours: false }],
    };
    const macro = { id: 360111062754, title: 'Escalate', description: null, restriction: null, attachments: [11, 12], actions: [] };
    const webhook = { id: '01GZ', name: 'PagerDuty events', description: '', endpoint: 'https://x', http_method: 'POST', request_format: 'json', status: 'active', authentication: { type: 'bearer_token', add_position: 'header' } };
    expect(() => checkAnswer(sla, KIND_DEFINITIONS.sla_policies.answer, at('SLA policy', 'slas/policies'))).not.toThrow();
    expect(() => checkAnswer(macro, KIND_DEFINITIONS.macros.answer, at('macro', 'macros'))).not.toThrow();
    expect(() => checkAnswer(webhook, KIND_DEFINITIONS.webhooks.answer, at('webhook', 'webhooks'))).not.toThrow();
  });

  it('an envelope whose list is null reads as empty', () => {
    expect(checkEnvelope({ macro_attachments: null }, 'macro_attachments', KIND_DEFINITIONS.macros.answer, at('macro attachment'))).toEqual([]);
  });
});

describe('a surprise is one line: request, object, JSON path', () => {
  it('a missing title', () => {
    const error = refusal(() => checkList([{ id: 7, conditions: null }], KIND_DEFINITIONS.automations.answer, at('automation', 'automations')));
    expect(error).toBeInstanceOf(ZendeskShapeError);
    // The existing explanation path reads it as a Zendesk API error, so nothing upstream needs to know it.
    expect(error).toBeInstanceOf(ZendeskApiError);
    expect((error as Error).message).toBe('Zendesk answered GET /api/v2/automations with an automation (id 7) whose title is missing, expected a string');
  });

  it('an object where a list was expected, named by id and title, the title masked', () => {
    const error = refusal(() => checkAnswer({ id: 3, title: 'Bearer abcdefghijklmnop1234', actions: { field: 'x' } }, KIND_DEFINITIONS.triggers.answer, at('trigger')));
    expect((error as Error).message).toBe('Zendesk answered GET /api/v2/triggers with a trigger (id 3, "Bearer [redacted]") whose actions is an object, expected a list');
  });

  it('a list answer that is not a list', () => {
    const error = refusal(() => checkList(null, KIND_DEFINITIONS.views.answer, at('view', 'views')));
    expect((error as Error).message).toBe('Zendesk answered GET /api/v2/views with null where a list of views was expected');
  });
});
