/**
 * One run of the request processor (`npm run requests`, a scheduled CI job): every
 * open issue labelled request::new, ::approved or ::processing, taken through
 *
 *   parse the request block → approval (label events) → request::processing → act
 *   → result comment → request::done + closed, or request::failed + what to fix.
 *
 * A problem the submitter can fix (a bad row, an unknown organization, a template
 * that reaches for more than name, email and organization) fails the request with
 * a comment. An unexpected one (Zendesk or GitLab down) leaves it in processing
 * with a comment saying so; the next run resumes it, and the ledger in the
 * comment makes sure no ticket is made twice. One request's trouble never stops
 * the others.
 */
import { plainText } from '../core/plainText.ts';
import { checkApproval } from './approval.ts';
import { ensureTickets, planTickets, recipientsOf, type RowResult } from './customerTickets.ts';
import { requestTag, type RequestRef } from './externalIds.ts';
import { OPEN_STATES, REQUEST_LABELS, stateOf, transition, type RequestState } from './labels.ts';
import { emptyLedger, type Ledger } from './ledger.ts';
import { labelOf, VALUE_NAMES, type RequestForm, type RequestParser, type RequestValues } from './model.ts';
import { editOrganizationFile, findOrganization, organizationRequestOf, type OrganizationFileRef } from './organizationRequests.ts';
import type { GitLabIssue, GitLabUser, RequestsGitLab, RequestsZendesk } from './ports.ts';
import {
  renderAwaitingApproval,
  renderFailed,
  renderInterrupted,
  renderMergeRequestDescription,
  renderMergeRequestResult,
  renderTickets,
  renderTicketsProgress,
  ResultComment,
} from './resultComment.ts';
import { ensureSingleTicket, planInternalTicket, singleRecipient } from './singleTickets.ts';
import { lookUpAgent, lookUpGroup, ticketOptions } from './ticketOptions.ts';

export interface ProcessRequestsOptions {
  gitlab: RequestsGitLab;
  zendesk: RequestsZendesk;
  /** `parseRequestBlock` (forms/requestBlock.ts) with the loaded forms bound. */
  parseRequest: RequestParser;
  /** GitLab's numeric project id ($CI_PROJECT_ID): part of every ticket's external_id. */
  projectId: number;
  /** Where organization merge requests start from and go to ($CI_DEFAULT_BRANCH). */
  defaultBranch: string;
  /** The organizations config/ manages (config/organizations/*.yaml on the default branch). */
  organizations: readonly OrganizationFileRef[];
  /** One line per request as it finishes, for the job log. */
  onProgress?: (line: string) => void;
  /** The clock (tests inject it): a note's `expires` must come after today. */
  now?: () => Date;
}

export type RequestOutcome =
  | { issueIid: number; outcome: 'done'; summary: string }
  | { issueIid: number; outcome: 'failed'; problems: string[] }
  | { issueIid: number; outcome: 'awaiting_approval'; reason: string }
  | { issueIid: number; outcome: 'skipped'; reason: string }
  | { issueIid: number; outcome: 'interrupted'; message: string };

export type OutcomeKind = RequestOutcome['outcome'];

export interface RequestsRunSummary {
  requests: RequestOutcome[];
  counts: Record<OutcomeKind, number>;
}

const OUTCOME_ORDER: readonly OutcomeKind[] = ['done', 'failed', 'awaiting_approval', 'interrupted', 'skipped'];

/** A failed request's comment lists this many problems, then counts the rest. */
const MAX_PROBLEMS_SHOWN = 20;

export async function processRequests(options: ProcessRequestsOptions): Promise<RequestsRunSummary> {
  const { gitlab } = options;
  const bot = await gitlab.currentUser();
  const issues = new Map<number, GitLabIssue>();
  for (const state of OPEN_STATES) {
    for (const issue of await gitlab.issues({ labels: [REQUEST_LABELS[state]], state: 'opened' })) issues.set(issue.iid, issue);
  }
  const requests: RequestOutcome[] = [];
  for (const issue of [...issues.values()].sort((a, b) => a.iid - b.iid)) {
    const outcome = await processIssue(options, bot, issue);
    requests.push(outcome);
    options.onProgress?.(describeOutcome(outcome));
  }
  const counts = Object.fromEntries(OUTCOME_ORDER.map((kind) => [kind, requests.filter((r) => r.outcome === kind).length])) as Record<OutcomeKind, number>;
  return { requests, counts };
}

