/**
 * The salesforce section of `npm run bench` (issue 12, "Scale"): `sf:sync` over 50,000
 * accounts and 50,000 organizations, through the functions the job runs (sync/sources.ts
 * readSources, salesforce/syncPlan.ts planSync, sync/apply.ts applySyncPlan), jsforce against
 * the Salesforce sandbox and node-zendesk against the Zendesk sandbox, each in its own process
 * with 50 ms of latency per request. Prints:
 *   1. the reads: Salesforce query pages, Zendesk requests for every organization with the
 *      strategy the sync picks, next to the organization list;
 *   2. the writes: every organization has a changed field and every account lacks its Zendesk
 *      id, so 50,000 updates (update_many jobs, polled) and 50,000 write-backs (composite calls);
 *   3. the run right after, which should write nothing on either side;
 *   4. the naive baseline, in the same run: one SOQL query per account, one PUT per organization.
 * Figures, not assertions. Alone: `npm run bench -- salesforce`.
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasErrors, formatDiagnostic } from '../core/diagnostics.ts';
import { JOBS_IN_FLIGHT } from '../organizations/apply.ts';
import { UPDATE_BATCH_SIZE } from '../salesforce/client.ts';
import { accountFields } from '../salesforce/config.ts';
import { planSync } from '../salesforce/syncPlan.ts';
import { DEFAULT_SALESFORCE_CREDENTIALS } from '../sandbox/salesforce/server.ts';
import { DEFAULT_CREDENTIALS } from '../sandbox/zendesk/server.ts';
import { applySyncPlan, ORGANIZATIONS_PER_JOB, WRITE_BACKS_IN_FLIGHT, type SyncResults } from '../sync/apply.ts';
import { planCountsLine } from '../sync/render.ts';
import { planWrites } from '../sync/report.ts';
import { loadSyncConfig, readSources, type Sources, type SyncConfig } from '../sync/sources.ts';
import { chooseReadStrategy, readAllOrganizations } from '../sync/zendeskOrganizations.ts';
import { ZendeskClient } from '../zendesk/client.ts';
import { DEFAULT_POLL_POLICY } from '../zendesk/jobs.ts';
import { mapConcurrent } from '../zendesk/limiter.ts';
import { startRemoteSalesforce, type RemoteSalesforce } from './remoteSalesforce.ts';
import { startRemoteSandbox, type RemoteSandbox } from './remoteSandbox.ts';
import { fmt, table, total } from './report.ts';
import { accountsForSynced, benchSalesforceSeed, benchZendeskSeed } from './salesforceAccount.ts';

export const SALESFORCE_SCALE = { accounts: 50_000, organizations: 50_000 };
const LATENCY_MS = 50;
/** The issue's ceilings (issue 12, "Scale"). */
const LIMITS = { salesforcePages: 25, zendeskReads: 60, updateJobs: 500 };
/** The naive baseline runs in full unless that would take longer than this; then a sample is extrapolated. */
const NAIVE_BUDGET_MS = 60_000;
const NAIVE_SAMPLE = 1_000;
const NAIVE_IN_FLIGHT = 8;
/** Naive queries repeated with no latency, to tell the sandbox's own cost apart. */
const CPU_SAMPLE = 200;
/** The repo's own config/salesforce.yaml: the bench syncs what users sync. */
const CONFIG_FILE = new URL('../../config/salesforce.yaml', import.meta.url).pathname;

interface Hosts {
  zendesk: RemoteSandbox;
  salesforce: RemoteSalesforce;
  /** A fresh node-zendesk client, as each sf:sync run makes one. */
  client(): ZendeskClient;
  salesforceEnv: Record<string, string>;
  sync: SyncConfig & { config: NonNullable<SyncConfig['config']> };
}

