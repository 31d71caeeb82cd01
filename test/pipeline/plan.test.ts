/** `ci plan` in a merge-request pipeline: artifacts, and one plan note kept up to date. */
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PLAN_NOTE_MARKER } from '../../scripts/render/gitlab.ts';
import { REPO } from '../integration/harness.ts';
import { PIPELINE_URL, pipelineWorkspace, type PipelineWorkspace } from './harness.ts';

const MR = { CI_MERGE_REQUEST_IID: '7', CI_COMMIT_SHA: '3f9c2a71d4e5b6a7980123456789abcdef012345' };

let p: PipelineWorkspace;
/** Merge request !7 is open; Zendesk is the seed account, or (`applied`) has the sample config/ applied already. */
async function start(options: { applied?: boolean } = {}): Promise<void> {
  p = await pipelineWorkspace(options);
  p.gitlab.addMergeRequest({ iid: 7, sha: MR.CI_COMMIT_SHA });
}
beforeEach(() => start());
afterEach(() => p.close());

/** For a test whose first apply is only setup. */
async function startApplied(): Promise<void> {
  await p.close();
  await start({ applied: true });
}

const planNotes = () => p.notesOn(7).filter((n) => n.body.includes(PLAN_NOTE_MARKER));

describe('ci plan', () => {
  it('posts the plan note, then edits that same note after the next push', async () => {
    // A busy merge request: the plan note lands on the second page of notes.
    for (let i = 1; i <= 120; i++) p.gitlab.addNote({ mergeRequestIid: 7 }, { body: `review comment ${i}` });

    const first = await p.ci('plan', MR);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('+ create macro "Escalations::Tier 2"');
    expect(first.stdout).toContain('Posted the plan note on merge request !7.');
    expect(planNotes()).toHaveLength(1);
    const [created] = planNotes();
    expect(created.body).toContain('### Zendesk plan:');
    expect(created.body).toContain(`Commit \`3f9c2a71\` · [Pipeline](${PIPELINE_URL})`);

    await p.ws.edit('config/macros/escalations-tier-2.yaml', /value: Tier 2\b/, 'value: Tier 3');
    const second = await p.ci('plan', MR);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Updated the plan note on merge request !7.');
    const [edited] = planNotes();
    expect(planNotes()).toHaveLength(1);
    expect(edited.id).toBe(created.id);
    expect(edited.body).not.toBe(created.body);
    expect(edited.body).toContain('Tier 3');
    expect(p.notesOn(7)).toHaveLength(121);
  });

  it('replaces the plan note with the problems when config/ is invalid, so reviewers never read a stale plan', async () => {
    expect((await p.ci('plan', MR)).code).toBe(0);
    await p.ws.edit('config/macros/escalations-tier-2.yaml', 'actions:', 'acions:');
    const failed = await p.ci('plan', MR);
    expect(failed.code).toBe(1);
    const [note] = planNotes();
    expect(planNotes()).toHaveLength(1);
    expect(note.body).toContain('### Zendesk plan: failed');
    expect(note.body).toMatch(/config\/macros\/escalations-tier-2\.yaml:\d+:\d+: error: unknown field 'acions'/);
    expect(note.body).not.toContain('create macro');
  });

  it('replaces the plan note when Zendesk cannot be reached either, rather than leaving the previous commit\'s plan up', async () => {
    expect((await p.ci('plan', MR)).code).toBe(0);
    const closed = await p.ci('plan', { ...MR, ZENDESK_URL: 'http://127.0.0.1:9' });
    expect(closed.code).toBe(1);
    const [note] = planNotes();
    expect(planNotes()).toHaveLength(1);
    expect(note.body).toContain('### Zendesk plan: failed');
    expect(note.body).toContain('refused');
    expect(note.body).not.toContain('create macro');
  });

  it('writes plan.json and plan.md as artifacts and exits 0 though there are changes', async () => {
    const result = await p.ci('plan', MR);
    expect(result.code).toBe(0);
    const plan = JSON.parse(await p.ws.read('plan.json'));
    expect(plan.formatVersion).toBe(2);
    expect(plan.changes.length).toBeGreaterThan(0);
    expect(await p.ws.read('plan.md')).toContain('### Zendesk plan:');
  });

  it('calls out deletes in the note when pruning is on', async () => {
    await startApplied();
    await p.ws.edit('config/settings.yaml', 'macros: false', 'macros: true');
    expect((await p.ci('plan', MR)).code).toBe(0);
    const [note] = planNotes();
    expect(note.body).toContain(':warning: **This plan deletes 3 objects from Zendesk:**');
    expect(note.body).toMatch(/^> - .*DELETE macro .*Downgrade and inform/m);
  });

  it('run locally (no GitLab variables) it still plans and writes artifacts, and says why nothing was posted', async () => {
    const result = await p.ws.run(['ci', 'plan'], { CI_MERGE_REQUEST_IID: '7' });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Not posting the plan note to GitLab: CI_PROJECT_ID is not set');
    expect(await p.ws.read('plan.md')).toContain('### Zendesk plan:');
    expect(p.gitlab.requestCounts()).toEqual({});
  });

  it('outside a merge-request pipeline it says so and posts nothing', async () => {
    const result = await p.ci('plan', { CI_MERGE_REQUEST_IID: undefined });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('CI_MERGE_REQUEST_IID is not set (not a merge-request pipeline)');
    expect(p.gitlab.requestCounts()).toEqual({});
  });

  it('in a GitLab job without GITLAB_API_TOKEN it fails naming the variable, after writing the artifacts', async () => {
    const result = await p.ci('plan', { ...MR, GITLAB_API_TOKEN: undefined });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: cannot post the plan note to GitLab: GITLAB_API_TOKEN is not set; add a project access token with the api scope/m);
    expect(await p.ws.read('plan.json')).toContain('"formatVersion": 2');
  });

  it('a rejected token fails the job with one line naming GITLAB_API_TOKEN, never its value', async () => {
    const result = await p.ci('plan', { ...MR, GITLAB_API_TOKEN: 'glpat-revoked-0000' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: GitLab at http:\/\/127\.0\.0\.1:\d+\/api\/v4 rejected GITLAB_API_TOKEN \(401\)/m);
    expect(result.stdout + result.stderr).not.toContain('glpat-revoked-0000');
  });

  it('a throttled GitLab is waited out, and the note is posted once', async () => {
    p.gitlab.injectFault({ method: 'POST', status: 429, times: 1, retryAfterSeconds: 0 });
    const result = await p.ci('plan', MR);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/HTTP 429 on POST projects\/\d+\/merge_requests\/7\/notes; retry 1 in 0\.0s/);
    expect(planNotes()).toHaveLength(1);
  });
});

