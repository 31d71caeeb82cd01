/** The GitLab client through @gitbeaker/rest, over HTTP, against the GitLab sandbox. Nothing is stubbed. */
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitLabClient, type GitLabClientOptions, type RetryInfo } from '../../scripts/gitlab/client.ts';
import { GitLabApiError } from '../../scripts/gitlab/errors.ts';
import { startGitLabSandbox, type GitLabSandbox } from '../../scripts/sandbox/gitlab/server.ts';

const NOTES = 'GET /api/v4/projects/:id/merge_requests/:noteable_iid/notes';
const HEAD = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

let gitlab: GitLabSandbox;
let sleeps: number[];
let retries: RetryInfo[];
beforeEach(async () => {
  gitlab = await startGitLabSandbox({ token: 'glpat-client-test-secret' });
  gitlab.addMergeRequest({ iid: 7, sha: HEAD });
  sleeps = [];
  retries = [];
});
afterEach(() => gitlab.close());

function client(options: Partial<GitLabClientOptions> = {}): GitLabClient {
  return new GitLabClient({
    apiUrl: gitlab.url,
    projectId: gitlab.project.id,
    token: gitlab.token,
    sleep: async (ms) => void sleeps.push(ms),
    onRetry: (info) => void retries.push(info),
    ...options,
  });
}

describe('pagination', () => {
  it('reads every page by following the Link header', async () => {
    for (let i = 1; i <= 45; i++) gitlab.addNote({ mergeRequestIid: 7 }, { body: `note ${i}` });
    const notes = await client({ perPage: 20 }).mergeRequestNotes(7);
    expect(notes.map((n) => n.body)).toEqual(Array.from({ length: 45 }, (_, i) => `note ${i + 1}`));
    expect(gitlab.requestCounts()[NOTES]).toBe(3);
  });

  it('finds the project by its URL-encoded path as well as by id', async () => {
    gitlab.addNote({ mergeRequestIid: 7 }, { body: 'hello' });
    const byPath = client({ projectId: gitlab.project.path_with_namespace });
    expect((await byPath.mergeRequestNotes(7)).map((n) => n.body)).toEqual(['hello']);
  });
});

describe('rate limits', () => {
  it('waits the Retry-After seconds of a 429 before trying again, then succeeds', async () => {
    gitlab.injectFault({ method: 'GET', path: /\/notes$/, status: 429, times: 1, retryAfterSeconds: 2 });
    const notes = await client().mergeRequestNotes(7);
    expect(notes).toEqual([]);
    expect(sleeps).toEqual([2000]);
    expect(retries).toEqual([{ method: 'GET', path: `projects/${gitlab.project.id}/merge_requests/7/notes`, attempt: 1, delayMs: 2000, reason: 'HTTP 429' }]);
    expect(gitlab.requestCounts()[NOTES]).toBe(2);
  });

  it('retries a throttled POST (it never ran) without posting the note twice', async () => {
    gitlab.injectFault({ method: 'POST', status: 429, times: 1, retryAfterSeconds: 1 });
    await client().createMergeRequestNote(7, 'plan');
    expect(gitlab.state().notes.map((n) => n.body)).toEqual(['plan']);
    expect(sleeps).toEqual([1000]);
  });

  it('caps a long Retry-After and gives up after a bounded number of attempts', async () => {
    gitlab.injectFault({ method: 'GET', status: 429, times: 10, retryAfterSeconds: 3600 });
    const error = await client({ retry: { maxAttempts: 3 } })
      .mergeRequestNotes(7)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitLabApiError);
    expect((error as GitLabApiError).status).toBe(429);
    expect(String(error)).toContain('failed: 429 Retry later');
    expect(sleeps).toEqual([60_000, 60_000]);
  });

  it('does not repeat a POST that failed with 502: it may have created the note', async () => {
    gitlab.injectFault({ method: 'POST', status: 502, times: 1 });
    await expect(client().createMergeRequestNote(7, 'plan')).rejects.toThrow(/POST projects\/\d+\/merge_requests\/7\/notes failed: 502/);
    expect(sleeps).toEqual([]);
  });
});

describe('errors', () => {
  it('a wrong token gives a clear 401 message that never contains the token', async () => {
    const error = await client({ token: 'glpat-wrong-token-9876' })
      .mergeRequestNotes(7)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitLabApiError);
    expect((error as Error).message).toBe(
      `GET projects/${gitlab.project.id}/merge_requests/7/notes failed: 401 Unauthorized — the access token is missing, wrong, expired or revoked`,
    );
    expect(inspect(error, { depth: 10 })).not.toContain('glpat-wrong-token-9876');
    expect(inspect(error, { depth: 10 })).not.toContain(gitlab.token);
  });

  it("says what GitLab said when it refuses a note (GitLab's 1,000,000-character limit)", async () => {
    await expect(client().createMergeRequestNote(7, 'x'.repeat(1_000_001))).rejects.toThrow(
      'failed: 400 Bad request - Note {:note=>["is too long (maximum is 1000000 characters)"]}',
    );
    await expect(client().createMergeRequestNote(8, 'plan')).rejects.toThrow('failed: 404 Merge Request Not Found');
  });
});

