/** Starts a sandbox per test file and talks to it the two ways users do: node-zendesk and plain HTTP. */
import { createClient } from 'node-zendesk';
import { DEFAULT_CREDENTIALS, startZendeskSandbox, type ZendeskSandbox, type ZendeskSandboxOptions } from '../../scripts/sandbox/zendesk/server.ts';

/**
 * node-zendesk's bundled typings disagree with its runtime in places (reference §14.4:
 * `macros.create` takes the `{macro}` wrapper, `response` is a fetch-like object), so the
 * tests use the client through a loose view.
 */
export type ZendeskClient = Record<string, Record<string, (...args: any[]) => Promise<any>>>;

export function zendeskClient(sandbox: ZendeskSandbox, token = DEFAULT_CREDENTIALS.apiToken): ZendeskClient {
  return createClient({
    username: DEFAULT_CREDENTIALS.email,
    token,
    endpointUri: `${sandbox.url}/api/v2`,
    throwOriginalException: true,
  }) as unknown as ZendeskClient;
}

export const basicAuth = 'Basic ' + Buffer.from(`${DEFAULT_CREDENTIALS.email}/token:${DEFAULT_CREDENTIALS.apiToken}`).toString('base64');

export interface HttpReply {
  status: number;
  headers: Headers;
  body: any;
}

/** One authenticated JSON call; `path` is below /api/v2 unless it starts with '/'. */
export async function api(
  sandbox: ZendeskSandbox,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { authorization: basicAuth },
): Promise<HttpReply> {
  const url = path.startsWith('/') ? `${sandbox.url}${path}` : `${sandbox.url}/api/v2/${path}`;
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : JSON.parse(text) };
}

export function startSandbox(options: ZendeskSandboxOptions = {}): Promise<ZendeskSandbox> {
  return startZendeskSandbox(options);
}

export function byName(records: any[], key: string, value: string): any {
  const found = records.find((record) => record[key] === value);
  if (!found) throw new Error(`no record with ${key} ${value}`);
  return found;
}
