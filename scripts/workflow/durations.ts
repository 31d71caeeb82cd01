/**
 * Time limits from environment variables: seconds (`60`, `0.5`), or with a unit
 * (`90s`, `15m`, `1h`). A bad value is one line naming the variable.
 */
import { CommandError } from './io.ts';

const UNIT_MS: Record<string, number> = { '': 1000, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** Milliseconds; `fallbackMs` when the variable is unset or blank. `allowZero` for "do not wait at all". */
export function readDuration(
  env: Record<string, string | undefined>,
  variable: string,
  fallbackMs: number,
  options: { allowZero?: boolean } = {},
): number {
  const raw = env[variable]?.trim();
  if (!raw) return fallbackMs;
  const match = /^(\d+(?:\.\d+)?)\s*(s|m|min|h)?$/i.exec(raw);
  const ms = match ? Number(match[1]) * UNIT_MS[(match[2] ?? '').toLowerCase()] : Number.NaN;
  if (!Number.isFinite(ms) || ms < 0 || (ms === 0 && !options.allowZero)) {
    const least = options.allowZero ? '0 or more' : 'more than 0';
    throw new CommandError(`${variable} must be a number of seconds (${least}), or with a unit such as 90s, 15m, 1h; got '${raw.slice(0, 40)}'`);
  }
  return Math.round(ms);
}
