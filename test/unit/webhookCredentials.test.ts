/**
 * Webhook fingerprints (issue 9, item 4): keyed by ZENDESK_WEBHOOK_FINGERPRINT_KEY,
 * 128 bits, versioned; old v1 marks recognised and migrated; and none of them
 * ever in a plan, whose credential change carries no value at all.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { emptyLookups, type WebhookSpec } from '../../scripts/core/model.ts';
import { webhookSpec } from '../../scripts/config/webhookSpec.ts';
import { diff } from '../helpers/builders.ts';
import { categoryIndex } from '../../scripts/kinds/fetch.ts';
import type { ResolveContext } from '../../scripts/kinds/kind.ts';
import { ReferenceResolver } from '../../scripts/kinds/references.ts';
import { fingerprintV1, fingerprintV2, joinDescription, splitDescription } from '../../scripts/kinds/webhookCredentials.ts';
import { webhooks } from '../../scripts/kinds/webhooks.ts';
import { renderMarkdown } from '../../scripts/render/markdown.ts';
import { renderText } from '../../scripts/render/text.ts';
import { desired, desiredConfig, live, liveByKind } from '../helpers/builders.ts';

const KEY = 'unit-fingerprint-key-9f86d081884c7d65';
const TOKEN = 'xoxb-unit-token-3a7bd3e2360a3d29eea4';
const bearer = { type: 'bearer_token' as const };
const CTX: ResolveContext = { refs: new ReferenceResolver(emptyLookups()), categories: categoryIndex([]) };
const FILE = { name: 'Slack live feed', description: 'Posts every new ticket', endpoint: 'https://hooks.slack.com/x', authentication: { type: 'bearer_token', token_env: 'ZENDESK_WEBHOOK_SECRET_FEED' } };
const at = () => ({ file: 'config/webhooks/slack.yaml', line: 1, col: 1 });

function desiredFeed(env: Record<string, string | undefined>): WebhookSpec {
  return webhookSpec(FILE, env, at).spec;
}

function liveFeed(description: string): WebhookSpec {
  return webhooks.toSpec({
    id: '01H', name: FILE.name, description, endpoint: FILE.endpoint, http_method: 'POST', request_format: 'json', status: 'active',
    subscriptions: ['conditional_ticket_events'], authentication: { type: 'bearer_token', add_position: 'header' },
  }, CTX);
}

function planFor(desiredSpec: WebhookSpec, liveSpec: WebhookSpec) {
  return diff({
    desired: desiredConfig({ webhooks: [desired('webhooks', desiredSpec, { file: 'config/webhooks/slack.yaml' })] }),
    live: liveByKind({ webhooks: [live('webhooks', 1, liveSpec)] }),
    target: 'https://acme.zendesk.com',
    now: new Date('2026-11-21T10:00:00Z'),
  }).plan;
}

const withKey = { ZENDESK_WEBHOOK_SECRET_FEED: TOKEN, ZENDESK_WEBHOOK_FINGERPRINT_KEY: KEY };
const v2 = (secret: string, key = KEY) => `${FILE.description} [credential v2:${fingerprintV2(key, bearer, secret)}]`;
const v1 = (secret: string) => `${FILE.description} [credential ${fingerprintV1(bearer, secret)}]`;

describe('the v2 fingerprint', () => {
  it('is 128 bits of HMAC under the key: another key or another secret gives another one, and none shows the secret', () => {
    const a = fingerprintV2(KEY, bearer, TOKEN);
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(fingerprintV2(KEY, bearer, TOKEN)).toBe(a);
    expect(fingerprintV2(`${KEY}-other`, bearer, TOKEN)).not.toBe(a);
    expect(fingerprintV2(KEY, bearer, `${TOKEN}x`)).not.toBe(a);
    expect(fingerprintV2(KEY, { type: 'basic_auth', username: 'ops' }, 's')).not.toBe(fingerprintV2(KEY, { type: 'basic_auth', username: 'dev' }, 's'));
    expect(fingerprintV2(KEY, { type: 'api_key', header_name: 'X-Key' }, 's')).not.toBe(fingerprintV2(KEY, { type: 'api_key', header_name: 'X-Api-Key' }, 's'));
  });

  it('the description mark round-trips; a mark in the middle, or of another shape, is just text', () => {
    const fingerprint = fingerprintV2(KEY, bearer, TOKEN);
    expect(joinDescription('Posts every new ticket', fingerprint)).toBe(`Posts every new ticket [credential v2:${fingerprint}]`);
    expect(splitDescription(`Posts every new ticket [credential v2:${fingerprint}]`)).toMatchObject({ text: 'Posts every new ticket', mark: { version: 2 } });
    expect(splitDescription(v1(TOKEN))).toMatchObject({ text: 'Posts every new ticket', mark: { version: 1 } });
    expect(splitDescription(joinDescription(null, fingerprint)).text).toBeNull();
    expect(splitDescription('Mentions [credential 0123456789abcdef] in the middle')).toEqual({ text: 'Mentions [credential 0123456789abcdef] in the middle', mark: null });
    expect(splitDescription('Ends with [credential v2:0123]').mark).toBeNull();
  });
});

describe('comparing credentials', () => {
  it('specs, live and desired, hold no fingerprint anywhere JSON, inspect or a matcher can see', () => {
    const desiredSpec = desiredFeed(withKey);
    const liveSpec = liveFeed(v2(TOKEN));
    expect(desiredSpec.authentication).toEqual({ type: 'bearer_token', secret_env: 'ZENDESK_WEBHOOK_SECRET_FEED' });
    expect(liveSpec.authentication).toEqual({ type: 'bearer_token' });
    expect(liveSpec.description).toBe(FILE.description);
    const fingerprint = fingerprintV2(KEY, bearer, TOKEN);
    for (const seen of [JSON.stringify(desiredSpec), JSON.stringify(liveSpec), inspect(desiredSpec, { depth: 9 }), inspect(liveSpec, { depth: 9 })]) {
      expect(seen).not.toContain(fingerprint);
      expect(seen).not.toContain(TOKEN);
      expect(seen).not.toContain(KEY);
    }
  });

  it('same secret under v2: no change', () => {
    expect(planFor(desiredFeed(withKey), liveFeed(v2(TOKEN))).changes).toEqual([]);
  });

  it('another secret: one sensitive field, with no value, and no fingerprint in plan.json or the renderings', () => {
    const rotated = 'xoxb-rotated-token-61c0f8e24b9d';
    const plan = planFor(desiredFeed({ ...withKey, ZENDESK_WEBHOOK_SECRET_FEED: rotated }), liveFeed(v2(TOKEN)));
    expect(plan.changes).toHaveLength(1);
    expect(plan.changes[0]).toMatchObject({ action: 'update', fields: [{ path: 'authentication.credential', sensitive: true }] });
    expect((plan.changes[0] as { fields: object[] }).fields[0]).toEqual({ path: 'authentication.credential', sensitive: true });
    const outputs = [JSON.stringify(plan), renderText(plan), renderMarkdown(plan)];
    for (const out of outputs) {
      expect(out).not.toMatch(/\[credential|v2:/);
      for (const secret of [TOKEN, rotated]) {
        expect(out).not.toContain(fingerprintV2(KEY, bearer, secret));
        expect(out).not.toContain(fingerprintV1(bearer, secret));
      }
    }
  });

  it('without the key, or without the secret, nothing is compared: not even a different v2 mark makes a change', () => {
    for (const env of [{ ZENDESK_WEBHOOK_SECRET_FEED: TOKEN }, { ZENDESK_WEBHOOK_FINGERPRINT_KEY: KEY }, {}]) {
      expect(planFor(desiredFeed(env), liveFeed(v2('some-other-token-entirely'))).changes).toEqual([]);
    }
  });

  it('a fingerprint made under another key is a change, not a match: the key is what makes the mark', () => {
    expect(planFor(desiredFeed(withKey), liveFeed(v2(TOKEN, 'a-different-key'))).changes).toHaveLength(1);
  });

  it('a v1 mark of the same secret is migrated (a change saying so); of another secret, a credential change', () => {
    const migrate = planFor(desiredFeed(withKey), liveFeed(v1(TOKEN))).changes;
    expect(migrate).toMatchObject([{ action: 'update', fields: [{ path: 'authentication.credential', sensitive: true }] }]);
    expect(migrate[0]).toHaveProperty('notices', ['the credential is unchanged; apply rewrites its fingerprint in the description in the keyed v2 format']);
    const changed = planFor(desiredFeed(withKey), liveFeed(v1('the-old-token-nobody-has-now'))).changes;
    expect(changed).toMatchObject([{ action: 'update', fields: [{ path: 'authentication.credential', sensitive: true }] }]);
    expect(changed[0]).not.toHaveProperty('notices');
    expect(JSON.stringify([migrate, changed])).not.toContain(fingerprintV1(bearer, TOKEN));
  });

  it('a live webhook with no mark (set by hand) is a credential change once it can be compared', () => {
    expect(planFor(desiredFeed(withKey), liveFeed(FILE.description)).changes).toHaveLength(1);
    expect(planFor(desiredFeed({}), liveFeed(FILE.description)).changes).toEqual([]);
  });
});

describe('what apply sends', () => {
  it('the whole webhook with its authentication (a PUT replaces it) and the v2 mark in the description', () => {
    const payload = webhooks.toPayload(desiredFeed(withKey), { ...CTX, secrets: (name) => (name === 'ZENDESK_WEBHOOK_SECRET_FEED' ? TOKEN : undefined) });
    expect(payload).toMatchObject({
      name: FILE.name, endpoint: FILE.endpoint, http_method: 'POST', request_format: 'json', status: 'active', subscriptions: ['conditional_ticket_events'],
      authentication: { type: 'bearer_token', add_position: 'header', data: { token: TOKEN } },
    });
    expect(payload.description).toBe(v2(TOKEN));
  });

  it('without the key it sends nothing and names the variable; without the secret it names that one', () => {
    const noKey = desiredFeed({ ZENDESK_WEBHOOK_SECRET_FEED: TOKEN });
    expect(() => webhooks.toPayload(noKey, { ...CTX, secrets: () => TOKEN })).toThrow(
      'webhook "Slack live feed": ZENDESK_WEBHOOK_FINGERPRINT_KEY is not set, so the credential from ZENDESK_WEBHOOK_SECRET_FEED cannot be fingerprinted and is not sent; '
        + 'set it (a long random value in a masked, protected CI variable) and apply again',
    );
    expect(() => webhooks.toPayload(desiredFeed(withKey), { ...CTX, secrets: () => undefined })).toThrow(
      'webhook "Slack live feed": environment variable ZENDESK_WEBHOOK_SECRET_FEED is not set, so its credential cannot be sent',
    );
  });

  it('refuses a secret other than the one the plan was made with', () => {
    expect(() => webhooks.toPayload(desiredFeed(withKey), { ...CTX, secrets: () => 'rotated-since-the-plan-4f1c9a2e7b' })).toThrow(
      'webhook "Slack live feed": the secret in ZENDESK_WEBHOOK_SECRET_FEED is not the one the plan was made with; plan again',
    );
  });
});
