/** `npm run sandbox -- --seed long-lived`: the command a user runs to get the long-lived account. */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { basicAuth } from './harness.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
let child: ChildProcess | undefined;

afterEach(() => {
  child?.kill('SIGTERM');
  child = undefined;
});

/** Starts `tsx scripts/cli.ts sandbox …` on a free port and resolves with the ZENDESK_URL it prints (and all it printed by then). */
function startCli(args: string[], until = /^ZENDESK_URL=(\S+)$/m): Promise<{ url: string; output: string }> {
  const started = spawn(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', 'sandbox', '--port', '0', ...args], { cwd: repoRoot });
  child = started;
  return new Promise((resolveUrl, reject) => {
    let output = '';
    started.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const url = /^ZENDESK_URL=(\S+)$/m.exec(output)?.[1];
      if (url && until.test(output)) resolveUrl({ url, output });
    });
    started.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    started.on('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${output}`)));
  });
}

describe('sandbox --seed', () => {
  it('long-lived starts the long-lived account', async () => {
    const { url } = await startCli(['--seed', 'long-lived']);
    const response = await fetch(`${url}/api/v2/groups.json`, { headers: { authorization: basicAuth } });
    const groups = ((await response.json()) as { groups: { name: string; deleted: boolean }[] }).groups;
    expect(groups.filter((group) => group.name === 'Billing').map((group) => group.deleted).sort()).toEqual([false, true]);
  });
});

describe('sandbox --with', () => {
  it('starts GitLab and Salesforce beside Zendesk and prints the variables the jobs read, each answering with them', async () => {
    const { output } = await startCli(['--with', 'gitlab,salesforce'], /^Press Ctrl\+C/m);
    const variable = (name: string) => new RegExp(`^${name}=(\\S+)$`, 'm').exec(output)?.[1] ?? '';
    const projects = await fetch(`${variable('CI_API_V4_URL')}/projects/${variable('CI_PROJECT_ID')}/repository/files/config%2Forganizations%2Facme-corp.yaml?ref=main`, {
      headers: { 'private-token': variable('GITLAB_API_TOKEN') },
    });
    expect(projects.status).toBe(200);
    const token = await fetch(`${variable('SF_LOGIN_URL')}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: variable('SF_CLIENT_ID'), client_secret: variable('SF_CLIENT_SECRET') }),
    });
    expect(token.status).toBe(200);
  });
});
