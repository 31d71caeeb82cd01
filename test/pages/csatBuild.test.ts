/**
 * `npm run pages` with and without a csat.json: the dashboard is built and linked from the
 * project page only when there is one, a bad file stops the build with one line naming it,
 * and a dashboard never outlives the csat.json it came from.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildPages } from '../../scripts/pages/build.ts';
import { REPO } from '../forms/helpers.ts';
import { FIXTURES } from './csatReports.ts';

const PROJECT = 'https://gitlab.example.com/support/zendesk-gitops';
const DASHBOARD = join(FIXTURES, 'dashboard.json');
const made: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pages-csat-'));
  made.push(dir);
  return dir;
}

async function pages(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await buildPages(['--project-url', PROJECT, ...args], { cwd: REPO, env, stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

afterEach(async () => {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('npm run pages and the CSAT dashboard', () => {
  it('builds public/csat/ from --csat and links it from the project page', async () => {
    const site = await tempDir();
    const result = await pages(['--out', site, '--csat', DASHBOARD]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('and the CSAT dashboard');
    expect((await readdir(join(site, 'csat'))).sort()).toEqual(['csat.css', 'index.html']);
    expect(await readFile(join(site, 'csat/index.html'), 'utf8')).toContain('<h1>Customer satisfaction</h1>');
    expect(await readFile(join(site, 'index.html'), 'utf8')).toContain('<a href="csat/index.html">CSAT dashboard</a>');
  });

  it('takes the file from CSAT_REPORT, as the pages job gets it from the csat job', async () => {
    const site = await tempDir();
    expect((await pages(['--out', site], { CSAT_REPORT: DASHBOARD })).code).toBe(0);
    expect(await readFile(join(site, 'csat/index.html'), 'utf8')).toContain('2026-W47');
  });

  it('builds no dashboard and no link without a csat.json, and removes one left from an earlier build', async () => {
    const site = await tempDir();
    await pages(['--out', site, '--csat', DASHBOARD]);
    const result = await pages(['--out', site]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('CSAT');
    expect(await readdir(site)).not.toContain('csat');
    expect(await readFile(join(site, 'index.html'), 'utf8')).not.toContain('csat/');
  });

  it('stops on a missing or broken csat.json with one line naming the file and field, and changes nothing', async () => {
    const site = await tempDir();
    await pages(['--out', site, '--csat', DASHBOARD]);
    const before = await readFile(join(site, 'csat/index.html'), 'utf8');
    const work = await tempDir();
    const broken = JSON.parse(await readFile(DASHBOARD, 'utf8'));
    broken.periods.monthly[2].good = -4;
    await writeFile(join(work, 'csat.json'), JSON.stringify(broken));
    await writeFile(join(work, 'truncated.json'), '{"formatVersion": 1, "periods":');

    const missing = await pages(['--out', site], { CSAT_REPORT: join(work, 'nope.json') });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: .*nope\.json \(from CSAT_REPORT\): no such file; nothing was built\n$/);
    const invalid = await pages(['--out', site, '--csat', join(work, 'csat.json')]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/^error: .*csat\.json: periods\.monthly\[2\]\.good must be a whole number ≥ 0; nothing was built\n$/);
    const truncated = await pages(['--out', site, '--csat', join(work, 'truncated.json')]);
    expect(truncated.stderr).toMatch(/^error: .*truncated\.json: not JSON \(.+\); nothing was built\n$/);
    expect(await readFile(join(site, 'csat/index.html'), 'utf8')).toBe(before);
  });
});
