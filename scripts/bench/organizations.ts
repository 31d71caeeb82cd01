/**
 * The organizations section of `npm run bench` (issue 3): an account with
 * 50,000 organizations, 5,000 of them managed by config/. The plan's read is
 * measured both ways (look-ups and one full cursor pass) for both kinds of key,
 * next to the estimate chooseStrategy decides by; then 5,000 updates through
 * bulk jobs, next to one PUT per organization. Figures, not assertions.
 * Alone: `npm run bench -- organizations`.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadChecked, planAgainst } from '../workflow/steps.ts';
import type { Change, DesiredOrganization } from '../core/model.ts';
import { fetchLookups } from '../kinds/fetch.ts';
import { applyOrganizationChanges, JOBS_IN_FLIGHT, type ItemOutcome } from '../organizations/apply.ts';
import { diffOrganizations } from '../organizations/diff.ts';
import { chooseStrategy, fetchOrganizations, type FetchStrategy, type LiveOrganizations } from '../organizations/fetch.ts';
import { largeOrganizationSeed } from '../sandbox/zendesk/large-seed.ts';
import { DEFAULT_CREDENTIALS } from '../sandbox/zendesk/server.ts';
import { ZendeskClient, type HttpMethod, type RequestOptions, type ZendeskResponse } from '../zendesk/client.ts';
import { DEFAULT_POLL_POLICY } from '../zendesk/jobs.ts';
import { mapConcurrent } from '../zendesk/limiter.ts';
import { startRemoteSandbox, type RemoteSandbox } from './remoteSandbox.ts';
import { fmt, mib, table, total } from './report.ts';

export const ORGANIZATION_SCALE = { total: 50_000, managed: 5_000 };
const LATENCY_MS = 50;
/** Every tenth organization is managed, so the managed ones are spread over the whole account. */
const STRIDE = ORGANIZATION_SCALE.total / ORGANIZATION_SCALE.managed;
/** The naive baseline runs in full unless that would take longer than this; then a sample is extrapolated. */
const NAIVE_BUDGET_MS = 60_000;
const NAIVE_SAMPLE = 1_000;

type KeyKind = 'external_id' | 'salesforce_id';

export async function benchOrganizations(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'zd-bench-orgs-'));
  const sandbox = await startRemoteSandbox(largeOrganizationSeed(ORGANIZATION_SCALE.total), dir);
  try {
    const client = () =>
      new TrackedClient({ baseUrl: sandbox.url, auth: { kind: 'api-token', email: DEFAULT_CREDENTIALS.email, apiToken: DEFAULT_CREDENTIALS.apiToken } });
    const [byExternalId, bySalesforceId] = await Promise.all([
      writeManagedFiles(join(dir, 'by-external-id'), 'external_id'),
      writeManagedFiles(join(dir, 'by-salesforce-id'), 'salesforce_id'),
    ]);
    const desired = {
      external_id: (await loadChecked(byExternalId.root)).config.organizations ?? [],
      salesforce_id: (await loadChecked(bySalesforceId.root)).config.organizations ?? [],
    };
    console.log(
      `Organizations: ${ORGANIZATION_SCALE.total} generated (+3 from the default seed), every ${STRIDE}th managed (${desired.external_id.length} files); ${LATENCY_MS} ms latency per request.\n`,
    );
    await benchPlanRead(sandbox, client(), desired);
    await benchApply(sandbox, client, byExternalId);
  } finally {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  }
}

interface ManagedFiles {
  /** The config root (it holds only organizations/). */
  root: string;
  paths: string[];
}

