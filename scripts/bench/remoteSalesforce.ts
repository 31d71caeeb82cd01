/**
 * The Salesforce sandbox in its own process (salesforceSandboxProcess.ts), with a latency
 * setting, driven over its /__bench/ routes: the Salesforce twin of remoteSandbox.ts.
 */
import { spawn } from 'node:child_process';
import { DEFAULT_SALESFORCE_CREDENTIALS, type SalesforceCredentials } from '../sandbox/salesforce/server.ts';
import { announcedUrl } from './remoteSandbox.ts';

export interface RemoteSalesforce {
  /** SF_LOGIN_URL; also the instance_url jsforce is given. */
  url: string;
  credentials: SalesforceCredentials;
  setLatency(ms: number): Promise<void>;
  /** Keys like `GET /services/data/v62.0/query/:locator`, `PATCH /services/data/v62.0/composite/sobjects`. */
  requestCounts(): Promise<Record<string, number>>;
  resetRequestCounts(): Promise<void>;
  accounts(): Promise<{ accounts: number; withZendeskId: number }>;
  close(): Promise<void>;
}

export async function startRemoteSalesforce(options: { accounts: number; linked: boolean }): Promise<RemoteSalesforce> {
  const entry = new URL('./salesforceSandboxProcess.ts', import.meta.url).pathname;
  const args = ['--import', 'tsx', entry, String(options.accounts), ...(options.linked ? [] : ['--unlinked'])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await announcedUrl(child, 'SALESFORCE_URL', 'the Salesforce sandbox');
  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${url}/__bench/${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return {
    url,
    credentials: DEFAULT_SALESFORCE_CREDENTIALS,
    setLatency: async (ms) => void (await control('PUT', 'latency', { ms })),
    requestCounts: async () => (await (await control('GET', 'requests')).json()) as Record<string, number>,
    resetRequestCounts: async () => void (await control('DELETE', 'requests')),
    accounts: async () => (await (await control('GET', 'accounts')).json()) as { accounts: number; withZendeskId: number },
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

