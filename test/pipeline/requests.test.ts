/**
 * The request processor end to end (issue 11): a form's submission as GitLab holds it
 * (an issue whose description carries the request block), `npm run requests` in
 * process, @gitbeaker against the GitLab sandbox and node-zendesk against the Zendesk
 * sandbox. Nothing is stubbed.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadForms } from '../../scripts/forms/definition.ts';
import { checkSubmission, issueDescription, issueTitle, type FormDefinition } from '../../scripts/forms/rules.ts';
import { startGitLabSandbox, type GitLabSandbox } from '../../scripts/sandbox/gitlab/server.ts';
import { READ_ONLY_OAUTH_TOKEN } from '../../scripts/sandbox/zendesk/server.ts';
import { appliedWorkspace, type Workspace } from '../integration/harness.ts';
import { GITLAB_TOKEN } from './harness.ts';

let ws: Workspace;
let gitlab: GitLabSandbox;
let forms: FormDefinition[];

beforeAll(async () => {
  // The sample config/ applied: the ticket fields the Internal Requests form fills in exist.
  ws = await appliedWorkspace();
  const organizations = join(ws.dir, 'config/organizations');
  const files = Object.fromEntries(await Promise.all((await readdir(organizations)).filter((name) => name.endsWith('.yaml'))
    .map(async (name) => [`config/organizations/${name}`, await readFile(join(organizations, name), 'utf8')] as const)));
  gitlab = await startGitLabSandbox({ token: GITLAB_TOKEN, files });
  forms = (await loadForms('config')).forms;
});
afterAll(async () => {
  await gitlab.close();
  await ws.close();
});

const requests = () => ws.run(['ci', 'requests'], {
  GITLAB_CI: 'true', CI_API_V4_URL: gitlab.url, CI_PROJECT_ID: String(gitlab.project.id), GITLAB_API_TOKEN: gitlab.token, CI_DEFAULT_BRANCH: 'main',
});

/** What the Pages form would open: the issue a person submits, labelled by the quick action. */
function submit(formId: string, values: Record<string, unknown>, author = 'casey.csm') {
  const form = forms.find((candidate) => candidate.id === formId);
  if (!form) throw new Error(`no form ${formId}`);
  const checked = checkSubmission(form, values);
  expect(checked.problems).toEqual([]);
  return gitlab.addIssue({ title: issueTitle(form, checked.values), description: issueDescription(form, checked.values), labels: [...form.issue.labels, 'request::new'], author });
}

const issue = (iid: number) => gitlab.state().issues.find((candidate) => candidate.iid === iid);
const resultNote = (iid: number) => gitlab.state().notes.filter((note) => note.noteable_type === 'Issue' && note.noteable_iid === iid && !note.system).at(-1)?.body ?? '';
const tickets = () => ws.sandbox.state().collections.tickets ?? [];
const zendeskWrites = () => Object.entries(ws.sandbox.requestCounts()).filter(([key]) => !key.startsWith('GET')).reduce((sum, [, count]) => sum + count, 0);

const hashOf = (email: string) => createHash('sha256').update(email).digest('hex').slice(0, 12);
const recipients = (count: number) => Array.from({ length: count }, (_, index) => `customer${index + 1}@acme.example, Customer ${index + 1}, Acme Corp`).join('\n');

