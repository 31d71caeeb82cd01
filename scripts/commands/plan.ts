/**
 * `npm run plan`: what applying config/ would change in Zendesk.
 * Exit codes follow Terraform's -detailed-exitcode: 0 no changes, 2 changes, 1 error.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { hasChanges } from '../core/plan.ts';
import type { CommandIO } from './io.ts';
import { parseFormat, renderPlan } from './render.ts';
import { loadAndPlan } from './workflow.ts';

export interface PlanArgs {
  config: string;
  format?: string;
  out?: string;
  detailedExitcode?: boolean;
}

export async function planCommand(args: PlanArgs, io: CommandIO): Promise<number> {
  const format = parseFormat(args.format);
  const { result } = await loadAndPlan(args.config, io);
  io.stdout(renderPlan(result.plan, format, io.color));
  if (args.out) {
    await writeFile(resolve(io.cwd, args.out), `${JSON.stringify(result.plan, null, 2)}\n`);
    io.stderr(`Saved the plan to ${args.out}; apply it with: npm run apply -- --plan ${args.out}\n`);
  }
  return args.detailedExitcode && hasChanges(result.plan) ? 2 : 0;
}

