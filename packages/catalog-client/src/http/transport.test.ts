import { createServer, request as httpRequest } from 'node:http';
import type { Server } from 'node:http';
import { getEventListeners } from 'node:events';
import { connect } from 'node:net';
import { ArgumentError } from '@pandaas/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CatalogError, NotFoundError } from '../errors.js';
import { sendJson, startHttpServer } from '../testing/http-server.js';
import type { RunningServer } from '../testing/http-server.js';
import { resolveProxy } from './proxy.js';
import { REDACTED, redact } from './redact.js';
import { backoffDelay, parseRetryAfter, resolveRetry } from './retry.js';
import { HttpTransport } from './transport.js';
import type { HttpLogEvent } from './transport.js';

describe('retry helpers', () => {
  it('parses Retry-After as seconds or an HTTP date, and backs off exponentially with a cap', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 12:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    const retry = resolveRetry({ baseDelayMs: 100, maxDelayMs: 350 });
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, retry))).toEqual([100, 200, 350, 350]);
    expect(() => resolveRetry({ maxAttempts: 0 })).toThrow(ArgumentError);
  });
});

describe('redact', () => {
  it('hides known secrets and secret-named fields', () => {
    const text = redact('GET /x?sessionId=abc-123&q=1 {"password":"p@ss","user":"u"} Authorization: Bearer eyJ.abc.def tok-XYZ9', ['tok-XYZ9']);
    expect(text).toBe(`GET /x?sessionId=${REDACTED}&q=1 {"password":"${REDACTED}","user":"u"} Authorization: Bearer ${REDACTED} ${REDACTED}`);
  });

  it('hides a secret with spaces and !\'()* as URLSearchParams encodes it (form bodies, query strings)', () => {
    const secret = "my pa ss!'()*~x";
    // application/x-www-form-urlencoded: space as '+', !'()~ percent-encoded, * kept
    const form = 'user=bob&pw=my+pa+ss%21%27%28%29*%7Ex&lang=en';
    expect(new URLSearchParams({ user: 'bob', pw: secret, lang: 'en' }).toString()).toBe(form);
    expect(redact(`POST /login ${form}`, [secret])).toBe(`POST /login user=bob&pw=${REDACTED}&lang=en`);
    const url = new URL('https://icat.example.org/login');
    url.searchParams.append('pw', secret);
    expect(redact(`GET ${url.toString()}`, [secret])).toBe(`GET https://icat.example.org/login?pw=${REDACTED}`);
    // the other spellings still go
    expect(redact(`${secret} ${encodeURIComponent(secret)} ${JSON.stringify(secret)}`, [secret])).toBe(`${REDACTED} ${REDACTED} "${REDACTED}"`);
  });
});

describe('resolveProxy', () => {
  it('takes the option, else HTTPS_PROXY/HTTP_PROXY unless NO_PROXY matches', () => {
    const saved = { ...process.env };
    try {
      process.env.HTTP_PROXY = 'http://proxy:3128';
      process.env.HTTPS_PROXY = 'http://sproxy:3128';
      process.env.NO_PROXY = 'localhost,.esrf.fr';
      expect(resolveProxy('https://icat.example.org/', 'http://mine:1')).toBe('http://mine:1');
      expect(resolveProxy('https://icat.example.org/', false)).toBeUndefined();
      expect(resolveProxy('https://icat.example.org/')).toBe('http://sproxy:3128');
      expect(resolveProxy('http://icat.example.org/')).toBe('http://proxy:3128');
      expect(resolveProxy('https://icatplus.esrf.fr/')).toBeUndefined();
      expect(resolveProxy('http://localhost:8080/')).toBeUndefined();
    } finally {
      process.env = saved;
    }
  });
});

