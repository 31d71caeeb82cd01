/**
 * What the pipeline writes into GitLab: the merge-request plan note, the apply
 * result, the drift issue and its follow-up notes. Pure: Plan and ApplyReport
 * in, Markdown out. The wording lives in templates/ (Atlantis keeps comment
 * templates as files), rendered by the one Handlebars instance (templates.ts);
 * the plan sections are plan.md's (markdown.ts planView, the same partials) and
 * the words words.ts's, so these notes, the terminal and plan.md cannot disagree.
 *
 * Every body starts with a hidden marker so the pipeline can find its own note
 * (marker and author: ../pipeline/ensure.ts) or issue again and edit it instead
 * of posting another (Renovate's ensureComment).
 */
import { settleApply, type ApplyReport, type ChangeOutcome } from '../core/applyOutcome.ts';
import { configDirLabel } from '../core/configDir.ts';
import type { Plan } from '../core/model.ts';
import { summaryRows } from './describe.ts';
import { plainText } from './inert.ts';
import { fenceFor, planView } from './markdown.ts';
import { renderTemplate as render } from './templates.ts';
import { changeHeadline, countsLine } from './words.ts';

export const PLAN_NOTE_MARKER = '<!-- zendesk-gitops:plan -->';
export const APPLY_NOTE_MARKER = '<!-- zendesk-gitops:apply -->';
export const DRIFT_ISSUE_MARKER = '<!-- zendesk-gitops:drift -->';
export const DRIFT_ISSUE_TITLE = 'Zendesk drift detected';
export const DRIFT_ISSUE_LABEL = 'zendesk-drift';

export interface NoteContext {
  commitSha?: string;
  pipelineUrl?: string;
  /** The job's own plan.md artifact; the job must keep it (.gitlab-ci.yml `artifacts`). */
  planArtifactUrl?: string;
  /** Longest body to return; defaults to DEFAULT_MAX_LENGTH. */
  maxLength?: number;
}

/**
 * GitLab refuses note bodies over 1,000,000 characters and descriptions over
 * 1,048,576 (../shared/reference/gitlab-api.md §1.2, §1.5, §3.6). Bodies are
 * measured in UTF-16 code units, never fewer than characters, so a body that
 * fits here fits there; the 10% margin is for anything a caller appends.
 */
export const DEFAULT_MAX_LENGTH = 900_000;

/** A callout listing thousands of deletes is unreadable; the details and the full plan have them all. */
const DELETES_LISTED = 100;
/** Zendesk error bodies can be long; one line of this much is enough to act on. */
const ERROR_SHOWN = 500;

/** `review`: the hidden plan-digest lines, and the warnings shown above the plan (credentials, a change to the tool itself; reviewed.ts), placed as they are. */
export function renderPlanNote(plan: Plan, ctx: NoteContext, review: { markers: string; warnings: string } = { markers: '', warnings: '' }): string {
  return renderPlanBody({ template: 'merge-request-plan', marker: PLAN_NOTE_MARKER, listUnmanaged: true, review }, plan, ctx);
}

export interface ApplyNoteInput {
  plan: Plan;
  report: ApplyReport;
  /** The plan made again after apply; null when it could not be made. */
  verification: Plan | null;
  verificationError?: string;
  /** Error diagnostics of the verification plan: with any, the apply is not verified. */
  verificationErrors?: number;
}

/**
 * When no plan can be made (invalid config/, unknown names), the plan note says
 * so instead of going on showing the previous commit's plan. No plan.md was
 * written, so the note links none.
 */
export function renderPlanFailedNote(reason: string, problems: readonly string[], ctx: NoteContext): string {
  const limit = 200;
  const shown = problems.length > limit ? [...problems.slice(0, limit), `… and ${problems.length - limit} more lines (see the job log)`] : problems;
  const lines = shown.map(fencedProblem);
  const { shortSha, pipelineUrl } = provenance(ctx);
  return render('merge-request-plan-failed', { marker: PLAN_NOTE_MARKER, shortSha, pipelineUrl, reason, lines, fence: fenceFor(lines) });
}

