/**
 * config/csat.yaml as `npm run csat` reads it (issue 13). Types, defaults and the checks a
 * schema cannot make, as pure functions of the parsed file: the file itself is read and
 * schema-checked by ../workflow/csat.ts (config/yamlSource.ts sits beside this layer, not
 * below it).
 */
import type { Diagnostic, Locator, PathSegment } from '../core/model.ts';
import type { Breakdown } from './model.ts';
import { isTimeZone } from './periods.ts';

export const CSAT_CONFIG_FILE = 'csat.yaml';

export interface CsatConfig {
  /** 0.95 for 95 %. */
  target: number;
  /** IANA zone the periods start in. */
  timeZone: string;
  periods: { weekly: number; monthly: number };
  breakdowns: readonly Breakdown[];
  /** GitLab usernames by Zendesk group name. */
  managers: Readonly<Record<string, readonly string[]>>;
  labels: { badRating: readonly string[]; all: readonly string[] };
  dashboard: { showComments: boolean };
}

/** The file as written (schemas/csat.schema.json), after the schema check passed. */
export interface CsatFile {
  target: number;
  time_zone: string;
  periods: { weekly: number; monthly: number };
  breakdowns?: Breakdown[];
  managers?: Record<string, string[]>;
  labels?: { bad_rating?: string[]; all?: string[] };
  dashboard?: { show_comments?: boolean };
}

/** A schema-valid file → the config, or the problems only a program can see (an unknown time zone). */
export function csatConfigFrom(spec: CsatFile, locate: Locator): { config: CsatConfig | null; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const at = (path: PathSegment[], field: string, message: string, hint?: string) =>
    diagnostics.push({ severity: 'error', ...locate(path), field, message, ...(hint ? { hint } : {}) });
  if (!isTimeZone(spec.time_zone)) {
    at(['time_zone'], 'time_zone', `"${spec.time_zone}" is not a time zone this Node.js knows`, 'use an IANA name such as Europe/Berlin or America/New_York');
  }
  if (diagnostics.length > 0) return { config: null, diagnostics };
  return {
    diagnostics,
    config: {
      target: spec.target,
      timeZone: spec.time_zone,
      periods: { weekly: spec.periods.weekly, monthly: spec.periods.monthly },
      breakdowns: spec.breakdowns ?? [],
      managers: spec.managers ?? {},
      labels: { badRating: spec.labels?.bad_rating ?? [], all: spec.labels?.all ?? [] },
      dashboard: { showComments: spec.dashboard?.show_comments ?? false },
    },
  };
}
