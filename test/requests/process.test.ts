/**
 * One run of the request processor over fake GitLab and Zendesk ports: what the
 * submitter sees (labels, the comment, closed or not) and what Zendesk gets.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLedger } from '../../scripts/requests/ledger.ts';
import type { RowResult } from '../../scripts/requests/customerTickets.ts';
import { processRequests, formatRunSummary, type ProcessRequestsOptions } from '../../scripts/requests/process.ts';
import { renderTickets } from '../../scripts/requests/resultComment.ts';
import {
  BOT,
  customerTicketForm,
  FakeGitLab,
  FakeZendesk,
  organizationNoteForm,
  recipients,
  requestDescription,
  requestParser,
  sharedOrganizationForm,
} from './fakes.ts';

const FORMS = [customerTicketForm, sharedOrganizationForm, organizationNoteForm];
const ACME = readFileSync(new URL('../../config/organizations/acme-corp.yaml', import.meta.url), 'utf8');
const GLOBEX = readFileSync(new URL('../../config/organizations/globex.yaml', import.meta.url), 'utf8');

function setUp() {
  const gitlab = new FakeGitLab();
  const zendesk = new FakeZendesk();
  gitlab.files.get('main')!.set('config/organizations/acme-corp.yaml', ACME);
  gitlab.files.get('main')!.set('config/organizations/globex.yaml', GLOBEX);
  const options: ProcessRequestsOptions = {
    gitlab,
    zendesk,
    parseRequest: requestParser(FORMS),
    projectId: 42,
    defaultBranch: 'main',
    now: () => new Date('2026-03-01T09:00:00Z'),
    organizations: [
      { path: 'config/organizations/acme-corp.yaml', name: 'Acme Corp' },
      { path: 'config/organizations/globex.yaml', name: 'Globex' },
    ],
  };
  return { gitlab, zendesk, options };
}

const outreach = (count: number, extra: Record<string, unknown> = {}) =>
  requestDescription('customer-ticket-generator', { subject: 'Maintenance for {{organization}}', body: 'Hello {{name}},\n\nWe will be down.', recipients: recipients(count), ...extra });

describe('customer tickets', () => {
  it('makes 500 tickets with 5 create_many calls, posts the table, labels it done and closes it', async () => {
    const { gitlab, zendesk, options } = setUp();
    gitlab.addIssue(1, outreach(500), ['request::new']);
    gitlab.label(1, 'alice', { add_labels: ['request::approved'] });

    const summary = await processRequests(options);

    expect(zendesk.createCalls).toBe(5);
    expect(zendesk.tickets.size).toBe(500);
    expect(summary.counts.done).toBe(1);
    const issue = gitlab.issuesByIid.get(1)!;
    expect(issue.state).toBe('closed');
    expect(issue.labels).toContain('request::done');
    const note = gitlab.resultNote(1);
    expect(note).toContain('500 tickets made');
    expect(note).toContain('[#500](https://acme.zendesk.com/agent/tickets/500)');
    expect(parseLedger(note)?.tickets).toHaveLength(500);
    const first = [...zendesk.tickets.values()][0];
    expect(first).toMatchObject({
      subject: 'Maintenance for Acme Corp',
      comment: { body: 'Hello Customer 1,\n\nWe will be down.', public: true },
      requester: { email: 'customer1@example.com', name: 'Customer 1' },
      group_id: 360001,
      tags: ['customer_outreach', 'gitlab_request_42_1'],
    });
    expect(first.external_id).toMatch(/^gitlab-request-42-1-[0-9a-f]{12}$/);
    expect(formatRunSummary(summary)).toMatch(/^Requests: 1 done, 0 failed, 0 awaiting approval, 0 interrupted, 0 skipped\n  #1 done: 500 tickets made$/);
  });

  it('writes nothing at all when run again after the request is done', async () => {
    const { gitlab, zendesk, options } = setUp();
    gitlab.addIssue(1, outreach(20), ['request::new']);
    await processRequests(options);
    const gitlabWrites = gitlab.writes.length;

    const again = await processRequests(options);

    expect(again.requests).toEqual([]);
    expect(gitlab.writes.length).toBe(gitlabWrites);
    expect(zendesk.createCalls).toBe(1);
    expect(zendesk.lookups).toBe(0);
  });

  it('after a crash at the third of five chunks, the next run makes only the 300 missing tickets', async () => {
    const { gitlab, zendesk, options } = setUp();
    gitlab.addIssue(1, outreach(500), ['request::new']);
    gitlab.label(1, 'bob', { add_labels: ['request::approved'] });
    zendesk.crashOnCall = 3;

    const first = await processRequests(options);
    expect(first.requests[0]).toMatchObject({ outcome: 'interrupted', message: 'socket hang up' });
    expect(zendesk.tickets.size).toBe(200);
    expect(gitlab.issuesByIid.get(1)!.labels).toContain('request::processing');
    expect(gitlab.resultNote(1)).toContain('the next run picks it up where this one stopped (200 tickets made so far');

    zendesk.crashOnCall = null;
    const before = zendesk.createCalls;
    const second = await processRequests(options);

    expect(second.requests[0]).toMatchObject({ outcome: 'done', summary: '300 tickets made, 200 made by an earlier run' });
    expect(zendesk.createCalls - before).toBe(3);
    expect(zendesk.tickets.size).toBe(500);
    expect(new Set([...zendesk.tickets.values()].map((t) => t.external_id)).size).toBe(500);
    // Only the chunk that was in flight is looked up by external id.
    expect(zendesk.lookups).toBe(100);
  });

  it('a chunk Zendesk made but whose answer was lost is found by external id, not made twice', async () => {
    const { gitlab, zendesk, options } = setUp();
    gitlab.addIssue(1, outreach(500), ['request::new']);
    gitlab.label(1, 'alice', { add_labels: ['request::approved'] });
    zendesk.crashOnCall = 3;
    zendesk.madeBeforeCrash = true;
    await processRequests(options);
    expect(zendesk.tickets.size).toBe(300);

    zendesk.crashOnCall = null;
    const summary = await processRequests(options);

    expect(summary.requests[0]).toMatchObject({ outcome: 'done', summary: '200 tickets made, 300 made by an earlier run' });
    expect(zendesk.tickets.size).toBe(500);
    expect(new Set([...zendesk.tickets.values()].map((t) => t.external_id)).size).toBe(500);
  });

  it('rows Zendesk refuses are listed with its reason; fixed and relabelled new, only they are made', async () => {
    const { gitlab, zendesk, options } = setUp();
    gitlab.addIssue(1, outreach(3), ['request::new']);
    zendesk.refuse.add('customer2@example.com');

    await processRequests(options);

    expect(gitlab.issuesByIid.get(1)!.labels).toContain('request::failed');
    expect(gitlab.issuesByIid.get(1)!.state).toBe('opened');
    const note = gitlab.resultNote(1);
    expect(note).toContain('1 of 3 tickets not made');
    expect(note).toMatch(/\| 2 \| customer2@\u2060example\.com \(Customer 2\) \| Requester: Email is not properly formatted \|/);

    zendesk.refuse.clear();
    gitlab.label(1, 'submitter', { add_labels: ['request::new'] });
    await processRequests(options);

    expect(gitlab.issuesByIid.get(1)!.labels).toContain('request::done');
    expect(zendesk.tickets.size).toBe(3);
  });
});

describe('approval', () => {
  it('a large request nobody approved is not processed; the comment says who may approve', async () => {
    const { gitlab, zendesk, options } = setUp();
    gitlab.addIssue(1, outreach(51), ['request::new']);

    const summary = await processRequests(options);

    expect(summary.counts.awaiting_approval).toBe(1);
    expect(zendesk.createCalls).toBe(0);
    expect(gitlab.issuesByIid.get(1)!.labels).toEqual(['request::new']);
    expect(gitlab.resultNote(1)).toContain('Who may approve: @alice, @bob.');
  });

  it('the approval label added by someone who is not an approver is not accepted', async () => {
    const { gitlab, zendesk, options } = setUp();
    gitlab.addIssue(1, outreach(120), ['request::new']);
    gitlab.label(1, 'eve', { add_labels: ['request::approved'] });

    const summary = await processRequests(options);

    expect(summary.requests[0]).toMatchObject({ outcome: 'awaiting_approval' });
    expect(zendesk.createCalls).toBe(0);
    expect(gitlab.resultNote(1)).toContain('approved by @\u2060eve, who is not an approver of this form');
    expect(gitlab.issuesByIid.get(1)!.labels).not.toContain('request::processing');

    // A second run with nothing new writes nothing: the comment already says it.
    const writes = gitlab.writes.length;
    await processRequests(options);
    expect(gitlab.writes.length).toBe(writes);
  });

  it('removed, then added again by an approver: accepted', async () => {
    const { gitlab, zendesk, options } = setUp();
    gitlab.addIssue(1, outreach(120), ['request::new']);
    gitlab.label(1, 'eve', { add_labels: ['request::approved'] });
    gitlab.label(1, 'eve', { remove_labels: ['request::approved'] });
    gitlab.label(1, 'alice', { add_labels: ['request::approved'] });

    await processRequests(options);

    expect(zendesk.tickets.size).toBe(120);
    expect(gitlab.issuesByIid.get(1)!.labels).toContain('request::done');
  });

  it('a crashed approved run is resumed although moving to processing removed the approval label', async () => {
    const { gitlab, zendesk, options } = setUp();
    gitlab.addIssue(1, outreach(300), ['request::new']);
    gitlab.label(1, 'alice', { add_labels: ['request::approved'] });
    zendesk.crashOnCall = 2;
    await processRequests(options);
    zendesk.crashOnCall = null;

    const summary = await processRequests(options);

    expect(summary.requests[0]).toMatchObject({ outcome: 'done' });
    expect(zendesk.tickets.size).toBe(300);
  });
});

describe('untrusted submissions', () => {
  it('hostile values render inert in the comment and stay literal in the tickets', async () => {
    const { gitlab, zendesk, options } = setUp();
    const hostile = [
      { email: 'a@example.com', name: '@all /close', organization: 'Acme' },
      { email: 'b@example.com', name: '<img src=x onerror=alert(1)>', organization: '{{constructor.constructor}}' },
    ];
    gitlab.addIssue(1, requestDescription('customer-ticket-generator', { subject: 'Hi {{name}}', body: 'For {{organization}}', recipients: hostile }), ['request::new']);
    zendesk.refuse.add('a@example.com');
    zendesk.refuse.add('b@example.com');

    await processRequests(options);

    const note = gitlab.resultNote(1);
    expect(note).not.toMatch(/@all|<img|^\s*\/close/m);
    expect(note).toContain('@\u2060all &#47;close'.replace('&#47;', '/'));
    expect(note).toContain('&lt;img src=x onerror=alert(1)&gt;');

    zendesk.refuse.clear();
    gitlab.label(1, 'submitter', { add_labels: ['request::new'] });
    await processRequests(options);
    const [first, second] = [...zendesk.tickets.values()];
    expect(first.subject).toBe('Hi @all /close');
    expect(second.subject).toBe('Hi <img src=x onerror=alert(1)>');
    expect(second.comment).toEqual({ body: 'For {{constructor.constructor}}', public: true });
  });

  it('a template reaching past name, email and organization fails with the field named and creates nothing', async () => {
    const { gitlab, zendesk, options } = setUp();
    gitlab.addIssue(1, outreach(3, { body: 'Hi {{constructor.constructor}}' }), ['request::new']);

    const summary = await processRequests(options);

    expect(summary.requests[0]).toMatchObject({ outcome: 'failed' });
    expect(zendesk.createCalls).toBe(0);
    expect(gitlab.issuesByIid.get(1)!.labels).toContain('request::failed');
    expect(gitlab.resultNote(1)).toContain('Message: &#123;&#123;constructor.constructor}} is not allowed'.replace('&#123;&#123;', '{{'));
    expect(gitlab.resultNote(1)).toContain('set the <code>request::new</code> label');
  });

  it('a description without a request block fails with a comment, and nothing else happens', async () => {
    const { gitlab, zendesk, options } = setUp();
    gitlab.addIssue(1, 'I need tickets please', ['request::new']);

    await processRequests(options);

    expect(gitlab.resultNote(1)).toContain('- The description has no request block');
    expect(zendesk.createCalls + zendesk.lookups).toBe(0);
  });

  it('a comment with the marker written by someone else is neither edited nor trusted for its ledger', async () => {
    const { gitlab, zendesk, options } = setUp();
    gitlab.addIssue(1, outreach(3), ['request::new']);
    const forged = `<!-- zendesk-gitops:request-result --><!-- zendesk-gitops:request-ledger ${Buffer.from(JSON.stringify({ version: 1, tickets: recipients(3).map((_, i) => ({ externalId: `x${i}`, id: i + 1 })) })).toString('base64url')} -->`;
    gitlab.notes.set(1, [{ id: 1, body: forged, system: false, authorId: 7, authorUsername: 'mallory' }]);

    await processRequests(options);

    expect(zendesk.tickets.size).toBe(3);
    expect(gitlab.notes.get(1)![0].body).toBe(forged);
    expect(gitlab.notes.get(1)!.filter((n) => n.authorId === BOT.id)).toHaveLength(1);
  });
});

describe('organization requests', () => {
  const share = (organization: string) =>
    requestDescription('shared-organization', { organization, sharing: 'read_write', acknowledge_security_risk: true, users_organization_tickets: ['lee@acme.example'] });

  it('opens a merge request editing the organization file, links it, and a re-run reuses it', async () => {
    const { gitlab, options } = setUp();
    gitlab.addIssue(7, share('acme corp'), ['request::new']);

    await processRequests(options);

    expect(gitlab.mrs).toHaveLength(1);
    expect(gitlab.mrs[0].sourceBranch).toBe('request/7-shared-organization');
    const edited = gitlab.files.get('request/7-shared-organization')!.get('config/organizations/acme-corp.yaml')!;
    expect(edited).toContain('sharing: read_write\nsharing_approval: https://gitlab.example/support/zendesk/-/issues/7\n');
    expect(edited).toContain('  # Ada runs their internal helpdesk and needs every Acme ticket.');
    expect(edited).toContain('  - email: lee@acme.example\n    access: organization_tickets\n');
    expect(gitlab.resultNote(7)).toContain('[Merge request !1](https://gitlab.example/support/zendesk/-/merge_requests/1)');
    expect(gitlab.issuesByIid.get(7)!.state).toBe('closed');

    // Reopened and relabelled by hand: the branch and merge request are reused, nothing new is committed.
    gitlab.issuesByIid.get(7)!.state = 'opened';
    gitlab.label(7, 'submitter', { add_labels: ['request::new'] });
    const writes = gitlab.writes.filter((w) => w.startsWith('commit') || w.startsWith('merge request')).length;
    await processRequests(options);
    expect(gitlab.mrs).toHaveLength(1);
    expect(gitlab.writes.filter((w) => w.startsWith('commit') || w.startsWith('merge request')).length).toBe(writes);
  });

  it('an organization config/ does not manage fails with a message and opens nothing', async () => {
    const { gitlab, options } = setUp();
    gitlab.addIssue(8, share('Umbrella Corp'), ['request::new']);

    const summary = await processRequests(options);

    expect(summary.requests[0]).toMatchObject({ outcome: 'failed' });
    expect(gitlab.resultNote(8)).toContain('&quot;Umbrella Corp&quot; is not an organization this project manages: no file in config/organizations/ names it.');
    expect(gitlab.mrs).toHaveLength(0);
    expect(gitlab.files.size).toBe(1);
  });

  it('an organization marked never_share is not shared', async () => {
    const { gitlab, options } = setUp();
    gitlab.addIssue(9, share('Globex'), ['request::new']);

    await processRequests(options);

    expect(gitlab.resultNote(9)).toContain('Globex must never be shared: config/organizations/globex.yaml sets never_share: true');
    expect(gitlab.mrs).toHaveLength(0);
  });

  it('a note request adds the note with its expiry date', async () => {
    const { gitlab, options } = setUp();
    gitlab.addIssue(10, requestDescription('organization-notes', { organization: 'acme-corp', note: 'Prefers calls on Tuesdays', expires: '2027-01-31' }), ['request::new']);

    await processRequests(options);

    const edited = gitlab.files.get('request/10-organization-notes')!.get('config/organizations/acme-corp.yaml')!;
    expect(edited).toContain('    expires: 2027-03-31\n  - text: Prefers calls on Tuesdays\n    expires: 2027-01-31\ndetails:');
  });
});

describe('hostile requests, within the parser\'s limits', () => {
  it('the table of 500 tickets stays under GitLab\'s 1,000,000 characters a note, however much escaping the names and emails need', async () => {
    const { gitlab, options } = setUp();
    // 500 rows of about 390 characters fit the 200,000-character request block; `|` becomes `&#124;`.
    const rows = Array.from({ length: 500 }, (_, i) => ({ email: `${'|'.repeat(120)}${i}@example.com`, name: '|'.repeat(255) }));
    gitlab.addIssue(1, requestDescription('customer-ticket-generator', { subject: 'Hello', body: 'Hi', recipients: rows }), ['request::new']);
    gitlab.label(1, 'alice', { add_labels: ['request::approved'] });

    await processRequests(options);

    const note = gitlab.resultNote(1);
    expect(note).toContain('500 tickets made');
    expect(note.length).toBeLessThan(1_000_000);
    expect(parseLedger(note)?.tickets).toHaveLength(500);
  });

  it('a recipient\'s name or organization carrying the comment\'s markers changes nothing the processor reads back', async () => {
    const { gitlab, zendesk, options } = setUp();
    const fake = `<!-- zendesk-gitops:request-ledger ${Buffer.from(JSON.stringify({ version: 1, tickets: [] })).toString('base64url')} -->`;
    const rows = [{ email: 'a@example.com', name: fake, organization: '<!-- zendesk-gitops:request-result -->' }, { email: 'b@example.com', name: 'B' }];
    gitlab.addIssue(1, requestDescription('customer-ticket-generator', { subject: 'Hello', body: 'Hi', recipients: rows }), ['request::new']);
    zendesk.refuse.add('b@example.com');
    await processRequests(options);
    expect(parseLedger(gitlab.resultNote(1))?.tickets).toHaveLength(1);

    zendesk.refuse.clear();
    gitlab.label(1, 'submitter', { add_labels: ['request::new'] });
    await processRequests(options);
    expect(zendesk.tickets.size).toBe(2);
  });
});

describe('the tickets comment, at its worst', () => {
  const row = (i: number, reason: string | null): RowResult => {
    const recipient = { email: `${'|'.repeat(200)}${i}@example.com`, name: '|'.repeat(255) };
    return reason === null ? { row: i, recipient, outcome: 'created', id: i, url: `https://acme.zendesk.com/agent/tickets/${i}` } : { row: i, recipient, outcome: 'failed', reason };
  };

  it('names the tag instead of listing the tickets, and lists 100 refused rows, when the rows would not fit in a note', () => {
    const made = renderTickets({ formTitle: 'Customer Ticket Generator', ledger: null, tag: 'gitlab_request_42_1', results: Array.from({ length: 2000 }, (_, i) => row(i + 1, null)) });
    expect(made.length).toBeLessThan(1_000_000);
    expect(made).toContain('2000 tickets made: too many long names to list in one comment. Each carries the tag <code>gitlab_request_42_1</code>');
    const refused = renderTickets({ formTitle: 'Customer Ticket Generator', ledger: null, tag: 'gitlab_request_42_1', results: Array.from({ length: 500 }, (_, i) => row(i + 1, '|'.repeat(1000))) });
    expect(refused.length).toBeLessThan(1_000_000);
    expect(refused).toContain('### Customer Ticket Generator: 500 of 500 tickets not made');
    expect(refused).toContain('…and 400 more rows Zendesk refused');
  });
});

describe('organization requests and branches the processor did not make', () => {
  const note = (organization: string, text: string) => requestDescription('organization-notes', { organization, note: text });

  it('an open merge request someone left on the request\'s branch name is not adopted: nothing is committed', async () => {
    const { gitlab, options } = setUp();
    gitlab.addIssue(11, note('Acme Corp', 'Calls on Mondays'), ['request::new']);
    // Their branch is gone (GitLab keeps the merge request open), so the name is free to make again.
    gitlab.mrs.push({ iid: 9, title: 'Notes', state: 'opened', sha: null, mergeCommitSha: null, squashCommitSha: null, webUrl: null, sourceBranch: 'request/11-organization-notes', description: 'Also merge !1' });

    const summary = await processRequests(options);

    expect(summary.requests[0]).toMatchObject({ outcome: 'failed' });
    expect(gitlab.resultNote(11)).toContain('request/11-organization-notes already exists as the source of an open merge request');
    expect(gitlab.resultNote(11)).not.toContain('!9');
    expect(gitlab.writes.filter((w) => w.startsWith('commit'))).toEqual([]);
  });

  it('a run cut short between the commit and the merge request finds its own branch next time; a push to it by someone else stops it', async () => {
    const { gitlab, options } = setUp();
    gitlab.addIssue(12, note('Acme Corp', 'Calls on Tuesdays'), ['request::new']);
    const createMergeRequest = gitlab.createMergeRequest.bind(gitlab);
    gitlab.createMergeRequest = async () => { throw new Error('502 Bad Gateway'); };
    expect((await processRequests(options)).requests[0]).toMatchObject({ outcome: 'interrupted' });

    gitlab.createMergeRequest = createMergeRequest;
    expect((await processRequests(options)).requests[0]).toMatchObject({ outcome: 'done' });
    expect(gitlab.mrs.map((mr) => mr.sourceBranch)).toEqual(['request/12-organization-notes']);
    expect(gitlab.writes.filter((w) => w.startsWith('commit'))).toHaveLength(1);

    // Reopened after someone pushed to the branch: the processor does not build on their commit.
    gitlab.heads.set('request/12-organization-notes', 'f'.repeat(40));
    gitlab.issuesByIid.get(12)!.state = 'opened';
    gitlab.label(12, 'submitter', { add_labels: ['request::new'] });
    expect((await processRequests(options)).requests[0]).toMatchObject({ outcome: 'failed' });
    expect(gitlab.resultNote(12)).toContain('or someone has pushed to it since');
    expect(gitlab.writes.filter((w) => w.startsWith('commit'))).toHaveLength(1);
  });

  it('a merge request someone else opened from the request\'s own branch, between the commit and ours, is not taken as the request\'s', async () => {
    const { gitlab, options } = setUp();
    gitlab.addIssue(13, note('Acme Corp', 'Calls on Tuesdays'), ['request::new']);
    gitlab.createMergeRequest = async () => { throw new Error('502 Bad Gateway'); };
    expect((await processRequests(options)).requests[0]).toMatchObject({ outcome: 'interrupted' });
    gitlab.mrs.push({ iid: 7, title: 'Mine now', state: 'opened', sha: null, mergeCommitSha: null, squashCommitSha: null, webUrl: null, authorId: 4242, sourceBranch: 'request/13-organization-notes', description: 'Also merge !1' });
    expect((await processRequests(options)).requests[0]).toMatchObject({ outcome: 'failed' });
    expect(gitlab.resultNote(13)).toMatch(/merge request !\u2060?7 on request\/13-organization-notes was opened by someone else/);
  });
});

describe('approval, whatever state label the submitter sets', () => {
  it('a large request labelled request::processing by its submitter is still held for approval', async () => {
    const { gitlab, zendesk, options } = setUp();
    gitlab.addIssue(1, outreach(500), ['request::processing']);

    const summary = await processRequests(options);

    expect(summary.requests[0]).toMatchObject({ outcome: 'awaiting_approval' });
    expect(zendesk.createCalls + zendesk.lookups).toBe(0);
  });
});
