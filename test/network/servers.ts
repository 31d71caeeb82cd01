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