/**
 * The apply result. The verification plan has the last word (settle.ts): a
 * change whose answer was lost is reported as failed by its request, but when
 * the plan made afterwards finds nothing left and no error, it is in place, and
 * the note says so rather than "failed".
 */
export function renderApplyNote(input: ApplyNoteInput, ctx: NoteContext): string {
  const { plan, report, verification } = input;
  const settled = settleApply(report, verification ? { changes: verification.changes.length, errors: input.verificationErrors ?? 0 } : null);
  const inPlace = settled.outcome === 'verified' ? settled.lostButApplied.length : 0;
  // Failures first: when the list is cut short, what went wrong is still there.
  const outcomes = [...report.outcomes]
    .sort((a, b) => Number(a.status === 'applied') - Number(b.status === 'applied'))
    .map((outcome) => outcomeView(outcome, settled.outcome === 'verified'));
  const base = {
    marker: APPLY_NOTE_MARKER,
    ...provenance(ctx),
    target: plan.target,
    configDir: configDirLabel(plan.configRoot),
    total: report.outcomes.length,
    applied: report.applied + inPlace,
    failed: report.failed - inPlace,
    inPlace,
    verification: verificationView(input),
    whatNow: settled.outcome === 'verified' ? null : { failed: report.failed > 0, planErrors: (input.verificationErrors ?? 0) > 0 },
  };
  return fitSections(outcomes.length, maxLength(ctx), (shown) =>
    render('apply-result', { ...base, outcomes: outcomes.slice(0, shown), omitted: outcomes.length - shown }),
  );
}

export function renderDriftIssue(plan: Plan, ctx: NoteContext): { title: string; description: string; labels: string[] } {
  const description = renderPlanBody({ template: 'drift-issue', marker: DRIFT_ISSUE_MARKER, listUnmanaged: false }, plan, ctx);
  return { title: DRIFT_ISSUE_TITLE, description, labels: [DRIFT_ISSUE_LABEL] };
}

export function renderDriftUpdatedNote(plan: Plan, ctx: NoteContext): string {
  return renderPlanBody({ template: 'drift-updated-note', marker: DRIFT_ISSUE_MARKER, listUnmanaged: false }, plan, ctx);
}

/** `configRoot`: the config directory as given (`--config`), as the plan records it. */
export function renderDriftResolvedNote(configRoot: string, ctx: NoteContext): string {
  return render('drift-resolved-note', { marker: DRIFT_ISSUE_MARKER, ...provenance(ctx), configDir: configDirLabel(configRoot) });
}

interface PlanBodyOptions {
  template: string;
  marker: string;
  /** Whether the unmanaged objects are listed (markdown.ts PlanViewOptions). */
  listUnmanaged: boolean;
  review?: { markers: string; warnings: string };
}

/** The plan note, the drift issue and the drift follow-up share plan.md's view (markdown.ts), cut to fit GitLab. */
function renderPlanBody({ template, marker, listUnmanaged, review }: PlanBodyOptions, plan: Plan, ctx: NoteContext): string {
  const { changes, unmanaged, ...view } = planView(plan, { deletesListed: DELETES_LISTED, listUnmanaged });
  const base = {
    ...view,
    marker,
    ...review,
    ...provenance(ctx),
    // What someone vouches for with ZENDESK_REVIEWED_PLAN after reading this plan (pipeline/reviewedPlan.ts).
    digest: plan.digest ?? null,
    configOption: configOption(plan.configRoot),
  };
  // The unmanaged list is one more section, after the changes: it goes first when space runs out.
  const sections = changes.length + (unmanaged ? 1 : 0);
  return fitSections(sections, maxLength(ctx), (shown) => {
    const shownChanges = Math.min(shown, changes.length);
    const unmanagedShown = unmanaged !== null && shown > changes.length;
    const omitted = { changes: changes.length - shownChanges, unmanaged: unmanaged && !unmanagedShown ? unmanaged.total : 0 };
    return render(template, {
      ...base,
      changes: changes.slice(0, shownChanges),
      unmanaged: unmanagedShown ? unmanaged : null,
      omitted: omitted.changes + omitted.unmanaged > 0 ? omitted : null,
    });
  });
}

