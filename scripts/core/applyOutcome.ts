/**
 * What an apply did, change by change, and how it ends. Plain data and pure
 * logic: `apply/` produces the report, and the terminal, the pipeline's apply
 * job and the apply note (render/gitlab.ts) read it, so renderers need nothing
 * from `apply/`.
 *
 * The verification plan is the authority on how an apply ends: a change whose
 * answer was lost (a timeout, a dropped connection, a 5xx after Zendesk had
 * already written) is reported as failed by the request, yet may well be in
 * place. When the plan made afterwards finds Zendesk matching config/ and no
 * error, those changes were applied after all, and the run succeeded.
 */
import type { Change } from './model.ts';

export type ChangeOutcome =
  | { change: Change; status: 'applied'; via: string }
  | { change: Change; status: 'failed'; error: string };

export interface ApplyReport {
  outcomes: ChangeOutcome[];
  failed: number;
  applied: number;
}

export interface VerificationResult {
  /** Changes the verification plan still finds. */
  changes: number;
  /** Error diagnostics of the verification plan (duplicate titles, unknown names, …). */
  errors: number;
}

export type ApplySettlement =
  /** Everything applied and verified. */
  | { outcome: 'verified'; exitCode: 0; lostButApplied: ChangeOutcome[] }
  /** Some change failed, or Zendesk still differs, or the verification plan has errors. */
  | { outcome: 'incomplete'; exitCode: 1; failed: ChangeOutcome[] }
  /** The verification plan could not be made: nothing is known about what was applied. */
  | { outcome: 'unverified'; exitCode: 1; failed: ChangeOutcome[] };

export function settleApply(report: ApplyReport, verification: VerificationResult | null): ApplySettlement {
  const failed = report.outcomes.filter((o) => o.status === 'failed');
  if (verification === null) return { outcome: 'unverified', exitCode: 1, failed };
  if (verification.changes === 0 && verification.errors === 0) return { outcome: 'verified', exitCode: 0, lostButApplied: failed };
  return { outcome: 'incomplete', exitCode: 1, failed };
}
