/**
 * The sandbox in its own process, driven over its /__sandbox/ routes. The
 * benchmark keeps Zendesk's side off the client's event loop, as a real
 * account would be, so the figures measure the tool and not the emulator.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SandboxState } from '../sandbox/zendesk/state.ts';

export interface RemoteSandbox {
  url: string;
  setLatency(ms: number): Promise<void>;
  requestCounts(): Promise<Record<string, number>>;
  resetRequestCounts(): Promise<void>;
  close(): Promise<void>;
}

export async function startRemoteSandbox(seed: SandboxState, dir: string): Promise<RemoteSandbox> {
  const seedPath = join(dir, 'seed.json');
  await writeFile(seedPath, JSON.stringify(seed));
  const cli = new URL('../cli.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'sandbox', '--port', '0', '--seed', seedPath], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await announcedUrl(child);
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${url}/__sandbox/${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return {
    url,
    setLatency: async (ms) => void (await admin('PUT', 'settings', { latencyMs: ms })),
    requestCounts: async () => (await (await admin('GET', 'requests')).json()) as Record<string, number>,
    resetRequestCounts: async () => void (await admin('DELETE', 'requests')),
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The URL a sandbox process prints as `<VARIABLE>=<url>` once it listens; `what` names it if it exits first. */
export function announcedUrl(child: ChildProcess, variable = 'ZENDESK_URL', what = 'the sandbox'): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const line = new RegExp(`^${variable}=(\\S+)$`, 'm');
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = line.exec(seen);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`${what} exited (${code}) before it was ready:\n${seen}`)));
  });
}
