/**
 * The requests section of `npm run bench` (issue 11, "Scale and cost"): what one
 * Customer Ticket Generator request of 500 recipients costs, through the real
 * clients (@gitbeaker, node-zendesk) and the processor as `npm run requests` runs it
 * (processRequests over gitLabPort/zendeskPort). Figures, not assertions.
 *
 * - first run of the approved request, then a re-run after it is done;
 * - a naive baseline in the same run: one POST /tickets per recipient;
 * - a crash: the third create_many's answer lost after Zendesk made its tickets,
 *   then the run that finishes the request.
 *
 * Zendesk has 50 ms latency per request, in its own process (remoteSandbox.ts) as
 * in the other sections, except for the crash: the sandbox's control routes cannot
 * arm a lost answer, so that part runs an in-process sandbox with the same latency.
 * The GitLab sandbox has no latency setting: it answers at once, in process.
 * Alone: `npm run bench -- requests`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadForms } from '../forms/definition.ts';
import { parseRequestBlock } from '../forms/requestBlock.ts';
import { checkSubmission, issueDescription, issueTitle, type FormDefinition } from '../forms/rules.ts';
import { GitLabClient } from '../gitlab/client.ts';
import { gitLabPort, zendeskPort } from '../requests/adapters.ts';
import { planTickets, recipientsOf } from '../requests/customerTickets.ts';
import { REQUEST_LABELS } from '../requests/labels.ts';
import type { RequestsZendesk } from '../requests/ports.ts';
import { formatRunSummary, processRequests, type RequestsRunSummary } from '../requests/process.ts';
import { ticketOptions } from '../requests/ticketOptions.ts';
import { startGitLabSandbox, type GitLabSandbox } from '../sandbox/gitlab/server.ts';
import { defaultSeed } from '../sandbox/zendesk/seed.ts';
import { DEFAULT_CREDENTIALS, startZendeskSandbox } from '../sandbox/zendesk/server.ts';
import type { SandboxRecord } from '../sandbox/zendesk/state.ts';
import { ZendeskClient } from '../zendesk/client.ts';
import { DEFAULT_POLL_POLICY } from '../zendesk/jobs.ts';
import { mapConcurrent } from '../zendesk/limiter.ts';
import { createTicket, TICKETS_PER_CALL } from '../zendesk/tickets.ts';
import { startRemoteSandbox } from './remoteSandbox.ts';
import { fmt, table, total } from './report.ts';

const LATENCY_MS = 50;
const RECIPIENTS = 500;
const FORM_ID = 'customer-ticket-generator';
const SUBMITTER = 'casey.csm';
/** An agent of the default seed: the form's `Sent by`, looked up by email. */
const SENT_BY = 'lee@example.com';
/** The naive baseline's tickets carry this issue number in their external ids, so none collides with the tool's. */
const NAIVE_ISSUE_IID = 900_001;
const CONFIG_DIR = new URL('../../config', import.meta.url).pathname;

type Counts = Record<string, number>;

export async function benchRequests(): Promise<void> {
  const { forms, diagnostics } = await loadForms(CONFIG_DIR);
  const form = forms.find((candidate) => candidate.id === FORM_ID);
  if (!form || diagnostics.some((d) => d.severity === 'error')) throw new Error(`config/forms/${FORM_ID}.yaml did not load`);
  const approver = form.approval?.approvers[0];
  if (!approver) throw new Error(`config/forms/${FORM_ID}.yaml lists no approver`);
  console.log(
    `Requests: one ${form.title} request of ${RECIPIENTS} recipients, approved by @${approver} (its first approver); ` +
      `Zendesk ${LATENCY_MS} ms latency per request; the GitLab sandbox has no latency setting and answers at once.\n`,
  );
  await benchFirstRun(forms, form, approver);
  console.log('');
  await benchCrash(forms, form, approver);
}

