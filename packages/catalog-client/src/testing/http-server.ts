/**
 * The node:http scaffolding the contract servers share: listening on 127.0.0.1, a request log,
 * a URL length limit (as real servers have), and the faults every server can inject (429/503
 * storms with `Retry-After`, dropped connections, slow answers). Test support only.
 *
 * @module
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/**
 * One request as the server received it.
 *
 * @example
 * ```ts
 * server.log.filter((r) => r.path === '/icat/session').length;
 * ```
 */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/**
 * Faults every contract server can inject; tests set them between calls.
 *
 * @example
 * ```ts
 * server.faults.storm = { status: 503, count: 2, retryAfter: '1' };
 * ```
 */
export interface CommonFaults {
  /** The next `count` requests are answered with `status` (and `Retry-After` when given). */
  storm?: { status: number; count: number; retryAfter?: string };
  /** The next `count` requests get their connection destroyed before any answer. */
  drop?: { count: number };
  /** Every answer waits this long first. */
  delayMs?: number;
}

/**
 * A running contract server.
 *
 * @example
 * ```ts
 * const server = await startIcatServer();
 * try { ... } finally { await server.close(); }
 * ```
 */
export interface RunningServer {
  /** `http://127.0.0.1:port`. */
  readonly url: string;
  /** Every request received, in order. */
  readonly log: RecordedRequest[];
  readonly faults: CommonFaults;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

/**
 * Handles one request; throwing ends it with a 500.
 *
 * @example
 * ```ts
 * const handler: Handler = (req, res) => sendJson(res, 200, { path: req.path });
 * ```
 */
export type Handler = (req: RecordedRequest, res: ServerResponse) => Promise<void> | void;

/**
 * Sends `body` as JSON with `status`.
 *
 * @example
 * ```ts
 * sendJson(res, 200, { sessionId });
 * ```
 */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * Options of {@link startHttpServer}.
 *
 * @example
 * ```ts
 * const options: HttpServerOptions = { maxUrlLength: 8192, cors: true };
 * ```
 */
export interface HttpServerOptions {
  /** Requests with a longer URL get 414 (default 4096 characters). */
  maxUrlLength?: number;
  /**
   * Answer cross-origin requests as facilities configure their servers for web portals:
   * preflights (`OPTIONS`) get 204 with the allowed methods and headers, every answer
   * `Access-Control-Allow-Origin` and `Access-Control-Expose-Headers`. Default false.
   */
  cors?: boolean;
}

/** The request headers a cross-origin page may send (Bearer tokens, JSON bodies, resumes). */
const CORS_ALLOW_HEADERS = 'Authorization, Content-Type, Range';
/** The response headers a cross-origin page may read. */
const CORS_EXPOSE_HEADERS = 'Content-Length, Content-Range, Content-Disposition, Location, Retry-After';

/**
 * Adds the CORS headers facilities configure to `res`, and answers a preflight (`OPTIONS` with
 * `Access-Control-Request-Method`) with 204: returns true when it did, and the request is done.
 *
 * @example
 * ```ts
 * createServer((req, res) => { if (answerCors(req, res)) return; handle(req, res); });
 * ```
 */
export function answerCors(req: IncomingMessage, res: ServerResponse): boolean {
  res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
  res.setHeader('access-control-expose-headers', CORS_EXPOSE_HEADERS);
  res.setHeader('vary', 'Origin');
  if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) return false;
  // a preflight is the browser's, not the client's: answered here, never logged
  res.writeHead(204, {
    'access-control-allow-methods': 'GET, HEAD, POST, PUT, PATCH, DELETE',
    'access-control-allow-headers': CORS_ALLOW_HEADERS,
    'access-control-max-age': '600',
  });
  res.end();
  req.resume();
  return true;
}

/**
 * Starts `handle` on 127.0.0.1 (a free port) with the common faults, a URL length limit
 * (414 beyond `maxUrlLength`, default 4096 characters) and, when asked, CORS.
 *
 * @example
 * ```ts
 * const server = await startHttpServer((req, res) => sendJson(res, 200, {}), { cors: true });
 * ```
 */
export async function startHttpServer(handle: Handler, options: HttpServerOptions = {}): Promise<RunningServer> {
  const log: RecordedRequest[] = [];
  const faults: CommonFaults = {};
  const maxUrlLength = options.maxUrlLength ?? 4096;
  const server = createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
    if (options.cors && answerCors(req, res)) return;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: decodeURIComponent(url.pathname),
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      log.push(recorded);
      void answer(recorded, req.url ?? '', res);
    });
  });
  const answer = async (recorded: RecordedRequest, rawUrl: string, res: ServerResponse): Promise<void> => {
    if (faults.delayMs) await new Promise((r) => setTimeout(r, faults.delayMs));
    if (faults.drop && faults.drop.count > 0) {
      faults.drop.count--;
      res.socket?.destroy();
      return;
    }
    if (faults.storm && faults.storm.count > 0) {
      faults.storm.count--;
      if (faults.storm.retryAfter !== undefined) res.setHeader('retry-after', faults.storm.retryAfter);
      sendJson(res, faults.storm.status, { code: 'INTERNAL', message: 'Server busy, try later' });
      return;
    }
    if (rawUrl.length > maxUrlLength) {
      res.writeHead(414, { 'content-type': 'text/plain' });
      res.end('URI Too Long');
      return;
    }
    try {
      await handle(recorded, res);
    } catch (err) {
      if (!res.headersSent) sendJson(res, 500, { code: 'INTERNAL', message: String(err) });
      else res.destroy();
    }
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
