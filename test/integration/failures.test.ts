/** What happens when things go wrong: bad input, stale plans, rate limits, outages mid-apply. */
import { describe, expect, it } from 'vitest';
import { liveTitles, requestTotal, type Workspace, workspaceEachTest } from './harness.ts';

let ws: Workspace;
const { startApplied } = workspaceEachTest((next) => (ws = next));

describe('bad input', () => {
  it('invalid YAML gives file:line:col and sends no request', async () => {
    await ws.write('config/macros/broken.yaml', 'title: Broken\nactions:\n  - { field: status, value: open\n');
    ws.sandbox.resetRequestCounts();
    const plan = await ws.run(['plan']);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toMatch(/^config\/macros\/broken\.yaml:\d+:\d+: error: /m);
    expect(plan.stderr).toContain('nothing was sent to Zendesk');
    expect(requestTotal(ws.sandbox)).toBe(0);
  });

  it('validate lists every problem at once, each with its field', async () => {
    await ws.edit('config/macros/escalations-tier-1.yaml', 'actions:', 'actoins:');
    await ws.edit('config/sla_policies/emergency.yaml', 'first_reply_time', 'first_reply');
    const result = await ws.run(['validate']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/config\/macros\/escalations-tier-1\.yaml:\d+:\d+: error: .*actoins/);
    expect(result.stderr).toMatch(/config\/sla_policies\/emergency\.yaml:\d+:\d+: error: .*first_reply_time/);
  });

  it('a name the account does not have is an error at plan time, with a suggestion', async () => {
    await ws.edit('config/macros/escalations-tier-2.yaml', /value: Tier 2\b/, 'value: Tier2');
    const plan = await ws.run(['plan']);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toMatch(/escalations-tier-2\.yaml:\d+:\d+: error: unknown group 'Tier2' \(actions\[0\]\.value\)\n\s+hint: did you mean 'Tier 2'\?/);
    expect(plan.stderr).toContain('nothing was changed in Zendesk');
  });

  it('missing credentials give one clear line, no stack trace', async () => {
    const result = await ws.run(['plan'], { ZENDESK_API_TOKEN: undefined });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('error: No Zendesk credentials: set ZENDESK_API_TOKEN, or ZENDESK_OAUTH_TOKEN.\n');
  });

  it('a wrong token names the variables to check and never prints the token', async () => {
    const result = await ws.run(['plan'], { ZENDESK_API_TOKEN: 'not-the-token-xyz' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('rejected the credentials (401)');
    expect(result.stderr + result.stdout).not.toContain('not-the-token-xyz');
  });
});

describe('stale plans', () => {
  it('refuses a saved plan when an object it touches was edited in Zendesk since, and says which', async () => {
    await startApplied();
    await ws.edit('config/macros/escalations-tier-2.yaml', /value: Tier 2\b/, 'value: Tier 3');
    expect((await ws.run(['plan', '--out', 'plan.json'])).code).toBe(0);

    // Someone edits the macro by hand in the meantime.
    const macro = ws.sandbox.state().collections.macros?.find((m) => m.title === 'Escalations::Tier 2');
    await fetch(`${ws.sandbox.url}/api/v2/macros/${macro?.id}.json`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${ws.env.ZENDESK_EMAIL}/token:${ws.env.ZENDESK_API_TOKEN}`).toString('base64')}` },
      body: JSON.stringify({ macro: { description: 'edited by hand' } }),
    });

    const apply = await ws.run(['apply', '--plan', 'plan.json']);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('Refusing to apply a stale plan');
    expect(apply.stderr).toContain('macro "Escalations::Tier 2" was changed in Zendesk');
    const after = ws.sandbox.state().collections.macros?.find((m) => m.title === 'Escalations::Tier 2');
    expect(after?.description).toBe('edited by hand');
  });

  it('applies a saved plan that is still current', async () => {
    expect((await ws.run(['plan', '--out', 'plan.json'])).code).toBe(0);
    const apply = await ws.run(['apply', '--plan', 'plan.json']);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Verified: Zendesk now matches config/.');
  });
});

