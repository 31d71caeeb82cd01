/**
 * The CSAT report end to end through node-zendesk (ZendeskClient) against the sandbox's
 * default account, whose ratings are written out in csat-seed.ts with the answers counted
 * by hand (CSAT_SEED.expected), and the requests each read strategy sends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CsatConfig } from '../../scripts/csat/config.ts';
import type { PeriodResult } from '../../scripts/csat/model.ts';
import { buildCsatReport, csatReportJson } from '../../scripts/csat/report.ts';
import { CSAT_SEED } from '../../scripts/sandbox/zendesk/csat-seed.ts';
import { DEFAULT_CREDENTIALS, startZendeskSandbox, type ZendeskSandbox } from '../../scripts/sandbox/zendesk/server.ts';
import { ZendeskClient } from '../../scripts/zendesk/client.ts';

const { expected } = CSAT_SEED;
const NOW = new Date(expected.now);
const CONFIG: CsatConfig = {
  target: 0.95,
  timeZone: expected.timeZone,
  periods: { weekly: 12, monthly: 6 },
  breakdowns: ['group', 'brand', 'ticket_form', 'organization_tags'],
  managers: {},
  labels: { badRating: [], all: [] },
  dashboard: { showComments: false },
};

let sandbox: ZendeskSandbox;
const client = () => new ZendeskClient({ baseUrl: sandbox.url, auth: { kind: 'api-token', email: DEFAULT_CREDENTIALS.email, apiToken: DEFAULT_CREDENTIALS.apiToken }, sleep: async () => undefined });
const counts = (results: readonly PeriodResult[]) => Object.fromEntries(results.map(({ label, good, bad, offered }) => [label, { good, bad, offered }]));
const numbers = (results: readonly PeriodResult[]) => results.map(({ good, bad, offered }) => ({ good, bad, offered }));

beforeAll(async () => {
  sandbox = await startZendeskSandbox();
});
afterAll(() => sandbox.close());

describe('the CSAT report of the default account', () => {
  it('finds the hand-counted numbers: months, weeks across the end of summer time, breakdown rows, top bad reasons', async () => {
    sandbox.resetRequestCounts();
    const report = await buildCsatReport({ client: client(), config: CONFIG, now: NOW });

    expect(counts(report.periods.monthly)).toEqual(expected.monthly);
    expect(counts(report.periods.weekly)).toEqual(expected.weekly);
    expect(report.periods.monthly.map(({ csat }) => csat)).toEqual([0.75, 0.75, 2 / 3, 0.8, 0.6, 1]);
    expect(report.periods.monthly[0]).toMatchObject({ startUtc: '2026-05-31T22:00:00Z', startLocal: '2026-06-01T00:00:00+02:00', responseRate: 4 / 5 });
    expect(report.periods.weekly[7]).toMatchObject({ label: '2026-W43', endUtc: '2026-10-25T23:00:00Z', endLocal: '2026-10-26T00:00:00+01:00' });

    const rows = (dimension: string) => report.breakdowns.find((table) => table.dimension === dimension)?.rows ?? [];
    expect(rows('group').map(({ key }) => key)).toEqual(['Billing', 'Support', 'Tier 1', 'Tier 2']);
    expect(numbers(rows('group').find(({ key }) => key === 'Billing')?.results ?? [])).toEqual(expected.billingByMonth);
    expect(numbers(rows('organization_tags').find(({ key }) => key === 'enterprise')?.results ?? [])).toEqual(expected.enterpriseByMonth);
    expect(rows('brand').map(({ key }) => key)).toEqual(['Acme Labs', 'Acme Support']);
    expect(rows('ticket_form').map(({ key }) => key)).toEqual(['Billing request', 'Default ticket form']);
    expect(report.topBadReasons).toEqual(expected.topBadReasons);

    // Listed: reasons 1, received 1 page, offered 1 page, groups, brands, forms, tickets, organizations: 8.
    expect(report.readStrategy).toMatchObject({ chosen: 'list', requests: 8, alternative: { strategy: 'count' } });
    expect(sandbox.requestCounts()).toEqual({
      'GET /api/v2/satisfaction_reasons': 1,
      'GET /api/v2/satisfaction_ratings': 2,
      'GET /api/v2/groups': 1,
      'GET /api/v2/brands': 1,
      'GET /api/v2/ticket_forms': 1,
      'GET /api/v2/tickets/show_many': 1,
      'GET /api/v2/organizations/show_many': 1,
    });
    // Counting would ask 3 per period (18 periods) and 3 per month and breakdown value: 4 groups, 2 brands,
    // 2 forms and, for tags, each organization rated (Acme, Globex, Initech, none); and list the 6 bad ratings, and the reasons.
    expect(report.readStrategy.alternative.requests).toBe(3 * 18 + 3 * 6 * (4 + 2 + 2 + 4) + 1 + 1);
  });

  it('gives the same period numbers by counting as by listing, at 3 counts a period', async () => {
    const config = { ...CONFIG, breakdowns: [] };
    const listed = await buildCsatReport({ client: client(), config, now: NOW, strategy: 'list' });
    sandbox.resetRequestCounts();
    const counted = await buildCsatReport({ client: client(), config, now: NOW, strategy: 'count' });
    expect(counted.periods).toEqual(listed.periods);
    expect(counted.topBadReasons).toEqual(listed.topBadReasons);
    // 18 periods × good, bad, offered + the bad ratings (1 page) + the reasons.
    expect(counted.readStrategy).toEqual({ chosen: 'count', requests: 56, alternative: { strategy: 'list', requests: 3 } });
    expect(sandbox.requestCounts()['GET /api/v2/satisfaction_ratings']).toBe(55);
  });

  it('without breakdowns, measures both ways with three counts and lists when that is cheaper, as it is for 30 ratings', async () => {
    sandbox.resetRequestCounts();
    const report = await buildCsatReport({ client: client(), config: { ...CONFIG, breakdowns: [] }, now: NOW });
    expect(counts(report.periods.monthly)).toEqual(expected.monthly);
    // 3 counts, then reasons + one page of received + one of offered; counting would have cost 3 + 56.
    expect(report.readStrategy).toEqual({ chosen: 'list', requests: 6, alternative: { strategy: 'count', requests: 59 } });
    expect(report.breakdowns).toEqual([]);
  });

  it('counts a rating the customer changes after the fact with its new score, in the period it was offered', async () => {
    const before = await buildCsatReport({ client: client(), config: CONFIG, now: NOW });
    const answer = await client().request<{ satisfaction_rating: { id: number; score: string } }>('POST', `tickets/${await ticketOf(CSAT_SEED.ratingIds.hostile)}/satisfaction_rating`, {
      body: { satisfaction_rating: { score: 'good', comment: 'Fixed after all.' } },
    });
    expect(answer.body.satisfaction_rating).toMatchObject({ id: CSAT_SEED.ratingIds.hostile, score: 'good' });
    const after = await buildCsatReport({ client: client(), config: CONFIG, now: NOW });
    const october = (report: typeof before) => report.periods.monthly.find(({ label }) => label === '2026-10');
    expect(october(before)).toMatchObject({ good: 3, bad: 2, offered: 7 });
    expect(october(after)).toMatchObject({ good: 4, bad: 1, offered: 7, csat: 0.8 });
    expect(after.topBadReasons.find(({ reason }) => reason === 'The issue was not resolved')?.count).toBe(1);
    // Put back for the other tests.
    await client().request('POST', `tickets/${await ticketOf(CSAT_SEED.ratingIds.hostile)}/satisfaction_rating`, { body: { satisfaction_rating: { score: 'bad', reason_code: 6, comment: CSAT_SEED.hostileComment } } });
  });

  it('writes csat.json as stable, readable JSON with no comment or customer in it', async () => {
    const report = await buildCsatReport({ client: client(), config: CONFIG, now: NOW });
    const json = csatReportJson(report);
    expect(json).toBe(csatReportJson(JSON.parse(json)));
    expect(json.endsWith('}\n')).toBe(true);
    expect(JSON.parse(json)).toMatchObject({ formatVersion: 1, generatedAt: '2026-11-21T10:00:00Z', timeZone: 'Europe/Berlin', target: 0.95 });
    for (const secret of ['script', 'acme.example', 'Still broken', 'Customer question']) expect(json).not.toContain(secret);
  });
});

async function ticketOf(ratingId: number): Promise<number> {
  const answer = await client().request<{ satisfaction_rating: { ticket_id: number } }>('GET', `satisfaction_ratings/${ratingId}`);
  return answer.body.satisfaction_rating.ticket_id;
}
