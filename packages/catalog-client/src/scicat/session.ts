/**
 * A SciCat login session: the JWT, sent only as `Authorization: Bearer`; its `exp` read from
 * the payload; renewal before expiry (`POST /api/v3/users/jwt`, or a new login with remembered
 * credentials when that fails); and one transparent retry after a 401 when credentials are
 * remembered. The token and password are registered with the transport for redaction.
 *
 * @example
 * ```ts
 * const session = new SciCatSession(http, { renewMarginSeconds: 300 });
 * await session.login('ingestor', 'secret');
 * const datasets = await session.send<unknown[]>({ path: 'api/v3/datasets' });
 * ```
 * @module
 */
import { ArgumentError, show } from '@pandaas/core';
import { AuthenticationError, SessionExpiredError } from '../errors.js';
import type { HttpRequest, HttpTransport } from '../http/transport.js';
import { jwtExpiry } from './jwt-expiry.js';

/**
 * What `POST /api/v3/auth/login` answers.
 *
 * @example
 * ```ts
 * const login: SciCatLogin = await client.login('ingestor', 'secret');
 * console.log(login.userId, login.expires_in);
 * ```
 */
export interface SciCatLogin {
  access_token: string;
  /** The token again (LoopBack's name). */
  id: string;
  /** Lifetime in seconds. */
  expires_in: number;
  ttl: number;
  /** ISO date of issue. */
  created: string;
  userId: string;
  user: { id: string; username: string; email: string; authStrategy?: string; [key: string]: unknown };
}

/**
 * Options of a {@link SciCatSession}.
 *
 * @example
 * ```ts
 * const options: SciCatSessionOptions = { token: process.env.SCICAT_TOKEN, renewMarginSeconds: 120 };
 * ```
 */
export interface SciCatSessionOptions {
  /** An existing JWT (a service account's long-lived token). */
  token?: string;
  /** Renew when less than this many seconds remain (default 300). */
  renewMarginSeconds?: number;
  /** Whether a 401 triggers one new login with remembered credentials and a retry (default true). */
  relogin?: boolean;
  /** The clock in ms (default `Date.now`). */
  now?: () => number;
}

/** Keeps a SciCat JWT fresh and sends authorized requests. */
export class SciCatSession {
  readonly #http: HttpTransport;
  readonly #margin: number;
  readonly #relogin: boolean;
  readonly #now: () => number;
  #token: string | undefined;
  #expiresAt: number | undefined;
  #credentials: { username: string; password: string } | undefined;
  #renewing: Promise<void> | undefined;

  constructor(http: HttpTransport, options: SciCatSessionOptions = {}) {
    const margin = options.renewMarginSeconds ?? 300;
    if (!Number.isFinite(margin) || margin < 0) throw new ArgumentError(`renewMarginSeconds must be a number >= 0, got ${show(margin)}`);
    if (options.token !== undefined && (typeof options.token !== 'string' || options.token === '')) {
      throw new ArgumentError('token must be a non-empty string');
    }
    this.#http = http;
    this.#margin = margin;
    this.#relogin = options.relogin ?? true;
    this.#now = options.now ?? Date.now;
    if (options.token !== undefined) this.#setToken(options.token);
  }

  /** Whether a token is held (it may have expired). */
  get loggedIn(): boolean {
    return this.#token !== undefined;
  }

  /** When the token expires (from its `exp`), if known. */
  get expiresAt(): Date | undefined {
    return this.#expiresAt === undefined ? undefined : new Date(this.#expiresAt * 1000);
  }

