/** The sandbox account the sample config/ is written for: what a real fetch of lookups would return. */
import type { Lookups } from '../../scripts/core/model.ts';

export function sampleLookups(): Lookups {
  const named = (names: string[], firstId: number) => names.map((name, index) => ({ id: firstId + index, name }));
  return {
    groups: named(['Support', 'Tier 1', 'Tier 2', 'Tier 3', 'Billing'], 1000),
    brands: named(['Acme Support', 'Acme Labs'], 2000),
    ticketForms: named(['Default ticket form'], 3000),
    schedules: named(['Support hours', 'EMEA business hours'], 4000),
    webhooks: [
      { id: '01HSLACKLIVEFEED000000000', name: 'Slack live feed' },
      { id: '01HSLABREACHALERTS0000000', name: 'SLA breach alerts' },
    ],
    customStatuses: named(['Waiting on engineering'], 5000),
    targets: [],
    locales: [{ id: 1, name: 'en-US' }, { id: 8, name: 'de' }, { id: 16, name: 'fr' }],
    dynamicContent: [
      { id: 360000111001, name: 'Signature', placeholder: '{{dc.signature}}' },
      { id: 360000111002, name: 'Refund policy', placeholder: '{{dc.refund_policy}}' },
    ],
    users: ['lee', 'sam', 'kim', 'pat'].map((name, index) => ({ id: 6000 + index, email: `${name}@example.com`, name })),
    ticketFields: [
      {
        id: 7001, title: 'Product area', type: 'tagger',
        options: [
          { id: 7101, name: 'Billing', value: 'billing' },
          { id: 7102, name: 'Integrations', value: 'integrations' },
          { id: 7103, name: 'Mobile app', value: 'mobile_app' },
        ],
      },
      {
        id: 7002, title: 'Customer plan', type: 'tagger',
        options: [
          { id: 7201, name: 'Free', value: 'plan_free' },
          { id: 7202, name: 'Pro', value: 'plan_pro' },
          { id: 7203, name: 'Premium', value: 'premium' },
        ],
      },
    ],
    organizationFields: [{ id: 3001, key: 'salesforce_id', title: 'Salesforce ID' }, {
      id: 3002, key: 'support_tier', title: 'Support tier',
      options: [{ id: 3011, name: 'Standard', value: 'tier_standard' }, { id: 3012, name: 'Premium', value: 'tier_premium' }, { id: 3013, name: 'Enterprise', value: 'tier_enterprise' }],
    }],
    userFields: [],
  };
}
