/**
 * Reference §11 and §12: tickets as the request-forms processor creates them, through
 * node-zendesk against the sandbox: one at a time, in create_many jobs, found again by
 * external_id, search, requester email; refused with Zendesk's 422 bodies; scoped tokens.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { READ_ONLY_OAUTH_TOKEN, type ZendeskSandbox } from '../../scripts/sandbox/zendesk/server.ts';
import { api, startSandbox, zendeskClient, type ZendeskClient } from './harness.ts';

let sandbox: ZendeskSandbox;
let client: ZendeskClient;
beforeAll(async () => {
  sandbox = await startSandbox({ jobSteps: 1 });
  client = zendeskClient(sandbox);
  sandbox.addOAuthToken({ token: 'forms-bot', scopes: ['tickets:write'] });
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.clearFaults());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const ticket = (externalId: string, email: string, extra: Record<string, unknown> = {}) => ({
  subject: `Planned maintenance (${externalId})`,
  comment: { body: 'Hello, we will be down on Sunday.', public: true },
  requester: { email, name: email.split('@')[0] },
  external_id: externalId,
  ...extra,
});
const userCount = () => sandbox.state().collections.users?.length ?? 0;
const ticketCount = () => sandbox.state().collections.tickets?.length ?? 0;

/** Polls without waiting: each GET moves the job a step (jobs.ts). */
async function finished(jobId: string): Promise<any> {
  for (let poll = 0; poll < 5; poll += 1) {
    const job = (await api(sandbox, 'GET', `job_statuses/${jobId}.json`)).body.job_status;
    if (job.status === 'completed' || job.status === 'failed') return job;
  }
  throw new Error(`job ${jobId} did not finish`);
}

describe('POST /tickets', () => {
  it('creates a ticket whose requester is found or created by email, any case', async () => {
    const users = userCount();
    const { response, result } = await client.tickets.create({ ticket: ticket('req-1-a', 'Ada@Acme-Customer.example') });
    expect(response.status).toBe(201);
    expect(result).toMatchObject({ subject: 'Planned maintenance (req-1-a)', status: 'new', external_id: 'req-1-a', is_public: true, description: 'Hello, we will be down on Sunday.' });
    expect(userCount()).toBe(users + 1);
    const created = (await api(sandbox, 'GET', `users/${result.requester_id}.json`)).body.user;
    expect(created).toMatchObject({ email: 'Ada@Acme-Customer.example', name: 'Ada', role: 'end-user' });

    const again = await client.tickets.create({ ticket: ticket('req-1-b', 'ada@acme-customer.example') });
    expect(again.result.requester_id).toBe(result.requester_id);
    expect(userCount()).toBe(users + 1);
    expect((await client.tickets.show(result.id)).result.id).toBe(result.id);
  });

  it('keeps the comment as sent: text is escaped into html_body, html_body gets a plain body', async () => {
    const plain = (await client.tickets.create({ ticket: ticket('req-2-a', 'ben@acme-customer.example', { comment: { body: 'Use <b>{{x}}</b> & go', public: false } }) })).result;
    const [comment] = (await api(sandbox, 'GET', `tickets/${plain.id}/comments.json`)).body.comments;
    expect(comment).toMatchObject({ body: 'Use <b>{{x}}</b> & go', public: false, html_body: expect.stringContaining('Use &lt;b&gt;{{x}}&lt;/b&gt; &amp; go') });
    expect(plain.is_public).toBe(false);

    const html = (await client.tickets.create({ ticket: ticket('req-2-b', 'ben@acme-customer.example', { comment: { html_body: '<p>Hi <i>Ben</i></p>', public: true } }) })).result;
    expect(html.description).toBe('Hi Ben');
  });

  it('sets group, organization (one the requester belongs to), tags and custom fields; a drop-down value becomes a tag', async () => {
    const fields = (await api(sandbox, 'GET', 'ticket_fields.json')).body.ticket_fields;
    const productArea = fields.find((field: any) => field.title === 'Product area');
    const group = (await api(sandbox, 'GET', 'groups.json')).body.groups.find((candidate: any) => candidate.name === 'Billing');
    const acme = (await api(sandbox, 'GET', 'organizations/search.json?name=Acme%20Corp')).body.organizations[0];
    const member = (await api(sandbox, 'GET', `organizations/${acme.id}/organization_memberships.json`)).body.organization_memberships[0];
    const customer = (await api(sandbox, 'GET', `users/${member.user_id}.json`)).body.user;

    const { result } = await client.tickets.create({
      ticket: ticket('req-3', customer.email, {
        group_id: group.id,
        organization_id: acme.id,
        tags: ['internal_request', 'extend_trial'],
        custom_fields: [{ id: productArea.id, value: 'product_billing' }],
      }),
    });
    expect(result).toMatchObject({ group_id: group.id, organization_id: acme.id, requester_id: customer.id });
    expect(result.tags).toEqual(['internal_request', 'extend_trial', 'product_billing']);
    expect(result.custom_fields).toContainEqual({ id: productArea.id, value: 'product_billing' });
  });

  it("refuses what Zendesk refuses with its 422 details, and creates nothing, not even the requester", async () => {
    const users = userCount();
    const tickets = ticketCount();
    const refused = async (body: Record<string, unknown>) => (await api(sandbox, 'POST', 'tickets.json', { ticket: body })).body;

    const noComment = await refused({ subject: 'Hi', requester: { email: 'new-person@example.org' } });
    expect(noComment).toMatchObject({ error: 'RecordInvalid', description: 'Record validation errors' });
    expect(noComment.details.base).toEqual([expect.objectContaining({ description: 'Description: cannot be blank', error: 'BlankValue', ticket_field_type: 'FieldDescription' })]);

    const badEmail = await refused(ticket('req-4', 'not an email'));
    expect(badEmail.details.requester).toEqual([{ description: 'Requester: Email: not an email is not properly formatted', error: 'InvalidValue' }]);

    const unknownField = await refused(ticket('req-5', 'cy@example.org', { custom_fields: [{ id: 424242, value: 'x' }] }));
    expect(unknownField.details.base).toEqual([expect.objectContaining({ error: 'InvalidValue', ticket_field_id: 424242 })]);

    const acme = (await api(sandbox, 'GET', 'organizations/search.json?name=Acme%20Corp')).body.organizations[0];
    const notMember = await refused(ticket('req-6', 'dee@example.org', { organization_id: acme.id }));
    expect(notMember.details.organization_id[0].description).toMatch(/not a member of Acme Corp/);

    expect(userCount()).toBe(users);
    expect(ticketCount()).toBe(tickets);
  });
});

