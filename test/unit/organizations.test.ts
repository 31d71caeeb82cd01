/**
 * The pure parts of organizations and webhooks as code (issue 3): how the read
 * is chosen, what config/ wants given what is live, how job results map back
 * to changes, and how webhook credentials are compared without being shown.
 */
import { describe, expect, it } from 'vitest';
import { webhookSpec } from '../../scripts/config/webhookSpec.ts';
import { diff } from '../helpers/builders.ts';
import { type Change, type ChangeWith, type DesiredOrganization, emptyLookups, type Lookups, type OrganizationFile, type OrganizationKey, type Plan } from '../../scripts/core/model.ts';
import { categoryIndex } from '../../scripts/kinds/fetch.ts';
import { ReferenceResolver } from '../../scripts/kinds/references.ts';
import { webhooks } from '../../scripts/kinds/webhooks.ts';
import { fingerprintV2 } from '../../scripts/kinds/webhookCredentials.ts';
import { itemOutcomes } from '../../scripts/organizations/apply.ts';
import { diffOrganizations, desiredState } from '../../scripts/organizations/diff.ts';
import { chooseStrategy, type LiveOrganizations, type LiveUser } from '../../scripts/organizations/fetch.ts';
import { keyOf } from '../../scripts/config/organizations.ts';
import type { JobResultItem, JobRun } from '../../scripts/zendesk/jobs.ts';
import { renderMarkdown } from '../../scripts/render/markdown.ts';
import { renderText } from '../../scripts/render/text.ts';
import { desired, desiredConfig, live, liveByKind } from '../helpers/builders.ts';

const NOW = new Date('2026-11-21T10:00:00Z');
const TODAY = '2026-11-21';
const TARGET = 'https://acme.zendesk.com';

function org(spec: OrganizationFile, file = `config/organizations/${spec.name.toLowerCase().replace(/\W+/g, '-')}.yaml`): DesiredOrganization {
  const key = keyOf(spec);
  if (!key) throw new Error('test organization needs a key');
  return { key, file, locate: (path) => ({ file, line: path.length + 1, col: 1 }), spec };
}

/** A live organization as Zendesk returns it (§9.1); every field key present. */
function rawOrg(id: number, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { organization_fields: fields, ...rest } = extra;
  return {
    id, name, shared_tickets: false, shared_comments: false, external_id: null, domain_names: [], details: null, notes: null,
    group_id: null, tags: [], updated_at: '2026-11-01T08:00:00Z', ...rest,
    organization_fields: { salesforce_id: null, support_tier: null, ...(fields as object | undefined) },
  };
}

const LOOKUPS: Lookups = { ...emptyLookups(), groups: [{ id: 7, name: 'Tier 2' }] };

function liveOrgs(matches: Record<string, unknown>[][], extra: Partial<LiveOrganizations> = {}): LiveOrganizations {
  return {
    estimate: chooseStrategy([], 0, 8),
    matches,
    byName: matches.map(() => false),
    users: new Map<string, LiveUser | null>(),
    ...extra,
  };
}

describe('chooseStrategy: look-ups or one full pass, by round trips', () => {
  const keys = (by: OrganizationKey['by'], count: number): OrganizationKey[] =>
    Array.from({ length: count }, (_, i) => (by === 'zendesk_id' ? { by, value: i + 1 } : { by, value: `${by}-${i}` }));

  it('5,000 external ids on a 50,000-organization account: 50 show_many requests beat a 500-page pass', () => {
    expect(chooseStrategy(keys('external_id', 5_000), 50_000, 8)).toEqual({
      strategy: 'lookups', total: 50_000, fullPassRounds: 500, lookupRequests: 50, lookupRounds: 7,
    });
  });

  it('5,000 Salesforce ids on 20,000 organizations: one search each is 625 rounds, the pass 200 pages', () => {
    expect(chooseStrategy(keys('salesforce_id', 5_000), 20_000, 8)).toEqual({
      strategy: 'full-pass', total: 20_000, fullPassRounds: 200, lookupRequests: 5_000, lookupRounds: 625,
    });
  });

  it('counts ids and external ids 100 to a request, Salesforce ids one each, and prefers look-ups on a tie', () => {
    const mixed = [...keys('zendesk_id', 101), ...keys('external_id', 100), ...keys('salesforce_id', 797)];
    // 2 + 1 + 797 = 800 requests; 100 rounds at 8 in flight; 10,000 organizations are 100 pages too.
    expect(chooseStrategy(mixed, 10_000, 8)).toMatchObject({ strategy: 'lookups', lookupRequests: 800, lookupRounds: 100, fullPassRounds: 100 });
    expect(chooseStrategy(mixed, 9_900, 8)).toMatchObject({ strategy: 'full-pass', fullPassRounds: 99 });
  });
});