describe('HttpTransport', () => {
  let server: RunningServer;
  let logs: HttpLogEvent[];

  beforeEach(async () => {
    server = await startHttpServer((req, res) => {
      if (req.path === '/missing') sendJson(res, 404, { statusCode: 404, message: 'Dataset not found', error: 'Not Found' });
      else if (req.path === '/moved') res.writeHead(302, { location: '/target?k=1', 'content-length': 0 }).end();
      else sendJson(res, 200, { path: req.path, method: req.method });
    });
    logs = [];
  });
  afterEach(async () => {
    await server.close();
  });

  const make = (options: Partial<ConstructorParameters<typeof HttpTransport>[0]> = {}): HttpTransport =>
    new HttpTransport({ baseUrl: server.url, proxy: false, logger: (e) => logs.push(e), ...options });

  it('validates its options', () => {
    expect(() => new HttpTransport({ baseUrl: 'not a url' })).toThrow(ArgumentError);
    expect(() => new HttpTransport({ baseUrl: 'ftp://x' })).toThrow(ArgumentError);
    expect(() => new HttpTransport({ baseUrl: 'http://x', timeoutMs: 0 })).toThrow(ArgumentError);
  });

  it('follows redirects by default, and returns the 3xx with its Location when redirect is manual', async () => {
    const http = make();
    await expect(http.json({ path: 'moved' })).resolves.toEqual({ path: '/target', method: 'GET' });
    const before = server.log.length;
    const res = await http.request({ method: 'HEAD', path: 'moved', redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/target?k=1');
    expect(server.log.slice(before).map((r) => r.path)).toEqual(['/moved']);
  });

  it('answers CORS preflights and marks answers for cross-origin pages only when asked', async () => {
    const cors = await startHttpServer((req, res) => sendJson(res, 200, { path: req.path }), { cors: true });
    try {
      const origin = 'http://127.0.0.1:1';
      const preflight = await fetch(`${cors.url}/x`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
      expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
      expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Range/);
      const answer = await fetch(`${cors.url}/x`, { headers: { origin } });
      expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
      expect(answer.headers.get('access-control-expose-headers')).toMatch(/Content-Range/);
      expect(cors.log.map((r) => r.method)).toEqual(['GET']); // the preflight is not the client's request
    } finally {
      await cors.close();
    }
    const plain = await fetch(`${server.url}/x`, { headers: { origin: 'http://127.0.0.1:1' } });
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('retries a 503 storm, waiting Retry-After seconds capped at maxDelayMs', async () => {
    server.faults.storm = { status: 503, count: 2, retryAfter: '5' };
    const http = make({ retry: { maxAttempts: 4, maxDelayMs: 60 } });
    await expect(http.json({ path: 'a' })).resolves.toEqual({ path: '/a', method: 'GET' });
    expect(server.log).toHaveLength(3);
    expect(logs.filter((e) => e.type === 'retry').map((e) => e.delayMs)).toEqual([60, 60]);
  });

  it('honours Retry-After seconds and HTTP dates below the cap', async () => {
    server.faults.storm = { status: 429, count: 1, retryAfter: '1' };
    const http = make({ retry: { maxAttempts: 2, maxDelayMs: 10_000 } });
    const t0 = Date.now();
    await http.json({ path: 'a' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(990);
    server.faults.storm = { status: 503, count: 1, retryAfter: new Date(Date.now() + 1500).toUTCString() };
    const t1 = Date.now();
    await http.json({ path: 'b' });
    const waited = Date.now() - t1;
    // an HTTP date has whole seconds: the wait is between 0.5 and 1.5 s (plus scheduling slack)
    expect(waited).toBeGreaterThanOrEqual(400);
    expect(waited).toBeLessThan(2000);
  });

  it('backs off exponentially on network errors, and gives up after maxAttempts', async () => {
    server.faults.drop = { count: 3 };
    const http = make({ retry: { maxAttempts: 4, baseDelayMs: 20 } });
    await expect(http.json({ path: 'a' })).resolves.toMatchObject({ path: '/a' });
    expect(logs.filter((e) => e.type === 'retry').map((e) => e.delayMs)).toEqual([20, 40, 80]);
    server.faults.storm = { status: 503, count: 10 };
    const err = await make({ retry: { maxAttempts: 3, baseDelayMs: 1 } }).json({ path: 'b' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CatalogError);
    expect(err).toMatchObject({ retryable: true, server: { status: 503, code: 'INTERNAL' } });
  });

  it('retries POST network errors only when idempotent', async () => {
    server.faults.drop = { count: 1 };
    const http = make({ retry: { maxAttempts: 3, baseDelayMs: 1 } });
    await expect(http.json({ method: 'POST', path: 'p', form: { a: '1' } })).rejects.toBeInstanceOf(CatalogError);
    expect(server.log).toHaveLength(1);
    server.faults.drop = { count: 1 };
    await expect(http.json({ method: 'POST', path: 'p', form: { a: '1' }, idempotent: true })).resolves.toMatchObject({ method: 'POST' });
  });

  it('times out, and cancels with an AbortSignal (also during a backoff wait)', async () => {
    server.faults.delayMs = 400;
    const http = make({ timeoutMs: 80, retry: { maxAttempts: 1 } });
    const t0 = Date.now();
    const timedOut = await http.json({ path: 'slow' }).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(CatalogError);
    expect((timedOut as Error).message).toContain('timed out after 80 ms');
    expect(Date.now() - t0).toBeLessThan(350);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const aborted = await make().json({ path: 'slow', signal: controller.signal }).catch((e: unknown) => e);
    expect((aborted as Error).name).toBe('AbortError');
    server.faults.delayMs = 0;
    server.faults.storm = { status: 503, count: 5, retryAfter: '10' };
    const c2 = new AbortController();
    setTimeout(() => c2.abort(), 100);
    const t1 = Date.now();
    const abortedWait = await make({ retry: { maxDelayMs: 20_000 } }).json({ path: 'x', signal: c2.signal }).catch((e: unknown) => e);
    expect((abortedWait as Error).name).toBe('AbortError');
    expect(Date.now() - t1).toBeLessThan(1000);
  });

  it('lets go of the caller\'s signal once each response is read, cancelled or refused (no listener leak)', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => void warnings.push(w);
    process.on('warning', onWarning);
    try {
      const http = make({ retry: { maxAttempts: 1 } });
      const { signal } = new AbortController();
      for (let i = 0; i < 50; i++) {
        const response = await http.request({ path: `r${i}`, signal });
        if (i % 2 === 0) expect(JSON.parse(await response.text())).toMatchObject({ path: `/r${i}` });
        else await response.body?.cancel();
      }
      expect(getEventListeners(signal, 'abort')).toHaveLength(0);
      for (let i = 0; i < 50; i++) await http.json({ path: `j${i}`, signal });
      server.faults.storm = { status: 500, count: 50 };
      for (let i = 0; i < 50; i++) await expect(http.request({ path: `e${i}`, signal })).rejects.toBeInstanceOf(CatalogError);
      expect(getEventListeners(signal, 'abort')).toHaveLength(0);
      await new Promise((r) => setImmediate(r));
      expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('maps errors with the server code and message, and redacts secrets from messages and logs', async () => {
    const http = make();
    http.secrets.add('s3cr3t-token-value');
    const err = await http.json({ path: 'missing', query: { sessionId: 'abcd-1234', other: 's3cr3t-token-value' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).server).toEqual({ status: 404, code: 'Not Found', message: 'Dataset not found' });
    const all = `${(err as Error).message}\n${JSON.stringify(logs)}`;
    expect(all).not.toContain('abcd-1234');
    expect(all).not.toContain('s3cr3t-token-value');
    expect(all).toContain('sessionId=***');
  });

  it('registers proxy credentials (option or environment) as secrets: an unreachable proxy\'s error and logs do not show them', async () => {
    // port 1 on the loopback: nothing listens, the connection is refused
    const http = make({ proxy: 'http://bob:s3cr3t!pw@127.0.0.1:1', retry: { maxAttempts: 1 } });
    const err = await http.json({ path: 'via-proxy' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CatalogError);
    expect((err as CatalogError).code).toBe('E_IO');
    const basic = Buffer.from('bob:s3cr3t!pw').toString('base64');
    const shown = http.redact(`${(err as Error).message} proxy bob:s3cr3t!pw password s3cr3t!pw auth ${basic}`);
    expect(shown).toContain('network error');
    expect(shown).toContain(`proxy ${REDACTED} password ${REDACTED} auth ${REDACTED}`);
    expect(`${shown}\n${JSON.stringify(logs)}`).not.toContain('s3cr3t');
    const saved = { ...process.env };
    try {
      process.env.HTTP_PROXY = 'http://alice:env%20pass%40x@127.0.0.1:1';
      process.env.NO_PROXY = '';
      const viaEnv = make({ proxy: undefined, retry: { maxAttempts: 1 } });
      const envErr = await viaEnv.json({ path: 'via-proxy' }).catch((e: unknown) => e);
      expect((envErr as CatalogError).code).toBe('E_IO');
      expect(viaEnv.redact('alice:env pass@x | env pass@x | env%20pass%40x')).toBe(`${REDACTED} | ${REDACTED} | ${REDACTED}`);
    } finally {
      process.env = saved;
    }
  });

  it('goes through an HTTP proxy (undici ProxyAgent) when asked', async () => {
    let proxied = 0;
    const tunnels: { destroy(): void }[] = [];
    const proxy: Server = createServer((req, res) => {
      // absolute-form forwarding
      proxied++;
      const target = new URL(req.url ?? '');
      const upstream = httpRequest({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      req.pipe(upstream);
    });
    proxy.on('connect', (req, socket, head) => {
      proxied++;
      tunnels.push(socket);
      const [host, port] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host as string, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const address = proxy.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const http = make({ proxy: `http://127.0.0.1:${port}` });
      await expect(http.json({ path: 'via-proxy' })).resolves.toEqual({ path: '/via-proxy', method: 'GET' });
      await expect(http.json({ path: 'again' })).resolves.toMatchObject({ path: '/again' });
      expect(proxied).toBeGreaterThanOrEqual(1);
      expect(server.log.map((r) => r.path)).toEqual(['/via-proxy', '/again']);
    } finally {
      for (const socket of tunnels) socket.destroy();
      proxy.closeAllConnections();
      await new Promise<void>((r) => proxy.close(() => r()));
    }
  });
});