/** config/organizations/*.yaml for the managed organizations, keyed one way. */
async function writeManagedFiles(root: string, key: KeyKind): Promise<ManagedFiles> {
  await mkdir(join(root, 'organizations'), { recursive: true });
  const numbers = Array.from({ length: ORGANIZATION_SCALE.managed }, (_, i) => String((i + 1) * STRIDE).padStart(6, '0'));
  const paths = numbers.map((n) => join(root, 'organizations', `bench-org-${n}.yaml`));
  await mapConcurrent(numbers, 16, (n, i) => {
    const keyLine = key === 'external_id' ? `external_id: ext-${n}` : `salesforce_id: "001BENCH${n}"`;
    return writeFile(paths[i], `name: Bench Org ${n}\n${keyLine}\ntags: [bench]\n`);
  });
  return { root, paths };
}

interface ReadFigures {
  live: LiveOrganizations;
  counts: Record<string, number>;
  ms: number;
  /** CPU this process spent meanwhile (the tool's share; the sandbox runs elsewhere). */
  cpuMs: number;
}

async function measureRead(sandbox: RemoteSandbox, client: ZendeskClient, desired: readonly DesiredOrganization[], strategy: FetchStrategy): Promise<ReadFigures> {
  await sandbox.resetRequestCounts();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const live = await fetchOrganizations(client, desired, strategy);
  const ms = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  return { live, counts: await sandbox.requestCounts(), ms, cpuMs: (user + system) / 1000 };
}

async function benchPlanRead(sandbox: RemoteSandbox, client: ZendeskClient, desired: Record<KeyKind, readonly DesiredOrganization[]>): Promise<void> {
  const lookups = await fetchLookups(client);
  const rssBefore = process.memoryUsage().rss;
  await sandbox.setLatency(LATENCY_MS);
  const externalLookups = await measureRead(sandbox, client, desired.external_id, 'lookups');
  const salesforceLookups = await measureRead(sandbox, client, desired.salesforce_id, 'lookups');
  // The full pass is measured with the key it is picked for: salesforce_id.
  const fullPass = await measureRead(sandbox, client, desired.salesforce_id, 'full-pass');
  // The plan as it stands after a full pass: every organization read, the managed ones diffed.
  const diffStarted = performance.now();
  const { changes } = diffOrganizations({ desired: desired.salesforce_id, live: fullPass.live, lookups, now: new Date() });
  const diffMs = performance.now() - diffStarted;
  const memory = process.memoryUsage();
  const peakRss = process.resourceUsage().maxRSS * 1024;

  const concurrency = client.concurrency;
  const organizationCount = fullPass.live.estimate.total;
  const estimates = {
    external_id: chooseStrategy(desired.external_id.map((d) => d.key), organizationCount, concurrency),
    salesforce_id: chooseStrategy(desired.salesforce_id.map((d) => d.key), organizationCount, concurrency),
  };
  const row = (label: string, key: KeyKind, strategy: FetchStrategy, read: ReadFigures | null): string[] => {
    const estimate = estimates[key];
    const rounds = strategy === 'lookups' ? estimate.lookupRounds : estimate.fullPassRounds;
    const requests = strategy === 'lookups' ? `${estimate.lookupRequests} requests in ${rounds} rounds` : `${rounds} pages one after another`;
    const measured = read
      ? [`${total(read.counts)} (${breakdown(read.counts)})`, fmt(read.ms), fmt(read.cpuMs), `${read.live.matches.filter((m) => m.length === 1).length}/${desired[key].length}`]
      : ['not measured: the same 502 requests as the salesforce_id full pass', '', '', ''];
    return [label, ...measured, `${requests} → ${fmt(rounds * LATENCY_MS)}`, estimate.strategy === strategy ? 'picked' : ''];
  };
  console.log(`organizations plan read: ${organizationCount} organizations, ${desired.external_id.length} managed, ${concurrency} requests in flight:`);
  table([
    ['', 'requests', 'wall time', 'tool CPU', 'found', `estimate (rounds × ${LATENCY_MS} ms)`, 'chooseStrategy'],
    row('external_id: look-ups (show_many, 100 per request)', 'external_id', 'lookups', externalLookups),
    row('external_id: full cursor pass', 'external_id', 'full-pass', null),
    row('salesforce_id: look-ups (one search each)', 'salesforce_id', 'lookups', salesforceLookups),
    row('salesforce_id: full cursor pass', 'salesforce_id', 'full-pass', fullPass),
  ]);
  for (const key of ['external_id', 'salesforce_id'] as const) {
    const { strategy, fullPassRounds, lookupRequests, lookupRounds } = estimates[key];
    console.log(`  chooseStrategy(${key} keys): ${strategy}; fullPassRounds ${fullPassRounds}, lookupRequests ${lookupRequests}, lookupRounds ${lookupRounds}`);
  }
  const faster = salesforceLookups.ms < fullPass.ms ? 'look-ups' : 'full pass';
  console.log(`  salesforce_id keys, measured: look-ups ${fmt(salesforceLookups.ms)} vs full pass ${fmt(fullPass.ms)}: the ${faster} ${faster === 'full pass' ? 'is' : 'are'} faster, ${estimates.salesforce_id.strategy} was picked`);
  console.log(`  external_id keys, measured: look-ups ${fmt(externalLookups.ms)} vs ${fmt(estimates.external_id.fullPassRounds * LATENCY_MS)} at least for a full pass`);
  console.log(`  diff after the full pass: ${fmt(diffMs)}, ${changes.length} changes`);
  console.log(`  memory after the full-pass plan (50,000 organizations held): RSS ${mib(memory.rss)} (${mib(rssBefore)} when the read began), heap used ${mib(memory.heapUsed)}; peak RSS of the bench process so far ${mib(peakRss)}\n`);
}

