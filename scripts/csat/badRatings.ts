/**
 * One confidential GitLab issue per bad rating (issue 13), for the managers of the rating's
 * group to investigate; the rating changed to good later: a note on its issue, and the issue
 * closed; changed back to bad after that: a note, and the issue reopened, but only when the
 * bot's close is the issue's last word (a person who closed it by hand decided; it stays
 * closed). Each note carries a marker, so re-runs write nothing new.
 *
 * Which ratings: every bad rating whose survey went out in the report's months
 * (config/csat.yaml `periods.monthly`, the range topBadReasons covers), by its current score.
 * A bad rating older than that was handled (or skipped) while it was in range.
 *
 * Found again by a hidden marker with the rating id AND the author: only issues the token's
 * user opened count, so a marker quoted or copied into someone else's issue never stands in
 * for it (as the drift and integrity-report issues are found; gitlab-api.md §1.2). Zendesk
 * text reaches the description only through the templates' `inert` (entities for `<`), so a
 * comment cannot write a marker. Lookup, in the fewest requests: one list of the issues with
 * the csat labels (both states, 100 a page); a bad rating not among them is searched for
 * once by its id (`search`, title and description; §1.5) before an issue is opened, in case
 * someone took the label off by hand. Only then is an issue opened.
 *
 * A token's user is its bot user: replacing GITLAB_API_TOKEN with a token of another bot user
 * makes earlier issues someone else's, and the next run opens new ones; rotate the token instead
 * (`POST /projects/:id/access_tokens/:token_id/rotate` keeps the bot user and renews its
 * membership: gitlab-org/gitlab!136986). README, "Customer satisfaction (CSAT)".
 *
 * Rendering is handed in (`texts`): templates live a layer above (../render/).
 */
import type { GitLabClient, GitLabIssue, GitLabNote, GitLabUser } from '../gitlab/client.ts';
import type { ZendeskClient } from '../zendesk/client.ts';
import { ZendeskApiError } from '../zendesk/errors.ts';
import { mapConcurrent } from '../zendesk/limiter.ts';
import { checkAnswer, object } from '../zendesk/shapes.ts';
import type { CsatConfig } from './config.ts';
import { localIso, utcIso } from './periods.ts';
import { assigneeName, groupName, reasonName, type RatingNames } from './ratingNames.ts';
import { satisfactionRatingAnswer, type SatisfactionRating } from './read.ts';

const MARKER_PREFIX = 'zendesk-gitops:csat-bad-rating';
const MARKER = /<!-- zendesk-gitops:csat-bad-rating (\d+) -->/;

/** The hidden line in a bad-rating issue's description that names its rating. */
export function badRatingMarker(ratingId: number): string {
  return `<!-- ${MARKER_PREFIX} ${ratingId} -->`;
}

/** The hidden line in the "changed to good" note: said once, even if someone reopens the issue. */
export function changedToGoodMarker(ratingId: number): string {
  return `<!-- zendesk-gitops:csat-rating-changed-to-good ${ratingId} -->`;
}

/** The hidden line in the "changed back to bad" note, said when the bot reopens the issue. */
export function changedBackToBadMarker(ratingId: number): string {
  return `<!-- zendesk-gitops:csat-rating-changed-back-to-bad ${ratingId} -->`;
}

/** What a bad-rating issue shows. Zendesk values are raw here: the template makes each inert. */
export interface BadRatingView {
  marker: string;
  ratingId: number;
  ticketId: number;
  ticketUrl: string;
  group: string;
  assignee: string;
  reason: string;
  /** The customer's comment, line by line; empty when there is none. */
  commentLines: string[];
  /** When the survey went out (the rating's created_at), in the configured zone and in UTC. */
  surveySentLocal: string;
  surveySentUtc: string;
  timeZone: string;
  /** GitLab usernames from config/csat.yaml `managers` for the group: the only mentions. */
  managers: readonly string[];
}

