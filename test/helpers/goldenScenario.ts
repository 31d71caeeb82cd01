/**
 * Runs one golden scenario folder (test/golden/<scenario>/, see its README) the way a user
 * runs `npm run plan`: its config/ is copied into a scratch directory, a sandbox starts from
 * its live.json, and the CLI plans over HTTP through node-zendesk. What comes back is what
 * the user would read, with the sandbox's changing loopback address written as the fixed
 * example account, so the expected files stay the same from run to run.
 */
import { cp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { bindPlan } from '../../scripts/core/planDigest.ts';
import type { BoundPlan } from '../../scripts/core/model.ts';
import { isSandboxState, type SandboxState } from '../../scripts/sandbox/zendesk/state.ts';
import { workspace } from '../integration/harness.ts';

/** The address every golden output shows instead of the sandbox's loopback URL. */
export const GOLDEN_TARGET = 'https://acme.zendesk.com';
/** A fixed commit, so plan.json's provenance does not change with each commit of this repository. */
export const GOLDEN_COMMIT = '3f9c2a71be04d6c58e1f0a9b7c3d2e1f4a5b6c7d';

export interface GoldenRun {
  /** `npm run plan` (terminal text, no colour). */
  text: string;
  /** `npm run plan -- --format markdown`, i.e. plan.md. */
  markdown: string;
  /** `npm run plan -- --format json`, bound again to GOLDEN_TARGET so its digest is stable. */
  plan: BoundPlan;
}

/** The scenario folders under `root`: every directory that holds a config/ and a live.json. */
export async function goldenScenarios(root: string): Promise<string[]> {
  const names: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const has = (file: string) => stat(join(root, entry.name, file)).then(() => true, () => false);
    if ((await has('config')) && (await has('live.json'))) names.push(entry.name);
  }
  return names.sort();
}

export async function readLiveState(folder: string): Promise<SandboxState> {
  const file = join(folder, 'live.json');
  const state: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (!isSandboxState(state)) throw new Error(`${file}: not a sandbox state ({ "version": 1, "nextId": …, "collections": { … } })`);
  for (const [collection, records] of Object.entries(state.collections)) {
    const unstamped = (records ?? []).findIndex((record) => typeof record.updated_at !== 'string');
    // The sandbox stamps such a record with the wall clock, and plan.json would change on every run.
    if (unstamped >= 0) throw new Error(`${file}: collections.${collection}[${unstamped}] has no updated_at; give every record created_at and updated_at`);
  }
  return state;
}

export async function runGoldenScenario(folder: string): Promise<GoldenRun> {
  const ws = await workspace({ seed: await readLiveState(folder) });
  try {
    await rm(join(ws.dir, 'config'), { recursive: true, force: true });
    await cp(join(folder, 'config'), join(ws.dir, 'config'), { recursive: true });
    const env = { CI_COMMIT_SHA: GOLDEN_COMMIT };
    const plan = async (format: string) => {
      const result = await ws.run(['plan', '--format', format], env);
      if (result.code !== 0) throw new Error(`plan --format ${format} failed (exit ${result.code}):\n${result.stdout}${result.stderr}`);
      return result.stdout.split(ws.sandbox.url).join(GOLDEN_TARGET);
    };
    const [text, markdown, json] = [await plan('text'), await plan('markdown'), await plan('json')];
    // The digest covers the target, so it is computed again for the fixed address, by the same function.
    const parsed = JSON.parse(json) as BoundPlan;
    const { configDigest, commit, toolVersion } = parsed.provenance;
    return { text, markdown, plan: bindPlan(parsed, { configDigest, commit, toolVersion }) };
  } finally {
    await ws.close();
  }
}