export async function benchSalesforce(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'zd-bench-sf-'));
  const accountCount = accountsForSynced(SALESFORCE_SCALE.accounts);
  // Every account lacks its Zendesk id: the first sync after installing writes them all back.
  const salesforceSeed = benchSalesforceSeed(accountCount, { linked: false });
  const [zendesk, salesforce] = await Promise.all([
    startRemoteSandbox(benchZendeskSeed(salesforceSeed), dir),
    startRemoteSalesforce({ accounts: accountCount, linked: false }),
  ]);
  try {
    await mkdir(join(dir, 'config'));
    await copyFile(CONFIG_FILE, join(dir, 'config', 'salesforce.yaml'));
    const sync = await loadSyncConfig('config', { cwd: dir });
    if (!sync.config || hasErrors(sync.diagnostics)) throw new Error(`config/salesforce.yaml: ${sync.diagnostics.map(formatDiagnostic).join('; ')}`);
    const hosts: Hosts = {
      zendesk,
      salesforce,
      client: () => new ZendeskClient({ baseUrl: zendesk.url, auth: { kind: 'api-token', email: DEFAULT_CREDENTIALS.email, apiToken: DEFAULT_CREDENTIALS.apiToken } }),
      salesforceEnv: { SF_LOGIN_URL: salesforce.url, SF_CLIENT_ID: DEFAULT_SALESFORCE_CREDENTIALS.clientId, SF_CLIENT_SECRET: DEFAULT_SALESFORCE_CREDENTIALS.clientSecret },
      sync: { ...sync, config: sync.config },
    };
    await Promise.all([zendesk.setLatency(LATENCY_MS), salesforce.setLatency(LATENCY_MS)]);
    console.log(
      `Salesforce: ${accountCount} accounts, ${SALESFORCE_SCALE.accounts} of them ${sync.config.accountTypes.join(' or ')} (config/salesforce.yaml), none with a Zendesk id; ` +
        `Zendesk: ${SALESFORCE_SCALE.organizations} organizations, one per account, each with one mapped field out of date. ` +
        `Both sandboxes in their own process, ${LATENCY_MS} ms latency per request.\n`,
    );
    const { sources, salesforceMs } = await benchReads(hosts);
    const { updateMs } = await benchWrites(hosts, sources);
    await benchNoChange(hosts);
    await benchNaive(hosts, sources, { salesforceMs, updateMs });
  } finally {
    await Promise.all([zendesk.close(), salesforce.close()]);
    await rm(dir, { recursive: true, force: true });
  }
}

async function resetCounts(hosts: Hosts): Promise<void> {
  await Promise.all([hosts.zendesk.resetRequestCounts(), hosts.salesforce.resetRequestCounts()]);
}

async function counts(hosts: Hosts): Promise<{ zendesk: Record<string, number>; salesforce: Record<string, number> }> {
  const [zendesk, salesforce] = await Promise.all([hosts.zendesk.requestCounts(), hosts.salesforce.requestCounts()]);
  return { zendesk, salesforce };
}

/** 1. What sf:sync reads, as it reads it (readSources), then the organization list for comparison. */
async function benchReads(hosts: Hosts): Promise<{ sources: Sources; salesforceMs: number }> {
  const zendesk = hosts.client();
  await resetCounts(hosts);
  let exportStarted = 0;
  let exportMs = 0;
  const started = performance.now();
  const sources = await readSources({
    config: hosts.sync.config,
    salesforceEnv: hosts.salesforceEnv,
    zendesk,
    // The default read, only timed.
    readOrganizations: async (client, strategy) => {
      exportStarted = performance.now();
      const read = await readAllOrganizations(client, strategy);
      exportMs = performance.now() - exportStarted;
      return read;
    },
  });
  const ms = performance.now() - started;
  const read = await counts(hosts);
  const { reads } = sources;

  await resetCounts(hosts);
  const listStarted = performance.now();
  const list = await readAllOrganizations(hosts.client(), 'list');
  const listMs = performance.now() - listStarted;
  const listCounts = await hosts.zendesk.requestCounts();
  const estimate = chooseReadStrategy(reads.organizations);

  const queryPages = (read.salesforce[`GET /services/data/v${hosts.sync.config.apiVersion}/query`] ?? 0) + (read.salesforce[`GET /services/data/v${hosts.sync.config.apiVersion}/query/:locator`] ?? 0);
  console.log(`reads (readSources, as sf:sync reads; ${fmt(ms)} in all):`);
  table([
    ['', 'requests', 'wall time', `lower bound (one after another × ${LATENCY_MS} ms)`, 'issue 12 allows'],
    [
      `Salesforce: ${reads.accounts} accounts, jsforce query + queryMore`,
      `${reads.salesforcePages} query pages (sandbox saw ${queryPages}; ${byEndpoint(read.salesforce)})`,
      `${fmt(exportStarted - started)} (login, pages, then the Zendesk count)`,
      `${fmt((1 + reads.salesforcePages + 1) * LATENCY_MS)} (${1 + reads.salesforcePages + 1} requests)`,
      `${LIMITS.salesforcePages} pages`,
    ],
    [
      `Zendesk: ${reads.organizations} organizations, ${reads.zendeskRead} (picked)`,
      `${reads.zendeskRequests} (${byEndpoint(read.zendesk)})`,
      `${fmt(exportMs)} (+ the count)`,
      fmt(estimate.exportRequests * LATENCY_MS),
      `${LIMITS.zendeskReads} requests`,
    ],
    [
      `Zendesk: ${list.organizations.length} organizations, list (100 a page)`,
      `${list.requests} (${byEndpoint(listCounts)})`,
      fmt(listMs),
      fmt(estimate.listRequests * LATENCY_MS),
      '',
    ],
  ]);
  console.log(`  chooseReadStrategy(${estimate.total}): ${estimate.strategy}; export ${estimate.exportRequests} pages vs list ${estimate.listRequests}; measured export ${fmt(exportMs)} vs list ${fmt(listMs)} (${(listMs / Math.max(1, exportMs)).toFixed(1)}×)\n`);
  return { sources, salesforceMs: exportStarted - started };
}

