/**
 * A long-lived account: the default seed plus every shape that recorded responses from
 * real accounts show and a sandbox written from the docs leaves out
 * (shared/reference/zendesk-real-shapes.md, seeded "unedited"): retired fields and deleted
 * groups that share a name with live ones, names used twice, legacy targets, macro
 * attachments, null and boolean condition values, numbers in SLA filters, positions 0 and
 * 9998–10001, and the list envelopes real accounts answer with.
 *
 * Retired, inactive and deleted records were made years ago, so they carry the 12-digit
 * ids of older accounts (reference §7.1 real macro: 360111062754), lower than everything
 * in the default seed; whatever picks "the first record with that name" by id picks them.
 * Records added since carry ids above the default seed's. `LONG_LIVED` names them for tests.
 */
import { defaultSeed } from './seed.ts';
import { brand, customStatus, schedule, taggerField, textField, ticketForm, user, v1CredentialMark, webhook, webhookToken } from './seed-records.ts';
import type { CollectionName, SandboxRecord, SandboxState } from './state.ts';

const LEGACY_FIRST_ID = 360_000_000_001;
const RECENT_FIRST_ID = 1_600_000_000_001;
/** When the retired records were made: older than anything else in the account. */
const LEGACY_CREATED_AT = '2019-03-14T09:26:11Z';

/** Titles of the rules that carry each shape (README.md, "The long-lived seed", lists them all). */
const TITLES = {
  triggers: {
    notificationTarget: 'Notify legacy CRM of new tickets',
    emailTarget: 'Email urgent tickets to the ops mailbox',
    nullAndBooleanValues: 'Notify assignee of public replies',
    retiredProductArea: 'Route retired product areas to Escalations',
    activeProductArea: 'Route billing product area to Billing',
    orderNumber: 'Tag tickets with an order number',
    dynamicContentTitle: 'Escalation notice',
    sideConversation: 'Open a side conversation with Escalations',
    legacyLookups: 'Route old-brand billing form requests',
    inactiveWebhookAndAgent: 'Post escalations to the old Slack feed',
  },
  automations: {
    pending24Hours: 'Pending notification 24 hours',
    pending5Days: 'Pending notification 5 days',
    closeSolved: 'Close ticket 4 days after status is set to solved',
    viaChannels: 'Tag new tickets from social channels',
  },
  macros: { withAttachments: 'Send the returns label', withoutRawTitle: 'Escalate to engineering' },
  slaPolicies: { ticketFormNumber: 'Billing form first reply', ordinary: 'VIP customers' },
  webhooks: { inactiveDuplicate: 'Slack live feed', bearerEmptyDescription: 'PagerDuty events', v1Fingerprint: 'Escalations pager' },
} as const;

/** The dynamic content placeholder behind TITLES.triggers.dynamicContentTitle (its `raw_title`). */
const DYNAMIC_CONTENT_TITLE = '{{dc.escalation_notice}}';
const CAPITALISED_AGENT_EMAIL = 'Chris.Lead@Example.com';
/** zendesk-real-shapes.md "Custom statuses": the list reports more statuses than it returns. */
const UNLISTED_CUSTOM_STATUSES = 3;

export function longLivedSeed(): SandboxState {
  return buildLongLived().state;
}

/** Ids and titles of the records that carry each real shape, so tests need not hard-code them. */
export const LONG_LIVED = buildLongLived().names;

export type LongLivedNames = ReturnType<typeof buildLongLived>['names'];