export interface ChangedToGoodView {
  marker: string;
  ratingId: number;
  ticketId: number;
  ticketUrl: string;
  /** The rating's updated_at, UTC. */
  changedAtUtc: string;
  commentLines: string[];
}

export interface ChangedBackToBadView extends ChangedToGoodView {
  /** The reason the customer gives now; raw, the template makes it inert. */
  reason: string;
}

export interface BadRatingTexts {
  issueDescription(view: BadRatingView): string;
  changedToGoodNote(view: ChangedToGoodView): string;
  changedBackToBadNote(view: ChangedBackToBadView): string;
}

export interface EnsureBadRatingIssuesOptions {
  gitlab: GitLabClient;
  /** Read only: the current score of a rating whose issue is open and that is no longer listed as bad. */
  zendesk: ZendeskClient;
  /** The bad ratings of the report's months. */
  badRatings: readonly SatisfactionRating[];
  names: RatingNames;
  config: CsatConfig;
  /** Where an agent opens a ticket. */
  ticketUrl: (ticketId: number) => string;
  texts: BadRatingTexts;
}

export interface BadRatingIssuesOutcome {
  opened: { ratingId: number; issue: GitLabIssue }[];
  /**
   * Bad ratings whose id is no whole number a marker can carry exactly (beyond 2^53, JSON
   * rounds it): no issue, since the next run could not find it and would open another.
   */
  unmarkable: number[];
  /** Bad ratings whose issue an earlier run opened (open or closed). */
  existing: number;
  closed: { ratingId: number; issue: GitLabIssue }[];
  /** Issues the bot had closed for "changed to good" whose rating is bad again. */
  reopened: { ratingId: number; issue: GitLabIssue }[];
}

export function badRatingTitle(rating: SatisfactionRating): string {
  // No `#` before the ticket id: in a title GitLab would link it to an issue of this project.
  return `Bad CSAT rating ${rating.id}: Zendesk ticket ${rating.ticket_id}`;
}

export function badRatingView(rating: SatisfactionRating, options: Pick<EnsureBadRatingIssuesOptions, 'names' | 'config' | 'ticketUrl'>): BadRatingView {
  const group = groupName(rating, options.names);
  const createdMs = Date.parse(rating.created_at);
  return {
    marker: badRatingMarker(rating.id),
    ratingId: rating.id,
    ticketId: rating.ticket_id,
    ticketUrl: options.ticketUrl(rating.ticket_id),
    group,
    assignee: assigneeName(rating, options.names),
    reason: reasonName(rating, options.names),
    commentLines: commentLines(rating.comment),
    surveySentLocal: localIso(createdMs, options.config.timeZone),
    surveySentUtc: utcIso(createdMs),
    timeZone: options.config.timeZone,
    managers: (group && Object.hasOwn(options.config.managers, group) ? options.config.managers[group] : undefined) ?? [],
  };
}

/**
 * A comment as lines, each without its leading blanks (indented, a quoted line would turn
 * into a code block, where entities show as typed); none → [].
 */
function commentLines(comment: string | null | undefined): string[] {
  if (typeof comment !== 'string' || comment.trim() === '') return [];
  return comment.replace(/\r\n?/g, '\n').trim().split('\n').map((line) => line.trim());
}

