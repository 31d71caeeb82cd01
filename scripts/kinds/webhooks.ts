/**
 * Webhooks (§13.3, the separate Webhooks API): string ids, cursor pagination
 * only, PUT replaces the whole webhook. Credentials never appear in config/:
 * the YAML names the ZENDESK_WEBHOOK_SECRET_* variable that holds each secret,
 * apply reads it there, and the plan compares keyed fingerprints it never
 * holds itself (webhookCredentials.ts): a changed credential is the field
 * `authentication.credential`, marked sensitive, with no values.
 */
import type { WebhookAuthType, WebhookAuthentication } from '../core/model.ts';
import { list, maybe, object, oneOf, text, type Infer } from '../zendesk/shapes.ts';
import { LIVE_FIELDS, type DeclaredSecrets, type KindDefinition, type RawObject, type SecretSource } from './kind.ts';
import {
  desiredCredential, FINGERPRINT_KEY_VARIABLE, holdCredential, joinDescription, liveMark, splitDescription, type CredentialComparison,
} from './webhookCredentials.ts';

/**
 * What a webhook's answer must carry (§13.3, OAS Webhook): `description` is often `""`
 * (real-shapes "Descriptions"); `authentication` comes back as `{type, add_position}`,
 * never with its secret (real-shapes "Secrets").
 */
