/**
 * Webhook secrets are write-only in Zendesk: reads return `authentication:
 * {type, add_position}` and never the token or password (reference §13.3). To
 * tell whether the credential in config/ is the one Zendesk holds, apply
 * leaves a fingerprint of it at the end of the webhook's description, and the
 * plan compares fingerprints.
 *
 * Every admin can read a description, so the fingerprint must not let anyone
 * test guesses offline: it is an HMAC under a key only the apply job holds
 * (ZENDESK_WEBHOOK_FINGERPRINT_KEY, a protected variable), 128 bits long, in a
 * versioned mark `[credential v2:<32 hex>]`. Earlier versions wrote
 * `[credential <16 hex>]` under a key fixed in the source; such v1 marks are
 * still read, checked once, and rewritten as v2 by the next apply.
 *
 * Fingerprints never enter a plan: they are kept in private fields of objects
 * held under a non-enumerable symbol on the authentication, which JSON, the
 * field diff, renderers and test matchers all skip.
 */
import { createHmac } from 'node:crypto';
import type { WebhookAuthType, WebhookAuthentication } from '../core/model.ts';

export const FINGERPRINT_KEY_VARIABLE = 'ZENDESK_WEBHOOK_FINGERPRINT_KEY';

/** `… [credential v2:<32 hex>]` (or v1's `[credential <16 hex>]`) at the very end of the description. */
const MARK = /\s*\[credential (?:v2:([0-9a-f]{32})|([0-9a-f]{16}))\]$/;
/** The key v1 used. It is public (it was in the source), which is why v1 marks are migrated. */
const V1_KEY = 'zendesk-gitops webhook credential v1';

export interface CredentialParts {
  type: WebhookAuthType;
  username?: string;
  header_name?: string;
}

function hmac(key: string, parts: CredentialParts, secret: string): string {
  const material = [parts.type, parts.username ?? '', parts.header_name ?? '', secret].join('\u0000');
  return createHmac('sha256', key).update(material).digest('hex');
}

/** v2: HMAC-SHA256(key, type\0username\0header_name\0secret), truncated to 128 bits. */
export function fingerprintV2(key: string, parts: CredentialParts, secret: string): string {
  return hmac(key, parts, secret).slice(0, 32);
}

/** v1, only to recognise what earlier versions left: the fixed key, 64 bits. */
export function fingerprintV1(parts: CredentialParts, secret: string): string {
  return hmac(V1_KEY, parts, secret).slice(0, 16);
}

/** The mark apply left in a live description. */
export class LiveMark {
  readonly #fingerprint: string;
  constructor(readonly version: 1 | 2, fingerprint: string) {
    this.#fingerprint = fingerprint;
  }
  matches(fingerprint: string | null): boolean {
    return fingerprint !== null && fingerprint === this.#fingerprint;
  }
}

/** Why a desired credential cannot be compared here (it is then checked at apply). */
export type Uncomparable = { missing: 'secret'; variable: string } | { missing: 'key' };

/**
 * What config/ and this environment say about a webhook's credential: its
 * fingerprints (v2 under the key, v1 to recognise old marks) and the key apply
 * signs with. Built by the loader, which alone reads the environment.
 */
export class DesiredCredential {
  readonly #key: string | null;
  readonly #v2: string | null;
  readonly #v1: string | null;
  readonly uncomparable: Uncomparable | null;

  constructor(parts: CredentialParts, variable: string, secret: string | undefined, key: string | undefined) {
    this.#key = key ? key : null;
    const known = secret !== undefined && secret !== '' && this.#key !== null;
    this.#v2 = known ? fingerprintV2(this.#key as string, parts, secret) : null;
    this.#v1 = known ? fingerprintV1(parts, secret) : null;
    this.uncomparable = !secret ? { missing: 'secret', variable } : !this.#key ? { missing: 'key' } : null;
  }

  /**
   * Same credential, a different one, the same one under a v1 mark (to be
   * rewritten as v2), or unknown: no key or no secret here.
   */
  compare(live: LiveMark | null): CredentialComparison {
    if (this.uncomparable) return 'unknown';
    if (!live) return 'differs';
    if (live.version === 2) return live.matches(this.#v2) ? 'same' : 'differs';
    return live.matches(this.#v1) ? 'migrate' : 'differs';
  }

  /** The v2 mark for the secret apply sends; null without the key. */
  sign(parts: CredentialParts, secret: string): string | null {
    return this.#key === null ? null : fingerprintV2(this.#key, parts, secret);
  }

  /** Whether `fingerprint` is the one this credential had when it was planned (null: it had none). */
  plannedAs(fingerprint: string): boolean {
    return this.#v2 === null || this.#v2 === fingerprint;
  }
}

export type CredentialComparison = 'same' | 'differs' | 'migrate' | 'unknown';

const CREDENTIAL = Symbol('webhook credential');

type Held = WebhookAuthentication & { [CREDENTIAL]?: DesiredCredential | LiveMark | null };

/** Attaches what is known about the credential, invisibly (see the module comment). */
export function holdCredential<T extends WebhookAuthentication>(auth: T, credential: DesiredCredential | LiveMark | null): T {
  Object.defineProperty(auth, CREDENTIAL, { value: credential, enumerable: false, writable: false });
  return auth;
}

export function desiredCredential(auth: WebhookAuthentication | null): DesiredCredential | null {
  const held = auth ? (auth as Held)[CREDENTIAL] : undefined;
  return held instanceof DesiredCredential ? held : null;
}

export function liveMark(auth: WebhookAuthentication | null): LiveMark | null {
  const held = auth ? (auth as Held)[CREDENTIAL] : undefined;
  return held instanceof LiveMark ? held : null;
}

/** The description as people wrote it, and the mark apply left there (null if none). */
export function splitDescription(description: string | null): { text: string | null; mark: LiveMark | null } {
  // "" and null are the same empty description (real-shapes: webhooks come back with "").
  if (description === null || description === '') return { text: null, mark: null };
  const match = MARK.exec(description);
  if (!match) return { text: description, mark: null };
  const text = description.slice(0, match.index);
  const mark = match[1] ? new LiveMark(2, match[1]) : new LiveMark(1, match[2]);
  return { text: text === '' ? null : text, mark };
}

/** The description apply writes: the text, then the v2 mark. */
export function joinDescription(text: string | null, fingerprint: string | null): string | null {
  if (fingerprint === null) return text;
  return `${text ?? ''}${text ? ' ' : ''}[credential v2:${fingerprint}]`;
}
