/**
 * The HTTP transport every client uses: `fetch` with a timeout and `AbortSignal`, retries with
 * exponential backoff (network errors, 429, 503, honouring `Retry-After`), an HTTP(S) proxy in
 * Node, typed errors, secret redaction and an optional logger hook.
 *
 * @module
 */
import { ArgumentError } from '@pandaas/core';
import { CatalogError, NotFoundError, QueryError, SessionExpiredError } from '../errors.js';
import type { ServerErrorInfo } from '../errors.js';
import { proxyFetch, proxySecrets, resolveProxy } from './proxy.js';
import type { FetchLike } from './proxy.js';
import { SecretSet } from './redact.js';
import { backoffDelay, parseRetryAfter, resolveRetry, sleep } from './retry.js';
import type { ResolvedRetry, RetryOptions } from './retry.js';

/**
 * HTTP methods the transport sends.
 *
 * @example
 * ```ts
 * const method: HttpMethod = 'PUT';
 * ```
 */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One event for the logger hook. URLs and messages are already redacted.
 *
 * @example
 * ```ts
 * const logger = (e: HttpLogEvent) => console.log(e.type, e.method, e.url, e.status ?? '');
 * ```
 */
export interface HttpLogEvent {
  /** `request` before each attempt, `response` on a status, `retry` before a wait, `error` on failure. */
  readonly type: 'request' | 'response' | 'retry' | 'error';
  readonly method: HttpMethod;
  /** The URL, redacted. */
  readonly url: string;
  /** 1-based attempt number. */
  readonly attempt: number;
  readonly status?: number;
  /** The wait before the next attempt (`retry` events). */
  readonly delayMs?: number;
  /** What went wrong (redacted). */
  readonly message?: string;
}

/**
 * An HTTP error response handed to a client's error mapper; `message` and `url` are redacted.
 *
 * @example
 * ```ts
 * const mapper = (info: HttpErrorInfo) => new CatalogError('E_IO', info.message, { server: info.server });
 * ```
 */
export interface HttpErrorInfo {
  readonly method: HttpMethod;
  /** The request URL, redacted. */
  readonly url: string;
  readonly status: number;
  /** The response body parsed as JSON, or undefined. */
  readonly json: unknown;
  /** The status and the server's code and message (redacted), read from the JSON body. */
  readonly server: ServerErrorInfo;
  /** A ready message: `METHOD url: status code: message` (redacted). */
  readonly message: string;
  /** Whether the status is one the retry policy retries (the attempts ran out). */
  readonly retryable: boolean;
}

/**
 * Turns an error response into a typed error.
 *
 * @example
 * ```ts
 * const mapper: ErrorMapper = (info) => new CatalogError('E_IO', info.message, { server: info.server });
 * ```
 */
export type ErrorMapper = (info: HttpErrorInfo) => CatalogError;

/**
 * Options of an {@link HttpTransport}.
 *
 * @example
 * ```ts
 * const options: TransportOptions = { baseUrl: 'https://icat.example.org', timeoutMs: 10_000, retry: { maxAttempts: 5 } };
 * ```
 */
export interface TransportOptions {
  /** Base URL; request paths are appended to it. */
  baseUrl: string;
  /** Per-attempt timeout in ms until the response headers (and, for text/JSON, the body) arrive. Default 30 000. */
  timeoutMs?: number;
  /** Retry policy. */
  retry?: RetryOptions;
  /** Proxy URL, or `false` for none; default: `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` in Node. */
  proxy?: string | false;
  /** The `fetch` to use (default: the global one, or undici's through a proxy). */
  fetch?: FetchLike;
  /** Called for every request, response, retry and failure, with redacted URLs. */
  logger?: (event: HttpLogEvent) => void;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** Maps error responses to typed errors (default {@link defaultErrorMapper}). */
  errorMapper?: ErrorMapper;
}

/**
 * A value of a query parameter; `undefined` and `null` are left out.
 *
 * @example
 * ```ts
 * const query: Record<string, QueryValue> = { sessionId, id: 5, include: undefined };
 * ```
 */
export type QueryValue = string | number | boolean | undefined | null;

/**
 * One request. Give at most one of `form`, `json` and `body`.
 *
 * @example
 * ```ts
 * const req: HttpRequest = { method: 'POST', path: 'icat/session', form: { json: '{"plugin":"anon","credentials":[]}' } };
 * ```
 */
