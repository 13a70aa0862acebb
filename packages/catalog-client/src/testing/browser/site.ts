// A static HTTP server on 127.0.0.1 for the browser test's bundle (tests only).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running static site: its origin and close(). */
export interface StaticSite {
  readonly origin: string;
  close(): Promise<void>;
}

/** Serves `files` (URL path to bytes; `/` is `/index.html`) on a free port of 127.0.0.1. */
export async function serveStatic(files: ReadonlyMap<string, Uint8Array>): Promise<StaticSite> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const body = files.get(path === '/' ? '/index.html' : path);
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const type = path.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/html; charset=utf-8';
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
