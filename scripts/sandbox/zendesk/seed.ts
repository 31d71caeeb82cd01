/**
 * A starting account that looks like a real mid-size Zendesk: Zendesk's shipped default
 * triggers/automations/macros plus the groups, agents, fields, webhooks, organizations and
 * customers the sample config refers to by name. Lookup records get explicit ids because
 * other records point at them; rules get theirs from the store, in this order, so ids are
 * stable per seed. Records added later draw their ids after all earlier ones, so adding to
 * the seed never renumbers what was there.
 */
import { webhookId } from './ids.ts';
import { organizationRecord } from './resources.ts';
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
      organizations: [],
      organization_memberships: [],
      job_statuses: [],
    },
  };
  addCustomers(state, id);
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
    organization_fields: { salesforce_id: '0015g00000ACME01', support_tier: 'tier_enterprise' },
  });
  const globex = organization(id(), 'Globex', { organization_fields: { salesforce_id: '0015g00000GLBX01', support_tier: null } });
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

/** Reference §9.1: every organization field key present, null when unset (the seed defines two). */
function organization(id: number, name: string, fields: SandboxRecord = {}): SandboxRecord {
  const { organization_fields: customFields, ...rest } = fields;
  return { id, ...organizationRecord(name, rest, { salesforce_id: null, support_tier: null, ...(customFields as object | undefined) }) };
}

/** Reference §9.4; the seed's customers each have one membership, which is their default. */
function membership(id: number, member: SandboxRecord, org: SandboxRecord): SandboxRecord {
  return {
    id,
    user_id: member.id,
    organization_id: org.id,
    organization_name: org.name,
    default: true,
    view_tickets: member.ticket_restriction === 'organization',
  };
}

function user(id: number, name: string, email: string, role: 'admin' | 'agent' | 'end-user', defaultGroupId?: number): SandboxRecord {
  const staff = role !== 'end-user';
  return {
    id,
    name,
    email,
    role,
    role_type: role === 'admin' ? 4 : null,
    custom_role_id: null,
    active: true,
    verified: true,
    suspended: false,
    shared: false,
    shared_agent: false,
    locale: 'en-US',
    locale_id: 1,
    time_zone: 'Eastern Time (US & Canada)',
    iana_time_zone: 'America/New_York',
    organization_id: null,
    ...(defaultGroupId === undefined ? {} : { default_group_id: defaultGroupId }),
    external_id: null,
    ticket_restriction: staff ? null : 'requested',
    restricted_agent: !staff,
    only_private_comments: false,
    moderator: role === 'admin',
    report_csv: role === 'admin',
    chat_only: false,
    two_factor_auth_enabled: staff,
    alias: '',
    notes: '',
    details: '',
    signature: staff ? `${name.split(' ')[0]} from Acme Support` : '',
    phone: null,
    photo: null,
    tags: [],
    user_fields: { preferred_language: null },
    last_login_at: '2024-05-02T14:12:09Z',
  };
}

function customStatus(id: number, category: string, agentLabel: string, endUserLabel: string, isDefault: boolean): SandboxRecord {
  return {
    id,
    status_category: category,
    agent_label: agentLabel,
    raw_agent_label: agentLabel,
    end_user_label: endUserLabel,
    raw_end_user_label: endUserLabel,
    description: '',
    raw_description: '',
    end_user_description: '',
    raw_end_user_description: '',
    active: true,
    default: isDefault,
  };
}

function options(...pairs: [string, string][]): { name: string; value: string }[] {
  return pairs.map(([name, value]) => ({ name, value }));
}

function fieldCommon(title: string, description: string): SandboxRecord {
  return {
    title,
    raw_title: title,
    description,
    raw_description: description,
    agent_description: '',
    title_in_portal: title,
    raw_title_in_portal: title,
    active: true,
    required: false,
    required_in_portal: false,
    visible_in_portal: true,
    editable_in_portal: true,
    collapsed_for_agents: false,
    regexp_for_validation: null,
    tag: null,
    sub_type_id: 0,
  };
}

function systemField(id: number, type: string, title: string, extra: SandboxRecord): SandboxRecord {
  return { id, type, ...fieldCommon(title, `${title} of the ticket`), removable: false, ...extra };
}

function taggerField(id: number, title: string, description: string, choices: [number, string, string][]): SandboxRecord {
  return {
    id,
    type: 'tagger',
    ...fieldCommon(title, description),
    removable: true,
    custom_field_options: choices.map(([optionId, name, value]) => ({ id: optionId, name, raw_name: name, value, default: false })),
  };
}

function ticketForm(id: number, name: string, displayName: string, position: number, isDefault: boolean, fieldIds: number[]): SandboxRecord {
  return {
    id,
    name,
    raw_name: name,
    display_name: displayName,
    raw_display_name: displayName,
    position,
    active: true,
    default: isDefault,
    end_user_visible: true,
    in_all_brands: isDefault,
    restricted_brand_ids: [],
    ticket_field_ids: fieldIds,
    agent_conditions: [],
    end_user_conditions: [],
  };
}

