/**
 * A starting account that looks like a real mid-size Zendesk: Zendesk's shipped default
 * triggers/automations/macros exactly as real accounts return them (never edited to suit
 * a rule of ours: zendesk-real-shapes.md, "Seed the sandbox with these shapes, unedited")
 * plus the groups, agents, fields, webhooks, organizations and customers the sample
 * config refers to by name. Record builders live in seed-records.ts. Lookup records get explicit ids because
 * other records point at them; rules get theirs from the store, in this order, so ids are
 * stable per seed. Records added later draw their ids after all earlier ones, so adding to
 * the seed never renumbers what was there.
 */
import { addCsatRatings } from './csat-seed.ts';
import {
  brand,
  customStatus,
  membership,
  options,
  organization,
  organizationField,
  schedule,
  systemField,
  taggerField,
  ticketForm,
  user,
  webhook,
} from './seed-records.ts';
import type { SandboxRecord, SandboxState } from './state.ts';

const FIRST_ID = 1_500_000_000_001;

export function defaultSeed(): SandboxState {
  let next = FIRST_ID;
  const id = () => next++;

  const groups = {
    support: { id: id(), name: 'Support', description: 'First point of contact for every request', default: true },
    tier1: { id: id(), name: 'Tier 1', description: 'General questions and how-tos', default: false },
    tier2: { id: id(), name: 'Tier 2', description: 'Troubleshooting and integrations', default: false },
    tier3: { id: id(), name: 'Tier 3', description: 'Escalations to engineering', default: false },
    billing: { id: id(), name: 'Billing', description: 'Invoices, refunds and plan changes', default: false },
  };
  const groupRecords = Object.values(groups).map((group) => ({ ...group, deleted: false, is_public: true }));

  const users = [
    user(id(), 'Avery Admin', 'admin@example.com', 'admin', groups.support.id),
    user(id(), 'Lee Tier1', 'lee@example.com', 'agent', groups.tier1.id),
    user(id(), 'Sam Tier2', 'sam@example.com', 'agent', groups.tier2.id),
    user(id(), 'Kim Tier3', 'kim@example.com', 'agent', groups.tier3.id),
    user(id(), 'Pat Billing', 'pat@example.com', 'agent', groups.billing.id),
    user(id(), 'Jordan Rivera', 'jordan.rivera@customer.example', 'end-user'),
    user(id(), 'Morgan Chen', 'morgan.chen@customer.example', 'end-user'),
  ];
  const admin = users[0];

  const customStatuses = [
    customStatus(id(), 'new', 'New', 'Open', true),
    customStatus(id(), 'open', 'Open', 'Open', true),
    customStatus(id(), 'pending', 'Pending', 'Awaiting your reply', true),
    customStatus(id(), 'hold', 'On-hold', 'Open', true),
    customStatus(id(), 'solved', 'Solved', 'Solved', true),
    customStatus(id(), 'open', 'Waiting on engineering', 'In progress', false),
  ];

  const ticketFields = [
    systemField(id(), 'subject', 'Subject', { required: true, required_in_portal: true }),
    systemField(id(), 'description', 'Description', { required: true, required_in_portal: true }),
    systemField(id(), 'status', 'Status', {
      system_field_options: options(['New', 'new'], ['Open', 'open'], ['Pending', 'pending'], ['On-hold', 'hold'], ['Solved', 'solved']),
    }),
    systemField(id(), 'tickettype', 'Type', {
      system_field_options: options(['Question', 'question'], ['Incident', 'incident'], ['Problem', 'problem'], ['Task', 'task']),
    }),
    systemField(id(), 'priority', 'Priority', {
      system_field_options: options(['Low', 'low'], ['Normal', 'normal'], ['High', 'high'], ['Urgent', 'urgent']),
    }),
    systemField(id(), 'group', 'Group', {}),
    systemField(id(), 'assignee', 'Assignee', { required: true }),
    systemField(id(), 'custom_status', 'Ticket status', {
      custom_statuses: customStatuses.map(({ id: statusId, status_category, agent_label, end_user_label, active }) => ({
        id: statusId,
        status_category,
        agent_label,
        end_user_label,
        active,
      })),
    }),
    taggerField(id(), 'Product area', 'Which part of the product the request is about', [
      [id(), 'Billing', 'product_billing'],
      [id(), 'Integrations', 'product_integrations'],
      [id(), 'Mobile app', 'product_mobile_app'],
    ]),
    taggerField(id(), 'Customer plan', 'The plan the requester’s organization is on', [
      [id(), 'Free', 'plan_free'],
      [id(), 'Pro', 'plan_pro'],
      [id(), 'Premium', 'plan_premium'],
    ]),
  ];
  const fieldIds = ticketFields.map((field) => field.id as number);

  const defaultForm = ticketForm(id(), 'Default ticket form', 'Submit a request', 1, true, fieldIds);
  const billingForm = ticketForm(id(), 'Billing request', 'Billing question', 2, false, fieldIds);

  const supportHours = schedule(id(), 'Support hours', 'Eastern Time (US & Canada)', 9, 17);
  const emeaHours = schedule(id(), 'EMEA business hours', 'London', 8, 17);

  const notifications = { id: String(id()), name: 'Notifications', position: 1 };

  const state: SandboxState = {
    version: 1,
    nextId: next,
    collections: {
      groups: groupRecords,
      users,
      brands: [
        brand(id(), 'Acme Support', 'acme', true, [defaultForm.id, billingForm.id]),
        brand(id(), 'Acme Labs', 'acmelabs', false, [defaultForm.id]),
      ],
      schedules: [supportHours, emeaHours],
      custom_statuses: customStatuses,
      ticket_fields: ticketFields,
      ticket_forms: [defaultForm, billingForm],
      organization_fields: [
        organizationField(id(), 'salesforce_id', 'text', 'Salesforce ID', 1, []),
        organizationField(id(), 'support_tier', 'dropdown', 'Support tier', 2, [
          [id(), 'Standard', 'tier_standard'],
          [id(), 'Premium', 'tier_premium'],
          [id(), 'Enterprise', 'tier_enterprise'],
        ]),
      ],
      user_fields: [
        {
          id: id(),
          key: 'preferred_language',
          type: 'text',
          title: 'Preferred language',
          raw_title: 'Preferred language',
          description: 'Language the customer prefers to be answered in',
          raw_description: 'Language the customer prefers to be answered in',
          position: 1,
          active: true,
          system: false,
          regexp_for_validation: null,
          tag: null,
        },
      ],
      webhooks: [
        webhook(id(), 'Slack live feed', 'Posts every new and updated ticket to #support-feed', 'https://hooks.slack.com/services/EXAMPLE/LIVE/FEED', admin),
        webhook(id(), 'SLA breach alerts', 'Pages the on-call lead when an SLA is about to breach', 'https://hooks.slack.com/services/EXAMPLE/SLA/ALERTS', admin),
      ],
      trigger_categories: [notifications],
      triggers: defaultTriggers(notifications.id),
      automations: defaultAutomations(),
      macros: defaultMacros(),
      sla_policies: [],
      views: defaultViews(),
      organizations: [],
      organization_memberships: [],
      job_statuses: [],
      ...dynamicContent(),
    },
  };
  addCustomers(state, id);
  addSalesforceFields(state, id);
  addCsatRatings(state, id);
  state.nextId = next;
  return state;
}

