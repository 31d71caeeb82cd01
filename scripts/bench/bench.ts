/**
 * `npm run bench`: plan and apply at the scale of a large account, against the
 * sandbox with 50 ms of latency per request. Prints requests, wall time and
 * the lower bound side by side, with a naive one-request-per-object baseline
 * measured in the same run. Figures, not assertions: nothing here fails a build.
 * Five sections: business rules (here), organizations (organizations.ts), requests
 * from forms (requests.ts), the Salesforce sync (salesforce.ts) and customer
 * satisfaction (csat.ts).
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { applyPlan } from '../apply/apply.ts';
import { loadChecked, planAgainst } from '../workflow/steps.ts';
import { configFilesFrom, settingsFile } from '../import/toFiles.ts';
import type { LiveByKind } from '../core/diff.ts';
import { fetchLiveState } from '../kinds/fetch.ts';
import type { KindName } from '../core/model.ts';
import { KIND_DEFINITIONS, KIND_LABELS, KINDS, RULE_KINDS } from '../kinds/registry.ts';
import { DEFAULT_CREDENTIALS } from '../sandbox/zendesk/server.ts';
import { ZendeskClient } from '../zendesk/client.ts';
import { mapConcurrent } from '../zendesk/limiter.ts';
import { largeAccountSeed } from './largeAccount.ts';
import { benchOrganizations } from './organizations.ts';
import { benchRequests } from './requests.ts';
import { benchCsat } from './csat.ts';
import { benchSalesforce } from './salesforce.ts';
import { startRemoteSandbox, type RemoteSandbox } from './remoteSandbox.ts';
import { fmt, table, total } from './report.ts';

const LATENCY_MS = 50;
/** zendesk/client.ts asks for lists 100 per page: a kind of N objects takes at least ceil(N/100) list requests. */
const PAGE_SIZE = 100;
// The sandbox runs in its own process (remoteSandbox.ts) so its work does not
// share the client's event loop.

async function main(section: string | undefined): Promise<void> {
  if (section === undefined || section === 'rules') await benchRules();
  if (section === undefined) console.log('');
  if (section === undefined || section === 'organizations') await benchOrganizations();
  if (section === undefined) console.log('');
  if (section === undefined || section === 'requests') await benchRequests();
  if (section === undefined) console.log('');
  if (section === undefined || section === 'salesforce') await benchSalesforce();
  if (section === undefined) console.log('');
  if (section === undefined || section === 'csat') await benchCsat();
}

