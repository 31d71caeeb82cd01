/** No credential ever reaches what the pipeline prints, keeps as artifacts, or writes into GitLab. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { WEBHOOK_SECRETS } from '../integration/harness.ts';
import { GITLAB_TOKEN, pipelineWorkspace, type PipelineWorkspace } from './harness.ts';

const ZENDESK_API_TOKEN = 'zd-pipeline-secret-4b7d9e';
const MERGE_COMMIT = '5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f';

let p: PipelineWorkspace;
beforeEach(async () => {
  p = await pipelineWorkspace({ zendeskApiToken: ZENDESK_API_TOKEN });
  p.gitlab.addMergeRequest({ iid: 3, sha: 'a'.repeat(40) });
  p.gitlab.addMergeRequest({ iid: 4, sha: 'b'.repeat(40), state: 'merged', mergeCommitSha: MERGE_COMMIT });
});
afterEach(() => p.close());

it('keeps the GitLab token, the Zendesk token and webhook secrets out of every output, artifact, note and issue', async () => {
  const seen: string[] = [];
  const codes: number[] = [];
  const keep = async (run: Promise<{ code: number; stdout: string; stderr: string }>) => {
    const { code, stdout, stderr } = await run;
    codes.push(code);
    seen.push(stdout, stderr, await p.ws.read('plan.json'), await p.ws.read('plan.md'));
  };
  p.gitlab.injectFault({ method: 'GET', status: 429, times: 1, retryAfterSeconds: 0 });
  await keep(p.ci('plan', { CI_MERGE_REQUEST_IID: '3' }));
  await p.ws.edit('config/macros/escalations-tier-2.yaml', /value: Tier 2\b/, 'value: Tier 3');
  await keep(p.ci('plan', { CI_MERGE_REQUEST_IID: '3' }));
  // Merged without a plan note of its own: someone vouches for the plan !3 showed.
  await keep(p.ci('apply', { CI_COMMIT_SHA: MERGE_COMMIT, ZENDESK_REVIEWED_PLAN: JSON.parse(await p.ws.read('plan.json')).digest }));
  await p.editMacroByHand('Escalations::Tier 1', { description: 'edited by hand' });
  await keep(p.ci('drift'));
  await p.editMacroByHand('Escalations::Tier 3', { description: 'edited by hand too' });
  await keep(p.ci('drift'));
  // Failures print too: a rejected GitLab token and a rejected Zendesk token.
  await keep(p.ci('drift', { GITLAB_API_TOKEN: `${GITLAB_TOKEN}-old` }));
  await keep(p.ci('plan', { ZENDESK_API_TOKEN: `${ZENDESK_API_TOKEN}-old` }));

  expect(codes).toEqual([0, 0, 0, 0, 0, 1, 1]);
  const state = p.gitlab.state();
  seen.push(...state.notes.map((n) => n.body), ...state.issues.flatMap((i) => [i.title, i.description]));
  expect(state.notes.length).toBeGreaterThanOrEqual(3);
  expect(state.issues).toHaveLength(1);

  const everything = seen.join('\n');
  for (const secret of [GITLAB_TOKEN, ZENDESK_API_TOKEN, ...Object.values(WEBHOOK_SECRETS)]) {
    expect(everything, `a credential leaked: ${secret.slice(0, 6)}…`).not.toContain(secret);
  }
});
