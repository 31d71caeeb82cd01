/**
 * One webhook secret, one destination. The prefix rule (config/secrets.ts) keeps the
 * tool's own tokens out of webhooks; this keeps one webhook's secret from being sent to
 * another host: a webhook that names the Slack feed's variable but points elsewhere
 * would have Zendesk deliver the Slack token there on every event. Two webhooks may
 * share a secret only when their endpoints are on the same host.
 */
import type { DesiredConfig, DesiredObject, Diagnostic, WebhookAuthType, WebhookSpec } from '../../core/model.ts';
import { reportAt } from './report.ts';

/** The field of a webhook file that names the secret's variable, per authentication type (config/README.md). */
const SECRET_FIELD: Readonly<Record<WebhookAuthType, string>> = { bearer_token: 'token_env', basic_auth: 'password_env', api_key: 'value_env' };

export function checkWebhookSecrets(config: DesiredConfig): Diagnostic[] {
  const firstUse = new Map<string, { webhook: DesiredObject; host: string }>();
  const problems: Diagnostic[] = [];
  for (const webhook of config.objects.webhooks) {
    const spec = webhook.spec as WebhookSpec;
    const variable = spec.authentication?.secret_env;
    const host = hostOf(spec.endpoint);
    if (!variable || host === null) continue;
    const first = firstUse.get(variable);
    if (!first) {
      firstUse.set(variable, { webhook, host });
      continue;
    }
    if (first.host === host) continue;
    problems.push(
      reportAt(webhook, ['authentication', SECRET_FIELD[spec.authentication!.type]], `${variable} is already the secret of webhook '${first.webhook.key}' (${first.webhook.file}), which sends it to ${first.host}, not ${host}`, {
        hint: 'give this webhook its own ZENDESK_WEBHOOK_SECRET_* variable: a secret goes to one host only',
      }),
    );
  }
  return problems;
}

function hostOf(endpoint: string): string | null {
  try {
    return new URL(endpoint).hostname.toLowerCase();
  } catch {
    return null; // The schema reports an endpoint that is not a URL.
  }
}