function buildLongLived() {
  const state = defaultSeed();
  const collections = state.collections;
  let legacyNext = LEGACY_FIRST_ID;
  let recentNext = RECENT_FIRST_ID;
  const legacyId = () => legacyNext++;
  const recentId = () => recentNext++;
  const retired = (record: SandboxRecord): SandboxRecord => ({ ...record, created_at: LEGACY_CREATED_AT, updated_at: LEGACY_CREATED_AT });
  const existing = (collection: CollectionName, key: string, value: string): SandboxRecord => {
    const found = collections[collection]?.find((record) => record[key] === value);
    if (!found) throw new Error(`long-lived seed: the default seed has no ${collection} with ${key} "${value}"`);
    return found;
  };
  const add = (collection: CollectionName, ...records: SandboxRecord[]) => {
    collections[collection] = [...(collections[collection] ?? []), ...records];
  };

  const admin = existing('users', 'email', 'admin@example.com');
  const billing = existing('groups', 'name', 'Billing');
  const productArea = existing('ticket_fields', 'title', 'Product area');
  const billingForm = existing('ticket_forms', 'name', 'Billing request');
  const acmeSupport = existing('brands', 'name', 'Acme Support');
  const supportHours = existing('schedules', 'name', 'Support hours');
  const slackLiveFeed = existing('webhooks', 'name', 'Slack live feed');
  const waitingOnEngineering = existing('custom_statuses', 'agent_label', 'Waiting on engineering');
  const notifications = existing('trigger_categories', 'name', 'Notifications');

  // Retired, inactive and deleted records: older, lower ids.
  const retiredProductArea = retired({
    ...taggerField(legacyId(), 'Product area', 'Retired in the 2022 product restructure', [
      [legacyId(), 'Billing (legacy)', 'legacy_area_billing'],
      [legacyId(), 'Hardware', 'legacy_area_hardware'],
      [legacyId(), 'Public API', 'legacy_area_api'],
    ]),
    active: false,
  });
  const deletedBilling = retired({
    id: legacyId(),
    name: 'Billing',
    description: 'Old billing queue, merged into the new Billing group',
    default: false,
    deleted: true,
    is_public: true,
  });
  const inactiveAcmeSupport = retired({ ...brand(legacyId(), 'Acme Support', 'acme-legacy', false, []), active: false });
  const inactiveBillingForm = retired({
    ...ticketForm(legacyId(), 'Billing request', 'Billing question (old form)', 3, false, [productArea.id as number]),
    active: false,
  });
  const inactiveSlackLiveFeed = retired({
    ...webhook(legacyId(), TITLES.webhooks.inactiveDuplicate, 'Posted to the old #support channel', 'https://hooks.slack.com/services/EXAMPLE/OLD/FEED', admin),
    status: 'inactive',
  });
  const inactiveWaitingOnEngineering = retired({
    ...customStatus(legacyId(), 'open', 'Waiting on engineering', 'In progress', false),
    active: false,
  });
  // Reference §13.4: legacy targets; url targets stopped delivering in 2024, email targets still work.
  // The url_target_v2 fields follow a recorded list response (target_url, method, username, content_type);
  // passwords are write-only and never shown.
  const legacyCrmHook = retired({
    id: legacyId(),
    title: 'Legacy CRM hook',
    type: 'url_target_v2',
    active: true,
    target_url: 'https://crm.example.com/zendesk/tickets',
    method: 'post',
    username: '',
    content_type: 'application/json',
  });
  const opsMailbox = retired({
    id: legacyId(),
    title: 'Ops mailbox',
    type: 'email_target',
    active: true,
    email: 'ops@example.com',
    subject: 'Zendesk: {{ticket.title}}',
  });

  // Records added since the default seed's: higher ids.
  const escalations = [
    { id: recentId(), name: 'Escalations', description: 'Escalations from the EMEA team', default: false, deleted: false, is_public: true },
    { id: recentId(), name: 'Escalations', description: 'Escalations from the Americas team', default: false, deleted: false, is_public: true },
  ];
  const orderNumbers = [
    textField(recentId(), 'Order number', 'Web shop order number'),
    textField(recentId(), 'Order number', 'Marketplace order number'),
  ];
  const secondSupportHours = schedule(recentId(), 'Support hours', 'Pacific Time (US & Canada)', 8, 18);
  const chris = user(recentId(), 'Chris Lead', CAPITALISED_AGENT_EMAIL, 'agent', escalations[0].id);
  // zendesk-real-shapes.md "Descriptions": `""` on webhooks; "Secrets": bearer token never shown.
  const pagerDuty = webhook(recentId(), TITLES.webhooks.bearerEmptyDescription, '', 'https://events.pagerduty.com/integration/EXAMPLE/enqueue', admin);
  // Managed by an earlier version of the tool, which left a v1 fingerprint (fixed key, 64 bits) of its token.
  const escalationsPagerToken = webhookToken(TITLES.webhooks.v1Fingerprint);
  const escalationsPager = webhook(
    recentId(), TITLES.webhooks.v1Fingerprint, `Pages the escalations rotation ${v1CredentialMark(escalationsPagerToken)}`,
    'https://events.pagerduty.com/integration/EXAMPLE/escalations', admin,
  );
  const routing = { id: String(recentId()), name: 'Routing', position: 2 };
  const attachments = [
    { id: recentId(), filename: 'returns-label.pdf', content_type: 'application/pdf', size: 48213 },
    { id: recentId(), filename: 'returns-steps.png', content_type: 'image/png', size: 129877 },
  ];

  add('ticket_fields', retiredProductArea, ...orderNumbers);
  addToStatusField(collections.ticket_fields ?? [], inactiveWaitingOnEngineering);
  add('groups', deletedBilling, ...escalations);
  add('brands', inactiveAcmeSupport);
  add('ticket_forms', inactiveBillingForm);
  add('schedules', secondSupportHours);
  add('webhooks', inactiveSlackLiveFeed, pagerDuty, escalationsPager);
  add('custom_statuses', inactiveWaitingOnEngineering);
  add('users', chris);
  add('targets', legacyCrmHook, opsMailbox);
  add('trigger_categories', routing);
  add('macro_attachments', ...attachments);
  // The item behind the escalation trigger's title: its `title` is the rendered text
  // (real-shapes "Dynamic content titles"), which Zendesk shows only when the item exists.
  // The placeholders in its notification are left as the account has them, items or not.
  const escalationItems = [
    ['Escalation notice', DYNAMIC_CONTENT_TITLE, TITLES.triggers.dynamicContentTitle],
  ].map(([name, placeholder, content]) => ({ item: { id: recentId(), name, placeholder, default_locale_id: 1, outdated: false, created_at: LEGACY_CREATED_AT, updated_at: LEGACY_CREATED_AT }, content }));
  add('dynamic_content_items', ...escalationItems.map(({ item }) => item));
  add('dynamic_content_variants', ...escalationItems.map(({ item, content }) => ({
    id: recentId(), _item_id: item.id, locale_id: 1, content, active: true, default: true, outdated: false,
  })));

  const ids = {
    productArea: { retired: retiredProductArea.id as number, active: productArea.id as number },
    escalations: escalations.map((group) => group.id),
  };
  positionDefaultTriggers(collections.triggers ?? []);
  add('triggers', ...longLivedTriggers({
    notifications: String(notifications.id),
    routing: routing.id,
    legacyCrmHook: legacyCrmHook.id as number,
    opsMailbox: opsMailbox.id as number,
    retiredProductArea: ids.productArea.retired,
    activeProductArea: ids.productArea.active,
    orderNumber: orderNumbers[0].id as number,
    billing: billing.id as number,
    escalations: ids.escalations,
    inactiveAcmeSupport: inactiveAcmeSupport.id as number,
    inactiveBillingForm: inactiveBillingForm.id as number,
    inactiveSlackLiveFeed: String(inactiveSlackLiveFeed.id),
    secondSupportHours: secondSupportHours.id as number,
    inactiveWaitingOnEngineering: inactiveWaitingOnEngineering.id as number,
    chris: chris.id as number,
  }));
  add('automations', viaChannelsAutomation());
  add('macros', ...longLivedMacros(attachments.map((attachment) => attachment.id), ids.escalations[0]));
  add('sla_policies', ...longLivedSlaPolicies(billingForm.id as number));

  const listedCustomStatuses = collections.custom_statuses?.length ?? 0;
  state.quirks = { bareWebhookList: true, customStatusesCount: listedCustomStatuses + UNLISTED_CUSTOM_STATUSES };
  state.nextId = Math.max(state.nextId, recentNext);

  const names = {
    ticketFields: {
      productArea: { ...ids.productArea, retiredOptionTag: 'legacy_area_hardware', activeOptionTag: 'product_billing' },
      orderNumbers: orderNumbers.map((field) => field.id as number),
    },
    groups: { billing: billing.id as number, deletedBilling: deletedBilling.id as number, escalations: ids.escalations },
    brands: { acmeSupport: acmeSupport.id as number, inactiveAcmeSupport: inactiveAcmeSupport.id as number },
    ticketForms: { billingRequest: billingForm.id as number, inactiveBillingRequest: inactiveBillingForm.id as number },
    schedules: { supportHours: [supportHours.id as number, secondSupportHours.id as number] },
    customStatuses: {
      waitingOnEngineering: waitingOnEngineering.id as number,
      inactiveWaitingOnEngineering: inactiveWaitingOnEngineering.id as number,
      listed: listedCustomStatuses,
      reportedCount: listedCustomStatuses + UNLISTED_CUSTOM_STATUSES,
    },
    agent: { id: chris.id as number, email: CAPITALISED_AGENT_EMAIL },
    targets: { legacyCrmHook: legacyCrmHook.id as number, opsMailbox: opsMailbox.id as number },
    webhooks: {
      ...TITLES.webhooks,
      slackLiveFeed: String(slackLiveFeed.id),
      inactiveSlackLiveFeed: String(inactiveSlackLiveFeed.id),
      pagerDuty: String(pagerDuty.id),
      escalationsPager: String(escalationsPager.id),
      /** The token the seed stored for it: what its ZENDESK_WEBHOOK_SECRET_* variable would hold. */
      escalationsPagerToken,
    },
    macroAttachments: attachments.map((attachment) => attachment.id),
    triggerCategories: { notifications: String(notifications.id), routing: routing.id },
    triggers: { ...TITLES.triggers, dynamicContentRawTitle: DYNAMIC_CONTENT_TITLE },
    automations: TITLES.automations,
    macros: TITLES.macros,
    slaPolicies: TITLES.slaPolicies,
  };
  return { state, names };
}

