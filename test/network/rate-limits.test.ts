/**
 * Rate limiting (429) slows a run down instead of aborting it: requests wait what
 * Retry-After asks without spending their attempts, within a cap on the total wait,
 * and the user is told once. Through node-zendesk, against the sandbox.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { explainZendeskFailure } from '../../scripts/workflow/zendeskFailure.ts';
import { ZendeskClient } from '../../scripts/zendesk/client.ts';
import { ZendeskTimeLimitError } from '../../scripts/zendesk/errors.ts';
import { DEFAULT_CREDENTIALS } from '../../scripts/sandbox/zendesk/server.ts';
import { workspace, type Workspace } from '../integration/harness.ts';

let ws: Workspace;
beforeEach(async () => {
  ws = await workspace();
});
afterEach(() => ws.close());

const TRIGGERS = 'GET /api/v2/triggers';
const rateLimitNotices = (stderr: string) => stderr.split('\n').filter((line) => line.includes('rate limiting'));

describe('npm run plan under rate limiting', () => {
  it('a 429 storm longer than the attempt budget still completes, and says so once', async () => {
    await ws.run(['apply']);
    // Twice as many 429s in a row as a request has attempts, then concurrent ones everywhere.
    ws.sandbox.injectFault({ method: 'GET', path: '/api/v2/triggers', status: 429, times: 12, retryAfterSeconds: 0 });
    ws.sandbox.injectFault({ status: 429, times: 20, retryAfterSeconds: 0 });
    ws.sandbox.resetRequestCounts();
    const plan = await ws.run(['plan', '--detailed-exitcode']);
    expect(plan.stdout).toContain('No changes.');
    expect(plan.code).toBe(0);
    expect(rateLimitNotices(plan.stderr)).toEqual([
      '… Zendesk is rate limiting (429); waiting as Retry-After asks (0 s now, at most 15 min in all: ZENDESK_RATE_LIMIT_WAIT)',
    ]);
    expect(plan.stderr).not.toContain('HTTP 429');
    expect(ws.sandbox.requestCounts()[TRIGGERS]).toBeGreaterThan(12);
  });

  it('a Retry-After longer than ZENDESK_RATE_LIMIT_WAIT allows fails at once, in one line', async () => {
    ws.sandbox.injectFault({ status: 429, times: 1000, retryAfterSeconds: 120 });
    const started = Date.now();
    const plan = await ws.run(['plan'], { ZENDESK_RATE_LIMIT_WAIT: '1m' });
    expect(plan.code).toBe(1);
    expect(plan.stdout).toBe('');
    expect(plan.stderr).toMatch(
      /^error: Stopped: Zendesk at http:\/\/127\.0\.0\.1:\d+ kept rate limiting \(429\) past the 60 s this run may wait \(ZENDESK_RATE_LIMIT_WAIT\); its last Retry-After asked for 2 min\. Try again later, or raise ZENDESK_RATE_LIMIT_WAIT\.\n$/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('the client waits out rate limits within its cap (clock and sleep injected)', () => {
  /** `advance`: sleeping moves the clock on (else the test moves it). */
  function client(rateLimitWaitMs = 15 * 60_000, advance = true) {
    const clock = { now: Date.parse('2026-11-21T10:00:00Z'), sleeps: [] as number[] };
    const zendesk = new ZendeskClient({
      baseUrl: ws.sandbox.url,
      auth: { kind: 'api-token', ...DEFAULT_CREDENTIALS },
      limits: { rateLimitWaitMs },
      now: () => clock.now,
      sleep: async (ms) => {
        clock.sleeps.push(ms);
        if (advance) clock.now += ms;
      },
    });
    return { zendesk, clock };
  }

  it('waits every Retry-After, ten minutes in all, without spending attempts, then gets its answer', async () => {
    ws.sandbox.injectFault({ method: 'GET', path: '/api/v2/triggers', status: 429, times: 10, retryAfterSeconds: 60 });
    const { zendesk, clock } = client();
    const triggers = await zendesk.listAll('triggers', 'triggers');
    expect(triggers.length).toBeGreaterThan(0);
    expect(clock.sleeps).toEqual(Array(10).fill(60_000));
    expect(ws.sandbox.requestCounts()[TRIGGERS]).toBe(11);
  });

  it('gives up once waiting would pass the cap, without a request more', async () => {
    ws.sandbox.injectFault({ method: 'GET', path: '/api/v2/triggers', status: 429, times: 20, retryAfterSeconds: 60 });
    const { zendesk, clock } = client();
    const error = await zendesk.listAll('triggers', 'triggers').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZendeskTimeLimitError);
    expect(clock.sleeps).toEqual(Array(15).fill(60_000));
    expect(ws.sandbox.requestCounts()[TRIGGERS]).toBe(16);
    expect(explainZendeskFailure(error, ws.sandbox.url)?.message).toBe(
      `Stopped: Zendesk at ${ws.sandbox.url} kept rate limiting (429) past the 15 min this run may wait (ZENDESK_RATE_LIMIT_WAIT); ` +
        'its last Retry-After asked for 60 s. Try again later, or raise ZENDESK_RATE_LIMIT_WAIT.',
    );
    // The run is over: nothing else is sent.
    await expect(zendesk.get('groups')).rejects.toBe(error);
    expect(ws.sandbox.requestCounts()['GET /api/v2/groups']).toBeUndefined();
  });

  it('pauses every request while rate limited, not just the one that got the 429', async () => {
    ws.sandbox.injectFault({ method: 'GET', path: '/api/v2/triggers', status: 429, times: 1, retryAfterSeconds: 30 });
    const { zendesk, clock } = client(15 * 60_000, false);
    await zendesk.get('triggers');
    // Zendesk's limit is account-wide: a request to another endpoint waits out the same pause.
    await zendesk.get('groups');
    expect(clock.sleeps).toEqual([30_000, 30_000]);
    clock.now += 30_000;
    await zendesk.get('groups');
    expect(clock.sleeps).toEqual([30_000, 30_000]);
  });
});
