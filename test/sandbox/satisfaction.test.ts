/**
 * The sandbox's satisfaction ratings and reasons as Zendesk documents them (OAS
 * ListSatisfactionRatings and friends; reference §13.6), driven through node-zendesk
 * (ZendeskClient) over HTTP: score filters, time filters on created_at, cursor and offset
 * pages, the customer's answer, and the seed's tickets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSAT_SEED } from '../../scripts/sandbox/zendesk/csat-seed.ts';
import { DEFAULT_CREDENTIALS, READ_ONLY_OAUTH_TOKEN, startZendeskSandbox, type ZendeskSandbox } from '../../scripts/sandbox/zendesk/server.ts';
import { ZendeskApiError } from '../../scripts/zendesk/errors.ts';
import { ZendeskClient } from '../../scripts/zendesk/client.ts';

let sandbox: ZendeskSandbox;
let client: ZendeskClient;
type Rating = { id: number; ticket_id: number; score: string; comment: string | null; reason_id: number | null; created_at: string; updated_at: string; url: string };
const list = (query: Record<string, string | number> = {}) => client.listAll<Rating>('satisfaction_ratings', 'satisfaction_ratings', query);
const epoch = (iso: string) => Date.parse(iso) / 1000;

beforeAll(async () => {
  sandbox = await startZendeskSandbox();
  client = new ZendeskClient({ baseUrl: sandbox.url, auth: { kind: 'api-token', email: DEFAULT_CREDENTIALS.email, apiToken: DEFAULT_CREDENTIALS.apiToken }, sleep: async () => undefined });
});
afterAll(() => sandbox.close());

describe('GET /satisfaction_ratings', () => {
  it('filters by every documented score; an unqualified score includes ratings with and without a comment', async () => {
    const all = await list();
    const of = (score: string) => list({ score }).then((ratings) => ratings.map(({ id }) => id).sort());
    const ids = (keep: (rating: Rating) => boolean) => all.filter(keep).map(({ id }) => id).sort();
    const commented = (rating: Rating) => typeof rating.comment === 'string' && rating.comment !== '';
    expect(all).toHaveLength(32);
    expect(await of('received')).toEqual(ids((r) => r.score === 'good' || r.score === 'bad'));
    expect(await of('good')).toEqual(ids((r) => r.score === 'good'));
    expect(await of('bad_with_comment')).toEqual(ids((r) => r.score === 'bad' && commented(r)));
    expect(await of('bad_without_comment')).toEqual(ids((r) => r.score === 'bad' && !commented(r)));
    expect(await of('received_with_comment')).toEqual(ids((r) => r.score !== 'offered' && r.score !== 'unoffered' && commented(r)));
    expect(await of('good_without_comment')).toEqual(ids((r) => r.score === 'good' && !commented(r)));
    expect(await of('offered')).toHaveLength(6);
    expect(await of('unoffered')).toHaveLength(1);
    await expect(list({ score: 'great' })).rejects.toThrow(ZendeskApiError);
  });

  it('selects by created_at with start_time and end_time, both inclusive, in Unix seconds', async () => {
    const october = await list({ score: 'received', start_time: epoch('2026-09-30T22:00:00Z'), end_time: epoch('2026-10-31T23:00:00Z') - 1 });
    // 7 Oct bad, 14 Oct good, 25 Oct ×2 good, 31 Oct 22:30 bad (the 23 Sept rating was changed in October: not in).
    expect(october.map(({ created_at }) => created_at)).toEqual(['2026-10-07T09:00:00Z', '2026-10-14T09:00:00Z', '2026-10-25T00:30:00Z', '2026-10-25T22:30:00Z', '2026-10-31T22:30:00Z']);
    const exact = await list({ start_time: epoch('2026-10-07T09:00:00Z'), end_time: epoch('2026-10-07T09:00:00Z') });
    expect(exact).toHaveLength(1);
  });

  it('pages by cursor (page[size] ≤ 100, meta.has_more, links.next) and by offset with the filtered count', async () => {
    const first = await client.get<{ satisfaction_ratings: Rating[]; meta: { has_more: boolean; after_cursor: string }; links: { next: string } }>(`${client.apiUrl}/satisfaction_ratings.json?score=received&page[size]=10`);
    expect(first.body.satisfaction_ratings).toHaveLength(10);
    expect(first.body.meta.has_more).toBe(true);
    const second = await client.get<{ satisfaction_ratings: Rating[] }>(first.body.links.next);
    expect(second.body.satisfaction_ratings[0].id).toBeGreaterThan(first.body.satisfaction_ratings[9].id);
    const offset = await client.get<{ satisfaction_ratings: Rating[]; count: number; next_page: string | null }>(`${client.apiUrl}/satisfaction_ratings.json?score=bad&per_page=1`);
    expect(offset.body).toMatchObject({ count: CSAT_SEED.expected.received - 18, next_page: expect.stringContaining('page=2') });
    // node-zendesk asks for satisfaction_ratings 100 a page by itself (reference §14.3): a full URL keeps the size asked.
    await expect(client.get(`${client.apiUrl}/satisfaction_ratings.json?page[size]=101`)).rejects.toThrow(/page\[size\]/);
  });

  it('shows one rating with its url, and counts them all', async () => {
    const shown = await client.get<{ satisfaction_rating: Rating }>(`satisfaction_ratings/${CSAT_SEED.ratingIds.changedToBad}`);
    expect(shown.body.satisfaction_rating).toMatchObject({ score: 'bad', created_at: '2026-09-23T09:00:00Z', updated_at: '2026-10-01T12:00:00Z', url: `${sandbox.url}/api/v2/satisfaction_ratings/${CSAT_SEED.ratingIds.changedToBad}.json` });
    const count = await client.get<{ count: { value: number } }>('satisfaction_ratings/count');
    expect(count.body.count.value).toBe(32);
  });

  it('has a ticket for every rating, tagged csat_survey_sent once the survey went out, carrying brand, form and organization', async () => {
    const ratings = await list();
    const tickets = await client.get<{ tickets: { id: number; tags: string[]; brand_id: number; ticket_form_id: number; satisfaction_rating: { id: number; score: string } }[] }>('tickets/show_many', { ids: ratings.slice(0, 20).map((r) => r.ticket_id) });
    expect(tickets.body.tickets).toHaveLength(20);
    for (const ticket of tickets.body.tickets) {
      const rating = ratings.find((r) => r.ticket_id === ticket.id)!;
      expect(ticket.satisfaction_rating).toMatchObject({ id: rating.id, score: rating.score });
      expect(ticket.tags.includes('csat_survey_sent')).toBe(rating.score !== 'unoffered');
      expect(ticket.brand_id).toEqual(expect.any(Number));
    }
  });
});

describe('satisfaction reasons and the customer\'s answer', () => {
  it('lists the account\'s reasons with their names and codes', async () => {
    const answer = await client.get<{ reasons: { id: number; value: string; reason_code: number }[] }>('satisfaction_reasons');
    expect(answer.body.reasons.map(({ reason_code }) => reason_code)).toEqual([0, 5, 6, 7, 8, 100, 1000]);
    const [first] = answer.body.reasons;
    expect((await client.get<{ reason: { value: string } }>(`satisfaction_reasons/${first.id}`)).body.reason.value).toBe('No reason provided');
  });

  it('changes a rating when the customer answers again: same id and created_at, new score, updated_at moves, the ticket follows', async () => {
    const [rating] = await list({ score: 'offered' });
    const answer = await client.request<{ satisfaction_rating: Rating }>('POST', `tickets/${rating.ticket_id}/satisfaction_rating`, {
      body: { satisfaction_rating: { score: 'bad', reason_code: 5, comment: 'Too slow.' } },
    });
    expect(answer.body.satisfaction_rating).toMatchObject({ id: rating.id, score: 'bad', comment: 'Too slow.', created_at: rating.created_at });
    expect(Date.parse(answer.body.satisfaction_rating.updated_at)).toBeGreaterThan(Date.parse(rating.updated_at));
    const ticket = await client.get<{ ticket: { satisfaction_rating: { score: string; reason: string } } }>(`tickets/${rating.ticket_id}`);
    expect(ticket.body.ticket.satisfaction_rating).toMatchObject({ score: 'bad', reason: 'The issue took too long to resolve' });
    await expect(client.request('POST', `tickets/${rating.ticket_id}/satisfaction_rating`, { body: { satisfaction_rating: { score: 'meh' } } })).rejects.toMatchObject({ status: 422 });
  });

  it('refuses a read-only credential the write, and serves it the reads', async () => {
    const reader = new ZendeskClient({ baseUrl: sandbox.url, auth: { kind: 'oauth', accessToken: READ_ONLY_OAUTH_TOKEN.token }, sleep: async () => undefined });
    expect((await reader.get<{ reasons: unknown[] }>('satisfaction_reasons')).body.reasons).toHaveLength(7);
    const [rating] = await list({ score: 'good' });
    await expect(reader.request('POST', `tickets/${rating.ticket_id}/satisfaction_rating`, { body: { satisfaction_rating: { score: 'bad' } } })).rejects.toMatchObject({ status: 403 });
  });
});
