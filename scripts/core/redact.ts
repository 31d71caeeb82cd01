/**
 * Credentials out of every message. Both clients (Zendesk, GitLab) pass what a server
 * answered through here before it becomes part of an error: an error body can echo the
 * request (its Authorization header, a webhook's secret, an OAuth token's `token` and
 * `refresh_token` fields), and error messages end up in job logs and merge-request notes.
 *
 * Two kinds of masking, both needed:
 * - values: the credentials the caller knows (the API token, the email:token Basic value
 *   and its base64, the OAuth token, the GitLab token, configured secrets), wherever they
 *   appear, raw or URL-encoded;
 * - shapes: whatever looks like a credential even when its value is unknown, e.g. an
 *   `Authorization: Bearer …` header, a `"password": "…"` field, a `glpat-…` token.
 */

export const REDACTED = '[redacted]';

/** How much of an answer a message quotes: enough to act on, not a page of HTML or a whole record list. */
export const MAX_QUOTED_LENGTH = 500;

/** JSON fields whose values are credentials, whatever the API (Zendesk OAuth tokens, webhook auth, GitLab). */
const SECRET_FIELD = /^(?:token|access_token|refresh_token|api_token|private_token|password|secret|signing_secret|client_secret|authorization)$/i;

/** Shorter values are not masked: "abc" would mask every word containing it. */
const MIN_SECRET_LENGTH = 4;

const SHAPES: readonly [RegExp, string][] = [
  // An HTTP header line with a credential, as a proxy or an echo service prints it.
  [/\b(authorization|private-token|job-token|x-api-key)(\s*[:=]\s*)("?)[^\s",}]+(?:\s+[^\s",}]+)?\3/gi, `$1$2$3${REDACTED}$3`],
  // A scheme and a token-like value (at least 16 characters and a digit, so "Basic authentication" stays).
  [/\b(Bearer|Basic|Token)(\s+)(?=[A-Za-z0-9._~+/=-]*\d)[A-Za-z0-9._~+/=-]{16,}/gi, `$1$2${REDACTED}`],
  // A JSON field with a credential, in text that is not (or no longer) parsed.
  [
    /("(?:token|access_token|refresh_token|api_token|private_token|password|secret|signing_secret|client_secret|authorization)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi,
    `$1"${REDACTED}"`,
  ],
  // A credential in a query string.
  [/([?&](?:access_token|token|private_token|password|secret|api_key)=)[^&\s"']+/gi, `$1${REDACTED}`],
  // GitLab tokens carry a recognisable prefix (personal, project, group, deploy, runner, CI job).
  [/\b(?:glpat|gloas|gldt|glrt|glcbt|glptt|glft|glimt|glagent|glsoat)-[A-Za-z0-9_.-]{8,}/g, REDACTED],
];

/** Masks the known secrets and anything shaped like a credential in `text`. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let masked = text;
  for (const secret of variants(secrets)) masked = masked.split(secret).join(REDACTED);
  for (const [shape, replacement] of SHAPES) masked = masked.replace(shape, replacement);
  return masked;
}

/**
 * `redact` for a parsed body, however deep: every string is masked, and the value of a
 * credential-named field (`token`, `refresh_token`, `password`, …) is replaced outright.
 */
export function redactValue<T>(value: T, secrets: readonly string[] = []): T {
  const walk = (v: unknown, field?: string): unknown => {
    if (typeof v === 'string') return field !== undefined && SECRET_FIELD.test(field) ? REDACTED : redact(v, secrets);
    if (Array.isArray(v)) return v.map((item) => walk(item));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([key, inner]) => [key, walk(inner, key)]));
    return v;
  };
  return walk(value) as T;
}

/** At most `max` characters, marked when cut. */
export function truncate(text: string, max = MAX_QUOTED_LENGTH): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * String values the request body carries in credential-named fields (a webhook's
 * `authentication.data.token`, a basic-auth `password`): an answer that quotes them back
 * is masked even when the caller did not name them as secrets.
 */
export function secretsIn(body: unknown): string[] {
  const found: string[] = [];
  // `value` is a credential only inside `authentication` (an api_key's header value);
  // elsewhere it is a rule condition's value, which messages must keep.
  const walk = (v: unknown, field: string | undefined, inAuthentication: boolean) => {
    if (typeof v === 'string') {
      if (field !== undefined && (SECRET_FIELD.test(field) || (inAuthentication && field === 'value'))) found.push(v);
    } else if (Array.isArray(v)) {
      for (const item of v) walk(item, undefined, inAuthentication);
    } else if (v && typeof v === 'object') {
      for (const [key, inner] of Object.entries(v)) walk(inner, key, inAuthentication || key === 'authentication');
    }
  };
  walk(body, undefined, false);
  return found;
}

/** Each secret raw and URL-encoded, longest first so a secret containing another is masked whole. */
function variants(secrets: readonly string[]): string[] {
  const all = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    all.add(secret);
    all.add(encodeURIComponent(secret));
  }
  return [...all].sort((a, b) => b.length - a.length);
}
