/**
 * How long the client waits for Zendesk, at most. Without these a server that
 * accepts the connection and never answers would hang a run forever.
 */
export interface TimeLimits {
  /** From starting to connect (DNS included) to connected, TLS set up. */
  connectTimeoutMs: number;
  /** One request, from sending it to the last byte of the answer. */
  requestTimeoutMs: number;
  /** Waiting out rate limits (429 + Retry-After), in all, before the run gives up. */
  rateLimitWaitMs: number;
  /** The whole run, counted from the client's creation; then no new request starts. */
  runDeadlineMs: number;
}

export const DEFAULT_TIME_LIMITS: TimeLimits = {
  connectTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  rateLimitWaitMs: 15 * 60_000,
  runDeadlineMs: 30 * 60_000,
};
