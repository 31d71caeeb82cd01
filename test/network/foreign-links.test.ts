/**
 * Credentials go only to the host the user configured. A proxy (or anything else between
 * the tool and Zendesk or GitLab) that rewrites a pagination link to another host must
 * not get the Authorization header: the link is refused before a request is made, and
 * the run ends in one line naming that host. Real clients over loopback sockets.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitLabClient } from '../../scripts/gitlab/client.ts';
import { startGitLabSandbox, type GitLabSandbox } from '../../scripts/sandbox/gitlab/server.ts';
import { DEFAULT_CREDENTIALS } from '../../scripts/sandbox/zendesk/server.ts';
import { ZendeskClient } from '../../scripts/zendesk/client.ts';
import { ZendeskForeignLinkError } from '../../scripts/zendesk/errors.ts';
import { workspace, type Workspace } from '../integration/harness.ts';
import { recordingServer, rewritingProxy, serverPool, type ProxiedAnswer, type RecordingServer } from './servers.ts';

let ws: Workspace;
let foreign: RecordingServer;
const { serve, closeAll } = serverPool();
beforeEach(async () => {
  ws = await workspace();
  foreign = await serve(recordingServer());
});
afterEach(async () => {
  await closeAll();
  await ws.close();
});

/** Rewrites the JSON answer of requests whose path matches `path`. */
function rewriteJson(path: RegExp, change: (body: Record<string, unknown>, ownUrl: string) => Record<string, unknown>) {
  return (answer: ProxiedAnswer, request: { path: string; ownUrl: string }): ProxiedAnswer =>
    path.test(request.path) && answer.status === 200 ? { ...answer, body: JSON.stringify(change(JSON.parse(answer.body) as Record<string, unknown>, request.ownUrl)) } : answer;
}

const cursorLinkTo = (next: (ownUrl: string) => string) =>
  rewriteJson(/^\/api\/v2\/webhooks(\?|$)/, (body, ownUrl) => ({ ...body, meta: { has_more: true, after_cursor: 'x' }, links: { next: next(ownUrl), prev: null } }));