/** The `custom_status` system field lists every status (reference §13.2 `custom_statuses`). */
function addToStatusField(ticketFields: SandboxRecord[], status: SandboxRecord): void {
  const field = ticketFields.find((candidate) => candidate.type === 'custom_status');
  if (!field || !Array.isArray(field.custom_statuses)) return;
  const { id, status_category, agent_label, end_user_label, active } = status;
  field.custom_statuses = [...field.custom_statuses, { id, status_category, agent_label, end_user_label, active }];
}

/**
 * zendesk-real-shapes.md "Positions 0 and 9998–10001 occur, and two triggers can share a
 * position": the shipped triggers start at 0 and two of them share position 2.
 */
function positionDefaultTriggers(triggers: SandboxRecord[]): void {
  [0, 1, 2, 2, 3].forEach((position, index) => {
    if (triggers[index]) triggers[index].position = position;
  });
}

interface TriggerReferences {
  notifications: string;
  routing: string;
  legacyCrmHook: number;
  opsMailbox: number;
  retiredProductArea: number;
  activeProductArea: number;
  orderNumber: number;
  billing: number;
  escalations: number[];
  inactiveAcmeSupport: number;
  inactiveBillingForm: number;
  inactiveSlackLiveFeed: string;
  secondSupportHours: number;
  inactiveWaitingOnEngineering: number;
  chris: number;
}

