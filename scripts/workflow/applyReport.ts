/**
 * What an apply prints, the same in `npm run apply` and the pipeline's apply job: one
 * line per change, the summary, and what the verification plan found.
 */
import type { ApplyReport, ChangeOutcome, VerificationResult } from '../core/applyOutcome.ts';
import { formatDiagnostic } from '../core/diagnostics.ts';
import type { Change } from '../core/model.ts';
import { KIND_LABELS } from '../kinds/registry.ts';
import { plainText } from '../core/plainText.ts';
import type { CommandIO } from './io.ts';
import { renderPlan } from './render.ts';
import type { PlanResult } from './steps.ts';

/**
 * Prints what the verification plan found: a clean match, the changes still
 * left, and any problem it reported (duplicate titles, names that no longer
 * resolve): a verification that ignored them would vouch for a plan that
 * could not be made.
 */
export function reportVerification(io: CommandIO, verification: PlanResult, configShown: string): VerificationResult {
  const errors = verification.diagnostics.filter((d) => d.severity === 'error');
  for (const d of verification.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  const changes = verification.plan.changes.length;
  if (changes === 0 && errors.length === 0) {
    io.stdout(`Verified: Zendesk now matches ${configShown}.\n`);
  } else if (changes === 0) {
    io.stdout(`Verification: the plan made after apply has ${errors.length} error${errors.length === 1 ? '' : 's'} (above), so the result is not verified.\n`);
  } else {
    io.stdout(`Verification: Zendesk still differs from ${configShown}:\n\n${renderPlan(verification.plan, 'text', io.color)}`);
  }
  return { changes, errors: errors.length };
}

export function changeLabel(change: Change): string {
  if (change.action === 'reorder') {
    return `reorder ${KIND_LABELS[change.kind].many}${change.scope ? ` in category "${change.scope}"` : ''}`;
  }
  const verb = { create: 'create', update: change.action === 'update' && change.previousKey ? 'rename' : 'update', delete: 'delete' }[change.action];
  return `${verb} ${KIND_LABELS[change.kind].one} "${change.key}"`;
}

/** One terminal line per change; titles and Zendesk's error text come from others, so plainText. */
export function outcomeLine(outcome: ChangeOutcome): string {
  return plainText(
    outcome.status === 'applied'
      ? `  ✓ ${changeLabel(outcome.change)}`
      : `  ✗ ${changeLabel(outcome.change)}${'file' in outcome.change && outcome.change.file ? ` (${outcome.change.file})` : ''}: ${outcome.error}`,
  );
}

export function applySummary(report: ApplyReport): string {
  const total = report.outcomes.length;
  if (report.failed === 0) return `Applied ${total} change${total === 1 ? '' : 's'}.`;
  return `Applied ${report.applied} of ${total} changes; ${report.failed} failed:\n${report.outcomes
    .filter((o) => o.status === 'failed')
    .map((o) => outcomeLine(o))
    .join('\n')}`;
}
