/**
 * `npm start`: the whole workflow with no Zendesk account. Starts the Zendesk
 * sandbox in-process (state kept in .sandbox/ between runs, seeded to look like
 * a real account), then validate → plan → apply → plan, printing what a
 * reviewer would see. Edit one YAML file and run it again to see just that change.
 */
import { resolve } from 'node:path';
import { loadConfig } from '../config/load.ts';
import { isWebhookSecretVariable } from '../config/secrets.ts';
import { FINGERPRINT_KEY_VARIABLE } from '../kinds/webhookCredentials.ts';
import { DEFAULT_CREDENTIALS, SandboxStateFileError, startZendeskSandbox } from '../sandbox/zendesk/server.ts';
import { defaultSeed } from '../sandbox/zendesk/seed.ts';
import { applyCommand } from './apply.ts';
import { CommandError, type CommandIO } from '../workflow/io.ts';
import { planCommand } from './plan.ts';
import { validateCommand } from './validate.ts';

export interface StartArgs {
  config: string;
  state: string;
}

export async function startCommand(args: StartArgs, io: CommandIO): Promise<number> {
  const sandbox = await startZendeskSandbox({ statePath: resolve(io.cwd, args.state), seed: defaultSeed() }).catch((error: unknown) => {
    // A hand-edited or truncated state file: name it as the user would, and say what to do.
    throw error instanceof SandboxStateFileError ? new CommandError(error.messageFor(args.state)) : error;
  });
  try {
    const demoSecrets = await sandboxSecrets(resolve(io.cwd, args.config), io);
    const sandboxIO: CommandIO = {
      ...io,
      env: {
        ...io.env,
        ...demoSecrets,
        ZENDESK_URL: sandbox.url,
        ZENDESK_EMAIL: DEFAULT_CREDENTIALS.email,
        ZENDESK_API_TOKEN: DEFAULT_CREDENTIALS.apiToken,
        ZENDESK_OAUTH_TOKEN: undefined,
        ZENDESK_SUBDOMAIN: undefined,
      },
    };
    io.stdout(`Zendesk sandbox at ${sandbox.url} (state: ${args.state}; delete it to start from the seed again)\n`);
    const step = (title: string) => io.stdout(`\n=== ${title} ${'='.repeat(Math.max(0, 60 - title.length))}\n\n`);
    step('1. validate');
    await validateCommand({ config: args.config }, sandboxIO);
    step('2. plan');
    const planned = await planCommand({ config: args.config, detailedExitcode: true }, sandboxIO);
    if (planned === 0) {
      io.stdout('\nNothing to apply: the sandbox already matches config/. Edit a file under config/ and run `npm start` again.\n');
      return 0;
    }
    step('3. apply');
    const applied = await applyCommand({ config: args.config, showPlan: false }, sandboxIO);
    step('4. plan again');
    const after = await planCommand({ config: args.config, detailedExitcode: true }, sandboxIO);
    return applied !== 0 ? applied : after === 0 ? 0 : 1;
  } finally {
    await sandbox.close();
  }
}

/**
 * Webhook secrets come from ZENDESK_WEBHOOK_SECRET_* variables and their
 * fingerprints need ZENDESK_WEBHOOK_FINGERPRINT_KEY; the sandbox needs some
 * value to accept, so unset ones get a made-up value, said out loud. Only
 * variables a webhook may name get one. A real account never gets these:
 * start only ever talks to the sandbox.
 */
async function sandboxSecrets(configDir: string, io: CommandIO): Promise<Record<string, string>> {
  const { config } = await loadConfig(configDir, { cwd: io.cwd });
  const variables = config.objects.webhooks.flatMap((w) => (w.spec.authentication?.secret_env ? [w.spec.authentication.secret_env] : []));
  const missing = [...new Set(variables)].filter((v) => isWebhookSecretVariable(v) && !io.env[v]);
  const madeUp: Record<string, string> = Object.fromEntries(missing.map((v) => [v, `sandbox-demo-secret-${v.toLowerCase()}`]));
  if (variables.length > 0 && !io.env[FINGERPRINT_KEY_VARIABLE]) {
    madeUp[FINGERPRINT_KEY_VARIABLE] = SANDBOX_FINGERPRINT_KEY;
  }
  if (Object.keys(madeUp).length > 0) {
    const names = [...missing, ...(madeUp[FINGERPRINT_KEY_VARIABLE] ? [`the fingerprint key ${FINGERPRINT_KEY_VARIABLE}`] : [])];
    io.stdout(`Sandbox only: made-up webhook secrets for ${names.join(', ')} (set them to use your own).\n`);
  }
  return madeUp;
}

/** Made up, and public: it only ever signs the sandbox's demo secrets. */
const SANDBOX_FINGERPRINT_KEY = 'sandbox-demo-fingerprint-key-not-for-real-accounts';
