/**
 * The steps commands share: load and check config/, read live, diff. Each
 * step returns diagnostics rather than printing, so validate, plan, apply and
 * the main job show problems the same way.
 */
import { readConfigFiles } from '../config/configFiles.ts';
import { loadConfig } from '../config/load.ts';
import type { BoundPlan, DesiredConfig, Diagnostic, Plan } from '../core/model.ts';
import { validateConfig, validateReferences } from '../config/validate.ts';
import { diff, type LiveByKind } from '../core/diff.ts';
import { KIND_DEFINITIONS, plannedLookups } from '../kinds/registry.ts';
import { formatDiagnostic, hasErrors, sortDiagnostics, waiveForUnchanged } from '../core/diagnostics.ts';
import { canonicalConfig } from '../kinds/canonical.ts';
import { configDigest, type ConfigFile, type PlanSource } from '../core/planDigest.ts';
import { assemblePlan } from '../core/assemblePlan.ts';
import { configDirLabel } from '../core/configDir.ts';
import { planOrganizations } from '../organizations/plan.ts';
import type { LiveOrganizations } from '../organizations/fetch.ts';
import { fetchLiveState, liveStateFrom, type LiveState } from '../kinds/fetch.ts';
import { ZendeskClient } from '../zendesk/client.ts';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import packageJson from '../../package.json' with { type: 'json' };
import { clientOptions, requireTarget, type CredentialPurpose, type Target } from './target.ts';
import { CommandError, type CommandIO } from './io.ts';
import { retryNotice } from './progress.ts';


/** Offline: YAML, schemas, and everything that needs no live names. */
export async function loadChecked(
  configDir: string,
  shownAs = configDir,
  cwd = process.cwd(),
  env: Readonly<Record<string, string | undefined>> = {},
): Promise<{ config: DesiredConfig; diagnostics: Diagnostic[] }> {
  // env: only webhook secrets are read from it, to fingerprint them.
  const { config, diagnostics } = await loadConfig(configDir, { cwd, env });
  // Plans name the directory as the user wrote it, not this machine's absolute path.
  config.root = shownAs;
  return { config, diagnostics: sortDiagnostics([...diagnostics, ...validateConfig(config)]) };
}

export interface PlanResult {
  plan: Plan;
  /** Live kinds and lookups; and the organizations config/ manages, when it manages any (read by organizations/plan.ts). */
  live: LiveState & { organizations?: LiveOrganizations };
  /** Everything the plan found, offline problems passed in included, after objects identical to live were waived. */
  diagnostics: Diagnostic[];
}

/**
 * Online: live names checked, then the diff; organizations only when config/
 * manages some; then the Plan, made once (core/assemblePlan.ts). `offline`:
 * the load's own diagnostics, whose object rules are waived for objects
 * identical to live (core/diagnostics.ts). `source`: what config/ the plan is
 * made from; given, the plan is bound to it (provenance and digest), and it is
 * read while Zendesk is.
 */
export function planAgainst(
  client: ZendeskClient, config: DesiredConfig, now: Date, offline: readonly Diagnostic[], source: Promise<PlanSource>,
): Promise<PlanResult & { plan: BoundPlan }>;
export function planAgainst(client: ZendeskClient, config: DesiredConfig, now: Date, offline?: readonly Diagnostic[]): Promise<PlanResult>;
export async function planAgainst(
  client: ZendeskClient, config: DesiredConfig, now: Date, offline: readonly Diagnostic[] = [], source?: Promise<PlanSource>,
): Promise<PlanResult> {
  const liveState = fetchLiveState(client);
  const [live, organizations, madeFrom] = await Promise.all([
    liveState,
    planOrganizations(client, config.organizations ?? [], () => liveState.then((l) => l.lookups), now),
    source,
  ]);
  // The account's names as apply will leave them: references are checked against them, and
  // live objects are compared by the names they will carry (a rule naming a field this plan
  // renames keeps its field id, so it is no change of its own). Apply still resolves names
  // against the account (live.ctx). Read again only when config/ declares a kind that
  // names can move with.
  const planned = plannedLookups(config, live.lookups);
  const referenceProblems = validateReferences(config, live.lookups, planned);
  const canonical = canonicalConfig(config, live.ctx);
  const compared = planned === live.lookups ? live : liveStateFrom(planned, live.raw, live.macroAttachments);
  const rules = diff({ desired: canonical.config, live: compared.objects as LiveByKind, kinds: KIND_DEFINITIONS });
  const plan = assemblePlan({
    target: client.baseUrl,
    configRoot: canonical.config.root,
    now,
    ruleChanges: rules.changes,
    organizationChanges: organizations.changes,
    unmanaged: rules.unmanaged,
    references: canonical.references,
    source: madeFrom,
  });
  const found = [...offline, ...referenceProblems, ...rules.diagnostics, ...organizations.diagnostics];
  return {
    plan,
    live: organizations.live ? { ...live, organizations: organizations.live } : live,
    diagnostics: sortDiagnostics(waiveForUnchanged(found, rules.identical)),
  };
}