interface TriggerShape {
  title: string;
  category_id: string;
  position: number;
  all: unknown[];
  actions: unknown[];
  /** Anything else to set or override (`default`, `description`, `raw_title`, `active`). */
  extra?: SandboxRecord;
}

/**
 * One trigger per real shape. Ids inside rule values are strings, as Zendesk writes them;
 * `description` is null on all but one; a few carry `default: false`, the rest no `default`.
 */
function longLivedTriggers(refs: TriggerReferences): SandboxRecord[] {
  const trigger = ({ title, category_id, position, all, actions, extra = {} }: TriggerShape): SandboxRecord => ({
    title,
    raw_title: title,
    description: null,
    active: true,
    position,
    category_id,
    conditions: { all, any: [] },
    actions,
    ...extra,
  });
  const created = { field: 'update_type', operator: 'is', value: 'Create' };
  const changed = { field: 'update_type', operator: 'is', value: 'Change' };
  const [escalationsEmea, escalationsAmericas] = refs.escalations;
  const t = TITLES.triggers;
  return [
    trigger({
      title: t.nullAndBooleanValues,
      category_id: refs.notifications,
      position: 4,
      all: [
        changed,
        // zendesk-real-shapes.md "Condition values": a null value and a JSON boolean.
        { field: 'assignee_id', operator: 'not_changed', value: null },
        { field: 'comment_is_public', operator: 'is', value: true },
      ],
      actions: [{ field: 'notification_user', value: ['assignee_id', '[{{ticket.account}}] Reply on {{ticket.title}}', '{{ticket.latest_public_comment_html}}'] }],
    }),
    trigger({
      title: t.notificationTarget,
      category_id: refs.notifications,
      position: 9998,
      all: [created],
      // zendesk-real-shapes.md "Legacy targets": ["<target id>", "<json body>"].
      actions: [{ field: 'notification_target', value: [String(refs.legacyCrmHook), '{"ticket_id": "{{ticket.id}}", "subject": "{{ticket.title}}"}'] }],
      extra: { default: false },
    }),
    trigger({
      title: t.inactiveWebhookAndAgent,
      category_id: refs.notifications,
      position: 9999,
      all: [changed, { field: 'group_id', operator: 'is', value: String(escalationsEmea) }],
      actions: [
        { field: 'notification_webhook', value: [refs.inactiveSlackLiveFeed, '{"text": "Escalation #{{ticket.id}}: {{ticket.title}}"}'] },
        { field: 'notification_user', value: [String(refs.chris), 'Escalated: {{ticket.title}}', 'Ticket #{{ticket.id}} was escalated.'] },
      ],
      extra: { active: false },
    }),
    trigger({
      title: t.emailTarget,
      category_id: refs.notifications,
      position: 10002,
      all: [created, { field: 'priority', operator: 'is', value: 'urgent' }],
      actions: [{ field: 'notification_target', value: [String(refs.opsMailbox), 'Urgent ticket #{{ticket.id}}: {{ticket.title}}'] }],
    }),
    trigger({
      title: t.orderNumber,
      category_id: refs.routing,
      position: 5,
      all: [created, { field: `custom_fields_${refs.orderNumber}`, operator: 'present' }],
      actions: [{ field: 'current_tags', value: 'has_order_number' }],
      extra: { default: false },
    }),
    trigger({
      // zendesk-real-shapes.md "Dynamic content titles": raw_title holds the placeholder, title the rendered text.
      title: t.dynamicContentTitle,
      category_id: refs.routing,
      position: 6,
      all: [changed, { field: 'group_id', operator: 'changed_to', value: String(escalationsAmericas) }],
      actions: [{ field: 'notification_user', value: ['requester_id', '{{dc.escalation_subject}}', '{{dc.escalation_body}}'] }],
      extra: { raw_title: DYNAMIC_CONTENT_TITLE },
    }),
    trigger({
      title: t.sideConversation,
      category_id: refs.routing,
      position: 7,
      all: [created, { field: 'priority', operator: 'is', value: 'urgent' }],
      // zendesk-real-shapes.md "Side conversations": the group id sits inside the third string:
      // [subject, html body, "SupportAssignable:support_assignable/group/<id>", content type], as Salto's
      // Zendesk adapter reads it (salto-io/salto packages/zendesk-adapter/src/filters/side_conversation.ts).
      actions: [{
        field: 'side_conversation_ticket',
        value: ['Escalation: {{ticket.title}}', '<p>{{ticket.description}}</p>', `SupportAssignable:support_assignable/group/${escalationsAmericas}`, 'text/html'],
      }],
    }),
    trigger({
      title: t.legacyLookups,
      category_id: refs.routing,
      position: 8,
      all: [
        created,
        { field: 'brand_id', operator: 'is', value: String(refs.inactiveAcmeSupport) },
        { field: 'ticket_form_id', operator: 'is', value: String(refs.inactiveBillingForm) },
      ],
      actions: [
        { field: 'set_schedule', value: String(refs.secondSupportHours) },
        { field: 'custom_status_id', value: String(refs.inactiveWaitingOnEngineering) },
      ],
    }),
    trigger({
      title: t.retiredProductArea,
      category_id: refs.routing,
      position: 10000,
      all: [created, { field: `custom_fields_${refs.retiredProductArea}`, operator: 'is', value: 'legacy_area_hardware' }],
      actions: [{ field: 'group_id', value: String(escalationsEmea) }],
      extra: { description: 'Tickets still filed under the old Product area values.' },
    }),
    trigger({
      title: t.activeProductArea,
      category_id: refs.routing,
      position: 10001,
      all: [created, { field: `custom_fields_${refs.activeProductArea}`, operator: 'is', value: 'product_billing' }],
      actions: [{ field: 'group_id', value: String(refs.billing) }],
      extra: { default: false },
    }),
  ];
}

