/**
 * Issue 9, "declared secrets only": a webhook may take its secret only from a
 * ZENDESK_WEBHOOK_SECRET_* variable, apply is handed only the variables config/
 * declares, settings.yaml can limit the hosts webhooks call, and validate warns
 * about clear-text endpoints and guessable secrets without ever showing one.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../scripts/config/load.ts';
import { type DesiredConfig, emptyLookups } from '../../scripts/core/model.ts';
import { declaredSecrets } from '../../scripts/config/secrets.ts';
import { validateConfig } from '../../scripts/config/validate.ts';
import { isWeakSecret, secretStrength } from '../../scripts/config/secretStrength.ts';
import { hostAllowed } from '../../scripts/config/webhookSpec.ts';
import { categoryIndex } from '../../scripts/kinds/fetch.ts';
import { ReferenceResolver } from '../../scripts/kinds/references.ts';
import { webhooks } from '../../scripts/kinds/webhooks.ts';
import { shown } from './helpers.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zd-webhook-security-'));
  await mkdir(join(dir, 'webhooks'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const shownDir = () => relative(process.cwd(), dir);

async function webhookFile(name: string, body: string): Promise<void> {
  await writeFile(join(dir, 'webhooks', `${name}.yaml`), body);
}

function bearer(name: string, variable: string, endpoint = 'https://hooks.slack.com/services/EXAMPLE'): string {
  return `name: ${name}\nendpoint: ${endpoint}\nauthentication:\n  type: bearer_token\n  token_env: ${variable}\n`;
}

const STRONG = 'xoxb-7Qk2m9Vd4Lr8Tz1Wc6Hy3Np5';
const KEY = { ZENDESK_WEBHOOK_FINGERPRINT_KEY: 'test-key-2b7e151628aed2a6abf7158809cf4f3c' };

describe('webhook secret variables', () => {
  it.each([
    ['token_env', 'bearer_token', 'ZENDESK_API_TOKEN', ''],
    ['token_env', 'bearer_token', 'GITLAB_API_TOKEN', ''],
    ['token_env', 'bearer_token', 'CI_JOB_TOKEN', ''],
    ['token_env', 'bearer_token', 'ZENDESK_WEBHOOK_FINGERPRINT_KEY', ''],
    ['password_env', 'basic_auth', 'ZENDESK_APPLY_API_TOKEN', '  username: ops\n'],
    ['value_env', 'api_key', 'SLACK_TOKEN', '  header_name: X-Api-Key\n'],
  ])('%s naming %s (%s) is refused at its line, saying which prefix is allowed and why', async (field, type, variable, extra) => {
    await webhookFile('exfiltrate', `name: Exfiltrate\nendpoint: https://attacker.example/collect\nauthentication:\n  type: ${type}\n${extra}  ${field}: ${variable}\n`);
    const { config, diagnostics } = await loadConfig(dir, { env: { [variable]: 'the-real-admin-token-value', ...KEY } });
    const line = extra ? 6 : 5;
    expect(shown(diagnostics)).toEqual([
      `${shownDir()}/webhooks/exfiltrate.yaml:${line}:3: error: '${variable}' cannot hold a webhook secret: only variables named ZENDESK_WEBHOOK_SECRET_* can (authentication.${field})\n`
        + "    hint: apply stores the value in Zendesk, which sends it to the endpoint on every event, so it may only come from a variable made for that webhook (e.g. ZENDESK_WEBHOOK_SECRET_SLACK_LIVE_FEED), never from the tool's own or GitLab's variables",
    ]);
    // The file is left out: nothing about it can reach a plan or apply.
    expect(config.objects.webhooks).toEqual([]);
    expect(JSON.stringify(diagnostics)).not.toContain('the-real-admin-token-value');
  });

  it('a lower-case or bare prefix is refused too', async () => {
    await webhookFile('a', bearer('A', 'zendesk_webhook_secret_a'));
    await webhookFile('b', bearer('B', 'ZENDESK_WEBHOOK_SECRET_'));
    const { diagnostics } = await loadConfig(dir, { env: {} });
    expect(diagnostics.map((d) => [d.field, d.message])).toEqual([
      ['authentication.token_env', "'zendesk_webhook_secret_a' cannot hold a webhook secret: only variables named ZENDESK_WEBHOOK_SECRET_* can"],
      ['authentication.token_env', "'ZENDESK_WEBHOOK_SECRET_' cannot hold a webhook secret: only variables named ZENDESK_WEBHOOK_SECRET_* can"],
    ]);
  });

  it('a declared ZENDESK_WEBHOOK_SECRET_* variable loads, keeping only its name', async () => {
    await webhookFile('feed', bearer('Feed', 'ZENDESK_WEBHOOK_SECRET_FEED'));
    const { config, diagnostics } = await loadConfig(dir, { env: { ZENDESK_WEBHOOK_SECRET_FEED: STRONG, ...KEY } });
    expect(diagnostics).toEqual([]);
    expect(config.objects.webhooks[0].spec.authentication).toEqual({ type: 'bearer_token', secret_env: 'ZENDESK_WEBHOOK_SECRET_FEED' });
    expect(JSON.stringify(config)).not.toContain(STRONG);
  });
});

describe('one secret, one host', () => {
  it("a webhook naming another webhook's secret with an endpoint on another host is refused at its line", async () => {
    await webhookFile('feed', bearer('Feed', 'ZENDESK_WEBHOOK_SECRET_FEED'));
    await webhookFile('mirror', bearer('Mirror', 'ZENDESK_WEBHOOK_SECRET_FEED', 'https://collector.attacker.example/hook'));
    const { config } = await loadConfig(dir, { env: {} });
    expect(shown(validateConfig(config))).toEqual([
      `${shownDir()}/webhooks/mirror.yaml:5:3: error: ZENDESK_WEBHOOK_SECRET_FEED is already the secret of webhook 'Feed' (${shownDir()}/webhooks/feed.yaml), which sends it to hooks.slack.com, not collector.attacker.example (authentication.token_env)\n` +
        '    hint: give this webhook its own ZENDESK_WEBHOOK_SECRET_* variable: a secret goes to one host only',
    ]);
  });

  it('two webhooks on the same host may share a secret', async () => {
    await webhookFile('created', bearer('Created', 'ZENDESK_WEBHOOK_SECRET_FEED'));
    await webhookFile('updated', bearer('Updated', 'ZENDESK_WEBHOOK_SECRET_FEED', 'https://HOOKS.slack.com/services/OTHER'));
    const { config } = await loadConfig(dir, { env: {} });
    expect(validateConfig(config)).toEqual([]);
  });
});

describe('declaredSecrets: what apply is handed', () => {
  const env = {
    ZENDESK_API_TOKEN: 'admin-token', GITLAB_API_TOKEN: 'glpat-x', CI_JOB_TOKEN: 'job', ZENDESK_APPLY_OAUTH_TOKEN: 'apply',
    ZENDESK_WEBHOOK_FINGERPRINT_KEY: 'key', ZENDESK_WEBHOOK_SECRET_FEED: 'feed-secret', ZENDESK_WEBHOOK_SECRET_UNDECLARED: 'other',
  };

  it('answers only the ZENDESK_WEBHOOK_SECRET_* variables the webhooks declare; everything else is undefined', async () => {
    await webhookFile('feed', bearer('Feed', 'ZENDESK_WEBHOOK_SECRET_FEED'));
    const { config } = await loadConfig(dir, { env });
    const secrets = declaredSecrets(config, env);
    expect(secrets('ZENDESK_WEBHOOK_SECRET_FEED')).toBe('feed-secret');
    for (const name of Object.keys(env).filter((n) => n !== 'ZENDESK_WEBHOOK_SECRET_FEED')) expect(secrets(name), name).toBeUndefined();
    expect(secrets('PATH')).toBeUndefined();
  });

  it('even a config that skipped validate and names ZENDESK_API_TOKEN gets nothing, so apply sends nothing', () => {
    const spec = {
      name: 'Exfiltrate', description: null, endpoint: 'https://attacker.example/collect', http_method: 'POST' as const, request_format: 'json' as const,
      status: 'active' as const, subscriptions: ['conditional_ticket_events'], authentication: { type: 'bearer_token' as const, secret_env: 'ZENDESK_API_TOKEN' },
    };
    const config = { objects: { webhooks: [{ kind: 'webhooks', key: spec.name, file: 'x.yaml', locate: () => ({ file: 'x.yaml', line: 1, col: 1 }), spec }] } } as unknown as DesiredConfig;
    const secrets = declaredSecrets(config, env);
    expect(secrets('ZENDESK_API_TOKEN')).toBeUndefined();
    const ctx = { refs: new ReferenceResolver(emptyLookups()), categories: categoryIndex([]), secrets };
    expect(() => webhooks.toPayload(spec, ctx)).toThrow('webhook "Exfiltrate": environment variable ZENDESK_API_TOKEN is not set, so its credential cannot be sent');
  });

  it('takes the values once: a later change to the environment is not seen', async () => {
    await webhookFile('feed', bearer('Feed', 'ZENDESK_WEBHOOK_SECRET_FEED'));
    const live: Record<string, string | undefined> = { ...env };
    const { config } = await loadConfig(dir, { env: live });
    const secrets = declaredSecrets(config, live);
    live.ZENDESK_WEBHOOK_SECRET_FEED = 'changed-after';
    expect(secrets('ZENDESK_WEBHOOK_SECRET_FEED')).toBe('feed-secret');
  });
});

describe('allowed endpoint hosts (settings.yaml)', () => {
  async function settings(body: string): Promise<void> {
    await writeFile(join(dir, 'settings.yaml'), body);
  }

  it('an endpoint whose host is not listed is an error at the endpoint line, naming the host and the list', async () => {
    await settings('webhooks:\n  allowed_endpoint_hosts: [hooks.slack.com, "*.example.com"]\n');
    await webhookFile('slack', bearer('Slack', 'ZENDESK_WEBHOOK_SECRET_SLACK'));
    await webhookFile('ops', bearer('Ops', 'ZENDESK_WEBHOOK_SECRET_OPS', 'https://alerts.ops.example.com/hook'));
    await webhookFile('evil', bearer('Evil', 'ZENDESK_WEBHOOK_SECRET_EVIL', 'https://hooks.slack.com.attacker.net/x'));
    await webhookFile('apex', bearer('Apex', 'ZENDESK_WEBHOOK_SECRET_APEX', 'https://example.com/hook'));
    const { diagnostics } = await loadConfig(dir, { env: {} });
    const errors = diagnostics.filter((d) => d.severity === 'error');
    expect(shown(errors)).toEqual([
      `${shownDir()}/webhooks/apex.yaml:2:1: error: endpoint host 'example.com' is not in webhooks.allowed_endpoint_hosts (${shownDir()}/settings.yaml) (endpoint)\n`
        + `    hint: allowed: hooks.slack.com, *.example.com. Zendesk sends ticket data and the credential there; add the host to ${shownDir()}/settings.yaml if it is meant to`,
      `${shownDir()}/webhooks/evil.yaml:2:1: error: endpoint host 'hooks.slack.com.attacker.net' is not in webhooks.allowed_endpoint_hosts (${shownDir()}/settings.yaml) (endpoint)\n`
        + `    hint: allowed: hooks.slack.com, *.example.com. Zendesk sends ticket data and the credential there; add the host to ${shownDir()}/settings.yaml if it is meant to`,
    ]);
  });

  it('without the setting any host is allowed; an empty list allows none', async () => {
    await webhookFile('evil', bearer('Evil', 'ZENDESK_WEBHOOK_SECRET_EVIL', 'https://attacker.net/x'));
    expect((await loadConfig(dir, { env: {} })).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    await settings('webhooks:\n  allowed_endpoint_hosts: []\n');
    expect((await loadConfig(dir, { env: {} })).diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([
      `endpoint host 'attacker.net' is not in webhooks.allowed_endpoint_hosts (${shownDir()}/settings.yaml)`,
    ]);
  });

  it('a host entry that is not a host is a schema error in settings.yaml', async () => {
    await settings('webhooks:\n  allowed_endpoint_hosts: ["https://hooks.slack.com/"]\n');
    const { diagnostics } = await loadConfig(dir, { env: {} });
    expect(diagnostics.map((d) => [d.file, d.line, d.field])).toEqual([[`${shownDir()}/settings.yaml`, 2, 'webhooks.allowed_endpoint_hosts[0]']]);
  });

  it('matches hosts exactly, and *.domain only below that domain, ignoring case', () => {
    expect(hostAllowed('hooks.slack.com', 'Hooks.Slack.com')).toBe(true);
    expect(hostAllowed('a.b.example.com', '*.example.com')).toBe(true);
    expect(hostAllowed('example.com', '*.example.com')).toBe(false);
    expect(hostAllowed('badexample.com', '*.example.com')).toBe(false);
    expect(hostAllowed('hooks.slack.com.evil.net', 'hooks.slack.com')).toBe(false);
  });
});

describe('validate warnings', () => {
  it('an http:// endpoint is warned about: the credential would travel in clear text', async () => {
    await webhookFile('plain', bearer('Plain', 'ZENDESK_WEBHOOK_SECRET_PLAIN', 'http://hooks.example.net/x'));
    const { diagnostics } = await loadConfig(dir, { env: { ZENDESK_WEBHOOK_SECRET_PLAIN: STRONG, ...KEY } });
    expect(shown(diagnostics)).toEqual([
      `${shownDir()}/webhooks/plain.yaml:2:1: warning: the endpoint uses http://, so Zendesk would send every event, and this webhook's credential, in clear text (endpoint)\n    hint: use https://`,
    ]);
  });

  it.each([
    ['short', 'x7Kp2q'],
    ['dictionary', 'Password123!'],
    ['repeated', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'],
    ['a run', 'abcdefghijklmnopqrstuvwxyz0123456789'],
  ])('a guessable secret (%s) is warned about at its variable, without showing it', async (_kind, secret) => {
    await webhookFile('feed', bearer('Feed', 'ZENDESK_WEBHOOK_SECRET_FEED'));
    const { diagnostics } = await loadConfig(dir, { env: { ZENDESK_WEBHOOK_SECRET_FEED: secret, ...KEY } });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'warning', line: 5, field: 'authentication.token_env' });
    expect(diagnostics[0].message).toMatch(/^the secret in ZENDESK_WEBHOOK_SECRET_FEED is easy to guess \(about \d+ bits.*; at least 80 are needed\)$/);
    expect(shown(diagnostics).join('\n')).not.toContain(secret);
  });

  it('long random tokens are not warned about', () => {
    for (const token of [STRONG, 'e3b0c44298fc1c149afbf4c8996fb924', 'sandbox-demo-secret-zendesk_webhook_secret_slack_live_feed', 'xoxb-it-secret-live-feed-7f3a9c']) {
      expect(isWeakSecret(secretStrength(token)), token).toBe(false);
    }
    expect(secretStrength('Password123!').dictionary).toBe(true);
  });

  it('without the secret, or without the fingerprint key, the credential is not compared, and the warning says it is checked at apply', async () => {
    await webhookFile('feed', bearer('Feed', 'ZENDESK_WEBHOOK_SECRET_FEED'));
    const noSecret = await loadConfig(dir, { env: KEY });
    expect(noSecret.diagnostics.map((d) => [d.line, d.message, d.hint])).toEqual([
      [5, "environment variable ZENDESK_WEBHOOK_SECRET_FEED is not set here, so this webhook's credential is not compared", 'it is checked at apply, which needs it set (a masked, protected CI variable)'],
    ]);
    const noKey = await loadConfig(dir, { env: { ZENDESK_WEBHOOK_SECRET_FEED: STRONG } });
    expect(noKey.diagnostics.map((d) => [d.line, d.message])).toEqual([
      [5, "ZENDESK_WEBHOOK_FINGERPRINT_KEY is not set here, so this webhook's credential is not compared"],
    ]);
  });
});
