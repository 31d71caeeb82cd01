/**
 * Which Zendesk to talk to, with which credential, and how long to wait for it, from the
 * environment (the only place credentials come from). Messages name the variables, never
 * their values.
 *
 * Two credentials (README "Security model"): the read credential (ZENDESK_OAUTH_TOKEN, or
 * ZENDESK_EMAIL + ZENDESK_API_TOKEN) for plans, drift and every local command, and the
 * write credential (ZENDESK_APPLY_OAUTH_TOKEN, or ZENDESK_EMAIL + ZENDESK_APPLY_API_TOKEN)
 * that only `ci apply` asks for. In GitLab the write one is a protected variable scoped to
 * the production environment; where neither is set, apply uses the read variables.
 */
import type { TimeLimits, ZendeskAuth, ZendeskClientOptions } from '../zendesk/client.ts';
import { DEFAULT_TIME_LIMITS } from '../zendesk/timeLimits.ts';
import { readDuration } from './durations.ts';
import { CommandError } from './io.ts';

/** What the credential is for: `apply` (only `ci apply`) asks for the write credential first. */
/**
 * read: plans and drift. apply: the apply job. requests: the request processor, which
 * creates tickets and nothing else (an OAuth token with tickets:write and read).
 * salesforce: the Salesforce sync, which creates and updates organizations and nothing
 * else (an OAuth token with read and organizations:write).
 */
export type CredentialPurpose = 'read' | 'apply' | 'requests' | 'salesforce';

export interface Target {
  /** Base URL without credentials, safe to print. */
  url: string;
  auth: ZendeskAuth;
  /** The environment variables the credential came from, for messages (never their values). */
  credential: { variables: string[] };
  limits: TimeLimits;
}

/** The variable that sets each time limit; messages name it when the limit is hit. */
export const LIMIT_VARIABLES: Readonly<Record<keyof TimeLimits, string>> = {
  connectTimeoutMs: 'ZENDESK_CONNECT_TIMEOUT',
  requestTimeoutMs: 'ZENDESK_REQUEST_TIMEOUT',
  rateLimitWaitMs: 'ZENDESK_RATE_LIMIT_WAIT',
  runDeadlineMs: 'ZENDESK_RUN_DEADLINE',
};

export function readTarget(env: Record<string, string | undefined>, purpose: CredentialPurpose = 'read'): Target | null {
  const url = targetUrl(env);
  if (!url) return null;
  const { auth, variables } = readCredential(env, purpose);
  return { url, auth, credential: { variables }, limits: readTimeLimits(env) };
}

/** Seconds, or with a unit (90s, 15m, 1h); 0 for the rate-limit wait means "fail on the first 429". */
export function readTimeLimits(env: Record<string, string | undefined>): TimeLimits {
  const read = (limit: keyof TimeLimits, allowZero = false) => readDuration(env, LIMIT_VARIABLES[limit], DEFAULT_TIME_LIMITS[limit], { allowZero });
  return {
    connectTimeoutMs: read('connectTimeoutMs'),
    requestTimeoutMs: read('requestTimeoutMs'),
    rateLimitWaitMs: read('rateLimitWaitMs', true),
    runDeadlineMs: read('runDeadlineMs'),
  };
}

export function requireTarget(env: Record<string, string | undefined>, purpose: CredentialPurpose = 'read'): Target {
  const target = readTarget(env, purpose);
  if (!target) {
    throw new CommandError(
      'No Zendesk target: set ZENDESK_URL (for example http://127.0.0.1:4010 for `npm run sandbox`) or ZENDESK_SUBDOMAIN, ' +
        'with ZENDESK_EMAIL and ZENDESK_API_TOKEN, or ZENDESK_OAUTH_TOKEN. `npm start` needs none of these.',
    );
  }
  return target;
}

