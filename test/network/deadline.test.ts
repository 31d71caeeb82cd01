/**
 * The deadline for a whole run (ZENDESK_RUN_DEADLINE): once it passes, no new request
 * starts and the run ends with one line saying so.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { explainZendeskFailure } from '../../scripts/workflow/zendeskFailure.ts';
import { fetchLiveState } from '../../scripts/kinds/fetch.ts';
import { ZendeskClient } from '../../scripts/zendesk/client.ts';
import { ZendeskTimeLimitError } from '../../scripts/zendesk/errors.ts';
import { DEFAULT_CREDENTIALS } from '../../scripts/sandbox/zendesk/server.ts';
import { requestTotal, workspace, type Workspace } from '../integration/harness.ts';

let ws: Workspace;
beforeEach(async () => {
  ws = await workspace();
});
afterEach(() => ws.close());

const START = Date.parse('2026-11-21T10:00:00Z');

describe('the run deadline (clock injected)', () => {
  it('no request starts once it has passed, and the line names the variable', async () => {
    let now = START;
    const client = new ZendeskClient({ baseUrl: ws.sandbox.url, auth: { kind: 'api-token', ...DEFAULT_CREDENTIALS }, limits: { runDeadlineMs: 30 * 60_000 }, now: () => now });
    await client.get('groups');
    now += 31 * 60_000;
    ws.sandbox.resetRequestCounts();
    const error = await client.get('groups').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZendeskTimeLimitError);
    expect(requestTotal(ws.sandbox)).toBe(0);
    expect(explainZendeskFailure(error, ws.sandbox.url)?.message).toBe(
      `Stopped: the run took longer than 30 min (ZENDESK_RUN_DEADLINE); no further requests were sent to Zendesk at ${ws.sandbox.url}.`,
    );
  });

  it('a slow account: reading it stops part-way when the deadline passes', async () => {
    ws.sandbox.resetRequestCounts();
    // Each request Zendesk receives takes a minute of the run.
    const client = new ZendeskClient({
      baseUrl: ws.sandbox.url,
      auth: { kind: 'api-token', ...DEFAULT_CREDENTIALS },
      limits: { runDeadlineMs: 10 * 60_000 },
      now: () => START + requestTotal(ws.sandbox) * 60_000,
    });
    await expect(fetchLiveState(client)).rejects.toBeInstanceOf(ZendeskTimeLimitError);
    // At most the requests already in flight when the tenth minute passed; none after.
    const sent = client.requestCount;
    expect(sent).toBeLessThanOrEqual(10 + client.concurrency);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(client.requestCount).toBe(sent);
  });
});

describe('npm run plan with ZENDESK_RUN_DEADLINE', () => {
  it('stops with one line when the run takes longer', async () => {
    ws.sandbox.setLatency(100);
    const plan = await ws.run(['plan'], { ZENDESK_RUN_DEADLINE: '0.3' });
    expect(plan.code).toBe(1);
    expect(plan.stdout).toBe('');
    expect(plan.stderr).toBe(`error: Stopped: the run took longer than 0.3 s (ZENDESK_RUN_DEADLINE); no further requests were sent to Zendesk at ${ws.sandbox.url}.\n`);
  });
});