async function benchFirstRun(forms: FormDefinition[], form: FormDefinition, approver: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'zd-bench-requests-'));
  const zendesk = await startRemoteSandbox(defaultSeed(), dir);
  const gitlab = await startGitLabSandbox({ token: 'bench-gitlab-token' });
  try {
    const client = () => zendeskClient(zendesk.url);
    const iid = submitApproved(gitlab, form, approver);
    await zendesk.setLatency(LATENCY_MS);

    const first = await measuredRun({ forms, gitlab, client: client(), counts: zendesk });
    const issue = gitlab.state().issues.find((candidate) => candidate.iid === iid);
    const made = requestTickets(await remoteTickets(zendesk.url), gitlab.project.id, iid);
    const rerun = await measuredRun({ forms, gitlab, client: client(), counts: zendesk });
    const naive = await naiveBaseline({ forms, gitlab, iid, client: client(), counts: zendesk });

    const polls = first.zendesk['GET /api/v2/job_statuses/:id'] ?? 0;
    const bulkCalls = first.zendesk['POST /api/v2/tickets/create_many'] ?? 0;
    const lookups = total(first.zendesk) - polls - bulkCalls;
    console.log(`requests, first run of the approved request (create_many of ${TICKETS_PER_CALL}, one call at a time, each job polled to its end):`);
    table([
      ['', 'Zendesk requests', 'Zendesk writes', 'GitLab requests', 'GitLab writes', 'wall time'],
      [
        'tool: first run',
        `${total(first.zendesk)} (create_many ${bulkCalls}, job polls ${polls}, lookups ${lookups})`,
        String(writes(first.zendesk)),
        String(total(first.gitlab)),
        String(writes(first.gitlab)),
        fmt(first.ms),
      ],
      ['tool: re-run after done', String(total(rerun.zendesk)), String(writes(rerun.zendesk)), String(total(rerun.gitlab)), String(writes(rerun.gitlab)), fmt(rerun.ms)],
      [`naive: one POST /tickets per recipient, ${naive.concurrency} in flight`, String(total(naive.zendesk)), String(writes(naive.zendesk)), '', '', fmt(naive.ms)],
    ]);
    console.log(`  first run, Zendesk by endpoint: ${breakdown(first.zendesk)}`);
    console.log(`  first run, GitLab by endpoint: ${breakdown(first.gitlab)}`);
    console.log(`  re-run after done, reads: Zendesk ${breakdown(rerun.zendesk) || 'none'}; GitLab ${breakdown(rerun.gitlab)}`);
    console.log(`  outcome: ${outcomes(first.summary)}; re-run: ${rerun.summary.requests.length} requests open`);
    console.log(`  issue #${iid}: ${stateLabel(issue?.labels ?? [])}, ${issue?.state}; tickets in Zendesk with its external ids: ${made.count} (${made.distinct} distinct, ${made.count - made.distinct} duplicates)`);
    console.log(`  ${pollPolicyLine(first.waits, first.ms, bulkCalls, polls)}`);
    console.log(
      `  GitLab answered at once; the processor sends its ${total(first.gitlab)} GitLab requests one after another, so at ${LATENCY_MS} ms each they would add about ${fmt(total(first.gitlab) * LATENCY_MS)}`,
    );
    console.log(
      `  naive ÷ tool: ${(total(naive.zendesk) / total(first.zendesk)).toFixed(1)}× the Zendesk requests, ${(naive.ms / first.ms).toFixed(1)}× the wall time (tickets made: ${naive.made} of ${RECIPIENTS})`,
    );
  } finally {
    await gitlab.close();
    await zendesk.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function benchCrash(forms: FormDefinition[], form: FormDefinition, approver: string): Promise<void> {
  const zendesk = await startZendeskSandbox({ latencyMs: LATENCY_MS });
  const gitlab = await startGitLabSandbox({ token: 'bench-gitlab-token' });
  const counts = { requestCounts: async () => zendesk.requestCounts(), resetRequestCounts: async () => zendesk.resetRequestCounts() };
  try {
    const iid = submitApproved(gitlab, form, approver);
    const ticketsOfIssue = () => requestTickets(zendesk.state().collections.tickets ?? [], gitlab.project.id, iid);
    // The third create_many reaches Zendesk, which makes its 100 tickets; its answer never comes back.
    const loseThirdAnswer = (port: RequestsZendesk): RequestsZendesk => {
      let calls = 0;
      return {
        ...port,
        createTickets: (tickets) => {
          calls += 1;
          if (calls === 3) zendesk.injectFault({ method: 'POST', path: '/api/v2/tickets/create_many', status: 'lost-answer', times: 1 });
          return port.createTickets(tickets);
        },
      };
    };
    const crashed = await measuredRun({ forms, gitlab, client: zendeskClient(zendesk.url), counts, wrap: loseThirdAnswer });
    const afterCrash = ticketsOfIssue();
    const labelAfterCrash = stateLabel(gitlab.state().issues.find((candidate) => candidate.iid === iid)?.labels ?? []);
    // A failed request waits for its submitter (labels.ts); the retry the result comment asks for is setting request::new again.
    const relabelled = labelAfterCrash === REQUEST_LABELS.failed;
    if (relabelled) gitlab.labelIssue(iid, REQUEST_LABELS.new, { as: SUBMITTER });
    const rerun = await measuredRun({ forms, gitlab, client: zendeskClient(zendesk.url), counts });
    const afterRerun = ticketsOfIssue();
    const issue = gitlab.state().issues.find((candidate) => candidate.iid === iid);

    const row = (label: string, run: MeasuredRun, made: number) => [
      label,
      String(run.zendesk['POST /api/v2/tickets/create_many'] ?? 0),
      String(run.zendesk['GET /api/v2/job_statuses/:id'] ?? 0),
      String(run.zendesk['GET /api/v2/tickets'] ?? 0),
      String(made),
      String(total(run.zendesk)),
      String(writes(run.gitlab)),
      fmt(run.ms),
      outcomes(run.summary),
    ];
    console.log(`requests, a crash: the 3rd create_many's answer lost after Zendesk made its ${TICKETS_PER_CALL} tickets (in-process Zendesk sandbox, ${LATENCY_MS} ms latency):`);
    table([
      ['', 'create_many', 'job polls', 'looked up by external_id', 'tickets made', 'Zendesk requests', 'GitLab writes', 'wall time', 'outcome'],
      row('run with the lost answer', crashed, afterCrash.count),
      row(relabelled ? `re-run (after ${REQUEST_LABELS.new} again)` : 're-run', rerun, afterRerun.count - afterCrash.count),
    ]);
    console.log(
      `  after the run with the lost answer the issue was ${labelAfterCrash}, with ${afterCrash.count} of its ${RECIPIENTS} tickets in Zendesk (the outcome counts those the run heard of)` +
        (relabelled ? `; the submitter set ${REQUEST_LABELS.new} again, the retry its comment asks for` : ''),
    );
    const lookups = rerun.zendesk['GET /api/v2/tickets'] ?? 0;
    console.log(`  the re-run's ${lookups} look-ups by external_id, 8 in flight (customerTickets.ts): at least ${fmt(Math.ceil(lookups / 8) * LATENCY_MS)} of its ${fmt(rerun.ms)}`);
    console.log(
      `  issue #${iid}: ${stateLabel(issue?.labels ?? [])}, ${issue?.state}; tickets in Zendesk with its external ids: ${afterRerun.count} (${afterRerun.distinct} distinct, ${afterRerun.count - afterRerun.distinct} duplicates)`,
    );
  } finally {
    await gitlab.close();
    await zendesk.close();
  }
}

/** The request as its form submits it, then approved in the UI by a listed approver. */
function submitApproved(gitlab: GitLabSandbox, form: FormDefinition, approver: string): number {
  const lines = Array.from({ length: RECIPIENTS }, (_, i) => `customer${i + 1}@acme.example, Customer ${i + 1}, Acme Corp`);
  const checked = checkSubmission(form, {
    subject: 'Planned maintenance for {{organization}}',
    body: 'Hello {{name}}, we will be down for maintenance on Saturday 12 December.',
    recipients: lines.join('\n'),
    visibility: 'public',
    sent_by: SENT_BY,
  });
  if (checked.problems.length > 0) throw new Error(`the bench's submission is refused: ${checked.problems.map((p) => p.message).join('; ')}`);
  const { iid } = gitlab.addIssue({
    title: issueTitle(form, checked.values),
    description: issueDescription(form, checked.values),
    labels: [...form.issue.labels, REQUEST_LABELS.new],
    author: SUBMITTER,
  });
  gitlab.labelIssue(iid, REQUEST_LABELS.approved, { as: approver });
  return iid;
}

interface CountSource {
  requestCounts(): Promise<Counts>;
  resetRequestCounts(): Promise<void>;
}

interface MeasuredRun {
  summary: RequestsRunSummary;
  zendesk: Counts;
  gitlab: Counts;
  ms: number;
  /** Each wait between job polls. */
  waits: number[];
}

/** One `npm run requests` pass, as requestsJob.ts wires it: one port pair per run, the default poll policy, waited for real. */
async function measuredRun(input: {
  forms: FormDefinition[];
  gitlab: GitLabSandbox;
  client: ZendeskClient;
  counts: CountSource;
  wrap?: (port: RequestsZendesk) => RequestsZendesk;
}): Promise<MeasuredRun> {
  const { forms, gitlab, client, counts, wrap = (port) => port } = input;
  const waits: number[] = [];
  const sleep = (ms: number) => {
    waits.push(ms);
    return new Promise<void>((resolve) => setTimeout(resolve, ms));
  };
  await counts.resetRequestCounts();
  gitlab.resetRequestCounts();
  const started = performance.now();
  const summary = await processRequests({
    gitlab: gitLabPort(new GitLabClient({ apiUrl: gitlab.url, projectId: gitlab.project.id, token: gitlab.token })),
    zendesk: wrap(zendeskPort(client, { sleep })),
    parseRequest: (description) => parseRequestBlock(description, forms),
    projectId: gitlab.project.id,
    defaultBranch: 'main',
    organizations: [],
  });
  const ms = performance.now() - started;
  return { summary, zendesk: await counts.requestCounts(), gitlab: gitlab.requestCounts(), ms, waits };
}

/** The same 500 tickets (the processor's own payloads, other external ids), one POST /tickets each. */
async function naiveBaseline(input: { forms: FormDefinition[]; gitlab: GitLabSandbox; iid: number; client: ZendeskClient; counts: CountSource }) {
  const { forms, gitlab, iid, client, counts } = input;
  const issue = gitlab.state().issues.find((candidate) => candidate.iid === iid);
  const parsed = parseRequestBlock(issue?.description ?? '', forms);
  if (!parsed.ok) throw new Error(`the bench's request does not parse: ${parsed.problems.join('; ')}`);
  const prepared = ticketOptions(parsed.form, parsed.values);
  if (!prepared.ok) throw new Error(prepared.problems.join('; '));
  // The ids the tool looked up, looked up here outside the timing: the baseline is the creates alone.
  const port = zendeskPort(client);
  const groupId = prepared.options.groupName === null ? null : await port.groupIdByName(prepared.options.groupName);
  const assigneeId = prepared.options.sentBy === null ? null : await port.agentIdByEmail(prepared.options.sentBy);
  const planned = planTickets({
    form: parsed.form,
    ref: { projectId: gitlab.project.id, issueIid: NAIVE_ISSUE_IID },
    recipients: recipientsOf(parsed.values),
    options: prepared.options,
    groupId,
    assigneeId,
  });
  if (!planned.ok) throw new Error(planned.problems.join('; '));
  await counts.resetRequestCounts();
  const started = performance.now();
  const created = await mapConcurrent(planned.tickets, client.concurrency, (ticket) => createTicket(client, ticket.payload));
  const ms = performance.now() - started;
  return { zendesk: await counts.requestCounts(), ms, made: created.length, concurrency: client.concurrency };
}

function zendeskClient(baseUrl: string): ZendeskClient {
  return new ZendeskClient({ baseUrl, auth: { kind: 'api-token', email: DEFAULT_CREDENTIALS.email, apiToken: DEFAULT_CREDENTIALS.apiToken } });
}

/** The remote sandbox's tickets, read through its control route (not counted, no latency). */
async function remoteTickets(url: string): Promise<SandboxRecord[]> {
  const state = (await (await fetch(`${url}/__sandbox/state`)).json()) as { collections: { tickets?: SandboxRecord[] } };
  return state.collections.tickets ?? [];
}

/** Tickets whose external id says they belong to this issue (externalIds.ts), and how many distinct ids they carry. */
function requestTickets(tickets: readonly SandboxRecord[], projectId: number, iid: number): { count: number; distinct: number } {
  const ids = tickets.map((ticket) => String(ticket.external_id ?? '')).filter((id) => id.startsWith(`gitlab-request-${projectId}-${iid}-`));
  return { count: ids.length, distinct: new Set(ids).size };
}

function stateLabel(labels: readonly string[]): string {
  return labels.find((label) => label.startsWith('request::')) ?? 'no request label';
}

const writes = (counts: Counts) => Object.entries(counts).filter(([key]) => !key.startsWith('GET ')).reduce((sum, [, n]) => sum + n, 0);

function pollPolicyLine(waits: readonly number[], ms: number, jobs: number, polls: number): string {
  const waited = waits.reduce((a, b) => a + b, 0);
  return (
    `job polls: the default policy as users get it (first after ${DEFAULT_POLL_POLICY.firstDelayMs} ms, then ×${DEFAULT_POLL_POLICY.factor}, waited for real): ` +
    `${(polls / Math.max(1, jobs)).toFixed(1)} polls per job (the sandbox answers "completed" on a job's 3rd poll); ${waits.length} waits, ${fmt(waited)} of the ${fmt(ms)} wall time`
  );
}

/** `#1 done: 500 tickets made`, as the job log says it. */
function outcomes(summary: RequestsRunSummary): string {
  return formatRunSummary(summary).split('\n').slice(1).map((line) => line.trim()).join('; ') || 'no open request';
}

/** `POST tickets/create_many 5, GET job_statuses/:id 15`: requests by endpoint, largest first. */
function breakdown(counts: Counts): string {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([key, n]) => `${key.replace(/ \/api\/v[24]\/(projects\/:id\/)?/, ' ')} ${n}`)
    .join(', ');
}
