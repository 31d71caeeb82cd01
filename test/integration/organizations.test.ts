/**
 * Organizations and webhooks as code (issue 3), end to end: the CLI in-process,
 * node-zendesk over HTTP, the sandbox's state as what a Zendesk admin would see.
 */
import { describe, expect, it } from 'vitest';
import { fingerprintV1, fingerprintV2 } from '../../scripts/kinds/webhookCredentials.ts';
import type { ZendeskSandbox } from '../../scripts/sandbox/zendesk/server.ts';
import { type RunResult, WEBHOOK_SECRETS, type Workspace, workspaceEachTest } from './harness.ts';

let ws: Workspace;
const { startApplied } = workspaceEachTest((next) => (ws = next));

function organization(sandbox: ZendeskSandbox, name: string): Record<string, unknown> {
  const found = (sandbox.state().collections.organizations ?? []).find((o) => o.name === name);
  if (!found) throw new Error(`no organization "${name}" in the sandbox`);
  return found;
}

function userByEmail(sandbox: ZendeskSandbox, email: string): Record<string, unknown> | undefined {
  return (sandbox.state().collections.users ?? []).find((u) => u.email === email);
}

/** Requests that change something: anything but GET (job polls are GETs). */
function writeRequests(sandbox: ZendeskSandbox): Record<string, number> {
  return Object.fromEntries(Object.entries(sandbox.requestCounts()).filter(([key]) => !key.startsWith('GET ')));
}

/** 1-based line of the first line containing `needle`, to assert file:line without hard-coding the layout. */
async function lineOf(path: string, needle: string): Promise<number> {
  const index = (await ws.read(path)).split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`${needle} not in ${path}`);
  return index + 1;
}

const day = (date: string) => new Date(`${date}T10:00:00Z`);
const ACME = 'config/organizations/acme-corp.yaml';
const ACME_AUDIT = 'Shared organization (read only) enabled 2026-11-21 as per https://support.example.com/agent/tickets/1042';

describe('notes with an expiry date', () => {
  it('a note is in Zendesk before its date and gone from it on that date, and the plan says so', async () => {
    await ws.edit(ACME, '  - text: Two subscriptions', '  - text: Holiday cover by Tier 3 until December.\n    expires: 2026-12-01\n  - text: Two subscriptions');
    expect((await ws.run(['apply'])).code).toBe(0);
    expect(organization(ws.sandbox, 'Acme Corp').notes).toContain('Holiday cover by Tier 3 until December.');

    // The day before: still valid, nothing to do.
    const dayBefore = await ws.run(['plan', '--detailed-exitcode'], {}, { now: day('2026-11-30') });
    expect(dayBefore.code).toBe(0);
    expect(dayBefore.stderr).not.toContain('expired');

    // On the day: the plan announces the removal and warns about the stale entry in the file.
    const onTheDay = await ws.run(['plan', '--detailed-exitcode'], {}, { now: day('2026-12-01') });
    expect(onTheDay.code).toBe(2);
    expect(onTheDay.stdout).toContain('~ update organization "Acme Corp"  (config/organizations/acme-corp.yaml)');
    expect(onTheDay.stdout).toContain('! note expired on 2026-12-01, removed from Zendesk: "Holiday cover by Tier 3 until December."');
    const expiresLine = await lineOf(ACME, 'expires: 2026-12-01');
    expect(onTheDay.stderr).toMatch(
      new RegExp(`^config/organizations/acme-corp\\.yaml:${expiresLine}:\\d+: warning: this note expired on 2026-12-01 and is left out of Zendesk \\(notes\\[2\\]\\.expires\\)`, 'm'),
    );
    expect(onTheDay.stdout).toMatch(/Plan: 0 to create, 1 to update, 0 to delete, 0 to reorder\./);

    const apply = await ws.run(['apply'], {}, { now: day('2026-12-01') });
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Verified: Zendesk now matches config/.');
    const notes = String(organization(ws.sandbox, 'Acme Corp').notes);
    expect(notes).not.toContain('Holiday cover');
    expect(notes).toContain('Solutions architect: Dana Lee');
    expect(notes).toContain('Two subscriptions (Support Enterprise, Guide Professional)');

    expect((await ws.run(['plan', '--detailed-exitcode'], {}, { now: day('2026-12-02') })).code).toBe(0);
  });
});