describe('Zendesk: a next-page link to another host', () => {
  it('npm run plan refuses it in one line naming the host; the other host gets no request and no credentials', async () => {
    // node-zendesk sends an absolute URL as is when it contains the configured endpoint anywhere, query included.
    const proxy = await serve(rewritingProxy(ws.sandbox.url, cursorLinkTo((own) => `${foreign.url}/api/v2/webhooks?page%5Bafter%5D=x&from=${own}/api/v2`)));
    const plan = await ws.run(['plan'], { ZENDESK_URL: proxy.url });
    expect(plan.code).toBe(1);
    expect(plan.stderr.split('\n').filter((line) => line.startsWith('error: '))).toEqual([
      `error: Zendesk at ${proxy.url} answered GET webhooks with a next-page link to another host (${foreign.url}); it was not followed, ` +
        'so the credentials were not sent there. A proxy in front of Zendesk may be rewriting links; check ZENDESK_URL.',
    ]);
    expect(plan.stderr).not.toMatch(/\n\s+at /);
    expect(plan.stderr + plan.stdout).not.toContain(DEFAULT_CREDENTIALS.apiToken);
    expect(foreign.hits).toEqual([]);
    expect(foreign.credentials).toEqual([]);
  });

  it.each([
    ['another port', (_own: string) => `${foreign.url}/api/v2/webhooks?page%5Bafter%5D=x`],
    ['the same host over another scheme', (own: string) => `${own.replace('http:', 'https:')}/api/v2/webhooks?page%5Bafter%5D=x`],
  ])('cursor links: %s', async (_, next) => {
    const proxy = await serve(rewritingProxy(ws.sandbox.url, cursorLinkTo(next)));
    const client = new ZendeskClient({ baseUrl: proxy.url, auth: { kind: 'oauth', accessToken: DEFAULT_CREDENTIALS.oauthToken } });
    const error = await client.listAll('webhooks', 'webhooks').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZendeskForeignLinkError);
    expect((error as ZendeskForeignLinkError).linkOrigin).toBe(new URL(next(proxy.url)).origin);
    expect(String(error)).not.toContain(DEFAULT_CREDENTIALS.oauthToken);
    // Only the first page went out, to the proxy.
    expect(client.requestCount).toBe(1);
    expect(foreign.hits).toEqual([]);
  });

  it('a scheme-relative link to another host is read as a path on the configured host: nothing goes to the other host', async () => {
    const next = `//${new URL(foreign.url).host}/api/v2/webhooks?page%5Bafter%5D=x`;
    const proxy = await serve(rewritingProxy(ws.sandbox.url, cursorLinkTo(() => next)));
    const client = new ZendeskClient({ baseUrl: proxy.url, auth: { kind: 'oauth', accessToken: DEFAULT_CREDENTIALS.oauthToken } });
    const error = await client.listAll('webhooks', 'webhooks').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).not.toContain(DEFAULT_CREDENTIALS.oauthToken);
    expect(foreign.hits).toEqual([]);
    expect(foreign.credentials).toEqual([]);
  });

  it.each([
    ['userinfo in front of another host', (own: string) => `${foreign.url.replace('//', `//${new URL(own).host}@`)}/api/v2/webhooks?page%5Bafter%5D=x`],
    ['userinfo on the configured host', (own: string) => `${own.replace('//', '//evil:x@')}/api/v2/webhooks?page%5Bafter%5D=x`],
  ])('cursor links: %s send nothing anywhere else', async (_, next) => {
    const proxy = await serve(rewritingProxy(ws.sandbox.url, cursorLinkTo(next)));
    const client = new ZendeskClient({ baseUrl: proxy.url, auth: { kind: 'oauth', accessToken: DEFAULT_CREDENTIALS.oauthToken } });
    const error = await client.listAll('webhooks', 'webhooks').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZendeskForeignLinkError);
    expect(String(error)).not.toContain(DEFAULT_CREDENTIALS.oauthToken);
    expect(client.requestCount).toBe(1);
    expect(foreign.hits).toEqual([]);
    expect(foreign.credentials).toEqual([]);
  });

  it('offset links (`next_page`) are held to the same rule', async () => {
    const proxy = await serve(
      rewritingProxy(ws.sandbox.url, rewriteJson(/^\/api\/v2\/targets/, (body) => ({ ...body, next_page: `${foreign.url}/api/v2/targets.json?page=2` }))),
    );
    const client = new ZendeskClient({ baseUrl: proxy.url, auth: { kind: 'api-token', ...DEFAULT_CREDENTIALS } });
    const error = await client.listAll('targets', 'targets').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZendeskForeignLinkError);
    expect((error as Error).message).toBe(`GET targets failed: the next page is on another host (${foreign.url}, not ${proxy.url}); not followed, so the credentials were not sent there`);
    expect(foreign.hits).toEqual([]);
    expect(foreign.credentials).toEqual([]);
  });

  it('a next-page link on the configured host is followed as before', async () => {
    const client = new ZendeskClient({ baseUrl: ws.sandbox.url, auth: { kind: 'api-token', ...DEFAULT_CREDENTIALS } });
    const groups = await client.listAll('groups', 'groups');
    expect(groups.length).toBe((ws.sandbox.state().collections.groups ?? []).length);
  });
});

describe('GitLab: a Link header pointing at another host', () => {
  let gitlab: GitLabSandbox;
  beforeEach(async () => {
    gitlab = await startGitLabSandbox({ token: 'glpat-link-test-7d2e9a41' });
  });
  afterEach(() => gitlab.close());

  it('gitbeaker reads only the query string, so every page comes from GitLab and the token goes nowhere else', async () => {
    const mergeRequest = gitlab.addMergeRequest({ sha: '3f9c2a71d4e5b6a7980123456789abcdef012345' });
    for (let n = 1; n <= 5; n++) gitlab.addNote({ mergeRequestIid: mergeRequest.iid }, { body: `note ${n}` });
    const proxyOrigin = new URL(gitlab.url).origin;
    const proxy = await serve(
      rewritingProxy(proxyOrigin, (answer) => ({
        ...answer,
        headers: answer.headers.link ? { ...answer.headers, link: answer.headers.link.replaceAll(/<http:\/\/127\.0\.0\.1:\d+/g, `<${foreign.url}`) } : answer.headers,
      })),
    );
    const client = new GitLabClient({ apiUrl: `${proxy.url}/api/v4`, projectId: gitlab.project.id, token: gitlab.token, perPage: 2 });
    const notes = await client.mergeRequestNotes(mergeRequest.iid);
    expect(notes.map((note) => note.body).sort()).toEqual(['note 1', 'note 2', 'note 3', 'note 4', 'note 5']);
    expect(proxy.hits.length).toBe(3);
    expect(foreign.hits).toEqual([]);
    expect(foreign.credentials).toEqual([]);
  });
});