function brand(id: number, name: string, subdomain: string, isDefault: boolean, formIds: unknown[]): SandboxRecord {
  return {
    id,
    name,
    subdomain,
    brand_url: `https://${subdomain}.zendesk.com`,
    host_mapping: '',
    active: true,
    default: isDefault,
    is_deleted: false,
    has_help_center: isDefault,
    help_center_state: isDefault ? 'enabled' : 'disabled',
    signature_template: '{{agent.signature}}',
    ticket_form_ids: formIds,
  };
}

/** Intervals are minutes from Sunday 00:00; Monday–Friday from `open` to `close` o'clock. */
function schedule(id: number, name: string, timeZone: string, open: number, close: number): SandboxRecord {
  const intervals = [1, 2, 3, 4, 5].map((day) => ({ start_time: day * 1440 + open * 60, end_time: day * 1440 + close * 60 }));
  return { id, name, time_zone: timeZone, intervals };
}

function organizationField(id: number, key: string, type: string, title: string, position: number, choices: [number, string, string][]): SandboxRecord {
  return {
    id,
    key,
    type,
    title,
    raw_title: title,
    description: '',
    raw_description: '',
    position,
    active: true,
    system: false,
    regexp_for_validation: null,
    tag: null,
    ...(choices.length > 0
      ? { custom_field_options: choices.map(([optionId, name, value]) => ({ id: optionId, name, raw_name: name, value })) }
      : {}),
  };
}

/** Reference §13.3: the secret lives in `authentication.data` and is never shown in reads. */
function webhook(id: number, name: string, description: string, endpoint: string, createdBy: SandboxRecord): SandboxRecord {
  return {
    id: webhookId(id),
    name,
    description,
    endpoint,
    http_method: 'POST',
    request_format: 'json',
    status: 'active',
    subscriptions: ['conditional_ticket_events'],
    authentication: { type: 'bearer_token', data: { token: `sandbox-secret-${name.toLowerCase().replace(/\W+/g, '-')}` }, add_position: 'header' },
    created_by: String(createdBy.id),
    updated_by: String(createdBy.id),
  };
}

const NOTIFY_BODY_FOOTER = '\n\n{{ticket.comments_formatted}}';

/** Zendesk's shipped default triggers (reference §5.1 example shape). */
function defaultTriggers(categoryId: string): SandboxRecord[] {
  const trigger = (title: string, description: string, all: unknown[], actions: unknown[]): SandboxRecord => ({
    title,
    raw_title: title,
    description,
    active: true,
    default: true,
    category_id: categoryId,
    conditions: { all, any: [] },
    actions,
  });
  return [
    trigger(
      'Notify requester and CCs of received request',
      'Sends the requester and CCs a confirmation that their request was received',
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
      'Sends the requester and CCs every public comment an agent adds',
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
      'Tells an agent when a ticket is assigned to them',
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
      'Tells the assignee about comments added by someone else',
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
      'Tells a group when a ticket is assigned to it without an assignee',
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

/** Reference §6 examples. The pending reminder also tests status so it passes the sandbox's own validation. */
function defaultAutomations(): SandboxRecord[] {
  return [
    {
      title: 'Close ticket 4 days after status is set to solved',
      raw_title: 'Close ticket 4 days after status is set to solved',
      active: true,
      default: true,
      conditions: {
        all: [
          { field: 'status', operator: 'is', value: 'solved' },
          { field: 'SOLVED', operator: 'greater_than', value: '96' },
        ],
        any: [],
      },
      actions: [{ field: 'status', value: 'closed' }],
    },
    {
      title: 'Pending notification 24 hours',
      raw_title: 'Pending notification 24 hours',
      active: false,
      default: true,
      conditions: {
        all: [
          { field: 'status', operator: 'is', value: 'pending' },
          { field: 'PENDING', operator: 'is', value: '24' },
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
    },
  ];
}

/** Zendesk's shipped default macros (reference §7.1 example). */
function defaultMacros(): SandboxRecord[] {
  const macro = (title: string, description: string, actions: unknown[]): SandboxRecord => ({
    title,
    raw_title: title,
    description,
    active: true,
    default: true,
    restriction: null,
    actions,
  });
  return [
    macro('Close and redirect to topics', 'Solves the ticket and points the requester to the community', [
      { field: 'status', value: 'solved' },
      { field: 'type', value: 'question' },
      {
        field: 'comment_value',
        value:
          'This ticket has been closed. We’d love to have you post your question in our community, where other customers and our team can help: https://acme.zendesk.com/hc/community/topics',
      },
    ]),
    macro('Downgrade and inform', 'Lowers the priority and tells the requester about the delay', [
      { field: 'priority', value: 'low' },
      {
        field: 'comment_value',
        value: 'We’re currently experiencing unusually high traffic. We’ll get back to you as soon as possible.',
      },
    ]),
    macro('Customer not responding', 'Sets the ticket to pending and nudges the requester', [
      { field: 'status', value: 'pending' },
      {
        field: 'comment_value',
        value:
          'Hello {{ticket.requester.first_name}}. Our agent {{current_user.first_name}} has tried to contact you about this request but we haven’t heard back from you yet. Please let us know if we can be of further assistance. Thanks.',
      },
    ]),
  ];
}
