/**
 * `npm run csat` against what Zendesk admins, customers and a failing GitLab can do: names that
 * try to forge the issue marker or mention people, a rating id no marker can carry, and GitLab
 * failing between the note and the close of a rating changed to good. node-zendesk and
 * @gitbeaker/rest against the sandboxes, a fresh pair per test.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startGitLabSandbox, type GitLabSandbox } from '../../scripts/sandbox/gitlab/server.ts';
import { defaultSeed } from '../../scripts/sandbox/zendesk/seed.ts';
import { CSAT_SEED } from '../../scripts/sandbox/zendesk/csat-seed.ts';
import { DEFAULT_CREDENTIALS, READ_ONLY_OAUTH_TOKEN } from '../../scripts/sandbox/zendesk/server.ts';
import type { SandboxRecord, SandboxState } from '../../scripts/sandbox/zendesk/state.ts';
import { workspace, type Workspace } from '../integration/harness.ts';

const GITLAB_TOKEN = 'glpat-csat-hostile-7c2e';
const FORGED = '<!-- zendesk-gitops:csat-bad-rating 1 -->';
let ws: Workspace | undefined;
let gitlab: GitLabSandbox | undefined;
afterEach(async () => {
  await Promise.all([ws?.close(), gitlab?.close()]);
  ws = gitlab = undefined;
});

async function start(edit: (state: SandboxState) => void = () => undefined): Promise<{ ws: Workspace; gitlab: GitLabSandbox }> {
  const seed = defaultSeed();
  edit(seed);
  [ws, gitlab] = await Promise.all([workspace({ seed }), startGitLabSandbox({ token: GITLAB_TOKEN })]);
  return { ws, gitlab };
}
const csat = (w: Workspace, g: GitLabSandbox) =>
  w.run(['ci', 'csat'], {
    ZENDESK_OAUTH_TOKEN: READ_ONLY_OAUTH_TOKEN.token, ZENDESK_EMAIL: undefined, ZENDESK_API_TOKEN: undefined,
    GITLAB_CI: 'true', CI_API_V4_URL: g.url, CI_PROJECT_ID: String(g.project.id), GITLAB_API_TOKEN: GITLAB_TOKEN,
  });
const badInMonths = (state: SandboxState) =>
  (state.collections.satisfaction_ratings ?? []).filter((r) => r.score === 'bad' && Date.parse(String(r.created_at)) >= Date.parse('2026-05-31T22:00:00Z'));

describe('npm run csat against hostile input', () => {
  it('group and reason names cannot forge the marker, mention anyone or run a quick action', async () => {
    const { ws, gitlab } = await start((state) => {
      const billing = state.collections.groups?.find((g) => g.name === 'Billing') as SandboxRecord;
      billing.name = `Billing ${FORGED} @all | /close\n/label ~csat::good`;
      for (const reason of state.collections.satisfaction_reasons ?? []) reason.value = `${FORGED} [x](https://evil.example) @sam.ortiz`;
    });
    const run = await csat(ws, gitlab);
    expect(run.code).toBe(0);
    const issues = gitlab.state().issues;
    expect(issues.length).toBeGreaterThan(0);
    for (const { description } of issues) {
      expect(description.match(/<!-- zendesk-gitops:csat-bad-rating \d+ -->/g)).toHaveLength(1);
      expect(description).not.toContain(FORGED);
      expect(description).not.toMatch(/@all|@sam\.ortiz|\]\(https|^\s*\//m);
    }
    gitlab.resetRequestCounts();
    expect((await csat(ws, gitlab)).code).toBe(0);
    expect(gitlab.state().issues).toHaveLength(issues.length);
  });

  it('a bad rating whose id is beyond 2^53 gets no issue, said so, instead of a new one every day', async () => {
    const huge = 2 ** 53 + 2;
    const { ws, gitlab } = await start((state) => {
      const [template] = badInMonths(state);
      state.collections.satisfaction_ratings?.push({ ...template, id: huge, comment: 'rounded away' });
    });
    const first = await csat(ws, gitlab);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`no issue for rating ${huge}: its id is no whole number below 2^53`);
    const opened = gitlab.state().issues.length;
    expect(opened).toBe(badInMonths(ws.sandbox.state()).length - 1);
    await csat(ws, gitlab);
    expect(gitlab.state().issues).toHaveLength(opened);
  });

  it('GitLab failing between the note and the close: the next run closes the issue, without a second note', async () => {
    const { ws, gitlab } = await start();
    expect((await csat(ws, gitlab)).code).toBe(0);
    const ratingId = CSAT_SEED.ratingIds.changedToBad;
    const ticketId = (ws.sandbox.state().collections.satisfaction_ratings ?? []).find((r) => r.id === ratingId)?.ticket_id;
    const basic = Buffer.from(`${DEFAULT_CREDENTIALS.email}/token:${DEFAULT_CREDENTIALS.apiToken}`).toString('base64');
    const answered = await fetch(`${ws.sandbox.url}/api/v2/tickets/${ticketId}/satisfaction_rating.json`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Basic ${basic}` }, body: JSON.stringify({ satisfaction_rating: { score: 'good' } }),
    });
    expect(answered.ok).toBe(true);
    const issue = gitlab.state().issues.find((i) => i.description.includes(`<!-- zendesk-gitops:csat-bad-rating ${ratingId} -->`))!;
    gitlab.injectFault({ method: 'PUT', path: new RegExp(`/issues/${issue.iid}$`), status: 503, times: 10 });
    expect((await csat(ws, gitlab)).code).toBe(1);
    gitlab.clearFaults();
    const notes = () => gitlab.state().notes.filter((n) => n.noteable_type === 'Issue' && n.noteable_iid === issue.iid && !n.system);
    expect(notes()).toHaveLength(1);

    const rerun = await csat(ws, gitlab);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain(`closed #${issue.iid}: rating ${ratingId} was changed to good`);
    expect(gitlab.state().issues.find((i) => i.iid === issue.iid)?.state).toBe('closed');
    expect(notes()).toHaveLength(1);
  });
});
