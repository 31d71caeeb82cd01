/**
 * Misbehaving servers on real loopback sockets, for what the sandboxes cannot do:
 * one that accepts connections and never answers, one that answers like a proxy's
 * error page, and a port nothing listens on.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface TestServer {
  url: string;
  /** Connections accepted (hanging) or requests answered (HTTP), in order. */
  hits: string[];
  close(): Promise<void>;
}

/** Accepts every connection, reads what is sent, and never answers. */
export async function hangingServer(): Promise<TestServer> {
  const sockets = new Set<Socket>();
  const hits: string[] = [];
  const server = createServer((socket) => {
    sockets.add(socket);
    hits.push('connection');
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  return listening(server, hits, () => {
    for (const socket of sockets) socket.destroy();
  });
}

/** Answers every request with `status` and an HTML page titled `title`, as a proxy or a web site would. */
export async function htmlServer(status: number, title: string): Promise<TestServer> {
  const hits: string[] = [];
  const page = `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><h1>${title}</h1><hr><center>nginx</center></body></html>\n`;
  const server = createHttpServer((request: IncomingMessage, response) => {
    hits.push(`${request.method} ${new URL(request.url ?? '/', 'http://x').pathname}`);
    request.resume();
    request.on('end', () => response.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' }).end(page));
  });
  return listening(server, hits, () => server.closeAllConnections());
}

/** Listens on a free loopback port; `drop` ends open connections so close() does not wait on them. */
async function listening(server: Server | HttpServer, hits: string[], drop: () => void): Promise<TestServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        drop();
      }),
  };
}

/** A loopback port that was just free: connecting to it is refused. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** An HTTP server that answers every request with 200 `{}` and records what reached it. */
export interface RecordingServer extends TestServer {
  /** The Authorization, PRIVATE-TOKEN and JOB-TOKEN headers of each request, in order. */
  credentials: string[];
}

export async function recordingServer(): Promise<RecordingServer> {
  const hits: string[] = [];
  const credentials: string[] = [];
  const server = createHttpServer((request, response) => {
    hits.push(`${request.method} ${request.url}`);
    for (const name of ['authorization', 'private-token', 'job-token']) {
      const value = request.headers[name];
      if (typeof value === 'string') credentials.push(value);
    }
    request.resume();
    request.on('end', () => response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}'));
  });
  return { ...(await listening(server, hits, () => server.closeAllConnections())), credentials };
}

/** An answer passing through rewritingProxy. */
export interface ProxiedAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * A proxy in front of `target` (an origin, e.g. a sandbox's URL) that lets `rewrite` change
 * each answer before the client sees it: what a compromised or misconfigured proxy between
 * the tool and Zendesk or GitLab could do. `request.headers` are what the client sent.
 */
export async function rewritingProxy(
  target: string,
  rewrite: (answer: ProxiedAnswer, request: { method: string; path: string; headers: IncomingMessage['headers']; ownUrl: string }) => ProxiedAnswer,
): Promise<TestServer> {
  const hits: string[] = [];
  let ownUrl = '';
  const server = createHttpServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const method = request.method ?? 'GET';
      const path = request.url ?? '/';
      hits.push(`${method} ${path}`);
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter(([name, value]) => typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name)),
      ) as Record<string, string>;
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      fetch(`${target}${path}`, { method, headers, body })
        .then(async (answer) => {
          const passed: ProxiedAnswer = {
            status: answer.status,
            headers: Object.fromEntries([...answer.headers.entries()].filter(([name]) => !['content-length', 'content-encoding', 'transfer-encoding', 'connection', 'keep-alive'].includes(name))),
            body: await answer.text(),
          };
          const sent = rewrite(passed, { method, path, headers: request.headers, ownUrl });
          response.writeHead(sent.status, sent.headers).end(sent.body);
        })
        .catch(() => response.writeHead(502).end());
    });
  });
  const proxy = await listening(server, hits, () => server.closeAllConnections());
  ownUrl = proxy.url;
  return proxy;
}

/** Servers a test starts, closed together after it: `serve(hangingServer())` starts one and keeps it for `closeAll`. */
export function serverPool(): { serve: <T extends TestServer>(server: Promise<T>) => Promise<T>; keep: (server: TestServer) => void; closeAll: () => Promise<void> } {
  const servers: TestServer[] = [];
  return {
    async serve(server) {
      const started = await server;
      servers.push(started);
      return started;
    },
    keep: (server) => void servers.push(server),
    closeAll: async () => void (await Promise.all(servers.splice(0).map((s) => s.close()))),
  };
}
