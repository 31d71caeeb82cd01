/**
 * A webhook file → its spec. The secret is read from the environment only to
 * fingerprint it (kinds/webhookCredentials.ts); the spec keeps the variable's
 * name and the fingerprint, never the value.
 */
import type { Diagnostic } from '../core/diagnostics.ts';
import { credentialFingerprint } from '../kinds/webhookCredentials.ts';
import { description } from './specs.ts';
import type { Locator, WebhookAuthType, WebhookAuthentication, WebhookSpec } from './model.ts';

interface AuthenticationInput {
  type: WebhookAuthType;
  token_env?: string;
  username?: string;
  password_env?: string;
  header_name?: string;
  value_env?: string;
}

interface WebhookInput {
  name: string;
  description?: string | null;
  endpoint: string;
  http_method?: WebhookSpec['http_method'];
  request_format?: WebhookSpec['request_format'];
  status?: WebhookSpec['status'];
  subscriptions?: string[];
  authentication?: AuthenticationInput | null;
}

/** What each authentication type needs besides its secret, and where the secret's variable is named. */
const NEEDS: Record<WebhookAuthType, { secret: keyof AuthenticationInput; with?: keyof AuthenticationInput; others: (keyof AuthenticationInput)[] }> = {
  bearer_token: { secret: 'token_env', others: ['username', 'password_env', 'header_name', 'value_env'] },
  basic_auth: { secret: 'password_env', with: 'username', others: ['token_env', 'header_name', 'value_env'] },
  api_key: { secret: 'value_env', with: 'header_name', others: ['token_env', 'username', 'password_env'] },
};

export function webhookSpec(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
  locate: Locator,
): { spec: WebhookSpec; diagnostics: Diagnostic[] } {
  const input = value as WebhookInput;
  const diagnostics: Diagnostic[] = [];
  const spec: WebhookSpec = {
    name: input.name,
    description: description(input.description),
    endpoint: input.endpoint,
    http_method: input.http_method ?? 'POST',
    request_format: input.request_format ?? 'json',
    status: input.status ?? 'active',
    subscriptions: input.subscriptions ?? ['conditional_ticket_events'],
    authentication: input.authentication ? authentication(input.authentication, env, locate, diagnostics) : null,
  };
  return { spec, diagnostics };
}

function authentication(
  input: AuthenticationInput,
  env: Readonly<Record<string, string | undefined>>,
  locate: Locator,
  diagnostics: Diagnostic[],
): WebhookAuthentication {
  const needs = NEEDS[input.type];
  const report = (field: keyof AuthenticationInput, severity: Diagnostic['severity'], message: string, hint?: string) =>
    diagnostics.push({ severity, ...locate(['authentication', field]), field: `authentication.${field}`, message, ...(hint ? { hint } : {}) });

  for (const required of [needs.secret, ...(needs.with ? [needs.with] : [])]) {
    if (input[required] === undefined) report(required, 'error', `${input.type} authentication needs '${required}'`);
  }
  for (const other of needs.others) {
    if (input[other] !== undefined) report(other, 'error', `'${other}' does not belong to ${input.type} authentication`, `${input.type} takes ${[needs.with, needs.secret].filter(Boolean).join(' and ')}`);
  }
  const variable = input[needs.secret] as string | undefined;
  const secret = variable ? env[variable] : undefined;
  if (variable && !secret) {
    report(needs.secret, 'warning', `environment variable ${variable} is not set here, so this webhook's credential is not compared`, 'apply needs it set (a masked, protected CI variable)');
  }
  const parts = { type: input.type, ...(input.username ? { username: input.username } : {}), ...(input.header_name ? { header_name: input.header_name } : {}) };
  return {
    ...parts,
    credential: secret ? credentialFingerprint(parts, secret) : null,
    ...(variable ? { secret_env: variable } : {}),
  };
}