describe('Zendesk misbehaving', () => {
  it('survives a 429 storm, honouring Retry-After, and still plans correctly', async () => {
    await startApplied();
    ws.sandbox.injectFault({ status: 429, times: 25, retryAfterSeconds: 0 });
    const plan = await ws.run(['plan', '--detailed-exitcode']);
    expect(plan.stdout).toContain('No changes.');
    expect(plan.code).toBe(0);
    // Told once, however many requests were rate limited.
    expect(plan.stderr.match(/Zendesk is rate limiting \(429\); waiting as Retry-After asks/g)).toHaveLength(1);
  });

  it('a 5xx in the middle of apply: reports exactly what failed; a re-run converges with no duplicates', async () => {
    ws.sandbox.injectFault({ method: 'POST', path: /\/macros$/, status: 500, times: 1 });
    const first = await ws.run(['apply']);
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/Applied 25 of 26 changes; 1 failed:\n\s+✗ create macro "Billing::Refund issued" \(config\/macros\/billing-refund-issued.yaml\): POST macro "Billing::Refund issued" failed: 500/);

    const second = await ws.run(['apply']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/Plan: 1 to create, 0 to update/);
    expect(second.stdout).toContain('Verified: Zendesk now matches config/.');
    const titles = liveTitles(ws.sandbox, 'macros');
    expect(titles.filter((t) => t.startsWith('Escalations::') || t.startsWith('Billing::')).sort()).toEqual([
      'Billing::Refund issued', 'Escalations::Tier 1', 'Escalations::Tier 2', 'Escalations::Tier 3',
    ]);
    expect(new Set(liveTitles(ws.sandbox, 'triggers')).size).toBe(liveTitles(ws.sandbox, 'triggers').length);
  });

  it('a create whose answer is lost but which Zendesk made: verification finds it in place, and apply exits 0 saying so', async () => {
    ws.sandbox.injectFault({ method: 'POST', path: /\/macros$/, status: 'lost-answer', times: 1 });
    const apply = await ws.run(['apply']);
    expect(apply.stdout).toMatch(/✗ create macro "[^"]+" \(config\/macros\/[^)]+\): POST macro "[^"]+" failed/);
    expect(apply.stdout).toContain('Verified: Zendesk now matches config/.');
    expect(apply.stdout).toContain('1 change reported as failed above is in place after all (the answer was lost, not the change).');
    expect(apply.stderr).not.toContain('Some changes failed');
    expect(apply.code).toBe(0);
    // Not sent twice: a POST is never repeated blindly.
    const titles = liveTitles(ws.sandbox, 'macros');
    expect(titles.length).toBe(new Set(titles).size);
  });

  it('a create a proxy delivered twice: the plan made after apply reports the duplicate titles, and apply is not verified', async () => {
    ws.sandbox.injectFault({ method: 'POST', path: /\/macros$/, status: 'delivered-twice', times: 1 });
    const apply = await ws.run(['apply']);
    expect(apply.stderr).toMatch(/config\/macros\/[^:]+:\d+:\d+: error: 2 live macros are titled '[^']+'; config\/ cannot tell them apart/);
    expect(apply.stdout).toContain('Verification: the plan made after apply has 1 error (above), so the result is not verified.');
    expect(apply.stdout).not.toContain('Verified:');
    expect(apply.code).toBe(1);
  });

  it('retries dropped connections on reads', async () => {
    ws.sandbox.injectFault({ method: 'GET', status: 'drop', times: 2 });
    const plan = await ws.run(['plan', '--detailed-exitcode']);
    expect(plan.code).toBe(2);
    expect(plan.stderr).toMatch(/^… connection dropped on GET \S+; retry 1 in \d+\.\ds$/m);
  });
});
