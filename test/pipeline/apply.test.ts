/** `ci apply` on the default branch: apply, verify, and report on the merge request the commit came from. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPLY_NOTE_MARKER } from '../../scripts/render/gitlab.ts';
import { JOB_URL, pipelineWorkspace, type PipelineWorkspace } from './harness.ts';

const MERGE_COMMIT = '9d1e7c3b5a40f2e6d8c9b0a1f2e3d4c5b6a79801';
const SOURCE_HEAD = '1111111111111111111111111111111111111111';

let p: PipelineWorkspace;
beforeEach(async () => {
  p = await pipelineWorkspace();
  // !7 was merged as MERGE_COMMIT; !8 (main → release) is open and contains that commit.
  p.gitlab.addMergeRequest({ iid: 7, sha: SOURCE_HEAD, state: 'merged', mergeCommitSha: MERGE_COMMIT });
  p.gitlab.addMergeRequest({ iid: 8, sha: MERGE_COMMIT, sourceBranch: 'main', targetBranch: 'release' });
  // !7's pipeline posted the plan its reviewers approved before it was merged.
  expect((await p.ci('plan', { CI_MERGE_REQUEST_IID: '7', CI_COMMIT_SHA: SOURCE_HEAD })).code).toBe(0);
});
afterEach(() => p.close());

const applyNotes = (iid: number) => p.notesOn(iid).filter((n) => n.body.includes(APPLY_NOTE_MARKER));
const macros = () => (p.ws.sandbox.state().collections.macros ?? []) as Array<{ title: string; actions?: unknown }>;

describe('ci apply', () => {
  it('applies, verifies, and posts the result on the merged merge request only', async () => {
    const result = await p.ci('apply', { CI_COMMIT_SHA: MERGE_COMMIT });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Verified: Zendesk now matches config/.');
    expect(result.stdout).toContain('Posted the apply result on merge request !7.');

    const [note, ...others] = applyNotes(7);
    expect(others).toEqual([]);
    expect(note.body).toMatch(/### Zendesk apply: \d+ changes applied/);
    expect(note.body).toContain('✓ Planned again after apply: Zendesk matches <code>config/</code>.');
    expect(p.notesOn(8)).toEqual([]);

    expect((await p.ws.run(['plan', '--detailed-exitcode'])).code).toBe(0);
  });

  it('reports a failed change on the merge request, then fails the job', async () => {
    // Zendesk errors on creating macros; a failed POST is not retried (it may have run).
    p.ws.sandbox.injectFault({ method: 'POST', path: '/api/v2/macros', status: 500, times: 10 });
    const result = await p.ci('apply', { CI_COMMIT_SHA: MERGE_COMMIT });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Some changes failed.');
    const [note] = applyNotes(7);
    expect(note.body).toMatch(/### Zendesk apply: \d+ of \d+ changes failed/);
    expect(note.body).toMatch(/^- ✗ .*Escalations::Tier 2/m);
    expect(note.body).toContain('still differs');
  });

  it('without a merged merge request for the commit (a direct push), a plan vouched for in ZENDESK_REVIEWED_PLAN applies, and nothing is posted', async () => {
    const digest = JSON.parse(await p.ws.read('plan.json')).digest;
    const notesBefore = p.gitlab.state().notes;
    const result = await p.ci('apply', { CI_COMMIT_SHA: 'abcdefabcdefabcdefabcdefabcdefabcdefabcd', ZENDESK_REVIEWED_PLAN: digest });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`The fresh plan is the plan reviewed in the variable ZENDESK_REVIEWED_PLAN (${digest}).`);
    expect(result.stdout).toContain('No merged merge request has commit abcdefab as its merge commit');
    expect(p.gitlab.state().notes).toEqual(notesBefore);
  });

  it('re-run with nothing left to apply, it posts nothing on the merged merge request', async () => {
    expect((await p.ci('apply', { CI_COMMIT_SHA: MERGE_COMMIT })).code).toBe(0);
    expect(applyNotes(7)).toHaveLength(1);
    const notes = p.notesOn(7).length;
    p.gitlab.resetRequestCounts();

    const rerun = await p.ci('apply', { CI_COMMIT_SHA: MERGE_COMMIT });
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain('Nothing to apply: Zendesk already matches config/. Nothing is posted on the merge request.');
    expect(p.notesOn(7)).toHaveLength(notes);
    expect(applyNotes(7)[0].body).not.toContain('nothing to apply');
    expect(p.gitlab.requestCounts()).toEqual({});
  });

  it('after a failure, the retry applies what is left of the reviewed plan and posts its own result', async () => {
    p.ws.sandbox.injectFault({ method: 'POST', path: '/api/v2/macros', status: 500, times: 10 });
    const failure = await p.ci('apply', { CI_COMMIT_SHA: MERGE_COMMIT });
    expect(failure.code).toBe(1);
    expect(failure.stderr).toContain('Some changes failed. Fix the cause and run the apply job again: what is left of the reviewed plan is applied without a new review.');
    p.ws.sandbox.clearFaults();

    // What is left is part of the plan reviewed on !7, unchanged: no new review is needed.
    const retry = await p.ci('apply', { CI_COMMIT_SHA: MERGE_COMMIT });
    expect(retry.code).toBe(0);
    expect(retry.stdout).toMatch(/The fresh plan is what is left of the plan reviewed on merge request !7 \(sha256:[0-9a-f]{64}\): \d+ of its changes (is|are) already in Zendesk/);
    const [failed, applied, ...more] = applyNotes(7);
    expect(more).toEqual([]);
    expect(failed.body).toMatch(/### Zendesk apply: \d+ of \d+ changes failed/);
    expect(applied.body).toMatch(/### Zendesk apply: \d+ changes? applied/);
    expect(applied.body).toContain('✓ Planned again after apply: Zendesk matches <code>config/</code>.');
  });

  it('a retry whose plan holds anything the reviewed plan did not is refused', async () => {
    p.ws.sandbox.injectFault({ method: 'POST', path: '/api/v2/macros', status: 500, times: 10 });
    expect((await p.ci('apply', { CI_COMMIT_SHA: MERGE_COMMIT })).code).toBe(1);
    p.ws.sandbox.clearFaults();
    // Someone makes one of the macros the failed apply did not create, by hand and differently: changing it was never reviewed.
    await p.createMacroByHand({ title: 'Escalations::Tier 2', actions: [{ field: 'priority', value: 'low' }] });

    const rerun = await p.ci('apply', { CI_COMMIT_SHA: MERGE_COMMIT });
    expect(rerun.code).toBe(1);
    const left = JSON.parse(await p.ws.read('plan.json')).digest;
    expect(rerun.stderr).toContain(`ZENDESK_REVIEWED_PLAN=${left}`);
    expect(rerun.stderr).toContain('macro "Escalations::Tier 2"');
    expect(macros().find((m) => m.title === 'Escalations::Tier 2')?.actions).toEqual([{ field: 'priority', value: 'low' }]);
  });

  it('links the plan it applied as plan.md, which the job keeps as an artifact', async () => {
    expect((await p.ci('apply', { CI_COMMIT_SHA: MERGE_COMMIT })).code).toBe(0);
    expect(applyNotes(7)[0].body).toContain(`[full plan](${JOB_URL}/artifacts/file/plan.md)`);
    expect(await p.ws.read('plan.md')).toContain('### Zendesk plan:');
  });
});
