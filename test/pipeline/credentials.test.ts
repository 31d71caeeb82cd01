/**
 * Two credentials (issue 9): merge-request plans and drift read with a token that cannot
 * write, and say so loudly when theirs can; only `ci apply` uses the write credential, and
 * it refuses before any change when what it holds can only read. Through the Zendesk
 * sandbox's OAuth scopes (GET /api/v2/oauth/tokens/current) and the GitLab sandbox.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CREDENTIALS, READ_ONLY_OAUTH_TOKEN } from '../../scripts/sandbox/zendesk/server.ts';
import { PLAN_NOTE_MARKER } from '../../scripts/render/gitlab.ts';
import { pipelineWorkspace, type PipelineWorkspace } from './harness.ts';

const SOURCE_HEAD = '3333333333333333333333333333333333333333';
const REVIEW = { CI_MERGE_REQUEST_IID: '7', CI_COMMIT_SHA: SOURCE_HEAD };
/** What a well set-up merge-request job holds: the read-only OAuth token, nothing else. */
const READ_ONLY = { ZENDESK_OAUTH_TOKEN: READ_ONLY_OAUTH_TOKEN.token, ZENDESK_API_TOKEN: undefined, ZENDESK_EMAIL: undefined };

let p: PipelineWorkspace;
beforeEach(async () => {
  p = await pipelineWorkspace();
  p.gitlab.addMergeRequest({ iid: 7, sha: SOURCE_HEAD, changes: ['config/macros/escalations-tier-2.yaml'] });
});
afterEach(() => p.close());

const planNote = () => p.notesOn(7).find((n) => n.body.includes(PLAN_NOTE_MARKER))?.body ?? '';
const macroTitles = () => (p.ws.sandbox.state().collections.macros ?? []).map((m) => String(m.title));

describe('ci plan', () => {
  it('with a read-only OAuth token plans without a word about credentials', async () => {
    const result = await p.ci('plan', { ...REVIEW, ...READ_ONLY });
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('Credentials');
    expect(result.stderr).not.toContain('can change the account');
    expect(planNote()).not.toContain('Credentials:');
  });

  it('with a credential that can write warns in the log and at the top of the plan note', async () => {
    const result = await p.ci('plan', REVIEW);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      "warning: This job's Zendesk credential (ZENDESK_EMAIL and ZENDESK_API_TOKEN) can change the account: an API token has no scopes: it can do whatever its user can.",
    );
    const note = planNote();
    expect(note.indexOf(':warning: **Credentials:**')).toBeGreaterThan(-1);
    expect(note.indexOf(':warning: **Credentials:**')).toBeLessThan(note.indexOf('### Zendesk plan'));
  });

  it('warns when the write credential is visible to a merge-request job, and does not use it', async () => {
    const result = await p.ci('plan', { ...REVIEW, ...READ_ONLY, ZENDESK_APPLY_OAUTH_TOKEN: DEFAULT_CREDENTIALS.oauthToken });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('warning: ZENDESK_APPLY_OAUTH_TOKEN is visible to this job, which runs code from the branch under review');
    expect(planNote()).toContain('ZENDESK_APPLY_OAUTH_TOKEN is visible to this job');
    expect(result.stderr).not.toContain("This job's Zendesk credential");
  });
});

describe('ci apply', () => {
  it('refuses before any change when its credential can only read, naming the variables to set', async () => {
    expect((await p.ci('plan', REVIEW)).code).toBe(0);
    const before = macroTitles();
    const result = await p.ci('apply', { ...READ_ONLY, ZENDESK_REVIEWED_PLAN: JSON.parse(await p.ws.read('plan.json')).digest });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: cannot apply: the Zendesk credential (ZENDESK_OAUTH_TOKEN) can only read (the OAuth token has only the scope "read").');
    expect(result.stderr).toContain('Set ZENDESK_APPLY_OAUTH_TOKEN');
    expect(result.stderr).toContain('Nothing was changed in Zendesk.');
    expect(macroTitles()).toEqual(before);
  });

  it('applies with ZENDESK_APPLY_OAUTH_TOKEN while the read variables hold the read-only token', async () => {
    expect((await p.ci('plan', { ...REVIEW, ...READ_ONLY })).code).toBe(0);
    const digest = JSON.parse(await p.ws.read('plan.json')).digest;
    const result = await p.ci('apply', { ...READ_ONLY, ZENDESK_APPLY_OAUTH_TOKEN: DEFAULT_CREDENTIALS.oauthToken, ZENDESK_REVIEWED_PLAN: digest });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Verified: Zendesk now matches config/.');
    expect(macroTitles()).toContain('Escalations::Tier 2');
  });
});
