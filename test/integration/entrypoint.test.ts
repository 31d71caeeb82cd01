/** The real entry point, as `npm run …` starts it: a separate process, its exit code and its output. */
import { execFile } from 'node:child_process';
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

describe('scripts/cli.ts as a process', () => {
  it('validates the sample config offline', async () => {
    const result = await run(['validate']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^config\/ is valid: 2 webhooks, 3 trigger categories, 6 triggers, 1 automations, 4 macros, 4 SLA policies, 3 organizations \(offline/);
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
