/**
 * `npm run ci:plan | ci:apply | ci:drift`: the GitLab pipeline's jobs (issue 4).
 * Placeholder until the pipeline flows land.
 */
import { CommandError, type CommandIO } from '../commands/io.ts';

export async function runPipelineCommand(argv: string[], _io: CommandIO): Promise<number> {
  throw new CommandError(`pipeline command '${argv[0] ?? ''}' is not available yet`);
}
