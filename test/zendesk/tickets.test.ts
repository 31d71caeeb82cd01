/**
 * scripts/zendesk/tickets.ts through ZendeskClient (node-zendesk's transport) against the
 * sandbox: tickets made 100 a create_many call with their jobs polled, each row's outcome in
 * input order, found again by external_id and by search, refused for a read-only token.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CREDENTIALS, READ_ONLY_OAUTH_TOKEN, startZendeskSandbox, type ZendeskSandbox } from '../../scripts/sandbox/zendesk/server.ts';
import { ZendeskClient, type ZendeskAuth } from '../../scripts/zendesk/client.ts';
import { ZendeskApiError } from '../../scripts/zendesk/errors.ts';
import { createTicket, createTickets, searchTickets, ticketsByExternalId, type NewTicket, type TicketProgress } from '../../scripts/zendesk/tickets.ts';

let sandbox: ZendeskSandbox;
let client: ZendeskClient;
const instant = async () => undefined;
const apiToken: ZendeskAuth = { kind: 'api-token', email: DEFAULT_CREDENTIALS.email, apiToken: DEFAULT_CREDENTIALS.apiToken };
const clientWith = (auth: ZendeskAuth) => new ZendeskClient({ baseUrl: sandbox.url, auth, sleep: instant });

beforeAll(async () => {
  sandbox = await startZendeskSandbox();
  client = clientWith(apiToken);
});
afterAll(() => sandbox.close());
afterEach(() => {
  sandbox.clearFaults();
  sandbox.resetRequestCounts();
});

const ticket = (request: number, row: number, extra: Partial<NewTicket> = {}): NewTicket => ({
  subject: `Planned maintenance, row ${row}`,
  comment: { body: `Hello customer ${row}`, public: true },
  requester: { email: `customer-${request}-${row}@example.org`, name: `Customer ${row}` },
  external_id: `gitlab-request-7-${request}-row${row}`,
  tags: [`request_${request}`],
  ...extra,
});
const CREATE_MANY = 'POST /api/v2/tickets/create_many';
const jobCount = () => sandbox.state().collections.job_statuses?.length ?? 0;

describe('createTickets', () => {
  it('makes 250 tickets in 3 create_many calls and 3 jobs, each outcome in input order', async () => {
    const tickets = Array.from({ length: 250 }, (_, row) => ticket(1, row));
    const jobsBefore = jobCount();
    const progress: TicketProgress[] = [];

    const outcomes = await createTickets(client, tickets, { sleep: instant, onProgress: (step) => progress.push(step) });

    expect(sandbox.requestCounts()[CREATE_MANY]).toBe(3);
    expect(jobCount() - jobsBefore).toBe(3);
    expect(outcomes.map((outcome) => [outcome.index, outcome.status])).toEqual(tickets.map((_, row) => [row, 'created']));
    expect(progress.map(({ done, created, calls }) => [done, created, calls])).toEqual([[100, 100, 1], [200, 200, 2], [250, 250, 3]]);
    // Outcome n is ticket n: its id shows the external id and requester of row n.
    for (const row of [0, 99, 100, 249]) {
      const outcome = outcomes[row];
      if (outcome.status !== 'created') throw new Error(`row ${row} was not created`);
      const [found] = await ticketsByExternalId(client, tickets[row].external_id);
      expect(found).toMatchObject({ id: outcome.id, subject: `Planned maintenance, row ${row}`, tags: ['request_1'] });
    }
  });

  it('creates the requester from the email, as an end user named as given', async () => {
    const [outcome] = await createTickets(client, [ticket(2, 0, { requester: { email: 'New.Customer@Example.org', name: 'Nia Customer' } })], { sleep: instant });
    expect(outcome.status).toBe('created');
    const [found] = await ticketsByExternalId(client, 'gitlab-request-7-2-row0');
    const user = (await client.get<{ user: { email: string; name: string; role: string } }>(`users/${found.requester_id}`)).body.user;
    expect(user).toMatchObject({ email: 'New.Customer@Example.org', name: 'Nia Customer', role: 'end-user' });
  });

  it("reports a row's own error when Zendesk fails that item, and creates the others", async () => {
    sandbox.injectItemFailure({ collection: 'tickets', match: { external_id: 'gitlab-request-7-3-row1' }, error: 'RecordInvalid', details: 'Requester: is suspended' });
    const tickets = [ticket(3, 0), ticket(3, 1), ticket(3, 2, { requester: { email: 'not-an-email', name: 'X' } }), ticket(3, 3)];

    const outcomes = await createTickets(client, tickets, { sleep: instant });

    expect(outcomes).toEqual([
      { index: 0, status: 'created', id: expect.any(Number) },
      { index: 1, status: 'failed', error: 'RecordInvalid: Requester: is suspended' },
      { index: 2, status: 'failed', error: 'InvalidValue: Requester: Email: not-an-email is not properly formatted' },
      { index: 3, status: 'created', id: expect.any(Number) },
    ]);
    expect(await ticketsByExternalId(client, 'gitlab-request-7-3-row1')).toEqual([]);
  });

  it('says "unknown" when the answer is lost, and the tickets are then found by external_id', async () => {
    sandbox.injectFault({ method: 'POST', path: '/api/v2/tickets/create_many', status: 'lost-answer', times: 1 });
    const outcomes = await createTickets(client, [ticket(4, 0), ticket(4, 1)], { sleep: instant });
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['unknown', 'unknown']);
    // The call reached Zendesk: a re-run must look before it creates again.
    expect(await ticketsByExternalId(client, 'gitlab-request-7-4-row1')).toHaveLength(1);
  });

  it('a read-only token creates nothing: every row fails with the 403, and createTicket throws it', async () => {
    const readOnly = clientWith({ kind: 'oauth', accessToken: READ_ONLY_OAUTH_TOKEN.token });
    const outcomes = await createTickets(readOnly, [ticket(5, 0), ticket(5, 1)], { sleep: instant });
    expect(outcomes).toEqual([
      { index: 0, status: 'failed', error: expect.stringContaining('403 Forbidden') },
      { index: 1, status: 'failed', error: expect.stringContaining('403 Forbidden') },
    ]);
    await expect(createTicket(readOnly, ticket(5, 2))).rejects.toMatchObject({ status: 403 });
    await expect(createTicket(readOnly, ticket(5, 2))).rejects.toBeInstanceOf(ZendeskApiError);
    expect(await ticketsByExternalId(client, 'gitlab-request-7-5-row0')).toEqual([]);
  });
});

describe('createTicket, ticketsByExternalId, searchTickets', () => {
  it('creates one ticket and finds exactly it by its external id', async () => {
    const created = await createTicket(client, ticket(6, 0, { comment: { html_body: '<p>Trial extended</p>', public: false } }));
    expect(created).toMatchObject({ external_id: 'gitlab-request-7-6-row0', status: 'new', tags: ['request_6'], url: expect.stringContaining(`/tickets/${created.id}.json`) });
    expect(await ticketsByExternalId(client, 'gitlab-request-7-6-row0')).toEqual([created]);
    expect(await ticketsByExternalId(client, 'gitlab-request-7-6-row99')).toEqual([]);
  });

  it("a 422 names the field Zendesk refused", async () => {
    await expect(createTicket(client, ticket(6, 1, { custom_fields: [{ id: 9_999, value: 'x' }] }))).rejects.toThrow(/POST ticket gitlab-request-7-6-row1 failed: 422 RecordInvalid .*Custom field 9999/);
  });

  it("finds a request's tickets by tag, across search pages", async () => {
    const tickets = Array.from({ length: 130 }, (_, row) => ticket(8, row));
    await createTickets(client, tickets, { sleep: instant });
    sandbox.resetRequestCounts();
    const found = await searchTickets(client, 'tags:request_8');
    expect(found.map((one) => one.external_id).sort()).toEqual(tickets.map((one) => one.external_id).sort());
    expect(sandbox.requestCounts()['GET /api/v2/search']).toBe(2);
    expect(await searchTickets(client, 'type:ticket tags:request_8 external_id:gitlab-request-7-8-row5')).toHaveLength(1);
  });
});
