/**
 * `npm run bench -- csat` (issue 13): the CSAT report of one year of 200,000 ratings, read
 * the way buildCsatReport chooses (list, with the sample's four breakdowns) next to the
 * naive read of every rating the account has (no score or time filter) with the same
 * lookups; then the cost of counting, as the report records it; and how long computing the
 * report takes once the ratings are read.
 *
 * The sandbox runs in its own process with no latency (200,000 ratings and their tickets
 * make a 100 MB seed; at 50 ms a request the naive read alone would take minutes): rows
 * print requests and wall time, and what 50 ms a request adds to the longest chain of
 * requests that must go one after another (cursor pages follow each other).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { breakdownTables, periodResults, topBadReasons } from '../csat/compute.ts';
import type { CsatConfig } from '../csat/config.ts';
import { listRatings, readBreakdownLookups, satisfactionReasons } from '../csat/read.ts';
import { buildCsatReport, ratingFact, reportPeriods } from '../csat/report.ts';
import { largeOrganizations } from '../sandbox/zendesk/large-seed.ts';
import { defaultSeed } from '../sandbox/zendesk/seed.ts';
import type { SandboxRecord, SandboxState } from '../sandbox/zendesk/state.ts';
import { DEFAULT_CREDENTIALS } from '../sandbox/zendesk/server.ts';
import { ZendeskClient } from '../zendesk/client.ts';
import { startRemoteSandbox } from './remoteSandbox.ts';
import { fmt, table, total } from './report.ts';

const RATINGS = 200_000;
const ORGANIZATIONS = 2_000;
const NOW = new Date('2026-11-21T10:00:00Z');
const YEAR_MS = 365 * 86_400_000;
const LATENCY_MS = 50;
const CONFIG: CsatConfig = {
  target: 0.95,
  timeZone: 'Europe/Berlin',
  periods: { weekly: 12, monthly: 6 },
  breakdowns: ['group', 'brand', 'ticket_form', 'organization_tags'],
  managers: {},
  labels: { badRating: [], all: [] },
  dashboard: { showComments: false },
};

/**
 * The default account plus 2,000 organizations and 200,000 rated tickets spread evenly over
 * the year before NOW: 55 % good, 5 % bad (each with a reason), 35 % offered and never
 * answered, 5 % unoffered.
 */
export function csatBenchSeed(): SandboxState {
  const seed = defaultSeed();
  const organizations: SandboxRecord[] = largeOrganizations(ORGANIZATIONS).map((organization, index) => ({ ...organization, tags: index % 4 === 0 ? ['bench', 'enterprise'] : ['bench'] }));
  const collections = seed.collections;
  collections.organizations = [...(collections.organizations ?? []), ...organizations];
  const groups = (collections.groups ?? []).map((group) => group.id);
  const brands = (collections.brands ?? []).map((brand) => brand.id);
  const forms = (collections.ticket_forms ?? []).map((form) => form.id);
  const reasons = (collections.satisfaction_reasons ?? []).map((reason) => reason.id);
  const requester = (collections.users ?? [])[0].id;
  let next = 5_000_000_000_001;
  const tickets: SandboxRecord[] = [];
  const ratings: SandboxRecord[] = [];
  for (let i = 0; i < RATINGS; i++) {
    const created = new Date(NOW.getTime() - YEAR_MS + Math.floor((i * YEAR_MS) / RATINGS)).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const roll = i % 20;
    const score = roll < 11 ? 'good' : roll === 11 ? 'bad' : roll < 19 ? 'offered' : 'unoffered';
    const ticketId = next++;
    const group = groups[i % groups.length];
    tickets.push({
      id: ticketId,
      status: 'closed',
      requester_id: requester,
      group_id: group,
      brand_id: brands[i % brands.length],
      ticket_form_id: forms[(i >> 1) % forms.length],
      organization_id: organizations[i % ORGANIZATIONS].id,
      tags: score === 'unoffered' ? [] : ['csat_survey_sent'],
      created_at: created,
      updated_at: created,
    });
    ratings.push({
      id: next++,
      ticket_id: ticketId,
      requester_id: requester,
      assignee_id: null,
      group_id: group,
      score,
      comment: null,
      reason: null,
      reason_id: score === 'bad' ? reasons[i % reasons.length] : null,
      created_at: created,
      updated_at: created,
    });
  }
  collections.tickets = [...(collections.tickets ?? []), ...tickets];
  collections.satisfaction_ratings = ratings;
  seed.nextId = next;
  return seed;
}