const webhookAnswer = object({
  ...LIVE_FIELDS,
  name: text,
  description: maybe(text),
  endpoint: text,
  http_method: oneOf('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
  request_format: oneOf('json', 'xml', 'form_encoded'),
  status: maybe(text),
  subscriptions: maybe(list(text)),
  authentication: maybe(object({ type: text })),
});

export const webhooks: KindDefinition<'webhooks', Infer<typeof webhookAnswer>> = {
  kind: 'webhooks',
  labels: { one: 'webhook', many: 'webhooks' },
  config: { in: 'folder', folder: 'webhooks', schema: 'webhook', orderFile: null },
  keyField: 'name',
  renameField: null,
  importFile: { header: null },
  prune: 'live webhooks config/ does not declare are deleted, after the rules that call them',
  serverOwned: ['id', 'created_at', 'created_by', 'updated_at', 'updated_by', 'signing_secret'],
  apply: 'referenced',
  orderScopes: () => [],
  path: 'webhooks',
  singular: 'webhook',
  plural: 'webhooks',
  reorderVia: null,
  updateMethod: 'PUT',
  order: 'none',
  bulkDelete: false,
  pagination: 'cursor',
  sensitivePaths: ['authentication.credential'],
  keyOf: (spec) => spec.name,
  answer: webhookAnswer,
  // A webhook config/ declares exists once apply has run, which writes webhooks before the rules that call them.
  feeds: {
    lookup: 'webhooks',
    planned: (lookups, declared) => {
      const live = new Set(lookups.webhooks.map((webhook) => webhook.name));
      const planned = declared.filter((webhook) => !live.has(webhook.key)).map((webhook) => ({ id: `planned:${webhook.key}`, name: webhook.key }));
      return { ...lookups, webhooks: [...lookups.webhooks, ...planned] };
    },
  },
  // Read by config/webhookSpec.ts, with the environment (secrets, to fingerprint) and settings.yaml's allowed hosts in hand.
  fromFile: null,
  toSpec: (raw) => {
    const { text, mark } = splitDescription(raw.description ?? null);
    return {
      name: raw.name,
      description: text,
      endpoint: raw.endpoint,
      http_method: raw.http_method,
      request_format: raw.request_format,
      status: raw.status === 'inactive' ? 'inactive' : 'active',
      subscriptions: raw.subscriptions ?? [],
      authentication: liveAuthentication(raw.authentication, mark),
    };
  },
  // A PUT replaces the whole webhook (§13.3): an update without `authentication`
  // would drop the credential, so every update sends it again, with a fresh v2 mark.
  toPayload: (spec, { secrets }) => {
    const auth = spec.authentication ? authenticationPayload(spec.name, spec.authentication, secrets) : null;
    return {
      name: spec.name,
      description: joinDescription(spec.description, auth?.fingerprint ?? null),
      endpoint: spec.endpoint,
      http_method: spec.http_method,
      request_format: spec.request_format,
      status: spec.status,
      subscriptions: spec.subscriptions,
      ...(auth ? { authentication: auth.body } : {}),
    };
  },
  comparable: (desired, live) => {
    const auth = comparableAuth(desired.authentication, live.authentication);
    return { desired: { ...desired, authentication: auth.desired }, live: { ...live, authentication: auth.live } };
  },
  review: (desired, live) => ({ notices: credentialNotices(desired.authentication, live?.authentication ?? null), warnings: [] }),
};

function liveAuthentication(raw: { type: string } | null | undefined, mark: ReturnType<typeof splitDescription>['mark']): WebhookAuthentication | null {
  const type = raw?.type;
  if (type !== 'basic_auth' && type !== 'bearer_token' && type !== 'api_key') return null;
  return holdCredential({ type }, mark);
}

function comparison(desired: WebhookAuthentication, live: WebhookAuthentication | null): CredentialComparison {
  if (live === null || live.type !== desired.type) return 'differs';
  return desiredCredential(desired)?.compare(liveMark(live)) ?? 'unknown';
}

/**
 * Both sides as live can show them: the type, plus `credential` when the
 * credential differs or its mark must move to v2. Its two values only make
 * the field diff see a change; the diff keeps none of a sensitive field's
 * values. Unknown (no key or no secret here) is taken as unchanged.
 */
function comparableAuth(
  desired: WebhookAuthentication | null,
  live: WebhookAuthentication | null,
): { desired: WebhookAuthentication | null; live: WebhookAuthentication | null } {
  if (!desired) return { desired: null, live: live && { type: live.type } };
  if (!live) return { desired: { type: desired.type }, live: null };
  const result = comparison(desired, live);
  if (result === 'same' || result === 'unknown') return { desired: { type: desired.type }, live: { type: live.type } };
  const changed: ComparedAuthentication = { type: desired.type, credential: 'in config/' };
  const held: ComparedAuthentication = { type: live.type, credential: 'in Zendesk' };
  return { desired: changed, live: held };
}

type ComparedAuthentication = WebhookAuthentication & { credential?: string };

/** What the reviewer should know about a credential that no field says. */
function credentialNotices(desired: WebhookAuthentication | null, live: WebhookAuthentication | null): string[] {
  if (!desired) return [];
  const result = live ? comparison(desired, live) : 'differs';
  if (result === 'migrate') {
    return [`the credential is unchanged; apply rewrites its fingerprint in the description in the keyed v2 format`];
  }
  const missing = desiredCredential(desired)?.uncomparable;
  if (live && missing) {
    const variable = missing.missing === 'key' ? FINGERPRINT_KEY_VARIABLE : missing.variable;
    return [`credential not compared: ${variable} is not set here; apply checks it, and sends the credential with this update`];
  }
  return [];
}

/** Reference §13.3: the three authentication shapes Zendesk takes. */
function authenticationPayload(
  webhook: string,
  auth: WebhookAuthentication,
  secrets: SecretSource | undefined,
): { body: RawObject; fingerprint: string } {
  const variable = auth.secret_env ?? '';
  const secret = variable ? secrets?.(variable) : undefined;
  if (secret === undefined || secret === '') {
    throw new Error(`webhook "${webhook}": environment variable ${variable || '(none named)'} is not set, so its credential cannot be sent`);
  }
  const parts = { type: auth.type, username: auth.username, header_name: auth.header_name };
  // A change read back from plan.json has lost the fingerprinting; config/ as loaded for this apply has it.
  const credential = desiredCredential(auth) ?? (secrets as Partial<DeclaredSecrets> | undefined)?.credentialOf?.(webhook) ?? null;
  const fingerprint = credential?.sign(parts, secret) ?? null;
  if (!credential || fingerprint === null) {
    // Without the key apply could only leave no mark, or one anybody could test guesses against.
    throw new Error(
      `webhook "${webhook}": ${FINGERPRINT_KEY_VARIABLE} is not set, so the credential from ${variable} cannot be fingerprinted and is not sent; ` +
        'set it (a long random value in a masked, protected CI variable) and apply again',
    );
  }
  if (!credential.plannedAs(fingerprint)) {
    throw new Error(`webhook "${webhook}": the secret in ${variable} is not the one the plan was made with; plan again`);
  }
  return { body: authenticationBody(auth.type, auth, secret), fingerprint };
}

function authenticationBody(type: WebhookAuthType, auth: WebhookAuthentication, secret: string): RawObject {
  switch (type) {
    case 'basic_auth':
      return { type, add_position: 'header', data: { username: auth.username ?? '', password: secret } };
    case 'bearer_token':
      return { type, add_position: 'header', data: { token: secret } };
    case 'api_key':
      return { type, add_position: 'header', data: { name: auth.header_name ?? '', value: secret } };
  }
}
