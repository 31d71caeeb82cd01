/**
 * Retry-After is delay-seconds or an HTTP date (RFC 9110 §10.2.3); Zendesk sends
 * seconds (reference §3.3), GitLab seconds too. Shared by both clients' retry policies.
 */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
