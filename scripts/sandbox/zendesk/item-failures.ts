/**
 * Per-item failures for bulk jobs (reference §12): a test arms "the next bulk item that
 * matches fails with this error", so a client's handling of partly failed jobs can be
 * exercised. The failing item's record is left as it was; the job's other items proceed.
 * Request-level failures (429, 5xx, dropped sockets) live in faults.ts.
 */
import { sameId } from './ids.ts';
import type { SandboxRecord } from './state.ts';

/** Collections whose bulk endpoints consult the injector. */
export const ITEM_FAILURE_COLLECTIONS = ['organizations', 'users', 'organization_memberships', 'tickets'] as const;
export type ItemFailureCollection = (typeof ITEM_FAILURE_COLLECTIONS)[number];

export interface ItemFailureSpec {
  collection: ItemFailureCollection;
  /** Fails the item aimed at this record id (updates, deletes) or carrying it. */
  id?: number | string;
  /**
   * Fails an item whose existing record, or whose request body, has all these values.
   * Keys may be dot paths (`organization_fields.salesforce_id`); text compares case-insensitively.
   */
  match?: Record<string, unknown>;
  /** How many matching items fail before the injector disarms (default 1). */
  times?: number;
  /** Result `error` code (default 'RecordInvalid'). */
  error?: string;
  /** Result `details` text (default 'Injected by the sandbox'). */
  details?: string;
}

export interface ItemFailure {
  error: string;
  details: string;
}

export interface BulkItemTarget {
  /** The record as it is now (updates, deletes); absent for creates. */
  existing?: SandboxRecord;
  /** The item as sent in the request. */
  input?: SandboxRecord;
}

interface ArmedItemFailure {
  spec: ItemFailureSpec;
  remaining: number;
}

export class ItemFailureInjector {
  #armed: ArmedItemFailure[] = [];

  inject(spec: ItemFailureSpec): void {
    if (!(ITEM_FAILURE_COLLECTIONS as readonly string[]).includes(spec.collection)) {
      throw new Error(`ItemFailureSpec.collection must be one of ${ITEM_FAILURE_COLLECTIONS.join(', ')}`);
    }
    const times = spec.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new Error('ItemFailureSpec.times must be a positive integer');
    this.#armed.push({ spec, remaining: times });
  }

  clear(): void {
    this.#armed = [];
  }

  /** The failure for this bulk item, consuming one of its `times`; undefined lets the item run. */
  take(collection: ItemFailureCollection, target: BulkItemTarget): ItemFailure | undefined {
    const armed = this.#armed.find((candidate) => candidate.spec.collection === collection && targets(candidate.spec, target));
    if (!armed) return undefined;
    armed.remaining -= 1;
    if (armed.remaining === 0) this.#armed = this.#armed.filter((candidate) => candidate !== armed);
    return { error: armed.spec.error ?? 'RecordInvalid', details: armed.spec.details ?? 'Injected by the sandbox' };
  }
}

function targets(spec: ItemFailureSpec, target: BulkItemTarget): boolean {
  const candidates = [target.existing, target.input].filter((record) => record !== undefined);
  if (spec.id !== undefined && !candidates.some((record) => sameId(record.id, spec.id))) return false;
  const wanted = Object.entries(spec.match ?? {});
  return wanted.length === 0 || candidates.some((record) => wanted.every(([path, value]) => sameValue(valueAt(record, path), value)));
}

function valueAt(record: SandboxRecord, path: string): unknown {
  let value: unknown = record;
  for (const segment of path.split('.')) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[segment] : undefined;
  }
  return value;
}

function sameValue(actual: unknown, wanted: unknown): boolean {
  if (typeof actual === 'string' && typeof wanted === 'string') return actual.toLowerCase() === wanted.toLowerCase();
  if ((typeof actual === 'number' || typeof actual === 'string') && (typeof wanted === 'number' || typeof wanted === 'string')) {
    return String(actual) === String(wanted);
  }
  return JSON.stringify(actual) === JSON.stringify(wanted);
}