/**
 * The organizations and end users the organizations config examples use: Acme Corp
 * (external id, Salesforce id, enterprise tier, two members), Globex (Salesforce id only),
 * Initech (external id only), one member each. Jordan and Morgan stay without organization.
 */
function addCustomers(state: SandboxState, id: () => number): void {
  const collections = state.collections;
  const acme = organization(id(), 'Acme Corp', {
    external_id: 'acme',
    domain_names: ['acme.example'],
    notes: 'Solutions architect: Dana Lee',
    tags: ['enterprise'],
    organization_fields: { salesforce_id: '0015g0000000001AAA', support_tier: 'tier_enterprise' },
  });
  const globex = organization(id(), 'Globex', { organization_fields: { salesforce_id: '0015g0000000002AAA', support_tier: null } });
  const initech = organization(id(), 'Initech', { external_id: 'initech' });
  const members: [SandboxRecord, SandboxRecord][] = [
    [user(id(), 'Ada Park', 'ada@acme.example', 'end-user'), acme],
    [user(id(), 'Ben Ortiz', 'ben@acme.example', 'end-user'), acme],
    [user(id(), 'Gina Ruiz', 'gina@globex.example', 'end-user'), globex],
    [user(id(), 'Ian Wu', 'ian@initech.example', 'end-user'), initech],
  ];
  collections.organizations = [...(collections.organizations ?? []), acme, globex, initech];
  collections.users = [...(collections.users ?? []), ...members.map(([member, org]) => ({ ...member, organization_id: org.id }))];
  collections.organization_memberships = [
    ...(collections.organization_memberships ?? []),
    ...members.map(([member, org]) => membership(id(), member, org)),
  ];
}

