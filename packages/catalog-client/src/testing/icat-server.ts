/**
 * A contract server for ICAT's REST API (context `/icat`), on 127.0.0.1: form-encoded login
 * with the `db`, `ldap` and `anon` authenticators, sessions with a lifetime, refresh and logout,
 * `403 SESSION` on expiry, `/properties`, the JPQL subset and concise syntax over fixture
 * entities, `maxEntities`, create/update/delete, and `{code, message}` errors with ICAT's
 * statuses. Faults: expiry at the k-th search, storms, drops, delays. Test support only.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendJson, startHttpServer } from './http-server.js';
import type { RecordedRequest, RunningServer } from './http-server.js';
import { seedIcatFixtures } from './icat-fixtures.js';
import { IcatServerError, IcatStore } from './icat-store.js';
import { evaluateQuery } from './jpql-eval.js';
import { parseQuery } from './jpql-parse.js';

/**
 * The HTTP status of each ICAT error type, as listed in the reference notes.
 *
 * @example
 * ```ts
 * ICAT_ERROR_STATUS.SESSION; // 403
 * ```
 */
export const ICAT_ERROR_STATUS: Readonly<Record<string, number>> = {
  BAD_PARAMETER: 400,
  SESSION: 403,
  INSUFFICIENT_PRIVILEGES: 403,
  NO_SUCH_OBJECT_FOUND: 404,
  OBJECT_ALREADY_EXISTS: 412,
  VALIDATION: 412,
  INTERNAL: 500,
};

/**
 * Options of {@link startIcatServer}.
 *
 * @example
 * ```ts
 * await startIcatServer({ maxEntities: 10, users: { alice: 'pw' } });
 * ```
 */
export interface IcatServerOptions {
  /** Default 100. */
  maxEntities?: number;
  /** Session lifetime (default 120). */
  lifetimeMinutes?: number;
  /** `db`/`ldap` users: name → password (default `{ root: 'root-password' }`). */
  users?: Record<string, string>;
  /** Whether to load the fixture entities (default true). */
  fixtures?: boolean;
  /** Answer cross-origin requests from browser pages (default false). */
  cors?: boolean;
}

/**
 * ICAT-specific faults.
 *
 * @example
 * ```ts
 * server.icatFaults.expireAtSearch = server.searches + 2; // expire every session at the second search from now
 * ```
 */
export interface IcatFaults {
  /** When the search counter reaches this value, every session expires before the search runs. */
  expireAtSearch?: number;
  /** Every search expires every session first (a server whose sessions never last). */
  expireEverySearch?: boolean;
  /** LIMIT offsets are ignored, so every page repeats the first (the icat.server #128 bug). */
  ignoreOffset?: boolean;
}

/**
 * A running ICAT contract server.
 *
 * @example
 * ```ts
 * const server = await startIcatServer();
 * const client = new IcatClient({ url: server.url });
 * ```
 */
export interface IcatServer extends RunningServer {
  readonly store: IcatStore;
  readonly icatFaults: IcatFaults;
  /** Entity-manager GET requests so far. */
  readonly searches: number;
  /** Session refreshes (PUT) so far. */
  readonly refreshes: number;
  /** Logins so far (successful or not). */
  readonly logins: number;
  /** Ids of the live sessions. */
  liveSessions(): string[];
  /** Expires every session now. */
  expireSessions(): void;
}

interface Session {
  userName: string;
  expiresAt: number;
}

function fail(res: ServerResponse, err: unknown): void {
  if (err instanceof IcatServerError) {
    const body: Record<string, unknown> = { code: err.icatCode, message: err.message };
    if (err.offset !== undefined) body.offset = err.offset;
    sendJson(res, ICAT_ERROR_STATUS[err.icatCode] ?? 500, body);
  } else {
    sendJson(res, 500, { code: 'INTERNAL', message: String(err) });
  }
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new IcatServerError('BAD_PARAMETER', `${what} is not valid JSON`);
  }
}

