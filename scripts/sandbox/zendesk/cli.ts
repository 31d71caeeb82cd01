/**
 * `sandbox` command: run the Zendesk sandbox in the foreground so people can preview
 * changes without a Zendesk account, and print the environment that points the tool at it.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { SandboxState } from './state.ts';
import { loadStateFile } from './persistence.ts';
import { SandboxListenError, SandboxStateFileError, startZendeskSandbox, type ZendeskSandbox } from './server.ts';
import { DEFAULT_CREDENTIALS, READ_ONLY_OAUTH_TOKEN } from './auth.ts';
import { longLivedSeed } from './long-lived-seed.ts';
import { defaultSeed } from './seed.ts';
import { salesforceZendeskSeed } from './salesforce-seed.ts';
import { startGitLabSandbox } from '../gitlab/server.ts';
import { DEFAULT_SALESFORCE_CREDENTIALS, startSalesforceSandbox } from '../salesforce/server.ts';

const USAGE = 'usage: sandbox [--port 4010] [--state FILE] [--seed default|long-lived|salesforce|FILE] [--latency MS] [--rate-limit RPM] [--with gitlab,salesforce]';

/** `--seed <name>`: the built-in accounts (README.md); any other value is a state file. */
const NAMED_SEEDS: Record<string, () => SandboxState> = {
  default: defaultSeed,
  'long-lived': longLivedSeed,
  // The default account plus the organizations the Salesforce sandbox's accounts name (issue 12's defects among them).
  salesforce: salesforceZendeskSeed,
};

/** The other sandboxes `--with` starts beside Zendesk, for the jobs that also need them. */
const COMPANIONS = ['gitlab', 'salesforce'] as const;
type Companion = (typeof COMPANIONS)[number];