describe('desiredState: notes that expire', () => {
  const notes = [
    'Prefers email over phone.',
    { text: 'Expires today.', expires: '2026-11-21' },
    { text: 'Expired yesterday.', expires: '2026-11-20' },
    { text: 'Expires tomorrow.', expires: '2026-11-22' },
  ];
  const liveNotes = 'Prefers email over phone.\n\nExpires today.\n\nExpired yesterday.\n\nExpires tomorrow.';

  it('an entry is gone on its expiry day and after it, and kept the day before', () => {
    const { state, notices, problems } = desiredState(org({ name: 'Initech', external_id: 'initech', notes }), { notes: liveNotes }, TODAY);
    expect(state.notes).toBe('Prefers email over phone.\n\nExpires tomorrow.');
    expect(notices).toEqual([
      'note expired on 2026-11-21, removed from Zendesk: "Expires today."',
      'note expired on 2026-11-20, removed from Zendesk: "Expired yesterday."',
    ]);
    expect(problems.map((p) => [p.field, p.severity, p.message])).toEqual([
      ['notes[1].expires', 'warning', 'this note expired on 2026-11-21 and is left out of Zendesk'],
      ['notes[2].expires', 'warning', 'this note expired on 2026-11-20 and is left out of Zendesk'],
    ]);
  });

  it('days are UTC days: late on the 21st in UTC, tomorrow\'s entry is still kept', () => {
    const initech = org({ name: 'Initech', external_id: 'initech', notes });
    const { changes } = diffOrganizations({
      desired: [initech],
      live: liveOrgs([[rawOrg(3, 'Initech', { external_id: 'initech', notes: liveNotes })]]),
      lookups: LOOKUPS,
      now: new Date('2026-11-21T23:59:59Z'),
    });
    expect(changes).toHaveLength(1);
    const change = changes[0] as Extract<Change, { action: 'update' }>;
    expect(change.fields).toEqual([{ path: 'notes', before: liveNotes, after: 'Prefers email over phone.\n\nExpires tomorrow.' }]);
  });

  it('an expired entry Zendesk no longer has is no news: a warning for the file, no notice, no change', () => {
    const { changes, diagnostics } = diffOrganizations({
      desired: [org({ name: 'Initech', external_id: 'initech', notes: ['Prefers email over phone.', { text: 'Old promo.', expires: '2026-01-01' }] })],
      live: liveOrgs([[rawOrg(3, 'Initech', { external_id: 'initech', notes: 'Prefers email over phone.' })]]),
      lookups: LOOKUPS,
      now: NOW,
    });
    expect(changes).toEqual([]);
    expect(diagnostics.map((d) => `${d.severity}: ${d.message} (${d.field})`)).toEqual(['warning: this note expired on 2026-01-01 and is left out of Zendesk (notes[1].expires)']);
  });
});