/** 2. The plan of the first run and its writes: 50,000 updates, 50,000 write-backs. */
async function benchWrites(hosts: Hosts, sources: Sources): Promise<{ updateMs: number }> {
  const { config, managed } = hosts.sync;
  const planStarted = performance.now();
  const plan = planSync({ accounts: sources.accounts, organizations: sources.organizations, config, managed });
  const planMs = performance.now() - planStarted;
  const changesPer = new Set(plan.updates.map((update) => update.changes.map((change) => change.field).join(',')));

  const zendesk = hosts.client();
  const waits: number[] = [];
  const steps: { at: number; line: string }[] = [];
  await resetCounts(hosts);
  const started = performance.now();
  const results = await applySyncPlan({
    plan,
    accounts: sources.accounts,
    config,
    managed,
    zendesk,
    salesforce: sources.salesforce,
    // The default poll policy, as users get it; the waits are only timed here.
    sleep: (ms) => {
      waits.push(ms);
      return new Promise((resolve) => setTimeout(resolve, ms));
    },
    onProgress: (line) => steps.push({ at: performance.now(), line }),
  });
  const ms = performance.now() - started;
  const after = await counts(hosts);
  const written = await hosts.salesforce.accounts();

  const writeBackStarted = steps.find((step) => step.line.startsWith('Writing'))?.at ?? performance.now();
  const zendeskMs = writeBackStarted - started;
  const writeBackMs = started + ms - writeBackStarted;
  const jobs = after.zendesk['PUT /api/v2/organizations/update_many'] ?? 0;
  const polls = after.zendesk['GET /api/v2/job_statuses/:id'] ?? 0;
  const composite = after.salesforce[`PATCH /services/data/v${config.apiVersion}/composite/sobjects`] ?? 0;
  const waited = waits.reduce((a, b) => a + b, 0);
  const jobRounds = Math.ceil(jobs / JOBS_IN_FLIGHT);
  const requestsPerJob = (jobs + polls) / Math.max(1, jobs);
  const waitsPerJob = waited / Math.max(1, jobs);

  console.log(`writes: the first run's plan (planSync ${fmt(planMs)}): ${planCountsLine(plan)}; fields changed per update: ${[...changesPer].join(' | ') || 'none'}`);
  table([
    ['', 'requests', 'wall time', 'lower bound'],
    [
      `Zendesk: ${plan.updates.length} updates, update_many of ${ORGANIZATIONS_PER_JOB}, ${JOBS_IN_FLIGHT} jobs at a time, polled`,
      `${total(after.zendesk)} (update_many ${jobs}, job polls ${polls})`,
      fmt(zendeskMs),
      `${fmt(jobRounds * (requestsPerJob * LATENCY_MS + waitsPerJob))} (ceil(${jobs} ÷ ${JOBS_IN_FLIGHT}) × (${requestsPerJob.toFixed(0)} requests × ${LATENCY_MS} ms + ${fmt(waitsPerJob)} of poll waits))`,
    ],
    [
      `Salesforce: ${plan.writeBacks.length} write-backs, composite/sobjects of ${UPDATE_BATCH_SIZE}, ${WRITE_BACKS_IN_FLIGHT} calls at a time`,
      `${total(after.salesforce)} (composite/sobjects ${composite}${total(after.salesforce) > composite ? `; ${byEndpoint(after.salesforce)}` : ''})`,
      fmt(writeBackMs),
      `${fmt(Math.ceil(plan.writeBacks.length / UPDATE_BATCH_SIZE / WRITE_BACKS_IN_FLIGHT) * LATENCY_MS)} (${Math.ceil(plan.writeBacks.length / UPDATE_BATCH_SIZE)} calls ÷ ${WRITE_BACKS_IN_FLIGHT} × ${LATENCY_MS} ms)`,
    ],
  ]);
  console.log(`  update jobs: ${jobs} (issue 12 allows ${LIMITS.updateJobs} for ${SALESFORCE_SCALE.organizations} changes); polls ${(polls / Math.max(1, jobs)).toFixed(1)} per job; poll waits (${DEFAULT_POLL_POLICY.firstDelayMs} ms, then ×${DEFAULT_POLL_POLICY.factor}) ${fmt(waited)} summed over jobs`);
  console.log(`  result: ${resultLine(results)}; Salesforce now holds a Zendesk id on ${written.withZendeskId} of ${written.accounts} accounts; ${fmt(ms)} in all\n`);
  return { updateMs: zendeskMs };
}