/**
 * The organization fields config/salesforce.yaml fills (issue 12), as real accounts synced
 * from Salesforce carry them: drop-downs whose option values are the mapped tags, a date, a
 * checkbox for organizations whose account is gone. Added after every other record so no
 * id moves; the seeded organizations keep the two keys they had.
 */
function addSalesforceFields(state: SandboxState, id: () => number): void {
  const fields = state.collections.organization_fields ?? [];
  const position = fields.length;
  state.collections.organization_fields = [
    ...fields,
    organizationField(id(), 'account_type', 'dropdown', 'Account type', position + 1, [
      [id(), 'Customer', 'customer'],
      [id(), 'Former customer', 'former_customer'],
    ]),
    organizationField(id(), 'account_owner', 'text', 'Account owner', position + 2, []),
    organizationField(id(), 'support_level', 'dropdown', 'Support level', position + 3, [
      [id(), 'Premium', 'premium'],
      [id(), 'Standard', 'standard'],
    ]),
    organizationField(id(), 'region', 'text', 'Region', position + 4, []),
    organizationField(id(), 'support_expiry', 'date', 'Support expiry', position + 5, []),
    organizationField(id(), 'arr_band', 'dropdown', 'ARR band', position + 6, [
      [id(), 'Under 10k', 'arr_small'],
      [id(), '10k to 100k', 'arr_mid'],
      [id(), '100k and over', 'arr_large'],
    ]),
    organizationField(id(), 'mark_for_deletion', 'checkbox', 'Mark for deletion', position + 7, []),
  ];
}

const NOTIFY_BODY_FOOTER = '\n\n{{ticket.comments_formatted}}';

/**
 * Zendesk's shipped default triggers as real accounts return them (reference §5.1 real
 * item): `description: null` and no `default` key (zendesk-real-shapes.md "Descriptions",
 * "Macros": real rules carry no `default` key).
 */
function defaultTriggers(categoryId: string): SandboxRecord[] {
  const trigger = (title: string, all: unknown[], actions: unknown[]): SandboxRecord => ({
    title,
    raw_title: title,
    description: null,
    active: true,
    category_id: categoryId,
    conditions: { all, any: [] },
    actions,
  });
  return [
    trigger(
      'Notify requester and CCs of received request',
      [
        { field: 'update_type', operator: 'is', value: 'Create' },
        { field: 'status', operator: 'is_not', value: 'solved' },
        { field: 'ticket_is_public', operator: 'is', value: 'public' },
      ],
      [
        {
          field: 'notification_user',
          value: [
            'requester_and_ccs',
            '[{{ticket.account}}] Re: {{ticket.title}}',
            'Your request ({{ticket.id}}) has been received and is being reviewed by our support staff.\n\nTo add additional comments, reply to this email.' +
              NOTIFY_BODY_FOOTER,
          ],
        },
      ],
    ),
    trigger(
      'Notify requester and CCs of comment update',
      [
        { field: 'update_type', operator: 'is', value: 'Change' },
        { field: 'comment_is_public', operator: 'is', value: 'requester_can_see_comment' },
        { field: 'role', operator: 'is_not', value: 'end_user' },
      ],
      [
        {
          field: 'notification_user',
          value: ['requester_and_ccs', '[{{ticket.account}}] Re: {{ticket.title}}', '{{ticket.latest_public_comment_html}}'],
        },
      ],
    ),
    trigger(
      'Notify assignee of assignment',
      [
        { field: 'assignee_id', operator: 'changed' },
        { field: 'assignee_id', operator: 'is_not', value: 'current_user' },
      ],
      [
        {
          field: 'notification_user',
          value: ['assignee_id', '[{{ticket.account}}] Assignment: {{ticket.title}}', 'You have been assigned to this ticket ({{ticket.id}}).' + NOTIFY_BODY_FOOTER],
        },
      ],
    ),
    trigger(
      'Notify assignee of comment update',
      [
        { field: 'update_type', operator: 'is', value: 'Change' },
        { field: 'comment_is_public', operator: 'is', value: 'not_relevant' },
        { field: 'assignee_id', operator: 'is_not', value: 'current_user' },
        { field: 'assignee_id', operator: 'is_not', value: '' },
      ],
      [
        {
          field: 'notification_user',
          value: ['assignee_id', '[{{ticket.account}}] Re: {{ticket.title}}', 'This ticket (#{{ticket.id}}) has been updated.' + NOTIFY_BODY_FOOTER],
        },
      ],
    ),
    trigger(
      'Notify group of assignment',
      [
        { field: 'group_id', operator: 'changed' },
        { field: 'assignee_id', operator: 'is', value: '' },
      ],
      [
        {
          field: 'notification_group',
          value: [
            'group_id',
            '[{{ticket.account}}] Assignment: {{ticket.title}}',
            'A ticket (#{{ticket.id}}) by {{ticket.requester.name}} has been assigned to group {{ticket.group.name}}, of which you are a member.' +
              NOTIFY_BODY_FOOTER,
          ],
        },
      ],
    ),
  ];
}

