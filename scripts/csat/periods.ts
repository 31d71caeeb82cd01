/**
 * Reporting periods in the configured IANA time zone (config/csat.yaml `time_zone`): ISO
 * weeks starting Monday and calendar months, each [start, end) from local midnight to local
 * midnight, ending with the period that holds `now` (still running: partial).
 *
 * Only Intl is used, no time-zone library. A local midnight becomes a UTC instant by
 * asking Intl for the zone's offset near it, twice, so a DST switch between a first guess
 * and the answer is settled (Europe/Berlin's autumn week is 169 hours long, its spring
 * week 167). Where a switch skips midnight itself (a few zones switch at 00:00), the
 * period starts at the first instant of that local day.
 */

export type PeriodKind = 'weekly' | 'monthly';

export interface Period {
  kind: PeriodKind;
  /** `2026-W47` (ISO week-year and week) or `2026-11`. */
  label: string;
  /** [startMs, endMs) in epoch milliseconds. */
  startMs: number;
  endMs: number;
}

/** A calendar day with no zone. Months 1–12. */
interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const DAY_MS = 86_400_000;

/** Whether Intl knows the zone (`Europe/Berlin` yes, `CET+1` or `Mars/Olympus` no). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The last `count` ISO weeks in `zone`, oldest first, the last one holding `now`. */
export function weeklyPeriods(now: Date, zone: string, count: number): Period[] {
  const today = localDateOf(now.getTime(), zone);
  // ISO weekday: Monday 1 … Sunday 7.
  const weekday = ((dayNumber(today) % 7) + 10) % 7 + 1;
  const thisMonday = addDays(today, 1 - weekday);
  return Array.from({ length: count }, (_, index) => {
    const monday = addDays(thisMonday, -7 * (count - 1 - index));
    return { kind: 'weekly' as const, label: isoWeekLabel(monday), startMs: localMidnight(monday, zone), endMs: localMidnight(addDays(monday, 7), zone) };
  });
}

/** The last `count` calendar months in `zone`, oldest first, the last one holding `now`. */
export function monthlyPeriods(now: Date, zone: string, count: number): Period[] {
  const today = localDateOf(now.getTime(), zone);
  return Array.from({ length: count }, (_, index) => {
    const first = addMonths({ year: today.year, month: today.month, day: 1 }, -(count - 1 - index));
    return {
      kind: 'monthly' as const,
      label: `${first.year}-${pad(first.month)}`,
      startMs: localMidnight(first, zone),
      endMs: localMidnight(addMonths(first, 1), zone),
    };
  });
}

/** The index of the period holding `ms`, or -1; periods sorted and adjacent (binary search). */
export function periodIndexOf(periods: readonly Period[], ms: number): number {
  let low = 0;
  let high = periods.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const period = periods[middle];
    if (ms < period.startMs) high = middle - 1;
    else if (ms >= period.endMs) low = middle + 1;
    else return middle;
  }
  return -1;
}

/** `2026-11-02T00:00:00+01:00`: the instant as the zone's wall clock, with the zone's offset then. */
export function localIso(ms: number, zone: string): string {
  const parts = wallClock(ms, zone);
  const offsetMinutes = Math.round((wallClockMs(parts) - ms) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${parts.year}-${pad(parts.month)}-${pad(parts.day)}T${pad(parts.hour)}:${pad(parts.minute)}:${pad(parts.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** `2026-11-02T00:00:00Z`, second precision, as Zendesk writes timestamps. */
export function utcIso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The UTC instant of 00:00 on `date` in `zone`. */
export function localMidnight(date: LocalDate, zone: string): number {
  const asIfUtc = Date.UTC(date.year, date.month - 1, date.day);
  let guess = asIfUtc - offsetAt(asIfUtc, zone);
  guess = asIfUtc - offsetAt(guess, zone);
  // Midnight skipped by a DST switch lands on the evening before: move on to the end of that
  // local day, which is the switch itself, the first instant of `date`.
  const landed = wallClock(guess, zone);
  if (dayNumber(landed) < dayNumber(date)) guess += asIfUtc - wallClockMs(landed);
  return guess;
}

interface WallClock extends LocalDate {
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(ms: number, zone: string): WallClock {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, format);
  }
  const value: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(ms))) if (part.type !== 'literal' && part.type !== 'era') value[part.type] = Number(part.value);
  return { year: value.year, month: value.month, day: value.day, hour: value.hour, minute: value.minute, second: value.second };
}

function wallClockMs(parts: WallClock): number {
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
}

/** The zone's offset from UTC at the instant, in ms (Berlin in summer: +7,200,000). */
function offsetAt(ms: number, zone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return wallClockMs(wallClock(whole, zone)) - whole;
}

function localDateOf(ms: number, zone: string): LocalDate {
  const { year, month, day } = wallClock(ms, zone);
  return { year, month, day };
}

/** Days since 1970-01-01 (a Thursday). */
function dayNumber(date: LocalDate): number {
  return Math.floor(Date.UTC(date.year, date.month - 1, date.day) / DAY_MS);
}

function addDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

function addMonths(date: LocalDate, months: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1 + months, 1));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: 1 };
}

/** ISO 8601 week label of the week starting on `monday`: the year is that of its Thursday. */
function isoWeekLabel(monday: LocalDate): string {
  const thursday = addDays(monday, 3);
  const firstThursdayOfYear = (() => {
    const january4 = { year: thursday.year, month: 1, day: 4 };
    const weekday = ((dayNumber(january4) % 7) + 10) % 7 + 1;
    return addDays(january4, 4 - weekday);
  })();
  const week = Math.floor((dayNumber(thursday) - dayNumber(firstThursdayOfYear)) / 7) + 1;
  return `${thursday.year}-W${pad(week)}`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
