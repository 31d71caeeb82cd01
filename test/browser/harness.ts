/**
 * What the browser tests share: Debian's chromium (never a downloaded build), the Pages
 * site built as `npm run pages` builds it into a temporary folder and served on loopback.
 *
 * Without /usr/bin/chromium a test file is skipped with a reason, except under CI=true,
 * where it fails: .ci/run installs the browser first.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { buildPages } from '../../scripts/pages/build.ts';
import { REPO } from '../forms/helpers.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const PROJECT = 'https://gitlab.example.com/support/zendesk-gitops';

const TYPES: Readonly<Record<string, string>> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/** Whether chromium is here; under CI=true its absence is an error, elsewhere a skip with a reason. */
export function chromiumAvailable(what: string): boolean {
  const available = existsSync(CHROMIUM);
  if (!available && process.env.CI === 'true') {
    throw new Error(`${CHROMIUM} is missing: ${what} needs Debian's chromium (apt-get install chromium; .ci/run installs it)`);
  }
  if (!available) console.warn(`skipping ${what}: ${CHROMIUM} is missing (apt-get install chromium; under CI=true this fails)`);
  return available;
}

export interface ServedSite {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  browser: Browser;
  close(): Promise<void>;
}

/** `npm run pages -- --project-url PROJECT <args>` into a temporary folder, served on loopback, and a headless chromium. */
export async function servedSite(pagesArgs: readonly string[] = []): Promise<ServedSite> {
  const site = await mkdtemp(join(tmpdir(), 'pages-'));
  const output: string[] = [];
  const io = { cwd: REPO, env: {}, stdout: (t: string) => output.push(t), stderr: (t: string) => output.push(t) };
  const code = await buildPages(['--project-url', PROJECT, '--out', site, ...pagesArgs], io);
  if (code !== 0) throw new Error(`npm run pages failed:\n${output.join('')}`);
  const server = createServer((request, response) => {
    const asked = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const path = asked.endsWith('/') ? `${asked}index.html` : asked;
    readFile(join(site, path)).then(
      (body) => response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // launch() starts from a fresh, temporary user-data-dir of its own. Without the
    // background-networking flags chromium keeps dialling hosts this machine cannot reach.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    origin,
    browser,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await rm(site, { recursive: true, force: true });
    },
  };
}
