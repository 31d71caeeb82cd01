/**
 * Which environment variables may leave for a webhook. Apply stores a
 * webhook's secret in Zendesk, which sends it to the endpoint on every event:
 * a webhook naming ZENDESK_API_TOKEN or CI_JOB_TOKEN would hand that token to
 * whoever runs the endpoint. So secrets come only from variables made for the
 * purpose, named ZENDESK_WEBHOOK_SECRET_*, and apply is handed a lookup that
 * answers only the ones config/ declares, never the whole environment.
 */
import type { DeclaredSecrets } from '../kinds/kind.ts';
import { desiredCredential, type DesiredCredential } from '../kinds/webhookCredentials.ts';
import type { DesiredConfig } from '../core/model.ts';

export const WEBHOOK_SECRET_PREFIX = 'ZENDESK_WEBHOOK_SECRET_';
const WEBHOOK_SECRET_VARIABLE = /^ZENDESK_WEBHOOK_SECRET_[A-Z0-9_]+$/;

export function isWebhookSecretVariable(name: string): boolean {
  return WEBHOOK_SECRET_VARIABLE.test(name);
}

/** The sentence every refusal of a variable name uses, so validate, the schema check and apply agree. */
export function webhookSecretRule(variable: string): { message: string; hint: string } {
  return {
    message: `'${variable}' cannot hold a webhook secret: only variables named ${WEBHOOK_SECRET_PREFIX}* can`,
    hint:
      'apply stores the value in Zendesk, which sends it to the endpoint on every event, so it may only come from a variable ' +
      `made for that webhook (e.g. ${WEBHOOK_SECRET_PREFIX}SLACK_LIVE_FEED), never from the tool's own or GitLab's variables`,
  };
}

/**
 * The secrets apply may send: the values, read once, of the variables
 * config/'s webhooks declare, and only those with the prefix. Anything else
 * (ZENDESK_API_TOKEN, GITLAB_API_TOKEN, an undeclared ZENDESK_WEBHOOK_SECRET_*)
 * is undefined.
 */
export function declaredSecrets(config: DesiredConfig, env: Readonly<Record<string, string | undefined>>): DeclaredSecrets {
  const values = new Map<string, string>();
  const credentials = new Map<string, DesiredCredential | null>();
  for (const webhook of config.objects.webhooks) {
    credentials.set(webhook.key, desiredCredential(webhook.spec.authentication));
    const variable = webhook.spec.authentication?.secret_env;
    if (variable === undefined || !isWebhookSecretVariable(variable)) continue;
    const value = env[variable];
    if (value !== undefined) values.set(variable, value);
  }
  return Object.assign((variable: string) => values.get(variable), { credentialOf: (webhook: string) => credentials.get(webhook) ?? null });
}