/** "Requests: 2 done, 1 failed, …" then a line per request. */
export function formatRunSummary(summary: RequestsRunSummary): string {
  const counts = OUTCOME_ORDER.map((kind) => `${summary.counts[kind]} ${kind.replace('_', ' ')}`).join(', ');
  const lines = summary.requests.map((request) => `  ${describeOutcome(request)}`);
  return [`Requests: ${counts}`, ...lines].join('\n');
}

/** One line of plain text: problems and messages quote the issue, and the job log is a terminal (no escape sequences). */
function describeOutcome(request: RequestOutcome): string {
  return plainText(describeOutcomeText(request));
}

function describeOutcomeText(request: RequestOutcome): string {
  const head = `#${request.issueIid}`;
  switch (request.outcome) {
    case 'done':
      return `${head} done: ${request.summary}`;
    case 'failed':
      return `${head} failed: ${request.problems.join('; ')}`;
    case 'awaiting_approval':
      return `${head} waiting for approval: ${request.reason}`;
    case 'skipped':
      return `${head} skipped: ${request.reason}`;
    case 'interrupted':
      return `${head} interrupted (the next run resumes it): ${request.message}`;
  }
}

/** What one request needs while it is processed. */
interface Run {
  options: ProcessRequestsOptions;
  issue: GitLabIssue;
  state: RequestState;
  comment: ResultComment;
  ledger: Ledger;
  formTitle: string;
  /** The processor's own GitLab user: only its merge requests are reused. */
  bot: GitLabUser;
}

async function processIssue(options: ProcessRequestsOptions, bot: GitLabUser, issue: GitLabIssue): Promise<RequestOutcome> {
  const issueIid = issue.iid;
  const state = stateOf(issue.labels);
  if (state === null || state === 'done' || state === 'failed') return { issueIid, outcome: 'skipped', reason: `labelled ${state ? REQUEST_LABELS[state] : 'with no request state'}` };
  const { gitlab } = options;
  const comment = await ResultComment.find(gitlab, issueIid, bot);
  const run: Run = { options, issue, state, comment, ledger: comment.ledger ?? emptyLedger(), formTitle: 'Request', bot };
  try {
    const parsed = options.parseRequest(issue.description);
    if (!parsed.ok) return await fail(run, parsed.problems);
    const { form, values } = parsed;
    run.formTitle = form.title;
    const recipientCount = form.action === 'customer_tickets' ? recipientsOf(values).length : 1;
    if (form.approval) {
      const approval = checkApproval({
        form, recipientCount, events: await gitlab.issueLabelEvents(issueIid), botUsername: bot.username, descriptionEditedAt: comment.descriptionEdits,
        submitter: issue.authorUsername,
      });
      if (approval.needed && !approval.approved) {
        // A label that approves nothing goes, so an approver's own add is a new label event
        // (GitLab records none for a label already there).
        if (state === 'approved') await moveTo(run, 'new');
        await comment.ensure(
          renderAwaitingApproval({
            formTitle: form.title,
            ledger: comment.ledger,
            reason: approval.reason,
            approvers: approval.approvers,
            recipients: form.action === 'customer_tickets' ? recipientCount : null,
          }),
        );
        return { issueIid, outcome: 'awaiting_approval', reason: approval.reason };
      }
    }
    return await act(run, form, values);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    try {
      await comment.ensure(renderInterrupted({ formTitle: run.formTitle, ledger: worthKeeping(run.ledger), message }));
    } catch {
      // The comment is a courtesy; the outcome below reaches the job log either way.
    }
    return { issueIid, outcome: 'interrupted', message };
  }
}

async function act(run: Run, form: RequestForm, values: RequestValues): Promise<RequestOutcome> {
  switch (form.action) {
    case 'customer_tickets':
      return customerTickets(run, form, values);
    case 'single_ticket':
    case 'internal_request':
      return singleTicket(run, form, values);
    case 'shared_organization':
    case 'organization_note':
      return organizationChange(run, form, values);
  }
}

