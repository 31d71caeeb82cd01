/**
 * The one result comment per request issue: found by its hidden marker AND its
 * author (the token's user; GitLab lets only a note's author edit it, and anyone
 * can paste a marker into a comment of their own), edited in place, rendered from
 * templates/requests/. Every value that came from the issue or from Zendesk goes
 * through `{{inert …}}` in the templates (render/inert.ts); what the templates show
 * raw (`{{{…}}}`) is the tool's own: the marker, the ledger, ticket and MR links,
 * approver mentions checked against GitLab's username pattern.
 */
import { renderTemplate } from '../render/templates.ts';
import { formatLedger, parseLedger, type Ledger } from './ledger.ts';
import type { RowResult } from './customerTickets.ts';
import type { GitLabNote, GitLabUser, RequestsGitLab } from './ports.ts';

export const RESULT_MARKER = '<!-- zendesk-gitops:request-result -->';

/** GitLab usernames (docs.gitlab.com/user/reserved_names/): a mention of one of these notifies that person only. */
const USERNAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}$/;

export class ResultComment {
  private constructor(
    private readonly gitlab: RequestsGitLab,
    private readonly issueIid: number,
    private note: GitLabNote | null,
    /** Notes carrying the marker that someone else wrote: an earlier token's bot, or a paste. */
    readonly othersCarryMarker: boolean,
    /** When the issue's description was edited, oldest first (ISO 8601). */
    readonly descriptionEdits: readonly string[] = [],
  ) {}

  static async find(gitlab: RequestsGitLab, issueIid: number, bot: GitLabUser): Promise<ResultComment> {
    const notes = await gitlab.issueNotes(issueIid);
    const marked = notes.filter((note) => !note.system && note.body.includes(RESULT_MARKER));
    const ours = marked.filter((note) => note.authorId === bot.id).sort((a, b) => a.id - b.id)[0] ?? null;
    // GitLab's own system note on every description edit (doc/api/notes.md): when the request itself changed.
    const edits = notes.filter((note) => note.system && note.body.startsWith('changed the description') && note.createdAt).map((note) => note.createdAt as string);
    return new ResultComment(gitlab, issueIid, ours, marked.some((note) => note.authorId !== bot.id), edits);
  }

  /** The ledger our comment holds; null without one (never a ledger from someone else's note). */
  get ledger(): Ledger | null {
    return this.note ? parseLedger(this.note.body) : null;
  }

  /** Posts or edits; writes nothing when the comment already says exactly this. */
  async ensure(body: string): Promise<void> {
    if (this.note?.body === body) return;
    this.note = this.note ? await this.gitlab.editIssueNote(this.issueIid, this.note.id, body) : await this.gitlab.createIssueNote(this.issueIid, body);
  }
}

interface Common {
  formTitle: string;
  ledger: Ledger | null;
}

function view(common: Common, rest: object): object {
  return { marker: RESULT_MARKER, formTitle: common.formTitle, ledger: common.ledger ? formatLedger(common.ledger) : '', ...rest };
}

export function renderAwaitingApproval(common: Common & { reason: string; approvers: string[]; recipients: number | null }): string {
  const approvers = common.approvers.filter((name) => USERNAME.test(name)).map((name) => `@${name}`);
  return renderTemplate('requests/awaiting-approval', view(common, { reason: common.reason, approvers, recipients: common.recipients }));
}

export function renderFailed(common: Common & { problems: string[] }): string {
  return renderTemplate('requests/failed', view(common, { problems: common.problems, ticketsSoFar: common.ledger?.tickets.length ?? 0 }));
}

export function renderInterrupted(common: Common & { message: string }): string {
  return renderTemplate('requests/interrupted', view(common, { message: common.message, ticketsSoFar: common.ledger?.tickets.length ?? 0 }));
}

export function renderTicketsProgress(common: Common & { done: number; total: number }): string {
  return renderTemplate('requests/tickets', view(common, { inProgress: true, done: common.done, total: common.total }));
}

/**
 * GitLab takes at most 1,000,000 characters a note, and `inert` writes `|` as `&#124;`: 500 rows of
 * 255-character names made of them came to 1.2 million. Names, emails and reasons are shown cut (the row
 * number and the ticket link say which is which), and should the comment still be too long, the table
 * of tickets made gives way to the tag they all carry.
 */
const SHOWN_LENGTH = 80;
const SHOWN_REASON_LENGTH = 300;
const MAX_COMMENT_LENGTH = 900_000;
const FAILED_ROWS_WHEN_LONG = 100;

export function renderTickets(common: Common & { results: RowResult[]; tag: string }): string {
  const who = (result: RowResult) => ({ row: result.row, email: cut(result.recipient.email, SHOWN_LENGTH), name: cut(result.recipient.name ?? '', SHOWN_LENGTH) });
  const made = common.results.flatMap((r) => (r.outcome === 'failed' ? [] : [{ ...who(r), id: r.id, url: r.url, earlier: r.outcome === 'existing' }]));
  const failed = common.results.flatMap((r) => (r.outcome === 'failed' ? [{ ...who(r), reason: cut(r.reason, SHOWN_REASON_LENGTH) }] : []));
  const rest = { total: common.results.length, made, failed, madeCount: made.length, failedCount: failed.length, tag: common.tag };
  const full = renderTemplate('requests/tickets', view(common, rest));
  if (full.length <= MAX_COMMENT_LENGTH) return full;
  const withoutMade = renderTemplate('requests/tickets', view(common, { ...rest, made: [] }));
  if (withoutMade.length <= MAX_COMMENT_LENGTH) return withoutMade;
  return renderTemplate('requests/tickets', view(common, { ...rest, made: [], failed: failed.slice(0, FAILED_ROWS_WHEN_LONG), failedMore: failed.length - FAILED_ROWS_WHEN_LONG }));
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `opening`: the change is committed and the merge request not yet opened (the comment then records the branch's head). */
export function renderMergeRequestResult(common: Common & { path: string; changes: string[]; mergeRequest: { iid: number; webUrl: string | null } | null; opening?: boolean }): string {
  const { mergeRequest } = common;
  return renderTemplate('requests/merge-request', view(common, {
    opening: common.opening === true,
    path: common.path,
    changes: common.changes,
    mergeRequestIid: mergeRequest?.iid ?? null,
    mergeRequestUrl: mergeRequest?.webUrl ?? null,
  }));
}

export const MERGE_REQUEST_MARKER = '<!-- zendesk-gitops:request-merge-request -->';

export function renderMergeRequestDescription(input: { formTitle: string; issueUrl: string; path: string; changes: string[] }): string {
  return renderTemplate('requests/merge-request-description', { marker: MERGE_REQUEST_MARKER, ...input });
}
