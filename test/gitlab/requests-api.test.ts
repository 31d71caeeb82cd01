/**
 * What the request processor asks of GitLab, through @gitbeaker/rest over HTTP against the
 * GitLab sandbox (nothing stubbed): request issues, who approved them (label events), their
 * notes, and merge requests opened from a commit on a new branch. One sandbox for the file;
 * each test works on its own issues and branches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitLabClient } from '../../scripts/gitlab/client.ts';
import { GitLabApiError } from '../../scripts/gitlab/errors.ts';
import { startGitLabSandbox, type GitLabSandbox } from '../../scripts/sandbox/gitlab/server.ts';

const ACME = 'config/organizations/acme-corp.yaml';
const ACME_YAML = '# Acme, since 2019\nname: Acme Corp\nsharing: none\n';
const GLOBEX = 'config/organizations/globex.yaml';
const START = Date.parse('2026-03-02T09:00:00.000Z');

let gitlab: GitLabSandbox;
let clock = START;
let api: GitLabClient;
let bot: string;

beforeAll(async () => {
  gitlab = await startGitLabSandbox({ files: { [ACME]: ACME_YAML, [GLOBEX]: 'name: Globex\n' }, now: () => clock });
  api = new GitLabClient({ apiUrl: gitlab.url, projectId: gitlab.project.id, token: gitlab.token, sleep: async () => {} });
  bot = (await api.currentUser()).username;
});
afterAll(() => gitlab.close());

describe('who approved a request: label events', () => {
  it("records who added each label and when, the approver's included, over every page", async () => {
    clock = START;
    const { iid, created_at: opened } = gitlab.addIssue({ title: 'Customer tickets: maintenance', labels: ['request::new', 'request-form::customer-tickets'], author: 'dana.requester' });
    clock = START + 60_000;
    gitlab.labelIssue(iid, 'request::approved', { as: 'alice' });
    clock = START + 120_000;
    await api.editIssue(iid, { add_labels: ['request::processing'] });

    const events = await new GitLabClient({ apiUrl: gitlab.url, projectId: gitlab.project.id, token: gitlab.token, perPage: 2 }).issueLabelEvents(iid);
    expect(events.map((e) => [e.action, e.label.name, e.user.username, e.created_at])).toEqual([
      ['add', 'request::new', 'dana.requester', opened],
      ['add', 'request-form::customer-tickets', 'dana.requester', opened],
      ['add', 'request::approved', 'alice', '2026-03-02T09:01:00.000Z'],
      ['remove', 'request::new', 'alice', '2026-03-02T09:01:00.000Z'],
      ['add', 'request::processing', bot, '2026-03-02T09:02:00.000Z'],
      ['remove', 'request::approved', bot, '2026-03-02T09:02:00.000Z'],
    ]);
    expect(gitlab.requestCounts()['GET /api/v4/projects/:id/issues/:issue_iid/resource_label_events']).toBe(3);
  });

  it('a scoped label replaces its sibling; other labels stay', async () => {
    const { iid } = gitlab.addIssue({ title: 'Shared organization: Acme', labels: ['request::processing', 'request-form::shared-organization'] });
    const done = await api.editIssue(iid, { add_labels: ['request::done'], state_event: 'close' });
    expect(done).toMatchObject({ state: 'closed', labels: ['request-form::shared-organization', 'request::done'] });
    const failed = await api.editIssue(iid, { add_labels: ['request::failed'], state_event: 'reopen' });
    expect(failed.labels.filter((l) => l.startsWith('request::'))).toEqual(['request::failed']);
    // A human relabelling it new to retry: the failed label goes, as in GitLab's label picker.
    expect(gitlab.labelIssue(iid, 'request::new', { as: 'dana.requester' }).labels).toEqual(['request-form::shared-organization', 'request::new']);
    expect((await api.issues({ labels: ['request::new'], state: 'opened' })).map((i) => i.iid)).toContain(iid);
  });
});

describe('issues and their notes', () => {
  it('opens a confidential issue and reads it back, then makes it visible', async () => {
    const opened = await api.createIssue({ title: 'Internal request: license', description: 'private', confidential: true });
    expect(opened).toMatchObject({ confidential: true, authorUsername: bot });
    expect(await api.issue(opened.iid)).toMatchObject({ iid: opened.iid, confidential: true, description: 'private' });
    expect((await api.editIssue(opened.iid, { confidential: false })).confidential).toBe(false);
    expect((await api.createIssue({ title: 'Public', description: '' })).confidential).toBe(false);
    await expect(api.issue(9999)).rejects.toThrow('failed: 404 Issue Not Found');
  });

  it('says who closed and who reopened an issue, as state events and not as notes (GitLab 15.4+)', async () => {
    const opened = await api.createIssue({ title: 'Bad rating 42', description: '', confidential: true });
    await api.editIssue(opened.iid, { state_event: 'close' });
    clock += 60_000;
    const manager = new GitLabClient({ apiUrl: gitlab.url, projectId: gitlab.project.id, token: gitlab.tokenFor('dana.lee'), sleep: async () => {} });
    await manager.editIssue(opened.iid, { state_event: 'reopen' });
    expect((await api.issueStateEvents(opened.iid)).map((event) => [event.state, event.user?.username])).toEqual([['closed', bot], ['reopened', 'dana.lee']]);
    expect((await api.issueNotes(opened.iid)).filter((note) => note.system)).toEqual([]);
  });

  it('lists, posts and edits issue notes, oldest first, each with its author', async () => {
    const { iid } = gitlab.addIssue({ title: 'Contact a user', author: 'dana.requester' });
    gitlab.addNote({ issueIid: iid }, { body: 'Any news?', author: 'dana.requester' });
    const result = await api.createIssueNote(iid, '<!-- zendesk-gitops:request-result -->\nProcessing');
    await api.editIssueNote(iid, result.id, '<!-- zendesk-gitops:request-result -->\nDone');
    const notes = await api.issueNotes(iid);
    expect(notes.map((n) => [n.authorUsername, n.body])).toEqual([
      ['dana.requester', 'Any news?'],
      [bot, '<!-- zendesk-gitops:request-result -->\nDone'],
    ]);
    await expect(api.editIssueNote(iid, notes[0].id, 'mine now')).rejects.toThrow(/failed: 403/);
  });
});

describe('a merge request from a commit on a new branch', () => {
  it('reads a file on main, decoded, with the ids an update can lock on; null when it is not there', async () => {
    const file = await api.repositoryFile(ACME, 'main');
    expect(file).toEqual({ content: ACME_YAML, last_commit_id: gitlab.branches().main, blob_id: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(await api.repositoryFile('config/organizations/initech.yaml', 'main')).toBeNull();
    expect(await api.branch('request/404-nothing')).toBeNull();
    await expect(api.repositoryFile(ACME, 'no-such-branch')).rejects.toThrow('failed: 404 Commit Not Found');
  });

  it('commits one changed file onto a new branch from main and leaves main alone', async () => {
    const branch = 'request/12-shared-organization';
    const edited = ACME_YAML.replace('sharing: none', 'sharing: shared');
    const commit = await api.createCommit({
      branch,
      start_branch: 'main',
      commit_message: 'Share Acme Corp (request #12)',
      actions: [{ action: 'update', file_path: ACME, content: edited }],
    });
    expect(await api.branch(branch)).toEqual({ name: branch, commit: { id: commit.id } });
    expect((await api.repositoryFile(ACME, branch))?.content).toBe(edited);
    expect((await api.repositoryFile(ACME, branch))?.last_commit_id).toBe(commit.id);
    expect((await api.repositoryFile(GLOBEX, branch))?.content).toBe('name: Globex\n');
    expect(gitlab.fileAt('main', ACME)).toBe(ACME_YAML);
    expect((await api.repositoryFile(ACME, 'main'))?.content).toBe(ACME_YAML);

    // The branch exists now: starting it again from main is refused, committing onto it is not.
    await expect(api.createCommit({ branch, start_branch: 'main', commit_message: 'again', actions: [{ action: 'update', file_path: ACME, content: 'x' }] })).rejects.toThrow(
      `failed: 400 A branch called '${branch}' already exists. Switch to that branch in order to make changes`,
    );
    await api.createCommit({ branch, commit_message: 'Add a note', actions: [{ action: 'update', file_path: GLOBEX, content: 'name: Globex\nnotes: []\n' }] });
    expect(gitlab.fileAt(branch, GLOBEX)).toBe('name: Globex\nnotes: []\n');
  });

  it('refuses the whole commit, as GitLab words it, when a create meets a file or an update finds none', async () => {
    const before = gitlab.branches();
    await expect(
      api.createCommit({ branch: 'request/13-x', start_branch: 'main', commit_message: 'm', actions: [{ action: 'create', file_path: ACME, content: 'x' }] }),
    ).rejects.toThrow('failed: 400 A file with this name already exists');
    await expect(
      api.createCommit({
        branch: 'request/13-x',
        start_branch: 'main',
        commit_message: 'm',
        actions: [
          { action: 'create', file_path: 'config/organizations/new.yaml', content: 'name: New\n' },
          { action: 'update', file_path: 'config/organizations/gone.yaml', content: 'x' },
        ],
      }),
    ).rejects.toThrow("failed: 400 A file with this name doesn't exist");
    await expect(api.createCommit({ branch: 'request/13-x', start_branch: 'nope', commit_message: 'm', actions: [{ action: 'delete', file_path: ACME }] })).rejects.toThrow(
      'failed: 400 You can only create or edit files when you are on a branch',
    );
    expect(gitlab.branches()).toEqual(before);
  });

  it('opens a merge request from the branch, finds it by source branch, and answers 409 to a second one', async () => {
    const branch = 'request/14-organization-notes';
    await api.createCommit({ branch, start_branch: 'main', commit_message: 'Note for Globex', actions: [{ action: 'update', file_path: GLOBEX, content: 'name: Globex\nnotes: [x]\n' }] });
    const request = { source_branch: branch, target_branch: 'main', title: 'Organization note: Globex', description: 'Closes #14', labels: ['request'], remove_source_branch: true };
    const opened = await api.createMergeRequest(request);
    expect(opened).toMatchObject({ state: 'opened', title: 'Organization note: Globex', sha: gitlab.branches()[branch], webUrl: expect.stringContaining(`/-/merge_requests/${opened.iid}`) });
    expect(await api.mergeRequestChangedFiles(opened.iid)).toEqual([{ oldPath: GLOBEX, newPath: GLOBEX }]);
    expect((await api.mergeRequests({ source_branch: branch, state: 'opened' })).map((m) => m.iid)).toEqual([opened.iid]);
    expect(await api.mergeRequests({ source_branch: 'request/99-none', state: 'opened' })).toEqual([]);

    const duplicate = await api.createMergeRequest(request).catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(GitLabApiError);
    expect((duplicate as GitLabApiError).status).toBe(409);
    expect((duplicate as Error).message).toContain(`Another open merge request already exists for this source branch: !${opened.iid}`);
    expect(gitlab.state().mergeRequests.filter((m) => m.source_branch === branch)).toHaveLength(1);
  });
});
