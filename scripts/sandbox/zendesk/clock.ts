/**
 * Timestamps as Zendesk writes them: ISO-8601 UTC with second precision (reference §0).
 *
 * The tool spots stale plans by comparing `updated_at`, so every write of a record must
 * move it forward even when two writes land in the same second: the new value is "now"
 * or one second past the record's previous value, whichever is later.
 */
export type Now = () => number;

export function isoSeconds(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export class RecordClock {
  readonly #now: Now;

  constructor(now: Now = Date.now) {
    this.#now = now;
  }

  now(): string {
    return isoSeconds(this.#now());
  }

  /** A timestamp strictly later than `previous` (when it parses), never earlier than now. */
  after(previous: unknown): string {
    const nowMs = Math.floor(this.#now() / 1000) * 1000;
    const previousMs = typeof previous === 'string' ? Date.parse(previous) : Number.NaN;
    if (Number.isNaN(previousMs) || previousMs < nowMs) return isoSeconds(nowMs);
    return isoSeconds(previousMs + 1000);
  }
}