/**
 * Zendesk's shipped default automations, unedited (reference §6 real examples,
 * zendesk-real-shapes.md "Default automations"): no `description`, no `default` key, the
 * two pending reminders inactive at positions 9998/9999 and testing only PENDING and
 * ticket_is_public: no status condition.
 */
function defaultAutomations(): SandboxRecord[] {
  const pendingReminder = (title: string, hours: string, position: number): SandboxRecord => ({
    title,
    raw_title: title,
    active: false,
    position,
    conditions: {
      all: [
        { field: 'PENDING', operator: 'is', value: hours },
        { field: 'ticket_is_public', operator: 'is', value: 'public' },
      ],
      any: [],
    },
    actions: [
      {
        field: 'notification_user',
        value: [
          'requester_and_ccs',
          '[{{ticket.account}}] Pending request: {{ticket.title}}',
          'This is a friendly reminder that we are waiting for your reply on request #{{ticket.id}}.' + NOTIFY_BODY_FOOTER,
        ],
      },
    ],
  });
  return [
    {
      title: 'Close ticket 4 days after status is set to solved',
      raw_title: 'Close ticket 4 days after status is set to solved',
      active: true,
      position: 0,
      conditions: {
        all: [
          { field: 'status', operator: 'is', value: 'solved' },
          { field: 'SOLVED', operator: 'greater_than', value: '96' },
        ],
        any: [],
      },
      actions: [{ field: 'status', value: 'closed' }],
    },
    pendingReminder('Pending notification 24 hours', '24', 9998),
    pendingReminder('Pending notification 5 days', '120', 9999),
  ];
}

/**
 * The shared views a new Zendesk account starts with, stored as the sandbox keeps them:
 * conditions as ViewObject shows them, execution columns by id (OAS ViewObject example;
 * Zendesk help "Using views to manage ticket workflow", the default views). The names
 * follow Zendesk's getting-started lesson, which lists "Unassigned tickets", "All unsolved
 * tickets" and "New tickets in your groups" among the views every account starts with
 * (zdpartner.zendesk.com/hc/en-us/articles/4402469200911); the exact conditions and columns
 * of each are not in the reference and are the likeliest shapes, not confirmed ones.
 */
function defaultViews(): SandboxRecord[] {
  const columns = ['score', 'description', 'requester', 'created', 'type', 'priority'];
  const view = (title: string, all: unknown[], execution: SandboxRecord): SandboxRecord => ({
    title,
    raw_title: title,
    description: null,
    active: true,
    default: true,
    restriction: null,
    conditions: { all, any: [] },
    execution: { columns, group_by: 'status', group_order: 'asc', sort_by: 'updated', sort_order: 'desc', ...execution },
  });
  const unsolved = { field: 'status', operator: 'less_than', value: 'solved' };
  return [
    view('Your unsolved tickets', [unsolved, { field: 'assignee_id', operator: 'is', value: 'current_user' }], { sort_by: 'updated_requester' }),
    view('Unassigned tickets', [unsolved, { field: 'assignee_id', operator: 'is', value: '' }], { group_by: null, sort_by: 'created', sort_order: 'asc' }),
    view('New tickets in your groups', [{ field: 'status', operator: 'is', value: 'new' }, { field: 'group_id', operator: 'is', value: 'current_groups' }], { group_by: null, sort_by: 'created', sort_order: 'asc' }),
    view('All unsolved tickets', [unsolved], { columns: ['score', 'description', 'requester', 'created', 'assignee', 'priority'] }),
    view('Recently updated tickets', [{ field: 'updated_at', operator: 'less_than', value: '24' }, { field: 'status', operator: 'less_than', value: 'closed' }], { group_by: null, sort_by: 'updated' }),
    view('Pending tickets', [{ field: 'status', operator: 'is', value: 'pending' }], { group_by: null, sort_by: 'updated_requester' }),
    view('Recently solved tickets', [{ field: 'status', operator: 'greater_than', value: 'open' }, { field: 'SOLVED', operator: 'less_than', value: '168' }], { group_by: null, sort_by: 'solved', sort_order: 'desc', columns: ['score', 'description', 'requester', 'solved', 'assignee'] }),
  ];
}

