/**
 * A SciCat contract server for tests: `node:http` on 127.0.0.1 speaking scicat-backend-next's
 * documented wire format. `POST /api/v3/auth/login` issues real HS256 JWTs (lifetime
 * `tokenLifetimeSeconds`, default 3600 as `JWT_EXPIRES_IN`), read only from
 * `Authorization: Bearer` and refused with 401 after `exp`; `POST /api/v3/users/jwt` mints a
 * new one, `POST /api/v3/auth/logout` invalidates the caller's. Filters (where/fields/limits,
 * include, fullquery, count) are evaluated with `mingo`; `failNext` injects 429/503 storms. Errors
 * are NestJS's `{statusCode, message, error}`. Access: anonymous users see published documents,
 * users those of their groups (`ownerGroup`/`accessGroups`), the `admin` group everything.
 *
 * @example
 * ```ts
 * const server = await startSciCatServer({ users: [{ username: 'ingestor', password: 'pw', groups: ['p1'] }] });
 * const client = new SciCatClient({ url: server.url });
 * await server.close();
 * ```
 * @module
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerCors } from './http-server.js';
import { signJwt, verifyJwt } from './hs256-jwt.js';
import type { JwtClaims } from './hs256-jwt.js';
import {
  BadRequest,
  countMatching,
  fullqueryCondition,
  parseFilterParam,
  parseFullqueryFields,
  parseLimitsParam,
  runFilter,
} from './scicat-query.js';
import type { Doc } from './scicat-query.js';

/** A user account of the contract server. */
export interface SciCatServerUser {
  username: string;
  password: string;
  email?: string;
  /** Groups that give access to documents (`ownerGroup`/`accessGroups`); `admin` sees all. */
  groups?: string[];
}

/** The collections of the contract server, keyed by route name. */
export interface SciCatCollections {
  datasets: Doc[];
  origdatablocks: Doc[];
  proposals: Doc[];
  samples: Doc[];
  instruments: Doc[];
  publisheddata: Doc[];
}

/** Options of {@link startSciCatServer}. */
export interface SciCatServerOptions {
  users?: SciCatServerUser[];
  /** Initial documents (copied). */
  collections?: Partial<SciCatCollections>;
  /** JWT lifetime in seconds (default 3600). */
  tokenLifetimeSeconds?: number;
  /** The server's clock in ms (default `Date.now`), for expiry tests. */
  now?: () => number;
  /** Answer cross-origin requests from browser pages (default false). */
  cors?: boolean;
}

/** One request as the server saw it. */
export interface SciCatRequestRecord {
  method: string;
  /** The raw path, still percent-encoded, without the query. */
  path: string;
  query: Record<string, string>;
  /** Whether an `Authorization: Bearer` header came with the request. */
  bearer: boolean;
  status: number;
}

/** A running contract server. */
export interface SciCatServer {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: SciCatRequestRecord[];
  /** The live collections. */
  readonly collections: SciCatCollections;
  /** Makes every token issued so far invalid (the next use gets 401). */
  revokeTokens(): void;
  /**
   * Fault injection: the next `count` requests are answered with `status` (429 or 503, say)
   * and, when given, a `Retry-After` header, before any routing.
   */
  failNext(count: number, status: number, retryAfter?: string): void;
  /** Stops the server. */
  close(): Promise<void>;
}

/** Route name → the field that identifies a document of that collection. */
const ID_FIELDS: Record<keyof SciCatCollections, string> = {
  datasets: 'pid',
  origdatablocks: '_id',
  proposals: 'proposalId',
  samples: 'sampleId',
  instruments: 'pid',
  publisheddata: 'doi',
};

/** Fields a new dataset must have (class-validator messages as NestJS sends them). */
const REQUIRED_DATASET_FIELDS = ['ownerGroup', 'owner', 'contactEmail', 'sourceFolder', 'creationTime', 'type'];

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string | string[],
  ) {
    super(Array.isArray(message) ? message.join('; ') : message);
    this.body = { statusCode: status, message, error: STATUS_TEXT[status] };
  }
  readonly body: Doc;
}

interface Caller {
  user: SciCatServerUser | undefined;
  claims: JwtClaims | undefined;
}

interface Request {
  method: string;
  segments: string[];
  query: URLSearchParams;
  caller: Caller;
  body: unknown;
}

