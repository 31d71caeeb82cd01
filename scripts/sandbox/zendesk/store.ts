/**
 * In-memory records per collection. The store owns the fields Zendesk owns: `id`,
 * `created_at`, `updated_at` and, for ordered kinds, `position` (appended last when
 * omitted, reference §8.1). Callers pass plain field objects; validation happens before.
 *
 * Large accounts (50,000 organizations) are served without whole-collection scans per
 * request: ids and looked-up fields are indexed and kept current on every write, and
 * derived data (sorted lists for pagination) is memoised per collection revision.
 */
import { RecordClock } from './clock.ts';
import { formatId } from './ids.ts';
import { COLLECTION_TRAITS, type CollectionName, type SandboxQuirks, type SandboxRecord, type SandboxState } from './state.ts';

export interface StoreOptions {
  clock?: RecordClock;
  /** Called once per mutation (or once per batch) with the live state. */
  onChange?: (state: SandboxState) => void;
}

export class SandboxStore {
  readonly #state: SandboxState;
  readonly #clock: RecordClock;
  readonly #onChange: ((state: SandboxState) => void) | undefined;
  #batchDepth = 0;
  #dirty = false;
  readonly #byId = new Map<CollectionName, Map<string, SandboxRecord>>();
  /** collection → field path → normalised value → records holding it. Built on first lookup. */
  readonly #byField = new Map<CollectionName, Map<string, Map<string, SandboxRecord[]>>>();
  readonly #revisions = new Map<CollectionName, number>();
  readonly #memos = new Map<CollectionName, Map<string, unknown>>();

  constructor(initial: SandboxState, options: StoreOptions = {}) {
    this.#state = structuredClone(initial);
    this.#clock = options.clock ?? new RecordClock();
    this.#onChange = options.onChange;
    this.#completeSeed();
  }

  /** The seed's envelope quirks (none for the default seed). */
  get quirks(): Readonly<SandboxQuirks> {
    return this.#state.quirks ?? {};
  }