  #setToken(token: string): void {
    this.#http.secrets.add(token);
    this.#token = token;
    this.#expiresAt = jwtExpiry(token);
  }

  /**
   * Logs in with `POST /api/v3/auth/login`; the credentials are remembered for renewal and
   * re-login unless `remember` is false.
   *
   * @example
   * ```ts
   * await session.login('ingestor', 'secret', { remember: false });
   * ```
   */
  async login(username: string, password: string, options: { remember?: boolean; signal?: AbortSignal } = {}): Promise<SciCatLogin> {
    if (typeof username !== 'string' || username === '') throw new ArgumentError(`username must be a non-empty string, got ${show(username)}`);
    if (typeof password !== 'string' || password === '') throw new ArgumentError('password must be a non-empty string');
    this.#http.secrets.add(password);
    let answer: SciCatLogin;
    try {
      answer = await this.#http.json<SciCatLogin>({ method: 'POST', path: 'api/v3/auth/login', json: { username, password }, signal: options.signal });
    } catch (err) {
      if (err instanceof SessionExpiredError) {
        throw new AuthenticationError(`SciCat login refused for user ${show(username)}: wrong username or password`, { server: err.server, cause: err });
      }
      throw err;
    }
    if (typeof answer?.access_token !== 'string') throw new AuthenticationError('SciCat login answered without an access_token');
    this.#setToken(answer.access_token);
    this.#credentials = options.remember === false ? undefined : { username, password };
    return answer;
  }

  /**
   * Forgets the token and credentials, after `POST /api/v3/auth/logout` (whose failure is
   * ignored: the token is dropped either way).
   *
   * @example
   * ```ts
   * await session.logout();
   * ```
   */
  async logout(): Promise<void> {
    if (this.#token !== undefined) {
      await this.#http.request({ method: 'POST', path: 'api/v3/auth/logout', headers: this.#authHeader(), retry: false }).then(
        (res) => res.body?.cancel(),
        () => undefined,
      );
    }
    this.#token = undefined;
    this.#expiresAt = undefined;
    this.#credentials = undefined;
  }

  /**
   * Renews the token now: `POST /api/v3/users/jwt` while it is still valid, otherwise (or if
   * that fails) a new login with the remembered credentials.
   *
   * @example
   * ```ts
   * await session.renew();
   * ```
   */
  renew(signal?: AbortSignal): Promise<void> {
    this.#renewing ??= this.#renew(signal).finally(() => {
      this.#renewing = undefined;
    });
    return this.#renewing;
  }

  async #renew(signal?: AbortSignal): Promise<void> {
    const stillValid = this.#token !== undefined && (this.#expiresAt === undefined || this.#expiresAt * 1000 > this.#now());
    if (stillValid) {
      try {
        const answer = await this.#http.json<{ jwt?: unknown }>({ method: 'POST', path: 'api/v3/users/jwt', headers: this.#authHeader(), signal });
        if (typeof answer?.jwt === 'string' && answer.jwt !== '') {
          this.#setToken(answer.jwt);
          return;
        }
      } catch (err) {
        if (this.#credentials === undefined || signal?.aborted) throw err;
      }
    }
    if (this.#credentials === undefined) {
      throw new SessionExpiredError('SciCat token expired and no credentials are remembered to log in again');
    }
    await this.login(this.#credentials.username, this.#credentials.password, { signal });
  }

  #authHeader(): Record<string, string> {
    return this.#token === undefined ? {} : { Authorization: `Bearer ${this.#token}` };
  }

  #needsRenewal(): boolean {
    return this.#token !== undefined && this.#expiresAt !== undefined && this.#expiresAt * 1000 - this.#now() < this.#margin * 1000;
  }

  /**
   * Sends `req` as JSON with the Bearer token (none when logged out), renewing it first when
   * it is about to expire, and after a 401 logs in again and retries once (when credentials
   * are remembered and re-login is allowed).
   *
   * @example
   * ```ts
   * const { count } = await session.send<{ count: number }>({ path: 'api/v3/datasets/count' });
   * ```
   */
  async send<T>(req: HttpRequest): Promise<T> {
    if (this.#needsRenewal() && (this.#credentials !== undefined || this.#expiresAt! * 1000 > this.#now())) {
      await this.renew(req.signal);
    }
    const attempt = () => this.#http.json<T>({ ...req, headers: { ...req.headers, ...this.#authHeader() } });
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof SessionExpiredError) || this.#token === undefined || !this.#relogin || this.#credentials === undefined) throw err;
      await this.login(this.#credentials.username, this.#credentials.password, { signal: req.signal });
      return attempt();
    }
  }
}
