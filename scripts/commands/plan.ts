/**
 * `npm run plan`: what applying config/ would change in Zendesk.
 * Exit codes follow Terraform's -detailed-exitcode: 0 no changes, 2 changes, 1 error.
 */
import { writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileErrorReason } from '../config/configFiles.ts';
import { hasChanges, type Plan } from '../core/model.ts';
import { CommandError, type CommandIO } from '../workflow/io.ts';
import { parseFormat, renderPlan } from '../workflow/render.ts';
import { loadAndPlan } from '../workflow/steps.ts';

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
    await savePlan(resolve(io.cwd, args.out), args.out, result.plan);
    io.stderr(`Saved the plan to ${args.out}; apply it with: npm run apply -- --plan ${args.out}\n`);
  }
  return args.detailedExitcode && hasChanges(result.plan) ? 2 : 0;
}


/** `--out` names a file the user chose: a missing folder or a directory there is one clear line. */
async function savePlan(path: string, shown: string, plan: Plan): Promise<void> {
  try {
    await writeFile(path, `${JSON.stringify(plan, null, 2)}\n`);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `the directory '${dirname(shown)}' does not exist` : fileErrorReason(error);
    throw new CommandError(`cannot write ${shown}: ${reason}`);
  }
}
