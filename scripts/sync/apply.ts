/**
 * Carries out a SyncPlan (issue 12): Zendesk first, then Salesforce, so every id written back
 * names an organization that exists.
 *
 * 1. creates: organizations/create_many, 100 a job (§9.2, §12), the ids from the jobs' results;
 * 2. updates and flags: organizations/update_many, 100 a job, only the fields that differ;
 *    never a delete, never a protected organization;
 * 3. write-backs: the account's Zendesk id field, 200 accounts a composite call (in order, so
 *    a refused call names exactly the accounts not written), for every
 *    account whose field is missing or wrong, those just created included.
 *
 * A create Zendesk refuses because the name is taken (names are unique, §9.1) is an
 * organization this sync created on an earlier run that search/export has not indexed yet (a
 * run after a crash), or one made by hand: it is looked up by exact name and adopted under
 * planSync's own rules (its match field empty or this account's), so a re-run completes the
 * write-back and never duplicates an organization. Each item fails on its own; every failure
 * is listed, and the next run plans afresh and retries only what is still different.
 */
import type { SalesforceConnection } from '../salesforce/client.ts';
import { SalesforceError, UPDATE_BATCH_SIZE, updateZendeskIds, type ZendeskIdUpdate } from '../salesforce/client.ts';
import type { SalesforceSyncConfig } from '../salesforce/config.ts';
import type { ManagedOrganization, SalesforceAccount } from '../salesforce/match.ts';
import { planSync, type OrganizationCreate, type SyncConflict, type SyncPlan, type WriteBack } from '../salesforce/syncPlan.ts';
import { JOBS_IN_FLIGHT } from '../organizations/apply.ts';
import type { ZendeskClient } from '../zendesk/client.ts';
import { runJob, type JobResultItem, type JobRun, type PollPolicy } from '../zendesk/jobs.ts';
import { chunks, mapConcurrent } from '../zendesk/limiter.ts';
import { findOrganizationsByName } from './zendeskOrganizations.ts';

/** Zendesk's bulk endpoints take 100 items a call (§0, §12). */
export const ORGANIZATIONS_PER_JOB = 100;

export type SyncStep = 'create' | 'update' | 'flag' | 'write-back';

export interface SyncFailure {
  step: SyncStep;
  /** The organization's or the account's name. */
  name: string;
  accountId?: string;
  organizationId?: number;
  error: string;
}

export interface SyncResults {
  created: { accountId: string; name: string; organizationId: number }[];
  /** Creates Zendesk refused as taken names, found by name and adopted instead. */
  adopted: { accountId: string; name: string; organizationId: number }[];
  updated: { id: number; name: string }[];
  flagged: { id: number; name: string }[];
  writtenBack: { accountId: string; accountName: string; organizationId: number }[];
  failed: SyncFailure[];
  /** Found while adopting: an organization of that name that belongs to another account, say. */
  conflicts: SyncConflict[];
  requests: { zendeskJobs: number; salesforceCalls: number };
}

export interface ApplySyncOptions {
  plan: SyncPlan;
  accounts: readonly SalesforceAccount[];
  config: SalesforceSyncConfig;
  managed: readonly ManagedOrganization[];
  zendesk: ZendeskClient;
  salesforce: SalesforceConnection;
  sleep?: (ms: number) => Promise<void>;
  poll?: Partial<PollPolicy>;
  /** One line per step, for the job log. */
  onProgress?: (line: string) => void;
}

interface UpdateItem {
  step: 'update' | 'flag';
  id: number;
  name: string;
  body: { id: number; name?: string; organization_fields?: Record<string, unknown> };
}