describe('shared organizations', () => {
  it('read only sets shared_tickets without shared_comments and leaves an audit line that later plans keep', async () => {
    const plan = await ws.run(['plan']);
    expect(plan.stdout).toContain(`! audit line added to details: "${ACME_AUDIT}"`);
    expect(plan.stdout).toContain('sharing: "none" → "read_only"');

    expect((await ws.run(['apply'])).code).toBe(0);
    const acme = organization(ws.sandbox, 'Acme Corp');
    expect(acme.shared_tickets).toBe(true);
    expect(acme.shared_comments).toBe(false);
    expect(String(acme.details).split('\n')).toContain(ACME_AUDIT);
    expect(String(acme.details)).toMatch(/^Renewal every April/);

    const again = await ws.run(['plan', '--detailed-exitcode'], {}, { now: day('2026-12-15') });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes.');
    expect(organization(ws.sandbox, 'Acme Corp').details).toBe(acme.details);
  });

  it('moving to read and write appends a second audit line after the first, and then converges', async () => {
    await startApplied();
    await ws.edit(ACME, 'sharing: read_only', 'sharing: read_write');
    await ws.edit(ACME, 'tickets/1042', 'tickets/2077');
    const second = 'Shared organization (read and write) enabled 2026-12-05 as per https://support.example.com/agent/tickets/2077';

    const plan = await ws.run(['plan'], {}, { now: day('2026-12-05') });
    expect(plan.stdout).toContain(`! audit line added to details: "${second}"`);
    expect(plan.stdout).toContain('sharing: "read_only" → "read_write"');

    const apply = await ws.run(['apply'], {}, { now: day('2026-12-05') });
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Verified: Zendesk now matches config/.');
    const acme = organization(ws.sandbox, 'Acme Corp');
    expect(acme.shared_tickets).toBe(true);
    expect(acme.shared_comments).toBe(true);
    const lines = String(acme.details).split('\n');
    expect(lines).toContain(ACME_AUDIT);
    expect(lines).toContain(second);
    expect(lines.indexOf(ACME_AUDIT)).toBeLessThan(lines.indexOf(second));

    expect((await ws.run(['plan', '--detailed-exitcode'], {}, { now: day('2026-12-06') })).code).toBe(0);
  });

  it('a sharing change without sharing_approval is an error at file:line, and nothing is written', async () => {
    await ws.write('config/organizations/initech.yaml', 'name: Initech\nexternal_id: initech\nnotes:\n  - Prefers email over phone.\ntags: [smb]\nsharing: read_only\n');
    ws.sandbox.resetRequestCounts();
    for (const command of ['plan', 'apply']) {
      const result = await ws.run([command]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^config\/organizations\/initech\.yaml:6:\d+: error: sharing changes from none to read_only, but sharing_approval is missing \(sharing_approval\)$/m,
      );
      expect(result.stderr).toContain('nothing was changed in Zendesk');
    }
    expect(writeRequests(ws.sandbox)).toEqual({});
    expect(organization(ws.sandbox, 'Initech').shared_tickets).toBe(false);
  });
});

