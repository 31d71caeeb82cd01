/**
 * `npm run plan`: what applying config/ would change in Zendesk.
 * Exit codes follow Terraform's -detailed-exitcode: 0 no changes, 2 changes, 1 error.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { hasChanges } from '../core/plan.ts';
import { ZendeskClient } from '../zendesk/client.ts';
import type { CommandIO } from './io.ts';
import { parseFormat, renderPlan } from './render.ts';
import { clientOptions, requireTarget } from './target.ts';
import { loadChecked, planAgainst, reportDiagnostics } from './workflow.ts';

export interface PlanArgs {
  config: string;
  format?: string;
  out?: string;
  detailedExitcode?: boolean;
}

export async function planCommand(args: PlanArgs, io: CommandIO): Promise<number> {
  const format = parseFormat(args.format);
  const target = requireTarget(io.env);
  const { config, diagnostics } = await loadChecked(resolve(io.cwd, args.config), args.config, io.cwd, io.env);
  reportDiagnostics(io, diagnostics, 'config/ is invalid');
  const client = new ZendeskClient(clientOptions(target, { onRetry: retryNotice(io) }));
  const result = await planAgainst(client, config, io.now());
  reportDiagnostics(io, result.diagnostics, 'cannot plan', 'online');
  io.stdout(renderPlan(result.plan, format, io.color));
  if (args.out) {
    await writeFile(resolve(io.cwd, args.out), `${JSON.stringify(result.plan, null, 2)}\n`);
    io.stderr(`Saved the plan to ${args.out}; apply it with: npm run apply -- --plan ${args.out}\n`);
  }
  return args.detailedExitcode && hasChanges(result.plan) ? 2 : 0;
}

export function retryNotice(io: CommandIO) {
  return (info: { method: string; path: string; attempt: number; delayMs: number; reason: string }) =>
    io.stderr(`… ${info.reason} on ${info.method} ${info.path}; retry ${info.attempt} in ${(info.delayMs / 1000).toFixed(1)}s\n`);
}
