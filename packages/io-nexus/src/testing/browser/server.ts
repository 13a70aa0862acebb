// A static HTTP server on 127.0.0.1 for the browser test: the bundle from memory, and the
// h5wasm-plugins `libH5Z*.so` files under /plugins/ (tests only).
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', so: 'application/octet-stream' };

/** The folder of h5wasm-plugins' compiled plugins (`libH5Zbshuf.so`, ...). */
export function pluginFolder(): string {
  return join(dirname(createRequire(import.meta.url).resolve('h5wasm-plugins')), 'plugins');
}

/** A running server: its origin, the paths requested so far with their statuses, and close(). */
export interface TestServer {
  readonly origin: string;
  readonly requests: { path: string; status: number }[];
  close(): Promise<void>;
}

/** Serves `files` (URL path to bytes) and `/plugins/<name>.so` on a free port of 127.0.0.1. */
export async function serveTestSite(files: ReadonlyMap<string, Uint8Array>): Promise<TestServer> {
  const plugins = pluginFolder();
  const requests: { path: string; status: number }[] = [];
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const reply = (status: number, body: Uint8Array | string, type = 'text/plain; charset=utf-8') => {
      requests.push({ path, status });
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    };
    const known = files.get(path === '/' ? '/index.html' : path);
    if (known !== undefined) return reply(200, known, TYPES[path.split('.').pop() ?? ''] ?? TYPES.html);
    const plugin = /^\/plugins\/(libH5Z\w+\.so)$/.exec(path)?.[1];
    if (plugin === undefined) return reply(404, 'not found');
    readFile(join(plugins, plugin)).then(
      (bytes) => reply(200, bytes, TYPES.so),
      () => reply(404, 'no such plugin'),
    );
  });
  return { ...(await listenLocal(server)), requests };
}

/** A server listening on 127.0.0.1: its origin, and close(). */
export interface LocalListener {
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * Starts `server` on a free port of 127.0.0.1; close() stops it and drops the browser's
 * keep-alive connections.
 *
 * @example
 * ```ts
 * const { origin, close } = await listenLocal(createServer((request, response) => response.end('ok')));
 * await close();
 * ```
 */
export async function listenLocal(server: Server): Promise<LocalListener> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the test server has no TCP address');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections(); // the browser's keep-alive connections
      }),
  };
}