/** 3. The next run: everything agrees, so nothing is written on either side. */
async function benchNoChange(hosts: Hosts): Promise<void> {
  const { config, managed } = hosts.sync;
  const zendesk = hosts.client();
  await resetCounts(hosts);
  const started = performance.now();
  // As sfSyncJob: read, plan, and write only when the plan asks for it.
  const sources = await readSources({ config, salesforceEnv: hosts.salesforceEnv, zendesk });
  const plan = planSync({ accounts: sources.accounts, organizations: sources.organizations, config, managed });
  const results = planWrites(plan) ? await applySyncPlan({ plan, accounts: sources.accounts, config, managed, zendesk, salesforce: sources.salesforce }) : null;
  const ms = performance.now() - started;
  const seen = await counts(hosts);
  const zendeskWrites = writes(seen.zendesk);
  const salesforceWrites = writes(seen.salesforce);
  console.log(`no-change run right after (read, plan${results ? ', apply' : ''}):`);
  table([
    ['', 'writes', 'reads', 'wall time (the whole run)'],
    ['Zendesk', String(zendeskWrites), `${total(seen.zendesk) - zendeskWrites} (${byEndpoint(seen.zendesk)})`, fmt(ms)],
    ['Salesforce', String(salesforceWrites), `${total(seen.salesforce) - salesforceWrites} (${byEndpoint(seen.salesforce)})`, ''],
  ]);
  console.log(`  plan: ${planCountsLine(plan)}${results ? `; APPLIED: ${resultLine(results)}` : '; nothing applied'}\n`);
}