describe('diffOrganizations: only what the file writes is compared', () => {
  it('fields the file leaves out are not compared, however they differ', () => {
    const initech = org({ name: 'Initech', external_id: 'initech', notes: ['Prefers email over phone.'] });
    const raw = rawOrg(3, 'Initech', {
      external_id: 'initech', notes: 'Prefers email over phone.', details: 'Written by hand in Zendesk', tags: ['vip'],
      domain_names: ['initech.example'], group_id: 7, shared_tickets: true, organization_fields: { support_tier: 'tier_premium' },
    });
    expect(diffOrganizations({ desired: [initech], live: liveOrgs([[raw]]), lookups: LOOKUPS, now: NOW }).changes).toEqual([]);
  });

  it('an update lists only the managed fields that differ, and sends only managed organization fields', () => {
    const acme = org({ name: 'Acme Corp', salesforce_id: 'SF1', tags: ['enterprise'], group: 'Tier 2', fields: { support_tier: 'tier_enterprise' } });
    const raw = rawOrg(1, 'Acme Corp', { tags: ['enterprise'], group_id: null, notes: 'unmanaged', organization_fields: { salesforce_id: 'SF1', support_tier: 'tier_premium', region: 'emea' } });
    const [change] = diffOrganizations({ desired: [acme], live: liveOrgs([[raw]]), lookups: LOOKUPS, now: NOW }).changes as ChangeWith<'update', 'organizations'>[];
    expect(change.fields).toEqual([
      { path: 'fields.support_tier', before: 'tier_premium', after: 'tier_enterprise' },
      { path: 'group', before: null, after: 'Tier 2' },
    ]);
    expect(change.after.fields).toEqual({ support_tier: 'tier_enterprise', salesforce_id: 'SF1' });
    expect(change.live).toEqual({ id: 1, updatedAt: '2026-11-01T08:00:00Z' });
  });
});

describe('diffOrganizations: sharing and its audit lines', () => {
  const approval = 'https://support.example.com/agent/tickets/1042';
  const oldAudit = 'Shared organization (read only) enabled 2025-03-04 as per https://support.example.com/agent/tickets/77';

  it('audit lines already in details are history: kept after what the file writes, so nothing changes', () => {
    const acme = org({ name: 'Acme Corp', salesforce_id: 'SF1', sharing: 'read_only', details: ['Renewal every April.'] });
    const raw = rawOrg(1, 'Acme Corp', { shared_tickets: true, details: `Renewal every April.\n\n${oldAudit}`, organization_fields: { salesforce_id: 'SF1' } });
    expect(diffOrganizations({ desired: [acme], live: liveOrgs([[raw]]), lookups: LOOKUPS, now: NOW }).changes).toEqual([]);
  });

  it('editing details keeps the audit history at the end', () => {
    const acme = org({ name: 'Acme Corp', salesforce_id: 'SF1', sharing: 'read_only', details: ['Renewal every May.'] });
    const raw = rawOrg(1, 'Acme Corp', { shared_tickets: true, details: `Renewal every April.\n\n${oldAudit}`, organization_fields: { salesforce_id: 'SF1' } });
    const [change] = diffOrganizations({ desired: [acme], live: liveOrgs([[raw]]), lookups: LOOKUPS, now: NOW }).changes as ChangeWith<'update', 'organizations'>[];
    expect(change.fields).toEqual([{ path: 'details', before: `Renewal every April.\n\n${oldAudit}`, after: `Renewal every May.\n\n${oldAudit}` }]);
  });

  it('a sharing change adds a dated audit line after the earlier ones, in the form the next plan reads back', () => {
    const acme = org({ name: 'Acme Corp', salesforce_id: 'SF1', sharing: 'read_write', sharing_approval: approval, details: ['Renewal every April.'] });
    const raw = rawOrg(1, 'Acme Corp', { shared_tickets: true, details: `Renewal every April.\n\n${oldAudit}`, organization_fields: { salesforce_id: 'SF1' } });
    const [change] = diffOrganizations({ desired: [acme], live: liveOrgs([[raw]]), lookups: LOOKUPS, now: NOW }).changes as ChangeWith<'update', 'organizations'>[];
    const line = `Shared organization (read and write) enabled 2026-11-21 as per ${approval}`;
    expect(change.notices).toEqual([`audit line added to details: "${line}"`]);
    const details = `Renewal every April.\n\n${oldAudit}\n${line}`;
    expect(change.fields).toEqual([
      { path: 'sharing', before: 'read_only', after: 'read_write' },
      { path: 'details', before: `Renewal every April.\n\n${oldAudit}`, after: details },
    ]);

    // Once applied, the same file plans nothing, on a later day too.
    const applied = rawOrg(1, 'Acme Corp', { shared_tickets: true, shared_comments: true, details, organization_fields: { salesforce_id: 'SF1' } });
    expect(diffOrganizations({ desired: [acme], live: liveOrgs([[applied]]), lookups: LOOKUPS, now: new Date('2027-02-01T00:00:00Z') }).changes).toEqual([]);
  });

  it('an approval with words after the link still leaves an audit line the next plan keeps', () => {
    const withNote = `${approval} (legal OK, SUP-1042)`;
    const acme = org({ name: 'Acme Corp', salesforce_id: 'SF1', sharing: 'read_only', sharing_approval: withNote, details: ['Renewal every April.'] });
    const before = rawOrg(1, 'Acme Corp', { details: 'Renewal every April.', organization_fields: { salesforce_id: 'SF1' } });
    const [change] = diffOrganizations({ desired: [acme], live: liveOrgs([[before]]), lookups: LOOKUPS, now: NOW }).changes;
    const applied = rawOrg(1, 'Acme Corp', { shared_tickets: true, details: change.action === 'update' && change.kind === 'organizations' ? change.after.details : null, organization_fields: { salesforce_id: 'SF1' } });
    expect(String(applied.details)).toContain(`enabled 2026-11-21 as per ${withNote}`);
    expect(diffOrganizations({ desired: [acme], live: liveOrgs([[applied]]), lookups: LOOKUPS, now: new Date('2026-12-01T00:00:00Z') }).changes).toEqual([]);
  });

  it('a sharing change with unmanaged details appends the line to what Zendesk has', () => {
    const globex = org({ name: 'Globex', salesforce_id: 'SF2', sharing: 'none', sharing_approval: approval });
    const raw = rawOrg(2, 'Globex', { shared_tickets: true, details: 'Hand-written.', organization_fields: { salesforce_id: 'SF2' } });
    const [change] = diffOrganizations({ desired: [globex], live: liveOrgs([[raw]]), lookups: LOOKUPS, now: NOW }).changes as ChangeWith<'update', 'organizations'>[];
    expect(change.after.details).toBe(`Hand-written.\n\nShared organization disabled 2026-11-21 as per ${approval}`);
  });

  it('a sharing change without sharing_approval is an error at the sharing line', () => {
    const initech = org({ name: 'Initech', external_id: 'initech', sharing: 'read_only' });
    const { diagnostics } = diffOrganizations({ desired: [initech], live: liveOrgs([[rawOrg(3, 'Initech', { external_id: 'initech' })]]), lookups: LOOKUPS, now: NOW });
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', line: 2, field: 'sharing_approval', message: 'sharing changes from none to read_only, but sharing_approval is missing' }),
    ]);
  });
});