export async function ensureBadRatingIssues(options: EnsureBadRatingIssuesOptions): Promise<BadRatingIssuesOutcome> {
  const { gitlab, config } = options;
  const me = await gitlab.currentUser();
  const labels = [...new Set([...config.labels.badRating, ...config.labels.all])];
  // The label every csat issue carries, as a server-side filter; none configured: every issue.
  const findBy = config.labels.all.length > 0 ? [...config.labels.all] : [...config.labels.badRating];
  const ours = ourIssues(await gitlab.issues({ labels: findBy }), me);
  const outcome: BadRatingIssuesOutcome = { opened: [], existing: 0, closed: [], reopened: [], unmarkable: [] };
  const markable = (rating: SatisfactionRating) => Number.isSafeInteger(rating.id) && rating.id > 0;
  outcome.unmarkable = options.badRatings.filter((rating) => !markable(rating)).map((rating) => rating.id);
  const bad = options.badRatings.filter(markable).sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id);
  const closedOnes: { rating: SatisfactionRating; issue: GitLabIssue }[] = [];
  for (const rating of bad) {
    let issue = ours.get(rating.id) ?? ourIssues(await gitlab.issues({ search: String(rating.id) }), me).get(rating.id);
    if (issue) {
      ours.set(rating.id, issue);
      outcome.existing++;
      if (issue.state === 'closed') closedOnes.push({ rating, issue });
      continue;
    }
    const view = badRatingView(rating, options);
    issue = await gitlab.createIssue({ title: badRatingTitle(rating), description: options.texts.issueDescription(view), labels, confidential: true });
    outcome.opened.push({ ratingId: rating.id, issue });
  }
  outcome.reopened = await reopenChangedBackToBad(options, closedOnes, me);
  outcome.closed = await closeChangedToGood(options, ours, new Set(bad.map((rating) => rating.id)), me);
  return outcome;
}

/**
 * Closed issues whose rating is bad (again): reopened, with one note, only where the bot
 * closed the issue and its last marked note says "changed to good". GitLab names who closed
 * an issue on the issue (`closed_by`), so a close by anyone else costs no request and is
 * final: a manager who closed it by hand, or reopened the bot's close and closed it again,
 * has decided. The bot's last word "changed back to bad" on an issue the bot closed means the
 * reopen failed after the note (GitLab down between the two): reopened without saying it twice.
 */
async function reopenChangedBackToBad(
  options: EnsureBadRatingIssuesOptions,
  closedOnes: readonly { rating: SatisfactionRating; issue: GitLabIssue }[],
  me: GitLabUser,
): Promise<{ ratingId: number; issue: GitLabIssue }[]> {
  const { gitlab } = options;
  const reopened: { ratingId: number; issue: GitLabIssue }[] = [];
  for (const { rating, issue } of closedOnes) {
    if (issue.closedByUsername !== me.username) continue;
    const last = lastBotWord(await gitlab.issueNotes(issue.iid), rating.id, me);
    if (last?.word === 'good') {
      const view: ChangedBackToBadView = {
        marker: changedBackToBadMarker(rating.id),
        ratingId: rating.id,
        ticketId: rating.ticket_id,
        ticketUrl: options.ticketUrl(rating.ticket_id),
        changedAtUtc: utcIso(Date.parse(rating.updated_at)),
        reason: reasonName(rating, options.names),
        commentLines: commentLines(rating.comment),
      };
      await gitlab.createIssueNote(issue.iid, options.texts.changedBackToBadNote(view));
    } else if (last?.word !== 'bad') {
      continue; // closed by the bot, yet never said "changed to good": not a close this rule undoes
    }
    reopened.push({ ratingId: rating.id, issue: await gitlab.editIssue(issue.iid, { stateEvent: 'reopen' }) });
  }
  return reopened;
}

/**
 * What the bot said last about a rating on its issue: "changed to good" or "changed back to
 * bad" (its own notes with the rating's marker; notes oldest first), and where; null when it
 * said neither. A customer may change their mind more than once: the last word counts.
 */
function lastBotWord(notes: readonly GitLabNote[], ratingId: number, me: GitLabUser): { word: 'good' | 'bad'; index: number } | null {
  const good = changedToGoodMarker(ratingId);
  const bad = changedBackToBadMarker(ratingId);
  for (let index = notes.length - 1; index >= 0; index--) {
    const note = notes[index];
    if (note.system || note.authorId !== me.id) continue;
    if (note.body.includes(good)) return { word: 'good', index };
    if (note.body.includes(bad)) return { word: 'bad', index };
  }
  return null;
}