/** zendesk-real-shapes.md "Default automations": `all: [OPEN is "0"]`, `any: [via_id is 30, via_id is 26]` (numbers, as sent). */
function viaChannelsAutomation(): SandboxRecord {
  return {
    title: TITLES.automations.viaChannels,
    raw_title: TITLES.automations.viaChannels,
    active: true,
    position: 1,
    conditions: {
      all: [{ field: 'OPEN', operator: 'is', value: '0' }],
      any: [
        { field: 'via_id', operator: 'is', value: 30 },
        { field: 'via_id', operator: 'is', value: 26 },
      ],
    },
    actions: [{ field: 'current_tags', value: 'social' }],
  };
}

/** zendesk-real-shapes.md "Macros": attachments by id, one without raw_title, description null, no `default`. */
function longLivedMacros(attachmentIds: number[], escalationsId: number): SandboxRecord[] {
  return [
    {
      title: TITLES.macros.withAttachments,
      raw_title: TITLES.macros.withAttachments,
      description: null,
      active: true,
      restriction: null,
      attachments: attachmentIds,
      actions: [{ field: 'comment_value', value: 'Here is your returns label, and the steps to send the item back.' }],
    },
    {
      title: TITLES.macros.withoutRawTitle,
      description: null,
      active: true,
      restriction: null,
      actions: [
        { field: 'group_id', value: String(escalationsId) },
        { field: 'comment_value', value: 'I have passed this on to our engineers.' },
      ],
    },
  ];
}

