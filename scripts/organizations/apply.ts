/**
 * Applies organization and user-access changes through Zendesk's bulk
 * endpoints (§9.2, §10.2): 100 items per job, a few jobs at a time, each
 * polled until it ends (zendesk/jobs.ts). Every item's result is mapped back
 * to its change, and so to its file: a failed item fails only its own change,
 * and a re-run (which plans afresh) retries only what is still different.
 */
import type { Change, ChangeWith, Lookups, OrganizationState } from '../core/model.ts';
import type { RawObject } from '../kinds/kind.ts';
import type { ZendeskClient } from '../zendesk/client.ts';
import { runJob, type JobResultItem, type JobRun, type JobStatus, type PollPolicy } from '../zendesk/jobs.ts';
import { chunks, mapConcurrent } from '../zendesk/limiter.ts';
import { organizationNames, type OrganizationNames } from './names.ts';
import { sharingFlags } from './state.ts';

type Write = ChangeWith<'create' | 'update', 'organizations' | 'users'>;
export type ItemOutcome = { change: Change; status: 'applied'; via: string } | { change: Change; status: 'failed'; error: string };

export interface BulkApplyOptions {
  client: ZendeskClient;
  changes: readonly Change[];
  lookups: Lookups;
  record: (outcome: ItemOutcome) => void;
  poll?: Partial<PollPolicy>;
  sleep?: (ms: number) => Promise<void>;
}

export interface BulkStats {
  jobs: number;
  polls: number;
}

const PER_JOB = 100;
/**
 * Zendesk queues at most 30 jobs per account (§16). Applies are polling-bound
 * (npm run bench: most of the time no request is in flight, each job mostly waits
 * between polls), so several jobs run side by side, more than the client's request
 * slots: a job waiting to be polled holds none. 15 leaves half the queue to other
 * integrations.
 */
export const JOBS_IN_FLIGHT = 15;

export async function applyOrganizationChanges(options: BulkApplyOptions): Promise<BulkStats> {
  const { client, changes, lookups } = options;
  const writes = changes.filter((c): c is Write => (c.action === 'create' || c.action === 'update') && (c.kind === 'organizations' || c.kind === 'users'));
  const names = organizationNames(lookups);
  const batches: { via: string; changes: Write[]; start: () => Promise<{ body: { job_status?: JobStatus } }> }[] = [];
  const plan = <C extends Write>(via: string, method: 'POST' | 'PUT', path: string, key: string, items: C[], toItem: (c: C) => RawObject) => {
    for (const batch of chunks(items, PER_JOB)) {
      batches.push({ via, changes: batch, start: () => client.request<{ job_status?: JobStatus }>(method, path, { body: { [key]: batch.map(toItem) }, label: jobLabel(key, batch.length) }) });
    }
  };
  const orgs = writes.filter((c) => c.kind === 'organizations');
  plan('create_many', 'POST', 'organizations/create_many', 'organizations', orgs.filter((c) => c.action === 'create'), (c) =>
    organizationPayload(c.after, null, names),
  );
  plan('update_many', 'PUT', 'organizations/update_many', 'organizations', orgs.filter((c) => c.action === 'update'), (c) => ({
    id: c.live.id,
    ...organizationPayload(c.after, changedTopFields(c), names),
  }));
  plan('update_many', 'PUT', 'users/update_many', 'users', writes.filter((c) => c.kind === 'users' && c.action === 'update'), (c) => ({
    id: c.live.id,
    ticket_restriction: c.after.ticket_restriction,
  }));

  const stats: BulkStats = { jobs: 0, polls: 0 };
  await mapConcurrent(batches, JOBS_IN_FLIGHT, async (batch) => {
    let run: JobRun;
    try {
      run = await runJob(client, batch.start, { policy: options.poll, sleep: options.sleep });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      for (const change of batch.changes) options.record({ change, status: 'failed', error: message });
      return;
    }
    stats.jobs++;
    stats.polls += run.polls;
    for (const outcome of itemOutcomes(batch.changes, run, batch.via)) options.record(outcome);
  });
  return stats;
}

/** Pure: a finished job's results → one outcome per change of its batch. */
export function itemOutcomes(changes: readonly Write[], run: JobRun, via: string): ItemOutcome[] {
  const { job } = run;
  if (job.status !== 'completed') {
    return changes.map((change) => ({ change, status: 'failed', error: `job ${job.status}${job.message ? `: ${job.message}` : ''}` }));
  }
  const results = job.results ?? [];
  const byChange = new Map<Write, JobResultItem>();
  results.forEach((item, position) => {
    const change = changeFor(changes, item, position);
    if (change && !byChange.has(change)) byChange.set(change, item);
  });
  return changes.map((change): ItemOutcome => {
    const item = byChange.get(change);
    if (!item) return { change, status: 'failed', error: 'Zendesk reported no result for this item; plan again to see whether it was applied' };
    if (item.success === false || item.error) return { change, status: 'failed', error: `${item.error ?? 'failed'}${item.details ? `: ${item.details}` : ''}` };
    return { change, status: 'applied', via };
  });
}

/**
 * §12: failures carry `index` (the item's place in the request); update
 * results carry the record id; create_many results may carry neither, in
 * which case they come in request order.
 */
function changeFor(changes: readonly Write[], item: JobResultItem, position: number): Write | undefined {
  if (typeof item.index === 'number') return changes[item.index];
  if (item.id !== undefined) {
    const byId = changes.find((c) => c.action === 'update' && String(c.live.id) === String(item.id));
    if (byId) return byId;
  }
  return changes[position];
}

/** The top-level config/ fields an update changes: only those are sent, so nothing else is overwritten. */
function changedTopFields(change: Write): Set<string> | null {
  if (change.action !== 'update') return null;
  return new Set(change.fields.map((f) => f.path.split(/[.[]/)[0]));
}

/** config/ terms → the Zendesk organization body (§9.1). `only`: the fields to send (null: all). */
export function organizationPayload(
  state: OrganizationState,
  only: Set<string> | null,
  names: Pick<OrganizationNames, 'groupId' | 'optionTag'>,
): RawObject {
  const wanted = (field: keyof OrganizationState) => state[field] !== undefined && (only === null || only.has(field));
  const body: RawObject = {};
  if (wanted('name')) body.name = state.name;
  if (wanted('external_id')) body.external_id = state.external_id;
  if (wanted('notes')) body.notes = state.notes ?? '';
  if (wanted('details')) body.details = state.details ?? '';
  if (wanted('sharing')) Object.assign(body, sharingFlags(state.sharing!));
  if (wanted('tags')) body.tags = state.tags;
  if (wanted('domain_names')) body.domain_names = state.domain_names;
  if (wanted('group')) body.group_id = names.groupId(state.group);
  if (wanted('fields')) {
    body.organization_fields = Object.fromEntries(Object.entries(state.fields ?? {}).map(([key, value]) => [key, names.optionTag(key, value)]));
  }
  return body;
}

/** Requests name what they write (retry notices, errors): "100 organizations", "1 user access override". */
function jobLabel(key: string, count: number): string {
  const [one, many] = key === 'users' ? ['user access override', 'user access overrides'] : ['organization', 'organizations'];
  return `${count} ${count === 1 ? one : many}`;
}
