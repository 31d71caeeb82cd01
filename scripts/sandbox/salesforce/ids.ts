/**
 * Salesforce record ids (salesforce-api.md §4.6): 15 case-sensitive characters (a 3-character
 * key prefix, `001` Account, `005` User, `00D` organization), or the 18-character form the API
 * returns, whose last 3 characters encode which of the first 15 are upper case. The API accepts
 * either form; the 18-character one compares case-insensitively.
 */

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export const KEY_PREFIX = { Account: '001', User: '005', Organization: '00D' } as const;

/** The 3-character suffix that makes a 15-character id case-insensitive. */
export function idSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk += 1) {
    let flags = 0;
    for (let i = 0; i < 5; i += 1) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) flags |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[flags];
  }
  return suffix;
}

/** A deterministic 18-character id: key prefix, a pod-like `5g` and the serial in base 62. */
export function recordId(prefix: string, serial: number): string {
  let digits = '';
  let rest = serial;
  do {
    digits = BASE62[rest % 62] + digits;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  const id15 = `${prefix}5g${digits.padStart(10, '0')}`;
  return id15 + idSuffix(id15);
}

/** The 18-character form of a well-formed id, or undefined when Salesforce would call it malformed. */
export function canonicalId(id: string): string | undefined {
  if (/^[a-zA-Z0-9]{15}$/.test(id)) return id + idSuffix(id);
  if (!/^[a-zA-Z0-9]{18}$/.test(id)) return undefined;
  // The suffix says which characters are upper case, so an 18-character id in any case names one record.
  let id15 = '';
  for (let chunk = 0; chunk < 3; chunk += 1) {
    const flags = SUFFIX_ALPHABET.indexOf(id[15 + chunk].toUpperCase());
    if (flags < 0) return undefined;
    for (let i = 0; i < 5; i += 1) {
      const c = id[chunk * 5 + i];
      id15 += flags & (1 << i) ? c.toUpperCase() : c.toLowerCase();
    }
  }
  // A letter flagged upper case that is a digit: the suffix does not belong to this id.
  return idSuffix(id15) === id.slice(15).toUpperCase() ? id15 + idSuffix(id15) : undefined;
}
