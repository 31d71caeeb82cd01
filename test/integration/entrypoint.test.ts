/**
 * The real entry point, as `npm run …` starts it: a separate process, its exit code and its output.
 * Each test owns its process (and its port or directory), so they run concurrently: most of a
 * test's time is the process starting, which can overlap.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO } from './harness.ts';

const run = async (args: string[], env: Record<string, string> = {}) => {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ZENDESK_')));
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', ...args], { cwd: REPO, env: { ...clean, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

describe.concurrent('scripts/cli.ts as a process', () => {
  it('validates the sample config offline', async () => {
    const result = await run(['validate']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^config\/ is valid: 2 webhooks, 3 trigger categories, 0 dynamic content items, 2 ticket fields, 0 ticket forms, 6 triggers, 1 automations, 4 macros, 4 SLA policies, 0 views, 3 organizations \(offline/);
  });

  it('without a target, plan exits 1 with one line and no stack trace', async () => {
    const result = await run(['plan']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^error: No Zendesk target: set ZENDESK_URL/);
  });

  it('an unknown option is a usage error, not a crash', async () => {
    const result = await run(['plan', '--formt', 'json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Unknown option '--formt'");
    expect(result.stderr).toContain('usage: tsx scripts/cli.ts <command>');
  });
});

/** Starts the CLI as a process; `onSpawn` may act on its pipes before it prints anything. */
function spawnCli(args: string[], onSpawn: (child: ChildProcess) => void = () => {}): Promise<{ code: number | null; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ZENDESK_')));
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', ...args], { cwd: REPO, env: clean, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  onSpawn(child);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

describe.concurrent('scripts/cli.ts in a pipeline', () => {
  it('a reader that closes early (| head) ends the command quietly: exit 0, no stack trace', async () => {
    // The read end closes before the command prints: its first write meets EPIPE.
    const result = await spawnCli(['validate'], (child) => child.stdout?.destroy());
    expect(result.stderr).not.toMatch(/EPIPE|unexpected error|\n\s+at /);
    expect(result.code).toBe(0);
  });
});

describe.concurrent('sandbox start-up problems', () => {
  it('a port already in use is one line that says to pick another --port', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as AddressInfo;
    try {
      const result = await spawnCli(['sandbox', '--port', String(port)]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`error: port ${port} is already in use (another sandbox?); stop it, or pick another port: npm run sandbox -- --port ${port + 1}\n`);
    } finally {
      busy.close();
    }
  });

  it('a corrupt --state file is one line naming the file and what to do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zd-state-'));
    try {
      writeFileSync(join(dir, 'state.json'), '{"version": 1, "nextId": 10, "collec');
      const result = await spawnCli(['sandbox', '--port', '0', '--state', join(dir, 'state.json')]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^error: .*state\.json is not valid JSON \(.*\); delete or move it to start again from the seed\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