/** 4. One SOQL query per account (by Id) and one PUT per organization, 8 in flight each. */
async function benchNaive(hosts: Hosts, sources: Sources, tool: { salesforceMs: number; updateMs: number }): Promise<void> {
  const { config } = hosts.sync;
  const soqlFields = accountFields(config).join(', ');
  const connection = sources.salesforce.connection;
  // Ids and values from the tool's read; a naive sync would have its list of accounts from somewhere too.
  const accounts = [...sources.accounts].sort((a, b) => (a.Id < b.Id ? -1 : 1));
  const query = async (account: (typeof accounts)[number]) => await connection.query(`SELECT ${soqlFields} FROM Account WHERE Id = '${account.Id}'`);
  const naiveQueries = await naiveRun(hosts, accounts, query);
  // The same queries without latency: what the sandbox (which scans every account for each,
  // where Salesforce uses the Id index) and jsforce cost on this machine.
  await hosts.salesforce.setLatency(0);
  const cpuSample = accounts.slice(0, CPU_SAMPLE);
  const cpuStarted = performance.now();
  await mapConcurrent(cpuSample, NAIVE_IN_FLIGHT, query);
  const cpuPerQuery = (performance.now() - cpuStarted) / cpuSample.length;
  await hosts.salesforce.setLatency(LATENCY_MS);

  const client = hosts.client();
  const byAccount = new Map(accounts.map((account) => [account.Id, account]));
  const organizations = [...sources.organizations].sort((a, b) => a.id - b.id);
  const put = (organization: (typeof organizations)[number]) => {
    const account = byAccount.get(String(organization.organization_fields[config.matchField]));
    return client.request('PUT', `organizations/${organization.id}`, { body: { organization: { organization_fields: { region: account?.fields['Region__c'] ?? null } } } });
  };
  const naivePuts = await naiveRun(hosts, organizations, put);

  console.log(`naive baseline, same run (${NAIVE_IN_FLIGHT} in flight):`);
  table([
    ['', 'requests', 'wall time', 'lower bound', 'tool'],
    [
      `Salesforce: one SOQL query per account (by Id)${naiveQueries.inFull ? '' : ` (EXTRAPOLATED from the first ${NAIVE_SAMPLE})`}`,
      naiveQueries.inFull ? String(naiveQueries.sent) : `${accounts.length} (${naiveQueries.sent} sent)`,
      naiveQueries.inFull ? fmt(naiveQueries.ms) : `~${fmt(naiveQueries.ms)} (${fmt(naiveQueries.sampleMs)} for ${NAIVE_SAMPLE})`,
      `${fmt((accounts.length / NAIVE_IN_FLIGHT) * LATENCY_MS)} (requests ÷ ${NAIVE_IN_FLIGHT} × ${LATENCY_MS} ms)`,
      `${sources.reads.salesforcePages} query pages`,
    ],
    [
      `Zendesk: one PUT /organizations/{id} per organization${naivePuts.inFull ? '' : ` (EXTRAPOLATED from the first ${NAIVE_SAMPLE})`}`,
      naivePuts.inFull ? String(naivePuts.sent) : `${organizations.length} (${naivePuts.sent} sent)`,
      naivePuts.inFull ? fmt(naivePuts.ms) : `~${fmt(naivePuts.ms)} (${fmt(naivePuts.sampleMs)} for ${NAIVE_SAMPLE})`,
      `${fmt((organizations.length / NAIVE_IN_FLIGHT) * LATENCY_MS)} (requests ÷ ${NAIVE_IN_FLIGHT} × ${LATENCY_MS} ms)`,
      `${Math.ceil(organizations.length / ORGANIZATIONS_PER_JOB)} update_many jobs + polls`,
    ],
  ]);
  console.log(
    `  the naive queries with 0 ms latency: ${fmt(cpuPerQuery * NAIVE_SAMPLE)} per ${NAIVE_SAMPLE} (${NAIVE_IN_FLIGHT} in flight), the sandbox scanning all ${accountsForSynced(SALESFORCE_SCALE.accounts)} accounts for each; ` +
      `a real Salesforce finds an account by its Id index, so there the row would come near its lower bound`,
  );
  console.log(
    `  naive ÷ tool: Salesforce ${accounts.length} queries vs ${sources.reads.salesforcePages} pages, ${(naiveQueries.ms / Math.max(1, tool.salesforceMs)).toFixed(0)}× the wall time of the read; ` +
      `Zendesk ${organizations.length} PUTs vs ${Math.ceil(organizations.length / ORGANIZATIONS_PER_JOB)} jobs, ${(naivePuts.ms / Math.max(1, tool.updateMs)).toFixed(1)}× the wall time of the updates`,
  );
}

interface NaiveFigures {
  /** Measured in full, or projected from the sample. */
  ms: number;
  sampleMs: number;
  inFull: boolean;
  sent: number;
}

async function naiveRun<T>(hosts: Hosts, items: readonly T[], send: (item: T) => Promise<unknown>): Promise<NaiveFigures> {
  await resetCounts(hosts);
  const started = performance.now();
  await mapConcurrent(items.slice(0, NAIVE_SAMPLE), NAIVE_IN_FLIGHT, send);
  const sampleMs = performance.now() - started;
  const projectedMs = (sampleMs * items.length) / Math.min(NAIVE_SAMPLE, items.length);
  const inFull = projectedMs <= NAIVE_BUDGET_MS;
  if (inFull) await mapConcurrent(items.slice(NAIVE_SAMPLE), NAIVE_IN_FLIGHT, send);
  const ms = inFull ? performance.now() - started : projectedMs;
  const seen = await counts(hosts);
  return { ms, sampleMs, inFull, sent: total(seen.zendesk) + total(seen.salesforce) };
}

/** Requests that change something: anything but GET (and, on Salesforce, the login). */
function writes(counts: Record<string, number>): number {
  return Object.entries(counts)
    .filter(([key]) => !key.startsWith('GET ') && !key.startsWith('POST /services/oauth2/'))
    .reduce((sum, [, n]) => sum + n, 0);
}

function resultLine(results: SyncResults): string {
  return `${results.updated.length} updated, ${results.flagged.length} flagged, ${results.created.length} created, ${results.writtenBack.length} ids written back, ${results.failed.length} failed`;
}

/** `query/:locator 24, query 1`: requests by endpoint, largest first, without the API prefixes. */
function byEndpoint(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([key, n]) => `${key.replace(/^(\w+) \/(api\/v2|services\/data\/v[\d.]+|services)\//, '$1 ')} ${n}`)
    .join(', ');
}

