/**
 * How the dashboard writes its numbers: one formatter for the charts and the tables, so
 * the chart's "96.8%" and the table's are the same text, never two roundings of one value.
 */

/** 0.9677 → "96.8%"; null → "no data" (nobody answered: not 0 %, not 100 %). */
export function formatPercent(value: number | null): string {
  return value === null ? 'no data' : `${(value * 100).toFixed(1)}%`;
}

/** The target as configured: 0.95 → "95%", 0.975 → "97.5%". */
export function formatTarget(target: number): string {
  return `${Math.round(target * 1000) / 10}%`;
}

/** An ISO instant as written, without seconds: "2026-11-16T00:00:00+01:00" → "2026-11-16 00:00". */
export function formatInstant(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** The offset an ISO instant was written with: "+01:00", or "UTC" for Z. */
export function offsetOf(iso: string): string {
  const offset = /([+-]\d\d:\d\d)$/.exec(iso)?.[1];
  return offset ?? 'UTC';
}
