/**
 * Reference §12: bulk endpoints answer with a queued job_status that clients poll until
 * it is completed. The sandbox does the work up front (so the outcome survives a restart
 * with --state) and reveals it gradually: the job stays queued/working for `jobSteps`
 * polls of GET /job_statuses and reports its per-item results on the poll after that.
 */
import type { BulkItemTarget, ItemFailureCollection, ItemFailureInjector } from './item-failures.ts';
import type { SandboxStore } from './store.ts';
import type { SandboxRecord } from './state.ts';

export type JobResultItem =
  | { id: number | string; index: number; status?: 'Created' }
  | { id: number | string; action: string; status: string; success: true; index?: number }
  | { index: number; id?: number | string; action: string; success: false; error: string; details: string };

interface JobProgress {
  polls: number;
  results: JobResultItem[];
}

export const DEFAULT_JOB_STEPS = 2;

/** Ids from `?ids=1,2` arrive as text; results report them as the integers Zendesk uses (§0). */
export function jobItemId(id: unknown): number | string {
  return typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : (id as number | string);
}

/**
 * The failed result for a bulk item a test armed to fail (item-failures.ts), or undefined
 * when the item should run. Callers check before touching the store, so the record stays as it was.
 */
export function injectedItemFailure(
  context: { itemFailures: ItemFailureInjector },
  collection: ItemFailureCollection,
  target: BulkItemTarget,
  index: number,
  action: string,
): JobResultItem | undefined {
  const failure = context.itemFailures.take(collection, target);
  if (!failure) return undefined;
  const rawId = target.existing?.id ?? target.input?.id;
  const id = rawId === undefined ? undefined : jobItemId(rawId);
  return { index, ...(id === undefined ? {} : { id }), action, success: false, error: failure.error, details: failure.details };
}

export class JobQueue {
  readonly #store: SandboxStore;
  readonly #steps: number;

  constructor(store: SandboxStore, steps = DEFAULT_JOB_STEPS) {
    this.#store = store;
    this.#steps = Math.max(0, steps);
  }

  /** Runs `perItem` for every item now; a throw becomes a failed result for that item. */
  enqueueJob<T>(kind: string, items: readonly T[], perItem: (item: T, index: number) => JobResultItem): SandboxRecord {
    const results = this.#store.batch(() =>
      items.map((item, index) => {
        try {
          return perItem(item, index);
        } catch (error) {
          return { index, action: kind, success: false as const, error: 'InternalError', details: String(error) };
        }
      }),
    );
    const progress: JobProgress = { polls: 0, results };
    return this.#store.insert('job_statuses', {
      job_type: kind,
      total: items.length,
      progress: null,
      status: 'queued',
      message: null,
      results: null,
      _progress: progress,
    });
  }

  /** One client poll: moves the job a step towards completion and returns it. */
  poll(id: string): SandboxRecord | undefined {
    const job = this.#store.find('job_statuses', id);
    if (!job) return undefined;
    const progress = job._progress as JobProgress | undefined;
    if (!progress || job.status === 'completed') return job;
    const polls = progress.polls + 1;
    const total = Number(job.total ?? 0);
    if (polls > this.#steps) {
      return this.#store.update('job_statuses', id, {
        _progress: { ...progress, polls },
        status: 'completed',
        progress: total,
        message: `Completed at ${new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' +0000')}`,
        results: progress.results,
      });
    }
    const done = Math.floor((total * polls) / (this.#steps + 1));
    return this.#store.update('job_statuses', id, {
      _progress: { ...progress, polls },
      status: polls === 1 && this.#steps > 1 ? 'queued' : 'working',
      progress: polls === 1 && this.#steps > 1 ? null : done,
      message: polls === 1 && this.#steps > 1 ? null : `Processing ${job.job_type as string} #${done}`,
    });
  }
}
