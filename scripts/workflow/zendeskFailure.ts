/**
 * Zendesk failures a user can act on become one clear line, with a hint by cause:
 * the variable to check or the limit to raise, never a value that could be secret.
 */
import { describeNetworkFailure, formatDuration } from '../core/network.ts';
import { ZendeskApiError, ZendeskForeignLinkError, ZendeskNetworkError, ZendeskNotJsonError, ZendeskTimeLimitError } from '../zendesk/errors.ts';
import { ZendeskShapeError } from '../zendesk/shapes.ts';
import { CommandError } from './io.ts';
import { LIMIT_VARIABLES } from './target.ts';

/** `credentialVariables`: where the credential came from (Target.credential.variables), named on a 401. */
export function explainZendeskFailure(error: unknown, targetUrl: string, credentialVariables?: readonly string[]): CommandError | null {
  const at = printable(targetUrl);
  if (error instanceof ZendeskApiError && error.status === 401) {
    const check = credentialVariables?.length ? credentialVariables.join(' and ') : 'ZENDESK_EMAIL and ZENDESK_API_TOKEN, or ZENDESK_OAUTH_TOKEN';
    return new CommandError(`Zendesk at ${at} rejected the credentials (401). Check ${check}.`);
  }
  if (error instanceof ZendeskApiError && error.status === 403) {
    // A read-only OAuth token (scope "read") gets 403 on every write.
    const scope = error.method === 'GET' ? '' : ', and an OAuth token needs the write scope';
    return new CommandError(`Zendesk at ${at} refused access (403) to ${error.method} ${error.target}: the user needs the admin role${scope}.`);
  }
  if (error instanceof ZendeskForeignLinkError) {
    return new CommandError(
      `Zendesk at ${at} answered ${error.method} ${error.target} with a next-page link to another host (${error.linkOrigin}); ` +
        'it was not followed, so the credentials were not sent there. A proxy in front of Zendesk may be rewriting links; check ZENDESK_URL.',
    );
  }
  // An answer that does not fit its shape names the request, object and field itself (zendesk/shapes.ts).
  if (error instanceof ZendeskShapeError) return new CommandError(error.message);
  if (error instanceof ZendeskApiError) return new CommandError(`Zendesk error: ${error.message}`);
  if (error instanceof ZendeskNetworkError) return new CommandError(networkLine(error, at));
  if (error instanceof ZendeskNotJsonError) return new CommandError(notJsonLine(error, at));
  if (error instanceof ZendeskTimeLimitError) return new CommandError(timeLimitLine(error, at));
  return null;
}

function networkLine(error: ZendeskNetworkError, at: string): string {
  const { failure } = error;
  const request = `${error.method} ${error.target}`;
  switch (failure.kind) {
    case 'dns':
      return `Cannot reach Zendesk at ${at}: the host name does not resolve (${failure.code}). Check ZENDESK_URL / ZENDESK_SUBDOMAIN.`;
    case 'refused':
      return `Cannot reach Zendesk at ${at}: connection refused (${failure.code}), nothing listens there. ${
        isLoopback(at) ? 'Is the sandbox running (`npm run sandbox`)? ' : ''
      }Check ZENDESK_URL.`;
    case 'unreachable':
      return `Cannot reach Zendesk at ${at}: ${describeNetworkFailure(failure)}. Check the network, or ZENDESK_URL.`;
    case 'tls':
      return `Cannot reach Zendesk at ${at}: ${describeNetworkFailure(failure)}. Check ZENDESK_URL (https:// or http://, and the port); behind a proxy that inspects TLS, give Node its CA certificate with NODE_EXTRA_CA_CERTS.`;
    case 'connect-timeout':
      return `Cannot reach Zendesk at ${at}: ${describeNetworkFailure(failure)} (${LIMIT_VARIABLES.connectTimeoutMs}). Check ZENDESK_URL, the network, or a firewall in between.`;
    case 'answer-timeout':
      return `Zendesk at ${at} did not answer ${request} ${failure.ms === null ? 'in time' : `within ${formatDuration(failure.ms)}`} (${LIMIT_VARIABLES.requestTimeoutMs} sets the limit).`;
    case 'dropped':
      return `Zendesk at ${at} dropped the connection on ${request} (${failure.code}); try again.`;
  }
}

function notJsonLine(error: ZendeskNotJsonError, at: string): string {
  const answer = [error.contentType || 'no content type', error.title && `"${error.title}"`].filter(Boolean).join(' ');
  if (error.status >= 300 && error.status < 400) {
    return error.redirect
      ? `ZENDESK_URL (${at}) redirects to ${error.redirect} (HTTP ${error.status}): set ZENDESK_URL to that address.`
      : `ZENDESK_URL (${at}) answered ${error.method} ${error.target} with a redirect (HTTP ${error.status}) instead of Zendesk JSON: check ZENDESK_URL.`;
  }
  if (error.status < 500) {
    return (
      `${at} does not look like Zendesk: ${error.method} ${error.target} got HTTP ${error.status} with ${answer}, not Zendesk JSON. ` +
      'Point ZENDESK_URL at the account (e.g. https://acme.zendesk.com), or set ZENDESK_SUBDOMAIN.'
    );
  }
  const times = error.attempts === 1 ? '' : ` ${error.attempts} times`;
  return (
    `Zendesk at ${at} answered ${error.method} ${error.target} with HTTP ${error.status}${times}, and not with Zendesk JSON (${answer}): ` +
    'a proxy or load balancer in front of Zendesk is failing. Try again later.'
  );
}

function timeLimitLine(error: ZendeskTimeLimitError, at: string): string {
  if (error.limit === 'run-deadline') {
    return `Stopped: the run took longer than ${formatDuration(error.limitMs)} (${LIMIT_VARIABLES.runDeadlineMs}); no further requests were sent to Zendesk at ${at}.`;
  }
  const asked = error.askedMs === undefined ? '' : `; its last Retry-After asked for ${formatDuration(error.askedMs)}`;
  return (
    `Stopped: Zendesk at ${at} kept rate limiting (429) past the ${formatDuration(error.limitMs)} this run may wait (${LIMIT_VARIABLES.rateLimitWaitMs})${asked}. ` +
    `Try again later, or raise ${LIMIT_VARIABLES.rateLimitWaitMs}.`
  );
}

/** The target as given, without anything but origin and path (a query could hold anything). */
function printable(target: string): string {
  try {
    const url = new URL(target);
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  } catch {
    return target;
  }
}

function isLoopback(url: string): boolean {
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
  } catch {
    return false;
  }
}
