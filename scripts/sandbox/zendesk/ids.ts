/**
 * Id formats per kind (reference §0). All kinds draw from one counter so ids never collide
 * across collections and a given seed always yields the same ids.
 */
import { randomBytes } from 'node:crypto';
import type { IdKind } from './state.ts';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** ULID-like: '01' + 24 Crockford base32 characters, e.g. "01000000000000000009C4V3KH". */
export function webhookId(n: number): string {
  let digits = '';
  let rest = n;
  do {
    digits = CROCKFORD[rest % 32] + digits;
    rest = Math.floor(rest / 32);
  } while (rest > 0);
  return '01' + digits.padStart(24, '0');
}

/** Job status ids look like "V3-eb3753c8075be0c165b61b89a50ea0aa" (reference §12). */
export function jobStatusId(): string {
  return 'V3-' + randomBytes(16).toString('hex');
}

export function formatId(kind: IdKind, n: number): number | string {
  switch (kind) {
    case 'int':
      return n;
    case 'digit-string':
      return String(n);
    case 'ulid':
      return webhookId(n);
    case 'job':
      return jobStatusId();
  }
}

/** Matches any id the sandbox hands out, used to fold paths into request-count keys. */
export function looksLikeId(segment: string): boolean {
  return /^\d+$/.test(segment) || /^(V3-)?[0-9a-f]{32}$/.test(segment) || /^01[0-9A-HJKMNP-TV-Z]{24}$/.test(segment);
}

export function sameId(a: unknown, b: unknown): boolean {
  return a !== undefined && a !== null && String(a) === String(b);
}
