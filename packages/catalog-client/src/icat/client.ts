/**
 * `IcatClient`: ICAT's REST API. Login with any authenticator, session refresh before expiry,
 * transparent re-login on `403 SESSION` (once, when allowed), logout; search with JPQL, the
 * concise syntax or the typed builder; paging as an async iterator; create, update, delete.
 *
 * @module
 */
import { ArgumentError } from '@pandaas/core';
import { AuthenticationError, CatalogError, SessionExpiredError } from '../errors.js';
import { HttpTransport } from '../http/transport.js';
import type { TransportOptions } from '../http/transport.js';
import { icatErrorMapper } from './errors.js';
import { pageQuery } from './jpql.js';
import type { IcatEntityName, IcatQuery } from './query.js';

/**
 * An authenticator plugin as `/icat/properties` lists it; `keys` are the credential names
 * (`hide` = a password field).
 *
 * @example
 * ```ts
 * const db: IcatAuthenticator = { mnemonic: 'db', keys: [{ name: 'username' }, { name: 'password', hide: true }] };
 * ```
 */
export interface IcatAuthenticator {
  readonly mnemonic: string;
  readonly keys: readonly { readonly name: string; readonly hide?: boolean }[];
  readonly friendly?: string;
  readonly admin?: boolean;
}

/**
 * What `GET /icat/properties` returns.
 *
 * @example
 * ```ts
 * const { maxEntities, authenticators } = await icat.properties();
 * ```
 */
export interface IcatProperties {
  readonly maxEntities: number;
  readonly lifetimeMinutes: number;
  readonly authenticators: readonly IcatAuthenticator[];
  readonly [key: string]: unknown;
}

/**
 * Options of {@link IcatClient}: the server root URL plus the transport's options.
 *
 * @example
 * ```ts
 * const options: IcatClientOptions = { url: 'https://icat.example.org', refreshMarginMinutes: 5 };
 * ```
 */
export interface IcatClientOptions extends Omit<TransportOptions, 'baseUrl' | 'errorMapper'> {
  /** The server root (the REST API is under `/icat`). */
  url: string;
  /** Refresh the session when less than this remains (default 10 minutes). */
  refreshMarginMinutes?: number;
}

/**
 * Options of {@link IcatClient.login}.
 *
 * @example
 * ```ts
 * await icat.login('db', { username: 'u', password: 'p' }, { relogin: true });
 * ```
 */
export interface IcatLoginOptions {
  /** Keep the credentials in memory and log in again once when a call meets `403 SESSION`. */
  relogin?: boolean;
  signal?: AbortSignal;
}

/**
 * Options of calls that take only a signal.
 *
 * @example
 * ```ts
 * await icat.search(q, { signal: AbortSignal.timeout(5000) });
 * ```
 */
export interface IcatCallOptions {
  signal?: AbortSignal;
}

/**
 * Options of {@link IcatClient.iterate}.
 *
 * @example
 * ```ts
 * for await (const ds of icat.iterate(q, { pageSize: 500 })) console.log(ds.name);
 * ```
 */
export interface IcatPageOptions extends IcatCallOptions {
  /** Entities per request; capped at the server's `maxEntities` (the default). */
  pageSize?: number;
}

/**
 * One ICAT entity as returned by a search: its attributes and INCLUDEd relations.
 *
 * @example
 * ```ts
 * const ds: IcatEntity = { id: 5, name: 'scan-01' };
 * ```
 */
export interface IcatEntity {
  readonly id: number;
  readonly [field: string]: unknown;
}

/** `[{"Dataset":{...}}]` items become `{...}`; projections stay as they are. */
function unwrap(item: unknown): unknown {
  if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
    const entries = Object.entries(item);
    if (entries.length === 1 && /^[A-Z]/.test(entries[0]?.[0] ?? '')) return entries[0]?.[1];
  }
  return item;
}

function queryText(query: string | IcatQuery): string {
  const text = String(query).trim();
  if (typeof query !== 'string' && typeof query !== 'object') throw new ArgumentError(`query must be a string or an IcatQuery, got ${typeof query}`);
  if (text === '') throw new ArgumentError('query must not be empty, got ""');
  return text;
}