describe('per-user access', () => {
  it('gives ada@acme.example her organization\'s tickets, and no one else', async () => {
    const plan = await ws.run(['plan']);
    expect(plan.stdout).toContain('~ update user access "ada@acme.example"  (config/organizations/acme-corp.yaml)');
    expect(plan.stdout).toContain('access: "own_tickets" → "organization_tickets"');
    expect((await ws.run(['apply'])).code).toBe(0);
    expect(userByEmail(ws.sandbox, 'ada@acme.example')?.ticket_restriction).toBe('organization');
    expect(userByEmail(ws.sandbox, 'ben@acme.example')?.ticket_restriction).toBe('requested');
  });

  it('an unknown email and a user of another organization are errors at their lines', async () => {
    await ws.edit(ACME, '    access: organization_tickets', '    access: organization_tickets\n  - email: nobody@acme.example\n    access: own_tickets\n  - email: gina@globex.example\n    access: organization_tickets');
    ws.sandbox.resetRequestCounts();
    const plan = await ws.run(['plan']);
    expect(plan.code).toBe(1);
    const nobody = await lineOf(ACME, 'nobody@acme.example');
    const gina = await lineOf(ACME, 'gina@globex.example');
    expect(plan.stderr).toMatch(new RegExp(`^config/organizations/acme-corp\\.yaml:${nobody}:\\d+: error: no Zendesk user has the email nobody@acme\\.example \\(users\\[1\\]\\.email\\)$`, 'm'));
    expect(plan.stderr).toMatch(new RegExp(`^config/organizations/acme-corp\\.yaml:${gina}:\\d+: error: gina@globex\\.example is not a member of "Acme Corp" \\(users\\[2\\]\\.email\\)$`, 'm'));
    expect(writeRequests(ws.sandbox)).toEqual({});
  });
});