async function customerTickets(run: Run, form: RequestForm, values: RequestValues): Promise<RequestOutcome> {
  const { zendesk } = run.options;
  const prepared = ticketOptions(form, values);
  if (!prepared.ok) return fail(run, prepared.problems);
  const [group, agent] = await Promise.all([lookUpGroup(zendesk, prepared.options.groupName), lookUpAgent(zendesk, prepared.options.sentBy)]);
  if (!group.ok || !agent.ok) return fail(run, [...(group.ok ? [] : [group.problem]), ...(agent.ok ? [] : [agent.problem])]);
  const planned = planTickets({ form, ref: refOf(run), recipients: recipientsOf(values), options: prepared.options, groupId: group.groupId, assigneeId: agent.agentId });
  if (!planned.ok) return fail(run, planned.problems);
  // Read before moving on: an earlier run got this far only if the issue was already in processing.
  const resumed = run.state === 'processing';
  const hadLedger = run.comment.ledger !== null;
  await moveTo(run, 'processing');
  const { results, ledger } = await ensureTickets({
    zendesk,
    tickets: planned.tickets,
    ledger: run.ledger,
    // Without our ledger, an earlier run that reached processing may have made tickets we cannot see listed.
    checkAll: !hadLedger && (resumed || run.comment.othersCarryMarker),
    saveLedger: async (ledger, progress) => {
      run.ledger = ledger;
      await run.comment.ensure(renderTicketsProgress({ formTitle: form.title, ledger, ...progress }));
    },
  });
  run.ledger = ledger;
  return finishTickets(run, results);
}

async function singleTicket(run: Run, form: RequestForm, values: RequestValues): Promise<RequestOutcome> {
  const { zendesk } = run.options;
  const ref = refOf(run);
  let plannedTicket;
  if (form.action === 'single_ticket') {
    const recipient = singleRecipient(values);
    const prepared = ticketOptions(form, values);
    const problems = [...(recipient ? [] : [`${labelOf(form, VALUE_NAMES.email)}: required`]), ...(prepared.ok ? [] : prepared.problems)];
    if (!recipient || !prepared.ok) return fail(run, problems);
    const [group, agent] = await Promise.all([lookUpGroup(zendesk, prepared.options.groupName), lookUpAgent(zendesk, prepared.options.sentBy)]);
    if (!group.ok || !agent.ok) return fail(run, [...(group.ok ? [] : [group.problem]), ...(agent.ok ? [] : [agent.problem])]);
    const planned = planTickets({ form, ref, recipients: [recipient], options: prepared.options, groupId: group.groupId, assigneeId: agent.agentId });
    if (!planned.ok) return fail(run, planned.problems);
    plannedTicket = planned.tickets[0];
  } else {
    const group = await lookUpGroup(zendesk, form.zendesk?.group ?? null);
    if (!group.ok) return fail(run, [group.problem]);
    const planned = await planInternalTicket({ form, values, ref, issueTitle: run.issue.title, issueUrl: run.issue.webUrl ?? `#${run.issue.iid}`, zendesk, groupId: group.groupId });
    if (!planned.ok) return fail(run, planned.problems);
    plannedTicket = planned.ticket;
  }
  await moveTo(run, 'processing');
  const { result, ledger } = await ensureSingleTicket(zendesk, plannedTicket, run.ledger);
  run.ledger = ledger;
  return finishTickets(run, [result]);
}

async function finishTickets(run: Run, results: RowResult[]): Promise<RequestOutcome> {
  await run.comment.ensure(renderTickets({ formTitle: run.formTitle, ledger: worthKeeping(run.ledger), results, tag: requestTag(refOf(run)) }));
  const failed = results.filter((result) => result.outcome === 'failed');
  const made = results.filter((result) => result.outcome === 'created').length;
  const earlier = results.filter((result) => result.outcome === 'existing').length;
  if (failed.length > 0) {
    await moveTo(run, 'failed');
    return { issueIid: run.issue.iid, outcome: 'failed', problems: [`${failed.length} of ${results.length} tickets not made (listed in the comment)`] };
  }
  await moveTo(run, 'done');
  return { issueIid: run.issue.iid, outcome: 'done', summary: `${made} ${made === 1 ? 'ticket' : 'tickets'} made${earlier > 0 ? `, ${earlier} made by an earlier run` : ''}` };
}