/**
 * The account's active locales and two dynamic content items written in them, shaped as
 * OAS LocalesResponseExample and DynamicContentsResponseExample show them (en-US is id 1,
 * de 8, fr 16 on every account). Their ids are fixed and below the seed's own range, so
 * they renumber nothing; one German variant is `outdated`, as Zendesk marks a translation
 * older than its default text.
 */
function dynamicContent(): Pick<SandboxState['collections'], 'locales' | 'dynamic_content_items' | 'dynamic_content_variants'> {
  const locale = (id: number, code: string, name: string): SandboxRecord => ({ id, locale: code, name, created_at: '2009-07-20T22:55:29Z', updated_at: '2011-05-05T10:38:52Z' });
  const item = (id: number, name: string, placeholder: string): SandboxRecord => ({ id, name, placeholder, default_locale_id: 1, outdated: false });
  const variant = (id: number, item: number, localeId: number, content: string, extra: SandboxRecord = {}): SandboxRecord => ({
    id, _item_id: item, locale_id: localeId, content, active: true, default: localeId === 1, outdated: false, ...extra,
  });
  return {
    locales: [locale(1, 'en-US', 'English'), locale(8, 'de', 'Deutsch'), locale(16, 'fr', 'Français')],
    dynamic_content_items: [item(360_000_111_001, 'Signature', '{{dc.signature}}'), item(360_000_111_002, 'Refund policy', '{{dc.refund_policy}}')],
    dynamic_content_variants: [
      variant(360_000_222_001, 360_000_111_001, 1, 'Kind regards,\nThe Acme Support team'),
      variant(360_000_222_002, 360_000_111_001, 8, 'Mit freundlichen Grüßen\nIhr Acme Support-Team'),
      variant(360_000_222_003, 360_000_111_002, 1, 'Refunds are issued within 14 days of purchase to the original payment method.'),
      variant(360_000_222_004, 360_000_111_002, 8, 'Erstattungen erfolgen innerhalb von 14 Tagen nach dem Kauf.', { outdated: true }),
      variant(360_000_222_005, 360_000_111_002, 16, 'Les remboursements sont effectués sous 14 jours après l\'achat.', { active: false }),
    ],
  };
}

/** Zendesk's shipped default macros as real accounts return them (reference §7.1 GO-FIX item: `description: null`, no `default`). */
function defaultMacros(): SandboxRecord[] {
  const macro = (title: string, actions: unknown[]): SandboxRecord => ({
    title,
    raw_title: title,
    description: null,
    active: true,
    restriction: null,
    actions,
  });
  return [
    macro('Close and redirect to topics', [
      { field: 'status', value: 'solved' },
      { field: 'type', value: 'question' },
      {
        field: 'comment_value',
        value:
          'This ticket has been closed. We’d love to have you post your question in our community, where other customers and our team can help: https://acme.zendesk.com/hc/community/topics',
      },
    ]),
    macro('Downgrade and inform', [
      { field: 'priority', value: 'low' },
      {
        field: 'comment_value',
        value: 'We’re currently experiencing unusually high traffic. We’ll get back to you as soon as possible.',
      },
    ]),
    macro('Customer not responding', [
      { field: 'status', value: 'pending' },
      {
        field: 'comment_value',
        value:
          'Hello {{ticket.requester.first_name}}. Our agent {{current_user.first_name}} has tried to contact you about this request but we haven’t heard back from you yet. Please let us know if we can be of further assistance. Thanks.',
      },
    ]),
  ];
}
