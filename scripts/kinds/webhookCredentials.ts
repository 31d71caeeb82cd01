/**
 * Webhook secrets are write-only in Zendesk: reads return `authentication:
 * {type, add_position}` and never the token or password (reference §13.3). To
 * tell whether the credential in config/ is the one Zendesk holds, apply
 * leaves a fingerprint of it at the end of the webhook's description, and the
 * plan compares fingerprints. The fingerprint is a truncated SHA-256 HMAC: it
 * shows that a secret changed without revealing it. Secrets with little
 * entropy (short passwords) could still be guessed from it, so use long
 * random tokens, as Zendesk and Slack issue them.
 */
import { createHmac } from 'node:crypto';
import type { WebhookAuthType } from '../config/model.ts';

/** `… [credential 0123456789abcdef]` at the very end of the description. */
const MARK = /\s*\[credential ([0-9a-f]{16})\]$/;
const HMAC_KEY = 'zendesk-gitops webhook credential v1';

export interface CredentialParts {
  type: WebhookAuthType;
  username?: string;
  header_name?: string;
}

export function credentialFingerprint(parts: CredentialParts, secret: string): string {
  const material = [parts.type, parts.username ?? '', parts.header_name ?? '', secret].join('\u0000');
  return createHmac('sha256', HMAC_KEY).update(material).digest('hex').slice(0, 16);
}

/** The description as people wrote it, and the fingerprint apply left there (null if none). */
export function splitDescription(description: string | null): { text: string | null; fingerprint: string | null } {
  // "" and null are the same empty description (real-shapes: webhooks come back with "").
  if (description === null || description === '') return { text: null, fingerprint: null };
  const match = MARK.exec(description);
  if (!match) return { text: description, fingerprint: null };
  const text = description.slice(0, match.index);
  return { text: text === '' ? null : text, fingerprint: match[1] };
}

export function joinDescription(text: string | null, fingerprint: string | null): string | null {
  if (fingerprint === null) return text;
  return `${text ?? ''}${text ? ' ' : ''}[credential ${fingerprint}]`;
}