export interface HttpRequest {
  /** Default GET. */
  method?: HttpMethod;
  /** Path relative to the base URL, or an absolute http(s) URL. */
  path: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  /** Sent as `application/x-www-form-urlencoded`. */
  form?: Record<string, string>;
  /** Sent as `application/json`. */
  json?: unknown;
  /** Sent as is (a stream is never retried). */
  body?: string | Uint8Array | ReadableStream<Uint8Array>;
  signal?: AbortSignal;
  /** Overrides the transport's timeout. */
  timeoutMs?: number;
  /** `false` disables retries; an object overrides the transport's policy. */
  retry?: boolean | RetryOptions;
  /** Whether network errors may be retried for POST/PATCH (default: only other methods). */
  idempotent?: boolean;
  /** Non-2xx statuses returned instead of thrown. */
  acceptStatuses?: readonly number[];
  /**
   * `follow` (default) follows redirects; `manual` returns a 3xx response as is, so that its
   * `Location` header can be read (in Node; a browser gives an opaque `opaqueredirect` response).
   */
  redirect?: 'follow' | 'manual';
}

/** Reads `{code,message}` (ICAT/IDS) or `{statusCode,message,error}` (SciCat) from a JSON body. */
function readServerError(status: number, json: unknown, text: string): ServerErrorInfo {
  if (json !== null && typeof json === 'object') {
    const body = json as Record<string, unknown>;
    const code = typeof body.code === 'string' ? body.code : typeof body.error === 'string' ? body.error : undefined;
    const raw = Array.isArray(body.message) ? body.message.join('; ') : body.message;
    const message = typeof raw === 'string' ? raw : undefined;
    return { status, code, message };
  }
  const trimmed = text.trim().slice(0, 300);
  return { status, message: trimmed === '' ? undefined : trimmed };
}

/**
 * The default mapping of error responses: 404 → {@link NotFoundError}, 401 →
 * {@link SessionExpiredError}, 400 → {@link QueryError}, anything else → {@link CatalogError}.
 *
 * @example
 * ```ts
 * new HttpTransport({ baseUrl, errorMapper: (info) => info.status === 418 ? new MyError(info.message) : defaultErrorMapper(info) });
 * ```
 */
export function defaultErrorMapper(info: HttpErrorInfo): CatalogError {
  const options = { server: info.server, retryable: info.retryable };
  if (info.status === 404) return new NotFoundError(info.message, options);
  if (info.status === 401) return new SessionExpiredError(info.message, options);
  if (info.status === 400) return new QueryError(info.message, options);
  return new CatalogError('E_IO', info.message, options);
}

/** Why one attempt failed without a response. */
class AttemptFailure {
  constructor(
    readonly kind: 'timeout' | 'network',
    readonly cause: unknown,
  ) {}
}

/**
 * Sends HTTP requests for one service. Clients register their secrets in `secrets` so that
 * every error message and log event is redacted.
 *
 * @example
 * ```ts
 * const http = new HttpTransport({ baseUrl: 'https://icat.example.org' });
 * const props = await http.json<{ maxEntities: number }>({ path: 'icat/properties' });
 * ```
 */
export class HttpTransport {
  /** The base URL, without a trailing slash. */
  readonly baseUrl: string;
  /** The secrets to redact from messages and logs. */
  readonly secrets = new SecretSet();
  readonly #options: TransportOptions;
  readonly #retry: ResolvedRetry;
  readonly #timeoutMs: number;

