/**
 * Plans bound to what was reviewed, through the pipeline: the plan note records the plan's
 * digest (and warns when the merge request changes the tool), and `ci apply` on the merge
 * commit applies only that plan. Everything goes through the GitLab and Zendesk sandboxes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changeIdentities } from '../../scripts/core/planDigest.ts';
import type { BoundPlan } from '../../scripts/core/model.ts';
import { APPLY_NOTE_MARKER, PLAN_NOTE_MARKER } from '../../scripts/render/gitlab.ts';
import { inert } from '../../scripts/render/inert.ts';
import { PLAN_DIFFERS_NOTE_MARKER, readReviewedPlan } from '../../scripts/render/reviewed.ts';
import { READ_ONLY_OAUTH_TOKEN } from '../../scripts/sandbox/zendesk/server.ts';
import { WEBHOOK_SECRETS } from '../integration/harness.ts';
import { JOB_URL, pipelineWorkspace, type PipelineWorkspace } from './harness.ts';

const SOURCE_HEAD = '2222222222222222222222222222222222222222';
const MERGE_COMMIT = '7c1d9e3b5a40f2e6d8c9b0a1f2e3d4c5b6a79802';
/** Merge-request jobs hold the read-only token (README, Security model), so their notes carry no credential warning. */
const READ_ONLY = { ZENDESK_OAUTH_TOKEN: READ_ONLY_OAUTH_TOKEN.token, ZENDESK_API_TOKEN: undefined };
const REVIEW = { CI_MERGE_REQUEST_IID: '7', CI_COMMIT_SHA: SOURCE_HEAD, ...READ_ONLY };
const MERGE = { CI_COMMIT_SHA: MERGE_COMMIT };

let p: PipelineWorkspace;
beforeEach(async () => {
  p = await pipelineWorkspace();
});
afterEach(() => p.close());

const savedPlan = async () => JSON.parse(await p.ws.read('plan.json')) as BoundPlan;
const notesWith = (marker: string) => p.notesOn(7).filter((n) => n.body.includes(marker));
const macros = () => p.ws.sandbox.state().collections.macros;
const HAND_MADE = { title: 'Escalations::Tier 1', actions: [{ field: 'status', value: 'open' }] };