/**
 * Before any request: stops on problems no live state can excuse (YAML,
 * schemas, duplicates, order files) and prints them with everything else.
 * Otherwise prints nothing and hands the diagnostics on to planAgainst, which
 * reports them once the objects they concern have been compared with live.
 */
export function stopOnBlockingProblems(io: CommandIO, diagnostics: Diagnostic[], what: string): Diagnostic[] {
  if (diagnostics.some((d) => d.severity === 'error' && !d.waivedWhenUnchanged)) reportDiagnostics(io, diagnostics, what);
  return diagnostics;
}

/**
 * What plan, apply and the pipeline jobs all start with: config/ loaded and
 * checked offline, then planned against the target, with problems reported
 * the same way everywhere.
 */
export async function loadAndPlan(
  configArg: string,
  io: CommandIO,
  purpose: CredentialPurpose = 'read',
): Promise<{ config: DesiredConfig; client: ZendeskClient; target: Target; result: PlanResult & { plan: BoundPlan } }> {
  const target = requireTarget(io.env, purpose);
  const configDir = resolve(io.cwd, configArg);
  const { config, diagnostics } = await loadChecked(configDir, configArg, io.cwd, io.env);
  const offline = stopOnBlockingProblems(io, diagnostics, `${configDirLabel(configArg)} is invalid`);
  const client = new ZendeskClient(clientOptions(target, { onRetry: retryNotice(io), sleep: io.sleep }));
  const result = await planAgainst(client, config, io.now(), offline, planSource(configDir, io));
  reportDiagnostics(io, result.diagnostics, 'cannot plan', 'online');
  return { config, client, target, result };
}

/** What a plan records about how it was made: config/'s digest, the commit, this tool's version. */
export async function planSource(configDir: string, io: CommandIO): Promise<PlanSource> {
  const [files, commit] = await Promise.all([configFilesFor(configDir), currentCommit(io)]);
  return { configDigest: configDigest(files), commit, toolVersion: TOOL_VERSION };
}

export const TOOL_VERSION: string = packageJson.version;

/** config/'s files for its digest; a directory that cannot be read is one clear line. */
export async function configFilesFor(configDir: string): Promise<ConfigFile[]> {
  try {
    return await readConfigFiles(configDir);
  } catch (error) {
    throw new CommandError(`cannot read ${configDir} to record what the plan was made from: ${(error as Error).message}`);
  }
}

/** CI_COMMIT_SHA, else `git rev-parse HEAD` in the working directory; null when neither says (never a failure). */
function currentCommit(io: CommandIO): Promise<string | null> {
  const fromCi = io.env.CI_COMMIT_SHA?.trim();
  if (fromCi) return Promise.resolve(fromCi);
  return new Promise((done) => {
    execFile('git', ['rev-parse', 'HEAD'], { cwd: io.cwd, timeout: 5_000 }, (error, stdout) => {
      const sha = String(stdout).trim();
      done(!error && /^[0-9a-f]{40,64}$/.test(sha) ? sha : null);
    });
  });
}

/** Prints diagnostics; throws (exit 1) if any is an error. */
export function reportDiagnostics(io: CommandIO, diagnostics: Diagnostic[], what: string, stage: 'offline' | 'online' = 'offline'): void {
  for (const d of diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  if (hasErrors(diagnostics)) {
    const consequence = stage === 'offline' ? 'nothing was sent to Zendesk' : 'nothing was changed in Zendesk';
    throw new CommandError(`${what}: ${errors} error${errors === 1 ? '' : 's'}; ${consequence}.`);
  }
}