async function benchRules(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'zd-bench-'));
  const sandbox = await startRemoteSandbox(largeAccountSeed(), dir);
  try {
    const client = () =>
      new ZendeskClient({ baseUrl: sandbox.url, auth: { kind: 'api-token', email: DEFAULT_CREDENTIALS.email, apiToken: DEFAULT_CREDENTIALS.apiToken } });
    // Setup at full speed: write config/ that matches the account.
    const live = await fetchLiveState(client());
    const liveObjects = live.objects as LiveByKind;
    // Every business-rule kind of the registry is managed; the kinds they name stay unmanaged.
    for (const file of [...configFilesFrom(liveObjects, RULE_KINDS), settingsFile()]) {
      await mkdir(dirname(join(dir, file.path)), { recursive: true });
      await writeFile(join(dir, file.path), file.content);
    }
    const counts = Object.fromEntries(RULE_KINDS.map((kind) => [kind, liveObjects[kind].length])) as Partial<Record<KindName, number>>;
    console.log(`Account: ${RULE_KINDS.map((kind) => `${counts[kind]} ${KIND_LABELS[kind].many}`).join(', ')}; ${LATENCY_MS} ms latency per request.\n`);
    await benchPlan(sandbox, client(), dir, counts);
    await benchMacroUpdates(sandbox, client, dir);
  } finally {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function benchPlan(sandbox: RemoteSandbox, client: ZendeskClient, dir: string, liveCounts: Partial<Record<KindName, number>>): Promise<void> {
  const { config } = await loadChecked(dir);
  // The same plan with no latency first: what the sandbox and the tool cost in
  // CPU alone (both on this machine, unlike real Zendesk), to tell it apart from waiting.
  await planAgainst(client, config, new Date());
  const cpuStarted = performance.now();
  await planAgainst(client, config, new Date());
  const cpuMs = performance.now() - cpuStarted;
  await sandbox.setLatency(LATENCY_MS);
  await sandbox.resetRequestCounts();
  const started = performance.now();
  const { plan } = await planAgainst(client, config, new Date());
  const ms = performance.now() - started;
  const counts = await sandbox.requestCounts();
  const requests = total(counts);
  const listPages = (kind: KindName) => counts[`GET /api/v2/${KIND_DEFINITIONS[kind].path}`] ?? 0;
  const bound = (requests / client.concurrency) * LATENCY_MS;
  // A plan reads every managed kind, so the longest chain of list pages is over all of them.
  const chain = Math.max(...KINDS.map(listPages)) * LATENCY_MS;

  await sandbox.resetRequestCounts();
  const liveIds = await listIds(client);
  const naiveStarted = performance.now();
  await mapConcurrent(liveIds, client.concurrency, ([path, id]) => client.get(`${path}/${id}`));
  const naiveMs = performance.now() - naiveStarted;

  console.log('plan (no changes expected):');
  table([
    ['', 'requests', 'wall time', 'lower bound'],
    ['tool: pages side by side, kinds concurrent', String(requests), fmt(ms), `${fmt(bound)} (requests ÷ ${client.concurrency} in flight × ${LATENCY_MS} ms); one cursor chain would take ${fmt(chain)}`],
    ['naive: one GET per object', String(liveIds.length), fmt(naiveMs), fmt((liveIds.length / client.concurrency) * LATENCY_MS)],
  ]);
  const fewest = RULE_KINDS.map((kind) => Math.ceil((liveCounts[kind] ?? 0) / PAGE_SIZE));
  console.log(`  list requests: ${RULE_KINDS.map((kind) => `${KIND_LABELS[kind].many} ${listPages(kind)}`).join(', ')} (ceil(N/${PAGE_SIZE}): ${fewest.join(', ')})`);
  console.log(`  wall time ÷ lower bound: ${(ms / bound).toFixed(2)}×; naive ÷ tool: ${(naiveMs / ms).toFixed(1)}×`);
  console.log(`  the same plan with 0 ms latency takes ${fmt(cpuMs)} (sandbox and tool CPU on this machine); the ${fmt(ms - cpuMs)} that latency adds is ${((ms - cpuMs) / bound).toFixed(2)}× the lower bound`);
  const compared = RULE_KINDS.reduce((sum, kind) => sum + config.objects[kind].length, 0);
  console.log(`  plan changes: ${plan.changes.length}; objects compared: ${compared}\n`);
}

async function benchMacroUpdates(sandbox: RemoteSandbox, client: () => ZendeskClient, dir: string): Promise<void> {
  const files = (await readdir(join(dir, 'macros'))).sort().slice(0, 500);
  for (const file of files) {
    const path = join(dir, 'macros', file);
    await writeFile(path, (await readFile(path, 'utf8')).replace(/^active: true$/m, 'active: false'));
  }
  const { config } = await loadChecked(dir);
  const tool = client();
  const { plan, live } = await planAgainst(tool, config, new Date());
  await sandbox.resetRequestCounts();
  const started = performance.now();
  const report = await applyPlan({ client: tool, plan, live });
  const ms = performance.now() - started;
  const counts = await sandbox.requestCounts();
  const bulkCalls = counts['PUT /api/v2/macros/update_many'] ?? 0;

  const naive = client();
  const targets = plan.changes.flatMap((c) => (c.action === 'update' ? [c.live.id] : []));
  await sandbox.resetRequestCounts();
  const naiveStarted = performance.now();
  await mapConcurrent(targets, naive.concurrency, (id) => naive.request('PUT', `macros/${id}`, { body: { macro: { active: true } } }));
  const naiveMs = performance.now() - naiveStarted;

  console.log(`apply: ${plan.changes.length} macro updates (deactivate), ${report.failed} failed:`);
  table([
    ['', 'requests', 'wall time'],
    ['tool: update_many, 100 per call', `${total(counts)} (update_many: ${bulkCalls})`, fmt(ms)],
    ['naive: one PUT per macro', String(targets.length), fmt(naiveMs)],
  ]);
  console.log(`  naive ÷ tool: ${(naiveMs / ms).toFixed(1)}×`);
}

async function listIds(client: ZendeskClient): Promise<[string, unknown][]> {
  const definitions = RULE_KINDS.map((kind) => KIND_DEFINITIONS[kind]);
  const lists = await Promise.all(definitions.map((d) => client.listAll<{ id: unknown }>(d.path, d.plural)));
  return lists.flatMap((list, i) => list.map((o): [string, unknown] => [definitions[i].path, o.id]));
}

// `npm run bench -- rules`, `-- organizations`, `-- requests`, `-- salesforce` or `-- csat` runs one section.
const SECTIONS = ['rules', 'organizations', 'requests', 'salesforce', 'csat'];
const section = process.argv[2];
if (section !== undefined && !SECTIONS.includes(section)) {
  console.error(`usage: npm run bench [-- ${SECTIONS.join('|')}]`);
  process.exit(2);
}
await main(section);
