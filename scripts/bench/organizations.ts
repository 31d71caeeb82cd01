/**
 * The organizations section of `npm run bench` (issue 3): an account with
 * 50,000 organizations, 5,000 of them managed by config/. The plan's read is
 * measured both ways (look-ups and one full cursor pass) for both kinds of key,
 * next to the estimate chooseStrategy decides by; then 5,000 updates through
 * bulk jobs, next to one PUT per organization. Figures, not assertions.
 * Alone: `npx tsx scripts/bench/organizations.ts`.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadChecked, planAgainst } from '../commands/workflow.ts';
import type { Change } from '../core/plan.ts';
import { fetchLookups } from '../kinds/fetch.ts';
import { applyOrganizationChanges, type ItemOutcome } from '../organizations/apply.ts';
import { diffOrganizations } from '../organizations/diff.ts';
import { chooseStrategy, fetchOrganizations, type FetchStrategy, type LiveOrganizations } from '../organizations/fetch.ts';
import type { DesiredOrganization } from '../organizations/model.ts';
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
    const byExternalId = await writeManagedFiles(join(dir, 'by-external-id'), 'external_id');
    const bySalesforceId = await writeManagedFiles(join(dir, 'by-salesforce-id'), 'salesforce_id');
    const desiredByExternalId = (await loadChecked(byExternalId)).config.organizations ?? [];
    const desiredBySalesforceId = (await loadChecked(bySalesforceId)).config.organizations ?? [];
    console.log(
      `Organizations: ${ORGANIZATION_SCALE.total} generated (+3 from the default seed), every ${STRIDE}th managed (${desiredByExternalId.length} files); ${LATENCY_MS} ms latency per request.\n`,
    );
    await benchPlanRead(sandbox, client(), { external_id: desiredByExternalId, salesforce_id: desiredBySalesforceId });
    await benchApply(sandbox, client, byExternalId);
  } finally {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** config/organizations/*.yaml for the managed organizations, keyed one way; returns the config root. */
async function writeManagedFiles(root: string, key: KeyKind): Promise<string> {
  await mkdir(join(root, 'organizations'), { recursive: true });
  const numbers = Array.from({ length: ORGANIZATION_SCALE.managed }, (_, i) => String((i + 1) * STRIDE).padStart(6, '0'));
  await mapConcurrent(numbers, 32, (n) => {
    const keyLine = key === 'external_id' ? `external_id: ext-${n}` : `salesforce_id: "001BENCH${n}"`;
    return writeFile(join(root, 'organizations', `bench-org-${n}.yaml`), `name: Bench Org ${n}\n${keyLine}\ntags: [bench]\n`);
  });
  return root;
}

interface ReadFigures {
  live: LiveOrganizations;
  counts: Record<string, number>;
  ms: number;
}

async function measureRead(sandbox: RemoteSandbox, client: ZendeskClient, desired: readonly DesiredOrganization[], strategy: FetchStrategy): Promise<ReadFigures> {
  await sandbox.resetRequestCounts();
  const started = performance.now();
  const live = await fetchOrganizations(client, desired, strategy);
  const ms = performance.now() - started;
  return { live, counts: await sandbox.requestCounts(), ms };
}

async function benchPlanRead(sandbox: RemoteSandbox, client: ZendeskClient, desired: Record<KeyKind, readonly DesiredOrganization[]>): Promise<void> {
  const lookups = await fetchLookups(client);
  const rssBefore = process.memoryUsage().rss;
  // The full pass with no latency first: CPU alone (sandbox and tool on this
  // machine), and the pass alone without matching, to tell both apart from waiting.
  const cpuPass = await measureRead(sandbox, client, desired.external_id, 'full-pass');
  const listStarted = performance.now();
  await client.listAll('organizations', 'organizations');
  const listMs = performance.now() - listStarted;

  await sandbox.setLatency(LATENCY_MS);
  const externalLookups = await measureRead(sandbox, client, desired.external_id, 'lookups');
  const fullPass = await measureRead(sandbox, client, desired.external_id, 'full-pass');
  // The plan as it stands after a full pass: all 50,000 organizations read and diffed.
  const diffStarted = performance.now();
  const { changes } = diffOrganizations({ desired: desired.external_id, live: fullPass.live, lookups, now: new Date() });
  const diffMs = performance.now() - diffStarted;
  const memory = process.memoryUsage();
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const salesforceLookups = await measureRead(sandbox, client, desired.salesforce_id, 'lookups');

  const concurrency = client.concurrency;
  const organizationCount = fullPass.live.estimate.total;
  const row = (label: string, read: ReadFigures, key: KeyKind, strategy: FetchStrategy): string[] => {
    const estimate = chooseStrategy(desired[key].map((d) => d.key), organizationCount, concurrency);
    const rounds = strategy === 'lookups' ? estimate.lookupRounds : estimate.fullPassRounds;
    const estimated = strategy === 'lookups' ? `${estimate.lookupRequests} requests, ${rounds} rounds` : `${rounds} rounds`;
    const found = read.live.matches.filter((m) => m.length === 1).length;
    return [
      label,
      `${total(read.counts)} (${breakdown(read.counts)})`,
      fmt(read.ms),
      `${estimated} → ${fmt(rounds * LATENCY_MS)}`,
      `${found}/${desired[key].length}`,
      estimate.strategy === strategy ? '← chooseStrategy' : '',
    ];
  };
  console.log(`organizations plan read: ${organizationCount} organizations, ${desired.external_id.length} managed, ${concurrency} requests in flight:`);
  table([
    ['', 'requests', 'wall time', 'estimate (rounds × 50 ms)', 'found', 'picked'],
    row('external_id: look-ups (show_many, 100 each)', externalLookups, 'external_id', 'lookups'),
    row('external_id: full cursor pass', fullPass, 'external_id', 'full-pass'),
    row('salesforce_id: look-ups (one search each)', salesforceLookups, 'salesforce_id', 'lookups'),
    ['salesforce_id: full cursor pass', 'same requests as the row above', '', `${Math.ceil(organizationCount / 100)} rounds → ${fmt(Math.ceil(organizationCount / 100) * LATENCY_MS)}`, '', '← chooseStrategy'],
  ]);
  const externalEstimate = chooseStrategy(desired.external_id.map((d) => d.key), organizationCount, concurrency);
  const salesforceEstimate = chooseStrategy(desired.salesforce_id.map((d) => d.key), organizationCount, concurrency);
  console.log(`  chooseStrategy(external_id keys): ${JSON.stringify(externalEstimate)}`);
  console.log(`  chooseStrategy(salesforce_id keys): ${JSON.stringify(salesforceEstimate)}`);
  console.log(`  measured: full pass ÷ external_id look-ups ${(fullPass.ms / externalLookups.ms).toFixed(1)}×; salesforce_id look-ups ÷ full pass ${(salesforceLookups.ms / fullPass.ms).toFixed(2)}×`);
  console.log(`  the full pass with 0 ms latency takes ${fmt(cpuPass.ms)}, of which the cursor pass alone ${fmt(listMs)} and matching ${desired.external_id.length} keys in memory the rest`);
  console.log(`  diff of the full-pass read: ${fmt(diffMs)}, ${changes.length} changes`);
  console.log(`  memory after the full-pass plan (50,000 organizations held): RSS ${mib(memory.rss)} (${mib(memory.rss - rssBefore)} more than before the section), heap used ${mib(memory.heapUsed)}; peak RSS of the bench process so far ${mib(peakRss)}\n`);
}