describe('what the pipeline calls', () => {
  it('edits a note in place', async () => {
    const api = client();
    const note = await api.createMergeRequestNote(7, 'first');
    await api.editMergeRequestNote(7, note.id, 'second');
    expect(gitlab.state().notes.map((n) => [n.id, n.body])).toEqual([[note.id, 'second']]);
  });

  it('lists the merge requests of a commit with their merge commit', async () => {
    const merge = 'f'.repeat(40);
    gitlab.addMergeRequest({ iid: 9, sha: 'e'.repeat(40), state: 'merged', mergeCommitSha: merge });
    expect(await client().mergeRequestsForCommit(merge)).toMatchObject([{ iid: 9, state: 'merged', mergeCommitSha: merge }]);
  });

  it('lists every file a merge request changes, over every page, renames with both paths', async () => {
    const many = Array.from({ length: 130 }, (_, i) => `config/macros/m${i}.yaml`);
    gitlab.addMergeRequest({ iid: 11, sha: 'd'.repeat(40), changes: [...many, { from: 'scripts/cli.ts', to: 'tools/cli.ts' }, { deleted: 'package-lock.json' }] });
    const files = await client({ perPage: 50 }).mergeRequestChangedFiles(11);
    expect(files).toHaveLength(132);
    expect(files.slice(-2)).toEqual([{ oldPath: 'scripts/cli.ts', newPath: 'tools/cli.ts' }, { oldPath: 'package-lock.json', newPath: 'package-lock.json' }]);
    expect(gitlab.requestCounts()['GET /api/v4/projects/:id/merge_requests/:merge_request_iid/diffs']).toBe(3);
  });

  it('finds, edits, comments on and closes an issue', async () => {
    const api = client();
    gitlab.addIssue({ title: 'Unrelated', labels: ['bug'] });
    const opened = await api.createIssue({ title: 'Zendesk drift detected', description: 'first', labels: ['zendesk-drift'] });
    expect((await api.issues({ labels: ['zendesk-drift'], state: 'opened' })).map((i) => i.iid)).toEqual([opened.iid]);
    await api.editIssue(opened.iid, { description: 'second' });
    await api.createIssueNote(opened.iid, 'updated');
    const closed = await api.editIssue(opened.iid, { stateEvent: 'close' });
    expect(closed).toMatchObject({ state: 'closed', description: 'second' });
    expect(await api.issues({ labels: ['zendesk-drift'], state: 'opened' })).toEqual([]);
    const notes = gitlab.state().notes.filter((n) => n.noteable_type === 'Issue' && !n.system);
    expect(notes.map((n) => n.body)).toEqual(['updated']);
  });
});

describe('who the token is, and which commit a merge request is at', () => {
  it("reads the token's user, and a new token's own bot user after a rotation", async () => {
    expect(await client().currentUser()).toEqual({ id: expect.any(Number), username: `project_${gitlab.project.id}_bot` });
    gitlab.addToken('glpat-rotated-0001');
    const rotated = await client({ token: 'glpat-rotated-0001' }).currentUser();
    expect(rotated.username).toBe(`project_${gitlab.project.id}_bot_2`);
  });

  it('tells each note by its author', async () => {
    gitlab.addNote({ mergeRequestIid: 7 }, { body: 'LGTM', author: 'alex.support' });
    const api = client();
    await api.createMergeRequestNote(7, 'plan');
    const me = await api.currentUser();
    expect((await api.mergeRequestNotes(7)).map((n) => [n.body, n.authorId === me.id, n.authorUsername])).toEqual([
      ['LGTM', false, 'alex.support'],
      ['plan', true, me.username],
    ]);
  });

  it("cannot edit someone else's note: GitLab answers 403", async () => {
    const theirs = gitlab.addNote({ mergeRequestIid: 7 }, { body: 'LGTM', author: 'alex.support' });
    await expect(client().editMergeRequestNote(7, theirs.id, 'mine now')).rejects.toThrow(/PUT projects\/\d+\/merge_requests\/7\/notes\/\d+ failed: 403/);
    expect(gitlab.state().notes.map((n) => n.body)).toEqual(['LGTM']);
  });

  it("reads a merge request's head commit", async () => {
    expect(await client().mergeRequest(7)).toMatchObject({ iid: 7, state: 'opened', sha: HEAD });
    await expect(client().mergeRequest(99)).rejects.toThrow('failed: 404 Merge Request Not Found');
  });
});
