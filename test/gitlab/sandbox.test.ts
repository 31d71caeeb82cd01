/** The GitLab sandbox answers as GitLab documents it (../shared/reference/gitlab-api.md), checked with plain fetch. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitLabSandbox, type GitLabSandbox } from '../../scripts/sandbox/gitlab/server.ts';

let gitlab: GitLabSandbox;
beforeEach(async () => {
  gitlab = await startGitLabSandbox();
  gitlab.addMergeRequest({ iid: 7, sha: 'c'.repeat(40) });
});
afterEach(() => gitlab.close());

const call = (path: string, init: RequestInit & { token?: string | null } = {}) => {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.token !== null) headers['private-token'] = init.token ?? gitlab.token;
  return fetch(`${gitlab.url}/${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) } });
};
const notesPath = () => `projects/${gitlab.project.id}/merge_requests/7/notes`;

describe('authentication (§1.1)', () => {
  it('answers 401 {"message":"401 Unauthorized"} without a valid token', async () => {
    for (const token of [null, 'wrong']) {
      const response = await call(notesPath(), { token });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ message: '401 Unauthorized' });
    }
  });

  it('takes the token as Authorization: Bearer too', async () => {
    const response = await call(notesPath(), { token: null, headers: { authorization: `Bearer ${gitlab.token}` } });
    expect(response.status).toBe(200);
  });
});

describe('request bodies', () => {
  it('takes form fields as GitLab does (curl --data), as well as JSON', async () => {
    const response = await fetch(`${gitlab.url}/projects/${gitlab.project.id}/issues`, {
      method: 'POST',
      headers: { 'private-token': gitlab.token, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ title: 'From curl', labels: 'request::new', description: 'line one\nline two' }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ title: 'From curl', labels: ['request::new'], description: 'line one\nline two' });
  });
});

describe('offset pagination (§1.11)', () => {
  it('pages 20 by default with Link, X-Page, X-Next-Page and totals', async () => {
    for (let i = 0; i < 45; i++) gitlab.addNote({ mergeRequestIid: 7 }, { body: `n${i}` });
    const first = await call(`${notesPath()}?sort=asc`);
    expect((await first.json()).length).toBe(20);
    expect(first.headers.get('x-page')).toBe('1');
    expect(first.headers.get('x-next-page')).toBe('2');
    expect(first.headers.get('x-prev-page')).toBe('');
    expect(first.headers.get('x-total')).toBe('45');
    expect(first.headers.get('x-total-pages')).toBe('3');
    const link = first.headers.get('link') ?? '';
    expect(link).toContain(`<${gitlab.url}/${notesPath()}?sort=asc&page=2&per_page=20>; rel="next"`);
    expect(link).toContain('rel="first"');
    expect(link).toContain('page=3&per_page=20>; rel="last"');

    const last = await call(`${notesPath()}?sort=asc&page=3`);
    expect((await last.json()).map((n: { body: string }) => n.body)).toEqual(['n40', 'n41', 'n42', 'n43', 'n44']);
    expect(last.headers.get('link')).not.toContain('rel="next"');
    expect(last.headers.get('x-next-page')).toBe('');
  });

  it('caps per_page at 100', async () => {
    for (let i = 0; i < 120; i++) gitlab.addNote({ mergeRequestIid: 7 }, { body: `n${i}` });
    const response = await call(`${notesPath()}?per_page=500`);
    expect((await response.json()).length).toBe(100);
    expect(response.headers.get('x-per-page')).toBe('100');
  });
});

describe('notes (§1.2)', () => {
  it('lists newest first by default and accepts sort=asc', async () => {
    gitlab.addNote({ mergeRequestIid: 7 }, { body: 'older' });
    gitlab.addNote({ mergeRequestIid: 7 }, { body: 'newer', system: true });
    const desc = await (await call(notesPath())).json();
    expect(desc.map((n: { body: string; system: boolean }) => [n.body, n.system])).toEqual([
      ['newer', true],
      ['older', false],
    ]);
  });

  it('creates with 201 and refuses a body over 1,000,000 characters with 400', async () => {
    const created = await call(notesPath(), { method: 'POST', body: JSON.stringify({ body: 'x'.repeat(1_000_000) }) });
    expect(created.status).toBe(201);
    expect((await created.json()).author.username).toBe(`project_${gitlab.project.id}_bot`);
    const tooLong = await call(notesPath(), { method: 'POST', body: JSON.stringify({ body: 'x'.repeat(1_000_001) }) });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toEqual({ message: '400 Bad request - Note {:note=>["is too long (maximum is 1000000 characters)"]}' });
  });

  it('404s an unknown merge request or project', async () => {
    expect(await (await call(`projects/${gitlab.project.id}/merge_requests/99/notes`)).json()).toEqual({ message: '404 Merge Request Not Found' });
    expect(await (await call('projects/nope%2Fnope/merge_requests/7/notes')).json()).toEqual({ message: '404 Project Not Found' });
  });
});

describe('throttling (§1.12)', () => {
  it('answers an injected 429 with plain text and Retry-After', async () => {
    gitlab.injectFault({ path: '/api/v4/projects/:id/merge_requests/:noteable_iid/notes', status: 429, times: 1, retryAfterSeconds: 7 });
    const response = await call(notesPath());
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe('Retry later\n');
    expect((await call(notesPath())).status).toBe(200);
  });
});

describe('issues (§1.5)', () => {
  it('filters by state, all labels and search, and closes with state_event', async () => {
    gitlab.addIssue({ title: 'Zendesk drift detected', description: 'marker', labels: ['zendesk-drift', 'ops'] });
    gitlab.addIssue({ title: 'Other', labels: ['ops'] });
    const issues = `projects/${gitlab.project.id}/issues`;
    const list = async (query: string) => (await (await call(`${issues}?${query}`)).json()).map((i: { title: string }) => i.title);
    expect(await list('labels=zendesk-drift,ops&state=opened')).toEqual(['Zendesk drift detected']);
    expect(await list('labels=ops')).toEqual(['Other', 'Zendesk drift detected']);
    expect(await list('search=MARKER')).toEqual(['Zendesk drift detected']);

    const closed = await (await call(`${issues}/1`, { method: 'PUT', body: JSON.stringify({ state_event: 'close' }) })).json();
    expect(closed).toMatchObject({ state: 'closed', closed_by: { username: `project_${gitlab.project.id}_bot` } });
    expect(closed.closed_at).not.toBeNull();
    expect(await list('state=opened')).toEqual(['Other']);
  });
});

describe('users and tokens (GitLab doc/api/users.md; NotePolicy)', () => {
  it("GET /user answers with the token's user, each token its own bot user", async () => {
    const first = await (await call('user')).json();
    expect(first).toMatchObject({ username: `project_${gitlab.project.id}_bot`, state: 'active' });
    gitlab.addToken('glpat-second', { username: 'project_1001_bot_rotated' });
    const second = await (await call('user', { token: 'glpat-second' })).json();
    expect(second.username).toBe('project_1001_bot_rotated');
    expect(second.id).not.toBe(first.id);
    gitlab.revokeToken('glpat-second');
    expect((await call('user', { token: 'glpat-second' })).status).toBe(401);
  });

  it("lets only a note's author edit it", async () => {
    const theirs = gitlab.addNote({ mergeRequestIid: 7 }, { body: 'LGTM', author: 'alex.support' });
    const refused = await call(`${notesPath()}/${theirs.id}`, { method: 'PUT', body: JSON.stringify({ body: 'edited' }) });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ message: '403 Forbidden' });
    const mine = await (await call(notesPath(), { method: 'POST', body: JSON.stringify({ body: 'plan' }) })).json();
    expect((await call(`${notesPath()}/${mine.id}`, { method: 'PUT', body: JSON.stringify({ body: 'plan 2' }) })).status).toBe(200);
    gitlab.addToken('glpat-new-bot');
    expect((await call(`${notesPath()}/${mine.id}`, { method: 'PUT', body: JSON.stringify({ body: 'plan 3' }), token: 'glpat-new-bot' })).status).toBe(403);
    expect(gitlab.state().notes.map((n) => n.body)).toEqual(['LGTM', 'plan 2']);
  });

  it('shows a merge request with its head commit as sha', async () => {
    expect(await (await call(`projects/${gitlab.project.id}/merge_requests/7`)).json()).toMatchObject({ iid: 7, sha: 'c'.repeat(40) });
  });
});

describe('the repository, merge requests and label events as GitLab answers them (§1.4, §1.7–§1.9)', () => {
  it('serves raw files as text, missing ones as 404 File Not Found, and a duplicate merge request as 409 with a message array', async () => {
    const repo = await startGitLabSandbox({ files: { 'config/a.yaml': '{"looks": "like json"}\n' } });
    try {
      const get = (path: string) => fetch(`${repo.url}/projects/${repo.project.id}/${path}`, { headers: { 'private-token': repo.token } });
      const raw = await get('repository/files/config%2Fa.yaml/raw');
      expect(raw.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await raw.text()).toBe('{"looks": "like json"}\n');
      const missing = await get('repository/files/config%2Fb.yaml?ref=main');
      expect([missing.status, await missing.json()]).toEqual([404, { message: '404 File Not Found' }]);
      expect(await (await get('repository/files/config%2Fa.yaml')).json()).toEqual({ error: 'ref is missing' });

      repo.pushFiles('feature', { 'config/a.yaml': 'changed\n' });
      const open = () =>
        fetch(`${repo.url}/projects/${repo.project.id}/merge_requests`, {
          method: 'POST',
          headers: { 'private-token': repo.token, 'content-type': 'application/json' },
          body: JSON.stringify({ source_branch: 'feature', target_branch: 'main', title: 'Change a' }),
        });
      expect((await open()).status).toBe(201);
      const conflict = await open();
      expect([conflict.status, await conflict.json()]).toEqual([409, { message: ['Another open merge request already exists for this source branch: !1'] }]);
    } finally {
      await repo.close();
    }
  });

  it('shows a label event with its user, label object and resource', async () => {
    const { iid, id } = gitlab.addIssue({ title: 'Request', labels: ['request::new'] });
    gitlab.labelIssue(iid, 'request::approved', { as: 'alice' });
    const events = await (await call(`projects/${gitlab.project.id}/issues/${iid}/resource_label_events`)).json();
    expect(events[1]).toMatchObject({ action: 'add', resource_type: 'Issue', resource_id: id, user: { username: 'alice' }, label: { name: 'request::approved', color: expect.any(String) } });
    expect(events.map((e: { action: string; label: { name: string } }) => `${e.action} ${e.label.name}`)).toEqual(['add request::new', 'add request::approved', 'remove request::new']);
  });
});
