/**
 * Webhooks (§13.3, the separate Webhooks API): string ids, cursor pagination
 * only, PUT replaces the whole webhook. Credentials never appear in config/:
 * the YAML names the environment variable that holds each secret, apply reads
 * it there, and the plan compares only fingerprints (webhookCredentials.ts).
 */
import type { WebhookAuthType, WebhookAuthentication, WebhookSpec } from '../config/model.ts';
import type { KindDefinition, RawObject, SecretSource } from './kind.ts';
import { credentialFingerprint, joinDescription, splitDescription } from './webhookCredentials.ts';

export const webhooks: KindDefinition<'webhooks'> = {
  kind: 'webhooks',
  path: 'webhooks',
  singular: 'webhook',
  plural: 'webhooks',
  updateMethod: 'PUT',
  order: 'none',
  bulkDelete: false,
  pagination: 'cursor',
  sensitivePaths: ['authentication.credential'],
  keyOf: (spec) => spec.name,
  toSpec: (raw) => {
    const { text, fingerprint } = splitDescription(typeof raw.description === 'string' ? raw.description : null);
    return {
      name: String(raw.name),
      description: text,
      endpoint: String(raw.endpoint),
      http_method: String(raw.http_method) as WebhookSpec['http_method'],
      request_format: String(raw.request_format) as WebhookSpec['request_format'],
      status: raw.status === 'inactive' ? 'inactive' : 'active',
      subscriptions: Array.isArray(raw.subscriptions) ? raw.subscriptions.map(String) : [],
      authentication: liveAuthentication(raw.authentication, fingerprint),
    };
  },
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
  comparable: (desired, live) => ({
    desired: { ...desired, authentication: comparableAuth(desired.authentication, live.authentication) },
    live,
  }),
};

function liveAuthentication(raw: unknown, fingerprint: string | null): WebhookAuthentication | null {
  if (!raw || typeof raw !== 'object') return null;
  const type = (raw as RawObject).type;
  if (type !== 'basic_auth' && type !== 'bearer_token' && type !== 'api_key') return null;
  return { type, credential: fingerprint };
}

/**
 * Desired authentication as live shows it: type and fingerprint. Where the
 * secret's variable is not set (a merge-request pipeline without protected
 * variables), the credential cannot be compared and is taken as unchanged.
 */
function comparableAuth(desired: WebhookAuthentication | null, live: WebhookAuthentication | null): WebhookAuthentication | null {
  if (!desired) return null;
  const credential = desired.credential ?? (live?.type === desired.type ? live.credential : null);
  return { type: desired.type, credential };
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
  const fingerprint = credentialFingerprint({ type: auth.type, username: auth.username, header_name: auth.header_name }, secret);
  // A saved plan records the fingerprint it was made with: a different secret now is not what was reviewed.
  if (auth.credential !== null && auth.credential !== fingerprint) {
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