describe('diffOrganizations: finding and creating', () => {
  it('an organization found by name, not key, is adopted: the plan says so and sets the key', () => {
    const globex = org({ name: 'Globex', salesforce_id: 'SF2', notes: ['No sharing.'] });
    const raw = rawOrg(2, 'Globex', { notes: 'No sharing.' });
    const [change] = diffOrganizations({ desired: [globex], live: liveOrgs([[raw]], { byName: [true] }), lookups: LOOKUPS, now: NOW }).changes as ChangeWith<'update', 'organizations'>[];
    expect(change.notices).toEqual(['found by name, not by salesforce_id: the plan sets its salesforce_id']);
    expect(change.fields).toEqual([{ path: 'fields.salesforce_id', before: null, after: 'SF2' }]);
  });

  it('a same-named organization with another key is an error, not an adoption', () => {
    const globex = org({ name: 'Globex', salesforce_id: 'SF2' });
    const raw = rawOrg(2, 'Globex', { organization_fields: { salesforce_id: 'SF9' } });
    const { changes, diagnostics } = diffOrganizations({ desired: [globex], live: liveOrgs([[raw]], { byName: [true] }), lookups: LOOKUPS, now: NOW });
    expect(changes).toEqual([]);
    expect(diagnostics.map((d) => d.message)).toEqual(['an organization named "Globex" exists with salesforce_id SF9, not SF2']);
  });

  it('an organization not found is created with every field its file writes', () => {
    const umbrella = org({ name: 'Umbrella', salesforce_id: 'SF3', external_id: 'umbrella', tags: ['pilot'], notes: ['Pilot.'] });
    const { changes } = diffOrganizations({ desired: [umbrella], live: liveOrgs([[]]), lookups: LOOKUPS, now: NOW });
    expect(changes).toEqual([
      {
        action: 'create', kind: 'organizations', key: 'Umbrella', file: 'config/organizations/umbrella.yaml',
        after: { name: 'Umbrella', external_id: 'umbrella', fields: { salesforce_id: 'SF3' }, notes: 'Pilot.', tags: ['pilot'] },
      },
    ]);
  });
});