export async function runSandboxCommand(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        port: { type: 'string', default: '4010' },
        state: { type: 'string' },
        seed: { type: 'string' },
        latency: { type: 'string' },
        'rate-limit': { type: 'string' },
        with: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const port = portNumber(values.port);
  const latencyMs = values.latency === undefined ? undefined : wholeNumber(values.latency, '--latency');
  const rpm = values['rate-limit'] === undefined ? undefined : wholeNumber(values['rate-limit'], '--rate-limit');
  if (port === null || latencyMs === null || rpm === null) return 2;
  const companions = companionsOf(values.with);
  if (companions === null) return 2;

  let seed: SandboxState | undefined;
  // With Salesforce beside it, Zendesk holds the organizations its accounts name unless --seed says otherwise.
  if (!values.seed && companions.includes('salesforce')) seed = salesforceZendeskSeed();
  if (values.seed && Object.hasOwn(NAMED_SEEDS, values.seed)) {
    seed = NAMED_SEEDS[values.seed]();
  } else if (values.seed) {
    // A seed file is read like a state file: one line naming it when it cannot be used.
    try {
      seed = loadStateFile(values.seed);
    } catch (error) {
      if (!(error instanceof SandboxStateFileError)) throw error;
      process.stderr.write(`error: --seed ${error.messageFor(values.seed).replace('delete or move it to start again from the seed', `use default, long-lived, or a state file written by --state`)}\n`);
      return 2;
    }
    if (!seed) {
      process.stderr.write(`error: --seed ${values.seed}: no such file; use default, long-lived, or a state file written by --state\n`);
      return 2;
    }
  }

  let sandbox: ZendeskSandbox;
  try {
    sandbox = await startZendeskSandbox({
      port,
      statePath: values.state,
      seed,
      latencyMs,
      rateLimit: rpm === undefined ? undefined : { requestsPerMinute: rpm },
    });
  } catch (error) {
    const message = startFailure(error, port);
    if (message === null) throw error;
    process.stderr.write(`error: ${message}\n`);
    return 1;
  }
  const others = await startCompanions(companions);
  process.stdout.write(
    [
      `Zendesk sandbox listening on ${sandbox.url} (API under ${sandbox.url}/api/v2)`,
      values.state ? `state: ${values.state}` : 'state: in memory (use --state FILE to keep it)',
      '',
      `ZENDESK_URL=${sandbox.url}`,
      `ZENDESK_EMAIL=${DEFAULT_CREDENTIALS.email}`,
      `ZENDESK_API_TOKEN=${DEFAULT_CREDENTIALS.apiToken}`,
      `ZENDESK_OAUTH_TOKEN=${DEFAULT_CREDENTIALS.oauthToken}`,
      `# read-only (scope "read", what plan and drift jobs should hold; writes get 403): ${READ_ONLY_OAUTH_TOKEN.token}`,
      ...others.lines,
      '',
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await sandbox.close();
  await others.close();
  return 0;
}

function companionsOf(raw: string | undefined): Companion[] | null {
  const names = (raw ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
  const unknown = names.filter((name) => !(COMPANIONS as readonly string[]).includes(name));
  if (unknown.length === 0) return names as Companion[];
  process.stderr.write(`--with takes ${COMPANIONS.join(', ')}; got ${unknown.join(', ')}\n${USAGE}\n`);
  return null;
}

/**
 * The GitLab sandbox (its repository holds config/organizations/ from the working
 * directory, for the requests' merge requests) and the Salesforce sandbox (its seeded
 * accounts), each on a port of its own, with the variables that point the jobs at them.
 */
async function startCompanions(companions: readonly Companion[]): Promise<{ lines: string[]; close(): Promise<void> }> {
  const lines: string[] = [];
  const closers: (() => Promise<void>)[] = [];
  if (companions.includes('gitlab')) {
    const gitlab = await startGitLabSandbox({ files: await organizationFiles() });
    closers.push(() => gitlab.close());
    lines.push('', `# GitLab sandbox (requests, sf:check, csat): ${gitlab.url}`, `CI_API_V4_URL=${gitlab.url}`, `CI_PROJECT_ID=${gitlab.project.id}`, `GITLAB_API_TOKEN=${gitlab.token}`, 'CI_DEFAULT_BRANCH=main');
  }
  if (companions.includes('salesforce')) {
    const salesforce = await startSalesforceSandbox();
    closers.push(() => salesforce.close());
    const { clientId, clientSecret } = DEFAULT_SALESFORCE_CREDENTIALS;
    lines.push('', `# Salesforce sandbox (sf:sync, sf:check): ${salesforce.url}`, `SF_LOGIN_URL=${salesforce.url}`, `SF_CLIENT_ID=${clientId}`, `SF_CLIENT_SECRET=${clientSecret}`);
  }
  return { lines, close: async () => void (await Promise.all(closers.map((close) => close()))) };
}

async function organizationFiles(): Promise<Record<string, string>> {
  const folder = join(process.cwd(), 'config', 'organizations');
  const names = await readdir(folder).catch(() => [] as string[]);
  const files = await Promise.all(names.filter((name) => name.endsWith('.yaml')).map(async (name) => [`config/organizations/${name}`, await readFile(join(folder, name), 'utf8')] as const));
  return Object.fromEntries(files);
}

/** What the person starting the sandbox can do about it, in one line; null for a bug. */
function startFailure(error: unknown, port: number): string | null {
  if (error instanceof SandboxStateFileError) return error.message;
  if (error instanceof SandboxListenError) {
    return error.code === 'EADDRINUSE'
      ? `${error.message}; stop it, or pick another port: npm run sandbox -- --port ${port < 65535 ? port + 1 : 4010}`
      : `${error.message}; pick another port: npm run sandbox -- --port 4010`;
  }
  return null;
}

function portNumber(raw: string): number | null {
  const port = wholeNumber(raw, '--port');
  if (port === null || port <= 65535) return port;
  process.stderr.write(`--port must be at most 65535, got ${port}\n${USAGE}\n`);
  return null;
}

function wholeNumber(raw: string, flag: string): number | null {
  const value = Number(raw);
  if (Number.isInteger(value) && value >= 0) return value;
  process.stderr.write(`${flag} expects a whole number, got "${raw}"\n${USAGE}\n`);
  return null;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runSandboxCommand(process.argv.slice(2)).then((code) => process.exit(code));
}
