/**
 * `npm run apply`: apply a fresh plan, or — with `--plan plan.json` — a fresh
 * plan that is exactly the saved one, then plan again to verify that Zendesk
 * now matches config/.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { applyPlan } from '../apply/apply.ts';
import { PLAN_FORMAT_VERSION, type BoundPlan, type Plan } from '../core/model.ts';
import { KIND_LABELS, PLAN_KINDS } from '../kinds/registry.ts';
import { differenceLines, summaryLine } from '../render/words.ts';
import { compareIdentities, configDigest, identifiedChanges, planDigest } from '../core/planDigest.ts';
import { describeProblems, PLAN_SCHEMA_FILE, readPlanFile } from '../core/planFile.ts';
import { ZendeskClient } from '../zendesk/client.ts';
import { CommandError, type CommandIO } from '../workflow/io.ts';
import { applySummary, outcomeLine, reportVerification } from '../workflow/applyReport.ts';
import { retryNotice } from '../workflow/progress.ts';
import { renderPlan } from '../workflow/render.ts';
import { clientOptions, requireTarget } from '../workflow/target.ts';
import { configFilesFor, loadChecked, planAgainst, reportDiagnostics, stopOnBlockingProblems } from '../workflow/steps.ts';
import { settleApply } from '../core/applyOutcome.ts';
import { configDirLabel } from '../core/configDir.ts';
import { plainText } from '../core/plainText.ts';
import { declaredSecrets } from '../config/secrets.ts';

export interface ApplyArgs {
  config: string;
  plan?: string;
  /** false: the plan was just shown (npm start's step 2); print its closing line only. */
  showPlan?: boolean;
}

export async function applyCommand(args: ApplyArgs, io: CommandIO): Promise<number> {
  const target = requireTarget(io.env);
  const configDir = resolve(io.cwd, args.config);
  const { config, diagnostics } = await loadChecked(configDir, args.config, io.cwd, io.env);
  const offline = stopOnBlockingProblems(io, diagnostics, `${configDirLabel(args.config)} is invalid`);
  const client = new ZendeskClient(clientOptions(target, { onRetry: retryNotice(io), sleep: io.sleep }));

  // A saved plan is a promise of what will be done, never the thing done: it is held to
  // config/ and to a fresh plan, and only the fresh plan is applied (issue 9).
  const saved = args.plan ? await readSavedPlan(resolve(io.cwd, args.plan), args.plan) : null;
  if (saved && args.plan) await refuseUnlessConfigMatches(saved, args.plan, client.baseUrl, configDir, configDirLabel(args.config));
  const fresh = await planAgainst(client, config, io.now(), offline);
  reportDiagnostics(io, fresh.diagnostics, 'cannot plan', 'online');
  const { plan, live } = fresh;
  if (saved && args.plan) {
    refuseUnlessSamePlan(saved, plan, args.plan);
    io.stdout(`The saved plan ${args.plan} (${saved.digest}) matches a fresh plan of ${configDirLabel(args.config)}; applying the fresh one.\n`);
  } else if (args.showPlan === false) {
    io.stdout(`${summaryLine(plan)}\n`);
  } else {
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

/** Before any read of Zendesk's objects: the plan must be for this account, made from this config/, and say what its digest says. */
async function refuseUnlessConfigMatches(saved: BoundPlan, shown: string, target: string, configDir: string, configShown: string): Promise<void> {
  const again = `Make a new plan with \`npm run plan -- --out ${shown}\` and review it.`;
  if (saved.target !== target || saved.provenance.target !== target) {
    throw new CommandError(`${shown} was made for ${saved.target}, not ${target}; nothing was changed in Zendesk. ${again}`);
  }
  const current = configDigest(await configFilesFor(configDir));
  if (saved.provenance.configDigest !== current) {
    throw new CommandError(
      `${configShown} changed since this plan was made: ${shown} records ${saved.provenance.configDigest}, ${configShown} is now ${current}; ` +
        `nothing was changed in Zendesk. ${again}`,
    );
  }
  if (planDigest(saved) !== saved.digest) {
    throw new CommandError(`${shown} was edited after it was made: its changes do not have the digest it records (${saved.digest}); nothing was changed in Zendesk. ${again}`);
  }
}

/**
 * The fresh plan must be the saved one: same changes, same objects (a delete
 * of "X" that carries another object's id is a different change). When an
 * object was edited in Zendesk since, the message says so, as the stale check
 * before digests did; an edit that changes nothing the plan does is no reason
 * to refuse, since only the fresh plan is applied.
 */
function refuseUnlessSamePlan(saved: BoundPlan, fresh: Plan, shown: string): void {
  const freshDigest = planDigest(fresh);
  if (freshDigest === saved.digest) return;
  const before = identifiedChanges(saved);
  const now = identifiedChanges(fresh);
  const changeOf = new Map([...before, ...now].map(({ identity, change }) => [identity, change]));
  let editedInZendesk = false;
  const lines = differenceLines(compareIdentities(before.map((c) => c.identity), now.map((c) => c.identity)), 'the plan', (pair) => {
    const was = changeOf.get(pair.reviewed);
    const is = changeOf.get(pair.fresh);
    if (!was || !is || !('live' in was) || !('live' in is) || was.live.updatedAt === is.live.updatedAt) return null;
    editedInZendesk = true;
    return `${KIND_LABELS[was.kind].one} "${pair.reviewed.key}" was changed in Zendesk at ${is.live.updatedAt} (the plan saw ${was.live.updatedAt})`;
  });
  if (lines.length === 0) lines.push('the same changes, in another order');
  const what = editedInZendesk ? `a stale plan (${shown}): Zendesk changed after it was made, and` : `${shown}:`;
  throw new CommandError(
    `Refusing to apply ${what} a fresh plan differs from it (${saved.digest} saved, ${freshDigest} now); nothing was changed in Zendesk.\n` +
      `${lines.map((line) => `  - ${line}`).join('\n')}\nRun \`npm run plan\` again and review the new plan.`,
  );
}

/**
 * plan.json as schemas/plan.schema.json describes it, or one line saying what
 * is wrong and where (JSON path), before anything is read from Zendesk.
 */
async function readSavedPlan(path: string, shown: string): Promise<BoundPlan> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CommandError(`${shown}: not a readable plan file (${error instanceof Error ? error.message : String(error)})`);
  }
  const again = `make a new one with \`npm run plan -- --out ${shown}\``;
  const reading = readPlanFile(text, PLAN_KINDS);
  switch (reading.status) {
    case 'plan':
      return reading.plan;
    case 'not-json':
      throw new CommandError(`${shown}: not a readable plan file (${reading.reason})`);
    case 'other-version': {
      const made = reading.formatVersion < PLAN_FORMAT_VERSION ? 'an older' : 'a newer';
      throw new CommandError(
        `${shown}: not a plan of format version ${PLAN_FORMAT_VERSION} (it is version ${reading.formatVersion}, from ${made} version of this tool); ${again}`,
      );
    }
    case 'invalid':
      throw new CommandError(
        `${shown}: ${plainText(describeProblems(reading.problems))} (not a plan as ${PLAN_SCHEMA_FILE} describes it); nothing was changed in Zendesk; ${again}`,
      );
  }
}
