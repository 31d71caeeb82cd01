/**
 * In-memory records per collection. The store owns the fields Zendesk owns: `id`,
 * `created_at`, `updated_at` and, for ordered kinds, `position` (appended last when
 * omitted, reference §8.1). Callers pass plain field objects; validation happens before.
 */
import { RecordClock } from './clock.ts';
import { formatId, sameId } from './ids.ts';
import { COLLECTION_TRAITS, type CollectionName, type SandboxRecord, type SandboxState } from './state.ts';

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

  constructor(initial: SandboxState, options: StoreOptions = {}) {
    this.#state = structuredClone(initial);
    this.#clock = options.clock ?? new RecordClock();
    this.#onChange = options.onChange;
    this.#completeSeed();
  }

  /** Records in storage order. The array is a copy; the records are live, so treat them as read-only. */
  list(collection: CollectionName): SandboxRecord[] {
    return [...this.#records(collection)];
  }

  find(collection: CollectionName, id: unknown): SandboxRecord | undefined {
    return this.#records(collection).find((record) => sameId(record.id, id));
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
    this.#changed();
    return record;
  }

  /** Shallow merge of `fields` into the record; `updated_at` always moves forward. */
  update(collection: CollectionName, id: unknown, fields: SandboxRecord): SandboxRecord | undefined {
    const record = this.find(collection, id);
    if (!record) return undefined;
    const { position, ...rest } = fields;
    Object.assign(record, withoutOwnedFields(rest));
    if (typeof position === 'number') record.position = position;
    record.updated_at = this.#clock.after(record.updated_at);
    this.#changed();
    return record;
  }

  /** Replaces everything but the owned fields (webhook PUT sends the full object). */
  replace(collection: CollectionName, id: unknown, fields: SandboxRecord): SandboxRecord | undefined {
    const record = this.find(collection, id);
    if (!record) return undefined;
    for (const key of Object.keys(record)) {
      if (!OWNED_FIELDS.has(key) && !key.startsWith('_')) delete record[key];
    }
    return this.update(collection, id, fields);
  }

  remove(collection: CollectionName, id: unknown): boolean {
    const records = this.#records(collection);
    const index = records.findIndex((record) => sameId(record.id, id));
    if (index < 0) return false;
    records.splice(index, 1);
    this.#changed();
    return true;
  }

  /** Runs several mutations and notifies `onChange` once at the end. */
  batch<T>(mutations: () => T): T {
    this.#batchDepth += 1;
    try {
      return mutations();
    } finally {
      this.#batchDepth -= 1;
      if (this.#batchDepth === 0 && this.#dirty) this.#changed();
    }
  }

  snapshot(): SandboxState {
    return structuredClone(this.#state);
  }

  #records(collection: CollectionName): SandboxRecord[] {
    return (this.#state.collections[collection] ??= []);
  }

  #nextId(collection: CollectionName): number | string {
    const id = formatId(COLLECTION_TRAITS[collection].idKind, this.#state.nextId);
    this.#state.nextId += 1;
    return id;
  }

  #changed(): void {
    if (this.#batchDepth > 0) {
      this.#dirty = true;
      return;
    }
    this.#dirty = false;
    this.#onChange?.(this.#state);
  }

  /** Seeds may omit id/url/timestamps/position; fill them without notifying (nothing changed yet). */
  #completeSeed(): void {
    const numericIds = Object.values(this.#state.collections)
      .flatMap((records) => records ?? [])
      .map((record) => Number(record.id))
      .filter((id) => Number.isSafeInteger(id));
    this.#state.nextId = Math.max(this.#state.nextId, ...numericIds.map((id) => id + 1));
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
  const positions = records.map((record) => record.position).filter((p): p is number => typeof p === 'number');
  return positions.length === 0 ? 1 : Math.max(...positions) + 1;
}