describe('ci plan: whose note it edits', () => {
  const PUT_NOTE = 'PUT /api/v4/projects/:id/merge_requests/:noteable_iid/notes/:note_id';

  it("never edits a reviewer's note that quotes the marker: it posts its own and says why", async () => {
    const quote = `Why does the bot's note start with \`${PLAN_NOTE_MARKER}\`?\n\n> ${PLAN_NOTE_MARKER}\n> ### Zendesk plan: …`;
    const reviewer = p.gitlab.addNote({ mergeRequestIid: 7 }, { body: quote, author: 'alex.support' });

    const result = await p.ci('plan', MR);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `Note ${reviewer.id} by @alex.support carries the plan marker, but GITLAB_API_TOKEN acts as @project_${p.gitlab.project.id}_bot, who did not write it`,
    );
    expect(result.stdout).toContain('Posted the plan note on merge request !7.');
    const [quoted, ours] = planNotes();
    expect(quoted).toEqual(reviewer);
    expect(ours.body).toContain('### Zendesk plan:');
    expect(p.gitlab.requestCounts()[PUT_NOTE]).toBeUndefined();

    // The next push edits the bot's own note, still not the reviewer's, and says nothing more about it.
    await p.ws.edit('config/macros/escalations-tier-2.yaml', /value: Tier 2\b/, 'value: Tier 3');
    const again = await p.ci('plan', MR);
    expect(again.stdout).toContain('Updated the plan note on merge request !7.');
    expect(again.stdout).not.toContain('carries the plan marker');
    expect(planNotes().map((n) => n.id)).toEqual([reviewer.id, ours.id]);
    expect(planNotes()[0]).toEqual(reviewer);
    expect(planNotes()[1].body).toContain('Tier 3');
  });

  it('after a token rotation (a new bot user) it posts a new note instead of failing with 403 on the old one', async () => {
    expect((await p.ci('plan', MR)).code).toBe(0);
    const [old] = planNotes();
    p.gitlab.addToken('glpat-rotated-token-5d1e');
    p.gitlab.revokeToken(p.gitlab.token);

    await p.ws.edit('config/macros/escalations-tier-2.yaml', /value: Tier 2\b/, 'value: Tier 3');
    const result = await p.ci('plan', { ...MR, GITLAB_API_TOKEN: 'glpat-rotated-token-5d1e' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Note ${old.id} by @project_${p.gitlab.project.id}_bot carries the plan marker, but GITLAB_API_TOKEN acts as @project_${p.gitlab.project.id}_bot_2`);
    expect(result.stderr).not.toContain('403');
    expect(result.stdout + result.stderr).not.toContain('glpat-rotated');
    expect(p.gitlab.requestCounts()['PUT /api/v4/projects/:id/merge_requests/:noteable_iid/notes/:note_id']).toBeUndefined();
    const [unchanged, fresh] = planNotes();
    expect(unchanged).toEqual(old);
    expect(fresh.body).toContain('Tier 3');
  });
});

describe('ci plan: which commit it plans', () => {
  it('posts nothing when the merge request has moved on to a newer commit, says so, and keeps the artifacts', async () => {
    expect((await p.ci('plan', MR)).code).toBe(0);
    const [posted] = planNotes();
    // A newer push: the merge request's head is now another commit; this older pipeline finishes late.
    const newer = '7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a7a';
    p.gitlab.addMergeRequest({ iid: 9, sha: newer });
    p.gitlab.resetRequestCounts();
    const late = await p.ci('plan', { CI_MERGE_REQUEST_IID: '9', CI_COMMIT_SHA: MR.CI_COMMIT_SHA });
    expect(late.code).toBe(0);
    expect(late.stdout).toContain(
      'Not posting the plan note: merge request !9 has moved on to commit 7a7a7a7a since this pipeline planned 3f9c2a71, ' +
        "and the newer commit's pipeline posts its own plan (plan.json and plan.md are kept as this job's artifacts).",
    );
    expect(p.notesOn(9)).toEqual([]);
    expect(planNotes()).toEqual([posted]);
    expect(Object.keys(p.gitlab.requestCounts()).filter((k) => !k.startsWith('GET '))).toEqual([]);
    expect(JSON.parse(await p.ws.read('plan.json')).formatVersion).toBe(2);
  });

  it('in a merged-results pipeline it compares and names the source branch head, not the temporary merge commit', async () => {
    const result = await p.ci('plan', {
      ...MR,
      CI_COMMIT_SHA: 'e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1',
      CI_MERGE_REQUEST_SOURCE_BRANCH_SHA: MR.CI_COMMIT_SHA,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Posted the plan note on merge request !7.');
    expect(planNotes()[0].body).toContain('Commit `3f9c2a71`');
  });
});

describe('ci plan --config', () => {
  it('names the config directory it was given in the note and in plan.md', async () => {
    // Zendesk already holds what teams/emea/ (a copy of the sample config/) declares.
    await startApplied();
    await cp(join(REPO, 'config'), join(p.ws.dir, 'teams/emea'), { recursive: true });
    // A macro nobody declares: the note lists it as unmanaged and says where pruning is set.
    await p.ws.edit('teams/emea/macros/escalations-tier-2.yaml', /value: Tier 2\b/, 'value: Tier 3');
    const result = await p.ci('plan', { ...MR, CI_JOB_URL: undefined }, ['--config', 'teams/emea']);
    expect(result.code).toBe(0);
    const [note] = planNotes();
    expect(note.body).toContain('set <code>prune</code> for their kind in <code>teams/emea/settings.yaml</code>');
    expect(note.body).toContain('applies <code>teams/emea/</code> to Zendesk');
    expect(note.body).not.toMatch(/[\s>`]config\//);
    expect(await p.ws.read('plan.md')).toContain('set <code>prune</code> for their kind in <code>teams/emea/settings.yaml</code>');
  });
});
