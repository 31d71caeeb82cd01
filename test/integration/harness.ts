/**
 * Runs the CLI in-process against a fresh sandbox, the way a user runs
 * `npm run plan` with ZENDESK_URL pointing at it. Every request goes over
 * HTTP through node-zendesk; nothing is stubbed.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { main } from '../../scripts/cli.ts';
import { DEFAULT_CREDENTIALS, startZendeskSandbox, type SandboxState, type ZendeskSandbox, type ZendeskSandboxOptions } from '../../scripts/sandbox/zendesk/server.ts';

export const REPO = resolve(import.meta.dirname, '../..');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Workspace {
  sandbox: ZendeskSandbox;
  /** A scratch directory with a copy of the sample config/ in it. */
  dir: string;
  env: Record<string, string | undefined>;
  /** `now` moves the clock for this run only (default FIXED_NOW). */
  run(args: string[], env?: Record<string, string | undefined>, options?: { now?: Date }): Promise<RunResult>;
  read(path: string): Promise<string>;
  write(path: string, content: string): Promise<void>;
  edit(path: string, from: string | RegExp, to: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The sample webhooks' secrets and the fingerprint key, as masked, protected CI
 * variables would provide them; tests assert they never show.
 */
export const WEBHOOK_SECRETS = {
  ZENDESK_WEBHOOK_SECRET_SLACK_LIVE_FEED: 'xoxb-it-secret-live-feed-7f3a9c',
  ZENDESK_WEBHOOK_SECRET_SLA_BREACH_ALERTS: 'it-secret-sla-alerts-51d2e8',
  ZENDESK_WEBHOOK_FINGERPRINT_KEY: 'it-fingerprint-key-0c5b8e2a9f4d7163',
};

/** The clock every run sees unless it passes its own `now`. */
export const FIXED_NOW = new Date('2026-11-21T10:00:00Z');

export async function workspace(options: ZendeskSandboxOptions = {}): Promise<Workspace> {
  const sandbox = await startZendeskSandbox(options);
  const dir = await mkdtemp(join(tmpdir(), 'zd-it-'));
  await cp(join(REPO, 'config'), join(dir, 'config'), { recursive: true });
  const env = { ZENDESK_URL: sandbox.url, ZENDESK_EMAIL: DEFAULT_CREDENTIALS.email, ZENDESK_API_TOKEN: DEFAULT_CREDENTIALS.apiToken, ...WEBHOOK_SECRETS };
  const ws: Workspace = {
    sandbox,
    dir,
    env,
    async run(args, extraEnv = {}, runOptions = {}) {
      let stdout = '';
      let stderr = '';
      const code = await main(args, {
        env: { ...env, ...extraEnv },
        cwd: dir,
        stdout: (t) => void (stdout += t),
        stderr: (t) => void (stderr += t),
        color: false,
        now: () => new Date(runOptions.now ?? FIXED_NOW),
        // Retry pauses, rate-limit waits and job polls return at once: what the run would have
        // waited is in its notices, and no test sleeps for real.
        sleep: async () => undefined,
      });
      return { code, stdout, stderr };
    },
    read: (path) => readFile(join(dir, path), 'utf8'),
    write: (path, content) => writeFile(join(dir, path), content),
    async edit(path, from, to) {
      const before = await ws.read(path);
      const after = before.replace(from, to);
      if (after === before) throw new Error(`edit of ${path} changed nothing`);
      await ws.write(path, after);
    },
    async close() {
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return ws;
}

/**
 * A workspace whose sandbox already holds the sample config/ applied to the default seed,
 * for tests whose first apply is setup rather than what they assert. The state comes from
 * a real `apply` through the CLI (at FIXED_NOW, with WEBHOOK_SECRETS), made once per test
 * file (vitest gives each file its own module instance) and copied into every sandbox
 * started from it (the store clones its seed), so tests stay independent. It keeps all the
 * apply left behind: ids and the id counter, timestamps, job statuses, and the webhook
 * secrets Zendesk holds (the in-memory values, not the state file's digests), so stored
 * tokens and fingerprints check out. Request counts start at zero.
 */
export async function appliedWorkspace(options: Omit<ZendeskSandboxOptions, 'seed' | 'statePath'> = {}): Promise<Workspace> {
  appliedState ??= sampleConfigApplied();
  return workspace({ ...options, seed: await appliedState });
}

let appliedState: Promise<SandboxState> | undefined;

async function sampleConfigApplied(): Promise<SandboxState> {
  const ws = await workspace();
  try {
    const result = await ws.run(['apply']);
    if (result.code !== 0) throw new Error(`applying the sample config/ to the default seed failed (exit ${result.code}):\n${result.stdout}${result.stderr}`);
    return ws.sandbox.state();
  } finally {
    await ws.close();
  }
}

/** Titles of a kind as the sandbox holds them, to count duplicates. */
export function liveTitles(sandbox: ZendeskSandbox, collection: 'triggers' | 'automations' | 'macros' | 'sla_policies'): string[] {
  return (sandbox.state().collections[collection] ?? []).map((o) => String(o.title));
}

export function requestTotal(sandbox: ZendeskSandbox): number {
  return Object.values(sandbox.requestCounts()).reduce((a, b) => a + b, 0);
}

/**
 * A fresh workspace for every test of the file, closed after it: `set` receives each one.
 * `startApplied()` is for a test whose first apply is only setup: it swaps in a workspace
 * that starts with the sample config/ applied.
 */
export function workspaceEachTest(set: (ws: Workspace) => void): { startApplied(): Promise<void>; startImported(kinds: string): Promise<RunResult> } {
  let current: Workspace;
  beforeEach(async () => set((current = await workspace())));
  afterEach(() => current.close());
  const startApplied = async () => {
    await current.close();
    set((current = await appliedWorkspace()));
  };
  return {
    startApplied,
    /** Applied, then `import --kinds <kinds>` over config/: the account's own objects of those kinds become config/, all of it. */
    async startImported(kinds) {
      await startApplied();
      // The sample's own files of those kinds (the fields the request forms fill in) are in the account now: import writes them again.
      for (const kind of kinds.split(',')) await rm(join(current.dir, 'config', kind), { recursive: true, force: true });
      const imported = await current.run(['import', '--kinds', kinds]);
      expect(imported.code).toBe(0);
      return imported;
    },
  };
}

/** `npm run apply` verifies, and the plan after it has no changes: config/ and Zendesk settle. */
export async function appliesAndSettles(ws: Workspace): Promise<void> {
  const apply = await ws.run(['apply']);
  expect(apply.stdout + apply.stderr).toContain('Verified: Zendesk now matches config/.');
  expect(apply.code).toBe(0);
  const again = await ws.run(['plan', '--detailed-exitcode']);
  expect(again.stdout).toContain('No changes. Zendesk matches config/.');
  expect(again.code).toBe(0);
}
