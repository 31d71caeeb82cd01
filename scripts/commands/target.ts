/**
 * Which Zendesk to talk to and how long to wait for it, from the environment (the
 * only place credentials come from). Messages name the variables, never their values.
 */
import type { TimeLimits, ZendeskAuth, ZendeskClientOptions } from '../zendesk/client.ts';
import { DEFAULT_TIME_LIMITS } from '../zendesk/timeLimits.ts';
import { readDuration } from './durations.ts';
import { CommandError } from './io.ts';

export interface Target {
  /** Base URL without credentials, safe to print. */
  url: string;
  auth: ZendeskAuth;
  limits: TimeLimits;
}

/** The variable that sets each time limit; messages name it when the limit is hit. */
export const LIMIT_VARIABLES: Readonly<Record<keyof TimeLimits, string>> = {
  connectTimeoutMs: 'ZENDESK_CONNECT_TIMEOUT',
  requestTimeoutMs: 'ZENDESK_REQUEST_TIMEOUT',
  rateLimitWaitMs: 'ZENDESK_RATE_LIMIT_WAIT',
  runDeadlineMs: 'ZENDESK_RUN_DEADLINE',
};

export function readTarget(env: Record<string, string | undefined>): Target | null {
  const url = targetUrl(env);
  if (!url) return null;
  return { url, auth: readAuth(env), limits: readTimeLimits(env) };
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

export function requireTarget(env: Record<string, string | undefined>): Target {
  const target = readTarget(env);
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
    return `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '').replace(/\/api\/v2$/, '');
  }
  const subdomain = env.ZENDESK_SUBDOMAIN?.trim();
  if (!subdomain) return null;
  if (!/^[a-z0-9][a-z0-9-]*$/i.test(subdomain)) throw new CommandError('ZENDESK_SUBDOMAIN must be the bare subdomain, e.g. acme for acme.zendesk.com');
  return `https://${subdomain}.zendesk.com`;
}

function readAuth(env: Record<string, string | undefined>): ZendeskAuth {
  const oauth = env.ZENDESK_OAUTH_TOKEN?.trim();
  if (oauth) return { kind: 'oauth', accessToken: oauth };
  const email = env.ZENDESK_EMAIL?.trim();
  const apiToken = env.ZENDESK_API_TOKEN?.trim();
  if (email && apiToken) return { kind: 'api-token', email, apiToken };
  const missing = [!email && 'ZENDESK_EMAIL', !apiToken && 'ZENDESK_API_TOKEN'].filter(Boolean).join(' and ');
  throw new CommandError(`No Zendesk credentials: set ${missing}, or ZENDESK_OAUTH_TOKEN.`);
}

export function clientOptions(target: Target, extra: Partial<ZendeskClientOptions> = {}): ZendeskClientOptions {
  return { baseUrl: target.url, auth: target.auth, limits: target.limits, ...extra };
}