/**
 * Open issues whose rating is not bad any more: read each rating (one request each, only
 * these) and, where it is good now, say so once and close the issue. A rating gone from
 * Zendesk, or one that is still bad but older than the months, leaves its issue alone.
 */
async function closeChangedToGood(
  options: EnsureBadRatingIssuesOptions,
  ours: ReadonlyMap<number, GitLabIssue>,
  stillBad: ReadonlySet<number>,
  me: GitLabUser,
): Promise<{ ratingId: number; issue: GitLabIssue }[]> {
  const { gitlab, zendesk } = options;
  const candidates = [...ours].filter(([ratingId, issue]) => issue.state === 'opened' && !stillBad.has(ratingId)).sort(([a], [b]) => a - b);
  const current = await mapConcurrent(candidates, zendesk.concurrency, ([ratingId]) => currentRating(zendesk, ratingId));
  const closed: { ratingId: number; issue: GitLabIssue }[] = [];
  for (const [index, [ratingId, issue]] of candidates.entries()) {
    const rating = current[index];
    if (rating?.score !== 'good') continue;
    const marker = changedToGoodMarker(ratingId);
    const notes = await gitlab.issueNotes(issue.iid); // oldest first, GitLab's system notes included
    // "Changed back to bad" said last (the bot reopened it), or nothing said: this change to good is news.
    const last = lastBotWord(notes, ratingId, me);
    if (last?.word === 'good') {
      // Closed since and open again: a person reopened it, theirs to close. GitLab 15.4+ records
      // closing as a resource state event, not a note (doc/api/resource_state_events.md).
      const saidAt = Date.parse(notes[last.index].createdAt ?? '');
      const events = await gitlab.issueStateEvents(issue.iid);
      if (events.some((event) => event.state === 'closed' && !(Date.parse(event.created_at) < saidAt))) continue;
      // Said, but the close never happened (GitLab failed between the two): close it, without saying it twice.
      closed.push({ ratingId, issue: await gitlab.editIssue(issue.iid, { stateEvent: 'close' }) });
      continue;
    }
    const view: ChangedToGoodView = {
      marker,
      ratingId,
      ticketId: rating.ticket_id,
      ticketUrl: options.ticketUrl(rating.ticket_id),
      changedAtUtc: utcIso(Date.parse(rating.updated_at)),
      commentLines: commentLines(rating.comment),
    };
    await gitlab.createIssueNote(issue.iid, options.texts.changedToGoodNote(view));
    closed.push({ ratingId, issue: await gitlab.editIssue(issue.iid, { stateEvent: 'close' }) });
  }
  return closed;
}

/** GET /satisfaction_ratings/{id} (OAS ShowSatisfactionRating); null when Zendesk has it no more. */
async function currentRating(zendesk: ZendeskClient, ratingId: number): Promise<SatisfactionRating | null> {
  try {
    const answer = await zendesk.get<unknown>(`satisfaction_ratings/${ratingId}`);
    const origin = { method: 'GET', path: `satisfaction_ratings/${ratingId}`, what: 'satisfaction rating' };
    return checkAnswer(answer.body, object({ satisfaction_rating: satisfactionRatingAnswer }), origin).satisfaction_rating;
  } catch (error) {
    if (error instanceof ZendeskApiError && error.status === 404) return null;
    throw error;
  }
}

/** Rating id → the issue the token's user opened for it (the first, should there be two). */
function ourIssues(issues: readonly GitLabIssue[], me: GitLabUser): Map<number, GitLabIssue> {
  const found = new Map<number, GitLabIssue>();
  for (const issue of [...issues].sort((a, b) => a.iid - b.iid)) {
    if (issue.authorUsername !== me.username) continue;
    const ratingId = Number(issue.description.match(MARKER)?.[1]);
    if (Number.isSafeInteger(ratingId) && ratingId > 0 && !found.has(ratingId)) found.set(ratingId, issue);
  }
  return found;
}