/** zendesk-real-shapes.md "Condition values": `ticket_form_id` as a JSON number in an SLA filter (reference §8.1 real list). */
function longLivedSlaPolicies(billingFormId: number): SandboxRecord[] {
  return [
    {
      title: TITLES.slaPolicies.ticketFormNumber,
      description: 'Billing form tickets get a first reply within a day.',
      position: 1,
      filter: { all: [{ field: 'ticket_form_id', operator: 'is', value: billingFormId }], any: [] },
      policy_metrics: [
        { priority: 'low', metric: 'first_reply_time', target: 1440, business_hours: false },
        { priority: 'urgent', metric: 'first_reply_time', target: 60, business_hours: false },
      ],
    },
    {
      title: TITLES.slaPolicies.ordinary,
      description: null,
      position: 2,
      // Priority in an SLA filter: shared ticket conditions (developer docs, Conditions reference).
      filter: { all: [{ field: 'current_tags', operator: 'includes', value: 'vip' }, { field: 'priority', operator: 'greater_than', value: 'low' }], any: [] },
      policy_metrics: [
        { priority: 'high', metric: 'first_reply_time', target: 120, business_hours: true },
        { priority: 'urgent', metric: 'first_reply_time', target: 30, business_hours: false },
      ],
    },
  ];
}

