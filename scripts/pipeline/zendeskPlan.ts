/**
 * The step every pipeline job starts with: load and check config/, plan against
 * Zendesk, print the plan, and keep plan.json and plan.md in the working directory as
 * the job's artifacts. Same steps, same messages as `npm run plan`.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { BoundPlan, DesiredConfig } from '../core/model.ts';
import type { CommandIO } from '../workflow/io.ts';
import { renderPlan } from '../workflow/render.ts';
import type { CredentialPurpose, Target } from '../workflow/target.ts';
import { loadAndPlan } from '../workflow/steps.ts';
import type { LiveState } from '../kinds/fetch.ts';
import { renderMarkdown } from '../render/markdown.ts';
import type { ZendeskClient } from '../zendesk/client.ts';

export const PLAN_JSON = 'plan.json';
export const PLAN_MARKDOWN = 'plan.md';

export interface PipelineArgs {
  config: string;
}

export interface ZendeskPlan {
  plan: BoundPlan;
  live: LiveState;
  config: DesiredConfig;
  client: ZendeskClient;
  /** Which account, and which variables the credential came from (names only). */
  target: Target;
}

/** `purpose`: 'apply' reads the write credential (ZENDESK_APPLY_*); plans and drift read with the read one. */
export async function planZendesk(args: PipelineArgs, io: CommandIO, purpose: CredentialPurpose = 'read'): Promise<ZendeskPlan> {
  const { config, client, target, result } = await loadAndPlan(args.config, io, purpose);
  io.stdout(renderPlan(result.plan, 'text', io.color));
  await writeFile(resolve(io.cwd, PLAN_JSON), renderPlan(result.plan, 'json', false));
  await writeFile(resolve(io.cwd, PLAN_MARKDOWN), renderMarkdown(result.plan));
  io.stderr(`Saved the plan as ${PLAN_JSON} and ${PLAN_MARKDOWN}.\n`);
  return { plan: result.plan, live: result.live, config, client, target };
}
