/**
 * How node-zendesk's requests go over the wire. node-zendesk v6 sends through
 * cross-fetch unless `createClient` is given `transportConfig: { transportFn,
 * responseAdapter }` (../shared/reference/zendesk-api.md §14.2); this is ours,
 * on node:http(s), because fetch has no connect timeout and would hang forever
 * on a server that accepts the connection and never answers:
 *
 * - connect timeout: from the socket's creation (DNS included) to TCP connected,
 *   and TLS set up for https, so "cannot connect" is told apart from "no answer";
 * - request timeout: the whole exchange, body included, given per request;
 * - an AbortSignal per request, so the client can stop everything in flight.
 *
 * Redirects are not followed: an API client that followed one would resend the
 * Authorization header wherever it points.
 */
import http from 'node:http';
import https from 'node:https';
import { TransportTimeout } from '../core/network.ts';

/** What node-zendesk passes to transportFn, plus the two fields the client adds per request. */
export interface TransportRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** A whole answer, read before the request timeout ends. */
export interface HttpAnswer {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** What responseAdapter gives node-zendesk (json, status, headers.get) and then the client. */
export interface TransportResponse {
  status: number;
  statusText: string;
  headers: { get(name: string): string | null };
  json(): Promise<unknown>;
  /** The media type, e.g. `application/json`, '' when absent. */
  contentType: string;
  /** The body as text: the client reads a page title from an HTML error page. */
  text: string;
}

/** A body that says it is JSON and is not: node-zendesk's `json()` throws this. */
export class BodyNotJson extends Error {
  constructor(readonly response: TransportResponse) {
    super(`HTTP ${response.status} answer is not valid JSON`);
    this.name = 'BodyNotJson';
  }
}

export interface TransportConfig {
  transportFn(uri: string, options: TransportRequest): Promise<HttpAnswer>;
  responseAdapter(answer: HttpAnswer): TransportResponse;
}

export function httpTransport(options: { connectTimeoutMs: number; requestTimeoutMs: number; maxSockets: number }): TransportConfig {
  // Keep-alive: a plan sends hundreds of requests; one TLS handshake per socket, not per request.
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: options.maxSockets }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: options.maxSockets }),
  };
  return {
    transportFn: (uri, request) => send(uri, request, agents, options.connectTimeoutMs, request.timeoutMs ?? options.requestTimeoutMs),
    responseAdapter: (answer) => {
      const contentType = String(answer.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      const response: TransportResponse = {
        status: answer.status,
        statusText: answer.statusText,
        headers: { get: (name) => headerValue(answer.headers, name) },
        contentType,
        text: answer.text,
        json: async () => {
          try {
            return JSON.parse(answer.text) as unknown;
          } catch {
            throw new BodyNotJson(response);
          }
        },
      };
      return response;
    },
  };
}

function send(
  uri: string,
  request: TransportRequest,
  agents: Record<'http:' | 'https:', http.Agent>,
  connectTimeoutMs: number,
  requestTimeoutMs: number,
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const url = new URL(uri);
    const secure = url.protocol === 'https:';
    const headers = { ...request.headers, ...(request.body === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(request.body)) }) };
    const timers: NodeJS.Timeout[] = [];
    // Why we ended it, reported rather than whatever the socket says after (often ECONNRESET).
    let stopReason: Error | undefined;
    const stop = (reason: Error) => {
      stopReason ??= reason;
      outgoing.destroy(reason);
    };
    const done = () => {
      for (const timer of timers) clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
    };
    const fail = (error: unknown) => {
      done();
      reject(stopReason ?? error);
    };
    const outgoing = (secure ? https : http).request(url, { method: request.method, headers, agent: agents[secure ? 'https:' : 'http:'] }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', fail);
      incoming.on('close', () => {
        if (!incoming.complete) fail(Object.assign(new Error('the connection closed mid-answer'), { code: 'ECONNRESET' }));
      });
      incoming.on('end', () => {
        done();
        resolve({
          status: incoming.statusCode ?? 0,
          statusText: incoming.statusMessage ?? '',
          headers: incoming.headers,
          text: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    const onAbort = () => stop(request.signal?.reason instanceof Error ? request.signal.reason : new Error('aborted'));
    outgoing.on('error', fail);
    outgoing.on('socket', (socket) => {
      // A reused keep-alive socket is already connected.
      if (!socket.connecting) return;
      const timer = setTimeout(() => stop(new TransportTimeout('connect', connectTimeoutMs)), connectTimeoutMs);
      timers.push(timer);
      socket.once(secure ? 'secureConnect' : 'connect', () => clearTimeout(timer));
    });
    timers.push(setTimeout(() => stop(new TransportTimeout('answer', requestTimeoutMs)), requestTimeoutMs));
    if (request.signal?.aborted) return onAbort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    outgoing.end(request.body);
  });
}

function headerValue(headers: http.IncomingHttpHeaders, name: string): string | null {
  const value = headers[name.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}