export async function benchCsat(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'zd-bench-csat-'));
  const built = performance.now();
  const seed = csatBenchSeed();
  const sandbox = await startRemoteSandbox(seed, dir);
  console.log(`CSAT: ${RATINGS.toLocaleString('en')} ratings over the year to ${NOW.toISOString().slice(0, 10)}, ${ORGANIZATIONS.toLocaleString('en')} organizations; seed built and loaded in ${fmt(performance.now() - built)}; 0 ms latency.\n`);
  const client = () => new ZendeskClient({ baseUrl: sandbox.url, auth: { kind: 'api-token', email: DEFAULT_CREDENTIALS.email, apiToken: DEFAULT_CREDENTIALS.apiToken } });
  try {
    // Warm the sandbox's memoised selections, as a second page of any real list would find them.
    await buildCsatReport({ client: client(), config: CONFIG, now: NOW });

    await sandbox.resetRequestCounts();
    let started = performance.now();
    const report = await buildCsatReport({ client: client(), config: CONFIG, now: NOW });
    const chosenMs = performance.now() - started;
    const chosenCounts = await sandbox.requestCounts();

    await sandbox.resetRequestCounts();
    started = performance.now();
    const naiveClient = client();
    const [reasons, everyRating] = await Promise.all([satisfactionReasons(naiveClient), listRatings(naiveClient, { startMs: 0, endMs: NOW.getTime() + 1000 })]);
    const lookups = await readBreakdownLookups(naiveClient, everyRating, CONFIG.breakdowns);
    const naiveMs = performance.now() - started;
    const naiveCounts = await sandbox.requestCounts();
    const naiveChain = naiveCounts['GET /api/v2/satisfaction_ratings'] ?? 0;

    const received = report.periods.monthly.reduce((sum, month) => sum + month.good + month.bad, 0);
    // The received chain is the longer of the two read side by side; its pages follow each other.
    const chosenChain = Math.ceil(received / 100);
    console.log(`  Report range: ${report.periods.monthly[0].label} … ${report.periods.monthly[report.periods.monthly.length - 1].label} (and 12 weeks), ${received.toLocaleString('en')} answered ratings in the months.`);
    table([
      ['read', 'requests', 'by endpoint', 'wall time', `+ ${LATENCY_MS} ms × longest chain`],
      ['chosen: list (received + offered in range)', String(total(chosenCounts)), endpoints(chosenCounts), fmt(chosenMs), `≥ ${fmt(chosenChain * LATENCY_MS)} (received chain; offered beside it)`],
      ['naive: every rating, no filter', String(total(naiveCounts)), endpoints(naiveCounts), fmt(naiveMs), `≥ ${fmt(naiveChain * LATENCY_MS)}`],
      ['counting (not run; as recorded)', String(report.readStrategy.alternative.requests), '3 × 18 periods + 3 × 6 months × (groups, brands, forms, each organization) + bad ratings', '', ''],
    ]);
    console.log(`  readStrategy in csat.json: ${JSON.stringify(report.readStrategy)}`);
    console.log(`  naive ÷ chosen: ${(total(naiveCounts) / total(chosenCounts)).toFixed(1)}× the requests`);

    // Computing the report from ratings already read: the KPI alone, in this process.
    const periods = reportPeriods(CONFIG, NOW);
    started = performance.now();
    const facts = everyRating.map((rating) => ratingFact(rating, reasons, lookups, CONFIG.breakdowns));
    periodResults(facts, periods.weeks, CONFIG.timeZone);
    periodResults(facts, periods.months, CONFIG.timeZone);
    const tables = breakdownTables(facts, CONFIG.breakdowns, periods.months, CONFIG.timeZone);
    topBadReasons(facts, periods.months[0].startMs, periods.months[periods.months.length - 1].endMs);
    const computeMs = performance.now() - started;
    console.log(`  computing the report from ${facts.length.toLocaleString('en')} ratings (every rating, not only the range): ${fmt(computeMs)}, ${tables.reduce((sum, t) => sum + t.rows.length, 0)} breakdown rows`);
  } finally {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function endpoints(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort(([, a], [, b]) => b - a)
    .map(([endpoint, count]) => `${endpoint.replace(/^GET \/api\/v2\//, '')} ${count}`)
    .join(', ');
}