describe('bulk jobs', () => {
  it('a failed job item is reported with its file; the others apply; a re-run fixes only that one', async () => {
    ws.sandbox.injectItemFailure({ collection: 'organizations', match: { name: 'Globex' }, error: 'RecordInvalid', details: 'Notes: is too long' });
    const first = await ws.run(['apply']);
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('✗ update organization "Globex" (config/organizations/globex.yaml): RecordInvalid: Notes: is too long');
    expect(first.stdout).toContain('✓ update organization "Acme Corp"');
    expect(first.stdout).toContain('✓ update organization "Initech"');
    expect(first.stderr).toContain('Some changes failed.');
    expect(organization(ws.sandbox, 'Globex').notes).toBeNull();
    expect(organization(ws.sandbox, 'Initech').notes).toBe('Prefers email over phone.');
    expect(organization(ws.sandbox, 'Acme Corp').shared_tickets).toBe(true);

    const plan = await ws.run(['plan', '--detailed-exitcode']);
    expect(plan.code).toBe(2);
    expect(plan.stdout.match(/^ {2}[+~-] [a-z ]*organization "[^"]+"/gm)).toEqual(['  ~ update organization "Globex"']);
    expect(plan.stdout).toMatch(/Plan: 0 to create, 1 to update, 0 to delete, 0 to reorder\./);

    ws.sandbox.resetRequestCounts();
    const second = await ws.run(['apply']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Applying 1 change to');
    expect(second.stdout).toContain('✓ update organization "Globex"');
    expect(second.stdout).toContain('Verified: Zendesk now matches config/.');
    expect(writeRequests(ws.sandbox)).toEqual({ 'PUT /api/v2/organizations/update_many': 1 });
    expect(organization(ws.sandbox, 'Globex').notes).toBe('Contract forbids sharing tickets between Globex users (legal, 2025).');
  });

  it('an organization not yet in Zendesk is created through create_many, and then the plan is empty', async () => {
    await ws.write(
      'config/organizations/umbrella.yaml',
      [
        'name: Umbrella Corp',
        'salesforce_id: 0015g00000UMBR01',
        'external_id: umbrella',
        'notes:',
        '  - Pilot customer; escalate outages to Tier 3.',
        'tags: [pilot]',
        'group: Tier 3',
        'fields:',
        '  support_tier: Premium',
        '',
      ].join('\n'),
    );
    const plan = await ws.run(['plan']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('+ create organization "Umbrella Corp"  (config/organizations/umbrella.yaml)');

    ws.sandbox.resetRequestCounts();
    expect((await ws.run(['apply'])).code).toBe(0);
    expect(ws.sandbox.requestCounts()['POST /api/v2/organizations/create_many']).toBe(1);
    expect(ws.sandbox.requestCounts()['POST /api/v2/organizations']).toBeUndefined();
    const umbrella = organization(ws.sandbox, 'Umbrella Corp');
    expect(umbrella).toMatchObject({
      external_id: 'umbrella',
      notes: 'Pilot customer; escalate outages to Tier 3.',
      tags: ['pilot'],
      organization_fields: { salesforce_id: '0015g00000UMBR01', support_tier: 'tier_premium' },
    });
    const tier3 = ws.sandbox.state().collections.groups?.find((g) => g.name === 'Tier 3');
    expect(umbrella.group_id).toBe(tier3?.id);

    const again = await ws.run(['plan', '--detailed-exitcode']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes.');
    expect((ws.sandbox.state().collections.organizations ?? []).filter((o) => o.name === 'Umbrella Corp')).toHaveLength(1);
  });
});

describe('invalid organization files', () => {
  it('never_share with sharing read_only is rejected before anything is sent', async () => {
    await ws.edit('config/organizations/globex.yaml', 'sharing: none', 'sharing: read_only\nsharing_approval: https://support.example.com/agent/tickets/9');
    ws.sandbox.resetRequestCounts();
    const result = await ws.run(['validate']);
    expect(result.code).toBe(1);
    const line = await lineOf('config/organizations/globex.yaml', 'sharing: read_only');
    expect(result.stderr).toMatch(new RegExp(`^config/organizations/globex\\.yaml:${line}:\\d+: error: sharing is read_only, but this organization is marked never_share \\(sharing\\)$`, 'm'));
    expect(ws.sandbox.requestCounts()).toEqual({});
  });

  it('an organization field key the account does not have is an error with a suggestion', async () => {
    await ws.edit(ACME, '  support_tier: Enterprise', '  suport_tier: Enterprise');
    const result = await ws.run(['validate']);
    expect(result.code).toBe(1);
    const line = await lineOf(ACME, 'suport_tier');
    expect(result.stderr).toMatch(
      new RegExp(`^config/organizations/acme-corp\\.yaml:${line}:\\d+: error: unknown organization field 'suport_tier' \\(fields\\.suport_tier\\)\\n\\s+hint: did you mean 'support_tier'\\?`, 'm'),
    );
  });

  it('two files that give one user different access are an error naming both files', async () => {
    await ws.write('config/organizations/initech.yaml', 'name: Initech\nexternal_id: initech\nusers:\n  - email: Ada@acme.example\n    access: own_tickets\n');
    const result = await ws.run(['validate']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^config\/organizations\/initech\.yaml:5:\d+: error: conflicting overrides for Ada@acme\.example: own_tickets here, organization_tickets in config\/organizations\/acme-corp\.yaml \(users\[0\]\.access\)$/m,
    );
  });
});

describe('webhook secrets', () => {
  const LIVE_FEED = 'ZENDESK_WEBHOOK_SECRET_SLACK_LIVE_FEED';
  const SLA_ALERTS = 'ZENDESK_WEBHOOK_SECRET_SLA_BREACH_ALERTS';
  const KEY = 'ZENDESK_WEBHOOK_FINGERPRINT_KEY';
  /** The secrets the webhooks were first applied with: the workspace's, so the shared applied state holds them too. */
  const FIRST = { [LIVE_FEED]: WEBHOOK_SECRETS[LIVE_FEED], [SLA_ALERTS]: WEBHOOK_SECRETS[SLA_ALERTS] };
  const ROTATED = 'xoxb-rotated-live-feed-b60e27c9f3';
  const ROTATED_AGAIN = 'xoxb-rotated-again-live-feed-5a0d88e4c1';
  const SECRETS = [...Object.values(FIRST), ROTATED, ROTATED_AGAIN, WEBHOOK_SECRETS[KEY]];
  /** A mark of either version, or its hex (ids in plan.json are hex-like, so the fingerprints themselves are searched for). */
  const FINGERPRINT = /\[credential |v2:[0-9a-f]/;
  const fingerprints = (secret: string) => [fingerprintV2(WEBHOOK_SECRETS[KEY], { type: 'bearer_token' }, secret), fingerprintV1({ type: 'bearer_token' }, secret)];
  /** The sensitive line, whatever render/describe.ts calls a change without values. */
  const CREDENTIAL_LINE = /authentication\.credential: credential \w+ \(sensitive value hidden\)/;
  const storedToken = (name: string) =>
    ((ws.sandbox.state().collections.webhooks ?? []).find((w) => w.name === name)?.authentication as { data?: { token?: string } } | undefined)?.data?.token;
  const liveDescription = (name: string) => String((ws.sandbox.state().collections.webhooks ?? []).find((w) => w.name === name)?.description);

  it('a rotated token is planned as a credential change without any value, reaches Zendesk, and is never printed or saved', async () => {
    const seen: string[] = [];
    const keep = (result: RunResult) => {
      seen.push(result.stdout, result.stderr);
      return result;
    };
    expect(keep(await ws.run(['apply'], FIRST)).code).toBe(0);
    expect(storedToken('Slack live feed')).toBe(FIRST[LIVE_FEED]);
    expect(liveDescription('Slack live feed')).toMatch(/ \[credential v2:[0-9a-f]{32}\]$/);

    const rotated = { ...FIRST, [LIVE_FEED]: ROTATED };
    expect(keep(await ws.run(['validate'], rotated)).code).toBe(0);
    const text = keep(await ws.run(['plan'], rotated));
    expect(text.stdout).toContain('~ update webhook "Slack live feed"  (config/webhooks/slack-live-feed.yaml)\n      authentication.credential: credential');
    expect(text.stdout).toMatch(CREDENTIAL_LINE);
    expect(text.stdout).not.toContain('update webhook "SLA breach alerts"');
    const json = keep(await ws.run(['plan', '--format', 'json'], rotated));
    const change = JSON.parse(json.stdout).changes[0];
    expect(change).toMatchObject({ kind: 'webhooks', key: 'Slack live feed', fields: [{ path: 'authentication.credential', sensitive: true }] });
    expect(change.fields[0]).toEqual({ path: 'authentication.credential', sensitive: true });
    expect(change.after.authentication).toEqual({ type: 'bearer_token', secret_env: LIVE_FEED });
    const markdown = keep(await ws.run(['plan', '--format', 'markdown'], rotated));
    expect(markdown.stdout).toMatch(CREDENTIAL_LINE);
    keep(await ws.run(['plan', '--out', 'plan.json'], rotated));
    seen.push(await ws.read('plan.json'));
    for (const output of seen) {
      expect(output).not.toMatch(FINGERPRINT);
      for (const hex of [...fingerprints(FIRST[LIVE_FEED]), ...fingerprints(ROTATED)]) expect(output).not.toContain(hex.slice(0, 12));
    }

    const apply = keep(await ws.run(['apply', '--plan', 'plan.json'], rotated));
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('✓ update webhook "Slack live feed"');
    expect(storedToken('Slack live feed')).toBe(ROTATED);
    expect(storedToken('SLA breach alerts')).toBe(FIRST[SLA_ALERTS]);

    // A failed write says what failed and still shows no secret.
    ws.sandbox.injectFault({ method: 'PUT', path: /\/webhooks\//, status: 500, times: 100 });
    const failed = keep(await ws.run(['apply'], { ...rotated, [LIVE_FEED]: ROTATED_AGAIN }));
    ws.sandbox.clearFaults();
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/✗ update webhook "Slack live feed" \(config\/webhooks\/slack-live-feed\.yaml\): PUT webhook "Slack live feed" failed: 500/);
    expect(storedToken('Slack live feed')).toBe(ROTATED);

    for (const output of seen) for (const secret of SECRETS) expect(output).not.toContain(secret);
  });

  it('without its variable a webhook plans without comparing the credential, and apply names the missing variable', async () => {
    await startApplied();
    const unset = { [SLA_ALERTS]: undefined };
    const line = await lineOf('config/webhooks/sla-breach-alerts.yaml', 'token_env');

    const plan = await ws.run(['plan', '--detailed-exitcode'], { ...FIRST, ...unset });
    expect(plan.code).toBe(0);
    expect(plan.stderr).toMatch(
      new RegExp(`^config/webhooks/sla-breach-alerts\\.yaml:${line}:\\d+: warning: environment variable ${SLA_ALERTS} is not set here, so this webhook's credential is not compared`, 'm'),
    );

    await ws.edit('config/webhooks/sla-breach-alerts.yaml', 'Pages the on-call lead', 'Pages the on-call lead and the duty manager');
    const changed = await ws.run(['plan'], { ...FIRST, ...unset });
    expect(changed.stdout).toContain('~ update webhook "SLA breach alerts"');
    expect(changed.stdout).toContain('description: "Pages the on-call lead when an SLA is about to breach" → "Pages the on-call lead and the duty manager when an SLA is about to breach"');
    expect(changed.stdout).not.toContain('authentication.credential');
    expect(changed.stdout).toContain(`! credential not compared: ${SLA_ALERTS} is not set here; apply checks it, and sends the credential with this update`);

    const apply = await ws.run(['apply'], { ...FIRST, ...unset });
    expect(apply.code).toBe(1);
    expect(apply.stdout).toContain(
      `✗ update webhook "SLA breach alerts" (config/webhooks/sla-breach-alerts.yaml): webhook "SLA breach alerts": environment variable ${SLA_ALERTS} is not set, so its credential cannot be sent`,
    );
    expect(liveDescription('SLA breach alerts')).toMatch(/^Pages the on-call lead when an SLA is about to breach/);
    expect(storedToken('SLA breach alerts')).toBe(FIRST[SLA_ALERTS]);
  });

  it('without the fingerprint key nothing can be compared: the plan says so, and apply sends no credential, naming the key', async () => {
    await startApplied();
    const rotated = { ...FIRST, [LIVE_FEED]: ROTATED, [KEY]: undefined };
    const plan = await ws.run(['plan', '--detailed-exitcode'], rotated);
    expect(plan.code).toBe(0);
    expect(plan.stdout).not.toContain('authentication.credential');
    expect(plan.stderr).toMatch(/slack-live-feed\.yaml:\d+:\d+: warning: ZENDESK_WEBHOOK_FINGERPRINT_KEY is not set here, so this webhook's credential is not compared \(authentication\.token_env\)\n\s+hint: it is checked at apply/);

    await ws.edit('config/webhooks/slack-live-feed.yaml', 'to #support-feed', 'to #support-live');
    const apply = await ws.run(['apply'], rotated);
    expect(apply.code).toBe(1);
    expect(apply.stdout).toContain('✗ update webhook "Slack live feed" (config/webhooks/slack-live-feed.yaml): webhook "Slack live feed": ZENDESK_WEBHOOK_FINGERPRINT_KEY is not set, so the credential from ZENDESK_WEBHOOK_SECRET_SLACK_LIVE_FEED cannot be fingerprinted and is not sent');
    expect(storedToken('Slack live feed')).toBe(FIRST[LIVE_FEED]);
    expect(liveDescription('Slack live feed')).toMatch(/^Posts every new and updated ticket to #support-feed \[credential v2:/);
  });
});

describe('validate against an account', () => {
  it('checks that override users exist and belong to the organization, before any plan', async () => {
    await ws.edit(ACME, 'ada@acme.example', 'gina@globex.example');
    const result = await ws.run(['validate']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/config\/organizations\/acme-corp\.yaml:\d+:\d+: error: gina@globex\.example is not a member of "Acme Corp" \(users\[0\]\.email\)/);
    expect(writeRequests(ws.sandbox)).toEqual({});
  });
});

describe('drop-down organization fields', () => {
  it('are written by option name, as Admin Center shows them; the tag Zendesk stores gets a hint', async () => {
    await ws.edit(ACME, 'support_tier: Enterprise', 'support_tier: tier_premium');
    const plan = await ws.run(['plan']);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toMatch(/acme-corp\.yaml:\d+:\d+: error: 'tier_premium' is not an option of organization field 'support_tier' \(fields\.support_tier\)\n\s+hint: write the option name 'Premium', not its tag 'tier_premium'/);

    await ws.edit(ACME, 'support_tier: tier_premium', 'support_tier: Premium');
    const fixed = await ws.run(['plan']);
    expect(fixed.stdout).toMatch(/fields\.support_tier: "Enterprise" → "Premium"/);
    expect((await ws.run(['apply'])).code).toBe(0);
    expect(organization(ws.sandbox, 'Acme Corp').organization_fields).toMatchObject({ support_tier: 'tier_premium' });
  });
});
