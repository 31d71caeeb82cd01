/**
 * The ledger: which tickets this request has made, kept hidden in its result
 * comment, so a re-run creates only what is missing without asking Zendesk
 * about every row.
 *
 *   <!-- zendesk-gitops:request-ledger <base64url of JSON> -->
 *   { "version": 1, "tickets": [{ "externalId": "…", "id": 123 }], "pending": ["…"], "branchHead": "…" }
 *
 * `pending` lists the rows of the chunk being sent when the comment was written:
 * written before a create_many call, so after a crash exactly those rows may exist
 * in Zendesk without being listed here, and only they are checked by external id.
 *
 * The comment is ours (found by marker and author), but a body is still text from
 * GitLab: the parser checks every field, caps the size and gives up quietly on junk.
 */

export const LEDGER_PREFIX = '<!-- zendesk-gitops:request-ledger ';
const LEDGER_SUFFIX = ' -->';
/** 500 rows of ~60 bytes, base64 grown by a third, with room to spare; a comment can hold 1 MB. */
const MAX_ENCODED_LENGTH = 400_000;
const MAX_ENTRIES = 10_000;
const EXTERNAL_ID = /^[A-Za-z0-9_.:-]{1,255}$/;
/** SHA-1 or SHA-256, as GitLab writes commit ids. */
const COMMIT_ID = /^[0-9a-f]{40}$|^[0-9a-f]{64}$/;

export interface LedgerTicket {
  externalId: string;
  id: number;
}

export interface Ledger {
  version: 1;
  tickets: LedgerTicket[];
  pending?: string[];
  /**
   * Organization requests: the head commit the processor left on the request's branch. A branch
   * whose head is anything else was made, or pushed to, by someone else, and is not touched.
   */
  branchHead?: string;
}

export function emptyLedger(): Ledger {
  return { version: 1, tickets: [] };
}

export function formatLedger(ledger: Ledger): string {
  const json = JSON.stringify({
    version: 1,
    tickets: ledger.tickets,
    ...(ledger.pending?.length ? { pending: ledger.pending } : {}),
    ...(ledger.branchHead ? { branchHead: ledger.branchHead } : {}),
  });
  return `${LEDGER_PREFIX}${Buffer.from(json, 'utf8').toString('base64url')}${LEDGER_SUFFIX}`;
}

/** The ledger in a comment body; null when there is none or it is not one we wrote. */
export function parseLedger(body: string): Ledger | null {
  const start = body.indexOf(LEDGER_PREFIX);
  if (start === -1) return null;
  const from = start + LEDGER_PREFIX.length;
  const end = body.indexOf(LEDGER_SUFFIX, from);
  if (end === -1 || end - from > MAX_ENCODED_LENGTH) return null;
  const encoded = body.slice(from, end);
  if (!/^[A-Za-z0-9_-]*$/.test(encoded)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  return checkLedger(value);
}

function checkLedger(value: unknown): Ledger | null {
  if (!isRecord(value) || value.version !== 1 || !Array.isArray(value.tickets) || value.tickets.length > MAX_ENTRIES) return null;
  const tickets: LedgerTicket[] = [];
  for (const entry of value.tickets) {
    if (!isRecord(entry) || typeof entry.externalId !== 'string' || !EXTERNAL_ID.test(entry.externalId)) return null;
    if (typeof entry.id !== 'number' || !Number.isSafeInteger(entry.id) || entry.id < 1) return null;
    tickets.push({ externalId: entry.externalId, id: entry.id });
  }
  const { pending, branchHead } = value;
  if (branchHead !== undefined && (typeof branchHead !== 'string' || !COMMIT_ID.test(branchHead))) return null;
  const head = typeof branchHead === 'string' ? { branchHead } : {};
  if (pending === undefined) return { version: 1, tickets, ...head };
  if (!Array.isArray(pending) || pending.length > MAX_ENTRIES || !pending.every((id) => typeof id === 'string' && EXTERNAL_ID.test(id))) return null;
  return { version: 1, tickets, pending: [...pending] as string[], ...head };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
