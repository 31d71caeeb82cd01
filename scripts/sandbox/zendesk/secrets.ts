/**
 * Webhook secrets never leave the sandbox process. The sandbox holds them in memory, as
 * Zendesk holds them (tests check what reached "Zendesk"), but the state file and
 * GET /__sandbox/state carry a digest in place of each value: a state file is a plain
 * JSON file on disk, and the secrets in it would be the real ones a user configured.
 *
 * The digest is SHA-256 over the record's id and the value, so the same secret in two
 * webhooks gives two digests, and saving an unchanged state writes the same file.
 */
import { createHash } from 'node:crypto';
import { isObject } from './http.ts';
import type { SandboxRecord, SandboxState } from './state.ts';

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** Fields of `authentication.data` that name rather than authenticate (a basic-auth user, an API key's header). */
const NOT_SECRET = new Set(['username', 'name']);

export function secretDigest(recordId: unknown, value: string): string {
  return `sha256:${createHash('sha256').update(`${String(recordId)}\0${value}`).digest('hex')}`;
}

/** The state with every webhook secret (authentication data, signing secret) and target password replaced by its digest. */
export function withoutSecretValues(state: SandboxState): SandboxState {
  const { webhooks, targets } = state.collections;
  if (!webhooks && !targets) return state;
  return {
    ...state,
    collections: {
      ...state.collections,
      ...(webhooks ? { webhooks: webhooks.map(webhookWithoutSecrets) } : {}),
      ...(targets ? { targets: targets.map((target) => digestFields(target, target.id, (key) => key === 'password')) } : {}),
    },
  };
}

function webhookWithoutSecrets(webhook: SandboxRecord): SandboxRecord {
  const copy: SandboxRecord = { ...webhook };
  if (isObject(webhook.authentication) && isObject(webhook.authentication.data)) {
    copy.authentication = { ...webhook.authentication, data: digestFields(webhook.authentication.data, webhook.id, (key) => !NOT_SECRET.has(key)) };
  }
  if (isObject(webhook.signing_secret)) copy.signing_secret = digestFields(webhook.signing_secret, webhook.id, (key) => key === 'secret');
  return copy;
}

function digestFields(record: Record<string, unknown>, recordId: unknown, isSecret: (key: string) => boolean): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).map(([key, value]) => [key, typeof value === 'string' && isSecret(key) && !DIGEST.test(value) ? secretDigest(recordId, value) : value]),
  );
}
