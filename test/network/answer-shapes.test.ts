/**
 * Zendesk's answers are checked where they enter (scripts/zendesk/shapes.ts, each kind's
 * `answer`): an answer that does not fit, as a proxy or a changed API could send, ends the
 * run in one line naming the request, the object and the field, exit 1, and nothing is
 * written. Real clients over loopback sockets; the proxy rewrites what the sandbox answered.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CREDENTIALS } from '../../scripts/sandbox/zendesk/server.ts';
import { ZendeskClient } from '../../scripts/zendesk/client.ts';
import { runJob } from '../../scripts/zendesk/jobs.ts';
import { ZendeskShapeError } from '../../scripts/zendesk/shapes.ts';
import { workspace, type RunResult, type Workspace } from '../integration/harness.ts';
import { rewritingProxy, serverPool, type ProxiedAnswer } from './servers.ts';

let ws: Workspace;
const { serve, closeAll } = serverPool();
beforeEach(async () => {
  ws = await workspace();
});
afterEach(async () => {
  await closeAll();
  await ws.close();
});

type Json = Record<string, unknown>;

/** Rewrites the JSON answers to requests whose path matches `path`. */
function rewriteJson(path: RegExp, change: (body: Json) => Json) {
  return (answer: ProxiedAnswer, request: { path: string }): ProxiedAnswer =>
    path.test(request.path) && answer.status < 300 ? { ...answer, body: JSON.stringify(change(JSON.parse(answer.body) as Json)) } : answer;
}

const errorLines = (run: RunResult) => run.stderr.split('\n').filter((line) => line.startsWith('error: '));
const writes = () => Object.keys(ws.sandbox.requestCounts()).filter((key) => !key.startsWith('GET '));

describe('an answer that does not fit what the tool reads', () => {
  it('npm run apply stops before any write, in one line naming the trigger and the field', async () => {
    let broken: Json = {};
    const proxy = await serve(
      rewritingProxy(ws.sandbox.url, rewriteJson(/^\/api\/v2\/triggers(\.json)?\?/, (body) => {
        const [first, ...rest] = body.triggers as Json[];
        const conditions = first.conditions as { all: Json[]; any: Json[] };
        broken = first;
        return { ...body, triggers: [{ ...first, conditions: { ...conditions, all: [...conditions.all.slice(0, -1), { ...conditions.all.at(-1), field: 42 }] } }, ...rest] };
      })),
    );
    const before = JSON.stringify(ws.sandbox.state().collections);

    const apply = await ws.run(['apply'], { ZENDESK_URL: proxy.url });

    const last = (broken.conditions as { all: unknown[] }).all.length - 1;
    expect(errorLines(apply)).toEqual([
      `error: Zendesk answered GET /api/v2/triggers with a trigger (id ${String(broken.id)}, "${String(broken.title)}") ` +
        `whose conditions.all[${last}].field is a number, expected a string`,
    ]);
    expect(apply.code).toBe(1);
    expect(apply.stderr).not.toMatch(/\n\s+at /);
    expect(apply.stdout + apply.stderr).not.toContain(DEFAULT_CREDENTIALS.apiToken);
    expect(writes()).toEqual([]);
    expect(JSON.stringify(ws.sandbox.state().collections)).toBe(before);
  });

  it('a lookup missing a field it must have: npm run plan names the list, the group and the field', async () => {
    const groups = (ws.sandbox.state().collections.groups ?? []) as Json[];
    const served = await serve(
      rewritingProxy(ws.sandbox.url, rewriteJson(/^\/api\/v2\/groups(\.json)?\?/, (body) => ({ ...body, groups: (body.groups as Json[]).map((g, i) => (i === 0 ? { ...g, name: null } : g)) }))),
    );
    const plan = await ws.run(['plan'], { ZENDESK_URL: served.url });
    expect(errorLines(plan)).toEqual([`error: Zendesk answered GET /api/v2/groups with a group (id ${String(groups[0].id)}) whose name is null, expected a string`]);
    expect(plan.code).toBe(1);
  });

  it('a job status with an unknown state is refused where it enters, naming the job status request', async () => {
    const proxy = await serve(
      rewritingProxy(ws.sandbox.url, rewriteJson(/^\/api\/v2\/job_statuses\//, (body) => ({ ...body, job_status: { ...(body.job_status as Json), status: 'done' } }))),
    );
    const client = new ZendeskClient({ baseUrl: proxy.url, auth: { kind: 'oauth', accessToken: DEFAULT_CREDENTIALS.oauthToken } });
    const start = () => client.request('POST', 'organizations/create_many', { body: { organizations: [{ name: 'Shape Test Ltd' }] } });
    const error = await runJob(client, start, { sleep: async () => undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZendeskShapeError);
    expect((error as Error).message).toMatch(
      /^Zendesk answered GET \/api\/v2\/job_statuses\/[\w-]+ with a job status whose job_status\.status is "done", expected "queued" or "working" or "failed" or "completed" or "killed"$/,
    );
  });
});
