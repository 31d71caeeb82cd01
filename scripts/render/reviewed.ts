/**
 * What ties an applied plan to the one reviewed (issue 9, item 3), in GitLab:
 * the hidden markers the plan note carries (the plan digest, and the change
 * identities so the apply job can say what differs), the warning at the top
 * of a plan note whose merge request changes the tool itself, and the note the
 * apply job posts when the fresh plan is not the reviewed one. Pure.
 *
 * The markers are HTML comments on lines of their own. Their payloads never
 * hold `--`, so no comment can end early, and they are read back only from
 * notes the token's user wrote (../pipeline/ensure.ts).
 */
import type { BoundPlan } from '../core/model.ts';
import { checkChangeIdentities } from '../core/planFile.ts';
import { PLAN_KINDS } from '../kinds/registry.ts';
import { changeIdentities, type ChangeIdentity } from '../core/planDigest.ts';
import { inert } from './inert.ts';
import { renderTemplate as render } from './templates.ts';

const DIGEST_MARKER = /^<!-- zendesk-gitops:plan-digest (sha256:[0-9a-f]{64}) -->$/;
const CHANGES_MARKER = /^<!-- zendesk-gitops:plan-changes ([A-Za-z0-9_\- ]*) -->$/;
export const PLAN_DIFFERS_NOTE_MARKER = '<!-- zendesk-gitops:plan-differs -->';

/**
 * A change list longer than this is left out of the note (GitLab's note limit
 * is 1,000,000 characters); the digest alone still decides, and the apply job
 * then says that it cannot list the differences.
 */
const CHANGES_MARKER_LIMIT = 200_000;
/** A note listing thousands of differences is unreadable; the job log has them all. */
const DIFFERENCES_LISTED = 100;
/** Files listed in the tool-change warning; the merge request's Changes tab has the rest. */
const TOOL_FILES_LISTED = 50;

/** The two hidden lines the plan note carries. */
export function reviewedPlanMarkers(plan: BoundPlan): string {
  const digest = `<!-- zendesk-gitops:plan-digest ${plan.digest} -->`;
  const payload = Buffer.from(JSON.stringify(changeIdentities(plan)), 'utf8').toString('base64url');
  // base64url has `-` but not `>`: a space between two dashes keeps `--` out; the reader drops spaces.
  const changes = `<!-- zendesk-gitops:plan-changes ${payload.replace(/-(?=-)/g, '- ')} -->`;
  return changes.length <= CHANGES_MARKER_LIMIT ? `${digest}\n${changes}` : digest;
}

export interface ReviewedPlan {
  digest: string;
  /** null when the note carries no (readable) change list. */
  identities: ChangeIdentity[] | null;
}

/**
 * The reviewed plan a plan note records; null when it records none (a failed
 * plan, an older tool). Only the note's last lines count, where
 * reviewedPlanMarkers puts them: the diff blocks above show values from
 * config/ and Zendesk as typed, so a value holding a marker (a macro's comment
 * edited in Zendesk, say) would otherwise stand in for the bot's own digest
 * and vouch for a plan nobody reviewed.
 */
export function readReviewedPlan(noteBody: string): ReviewedPlan | null {
  const [last, beforeLast] = noteBody.trimEnd().split('\n').reverse();
  const changesLine = CHANGES_MARKER.exec(last ?? '');
  const digest = DIGEST_MARKER.exec((changesLine ? beforeLast : last) ?? '')?.[1];
  if (!digest) return null;
  return { digest, identities: changesLine ? decodeIdentities(changesLine[1]) : null };
}

function decodeIdentities(payload: string): ChangeIdentity[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload.replace(/\s+/g, ''), 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  // The same shape plan.json's change identities have (schemas/plan.schema.json).
  return checkChangeIdentities(parsed, PLAN_KINDS);
}

/** The warning at the top of the plan note; "" when the merge request leaves the tool alone. */
export function renderToolChangeWarning(paths: readonly string[]): string {
  if (paths.length === 0) return '';
  const listed = paths.slice(0, TOOL_FILES_LISTED).map(inert);
  return render('merge-request-tool-change', { total: paths.length, listed, unlisted: Math.max(0, paths.length - TOOL_FILES_LISTED) });
}

/** Warnings about the job's own credentials (pipeline/credentials.ts), one quoted line each; "" when there are none. */
export function renderCredentialWarnings(warnings: readonly string[]): string {
  return warnings.map((warning) => `> :warning: **Credentials:** ${inert(warning)}`).join('\n>\n');
}

export interface PlanDiffersInput {
  target: string;
  configDir: string;
  freshDigest: string;
  /** Null: no reviewed plan was found, for the reason in `missing`. */
  reviewed: { digest: string; where: string; listed: boolean } | null;
  missing?: string;
  /** One line per difference (planDigest.ts differenceLines), as plain text. */
  differences: readonly string[];
}

export interface DiffersContext {
  commitSha?: string;
  pipelineUrl?: string;
  planArtifactUrl?: string;
}

/** Posted on the merged merge request when the apply job applies nothing because the plan is not the reviewed one. */
export function renderPlanDiffersNote(input: PlanDiffersInput, ctx: DiffersContext): string {
  return render('merge-request-plan-differs', {
    marker: PLAN_DIFFERS_NOTE_MARKER,
    shortSha: ctx.commitSha?.slice(0, 8),
    pipelineUrl: ctx.pipelineUrl,
    planArtifactUrl: ctx.planArtifactUrl,
    target: input.target,
    configDir: inert(input.configDir),
    freshDigest: input.freshDigest,
    reviewed: input.reviewed ? { ...input.reviewed, where: inert(input.reviewed.where) } : null,
    missing: input.missing === undefined ? undefined : inert(input.missing),
    differences: input.differences.slice(0, DIFFERENCES_LISTED).map(inert),
    omitted: Math.max(0, input.differences.length - DIFFERENCES_LISTED),
  });
}