async function benchApply(sandbox: RemoteSandbox, client: () => TrackedClient, configRoot: string): Promise<void> {
  const directory = join(configRoot, 'organizations');
  const desired = (await loadChecked(configRoot)).config.organizations ?? [];
  for (const org of desired) {
    const path = join(directory, org.file.split('/').pop()!);
    await writeFile(path, `${await readFile(path, 'utf8')}notes:\n  - "Renewal review: ${org.spec.name}"\n`);
  }
  const { config } = await loadChecked(configRoot);
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
    // The default poll policy, as users get it; the sleep is only timed.
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
  const put = (id: unknown) => naive.request('PUT', `organizations/${String(id)}`, { body: { organization: { notes: 'Renewal review (naive)' } } });
  await sandbox.resetRequestCounts();
  const naiveStarted = performance.now();
  await mapConcurrent(ids.slice(0, NAIVE_SAMPLE), naive.concurrency, put);
  const sampleMs = performance.now() - naiveStarted;
  const projectedMs = (sampleMs * ids.length) / Math.min(NAIVE_SAMPLE, ids.length);
  const fullNaive = projectedMs <= NAIVE_BUDGET_MS;
  if (fullNaive) await mapConcurrent(ids.slice(NAIVE_SAMPLE), naive.concurrency, put);
  const naiveMs = fullNaive ? performance.now() - naiveStarted : projectedMs;
  const naiveRequests = total(await sandbox.requestCounts());

  const bulkCalls = counts['PUT /api/v2/organizations/update_many'] ?? 0;
  const polls = counts['GET /api/v2/job_statuses/:id'] ?? 0;
  const waited = waits.reduce((a, b) => a + b, 0);
  console.log(`organizations apply: ${updates.length} updates (notes in every managed file), ${failed} failed; plan before it (auto: ${live.organizations?.estimate.strategy}) took ${fmt(planMs)}:`);
  table([
    ['', 'requests', 'wall time', 'lower bound'],
    [
      'tool: update_many jobs of 100, 4 at a time, polled',
      `${total(counts)} (update_many: ${bulkCalls}, job polls: ${polls})`,
      fmt(ms),
      `${fmt(Math.ceil(bulkCalls / 4) * LATENCY_MS)} (ceil(${bulkCalls} jobs ÷ 4) × ${LATENCY_MS} ms, jobs that finish at once)`,
    ],
    [
      fullNaive ? `naive: one PUT per organization, ${naive.concurrency} in flight` : `naive: one PUT per organization, ${naive.concurrency} in flight — EXTRAPOLATED from ${NAIVE_SAMPLE}`,
      fullNaive ? String(naiveRequests) : `${ids.length} (measured ${naiveRequests})`,
      fullNaive ? fmt(naiveMs) : `~${fmt(naiveMs)} (${fmt(sampleMs)} for ${NAIVE_SAMPLE})`,
      fmt((ids.length / naive.concurrency) * LATENCY_MS),
    ],
  ]);
  console.log(`  jobs: ${stats.jobs} (≤ ${Math.ceil(ORGANIZATION_SCALE.managed / 100)} expected), polls: ${stats.polls} (${(stats.polls / Math.max(1, stats.jobs)).toFixed(1)} per job)`);
  console.log(
    `  poll waits (default policy: first ${DEFAULT_POLL_POLICY.firstDelayMs} ms, ×${DEFAULT_POLL_POLICY.factor}): ${fmt(waited)} summed over jobs; no request in flight for ${fmt(idleMs)} of the ${fmt(ms)} (${Math.round((idleMs / ms) * 100)}% of wall time is nothing but waiting to poll)`,
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

if (import.meta.url === pathToFileURL(process.argv[1]).href) await benchOrganizations();