  constructor(options: TransportOptions) {
    let base: URL;
    try {
      base = new URL(options.baseUrl);
    } catch (cause) {
      throw new ArgumentError(`baseUrl must be an absolute URL, got ${JSON.stringify(options.baseUrl)}`, { cause });
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new ArgumentError(`baseUrl must be http(s), got ${JSON.stringify(options.baseUrl)}`);
    }
    const timeoutMs = options.timeoutMs ?? 30_000;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new ArgumentError(`timeoutMs must be a positive number, got ${timeoutMs}`);
    }
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#options = options;
    this.#retry = resolveRetry(options.retry);
    this.#timeoutMs = timeoutMs;
    this.#addProxySecrets(resolveProxy(this.baseUrl, options.proxy));
  }

  /**
   * The full URL of `path` with `query` appended.
   *
   * @example
   * ```ts
   * http.url('icat/entityManager', { query: 'SELECT o FROM Dataset o' });
   * ```
   */
  url(path: string, query?: Record<string, QueryValue>): string {
    const base = /^https?:\/\//i.test(path) ? path : `${this.baseUrl}/${path.replace(/^\/+/, '')}`;
    const url = new URL(base);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.append(key, String(value));
    }
    return url.toString();
  }

  /** `text` with every registered secret and secret-named field redacted. */
  redact(text: string): string {
    return this.secrets.redact(text);
  }

  /**
   * Sends `req` and returns the response (2xx or one of `acceptStatuses`) with its body unread;
   * throws the mapped typed error otherwise. The timeout covers the wait for the headers.
   *
   * @example
   * ```ts
   * const res = await http.request({ path: 'ids/getData', query: { preparedId }, headers: { Range: 'bytes=100-' } });
   * ```
   */
  request(req: HttpRequest): Promise<Response> {
    return this.#send(req, false).then((r) => r.response);
  }

  /**
   * Sends `req` and returns the body as text; the timeout covers the whole body.
   *
   * @example
   * ```ts
   * const preparedId = await http.text({ method: 'POST', path: 'ids/prepareData', form });
   * ```
   */
  async text(req: HttpRequest): Promise<string> {
    return (await this.#send(req, true)).text;
  }

  /**
   * Sends `req` and returns the body parsed as JSON (undefined for an empty body).
   *
   * @example
   * ```ts
   * const [count] = await http.json<number[]>({ path: 'icat/entityManager', query });
   * ```
   */
  async json<T>(req: HttpRequest): Promise<T> {
    const text = (await this.#send(req, true)).text;
    if (text.trim() === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      const method = req.method ?? 'GET';
      throw new CatalogError('E_FORMAT', this.redact(`${method} ${this.url(req.path, req.query)}: response is not JSON`), { cause });
    }
  }

  #log(event: HttpLogEvent): void {
    this.#options.logger?.({ ...event, message: event.message === undefined ? undefined : this.redact(event.message) });
  }

  /** Registers the credentials of `proxy` (option or environment) as secrets. */
  #addProxySecrets(proxy: string | undefined): void {
    if (proxy !== undefined) for (const secret of proxySecrets(proxy)) this.secrets.add(secret);
  }

  async #fetchFor(url: string): Promise<FetchLike> {
    if (this.#options.fetch) return this.#options.fetch;
    const proxy = resolveProxy(url, this.#options.proxy);
    this.#addProxySecrets(proxy);
    if (proxy !== undefined) return proxyFetch(proxy);
    return (input, init) => globalThis.fetch(input, init);
  }

  async #send(req: HttpRequest, readBody: boolean): Promise<{ response: Response; text: string }> {
    const method = req.method ?? 'GET';
    const url = this.url(req.path, req.query);
    const shownUrl = this.redact(url);
    const retry = req.retry === false ? { ...this.#retry, maxAttempts: 1 } : req.retry === true || req.retry === undefined ? this.#retry : resolveRetry({ ...this.#retry, ...req.retry });
    const streamBody = req.body instanceof ReadableStream;
    const maxAttempts = streamBody ? 1 : retry.maxAttempts;
    const networkRetry = req.idempotent ?? (method !== 'POST' && method !== 'PATCH');
    const fetchFn = await this.#fetchFor(url);
    const timeoutMs = req.timeoutMs ?? this.#timeoutMs;
    for (let attempt = 1; ; attempt++) {
      req.signal?.throwIfAborted();
      this.#log({ type: 'request', method, url: shownUrl, attempt });
      const outcome = await this.#attempt(fetchFn, url, method, req, timeoutMs, readBody);
      let delay: number;
      let failure: string;
      if (outcome instanceof AttemptFailure) {
        if (req.signal?.aborted) throw req.signal.reason;
        failure = outcome.kind === 'timeout' ? `timed out after ${timeoutMs} ms` : `network error: ${causeText(outcome.cause)}`;
        if (attempt >= maxAttempts || !networkRetry) {
          const message = this.redact(`${method} ${shownUrl}: ${failure}${attempt > 1 ? ` (after ${attempt} attempts)` : ''}`);
          this.#log({ type: 'error', method, url: shownUrl, attempt, message });
          throw new CatalogError('E_IO', message, { retryable: true, cause: outcome.cause });
        }
        delay = backoffDelay(attempt, retry);
      } else {
        const { response, text } = outcome;
        this.#log({ type: 'response', method, url: shownUrl, attempt, status: response.status });
        if (response.ok || req.acceptStatuses?.includes(response.status) || isManualRedirect(req, response)) return outcome;
        const retryable = retry.statuses.includes(response.status);
        if (!retryable || attempt >= maxAttempts) {
          const body = readBody ? text : await response.text().catch(() => '');
          const error = this.#mapError(method, shownUrl, response.status, body, retryable);
          this.#log({ type: 'error', method, url: shownUrl, attempt, status: response.status, message: error.message });
          throw error;
        }
        if (!readBody) await response.body?.cancel().catch(() => undefined);
        const after = parseRetryAfter(response.headers.get('retry-after'));
        delay = Math.min(retry.maxDelayMs, after ?? backoffDelay(attempt, retry));
        failure = `status ${response.status}`;
      }
      this.#log({ type: 'retry', method, url: shownUrl, attempt, delayMs: delay, message: failure });
      await sleep(delay, req.signal);
    }
  }

  #mapError(method: HttpMethod, url: string, status: number, body: string, retryable: boolean): CatalogError {
    let json: unknown;
    try {
      json = body.trim() === '' ? undefined : JSON.parse(body);
    } catch {
      json = undefined;
    }
    const raw = readServerError(status, json, body);
    const server: ServerErrorInfo = {
      status,
      code: raw.code,
      message: raw.message === undefined ? undefined : this.redact(raw.message),
    };
    const detail = [server.code, server.message].filter((part) => part !== undefined).join(': ');
    const message = this.redact(`${method} ${url}: HTTP ${status}${detail === '' ? '' : ` ${detail}`}`);
    const mapper = this.#options.errorMapper ?? defaultErrorMapper;
    return mapper({ method, url, status, json, server, message, retryable });
  }

  async #attempt(
    fetchFn: FetchLike,
    url: string,
    method: HttpMethod,
    req: HttpRequest,
    timeoutMs: number,
    readBody: boolean,
  ): Promise<{ response: Response; text: string } | AttemptFailure> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new CatalogError('E_IO', `timed out after ${timeoutMs} ms`, { retryable: true }));
    }, timeoutMs);
    const onAbort = (): void => controller.abort(req.signal?.reason);
    req.signal?.addEventListener('abort', onAbort, { once: true });
    const release = (): void => req.signal?.removeEventListener('abort', onAbort);
    // a body handed to the caller keeps the listener (an abort must still stop it) until it ends,
    // fails or is cancelled; everything else lets go of the caller's signal when the attempt settles
    let handedOver = false;
    try {
      const init = this.#init(method, req, controller.signal);
      const response = await fetchFn(url, init);
      if (!readBody) {
        clearTimeout(timer);
        if (response.body === null || req.signal === undefined) return { response, text: '' };
        handedOver = true;
        return { response: releasingOnBodyEnd(response, release), text: '' };
      }
      const text = await response.text();
      return { response, text };
    } catch (cause) {
      if (req.signal?.aborted) throw req.signal.reason;
      return new AttemptFailure(timedOut ? 'timeout' : 'network', cause);
    } finally {
      clearTimeout(timer);
      if (!handedOver) release();
    }
  }

  #init(method: HttpMethod, req: HttpRequest, signal: AbortSignal): RequestInit {
    const headers: Record<string, string> = { ...this.#options.headers, ...req.headers };
    let body: RequestInit['body'];
    if (req.form !== undefined) {
      body = new URLSearchParams(req.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] = 'application/json';
    } else if (req.body !== undefined) {
      body = req.body as RequestInit['body'];
    }
    const init: RequestInit & { duplex?: 'half' } = { method, headers, body, signal, redirect: req.redirect ?? 'follow' };
    if (req.body instanceof ReadableStream) init.duplex = 'half';
    return init;
  }
}