export async function applySyncPlan(options: ApplySyncOptions): Promise<SyncResults> {
  const { plan, config, zendesk } = options;
  const results: SyncResults = { created: [], adopted: [], updated: [], flagged: [], writtenBack: [], failed: [], conflicts: [], requests: { zendeskJobs: 0, salesforceCalls: 0 } };
  const protectedIds = new Set(config.protectedOrganizations);
  const progress = options.onProgress ?? (() => undefined);
  const jobOptions = { sleep: options.sleep, policy: options.poll };

  // 1. Creates.
  const refused: OrganizationCreate[] = [];
  if (plan.creates.length > 0) progress(`Creating ${plan.creates.length} organization${plan.creates.length === 1 ? '' : 's'} (create_many, ${ORGANIZATIONS_PER_JOB} a job)…`);
  await mapConcurrent(chunks(plan.creates, ORGANIZATIONS_PER_JOB), JOBS_IN_FLIGHT, async (batch) => {
    const run = await bulkJob(zendesk, 'POST', 'organizations/create_many', batch.map((create) => create.organization), jobOptions);
    if (run.type === 'failed') {
      for (const create of batch) results.failed.push({ step: 'create', name: create.account.name, accountId: create.account.id, error: `${run.error}; Zendesk may have created it: the next run finds it and writes its id back` });
      return;
    }
    results.requests.zendeskJobs++;
    batch.forEach((create, index) => {
      const item = itemResult(run.run, index, undefined);
      if (item.ok && typeof item.id === 'number') results.created.push({ accountId: create.account.id, name: create.account.name, organizationId: item.id });
      else if (!item.ok && /DuplicateValue|already been taken/i.test(item.error)) refused.push(create);
      else results.failed.push({ step: 'create', name: create.account.name, accountId: create.account.id, error: item.ok ? 'Zendesk reported no id for the new organization' : item.error });
    });
  });

  // Taken names: the organization is looked up and adopted the way planSync adopts.
  const adoption = refused.length > 0 ? await adoptTakenNames(refused, options, results) : { updates: [], writeBacks: [] };

  // 2. Updates and flags, in the same jobs.
  const items: UpdateItem[] = [
    ...[...plan.updates, ...adoption.updates].map((update): UpdateItem => ({ step: 'update', id: update.id, name: update.name, body: updateBody(update.id, update.changes) })),
    ...plan.flags.map((flag): UpdateItem => ({ step: 'flag', id: flag.id, name: flag.name, body: { id: flag.id, organization_fields: { [config.flagField]: true } } })),
  ].filter((item) => !protectedIds.has(item.id)); // planSync never proposes one; this keeps it so.
  if (items.length > 0) progress(`Updating ${items.length} organization${items.length === 1 ? '' : 's'} (update_many, ${ORGANIZATIONS_PER_JOB} a job)…`);
  await mapConcurrent(chunks(items, ORGANIZATIONS_PER_JOB), JOBS_IN_FLIGHT, async (batch) => {
    const run = await bulkJob(zendesk, 'PUT', 'organizations/update_many', batch.map((item) => item.body), jobOptions);
    if (run.type === 'failed') {
      for (const item of batch) results.failed.push({ step: item.step, name: item.name, organizationId: item.id, error: run.error });
      return;
    }
    results.requests.zendeskJobs++;
    batch.forEach((item, index) => {
      const result = itemResult(run.run, index, item.id);
      if (!result.ok) results.failed.push({ step: item.step, name: item.name, organizationId: item.id, error: result.error });
      else (item.step === 'update' ? results.updated : results.flagged).push({ id: item.id, name: item.name });
    });
  });

  // 3. Write-backs: the plan's, the new organizations', the adopted ones'.
  const writeBacks = [
    ...plan.writeBacks,
    ...adoption.writeBacks,
    ...results.created.map((created): WriteBack => ({ accountId: created.accountId, accountName: created.name, organizationId: created.organizationId, before: null })),
  ];
  if (writeBacks.length > 0) {
    progress(`Writing ${writeBacks.length} Zendesk organization id${writeBacks.length === 1 ? '' : 's'} back to Salesforce (${config.zendeskIdField})…`);
    await writeBack(writeBacks, options, results);
  }
  return results;
}

/** The Zendesk body of an update: `name` at the top, every other field under organization_fields. */
function updateBody(id: number, changes: SyncPlan['updates'][number]['changes']): UpdateItem['body'] {
  const body: UpdateItem['body'] = { id };
  for (const change of changes) {
    if (change.field === 'name') body.name = String(change.after);
    else body.organization_fields = { ...body.organization_fields, [change.field]: change.after };
  }
  return body;
}

async function adoptTakenNames(refused: OrganizationCreate[], options: ApplySyncOptions, results: SyncResults): Promise<{ updates: SyncPlan['updates']; writeBacks: WriteBack[] }> {
  const { zendesk, config, managed } = options;
  const found = new Map<number, Awaited<ReturnType<typeof findOrganizationsByName>>[number]>();
  await mapConcurrent(refused, JOBS_IN_FLIGHT, async (create) => {
    try {
      for (const organization of await findOrganizationsByName(zendesk, create.organization.name)) found.set(organization.id, organization);
    } catch (error) {
      results.failed.push({ step: 'create', name: create.account.name, accountId: create.account.id, error: `the name is taken in Zendesk, and looking it up failed: ${messageOf(error)}` });
    }
  });
  const refusedIds = new Set(refused.map((create) => create.account.id));
  const accounts = options.accounts.filter((account) => refusedIds.has(account.Id));
  // The same rules as the plan, over the organizations just found: own, or free to adopt, or another account's.
  const again = planSync({ accounts, organizations: [...found.values()], config, managed });
  for (const create of again.creates) {
    results.failed.push({ step: 'create', name: create.account.name, accountId: create.account.id, error: 'Zendesk refused the name as taken, but no organization of that name was found' });
  }
  for (const conflict of again.conflicts) results.conflicts.push(conflict);
  const byAccount = new Map(accounts.map((account) => [account.Id, account]));
  for (const update of again.updates) results.adopted.push({ accountId: update.accountId, name: update.name, organizationId: update.id });
  for (const writeBack of again.writeBacks) {
    if (!results.adopted.some((adopted) => adopted.accountId === writeBack.accountId)) {
      results.adopted.push({ accountId: writeBack.accountId, name: byAccount.get(writeBack.accountId)?.Name ?? writeBack.accountName, organizationId: writeBack.organizationId });
    }
  }
  return { updates: again.updates, writeBacks: again.writeBacks };
}