describe('POST /tickets/create_many', () => {
  it('queues a job whose results are {id, index}; a refused ticket and an armed failure fail only their own rows', async () => {
    sandbox.injectItemFailure({ collection: 'tickets', match: { external_id: 'bulk-2' }, error: 'RecordInvalid', details: 'Requester: is suspended' });
    const tickets = [ticket('bulk-0', 'eve@example.org'), { subject: 'no comment', external_id: 'bulk-1' }, ticket('bulk-2', 'fay@example.org'), ticket('bulk-3', 'gus@example.org')];
    const { result } = await client.tickets.createMany({ tickets });
    expect(result.job_status).toMatchObject({ status: 'queued', total: 4, results: null });

    const job = await finished(result.job_status.id);
    expect(job.status).toBe('completed');
    expect(job.results).toEqual([
      { id: expect.any(Number), index: 0 },
      { index: 1, action: 'create', success: false, error: 'BlankValue', details: 'Description: cannot be blank' },
      { index: 2, action: 'create', success: false, error: 'RecordInvalid', details: 'Requester: is suspended' },
      { id: expect.any(Number), index: 3 },
    ]);
    const shown = (await client.tickets.showMany([job.results[0].id, job.results[3].id, 999])).result;
    expect(shown.map((one: any) => one.external_id)).toEqual(['bulk-0', 'bulk-3']);
  });

  it('refuses more than 100 tickets in one call, as Zendesk words it', async () => {
    const reply = await api(sandbox, 'POST', 'tickets/create_many.json', { tickets: Array.from({ length: 101 }, (_, i) => ticket(`big-${i}`, 'hal@example.org')) });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ error: 'TooManyValues', description: 'Parameter tickets cannot specify more than 100 values', max_count: 100 });
  });
});

describe('finding tickets again', () => {
  it('lists tickets by external_id (List Tickets filter), which need not be unique', async () => {
    await client.tickets.create({ ticket: ticket('dup-1', 'ivy@example.org') });
    await client.tickets.create({ ticket: ticket('dup-1', 'ivy@example.org') });
    const listed = (await api(sandbox, 'GET', 'tickets.json?external_id=dup-1')).body;
    expect(listed.tickets.map((one: any) => one.external_id)).toEqual(['dup-1', 'dup-1']);
    expect((await api(sandbox, 'GET', 'tickets.json?external_id=nothing-here')).body.tickets).toEqual([]);
  });

  it('searches type:ticket by tags, external_id and requester email; other ticket keywords are a 400', async () => {
    await client.tickets.create({ ticket: ticket('search-1', 'jo@example.org', { tags: ['request_42'] }) });
    await client.tickets.create({ ticket: ticket('search-2', 'kai@example.org', { tags: ['request_42'] }) });
    const search = async (query: string) => (await client.search.query(query)).result;
    expect((await search('type:ticket tags:request_42')).map((one: any) => [one.external_id, one.result_type])).toEqual([['search-1', 'ticket'], ['search-2', 'ticket']]);
    expect((await search('type:ticket external_id:search-2')).map((one: any) => one.external_id)).toEqual(['search-2']);
    expect((await search('type:ticket requester:JO@example.org tags:request_42')).map((one: any) => one.external_id)).toEqual(['search-1']);
    expect(await search('type:ticket requester:nobody@example.org')).toEqual([]);
    const unsupported = await api(sandbox, 'GET', `search.json?query=${encodeURIComponent('type:ticket status:open')}`);
    expect(unsupported.status).toBe(400);
  });
});

describe('who may create tickets', () => {
  it('a read-only OAuth token gets 403 on ticket writes; a tickets:write token may create tickets and nothing else', async () => {
    const tickets = ticketCount();
    const readOnly = await api(sandbox, 'POST', 'tickets.json', { ticket: ticket('ro-1', 'lou@example.org') }, bearer(READ_ONLY_OAUTH_TOKEN.token));
    expect(readOnly.status).toBe(403);
    expect(readOnly.body.error).toBe('Forbidden');
    const readOnlyBulk = await api(sandbox, 'POST', 'tickets/create_many.json', { tickets: [ticket('ro-2', 'lou@example.org')] }, bearer(READ_ONLY_OAUTH_TOKEN.token));
    expect(readOnlyBulk.status).toBe(403);
    expect(ticketCount()).toBe(tickets);

    const bot = await api(sandbox, 'POST', 'tickets.json', { ticket: ticket('bot-1', 'lou@example.org') }, bearer('forms-bot'));
    expect(bot.status).toBe(201);
    expect((await api(sandbox, 'POST', 'organizations.json', { organization: { name: 'Nope' } }, bearer('forms-bot'))).status).toBe(403);
  });
});
