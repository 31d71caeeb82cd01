/**
 * A webhook file → its spec. The secret is read from the environment only to
 * fingerprint it under ZENDESK_WEBHOOK_FINGERPRINT_KEY (kinds/webhookCredentials.ts);
 * the spec keeps the variable's name, never the value nor the fingerprint.
 * Only ZENDESK_WEBHOOK_SECRET_* variables may be named (secrets.ts), and the
 * endpoint's host must be one settings.yaml allows, when it lists any.
 */
import type { Diagnostic, Locator, WebhookAuthentication, WebhookAuthType, WebhookSpec } from '../core/model.ts';
import { DesiredCredential, FINGERPRINT_KEY_VARIABLE, holdCredential } from '../kinds/webhookCredentials.ts';
import { isWeakSecret, secretStrength, WEAK_SECRET_BITS } from './secretStrength.ts';
import { isWebhookSecretVariable, webhookSecretRule } from './secrets.ts';
import { nullableString } from '../kinds/rules.ts';

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

export interface WebhookSpecOptions {
  /** settings.yaml `webhooks.allowed_endpoint_hosts`; undefined: any host. */
  allowedHosts?: readonly string[];
  /** The settings file, named in the allowlist error. */
  settingsFile?: string;
}

/** What each authentication type needs besides its secret, and where the secret's variable is named. */
const NEEDS: Record<WebhookAuthType, { secret: keyof AuthenticationInput; with?: keyof AuthenticationInput; others: (keyof AuthenticationInput)[] }> = {
  bearer_token: { secret: 'token_env', others: ['username', 'password_env', 'header_name', 'value_env'] },
  basic_auth: { secret: 'password_env', with: 'username', others: ['token_env', 'header_name', 'value_env'] },
  api_key: { secret: 'value_env', with: 'header_name', others: ['token_env', 'username', 'password_env'] },
};

export const SECRET_FIELDS = ['token_env', 'password_env', 'value_env'] as const;

export function webhookSpec(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
  locate: Locator,
  options: WebhookSpecOptions = {},
): { spec: WebhookSpec; diagnostics: Diagnostic[] } {
  const input = value as WebhookInput;
  const diagnostics: Diagnostic[] = [];
  const spec: WebhookSpec = {
    name: input.name,
    description: nullableString(input.description),
    endpoint: input.endpoint,
    http_method: input.http_method ?? 'POST',
    request_format: input.request_format ?? 'json',
    status: input.status ?? 'active',
    subscriptions: input.subscriptions ?? ['conditional_ticket_events'],
    authentication: input.authentication ? authentication(input.authentication, env, locate, diagnostics) : null,
  };
  checkEndpoint(input.endpoint, locate, options, diagnostics);
  return { spec, diagnostics };
}

/**
 * The schema already refuses other names; this rewrites its "must match
 * pattern" into the reason, for a diagnostic about a *_env field.
 */
export function explainSecretVariable(diagnostic: Diagnostic, value: unknown): Diagnostic {
  const field = SECRET_FIELDS.find((name) => diagnostic.field === `authentication.${name}`);
  if (!field || !diagnostic.message.includes('pattern')) return diagnostic;
  const variable = (value as { authentication?: Record<string, unknown> } | null)?.authentication?.[field];
  if (typeof variable !== 'string' || isWebhookSecretVariable(variable)) return diagnostic;
  return { ...diagnostic, ...webhookSecretRule(variable) };
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
  const parts = { type: input.type, ...(input.username ? { username: input.username } : {}), ...(input.header_name ? { header_name: input.header_name } : {}) };
  const variable = input[needs.secret] as string | undefined;
  if (variable === undefined) return holdCredential({ ...parts }, null);
  if (!isWebhookSecretVariable(variable)) {
    // The schema refuses it first; kept so no caller can ever read such a variable.
    const rule = webhookSecretRule(variable);
    report(needs.secret, 'error', rule.message, rule.hint);
    return holdCredential({ ...parts, secret_env: variable }, null);
  }
  const secret = env[variable] || undefined;
  const key = env[FINGERPRINT_KEY_VARIABLE] || undefined;
  if (!secret) {
    report(needs.secret, 'warning', `environment variable ${variable} is not set here, so this webhook's credential is not compared`, 'it is checked at apply, which needs it set (a masked, protected CI variable)');
  } else {
    if (!key) {
      report(needs.secret, 'warning', `${FINGERPRINT_KEY_VARIABLE} is not set here, so this webhook's credential is not compared`, `it is checked at apply, which needs ${FINGERPRINT_KEY_VARIABLE} set (a long random value in a masked, protected CI variable)`);
    }
    const strength = secretStrength(secret);
    if (isWeakSecret(strength)) {
      report(
        needs.secret, 'warning',
        `the secret in ${variable} is easy to guess (about ${strength.bits} bits${strength.dictionary ? ', made partly of common words' : ''}; at least ${WEAK_SECRET_BITS} are needed)`,
        'use a long random value, such as the endpoint issues (32 random characters or more)',
      );
    }
  }
  return holdCredential({ ...parts, secret_env: variable }, new DesiredCredential(parts, variable, secret, key));
}

function checkEndpoint(endpoint: string, locate: Locator, options: WebhookSpecOptions, diagnostics: Diagnostic[]): void {
  const at = { ...locate(['endpoint']), field: 'endpoint' };
  if (/^http:\/\//i.test(endpoint)) {
    diagnostics.push({
      severity: 'warning', ...at,
      message: 'the endpoint uses http://, so Zendesk would send every event, and this webhook\'s credential, in clear text',
      hint: 'use https://',
    });
  }
  const allowed = options.allowedHosts;
  if (allowed === undefined) return;
  const host = hostOf(endpoint);
  const settings = options.settingsFile ?? 'settings.yaml';
  if (host === null) {
    diagnostics.push({
      severity: 'error', ...at,
      message: `the endpoint has no host that can be checked against webhooks.allowed_endpoint_hosts (${settings})`,
      hint: 'write the endpoint as a full https:// URL',
    });
    return;
  }
  if (!allowed.some((entry) => hostAllowed(host, entry))) {
    diagnostics.push({
      severity: 'error', ...at,
      message: `endpoint host '${host}' is not in webhooks.allowed_endpoint_hosts (${settings})`,
      hint: `allowed: ${allowed.length > 0 ? allowed.join(', ') : 'none'}. Zendesk sends ticket data and the credential there; add the host to ${settings} if it is meant to`,
    });
  }
}

function hostOf(endpoint: string): string | null {
  try {
    const host = new URL(endpoint).hostname.toLowerCase();
    return host === '' ? null : host.replace(/\.$/, '');
  } catch {
    return null;
  }
}

/** `hooks.slack.com` is that host only; `*.example.com` is any subdomain of example.com, not example.com itself. */
export function hostAllowed(host: string, entry: string): boolean {
  const wanted = entry.toLowerCase().replace(/\.$/, '');
  if (wanted.startsWith('*.')) return host.endsWith(wanted.slice(1)) && host.length > wanted.length - 1;
  return host === wanted;
}