function targetUrl(env: Record<string, string | undefined>): string | null {
  const explicit = env.ZENDESK_URL?.trim();
  if (explicit) {
    let parsed: URL;
    try {
      parsed = new URL(explicit);
    } catch {
      throw new CommandError(`ZENDESK_URL is not a URL; expected something like https://acme.zendesk.com`);
    }
    if (parsed.username || parsed.password) throw new CommandError('ZENDESK_URL must not contain credentials; use ZENDESK_EMAIL and ZENDESK_API_TOKEN');
    requireEncryption(parsed, 'ZENDESK_URL', 'https://acme.zendesk.com');
    return `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '').replace(/\/api\/v2$/, '');
  }
  const subdomain = env.ZENDESK_SUBDOMAIN?.trim();
  if (!subdomain) return null;
  if (!/^[a-z0-9][a-z0-9-]*$/i.test(subdomain)) throw new CommandError('ZENDESK_SUBDOMAIN must be the bare subdomain, e.g. acme for acme.zendesk.com');
  return `https://${subdomain}.zendesk.com`;
}

interface Credential {
  auth: ZendeskAuth;
  variables: string[];
}

/** The variables each credential is read from, OAuth first. */
export const CREDENTIAL_VARIABLES = {
  read: { oauth: 'ZENDESK_OAUTH_TOKEN', apiToken: 'ZENDESK_API_TOKEN' },
  apply: { oauth: 'ZENDESK_APPLY_OAUTH_TOKEN', apiToken: 'ZENDESK_APPLY_API_TOKEN' },
  requests: { oauth: 'ZENDESK_REQUESTS_OAUTH_TOKEN', apiToken: 'ZENDESK_REQUESTS_API_TOKEN' },
  salesforce: { oauth: 'ZENDESK_SALESFORCE_OAUTH_TOKEN', apiToken: 'ZENDESK_SALESFORCE_API_TOKEN' },
} as const;

function readCredential(env: Record<string, string | undefined>, purpose: CredentialPurpose): Credential {
  if (purpose !== 'read') {
    const { oauth, apiToken } = CREDENTIAL_VARIABLES[purpose];
    // Neither of its own variables: a single-credential setup, or a local run; the read one is used.
    if (env[oauth]?.trim() || env[apiToken]?.trim()) return credentialFrom(env, purpose);
  }
  return credentialFrom(env, 'read');
}

function credentialFrom(env: Record<string, string | undefined>, which: CredentialPurpose): Credential {
  const names = CREDENTIAL_VARIABLES[which];
  const oauth = env[names.oauth]?.trim();
  if (oauth) return { auth: { kind: 'oauth', accessToken: oauth }, variables: [names.oauth] };
  const email = env.ZENDESK_EMAIL?.trim();
  const apiToken = env[names.apiToken]?.trim();
  if (email && apiToken) return { auth: { kind: 'api-token', email, apiToken }, variables: ['ZENDESK_EMAIL', names.apiToken] };
  const missing = [!email && 'ZENDESK_EMAIL', !apiToken && names.apiToken].filter(Boolean).join(' and ');
  const credentials = which === 'read' ? 'No Zendesk credentials' : 'No Zendesk write credentials';
  throw new CommandError(`${credentials}: set ${missing}, or ${names.oauth}.`);
}

/**
 * http:// would send the credentials unencrypted: allowed only to this machine (the
 * sandboxes, a local proxy). Loopback is 127.0.0.0/8, ::1 and localhost.
 */
export function requireEncryption(url: URL, variable: string, example: string): void {
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return;
  const problem = url.protocol === 'http:' ? `uses http:// for ${url.hostname}, which would send the credentials unencrypted` : `uses ${url.protocol}//`;
  throw new CommandError(`${variable} ${problem}; use https:// (e.g. ${example}). http:// is allowed only for 127.0.0.1, ::1 and localhost.`);
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  // WHATWG URL parsing has already normalised IPv4 forms such as 127.1 and 0x7f.1.
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export function clientOptions(target: Target, extra: Partial<ZendeskClientOptions> = {}): ZendeskClientOptions {
  return { baseUrl: target.url, auth: target.auth, limits: target.limits, ...extra };
}

/** The variables the job's credential came from; undefined when the environment names none (the message then lists them all). */
export function credentialVariables(env: Record<string, string | undefined>, purpose: CredentialPurpose): string[] | undefined {
  try {
    return readTarget(env, purpose)?.credential.variables;
  } catch {
    return undefined;
  }
}