describe('the plan note', () => {
  beforeEach(() => {
    p.gitlab.addMergeRequest({
      iid: 7,
      sha: SOURCE_HEAD,
      changes: ['config/macros/escalations-tier-2.yaml', 'scripts/cli.ts', { from: 'templates/plan.md.hbs', to: 'docs/plan.md.hbs' }, 'package.json', 'scripts/@all [docs](https://evil.example)<b>x</b>.ts'],
    });
    p.gitlab.addMergeRequest({ iid: 9, sha: '9'.repeat(40), changes: ['config/macros/escalations-tier-2.yaml', 'README.md', 'test/pipeline/apply.test.ts'] });
  });

  it('carries the digest of the plan it shows, and its changes, in hidden lines no "--" can end early', async () => {
    expect((await p.ci('plan', REVIEW)).code).toBe(0);
    const [note] = notesWith(PLAN_NOTE_MARKER);
    const plan = await savedPlan();
    expect(note.body).toContain(`<!-- zendesk-gitops:plan-digest ${plan.digest} -->`);
    expect(readReviewedPlan(note.body)).toEqual({ digest: plan.digest, identities: changeIdentities(plan) });
    for (const comment of note.body.match(/<!--[\s\S]*?-->/g) ?? []) expect(comment.slice(4, -3)).not.toContain('--');
  });

  it('warns at the top when the merge request changes the tool itself, naming the files, escaped', async () => {
    const result = await p.ci('plan', REVIEW);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('warning: merge request !7 changes the tool itself (package.json, scripts/@all');
    const [note] = notesWith(PLAN_NOTE_MARKER);
    const [marker, warning] = note.body.split('\n');
    expect(marker).toBe(PLAN_NOTE_MARKER);
    expect(warning).toBe('> :warning: **This merge request changes the tool itself** (4 files under the paths CODEOWNERS protect):');
    expect(note.body).toContain('**This note was produced by the code under review**');
    expect(note.body).toContain('Read the code change itself, not only this plan');
    for (const path of ['package.json', 'scripts/cli.ts', 'templates/plan.md.hbs']) expect(note.body).toContain(`> - ${inert(path)}\n`);
    expect(note.body).toContain(`> - ${inert('scripts/@all [docs](https://evil.example)<b>x</b>.ts')}\n`);
    expect(note.body).not.toContain('@all');
    expect(note.body).not.toContain('](https://evil.example)');
    expect(note.body).not.toContain('config/macros/escalations-tier-2.yaml\n');
    expect(note.body.indexOf('changes the tool itself')).toBeLessThan(note.body.indexOf('### Zendesk plan:'));
  });

  it('has no warning when the merge request changes only config/, docs and tests', async () => {
    const result = await p.ci('plan', { CI_MERGE_REQUEST_IID: '9', CI_COMMIT_SHA: '9'.repeat(40), ...READ_ONLY });
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('changes the tool itself');
    const [note] = p.notesOn(9);
    expect(note.body).not.toContain(':warning: **This merge request changes the tool itself**');
    expect(note.body.split('\n')[1]).toMatch(/^### Zendesk plan:/);
  });
});

describe('ci apply holds the merge to the reviewed plan', () => {
  beforeEach(() => {
    p.gitlab.addMergeRequest({ iid: 7, sha: SOURCE_HEAD, state: 'merged', mergeCommitSha: MERGE_COMMIT });
  });

  it('applies nothing when Zendesk changed between review and merge, says what differs on the merge request and in the log, and fails', async () => {
    expect((await p.ci('plan', REVIEW)).code).toBe(0);
    const reviewed = await savedPlan();
    // Between review and merge, someone creates by hand a macro the reviewed plan creates.
    await p.createMacroByHand(HAND_MADE);
    const before = macros();

    const result = await p.ci('apply', MERGE);
    expect(result.code).toBe(1);
    expect(macros()).toEqual(before);
    const fresh = await savedPlan();
    expect(fresh.digest).not.toBe(reviewed.digest);
    const difference = 'create macro "Escalations::Tier 1": not in a fresh plan';
    expect(result.stderr).toContain(
      `Nothing was applied: the fresh plan (${fresh.digest}) is not the plan reviewed on merge request !7 (${reviewed.digest}).\n` +
        `  - ${difference}\n  - update macro "Escalations::Tier 1": new since the reviewed plan\n`,
    );
    expect(result.stderr).toContain(`run a new pipeline on the default branch with ZENDESK_REVIEWED_PLAN=${fresh.digest}`);
    expect(result.stdout).not.toContain('Applying');
    expect(result.stdout).toContain('Posted why nothing was applied on merge request !7.');

    const [note, ...more] = notesWith(PLAN_DIFFERS_NOTE_MARKER);
    expect(more).toEqual([]);
    expect(notesWith(APPLY_NOTE_MARKER)).toEqual([]);
    expect(note.body).toContain('### Zendesk apply: nothing applied — the plan differs from the reviewed one');
    expect(note.body).toContain(`(\`${reviewed.digest}\`) is not what applying`);
    expect(note.body).toContain(`- ${inert(difference)}\n`);
    expect(note.body).toContain(`with the variable \`ZENDESK_REVIEWED_PLAN\` set to \`${fresh.digest}\``);
    expect(note.body).toContain(`[plan.md](${JOB_URL}/artifacts/file/plan.md)`);
    expect(note.body).toContain('change config/ in a new merge request'.replace('config/', inert('config/')));
  });

  it('the same merge, vouched for with ZENDESK_REVIEWED_PLAN set to the fresh digest, applies', async () => {
    expect((await p.ci('plan', REVIEW)).code).toBe(0);
    await p.createMacroByHand(HAND_MADE);
    expect((await p.ci('apply', MERGE)).code).toBe(1);
    const fresh = await savedPlan();

    const vouched = await p.ci('apply', { ...MERGE, ZENDESK_REVIEWED_PLAN: fresh.digest });
    expect(vouched.code).toBe(0);
    expect(vouched.stdout).toContain(`The fresh plan is the plan reviewed in the variable ZENDESK_REVIEWED_PLAN (${fresh.digest}).`);
    expect(vouched.stdout).toContain('Verified: Zendesk now matches config/.');
    expect(notesWith(APPLY_NOTE_MARKER)).toHaveLength(1);
    expect((await p.ws.run(['plan', '--detailed-exitcode'])).code).toBe(0);
  });

  it('applies nothing when the merge request has no plan note of ours; a reviewer quoting one does not count', async () => {
    // A plan note, quoted by a reviewer: it has the marker and even the right digest, but not our author.
    expect((await p.ws.run(['plan', '--out', 'plan.json'], MERGE)).code).toBe(0);
    const digest = (await savedPlan()).digest;
    p.gitlab.addNote({ mergeRequestIid: 7 }, { body: `> ${PLAN_NOTE_MARKER}\n> <!-- zendesk-gitops:plan-digest ${digest} -->` });
    const before = macros();

    const result = await p.ci('apply', MERGE);
    expect(result.code).toBe(1);
    expect(macros()).toEqual(before);
    expect(result.stderr).toContain('Nothing was applied: merge request !7 has no plan note written by @project_1001_bot (the user GITLAB_API_TOKEN acts as).');
    const [note] = notesWith(PLAN_DIFFERS_NOTE_MARKER);
    expect(note.body).toContain('### Zendesk apply: nothing applied — no reviewed plan');
  });

  it('reads the digest from the note\'s own marker, not from one forged in a value shown in the diff', async () => {
    // A Zendesk admin prepares the state the merge will meet, and learns its plan's digest...
    await p.createMacroByHand(HAND_MADE);
    expect((await p.ws.run(['plan', '--out', 'plan.json'], MERGE)).code).toBe(0);
    const unreviewed = (await savedPlan()).digest;
    // ...then plants that digest as a marker in a value the reviewed plan shows (a "- " line of its diff),
    const forged = `<!-- zendesk-gitops:plan-digest ${unreviewed} -->`;
    await p.editMacroByHand(HAND_MADE.title, { actions: [...HAND_MADE.actions, { field: 'comment_value', value: forged }] });
    expect((await p.ci('plan', REVIEW)).code).toBe(0);
    const reviewed = (await savedPlan()).digest;
    const [note] = notesWith(PLAN_NOTE_MARKER);
    expect(note.body.indexOf(forged)).toBeLessThan(note.body.lastIndexOf('zendesk-gitops:plan-digest'));
    expect(readReviewedPlan(note.body)?.digest).toBe(reviewed);
    // ...and after the review puts Zendesk back to the state whose plan nobody reviewed.
    await p.editMacroByHand(HAND_MADE.title, { actions: HAND_MADE.actions });
    const before = macros();

    const result = await p.ci('apply', MERGE);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Nothing was applied: the fresh plan (${unreviewed}) is not the plan reviewed on merge request !7 (${reviewed}).`);
    expect(result.stdout).not.toContain('Applying');
    expect(macros()).toEqual(before);
  });

  it('binds an apply that holds the webhook secrets to a review that could not see them: a rotated secret is applied, not a difference', async () => {
    expect((await p.ws.run(['apply'])).code).toBe(0);
    await p.ws.edit('config/macros/escalations-tier-2.yaml', 'Summary and what was tried so far:', 'Summary, and what was tried so far:');
    // The merge-request job gets no protected variable: no webhook secret, no fingerprint key.
    const hidden = Object.fromEntries(Object.keys(WEBHOOK_SECRETS).map((name) => [name, undefined]));
    const review = await p.ci('plan', { ...REVIEW, ...hidden });
    expect(review.code).toBe(0);
    expect(review.stderr).toContain('ZENDESK_WEBHOOK_SECRET_SLACK_LIVE_FEED is not set here');
    const reviewed = await savedPlan();
    expect(reviewed.changes.map((c) => `${c.action} ${c.kind} ${'key' in c ? c.key : ''}`)).toEqual(['update macros Escalations::Tier 2']);

    // By the merge, the Slack token was rotated in its protected variable.
    const rotated = 'xoxb-rotated-after-review-93c1d7e5a2b8f604';
    const result = await p.ci('apply', { ...MERGE, ZENDESK_WEBHOOK_SECRET_SLACK_LIVE_FEED: rotated });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`The fresh plan is the plan reviewed on merge request !7 (${reviewed.digest}).`);
    expect(result.stdout).toContain('✓ update webhook "Slack live feed"');
    expect(result.stdout).toContain('✓ update macro "Escalations::Tier 2"');
    expect(JSON.stringify(p.ws.sandbox.state().collections.webhooks)).toContain(rotated);
    expect(result.stdout + result.stderr).not.toContain(rotated);
  });

  it('applies nothing when a fast-forward merged several merge requests at once: another one\'s plan note does not vouch for it', async () => {
    // Merging !8 by fast-forward also marks !10, a second merge request of the same commits opened
    // later, as merged. Nobody reviewed !10; its pipeline ran while Zendesk was in the state the merge meets.
    const FF_HEAD = '5'.repeat(40);
    for (const iid of [8, 10]) p.gitlab.addMergeRequest({ iid, sha: FF_HEAD, state: 'merged' });
    await p.createMacroByHand(HAND_MADE);
    expect((await p.ci('plan', { ...REVIEW, CI_MERGE_REQUEST_IID: '10', CI_COMMIT_SHA: FF_HEAD })).code).toBe(0);
    const unreviewed = (await savedPlan()).digest;
    // !8 is reviewed with Zendesk as it was then; the hand-made macro is put back before the merge.
    await p.editMacroByHand(HAND_MADE.title, { title: 'Escalations::Tier 1 (old)' });
    expect((await p.ci('plan', { ...REVIEW, CI_MERGE_REQUEST_IID: '8', CI_COMMIT_SHA: FF_HEAD })).code).toBe(0);
    await p.editMacroByHand('Escalations::Tier 1 (old)', { title: HAND_MADE.title });
    const before = macros();

    const result = await p.ci('apply', { CI_COMMIT_SHA: FF_HEAD });
    expect(result.stdout).not.toContain(`is the plan reviewed on merge request !10 (${unreviewed})`);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Nothing was applied: merge requests !8, !10 were all merged as commit 55555555 (a fast-forward of the same commits)');
    expect(macros()).toEqual(before);
    // Someone allowed to run pipelines on the default branch can still vouch for the fresh plan.
    expect((await p.ci('apply', { CI_COMMIT_SHA: FF_HEAD, ZENDESK_REVIEWED_PLAN: unreviewed })).code).toBe(0);
  });

  it('applies nothing on a direct push without ZENDESK_REVIEWED_PLAN, and says so in the log', async () => {
    const before = macros();
    const result = await p.ci('apply', { CI_COMMIT_SHA: 'abcdefabcdefabcdefabcdefabcdefabcdefabcd' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Nothing was applied: no merged merge request has commit abcdefab as its merge commit (a direct push?)');
    expect(macros()).toEqual(before);
    expect(p.gitlab.state().notes).toEqual([]);
  });

  it('refuses a ZENDESK_REVIEWED_PLAN that is not a digest, before anything is applied', async () => {
    const before = macros();
    const result = await p.ci('apply', { ...MERGE, ZENDESK_REVIEWED_PLAN: 'yes' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: ZENDESK_REVIEWED_PLAN must be a plan digest: sha256: and 64 hex digits');
    expect(macros()).toEqual(before);
  });
});
