/**
 * The Salesforce sandbox for `npm run bench -- salesforce`, in a process of its own (started by
 * remoteSalesforce.ts), so that its SOQL work does not share the event loop of the sync it
 * answers, as the Zendesk sandbox runs apart (remoteSandbox.ts).
 *
 * The sandbox itself has no latency setting and no control routes over HTTP, so it sits behind
 * a small forwarding server that adds them for the bench only:
 *   - every API request waits `latencyMs` before it is forwarded (the round trip a real
 *     Salesforce costs); the token answer's instance_url is rewritten to this server, so jsforce
 *     sends everything after the login here too (nextRecordsUrl is relative to it, §4.4);
 *   - /__bench/latency (PUT {ms}), /__bench/requests (GET, DELETE: the sandbox's own counts)
 *     and /__bench/accounts (GET: how many accounts hold a Zendesk id), not delayed, not counted.
 * Announces `SALESFORCE_URL=…` on stdout once it listens.
 *
 * Usage: node --import tsx salesforceSandboxProcess.ts <accounts> [--unlinked]
 */
import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSalesforceSandbox } from '../sandbox/salesforce/server.ts';
import { benchSalesforceSeed } from './salesforceAccount.ts';

const count = Number(process.argv[2]);
if (!Number.isInteger(count) || count < 1) {
  process.stderr.write('usage: salesforceSandboxProcess.ts <accounts> [--unlinked]\n');
  process.exit(2);
}
const sandbox = await startSalesforceSandbox({ seed: benchSalesforceSeed(count, { linked: !process.argv.includes('--unlinked') }), apiVersions: ['62.0'] });
const target = new URL(sandbox.url);
let latencyMs = 0;
let ownUrl = '';

const server = createServer((incoming, outgoing) => {
  handle(incoming, outgoing).catch((error: unknown) => {
    process.stderr.write(`[salesforce bench proxy] ${String(error)}\n`);
    if (!outgoing.headersSent) outgoing.writeHead(502).end();
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
ownUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
process.stdout.write(`SALESFORCE_URL=${ownUrl}\n`);
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close();
  void sandbox.close().then(() => process.exit(0));
});

async function handle(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
  const body = await readBody(incoming);
  const path = new URL(incoming.url ?? '/', ownUrl).pathname;
  if (path.startsWith('/__bench/')) return control(incoming.method ?? 'GET', path, body, outgoing);
  if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
  const answer = await relay(incoming, body);
  let payload = answer.body;
  if (path === '/services/oauth2/token' && answer.status === 200) {
    payload = Buffer.from(payload.toString('utf8').split(sandbox.url).join(ownUrl));
  }
  const headers: Record<string, string | string[] | undefined> = { ...answer.headers, 'content-length': String(payload.length) };
  delete headers['transfer-encoding'];
  delete headers.connection;
  outgoing.writeHead(answer.status, headers).end(payload);
}

function relay(incoming: IncomingMessage, body: Buffer): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    // The body was read whole: it goes on with its length, never chunked (both headers would be a 400).
    const headers: Record<string, string | string[] | undefined> = { ...incoming.headers, host: target.host, 'content-length': String(body.length) };
    delete headers['transfer-encoding'];
    const call = forward({ host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers }, (answer) => {
      readBody(answer).then((answerBody) => resolve({ status: answer.statusCode ?? 502, headers: { ...answer.headers }, body: answerBody }), reject);
    });
    call.once('error', reject);
    call.end(body);
  });
}

function control(method: string, path: string, body: Buffer, outgoing: ServerResponse): void {
  const json = (value: unknown): void => void outgoing.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
  switch (`${method} ${path}`) {
    case 'PUT /__bench/latency':
      latencyMs = Number((JSON.parse(body.toString('utf8') || '{}') as { ms?: unknown }).ms ?? 0);
      return void outgoing.writeHead(204).end();
    case 'GET /__bench/requests':
      return json(sandbox.requestCounts());
    case 'DELETE /__bench/requests':
      sandbox.resetRequestCounts();
      return void outgoing.writeHead(204).end();
    case 'GET /__bench/accounts': {
      const { accounts } = sandbox.state();
      return json({ accounts: accounts.length, withZendeskId: accounts.filter((account) => account.Zendesk_Organization_Id__c !== null).length });
    }
    default:
      outgoing.writeHead(404).end();
  }
}

function readBody(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', () => resolve(Buffer.concat(chunks)));
    stream.once('error', reject);
  });
}