describe('itemOutcomes: a job\'s results mapped back to changes', () => {
  const update = (id: number, key: string): ChangeWith<'update', 'organizations'> => ({
    action: 'update', kind: 'organizations', key, file: `config/organizations/${key.toLowerCase()}.yaml`,
    live: { id, updatedAt: '' }, fields: [{ path: 'notes', before: null, after: 'x' }], after: { notes: 'x' },
  });
  const changes = [update(11, 'Acme'), update(12, 'Globex'), update(13, 'Initech')];
  const run = (results: JobResultItem[] | null, status: JobRun['job']['status'] = 'completed', message: string | null = null): JobRun => ({
    job: { id: 'job1', status, total: 3, progress: 3, message, results },
    polls: 3,
  });
  const label = (change: Change) => (change.action === 'reorder' ? change.kind : change.key);
  const summary = (outcomes: ReturnType<typeof itemOutcomes>) =>
    outcomes.map((o) => (o.status === 'applied' ? `${label(o.change)}: applied via ${o.via}` : `${label(o.change)}: ${o.error}`));

  it('a failure is matched by its index, successes by their ids, whatever order they come in', () => {
    const outcomes = itemOutcomes(changes, run([
      { id: 13, action: 'update', status: 'Updated', success: true },
      { index: 1, id: 12, action: 'update', success: false, error: 'RecordInvalid', details: 'Notes: is too long' },
      { id: 11, action: 'update', status: 'Updated', success: true },
    ]), 'update_many');
    expect(summary(outcomes)).toEqual(['Acme: applied via update_many', 'Globex: RecordInvalid: Notes: is too long', 'Initech: applied via update_many']);
  });

  it('a change the job says nothing about has failed, and the message says to plan again', () => {
    const outcomes = itemOutcomes(changes, run([{ id: 11, success: true }, { id: 13, success: true }]), 'update_many');
    expect(summary(outcomes)).toEqual([
      'Acme: applied via update_many',
      'Globex: Zendesk reported no result for this item; plan again to see whether it was applied',
      'Initech: applied via update_many',
    ]);
  });

  it('create_many results without ids come in request order', () => {
    const creates: ChangeWith<'create', 'organizations'>[] = ['A', 'B'].map((key) => ({ action: 'create', kind: 'organizations', key, file: `${key}.yaml`, after: {} }));
    expect(summary(itemOutcomes(creates, run([{ status: 'Created' }, { success: false, error: 'DuplicateValue' }]), 'create_many'))).toEqual([
      'A: applied via create_many',
      'B: DuplicateValue',
    ]);
  });

  it('a failed or killed job fails every change in it, with Zendesk\'s message', () => {
    expect(summary(itemOutcomes(changes, run(null, 'failed', 'Internal error'), 'update_many'))).toEqual([
      'Acme: job failed: Internal error', 'Globex: job failed: Internal error', 'Initech: job failed: Internal error',
    ]);
    expect(summary(itemOutcomes(changes.slice(0, 1), run(null, 'killed'), 'update_many'))).toEqual(['Acme: job killed']);
  });
});

// Webhook credentials and their fingerprints: test/unit/webhookCredentials.test.ts.