/**
 * A few composite calls at once (Salesforce allows 25 long-running requests per org,
 * reference §4.9): 250 calls one after another took 13.8 s at 50 ms (npm run bench).
 */
export const WRITE_BACKS_IN_FLIGHT = 4;

async function writeBack(writeBacks: WriteBack[], options: ApplySyncOptions, results: SyncResults): Promise<void> {
  const batches = chunks(writeBacks, UPDATE_BATCH_SIZE);
  // Per batch, then in batch order, so sf-sync.json lists them as the plan does whatever finished first.
  const written: SyncResults['writtenBack'][] = batches.map(() => []);
  const failed: SyncResults['failed'][] = batches.map(() => []);
  const fail = (position: number, entry: WriteBack, error: string) =>
    failed[position].push({ step: 'write-back', name: entry.accountName, accountId: entry.accountId, organizationId: entry.organizationId, error });
  let refused: SalesforceError | null = null;
  await mapConcurrent([...batches.keys()], WRITE_BACKS_IN_FLIGHT, async (position) => {
    const batch = batches[position];
    // A refused call (the daily limit, a session that cannot be renewed, Salesforce down) would be
    // refused again: the batches not yet sent are listed too, and the next run writes what is still missing.
    if (refused) {
      for (const entry of batch) fail(position, entry, refused.message);
      return;
    }
    const byAccount = new Map(batch.map((entry) => [entry.accountId, entry]));
    try {
      const { results: saved, calls } = await updateZendeskIds(options.salesforce, options.config.zendeskIdField, batch.map((entry): ZendeskIdUpdate => ({ Id: entry.accountId, value: entry.organizationId })));
      results.requests.salesforceCalls += calls;
      for (const result of saved) {
        const entry = byAccount.get(result.Id)!;
        if (result.ok) written[position].push({ accountId: entry.accountId, accountName: entry.accountName, organizationId: entry.organizationId });
        else fail(position, entry, result.error);
      }
    } catch (error) {
      if (!(error instanceof SalesforceError)) throw error;
      refused ??= error;
      for (const entry of batch) fail(position, entry, error.message);
    }
  });
  results.writtenBack.push(...written.flat());
  results.failed.push(...failed.flat());
}

type BulkRun = { type: 'done'; run: JobRun } | { type: 'failed'; error: string };

async function bulkJob(
  client: ZendeskClient,
  method: 'POST' | 'PUT',
  path: string,
  organizations: object[],
  options: { sleep?: (ms: number) => Promise<void>; policy?: Partial<PollPolicy> },
): Promise<BulkRun> {
  const label = `${organizations.length} organization${organizations.length === 1 ? '' : 's'}`;
  try {
    const run = await runJob(client, () => client.request(method, path, { body: { organizations }, label }), { ...options, request: { method, path } });
    if (run.job.status !== 'completed') return { type: 'failed', error: `Zendesk's job ${run.job.status}${run.job.message ? `: ${run.job.message}` : ''}` };
    return { type: 'done', run };
  } catch (error) {
    return { type: 'failed', error: messageOf(error) };
  }
}

type ItemResult = { ok: true; id?: number } | { ok: false; error: string };

/**
 * One item of a finished job (§12): failures carry `index`; update results carry the id;
 * create_many results carry `index`, or come in request order.
 */
function itemResult(run: JobRun, index: number, id: number | undefined): ItemResult {
  const items = run.job.results ?? [];
  const item: JobResultItem | undefined =
    items.find((candidate) => candidate.index === index) ??
    (id !== undefined ? items.find((candidate) => candidate.index === undefined && String(candidate.id) === String(id)) : undefined) ??
    (items[index]?.index === undefined ? items[index] : undefined);
  if (!item) return { ok: false, error: 'Zendesk reported no result for it; the next run sees whether it was written' };
  if (item.success === false || item.error) return { ok: false, error: `${item.error ?? 'failed'}${item.details ? `: ${item.details}` : ''}` };
  const resultId = typeof item.id === 'number' ? item.id : typeof item.id === 'string' && /^\d+$/.test(item.id) ? Number(item.id) : undefined;
  return { ok: true, ...(resultId !== undefined ? { id: resultId } : {}) };
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ');
}
