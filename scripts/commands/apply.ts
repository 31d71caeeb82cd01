/**
 * `npm run apply`: apply a saved plan (`--plan plan.json`) or a fresh one,
 * then plan again to verify that Zendesk now matches config/.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { applyPlan, type ApplyReport, type ChangeOutcome } from '../apply/apply.ts';
import { staleReasons } from '../apply/stale.ts';
import { organizationStaleReasons } from '../organizations/stale.ts';
import type { LiveByKind } from '../core/diff.ts';
import { KIND_LABELS, PLAN_FORMAT_VERSION, type Change, type Plan } from '../core/plan.ts';
import { fetchLiveState } from '../kinds/fetch.ts';
import { ZendeskClient } from '../zendesk/client.ts';
import { CommandError, type CommandIO } from './io.ts';
import { retryNotice } from './workflow.ts';
import { renderPlan } from './render.ts';
import { clientOptions, requireTarget } from './target.ts';
import { loadChecked, planAgainst, reportDiagnostics, stopOnBlockingProblems, type PlanResult } from './workflow.ts';
import { settleApply, type VerificationResult } from '../apply/settle.ts';
import { formatDiagnostic } from '../core/diagnostics.ts';
import { configDirLabel } from '../core/configDir.ts';
import { declaredSecrets } from '../config/secrets.ts';

export interface ApplyArgs {
  config: string;
  plan?: string;
}

export async function applyCommand(args: ApplyArgs, io: CommandIO): Promise<number> {
  const target = requireTarget(io.env);
  const { config, diagnostics } = await loadChecked(resolve(io.cwd, args.config), args.config, io.cwd, io.env);
  const offline = stopOnBlockingProblems(io, diagnostics, `${configDirLabel(args.config)} is invalid`);
  const client = new ZendeskClient(clientOptions(target, { onRetry: retryNotice(io) }));

  let plan: Plan;
  let live;
  if (args.plan) {
    plan = await readSavedPlan(resolve(io.cwd, args.plan), args.plan);
    live = await fetchLiveState(client);
    const reasons = staleReasons(plan, live.objects as LiveByKind, client.baseUrl, live.ctx.refs);
    if (plan.target === client.baseUrl) reasons.push(...(await organizationStaleReasons(client, plan)));
    if (reasons.length > 0) {
      throw new CommandError(
        `Refusing to apply a stale plan (${args.plan}): Zendesk changed after it was made.\n` +
          `${reasons.map((r) => `  - ${r}`).join('\n')}\nRun \`npm run plan\` again and review the new plan.`,
      );
    }
  } else {
    const fresh = await planAgainst(client, config, io.now(), offline);
    reportDiagnostics(io, fresh.diagnostics, 'cannot plan', 'online');
    plan = fresh.plan;
    live = fresh.live;
    io.stdout(renderPlan(plan, 'text', io.color));
  }

  if (plan.changes.length === 0) {
    io.stdout('Nothing to apply.\n');
    return 0;
  }
  io.stdout(`\nApplying ${plan.changes.length} change${plan.changes.length === 1 ? '' : 's'} to ${client.baseUrl}\n`);
  const report = await applyPlan({ client, plan, live, secrets: declaredSecrets(config, io.env), onOutcome: (o) => io.stdout(`${outcomeLine(o)}\n`) });
  io.stdout(`\n${applySummary(report)}\n`);

  const verification = await planAgainst(client, config, io.now());
  const settled = settleApply(report, reportVerification(io, verification, configDirLabel(args.config)));
  if (settled.outcome === 'verified' && settled.lostButApplied.length > 0) {
    const n = settled.lostButApplied.length;
    io.stdout(`${n} change${n === 1 ? '' : 's'} reported as failed above ${n === 1 ? 'is' : 'are'} in place after all (the answer was lost, not the change).\n`);
  }
  if (settled.outcome === 'incomplete' && report.failed > 0) {
    io.stderr('Some changes failed. Fix the cause and run apply again: it picks up exactly what is left.\n');
  }
  return settled.exitCode;
}

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

async function readSavedPlan(path: string, shown: string): Promise<Plan> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new CommandError(`${shown}: not a readable plan file (${error instanceof Error ? error.message : String(error)})`);
  }
  const plan = parsed as Partial<Plan>;
  if (plan.formatVersion !== PLAN_FORMAT_VERSION || !Array.isArray(plan.changes)) {
    throw new CommandError(`${shown}: not a plan of format version ${PLAN_FORMAT_VERSION}; make a new one with \`npm run plan -- --out ${shown}\``);
  }
  return plan as Plan;
}

export function changeLabel(change: Change): string {
  if (change.action === 'reorder') {
    return `reorder ${KIND_LABELS[change.kind].many}${change.scope ? ` in category "${change.scope}"` : ''}`;
  }
  const verb = { create: 'create', update: change.action === 'update' && change.previousKey ? 'rename' : 'update', delete: 'delete' }[change.action];
  return `${verb} ${KIND_LABELS[change.kind].one} "${change.key}"`;
}

export function outcomeLine(outcome: ChangeOutcome): string {
  return outcome.status === 'applied'
    ? `  ✓ ${changeLabel(outcome.change)}`
    : `  ✗ ${changeLabel(outcome.change)}${'file' in outcome.change && outcome.change.file ? ` (${outcome.change.file})` : ''}: ${outcome.error}`;
}

export function applySummary(report: ApplyReport): string {
  const total = report.outcomes.length;
  if (report.failed === 0) return `Applied ${total} change${total === 1 ? '' : 's'}.`;
  return `Applied ${report.applied} of ${total} changes; ${report.failed} failed:\n${report.outcomes
    .filter((o) => o.status === 'failed')
    .map((o) => outcomeLine(o))
    .join('\n')}`;
}