/**
 * `response` with a body that calls `release` once when it ends, fails or is cancelled (status,
 * headers, `url` and `redirected` kept).
 */
function releasingOnBodyEnd(response: Response, release: () => void): Response {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  let released = false;
  const once = (): void => {
    if (!released) release();
    released = true;
  };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (err) {
        once();
        controller.error(err);
        return;
      }
      if (chunk.done) {
        once();
        controller.close();
      } else {
        controller.enqueue(chunk.value);
      }
    },
    cancel(reason) {
      once();
      return reader.cancel(reason);
    },
  });
  const wrapped = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  Object.defineProperties(wrapped, { url: { value: response.url }, redirected: { value: response.redirected } });
  return wrapped;
}

/** Whether `response` is a redirect the request asked to receive instead of following. */
function isManualRedirect(req: HttpRequest, response: Response): boolean {
  if (req.redirect !== 'manual') return false;
  return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);
}

/** A short description of a network failure (the cause chain's messages and codes). */
function causeText(cause: unknown): string {
  const parts: string[] = [];
  let current: unknown = cause;
  for (let depth = 0; depth < 3 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    parts.push(typeof code === 'string' ? `${current.message} (${code})` : current.message);
    current = current.cause;
  }
  return parts.length === 0 ? String(cause) : parts.join(': ');
}