/**
 * A client of one ICAT server.
 *
 * @example
 * ```ts
 * const icat = new IcatClient({ url: 'https://icat.example.org' });
 * const { authenticators } = await icat.properties();
 * await icat.login('db', { username: 'reader', password: process.env.ICAT_PASSWORD! }, { relogin: true });
 * for await (const ds of icat.iterate(icatQuery('Dataset').where('o.name', 'LIKE', 'scan%'))) console.log(ds.id);
 * await icat.logout();
 * ```
 */
export class IcatClient {
  /** The transport (shared with an `IdsClient` built from this client). */
  readonly http: HttpTransport;
  readonly #marginMs: number;
  #properties: Promise<IcatProperties> | undefined;
  #sessionId: string | undefined;
  #expiresAt = 0;
  #credentials: { plugin: string; credentials: Record<string, string> } | undefined;
  #relogging: Promise<void> | undefined;

  constructor(options: IcatClientOptions) {
    const { url, refreshMarginMinutes, ...transport } = options;
    const margin = refreshMarginMinutes ?? 10;
    if (!Number.isFinite(margin) || margin < 0) throw new ArgumentError(`refreshMarginMinutes must be a number >= 0, got ${margin}`);
    this.#marginMs = margin * 60_000;
    this.http = new HttpTransport({ ...transport, baseUrl: url, errorMapper: icatErrorMapper });
  }

  /**
   * A client that uses a session id obtained elsewhere (e.g. stored by an earlier login): the
   * session is refreshed on first use, which also checks it (an expired one gives a
   * {@link SessionExpiredError}); without credentials it is never renewed by a new login.
   *
   * @example
   * ```ts
   * const icat = IcatClient.fromSession({ url: 'https://icat.example.org' }, stored.sessionId);
   * for await (const d of icat.iterate('SELECT d FROM Dataset d')) console.log(d.name);
   * ```
   */
  static fromSession(options: IcatClientOptions, sessionId: string): IcatClient {
    if (typeof sessionId !== 'string' || sessionId.trim() === '') throw new ArgumentError('sessionId must be a non-empty session id string');
    const client = new IcatClient(options);
    client.http.secrets.add(sessionId);
    client.#sessionId = sessionId;
    client.#expiresAt = 0;
    return client;
  }

  /** Whether a session is held (it may still have expired on the server). */
  get loggedIn(): boolean {
    return this.#sessionId !== undefined;
  }