/**
 * Starts a SciCat contract server on 127.0.0.1 (a free port).
 *
 * @example
 * ```ts
 * const server = await startSciCatServer({ collections: { datasets: [{ pid: '20.500/a', isPublished: true }] } });
 * const res = await fetch(`${server.url}/api/v4/datasets/public`);
 * await server.close();
 * ```
 */
export async function startSciCatServer(options: SciCatServerOptions = {}): Promise<SciCatServer> {
  const users = options.users ?? [];
  const now = options.now ?? Date.now;
  const lifetime = options.tokenLifetimeSeconds ?? 3600;
  const secret = randomUUID();
  const live = new Set<string>(); // ids (jti) of the tokens not revoked
  const collections: SciCatCollections = {
    datasets: [],
    origdatablocks: [],
    proposals: [],
    samples: [],
    instruments: [],
    publisheddata: [],
  };
  for (const [name, docs] of Object.entries(options.collections ?? {})) {
    collections[name as keyof SciCatCollections] = structuredClone(docs);
  }
  const requests: SciCatRequestRecord[] = [];
  const faults: { status: number; retryAfter: string | undefined }[] = [];

  function issueToken(user: SciCatServerUser): string {
    const iat = Math.floor(now() / 1000);
    const jti = randomUUID();
    live.add(jti);
    return signJwt({ _id: user.username, username: user.username, email: user.email ?? '', iat, exp: iat + lifetime, jti }, secret);
  }

  function authenticate(header: string | undefined): Caller {
    if (header === undefined) return { user: undefined, claims: undefined };
    const match = /^Bearer (.+)$/i.exec(header);
    if (match === null) throw new HttpError(401, 'Unauthorized');
    const claims = verifyJwt(match[1], secret);
    if (claims === undefined || typeof claims.exp !== 'number' || claims.exp * 1000 <= now() || !live.has(claims.jti as string)) {
      throw new HttpError(401, 'Unauthorized');
    }
    const user = users.find((u) => u.username === claims.username);
    if (user === undefined) throw new HttpError(401, 'Unauthorized');
    return { user, claims };
  }

  function visible(caller: Caller, doc: Doc): boolean {
    if (doc.isPublished === true) return true;
    const groups = caller.user?.groups ?? [];
    if (caller.user === undefined) return false;
    if (groups.includes('admin')) return true;
    if (doc.ownerGroup === undefined) return true;
    const access = Array.isArray(doc.accessGroups) ? doc.accessGroups : [];
    return groups.includes(doc.ownerGroup as string) || access.some((g) => groups.includes(g as string));
  }

  function writable(caller: Caller, doc: Doc): boolean {
    const groups = caller.user?.groups ?? [];
    return groups.includes('admin') || doc.ownerGroup === undefined || groups.includes(doc.ownerGroup as string);
  }

  function requireUser(caller: Caller): SciCatServerUser {
    if (caller.user === undefined) throw new HttpError(401, 'Unauthorized');
    return caller.user;
  }

  function login(body: unknown): { status: number; body: unknown } {
    const { username, password } = (typeof body === 'object' && body !== null ? body : {}) as Doc;
    const user = users.find((u) => u.username === username && u.password === password);
    if (user === undefined) throw new HttpError(401, 'Unauthorized');
    const token = issueToken(user);
    const profile = { id: user.username, username: user.username, email: user.email ?? '', authStrategy: 'local' };
    return {
      status: 201,
      body: { access_token: token, id: token, expires_in: lifetime, ttl: lifetime, created: new Date(now()).toISOString(), userId: user.username, user: profile },
    };
  }

  function findById(name: keyof SciCatCollections, id: string, caller: Caller): Doc {
    const doc = collections[name].find((d) => d[ID_FIELDS[name]] === id);
    if (doc === undefined) throw new HttpError(404, `${name}: ${id} not found`);
    if (!visible(caller, doc)) throw new HttpError(403, `Unauthorized access to ${name}: ${id}`);
    return doc;
  }

  function create(name: keyof SciCatCollections, body: unknown, caller: Caller): Doc {
    const user = requireUser(caller);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'Request body must be a JSON object');
    const doc = { ...(body as Doc) };
    if (name === 'datasets') {
      const missing = REQUIRED_DATASET_FIELDS.filter((f) => doc[f] === undefined || doc[f] === '');
      if (doc.type !== undefined && doc.type !== 'raw' && doc.type !== 'derived') missing.push('type must be one of raw, derived');
      if (missing.length > 0) throw new HttpError(400, missing.map((f) => (f.includes(' ') ? f : `${f} should not be empty`)));
      doc.pid ??= `20.500.12269/${randomUUID()}`;
      doc.version ??= '5.3.2';
    }
    const idField = ID_FIELDS[name];
    doc[idField] ??= randomUUID();
    if (collections[name].some((d) => d[idField] === doc[idField])) throw new HttpError(400, `${name}: ${String(doc[idField])} already exists`);
    if (!writable(caller, doc)) throw new HttpError(403, `Unauthorized to create this ${name}`);
    const stamp = new Date(now()).toISOString();
    Object.assign(doc, { createdBy: user.username, updatedBy: user.username, createdAt: stamp, updatedAt: stamp });
    collections[name].push(doc);
    return doc;
  }

  function update(name: keyof SciCatCollections, id: string, body: unknown, caller: Caller): Doc {
    const user = requireUser(caller);
    const doc = findById(name, id, caller);
    if (!writable(caller, doc)) throw new HttpError(403, `Unauthorized to update ${name}: ${id}`);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'Request body must be a JSON object');
    Object.assign(doc, body, { [ID_FIELDS[name]]: id, updatedBy: user.username, updatedAt: new Date(now()).toISOString() });
    return doc;
  }

  function remove(name: keyof SciCatCollections, id: string, caller: Caller): Doc {
    requireUser(caller);
    const doc = findById(name, id, caller);
    if (!writable(caller, doc)) throw new HttpError(403, `Unauthorized to delete ${name}: ${id}`);
    collections[name].splice(collections[name].indexOf(doc), 1);
    return doc;
  }

  function listable(name: keyof SciCatCollections, caller: Caller): Doc[] {
    return collections[name].filter((d) => visible(caller, d));
  }

  /** Embeds the `include`d relations of datasets (origdatablocks; datablocks and attachments are empty here). */
  function embed(name: keyof SciCatCollections, docs: Doc[], include: string[]): Doc[] {
    if (include.length === 0) return docs;
    if (name !== 'datasets') throw new BadRequest(`include is not supported for ${name}`);
    for (const relation of include) {
      if (!['origdatablocks', 'datablocks', 'attachments'].includes(relation)) throw new BadRequest(`Unknown relation in include: ${relation}`);
    }
    return docs.map((doc) => {
      const out = { ...doc };
      for (const relation of include) {
        out[relation] = relation === 'origdatablocks' ? collections.origdatablocks.filter((b) => b.datasetId === doc.pid) : [];
      }
      return out;
    });
  }

  function collectionRoute(name: keyof SciCatCollections, req: Request, rest: string[], version: 'v3' | 'v4'): unknown {
    const { method, query, caller } = req;
    const docs = () => listable(name, caller);
    if (rest.length === 0) {
      if (method === 'GET') {
        const filter = parseFilterParam(query.get('filter'), version);
        return embed(name, runFilter(docs(), filter), filter.include);
      }
      if (method === 'POST') return create(name, req.body, caller);
    } else if (rest.length === 1 && method === 'GET' && rest[0].toLowerCase() === 'count') {
      const filter = parseFilterParam(query.get('filter'), version);
      const where = query.has('where') ? parseFilterParam(`{"where":${query.get('where') ?? '{}'}}`, version).where : filter.where;
      return { count: countMatching(docs(), where) };
    } else if (rest.length === 1 && method === 'GET' && rest[0].toLowerCase() === 'findone') {
      const filter = parseFilterParam(query.get('filter'), version);
      return embed(name, runFilter(docs(), { ...filter, limit: 1 }), filter.include)[0];
    } else if (rest.length === 1 && method === 'GET' && rest[0].toLowerCase() === 'fullquery') {
      const where = fullqueryCondition(parseFullqueryFields(query.get('fields')));
      return runFilter(docs(), { where, fields: undefined, include: [], ...parseLimitsParam(query.get('limits'), version) });
    } else if (rest.length === 1) {
      if (method === 'GET') return findById(name, rest[0], caller);
      if (method === 'PATCH') return update(name, rest[0], req.body, caller);
      if (method === 'DELETE') return remove(name, rest[0], caller);
    } else if (rest.length === 2 && name === 'datasets' && method === 'GET' && rest[1].toLowerCase() === 'origdatablocks') {
      const dataset = findById('datasets', rest[0], caller);
      return collections.origdatablocks.filter((b) => b.datasetId === dataset.pid);
    }
    return undefined;
  }

  function route(req: Request): { status: number; body: unknown } | undefined {
    const [api, version, resource, ...rest] = req.segments;
    if (api?.toLowerCase() !== 'api' || (version !== 'v3' && version !== 'v4') || resource === undefined) return undefined;
    const name = resource.toLowerCase();
    const created = (body: unknown) => ({ status: req.method === 'POST' ? 201 : 200, body });
    if (version === 'v3' && name === 'auth' && req.method === 'POST' && rest.join('/').toLowerCase() === 'login') return login(req.body);
    if (version === 'v3' && name === 'auth' && req.method === 'GET' && rest.join('/').toLowerCase() === 'whoami') {
      const user = requireUser(req.caller);
      return created({ id: user.username, username: user.username, email: user.email ?? '', currentGroups: user.groups ?? [] });
    }
    if (version === 'v3' && name === 'auth' && req.method === 'POST' && rest.join('/').toLowerCase() === 'logout') {
      requireUser(req.caller);
      live.delete(req.caller.claims?.jti as string);
      return created({});
    }
    if (version === 'v3' && name === 'users' && req.method === 'POST' && rest.join('/').toLowerCase() === 'jwt') {
      return created({ jwt: issueToken(requireUser(req.caller)) });
    }
    if (version === 'v4' && name === 'datasets' && rest[0]?.toLowerCase() === 'public') {
      if (req.method !== 'GET') return undefined;
      const anonymous: Request = { ...req, caller: { user: undefined, claims: undefined } };
      const body = collectionRoute('datasets', anonymous, rest.slice(1), 'v4');
      return body === undefined && rest.length === 2 ? undefined : created(body);
    }
    if (!(name in ID_FIELDS)) return undefined;
    if (version === 'v4' && name !== 'datasets') return undefined;
    const body = collectionRoute(name as keyof SciCatCollections, req, rest, version);
    const isFindOne = rest.length === 1 && rest[0].toLowerCase() === 'findone';
    return body === undefined && !isFindOne ? undefined : created(body);
  }

  async function readBody(message: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of message) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    if (text === '') return undefined;
    try {
      return JSON.parse(text);
    } catch {
      throw new HttpError(400, 'Request body is not valid JSON');
    }
  }

  function send(res: ServerResponse, status: number, body: unknown): void {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  const server = createServer((message, res) => {
    if (options.cors && answerCors(message, res)) return;
    const url = new URL(message.url ?? '/', 'http://127.0.0.1');
    const record: SciCatRequestRecord = {
      method: message.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      bearer: /^Bearer /i.test(message.headers.authorization ?? ''),
      status: 0,
    };
    requests.push(record);
    const fault = faults.shift();
    if (fault !== undefined) {
      record.status = fault.status;
      if (fault.retryAfter !== undefined) res.setHeader('retry-after', fault.retryAfter);
      send(res, fault.status, { statusCode: fault.status, message: fault.status === 429 ? 'ThrottlerException: Too Many Requests' : 'Service Unavailable' });
      return;
    }
    const answer = async (): Promise<{ status: number; body: unknown }> => {
      const body = await readBody(message);
      const segments = url.pathname.split('/').filter((s) => s.length > 0).map((s) => decodeURIComponent(s));
      const caller = authenticate(message.headers.authorization);
      const result = route({ method: record.method, segments, query: url.searchParams, caller, body });
      if (result === undefined) throw new HttpError(404, `Cannot ${record.method} ${url.pathname}`);
      return result;
    };
    answer().then(
      ({ status, body }) => {
        record.status = status;
        send(res, status, body);
      },
      (err: unknown) => {
        const error = err instanceof HttpError ? err : err instanceof BadRequest ? new HttpError(400, err.message) : undefined;
        record.status = error?.status ?? 500;
        send(res, record.status, error?.body ?? { statusCode: 500, message: 'Internal server error' });
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    collections,
    revokeTokens() {
      live.clear();
    },
    failNext(count, status, retryAfter) {
      for (let i = 0; i < count; i++) faults.push({ status, retryAfter });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
