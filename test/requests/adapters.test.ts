/**
 * The GitLab port over the real client (@gitbeaker against the GitLab sandbox, nothing
 * stubbed) with two items a page: a run reaches every request issue and every note of
 * one, however many pages GitLab splits them into.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitLabClient } from '../../scripts/gitlab/client.ts';
import { startGitLabSandbox, type GitLabSandbox } from '../../scripts/sandbox/gitlab/server.ts';
import { gitLabPort } from '../../scripts/requests/adapters.ts';
import { processRequests } from '../../scripts/requests/process.ts';
import { RESULT_MARKER } from '../../scripts/requests/resultComment.ts';
import { customerTicketForm, FakeZendesk, requestParser } from './fakes.ts';

let gitlab: GitLabSandbox;
beforeAll(async () => {
  gitlab = await startGitLabSandbox({ files: {} });
});
afterAll(() => gitlab.close());

describe('requests over GitLab pages', () => {
  it('answers every open request issue and finds its own comment among many notes, two to a page', async () => {
    const iids = Array.from({ length: 5 }, (_, i) => gitlab.addIssue({ title: `Request ${i}`, description: 'no block', labels: ['request::new'], author: 'casey.csm' }).iid);
    const client = new GitLabClient({ apiUrl: gitlab.url, projectId: gitlab.project.id, token: gitlab.token, perPage: 2, sleep: async () => {} });
    const options = { gitlab: gitLabPort(client), zendesk: new FakeZendesk(), parseRequest: requestParser([customerTicketForm]), projectId: 1, defaultBranch: 'main', organizations: [] };
    // Someone else's notes first, the marker pasted into one of them.
    for (const body of ['one', 'two', `${RESULT_MARKER} forged`, 'four']) {
      await fetch(`${gitlab.url}/projects/${gitlab.project.id}/issues/${iids[4]}/notes`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'private-token': gitlab.tokenFor('casey.csm') }, body: JSON.stringify({ body }),
      });
    }

    const first = await processRequests(options);
    expect(first.requests.map((request) => [request.issueIid, request.outcome])).toEqual(iids.map((iid) => [iid, 'failed']));

    gitlab.labelIssue(iids[4], 'request::new', { as: 'casey.csm' });
    await processRequests(options);
    const ours = gitlab.state().notes.filter((note) => note.noteable_iid === iids[4] && note.body.includes(RESULT_MARKER) && !note.body.includes('forged'));
    expect(ours).toHaveLength(1);
  });
});