async function benchApply(sandbox: RemoteSandbox, client: () => TrackedClient, managed: ManagedFiles): Promise<void> {
  await mapConcurrent(managed.paths, 16, async (path) => {
    const content = await readFile(path, 'utf8');
    await writeFile(path, `${content}notes:\n  - "Renewal review in April"\n`);
  });
  const { config } = await loadChecked(managed.root);
  const tool = client();
  const planStarted = performance.now();
  const { plan, live } = await planAgainst(tool, config, new Date());
  const planMs = performance.now() - planStarted;
  const updates = plan.changes.filter((c): c is Extract<Change, { action: 'update' }> => c.kind === 'organizations' && c.action === 'update');

  const waits: number[] = [];
  const outcomes: ItemOutcome[] = [];
  await sandbox.resetRequestCounts();
  tool.traffic.reset();
  const started = performance.now();
  const stats = await applyOrganizationChanges({
    client: tool,
    changes: plan.changes,
    lookups: live.lookups,
    record: (outcome) => outcomes.push(outcome),
    // The default poll policy, as users get it; the wait is only timed here.
    sleep: (ms) => {
      waits.push(ms);
      return new Promise((resolve) => setTimeout(resolve, ms));
    },
  });
  const ms = performance.now() - started;
  const idleMs = tool.traffic.idleMs();
  const counts = await sandbox.requestCounts();
  const failed = outcomes.filter((o) => o.status === 'failed').length;

  const naive = client();
  const ids = updates.map((c) => c.live.id);
  const put = (id: unknown) => naive.request('PUT', `organizations/${String(id)}`, { body: { organization: { notes: 'Renewal review in May' } } });
  await sandbox.resetRequestCounts();
  const naiveStarted = performance.now();
  await mapConcurrent(ids.slice(0, NAIVE_SAMPLE), naive.concurrency, put);
  const sampleMs = performance.now() - naiveStarted;
  const projectedMs = (sampleMs * ids.length) / Math.min(NAIVE_SAMPLE, ids.length);
  const inFull = projectedMs <= NAIVE_BUDGET_MS;
  if (inFull) await mapConcurrent(ids.slice(NAIVE_SAMPLE), naive.concurrency, put);
  const naiveMs = inFull ? performance.now() - naiveStarted : projectedMs;
  const naiveRequests = total(await sandbox.requestCounts());

  const bulkCalls = counts['PUT /api/v2/organizations/update_many'] ?? 0;
  const polls = counts['GET /api/v2/job_statuses/:id'] ?? 0;
  const waited = waits.reduce((a, b) => a + b, 0);
  // Each job is a chain: the update_many, then wait and poll until done; JOBS_IN_FLIGHT chains side by side.
  const jobRounds = Math.ceil(stats.jobs / JOBS_IN_FLIGHT);
  const requestsPerJob = 1 + stats.polls / Math.max(1, stats.jobs);
  const waitsPerJob = waited / Math.max(1, stats.jobs);
  const perJobMs = requestsPerJob * LATENCY_MS + waitsPerJob;
  console.log(`organizations apply: ${updates.length} updates (notes in every managed file), ${failed} failed; the plan before it (${live.organizations?.estimate.strategy}) took ${fmt(planMs)}:`);
  table([
    ['', 'requests', 'wall time', 'lower bound'],
    [
      `tool: update_many jobs of 100, ${JOBS_IN_FLIGHT} at a time, polled`,
      `${total(counts)} (update_many ${bulkCalls}, job polls ${polls})`,
      fmt(ms),
      `${fmt(jobRounds * perJobMs)} (ceil(${stats.jobs} jobs ÷ ${JOBS_IN_FLIGHT}) × (${(requestsPerJob).toFixed(0)} requests × ${LATENCY_MS} ms + ${fmt(waitsPerJob)} of poll waits))`,
    ],
    [
      `naive: one PUT per organization, ${naive.concurrency} in flight${inFull ? '' : ` (EXTRAPOLATED from the first ${NAIVE_SAMPLE})`}`,
      inFull ? String(naiveRequests) : `${ids.length} (${naiveRequests} sent)`,
      inFull ? fmt(naiveMs) : `~${fmt(naiveMs)} (${fmt(sampleMs)} for ${NAIVE_SAMPLE})`,
      `${fmt((ids.length / naive.concurrency) * LATENCY_MS)} (requests ÷ ${naive.concurrency} × ${LATENCY_MS} ms)`,
    ],
  ]);
  console.log(`  jobs: ${stats.jobs} (at most ${Math.ceil(ORGANIZATION_SCALE.managed / 100)}), polls: ${stats.polls} (${(stats.polls / Math.max(1, stats.jobs)).toFixed(1)} per job)`);
  console.log(
    `  poll waits (default policy: ${DEFAULT_POLL_POLICY.firstDelayMs} ms, then ×${DEFAULT_POLL_POLICY.factor}): ${fmt(waited)} summed over jobs; nothing in flight for ${fmt(idleMs)} of ${fmt(ms)} (${Math.round((idleMs / ms) * 100)}% of the wall time is only waiting to poll)`,
  );
  console.log(`  naive ÷ tool: ${(naiveMs / ms).toFixed(1)}×`);
}

/** Counts the requests under way, to find when the client is only waiting (between job polls). */
class TrackedClient extends ZendeskClient {
  readonly traffic = new Traffic();

  override async request<T = unknown>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<ZendeskResponse<T>> {
    this.traffic.begin();
    try {
      return await super.request<T>(method, path, options);
    } finally {
      this.traffic.end();
    }
  }
}

class Traffic {
  private inFlight = 0;
  private idleSince: number | null = null;
  private idle = 0;

  begin(): void {
    if (this.inFlight === 0 && this.idleSince !== null) this.idle += performance.now() - this.idleSince;
    this.idleSince = null;
    this.inFlight++;
  }

  end(): void {
    this.inFlight--;
    if (this.inFlight === 0) this.idleSince = performance.now();
  }

  reset(): void {
    this.idle = 0;
    this.idleSince = this.inFlight === 0 ? performance.now() : null;
  }

  /** Time with nothing in flight since reset(), up to the last request's end. */
  idleMs(): number {
    return this.idle;
  }
}

/** `show_many 50, count 1`: requests by endpoint, largest first. */
function breakdown(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([key, n]) => `${key.replace(/^GET \/api\/v2\//, '')} ${n}`)
    .join(', ');
}