describe('npm run requests', () => {
  it('creates one ticket per customer, assigned to the sending agent, then closes the issue; a re-run writes nothing', async () => {
    const { iid } = submit('customer-ticket-generator', {
      subject: 'Maintenance for {{organization}}',
      body: 'Hello {{name}}, we will be down on Saturday.',
      recipients: recipients(3),
      visibility: 'public',
      sent_by: 'lee@example.com',
    });
    const first = await requests();
    expect(first.stderr).not.toMatch(/error/);
    expect(first.stdout).toContain('1 done');
    const made = tickets().filter((ticket) => String(ticket.external_id).startsWith(`gitlab-request-${gitlab.project.id}-${iid}-`));
    expect(made.map((ticket) => ticket.subject)).toEqual(['Maintenance for Acme Corp', 'Maintenance for Acme Corp', 'Maintenance for Acme Corp']);
    const lee = ws.sandbox.state().collections.users?.find((user) => user.email === 'lee@example.com');
    expect(new Set(made.map((ticket) => ticket.assignee_id))).toEqual(new Set([lee?.id]));
    expect(issue(iid)?.state).toBe('closed');
    expect(issue(iid)?.labels).toContain('request::done');
    // One table of the tickets, each linked to the agent view.
    for (const ticket of made) expect(resultNote(iid)).toContain(`[#${String(ticket.id)}](${ws.sandbox.url}/agent/tickets/${String(ticket.id)})`);

    const writes = zendeskWrites();
    const again = await requests();
    expect(again.code).toBe(0);
    expect(zendeskWrites()).toBe(writes);
  });

  it('a lost create_many answer interrupts the run, not the request: the next run finds those tickets and makes none twice', async () => {
    const { iid } = submit('customer-ticket-generator', { subject: 'Hello', body: 'Hi {{name}}', recipients: recipients(30), visibility: 'public', sent_by: 'lee@example.com' });
    ws.sandbox.injectFault({ method: 'POST', path: '/api/v2/tickets/create_many', status: 'lost-answer', times: 1 });
    const cut = await requests();
    expect(cut.code).toBe(1);
    expect(cut.stdout).toContain('1 interrupted');
    expect(issue(iid)?.labels).toContain('request::processing');
    expect(resultNote(iid)).toMatch(/answer was lost/);

    const resumed = await requests();
    expect(resumed.code).toBe(0);
    expect(issue(iid)?.labels).toContain('request::done');
    const made = tickets().filter((ticket) => String(ticket.external_id).startsWith(`gitlab-request-${gitlab.project.id}-${iid}-`));
    expect(made).toHaveLength(30);
    expect(new Set(made.map((ticket) => ticket.external_id)).size).toBe(30);
  });

  it('waits for an approver above the threshold: a label added by someone else is not an approval', async () => {
    const { iid } = submit('customer-ticket-generator', {
      subject: 'Renewal', body: 'Hello {{name}}', recipients: recipients(60), visibility: 'private', sent_by: 'lee@example.com',
    });
    await requests();
    expect(resultNote(iid)).toMatch(/approv/i);
    gitlab.labelIssue(iid, 'request::approved', { as: 'casey.csm' });
    await requests();
    expect(tickets().filter((ticket) => String(ticket.external_id).includes(`-${iid}-`))).toHaveLength(0);

    const calls = ws.sandbox.requestCounts()['POST /api/v2/tickets/create_many'] ?? 0;
    gitlab.labelIssue(iid, 'request::approved', { as: forms.find((f) => f.id === 'customer-ticket-generator')?.approval?.approvers[0] ?? '' });
    const approved = await requests();
    expect(approved.stdout).toContain('1 done');
    expect(tickets().filter((ticket) => String(ticket.external_id).includes(`-${iid}-`))).toHaveLength(60);
    expect((ws.sandbox.requestCounts()['POST /api/v2/tickets/create_many'] ?? 0) - calls).toBe(1);
  });

  it('an approval does not survive an edit of the request: the label goes, and no ticket is made', async () => {
    const form = forms.find((f) => f.id === 'customer-ticket-generator');
    const { iid } = submit('customer-ticket-generator', { subject: 'Renewal', body: 'Hi', recipients: recipients(55), visibility: 'public', sent_by: 'lee@example.com' });
    gitlab.labelIssue(iid, 'request::approved', { as: form?.approval?.approvers[0] ?? '' });
    // The submitter then grows the list, through the API as the issue page would.
    const grown = checkSubmission(form as FormDefinition, { subject: 'Renewal', body: 'Hi', recipients: recipients(400), visibility: 'public', sent_by: 'lee@example.com' });
    const edit = await fetch(`${gitlab.url}/projects/${gitlab.project.id}/issues/${iid}`, {
      method: 'PUT', headers: { 'content-type': 'application/json', 'private-token': gitlab.tokenFor('casey.csm') },
      body: JSON.stringify({ description: issueDescription(form as FormDefinition, grown.values) }),
    });
    expect(edit.ok).toBe(true);
    const run = await requests();
    expect(run.stdout).toContain(`#${iid} waiting for approval`);
    expect(resultNote(iid)).toContain('edited after');
    expect(issue(iid)?.labels).toContain('request::new');
    expect(tickets().filter((ticket) => String(ticket.external_id).includes(`-${iid}-`))).toHaveLength(0);
  });

  it('contacts a single user with one ticket, and files an internal request with its fields as ticket fields', async () => {
    const single = submit('contact-user', { email: 'Grace@Globex.example', name: 'Grace', subject: 'Your export', body: 'Hello {{name}}, your export is ready.' });
    const internal = submit('internal-request', {
      request_type: 'saas_extend_subscription', customer_email: 'buyer@acme.example', customer_name: 'Acme Corp',
      subscription_id: 'A-S00012345', namespace: 'acme-corp', duration_days: 30, details: 'Renewal is signed; extend until the PO clears.',
    });
    const run = await requests();
    expect(run.stdout).toContain('2 done');
    const [toGrace] = tickets().filter((ticket) => ticket.external_id === `gitlab-request-${gitlab.project.id}-${single.iid}-${hashOf('grace@globex.example')}`);
    expect(toGrace?.subject).toBe('Your export');
    const [filed] = tickets().filter((ticket) => String(ticket.external_id).startsWith(`gitlab-request-${gitlab.project.id}-${internal.iid}-`));
    expect(filed?.tags).toEqual(expect.arrayContaining(['internal_request', 'saas_extend_subscription']));
    const field = (title: string) => ws.sandbox.state().collections.ticket_fields?.find((candidate) => candidate.title === title)?.id;
    expect(filed?.custom_fields).toEqual(expect.arrayContaining([
      { id: field('Subscription ID'), value: 'A-S00012345' },
      { id: field('GitLab.com namespace'), value: 'acme-corp' },
    ]));
  });

  it('opens a merge request that shares an organization, once approved, with the users\' access and the issue as the approval', async () => {
    const { iid } = submit('shared-organization', {
      organization: 'Initech', sharing: 'read_only', users_organization_tickets: ['bill@initech.example'], acknowledge_security_risk: true,
      justification: 'Their IT lead triages every ticket.',
    });
    expect((await requests()).stdout).toContain(`#${iid} waiting for approval`);
    gitlab.labelIssue(iid, 'request::approved', { as: forms.find((f) => f.id === 'shared-organization')?.approval?.approvers[0] ?? '' });
    expect((await requests()).code).toBe(0);
    const file = gitlab.fileAt(`request/${iid}-shared-organization`, 'config/organizations/initech.yaml') ?? '';
    expect(file).toMatch(/^sharing: read_only$/m);
    expect(file).toMatch(new RegExp(`^sharing_approval: .*/-/issues/${iid}$`, 'm'));
    expect(file).toMatch(/- email: bill@initech\.example\n\s+access: organization_tickets/);
  });

  it('refuses to start with a Zendesk credential that can only read, before any issue is touched', async () => {
    const { iid } = submit('contact-user', { email: 'grace@globex.example', name: 'Grace', subject: 'Hi', body: 'Hello' });
    const run = await ws.run(['ci', 'requests'], {
      GITLAB_CI: 'true', CI_API_V4_URL: gitlab.url, CI_PROJECT_ID: String(gitlab.project.id), GITLAB_API_TOKEN: gitlab.token,
      ZENDESK_API_TOKEN: undefined, ZENDESK_EMAIL: undefined, ZENDESK_OAUTH_TOKEN: READ_ONLY_OAUTH_TOKEN.token,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot process requests: the Zendesk credential (ZENDESK_OAUTH_TOKEN) can only read');
    expect(run.stderr).toContain('ZENDESK_REQUESTS_OAUTH_TOKEN');
    expect(issue(iid)?.labels).toContain('request::new');
    expect(gitlab.state().notes.filter((note) => note.noteable_type === 'Issue' && note.noteable_iid === iid)).toEqual([]);
    await requests(); // the next run, with the write credential, processes it
    expect(issue(iid)?.labels).toContain('request::done');
  });

  it('opens a merge request that adds an organization note, and links it on the issue', async () => {
    const { iid } = submit('organization-notes', { organization: 'Globex', note: 'Prefers phone calls @all', expires: '2027-06-30' });
    const run = await requests();
    expect(run.code).toBe(0);
    const mergeRequest = gitlab.state().mergeRequests.find((candidate) => candidate.source_branch === `request/${iid}-organization-notes`);
    expect(mergeRequest?.target_branch).toBe('main');
    const file = gitlab.fileAt(`request/${iid}-organization-notes`, 'config/organizations/globex.yaml') ?? '';
    expect(file).toContain('Prefers phone calls @all');
    expect(file).toContain('2027-06-30');
    expect(gitlab.fileAt('main', 'config/organizations/globex.yaml')).not.toContain('Prefers phone calls');
    // The issue's text reaches GitLab Markdown inert: no mention of everyone.
    expect(resultNote(iid)).not.toMatch(/(^|\s)@all\b/);
    expect(mergeRequest?.description).toContain('Prefers phone calls @\u2060all');
    expect(resultNote(iid)).toContain(`!${mergeRequest?.iid}`);
  });
});

/** As someone with the Developer role could, through the API with their own token. */
async function asUser(username: string, method: string, path: string, body: unknown) {
  const response = await fetch(`${gitlab.url}/projects/${gitlab.project.id}/${path}`, {
    method, headers: { 'content-type': 'application/json', 'private-token': gitlab.tokenFor(username) }, body: JSON.stringify(body),
  });
  expect(response.ok).toBe(true);
  return response.json() as Promise<Record<string, unknown>>;
}

/** An issue as a person could write it by hand: any request block at all. */
function submitRaw(block: string, author = 'casey.csm') {
  return gitlab.addIssue({ title: 'Request', description: `Please.\n\n\`\`\`request\n${block}\n\`\`\`\n`, labels: ['request::new'], author });
}

describe('npm run requests, against hostile requests', () => {
  it('a block flooded with unknown keys fails with a short comment, not a run that stops every time', async () => {
    const keys = Array.from({ length: 16_000 }, (_, index) => `  k${String(index).padStart(5, '0')}: 1`).join('\n');
    const { iid } = submitRaw(`form: organization-notes\nversion: 1\nvalues:\n  organization: "Globex"\n  note: "x"\n${keys}`);
    const run = await requests();
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`#${iid} failed`);
    expect(issue(iid)?.labels).toContain('request::failed');
    expect(resultNote(iid)).toMatch(/not a field of the Organization Notes Request form/);
    expect(resultNote(iid).length).toBeLessThan(20_000);
    expect(run.stdout.length + run.stderr.length).toBeLessThan(20_000);
  });

  it('a subject or body that grows past Zendesk\'s comment size per recipient fails before any ticket is made', async () => {
    const long = 'x'.repeat(250);
    const { iid } = submit('customer-ticket-generator', {
      subject: 'Hello', body: '{{name}}'.repeat(2500), visibility: 'public', sent_by: 'lee@example.com',
      recipients: `one@acme.example, ${long}\ntwo@acme.example, ${long}`,
    });
    const run = await requests();
    expect(run.stdout).toContain(`#${iid} failed`);
    expect(resultNote(iid)).toMatch(/Message.*row 1.*characters/);
    expect(tickets().filter((ticket) => String(ticket.external_id).includes(`-${iid}-`))).toHaveLength(0);
  });

  it('terminal escape sequences in a request reach the job log as plain text', async () => {
    submit('organization-notes', { organization: '\u001b]8;;https://evil.example\u0007Initech\u001b]8;;\u0007\u001b[2K', note: 'hello' });
    const run = await requests();
    expect(run.stdout + run.stderr).toContain('is not an organization');
    expect(run.stdout + run.stderr).not.toMatch(/[\u001b\u0007\u009b]/);
  });

  it('a branch someone else made under the request\'s name is not pushed to, and their merge request is not linked as the request\'s', async () => {
    const { iid } = submit('organization-notes', { organization: 'Initech', note: 'Prefers email.' });
    const branch = `request/${iid}-organization-notes`;
    await asUser('casey.csm', 'POST', 'repository/commits', {
      branch, start_branch: 'main', commit_message: 'Organization Notes Request: Initech',
      actions: [{ action: 'create', file_path: 'config/triggers/forward-everything.yaml', content: 'title: Forward everything\n' }],
    });
    const theirs = await asUser('casey.csm', 'POST', 'merge_requests', { source_branch: branch, target_branch: 'main', title: 'Organization Notes Request: Initech', description: 'Opened by the request processor.' });
    const head = gitlab.state().repository.branches[branch];
    const run = await requests();
    expect(run.stdout).toContain(`#${iid} failed`);
    expect(resultNote(iid)).toContain(`${branch} already exists`);
    expect(resultNote(iid)).not.toContain(`!${String(theirs.iid)}`);
    expect(gitlab.fileAt(branch, 'config/organizations/initech.yaml')).not.toContain('Prefers email.');
    expect(gitlab.state().repository.branches[branch]).toEqual(head);
    expect(gitlab.state().mergeRequests.filter((mr) => mr.source_branch === branch)).toHaveLength(1);
  });
});