/**
 * The longest rendering that fits: `render(shown)` puts the first `shown`
 * sections in the template's list, so a cut only ever falls between two whole
 * `<details>` blocks or list items — never inside one or inside a code fence —
 * and everything outside the list (summary table, delete callout) stays.
 */
function fitSections(total: number, limit: number, renderShown: (shown: number) => string): string {
  const full = renderShown(total);
  if (full.length <= limit) return full;
  const bare = renderShown(0);
  if (bare.length > limit) throw new RangeError(`GitLab note limit of ${limit} characters is too small for even the summary (${bare.length})`);
  let fits = 0;
  let fails = total;
  while (fails - fits > 1) {
    const mid = Math.floor((fits + fails) / 2);
    if (renderShown(mid).length <= limit) fits = mid;
    else fails = mid;
  }
  return fits === 0 ? bare : renderShown(fits);
}

/** ` --config teams/emea` for commands the notes suggest; nothing for config/, where they look anyway. */
function configOption(configRoot: string): string {
  if (configDirLabel(configRoot) === 'config/') return '';
  return ` --config ${/\s/.test(configRoot) ? `"${configRoot}"` : configRoot}`;
}

function maxLength(ctx: NoteContext): number {
  return ctx.maxLength ?? DEFAULT_MAX_LENGTH;
}

function provenance(ctx: NoteContext) {
  // Eight characters, like GitLab's CI_COMMIT_SHORT_SHA.
  return { shortSha: ctx.commitSha?.slice(0, 8), pipelineUrl: ctx.pipelineUrl, planArtifactUrl: ctx.planArtifactUrl };
}

/**
 * A problem line inside the failed note's fence. Problems quote titles and file
 * names, so each is kept to one line (markdown.ts codeBlock). GitLab reads quick
 * actions from the note's source line by line and has found them inside code
 * before (gitlab-org/gitlab#24083, #204774): a line never starts with `/` here.
 */
function fencedProblem(line: string): string {
  return plainText(line).replace(/^\//, ' /');
}

/** `verified`: the verification plan found everything in place, so a failed request's change is too. */
function outcomeView(outcome: ChangeOutcome, verified: boolean) {
  const headline = changeHeadline(outcome.change);
  if (outcome.status === 'applied') return { ok: true, headline, via: outcome.via };
  if (verified) return { ok: true, headline, lostAnswer: oneLine(outcome.error) };
  return { ok: false, headline, error: oneLine(outcome.error) };
}

interface Differences {
  summary: string;
  rows: ReturnType<typeof summaryRows>;
}

type VerificationView =
  | { matches: true }
  | { differs: Differences }
  /** The plan made after apply reported errors: nothing it says can vouch for the apply. */
  | { planErrors: { count: number; differs: Differences | null } }
  | { unverified: { reason: string | null } };

function verificationView({ verification, verificationError, verificationErrors = 0 }: ApplyNoteInput): VerificationView {
  if (verificationError !== undefined || verification === null) return { unverified: { reason: verificationError ? oneLine(verificationError) : null } };
  const differs = verification.changes.length > 0 ? { summary: countsLine(verification.summary), rows: summaryRows(verification) } : null;
  if (verificationErrors > 0) return { planErrors: { count: verificationErrors, differs } };
  return differs ? { differs } : { matches: true };
}

/** An error inside a list item: one line, so it cannot break the list or open a block. */
function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > ERROR_SHOWN ? `${line.slice(0, ERROR_SHOWN)}…` : line;
}