  /**
   * The server's properties (cached): `maxEntities`, `lifetimeMinutes`, `authenticators`.
   *
   * @example
   * ```ts
   * const plugins = (await icat.properties()).authenticators.map((a) => a.mnemonic);
   * ```
   */
  properties(options: IcatCallOptions = {}): Promise<IcatProperties> {
    this.#properties ??= this.http.json<IcatProperties>({ path: 'icat/properties', signal: options.signal }).then((props) => {
      if (!props || typeof props.maxEntities !== 'number' || !Array.isArray(props.authenticators)) {
        throw new CatalogError('E_FORMAT', 'ICAT /icat/properties did not return maxEntities and authenticators');
      }
      return { ...props, lifetimeMinutes: typeof props.lifetimeMinutes === 'number' ? props.lifetimeMinutes : 120 };
    });
    this.#properties.catch(() => (this.#properties = undefined));
    return this.#properties;
  }

  /**
   * Logs in with an authenticator plugin and its credentials (e.g. `db` with username and
   * password; `anon` with none). Wrong credentials and unknown plugins give an
   * {@link AuthenticationError} whose message never contains the credentials.
   *
   * @example
   * ```ts
   * await icat.login('ldap', { username: 'alice', password: 'secret' });
   * ```
   */
  async login(plugin: string, credentials: Record<string, string> = {}, options: IcatLoginOptions = {}): Promise<void> {
    if (typeof plugin !== 'string' || !/^\S+$/.test(plugin)) throw new ArgumentError(`plugin must be a non-empty authenticator mnemonic, got ${JSON.stringify(plugin)}`);
    if (credentials === null || typeof credentials !== 'object') throw new ArgumentError(`credentials must be an object of strings, got ${typeof credentials}`);
    for (const [key, value] of Object.entries(credentials)) {
      if (typeof value !== 'string') throw new ArgumentError(`credentials.${key} must be a string, got ${typeof value}`);
      if (key !== 'username') this.http.secrets.add(value);
    }
    await this.#login(plugin, credentials, options.signal);
    this.#credentials = options.relogin ? { plugin, credentials: { ...credentials } } : undefined;
  }

  async #login(plugin: string, credentials: Record<string, string>, signal?: AbortSignal): Promise<void> {
    const json = JSON.stringify({ plugin, credentials: Object.entries(credentials).map(([key, value]) => ({ [key]: value })) });
    let body: { sessionId?: unknown };
    try {
      // not resent after a network error: a lost first answer would leave a live session nobody
      // logs out, and one-time credentials or lockout counters must not see the request twice
      body = await this.http.json<{ sessionId?: unknown }>({ method: 'POST', path: 'icat/session', form: { json }, signal });
    } catch (err) {
      if (err instanceof CatalogError && err.server !== undefined && (err.server.status === 403 || err.server.status === 400)) {
        throw new AuthenticationError(this.http.redact(`ICAT login with authenticator ${JSON.stringify(plugin)} refused: ${err.server.message ?? err.server.code ?? err.server.status}`), { server: err.server });
      }
      throw err;
    }
    if (typeof body?.sessionId !== 'string') throw new CatalogError('E_FORMAT', 'ICAT login answered without a sessionId');
    this.http.secrets.add(body.sessionId);
    this.#sessionId = body.sessionId;
    const lifetime = await this.properties({ signal }).then((p) => p.lifetimeMinutes, () => 120);
    this.#expiresAt = Date.now() + lifetime * 60_000;
  }

  /**
   * The user and remaining minutes of the current session.
   *
   * @example
   * ```ts
   * const { userName, remainingMinutes } = await icat.session();
   * ```
   */
  session(options: IcatCallOptions = {}): Promise<{ userName: string; remainingMinutes: number }> {
    return this.withSession((sid) => this.http.json({ path: `icat/session/${encodeURIComponent(sid)}`, signal: options.signal }), options);
  }

  /**
   * Resets the session's lifetime (`PUT /icat/session/{id}`). Calls do this by themselves when
   * less than `refreshMarginMinutes` remain.
   *
   * @example
   * ```ts
   * await icat.refresh();
   * ```
   */
  async refresh(options: IcatCallOptions = {}): Promise<void> {
    const sid = this.#requireSession();
    await this.#refresh(sid, options.signal);
  }

  async #refresh(sid: string, signal?: AbortSignal): Promise<void> {
    await this.http.request({ method: 'PUT', path: `icat/session/${encodeURIComponent(sid)}`, signal });
    const lifetime = await this.properties({ signal }).then((p) => p.lifetimeMinutes, () => 120);
    this.#expiresAt = Date.now() + lifetime * 60_000;
  }

  /**
   * Ends the session on the server and forgets it and any remembered credentials. An already
   * expired session is not an error.
   *
   * @example
   * ```ts
   * await icat.logout();
   * ```
   */
  async logout(options: IcatCallOptions = {}): Promise<void> {
    const sid = this.#sessionId;
    this.#sessionId = undefined;
    this.#credentials = undefined;
    if (sid === undefined) return;
    try {
      await this.http.request({ method: 'DELETE', path: `icat/session/${encodeURIComponent(sid)}`, signal: options.signal });
    } catch (err) {
      if (!(err instanceof SessionExpiredError)) throw err;
    }
  }

  #requireSession(): string {
    if (this.#sessionId === undefined) throw new SessionExpiredError('not logged in to ICAT: call login() first');
    return this.#sessionId;
  }

  async #relogin(failedSid: string, signal?: AbortSignal): Promise<void> {
    if (this.#sessionId !== failedSid) return;
    const remembered = this.#credentials;
    if (remembered === undefined) throw new SessionExpiredError('ICAT session expired and re-login is not enabled');
    this.#relogging ??= this.#login(remembered.plugin, remembered.credentials, signal).finally(() => (this.#relogging = undefined));
    await this.#relogging;
  }

  /**
   * Runs `call` with a valid session id: refreshed when close to expiry, and, when `login` was
   * given `relogin: true`, retried once after a new login if the server answers `403 SESSION`.
   * `IdsClient` uses this for its session calls.
   *
   * @example
   * ```ts
   * const text = await icat.withSession((sid) => fetchSomething(sid));
   * ```
   */
  async withSession<T>(call: (sessionId: string) => Promise<T>, options: IcatCallOptions = {}): Promise<T> {
    let sid = this.#requireSession();
    try {
      if (this.#expiresAt - Date.now() < this.#marginMs) await this.#refresh(sid, options.signal);
      return await call(sid);
    } catch (err) {
      if (!(err instanceof SessionExpiredError) || this.#credentials === undefined) throw err;
      await this.#relogin(sid, options.signal);
      sid = this.#requireSession();
      return call(sid);
    }
  }

  /**
   * Runs a query (JPQL, concise syntax, or an {@link IcatQuery}) and returns the entities
   * (unwrapped from `{"Dataset": {...}}`) or the projected values. A malformed query gives a
   * {@link QueryError} with ICAT's code and message; more than `maxEntities` results too.
   *
   * @example
   * ```ts
   * const datasets = await icat.search<IcatEntity>("SELECT d FROM Dataset d WHERE d.name LIKE 'scan%' LIMIT 0, 50");
   * const [count] = await icat.search<number>('SELECT COUNT(d) FROM Dataset d');
   * ```
   */
  async search<T = IcatEntity>(query: string | IcatQuery, options: IcatCallOptions = {}): Promise<T[]> {
    const text = queryText(query);
    const raw = await this.withSession(
      (sessionId) => this.http.json<unknown[]>({ path: 'icat/entityManager', query: { sessionId, query: text }, signal: options.signal }),
      options,
    );
    if (!Array.isArray(raw)) throw new CatalogError('E_FORMAT', 'ICAT search did not return an array');
    return raw.map(unwrap) as T[];
  }

  /**
   * One entity by id, with optional INCLUDE paths; {@link NotFoundError} when it does not exist.
   *
   * @example
   * ```ts
   * const ds = await icat.get('Dataset', 42, '1');
   * ```
   */
  async get<T = IcatEntity>(entity: IcatEntityName, id: number, include?: string, options: IcatCallOptions = {}): Promise<T> {
    if (!Number.isInteger(id) || id < 0) throw new ArgumentError(`id must be an integer >= 0, got ${id}`);
    const query = include === undefined ? entity : `${entity} INCLUDE ${include}`;
    const raw = await this.withSession(
      (sessionId) => this.http.json<unknown>({ path: 'icat/entityManager', query: { sessionId, query, id }, signal: options.signal }),
      options,
    );
    return unwrap(raw) as T;
  }

  /**
   * Pages through every result of `query` in id order (`ORDER BY <alias>.id` and `LIMIT
   * offset, n` are added; n ≤ `maxEntities`). Survives a session expiry mid-way (with
   * `relogin`) with no entity repeated or lost; stops with a {@link CatalogError} if the server
   * repeats a whole page.
   *
   * @example
   * ```ts
   * for await (const df of icat.iterate(icatQuery('Datafile').where('o.dataset.id', '=', 42))) total += df.fileSize as number;
   * ```
   */
  async *iterate<T = IcatEntity>(query: string | IcatQuery, options: IcatPageOptions = {}): AsyncGenerator<T> {
    const text = queryText(query);
    const { maxEntities } = await this.properties(options);
    const requested = options.pageSize ?? maxEntities;
    if (!Number.isInteger(requested) || requested < 1) throw new ArgumentError(`pageSize must be an integer >= 1, got ${requested}`);
    const pageSize = Math.min(requested, maxEntities);
    const seen = new Set<number>();
    for (let offset = 0; ; offset += pageSize) {
      const page = await this.search<unknown>(pageQuery(text, offset, pageSize), options);
      let fresh = 0;
      for (const item of page) {
        const id = item !== null && typeof item === 'object' ? (item as { id?: unknown }).id : undefined;
        if (typeof id === 'number') {
          if (seen.has(id)) continue;
          seen.add(id);
        }
        fresh++;
        yield item as T;
      }
      if (page.length < pageSize) return;
      if (fresh === 0) {
        throw new CatalogError('E_FORMAT', `ICAT returned a page at offset ${offset} whose entities were all returned before; stopping instead of looping`);
      }
    }
  }

  /**
   * Creates entities (`{ entity, fields }`, relations as `{ id }`) and returns their ids.
   *
   * @example
   * ```ts
   * const [id] = await icat.createMany([{ entity: 'Dataset', fields: { name: 'new', investigation: { id: 5 } } }]);
   * ```
   */
  async createMany(entities: readonly { entity: IcatEntityName; fields: Record<string, unknown> }[], options: IcatCallOptions = {}): Promise<number[]> {
    if (!Array.isArray(entities) || entities.length === 0) throw new ArgumentError('entities must be a non-empty array');
    for (const [i, { fields }] of entities.entries()) {
      if (fields === null || typeof fields !== 'object') throw new ArgumentError(`entities[${i}].fields must be an object, got ${typeof fields}`);
      if ('id' in fields) throw new ArgumentError(`entities[${i}].fields must not have an id when creating, got ${String(fields.id)}`);
    }
    return this.#write(entities, options);
  }

  /**
   * Creates one entity and returns its id.
   *
   * @example
   * ```ts
   * const id = await icat.create('Sample', { name: 'powder', investigation: { id: 5 } });
   * ```
   */
  async create(entity: IcatEntityName, fields: Record<string, unknown>, options: IcatCallOptions = {}): Promise<number> {
    const [id] = await this.createMany([{ entity, fields }], options);
    if (typeof id !== 'number') throw new CatalogError('E_FORMAT', 'ICAT create returned no id');
    return id;
  }

  /**
   * Updates the given fields of an existing entity (`fields.id` required).
   *
   * @example
   * ```ts
   * await icat.update('Dataset', { id: 42, description: 'reprocessed' });
   * ```
   */
  async update(entity: IcatEntityName, fields: Record<string, unknown> & { id: number }, options: IcatCallOptions = {}): Promise<void> {
    if (!Number.isInteger(fields?.id)) throw new ArgumentError(`fields.id must be an integer, got ${String(fields?.id)}`);
    await this.#write([{ entity, fields }], options);
  }

  #write(entities: readonly { entity: IcatEntityName; fields: Record<string, unknown> }[], options: IcatCallOptions): Promise<number[]> {
    const payload = JSON.stringify(entities.map(({ entity, fields }) => ({ [entity]: fields })));
    return this.withSession(
      (sessionId) => this.http.json<number[]>({ method: 'POST', path: 'icat/entityManager', form: { sessionId, entities: payload }, signal: options.signal }),
      options,
    );
  }

  /**
   * Deletes entities by id (ICAT cascades to their to-many children).
   *
   * @example
   * ```ts
   * await icat.delete('Dataset', [42, 43]);
   * ```
   */
  async delete(entity: IcatEntityName, ids: number | readonly number[], options: IcatCallOptions = {}): Promise<void> {
    const list = typeof ids === 'number' ? [ids] : [...ids];
    if (list.length === 0 || list.some((id) => !Number.isInteger(id))) throw new ArgumentError(`ids must be integers, got ${JSON.stringify(ids)}`);
    const entities = JSON.stringify(list.map((id) => ({ [entity]: { id } })));
    await this.withSession(
      (sessionId) => this.http.request({ method: 'DELETE', path: 'icat/entityManager', query: { sessionId, entities }, signal: options.signal }),
      options,
    );
  }
}