/**
 * Starts an ICAT contract server on 127.0.0.1.
 *
 * @example
 * ```ts
 * const server = await startIcatServer({ maxEntities: 10 });
 * ```
 */
export async function startIcatServer(options: IcatServerOptions = {}): Promise<IcatServer> {
  const maxEntities = options.maxEntities ?? 100;
  const lifetimeMinutes = options.lifetimeMinutes ?? 120;
  const users = options.users ?? { root: 'root-password' };
  const store = new IcatStore();
  if (options.fixtures !== false) seedIcatFixtures(store);
  const sessions = new Map<string, Session>();
  const icatFaults: IcatFaults = {};
  const counters = { searches: 0, refreshes: 0, logins: 0 };

  const session = (sid: string | null): Session => {
    const found = sid === null ? undefined : sessions.get(sid);
    if (!found || found.expiresAt <= Date.now()) {
      if (sid !== null) sessions.delete(sid);
      throw new IcatServerError('SESSION', `Unable to find user by sessionid: ${sid ?? ''}`);
    }
    return found;
  };

  const login = (body: URLSearchParams): string => {
    counters.logins++;
    const raw = body.get('json');
    if (raw === null) throw new IcatServerError('BAD_PARAMETER', 'Missing json form parameter');
    const parsed = parseJson(raw, 'json') as { plugin?: unknown; credentials?: unknown };
    if (typeof parsed.plugin !== 'string') throw new IcatServerError('BAD_PARAMETER', 'plugin must be a string');
    if (!Array.isArray(parsed.credentials)) throw new IcatServerError('BAD_PARAMETER', 'credentials must be an array');
    const credentials: Record<string, unknown> = {};
    for (const item of parsed.credentials) {
      if (item === null || typeof item !== 'object' || Object.keys(item).length !== 1) {
        throw new IcatServerError('BAD_PARAMETER', 'each credential must be an object with one key');
      }
      Object.assign(credentials, item);
    }
    let userName: string;
    if (parsed.plugin === 'anon') {
      userName = 'anon/anon';
    } else if (parsed.plugin === 'db' || parsed.plugin === 'ldap') {
      const { username, password } = credentials;
      if (typeof username !== 'string' || users[username] === undefined || users[username] !== password) {
        throw new IcatServerError('SESSION', 'The username and password do not match');
      }
      userName = `${parsed.plugin}/${username}`;
    } else {
      throw new IcatServerError('SESSION', `Authenticator mnemonic ${parsed.plugin} not recognised`);
    }
    const sid = randomUUID();
    sessions.set(sid, { userName, expiresAt: Date.now() + lifetimeMinutes * 60_000 });
    return sid;
  };

  const write = (body: URLSearchParams): number[] => {
    session(body.get('sessionId'));
    const entities = parseJson(body.get('entities') ?? '', 'entities');
    const list = Array.isArray(entities) ? entities : [entities];
    const ids: number[] = [];
    for (const wrapped of list) {
      const [name, fields] = Object.entries(wrapped as Record<string, Record<string, unknown>>)[0] ?? [];
      if (name === undefined || fields === null || typeof fields !== 'object') {
        throw new IcatServerError('BAD_PARAMETER', 'entities must be objects like {"Dataset":{...}}');
      }
      if (fields.id !== undefined) store.update(name, fields);
      else ids.push(store.insert(name, fields));
    }
    return ids;
  };

  const remove = (query: URLSearchParams): void => {
    session(query.get('sessionId'));
    const entities = parseJson(query.get('entities') ?? '', 'entities');
    for (const wrapped of Array.isArray(entities) ? entities : [entities]) {
      const [name, fields] = Object.entries(wrapped as Record<string, { id?: unknown }>)[0] ?? [];
      if (name === undefined || typeof fields?.id !== 'number') throw new IcatServerError('BAD_PARAMETER', 'entities to delete need an id');
      store.delete(name, fields.id);
    }
  };

  const search = (query: URLSearchParams): unknown => {
    counters.searches++;
    if (icatFaults.expireAtSearch !== undefined && counters.searches >= icatFaults.expireAtSearch) {
      icatFaults.expireAtSearch = undefined;
      sessions.clear();
    }
    if (icatFaults.expireEverySearch) sessions.clear();
    session(query.get('sessionId'));
    const text = query.get('query');
    if (text === null || text.trim() === '') throw new IcatServerError('BAD_PARAMETER', 'query is not set');
    const parsed = parseQuery(text);
    if (icatFaults.ignoreOffset && parsed.limit) parsed.limit = { offset: 0, count: parsed.limit.count };
    const id = query.get('id');
    if (id === null) return evaluateQuery(store, parsed, maxEntities);
    const where = { kind: 'cmp' as const, op: '=', left: { kind: 'path' as const, path: [parsed.alias, 'id'] }, right: { kind: 'value' as const, value: Number(id) } };
    const [found] = evaluateQuery(store, { ...parsed, where, limit: undefined }, maxEntities);
    if (found === undefined) throw new IcatServerError('NO_SUCH_OBJECT_FOUND', `${parsed.entity}[id:${id}] not found.`);
    return found;
  };

  const handle = (req: RecordedRequest, res: ServerResponse): void => {
    try {
      const form = new URLSearchParams(req.body.toString('utf8'));
      const sessionPath = /^\/icat\/session(?:\/([^/]+))?$/.exec(req.path);
      if (req.method === 'GET' && req.path === '/icat/properties') {
        sendJson(res, 200, {
          maxEntities,
          lifetimeMinutes,
          authenticators: [
            { mnemonic: 'db', keys: [{ name: 'username' }, { name: 'password', hide: true }], friendly: 'Database' },
            { mnemonic: 'ldap', keys: [{ name: 'username' }, { name: 'password', hide: true }], friendly: 'LDAP' },
            { mnemonic: 'anon', keys: [], friendly: 'Anonymous' },
          ],
          containerType: 'Payara',
        });
      } else if (req.method === 'GET' && req.path === '/icat/version') {
        sendJson(res, 200, { version: '6.2.1-SNAPSHOT' });
      } else if (sessionPath && req.method === 'POST' && sessionPath[1] === undefined) {
        if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
          throw new IcatServerError('BAD_PARAMETER', 'login expects a form');
        }
        sendJson(res, 200, { sessionId: login(form) });
      } else if (sessionPath && sessionPath[1] !== undefined) {
        const sid = sessionPath[1];
        const found = session(sid);
        if (req.method === 'GET') {
          sendJson(res, 200, { userName: found.userName, remainingMinutes: (found.expiresAt - Date.now()) / 60_000 });
        } else if (req.method === 'PUT') {
          counters.refreshes++;
          found.expiresAt = Date.now() + lifetimeMinutes * 60_000;
          res.writeHead(204).end();
        } else if (req.method === 'DELETE') {
          sessions.delete(sid);
          res.writeHead(204).end();
        } else {
          throw new IcatServerError('BAD_PARAMETER', `${req.method} is not allowed on a session`);
        }
      } else if (req.path === '/icat/entityManager' && req.method === 'GET') {
        sendJson(res, 200, search(req.query));
      } else if (req.path === '/icat/entityManager' && req.method === 'POST') {
        sendJson(res, 200, write(form));
      } else if (req.path === '/icat/entityManager' && req.method === 'DELETE') {
        remove(req.query);
        res.writeHead(204).end();
      } else {
        sendJson(res, 404, { code: 'NOT_FOUND', message: `No route ${req.method} ${req.path}` });
      }
    } catch (err) {
      fail(res, err);
    }
  };

  const running = await startHttpServer(handle, { cors: options.cors });
  return {
    url: running.url,
    log: running.log,
    faults: running.faults,
    close: running.close,
    store,
    icatFaults,
    get searches() {
      return counters.searches;
    },
    get refreshes() {
      return counters.refreshes;
    },
    get logins() {
      return counters.logins;
    },
    liveSessions: () => [...sessions.entries()].filter(([, s]) => s.expiresAt > Date.now()).map(([sid]) => sid),
    expireSessions: () => sessions.clear(),
  };
}