async function organizationChange(run: Run, form: RequestForm, values: RequestValues): Promise<RequestOutcome> {
  const { gitlab, organizations, defaultBranch } = run.options;
  const today = (run.options.now?.() ?? new Date()).toISOString().slice(0, 10);
  const request = organizationRequestOf(form, values, today);
  if (!request.ok) return fail(run, request.problems);
  const organization = findOrganization(organizations, request.request.organization);
  if (!organization) {
    return fail(run, [
      `"${request.request.organization}" is not an organization this project manages: no file in config/organizations/ names it. ` +
        'Check the name, or ask Support Ops to add the organization to config/ first',
    ]);
  }
  const file = await gitlab.repositoryFile(organization.path, defaultBranch);
  if (!file) return fail(run, [`${organization.path} is not on ${defaultBranch} any more; check the organization's name`]);
  const edit = editOrganizationFile(file.content, organization.path, request.request, run.issue.webUrl ?? '');
  if (!edit.ok) return fail(run, [edit.reason]);
  const common = { formTitle: form.title, ledger: null, path: organization.path, changes: edit.changes };
  if (edit.text === file.content) {
    await run.comment.ensure(renderMergeRequestResult({ ...common, mergeRequest: null }));
    await moveTo(run, 'done');
    return { issueIid: run.issue.iid, outcome: 'done', summary: `${organization.path} already as requested` };
  }
  const branch = `request/${run.issue.iid}-${form.id}`;
  const existing = await gitlab.branch(branch);
  // Only a branch whose head is the commit this request's own comment recorded is ours: anyone with the
  // Developer role can make `request/<next iid>-…` first, with changes of their own the bot's merge request
  // would then carry, or push to ours. Neither gets a commit or a merge request from the processor.
  if (existing ? existing.commit.id !== run.ledger.branchHead : (await gitlab.mergeRequests({ source_branch: branch, state: 'opened' })).length > 0) {
    return fail(run, [
      `the branch ${branch} already exists${existing ? '' : ' as the source of an open merge request'}, and the processor did not make it for this request ` +
        '(or someone has pushed to it since); nothing was committed. Delete the branch and close its merge request, then set the request::new label',
    ]);
  }
  await moveTo(run, 'processing');
  const commitMessage = `${form.title}: ${organization.name}, as requested in ${run.issue.webUrl ?? `#${run.issue.iid}`}`;
  const onBranch = existing ? await gitlab.repositoryFile(organization.path, branch) : null;
  if (!existing || onBranch?.content !== edit.text) {
    const commit = await gitlab.createCommit({
      branch,
      ...(existing ? {} : { start_branch: defaultBranch }),
      commit_message: commitMessage,
      actions: [{ action: existing && !onBranch ? 'create' : 'update', file_path: organization.path, content: edit.text }],
    });
    // Recorded before the merge request is opened, so a run cut short here finds its own branch next time.
    run.ledger = { ...run.ledger, branchHead: commit.id };
    await run.comment.ensure(renderMergeRequestResult({ ...common, ledger: run.ledger, mergeRequest: null, opening: true }));
  }
  const open = await gitlab.mergeRequests({ source_branch: branch, state: 'opened' });
  // Someone else's merge request on our branch is not the request's: its title and description are theirs.
  const foreign = open.find((candidate) => candidate.authorId !== undefined && candidate.authorId !== null && candidate.authorId !== run.bot.id);
  if (foreign) {
    return fail(run, [`merge request !${foreign.iid} on ${branch} was opened by someone else; close it, then set the request::new label`]);
  }
  const mergeRequest =
    open[0] ??
    (await gitlab.createMergeRequest({
      source_branch: branch,
      target_branch: defaultBranch,
      title: `${form.title}: ${organization.name} (#${run.issue.iid})`,
      description: renderMergeRequestDescription({ formTitle: form.title, issueUrl: run.issue.webUrl ?? `#${run.issue.iid}`, path: organization.path, changes: edit.changes }),
      remove_source_branch: true,
    }));
  await run.comment.ensure(renderMergeRequestResult({ ...common, ledger: worthKeeping(run.ledger), mergeRequest }));
  await moveTo(run, 'done');
  return { issueIid: run.issue.iid, outcome: 'done', summary: `merge request !${mergeRequest.iid} for ${organization.path}` };
}

async function fail(run: Run, all: string[]): Promise<RequestOutcome> {
  // However many problems a hostile request has, the comment stays far below GitLab's 1,000,000 characters a note.
  const problems = all.length > MAX_PROBLEMS_SHOWN ? [...all.slice(0, MAX_PROBLEMS_SHOWN), `…and ${all.length - MAX_PROBLEMS_SHOWN} more problems`] : all;
  await run.comment.ensure(renderFailed({ formTitle: run.formTitle, ledger: worthKeeping(run.ledger), problems }));
  await moveTo(run, 'failed');
  return { issueIid: run.issue.iid, outcome: 'failed', problems };
}

/** One label edit (and the close, for done); none when the issue is already there. */
async function moveTo(run: Run, to: RequestState): Promise<void> {
  if (run.state === to) return;
  const edit = transition(to, run.issue.labels);
  run.issue = await run.options.gitlab.editIssue(run.issue.iid, edit);
  run.state = to;
}

function refOf(run: Run): RequestRef {
  return { projectId: run.options.projectId, issueIid: run.issue.iid };
}

/** A ledger that records something; an empty one is left out of the comment. */
function worthKeeping(ledger: Ledger): Ledger | null {
  return ledger.tickets.length > 0 || (ledger.pending?.length ?? 0) > 0 || ledger.branchHead !== undefined ? ledger : null;
}
