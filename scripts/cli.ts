/**
 * One CLI, one sub-command per npm script. Expected problems print one clear
 * message and exit non-zero; only a bug prints a stack trace.
 */
import { parseArgs } from 'node:util';
import { applyCommand } from './commands/apply.ts';
import { importCommand } from './commands/import.ts';
import { CommandError, failureExitCode, processIO, type CommandIO } from './workflow/io.ts';
import { planCommand } from './commands/plan.ts';
import { startCommand } from './commands/start.ts';
import { validateCommand } from './commands/validate.ts';
import { credentialVariables } from './workflow/target.ts';
import { explainZendeskFailure } from './workflow/zendeskFailure.ts';
import { runPipelineCommand } from './pipeline/cli.ts';
import { runSandboxCommand } from './sandbox/zendesk/cli.ts';
import { IMPORTABLE_KINDS } from './kinds/registry.ts';

const USAGE = `usage: tsx scripts/cli.ts <command> [options]

commands:
  validate   check config/ (offline; names too when a Zendesk target is set)
  plan       show what applying config/ would change   [--format text|markdown|json] [--out plan.json] [--detailed-exitcode]
  apply      apply a saved plan or a fresh one, then verify   [--plan plan.json]
  import     write config/ from a live account   [--kinds ${IMPORTABLE_KINDS.join(',')}] [--force]
             organizations, chosen by key or search:  --kinds organizations --organizations salesforce_id:X,external_id:Y,123 | "tags:enterprise"
  sandbox    run the Zendesk sandbox   [--port 4010] [--state FILE] [--seed default|long-lived|FILE]
  ci         GitLab pipeline jobs: ci plan | apply | drift | requests | sf-sync | sf-check | csat (see README, GitLab set-up)
  start      the whole workflow against an in-process sandbox (no account needed)

common options:
  --config DIR   the config directory (default config/)

Zendesk target: ZENDESK_URL (or ZENDESK_SUBDOMAIN), with ZENDESK_EMAIL + ZENDESK_API_TOKEN, or ZENDESK_OAUTH_TOKEN.
`;

export async function main(argv: string[], io: CommandIO): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'sandbox') return runSandboxCommand(rest);
  if (command === 'ci') return runPipelineCommand(rest, io);
  try {
    const { values } = parseArgs({
      args: rest,
      strict: true,
      options: {
        config: { type: 'string', default: 'config' },
        format: { type: 'string' },
        out: { type: 'string' },
        'detailed-exitcode': { type: 'boolean', default: false },
        plan: { type: 'string' },
        kinds: { type: 'string' },
        force: { type: 'boolean', default: false },
        organizations: { type: 'string' },
        state: { type: 'string', default: '.sandbox/zendesk-state.json' },
        help: { type: 'boolean', default: false },
      },
    });
    if (values.help || !command || command === 'help') {
      io.stdout(USAGE);
      return command ? 0 : 1;
    }
    const config = values.config;
    switch (command) {
      case 'validate':
        return await validateCommand({ config }, io);
      case 'plan':
        return await planCommand({ config, format: values.format, out: values.out, detailedExitcode: values['detailed-exitcode'] }, io);
      case 'apply':
        return await applyCommand({ config, plan: values.plan }, io);
      case 'import':
        return await importCommand({ config, kinds: values.kinds, force: values.force, organizations: values.organizations }, io);
      case 'start':
        return await startCommand({ config, state: values.state }, io);
      default:
        throw new CommandError(`unknown command '${command}'\n\n${USAGE}`);
    }
  } catch (error) {
    return failureExitCode(error, io, USAGE, (e) => explainZendeskFailure(e, io.env.ZENDESK_URL ?? io.env.ZENDESK_SUBDOMAIN ?? 'Zendesk', credentialVariables(io.env, 'read')));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2), processIO()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`unexpected error (a bug; please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