  /** Records in storage order. The array is a copy; the records are live, so treat them as read-only. */
  list(collection: CollectionName): SandboxRecord[] {
    return [...this.#records(collection)];
  }

  /** The live records without a copy: read-only, and only until the next write. */
  view(collection: CollectionName): readonly SandboxRecord[] {
    return this.#records(collection);
  }

  count(collection: CollectionName): number {
    return this.#records(collection).length;
  }

  find(collection: CollectionName, id: unknown): SandboxRecord | undefined {
    if (id === undefined || id === null) return undefined;
    return this.#idIndex(collection).get(String(id));
  }

  /**
   * Records whose `path` (dot-separated, e.g. `organization_fields.salesforce_id`) equals
   * `value` case-insensitively; array fields match when any element does. Unordered.
   */
  findAllBy(collection: CollectionName, path: string, value: unknown): SandboxRecord[] {
    const key = normalise(value);
    if (key === undefined) return [];
    return [...(this.#fieldIndex(collection, path).get(key) ?? [])];
  }

  /** Changes whenever a record of the collection is inserted, updated or removed. */
  revision(collection: CollectionName): number {
    return this.#revisions.get(collection) ?? 0;
  }

  /** `compute()` once per collection revision and `key`; for derived data such as sorted lists. */
  memo<T>(collection: CollectionName, key: string, compute: () => T): T {
    let memos = this.#memos.get(collection);
    if (!memos) this.#memos.set(collection, (memos = new Map()));
    if (!memos.has(key)) memos.set(key, compute());
    return memos.get(key) as T;
  }

  insert(collection: CollectionName, fields: SandboxRecord): SandboxRecord {
    const records = this.#records(collection);
    const now = this.#clock.now();
    const record: SandboxRecord = { id: this.#nextId(collection), ...withoutOwnedFields(fields) };
    if (COLLECTION_TRAITS[collection].positioned && typeof fields.position === 'number') record.position = fields.position;
    if (COLLECTION_TRAITS[collection].positioned && record.position === undefined) record.position = nextPosition(records);
    record.created_at = now;
    record.updated_at = now;
    records.push(record);
    this.#byId.get(collection)?.set(String(record.id), record);
    this.#indexFields(collection, record, 'add');
    this.#changed(collection);
    return record;
  }

  /** Shallow merge of `fields` into the record; `updated_at` always moves forward. */
  update(collection: CollectionName, id: unknown, fields: SandboxRecord): SandboxRecord | undefined {
    const record = this.find(collection, id);
    if (!record) return undefined;
    const { position, ...rest } = fields;
    this.#indexFields(collection, record, 'remove');
    Object.assign(record, withoutOwnedFields(rest));
    if (typeof position === 'number') record.position = position;
    record.updated_at = this.#clock.after(record.updated_at);
    this.#indexFields(collection, record, 'add');
    this.#changed(collection);
    return record;
  }

  /** Replaces everything but the owned fields (webhook PUT sends the full object). */
  replace(collection: CollectionName, id: unknown, fields: SandboxRecord): SandboxRecord | undefined {
    const record = this.find(collection, id);
    if (!record) return undefined;
    this.#indexFields(collection, record, 'remove');
    for (const key of Object.keys(record)) {
      if (!OWNED_FIELDS.has(key) && !key.startsWith('_')) delete record[key];
    }
    this.#indexFields(collection, record, 'add');
    return this.update(collection, id, fields);
  }

  remove(collection: CollectionName, id: unknown): boolean {
    const record = this.find(collection, id);
    if (!record) return false;
    const records = this.#records(collection);
    records.splice(records.indexOf(record), 1);
    this.#byId.get(collection)?.delete(String(record.id));
    this.#indexFields(collection, record, 'remove');
    this.#changed(collection);
    return true;
  }

  /** Runs several mutations and notifies `onChange` once at the end. */
  batch<T>(mutations: () => T): T {
    this.#batchDepth += 1;
    try {
      return mutations();
    } finally {
      this.#batchDepth -= 1;
      if (this.#batchDepth === 0 && this.#dirty) this.#notify();
    }
  }

  snapshot(): SandboxState {
    return structuredClone(this.#state);
  }

  #records(collection: CollectionName): SandboxRecord[] {
    return (this.#state.collections[collection] ??= []);
  }

  /** A fresh id for a record kept inside another (a ticket field's options, which Zendesk numbers like records). */
  nestedId(): number {
    const id = this.#state.nextId;
    this.#state.nextId += 1;
    return id;
  }

  #nextId(collection: CollectionName): number | string {
    const id = formatId(COLLECTION_TRAITS[collection].idKind, this.#state.nextId);
    this.#state.nextId += 1;
    return id;
  }

  #idIndex(collection: CollectionName): Map<string, SandboxRecord> {
    let index = this.#byId.get(collection);
    if (!index) {
      index = new Map(this.#records(collection).map((record) => [String(record.id), record]));
      this.#byId.set(collection, index);
    }
    return index;
  }

  #fieldIndex(collection: CollectionName, path: string): Map<string, SandboxRecord[]> {
    let paths = this.#byField.get(collection);
    if (!paths) this.#byField.set(collection, (paths = new Map()));
    let index = paths.get(path);
    if (!index) {
      index = new Map();
      paths.set(path, index);
      for (const record of this.#records(collection)) addToIndex(index, path, record);
    }
    return index;
  }

  #indexFields(collection: CollectionName, record: SandboxRecord, change: 'add' | 'remove'): void {
    for (const [path, index] of this.#byField.get(collection) ?? []) {
      if (change === 'add') addToIndex(index, path, record);
      else removeFromIndex(index, path, record);
    }
  }

  #changed(collection: CollectionName): void {
    this.#revisions.set(collection, this.revision(collection) + 1);
    this.#memos.delete(collection);
    if (this.#batchDepth > 0) {
      this.#dirty = true;
      return;
    }
    this.#notify();
  }

  #notify(): void {
    this.#dirty = false;
    this.#onChange?.(this.#state);
  }

  /** Seeds may omit id/url/timestamps/position; fill them without notifying (nothing changed yet). */
  #completeSeed(): void {
    // A loop, not Math.max(...ids): seeds with 50,000+ records overflow the argument limit.
    for (const records of Object.values(this.#state.collections)) {
      for (const record of records ?? []) {
        const id = Number(record.id);
        if (Number.isSafeInteger(id) && id >= this.#state.nextId) this.#state.nextId = id + 1;
      }
    }
    const now = this.#clock.now();
    for (const [collection, records] of Object.entries(this.#state.collections) as [CollectionName, SandboxRecord[]][]) {
      let position = nextPosition(records) - 1;
      for (const record of records) {
        delete record.url;
        record.id ??= this.#nextId(collection);
        record.created_at ??= now;
        record.updated_at ??= record.created_at;
        if (COLLECTION_TRAITS[collection].positioned && typeof record.position !== 'number') {
          position += 1;
          record.position = position;
        }
      }
    }
  }
}

const OWNED_FIELDS = new Set(['id', 'url', 'created_at', 'updated_at']);

function withoutOwnedFields(fields: SandboxRecord): SandboxRecord {
  const copy: SandboxRecord = {};
  for (const [key, value] of Object.entries(fields)) {
    if (!OWNED_FIELDS.has(key) && key !== 'position') copy[key] = value;
  }
  return copy;
}

function nextPosition(records: readonly SandboxRecord[]): number {
  let highest = 0;
  for (const record of records) if (typeof record.position === 'number' && record.position > highest) highest = record.position;
  return highest + 1;
}

/** Index key for a looked-up value: strings and numbers compare case-insensitively as text. */
function normalise(value: unknown): string | undefined {
  if (typeof value === 'string') return value.toLowerCase();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value).toLowerCase();
  return undefined;
}

function valuesAt(record: SandboxRecord, path: string): string[] {
  let value: unknown = record;
  for (const segment of path.split('.')) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[segment] : undefined;
  }
  const keys = (Array.isArray(value) ? value : [value]).map(normalise).filter((key) => key !== undefined);
  return [...new Set(keys)];
}

function addToIndex(index: Map<string, SandboxRecord[]>, path: string, record: SandboxRecord): void {
  for (const key of valuesAt(record, path)) {
    const bucket = index.get(key);
    if (bucket) bucket.push(record);
    else index.set(key, [record]);
  }
}

function removeFromIndex(index: Map<string, SandboxRecord[]>, path: string, record: SandboxRecord): void {
  for (const key of valuesAt(record, path)) {
    const bucket = index.get(key);
    if (!bucket) continue;
    const at = bucket.indexOf(record);
    if (at >= 0) bucket.splice(at, 1);
    if (bucket.length === 0) index.delete(key);
  }
}