// The whole plan, from YAML and live records through the CLI: test/golden/organizations-webhooks/.
describe('a plan with organizations and a rotated webhook credential', () => {
  const KEY = 'test-fingerprint-key-4f2a9c7e';
  const oldFingerprint = fingerprintV2(KEY, { type: 'bearer_token' }, 'xoxb-old-token-for-test');
  const newFingerprint = fingerprintV2(KEY, { type: 'bearer_token' }, 'xoxb-new-token-for-test');

  function makePlan(): Plan {
    const file = {
      name: 'Slack live feed', description: 'Posts every new and updated ticket to #support-feed', endpoint: 'https://hooks.slack.com/services/EXAMPLE/LIVE/FEED',
      authentication: { type: 'bearer_token', token_env: 'ZENDESK_WEBHOOK_SECRET_SLACK_LIVE_FEED' },
    };
    const env = { ZENDESK_WEBHOOK_SECRET_SLACK_LIVE_FEED: 'xoxb-new-token-for-test', ZENDESK_WEBHOOK_FINGERPRINT_KEY: KEY };
    const desiredSlack = webhookSpec(file, env, () => ({ file: 'config/webhooks/slack-live-feed.yaml', line: 1, col: 1 })).spec;
    const liveSlack = webhooks.toSpec({
      ...file, id: '01GZ0SLACK', description: `${file.description} [credential v2:${oldFingerprint}]`, http_method: 'POST', request_format: 'json', status: 'active',
      subscriptions: ['conditional_ticket_events'], authentication: { type: 'bearer_token', add_position: 'header' },
    }, { refs: new ReferenceResolver(emptyLookups()), categories: categoryIndex([]) });

    const approval = 'https://support.example.com/agent/tickets/1042';
    const organizations = [
      org({
        name: 'Acme Corp', salesforce_id: '0015g0000000001AAA', sharing: 'read_only', sharing_approval: approval,
        notes: ['Solutions architect: Dana Lee', { text: 'Two subscriptions until the contracts merge.', expires: '2026-11-21' }],
        details: ['Renewal every April.'],
      }, 'config/organizations/acme-corp.yaml'),
      org({ name: 'Globex', salesforce_id: '0015g0000000002AAA', never_share: true, sharing: 'none', notes: ['No sharing (legal, 2025).'] }, 'config/organizations/globex.yaml'),
      org({ name: 'Umbrella', external_id: 'umbrella', tags: ['pilot'] }, 'config/organizations/umbrella.yaml'),
    ];
    const users = new Map<string, LiveUser | null>();
    const result = diffOrganizations({
      desired: organizations,
      live: liveOrgs(
        [
          [rawOrg(1, 'Acme Corp', { notes: 'Solutions architect: Dana Lee\n\nTwo subscriptions until the contracts merge.', details: 'Renewal every April.', organization_fields: { salesforce_id: '0015g0000000001AAA' } })],
          [rawOrg(2, 'Globex')],
          [],
        ],
        { byName: [false, true, false], users },
      ),
      lookups: LOOKUPS,
      now: NOW,
    });
    return diff({
      desired: desiredConfig({ webhooks: [desired('webhooks', desiredSlack, { file: 'config/webhooks/slack-live-feed.yaml' })] }),
      live: liveByKind({ webhooks: [live('webhooks', 1, liveSlack)] }),
      target: TARGET,
      now: NOW,
      organizationChanges: result.changes,
    }).plan;
  }

  it('terminal text: the credential change without a value, the notices', () => {
    const text = renderText(makePlan(), { color: false });
    // The plan holds `{ path: 'authentication.credential', sensitive: true }` and no value; the wording is render/describe.ts's.
    expect(text).toMatch(/authentication\.credential: credential \w+ \(sensitive value hidden\)/);
    expect(text).toContain('! note expired on 2026-11-21, removed from Zendesk: "Two subscriptions until the contracts merge."');
    expect(text).toContain('! audit line added to details: "Shared organization (read only) enabled 2026-11-21 as per https://support.example.com/agent/tickets/1042"');
    expect(text).toContain('! found by name, not by salesforce_id: the plan sets its salesforce_id');
  });

  it('Markdown: the credential change without a value, the notices', () => {
    const markdown = renderMarkdown(makePlan());
    expect(markdown).toMatch(/authentication\.credential: credential \w+ \(sensitive value hidden\)/);
    expect(markdown).toContain('> :information_source: note expired on 2026-11-21, removed from Zendesk: &quot;Two subscriptions until the contracts merge.&quot;');
  });

  it('neither rendering shows a fingerprint, and the plan holds the credential change without values', () => {
    const plan = makePlan();
    expect(plan.changes.find((c) => c.kind === 'webhooks')).toMatchObject({ action: 'update', fields: [{ path: 'authentication.credential', sensitive: true }] });
    const field = (plan.changes[0] as Extract<Change, { action: 'update' }>).fields[0];
    expect(Object.keys(field).sort()).toEqual(['path', 'sensitive']);
    for (const out of [renderText(plan), renderMarkdown(plan)]) {
      expect(out).not.toContain(oldFingerprint);
      expect(out).not.toContain(newFingerprint);
      expect(out).not.toContain('[credential');
    }
    expect(JSON.stringify(plan)).not.toMatch(/[0-9a-f]{16}/);
  });
});
