import { ArgumentError } from '@pandaas/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthenticationError, CatalogError, ForbiddenError, NotFoundError, QueryError, SessionExpiredError } from '../errors.js';
import { startSciCatServer } from '../testing/scicat-server.js';
import type { SciCatServer } from '../testing/scicat-server.js';
import { PREFIX, USERS, collections } from './__fixtures__/scicat-data.js';
import { SciCatClient } from './client.js';
import type { SciCatClientOptions } from './client.js';

const ALICE = USERS[0];
let server: SciCatServer;
let clock: number;

beforeEach(async () => {
  clock = Date.UTC(2024, 0, 1);
  server = await startSciCatServer({ users: USERS, collections: collections(), now: () => clock });
});
afterEach(async () => {
  await server.close();
});

function client(options: Partial<SciCatClientOptions> = {}): SciCatClient {
  return new SciCatClient({ url: server.url, now: () => clock, retry: { maxAttempts: 1 }, ...options });
}

async function alice(options: Partial<SciCatClientOptions> = {}): Promise<SciCatClient> {
  const c = client(options);
  await c.login(ALICE.username, ALICE.password);
  return c;
}

const ids = (docs: { pid: string }[]) => docs.map((d) => d.pid.slice(PREFIX.length));

describe('SciCat login and tokens', () => {
  it('logs in to a JWT and sends it only as Authorization: Bearer', async () => {
    const c = client();
    const login = await c.login(ALICE.username, ALICE.password);
    expect(login.userId).toBe('alice');
    expect(login.expires_in).toBe(3600);
    expect(login.id).toBe(login.access_token);
    // expiry read from the token's payload: issue time + 3600 s
    expect(c.session.expiresAt?.getTime()).toBe(clock + 3600_000);
    await c.datasets.get(`${PREFIX}ds-002`);
    const last = server.requests.at(-1)!;
    expect(last.bearer).toBe(true);
    expect(JSON.stringify(last.query)).not.toContain(login.access_token);
  });

  it('the server reads the token from the header only, never from access_token', async () => {
    const c = await alice();
    const { access_token } = await c.login(ALICE.username, ALICE.password);
    const path = `/api/v3/datasets/${encodeURIComponent(`${PREFIX}ds-002`)}`;
    const asParam = await fetch(`${server.url}${path}?access_token=${access_token}`);
    expect(asParam.status).toBe(403); // anonymous: ds-002 is not published
    const asHeader = await fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${access_token}` } });
    expect(asHeader.status).toBe(200);
  });

  it('wrong credentials give an AuthenticationError without the password', async () => {
    const c = client();
    const err = await c.login('alice', 'wrong-password-xyz').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    const e = err as AuthenticationError;
    expect(e.server?.status).toBe(401);
    expect(e.message).not.toContain('wrong-password-xyz');
    expect(c.session.loggedIn).toBe(false);
  });

  it('renews the token with POST /users/jwt before exp', async () => {
    const c = await alice({ renewMarginSeconds: 300 });
    const firstExpiry = c.session.expiresAt!.getTime();
    clock += 3400_000; // 200 s left < 300 s margin
    await c.datasets.count();
    const paths = server.requests.map((r) => `${r.method} ${r.path}`);
    expect(paths.slice(-2)).toEqual(['POST /api/v3/users/jwt', 'GET /api/v3/datasets/count']);
    expect(c.session.expiresAt!.getTime()).toBe(firstExpiry + 3400_000);
    // well past the first token's exp, the renewed one still works
    clock += 1000_000;
    expect(await c.datasets.count()).toBe(6);
  });

  it('answers 401 after exp, and the client logs in again when it lags', async () => {
    // a client whose clock lags the server's by two hours does not renew in time
    const c = client({ now: () => clock - 7200_000 });
    const { access_token } = await c.login(ALICE.username, ALICE.password);
    clock += 3601_000;
    const raw = await fetch(`${server.url}/api/v3/auth/whoami`, { headers: { Authorization: `Bearer ${access_token}` } });
    expect(raw.status).toBe(401);
    expect(await c.datasets.count()).toBe(6);
    const tail = server.requests.slice(-3).map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(tail).toEqual(['GET /api/v3/datasets/count 401', 'POST /api/v3/auth/login 201', 'GET /api/v3/datasets/count 200']);
  });

  it('retries once after a 401 (revoked token) with a new login', async () => {
    const c = await alice();
    server.revokeTokens();
    expect(ids(await c.datasets.find({ where: { type: 'derived' }, limits: { order: 'pid:asc' } }))).toEqual(['ds-003', 'ds-007']);
    expect(server.requests.filter((r) => r.path === '/api/v3/auth/login')).toHaveLength(2);
  });

  it('without remembered credentials a 401 is a SessionExpiredError that hides the token', async () => {
    const c = client();
    const { access_token } = await c.login(ALICE.username, ALICE.password, { remember: false });
    server.revokeTokens();
    const err = await c.datasets.get(`${PREFIX}ds-002`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SessionExpiredError);
    expect((err as SessionExpiredError).server?.status).toBe(401);
    expect((err as Error).message).not.toContain(access_token);
  });

  it('an expired token that cannot be renewed gives a SessionExpiredError', async () => {
    const token = (await client().login(ALICE.username, ALICE.password)).access_token;
    const c = client({ token });
    clock += 3700_000;
    await expect(c.datasets.count()).rejects.toBeInstanceOf(SessionExpiredError);
  });

  it('a 401 after a failed re-login is not retried again', async () => {
    const c = await alice();
    server.revokeTokens();
    USERS[0].password = 'changed-pw';
    try {
      await expect(c.datasets.count()).rejects.toBeInstanceOf(AuthenticationError);
    } finally {
      USERS[0].password = 'alice-pw-Secr3t';
    }
    expect(server.requests.filter((r) => r.path === '/api/v3/datasets/count')).toHaveLength(1);
  });

  it('accepts an existing token (service account) and logs out', async () => {
    const token = (await client().login(ALICE.username, ALICE.password)).access_token;
    const c = client({ token });
    expect(await c.datasets.count()).toBe(6);
    await c.logout();
    expect(c.session.loggedIn).toBe(false);
    expect(await c.datasets.count()).toBe(3); // anonymous: the published ones
    // the server invalidated the token at logout
    const after = await fetch(`${server.url}/api/v3/auth/whoami`, { headers: { Authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
  });
});

describe('SciCat datasets', () => {
  it('filters with where, orders and pages with limits, projects with fields', async () => {
    const c = await alice();
    expect(ids(await c.datasets.find({ where: { type: 'raw' }, limits: { order: 'pid:asc' } }))).toEqual(['ds-001', 'ds-002', 'ds-004', 'ds-005']);
    expect(ids(await c.datasets.find({ where: { size: { $gt: 200 } }, limits: { order: 'size:desc' } }))).toEqual(['ds-005', 'ds-004', 'ds-002']);
    expect(ids(await c.datasets.find({ limits: { order: 'creationTime:asc', skip: 1, limit: 2 } }))).toEqual(['ds-002', 'ds-003']);
    const slim = await c.datasets.find({ where: { pid: `${PREFIX}ds-004` }, fields: ['pid', 'size'] });
    expect(slim).toEqual([{ pid: `${PREFIX}ds-004`, size: 5000 }]);
    const sent = JSON.parse(server.requests.at(-1)!.query.filter);
    expect(sent).toEqual({ where: { pid: `${PREFIX}ds-004` }, fields: ['pid', 'size'] });
  });

  it('counts and finds one', async () => {
    const c = await alice();
    expect(await c.datasets.count()).toBe(6);
    expect(await c.datasets.count({ isPublished: true })).toBe(3);
    expect((await c.datasets.findOne({ where: { datasetName: 'Tomography of bone' } }))?.pid).toBe(`${PREFIX}ds-004`);
    expect(await c.datasets.findOne({ where: { datasetName: 'Secret sample' } })).toBeUndefined();
  });

  it('gets, updates and deletes by URL-encoded pid', async () => {
    const c = await alice();
    const pid = `${PREFIX}ds-002`;
    expect((await c.datasets.get(pid)).datasetName).toBe('LYSOZYME crystal');
    expect(server.requests.at(-1)!.path).toBe('/api/v3/datasets/20.500.12269%2Fds-002');
    const updated = await c.datasets.update(pid, { description: 'cooled to 100 K' });
    expect(updated.description).toBe('cooled to 100 K');
    expect((await c.datasets.get(pid)).description).toBe('cooled to 100 K');
    const removed = await c.datasets.remove(`${PREFIX}ds-003`);
    expect(removed.datasetName).toBe('Run 20210901 reduced');
    await expect(c.datasets.get(`${PREFIX}ds-003`)).rejects.toBeInstanceOf(NotFoundError);
    expect(await c.datasets.count()).toBe(5);
    // an unencoded pid does not reach the route
    const raw = await fetch(`${server.url}/api/v3/datasets/${pid}`);
    expect(raw.status).toBe(404);
  });

  it('creates a dataset and reports the server\'s validation messages', async () => {
    const c = await alice();
    const created = await c.datasets.create({ type: 'raw', ownerGroup: 'p100', owner: 'alice', contactEmail: 'a@x.org', sourceFolder: '/data/new', creationTime: '2024-01-01T00:00:00Z', datasetName: 'new scan' });
    expect(created.pid.startsWith('20.500.12269/')).toBe(true);
    expect(created.createdBy).toBe('alice');
    expect((await c.datasets.get(created.pid)).datasetName).toBe('new scan');
    const err = await c.datasets.create({ type: 'raw', datasetName: 'incomplete' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueryError);
    expect((err as QueryError).server?.status).toBe(400);
    expect((err as QueryError).server?.message).toContain('ownerGroup should not be empty');
    expect((err as QueryError).server?.code).toBe('Bad Request');
  });

  it('fullquery: whole-word text search and scientific conditions', async () => {
    const c = await alice();
    const order = { order: 'pid:asc' };
    expect(ids(await c.datasets.fullquery({ text: 'lysozyme' }, order))).toEqual(['ds-001', 'ds-002', 'ds-007']);
    // whole words only: a prefix of "20210901" finds nothing (SciCat frontend #835)
    expect(await c.datasets.fullquery({ text: '2021090' })).toEqual([]);
    expect(ids(await c.datasets.fullquery({ text: '20210901' }))).toEqual(['ds-003']);
    expect(ids(await c.datasets.fullquery({ text: 'lysozyme', type: ['derived'] }))).toEqual(['ds-007']);
    const gt = { lhs: 'temperature', relation: 'GREATER_THAN' as const };
    expect(ids(await c.datasets.fullquery({ scientific: [{ ...gt, rhs: 50 }] }, order))).toEqual(['ds-002', 'ds-004']);
    // with a unit the comparison is in SI: 250 K; 0 celsius = 273.15 K
    expect(ids(await c.datasets.fullquery({ scientific: [{ ...gt, rhs: 250, unit: 'K' }] }, order))).toEqual(['ds-001', 'ds-004']);
    expect(ids(await c.datasets.fullquery({ scientific: [{ lhs: 'temperature', relation: 'LESS_THAN', rhs: 0, unit: 'celsius' }] }))).toEqual(['ds-002']);
    expect(ids(await c.datasets.fullquery({ creationTime: { begin: '2022-01-01T00:00:00Z', end: '2022-12-31T00:00:00Z' } }, order))).toEqual(['ds-004', 'ds-005']);
    expect(ids(await c.datasets.fullquery({}, { order: 'size:desc', limit: 2 }))).toEqual(['ds-005', 'ds-004']);
  });

  it('pages with an async iterator built on count and limits', async () => {
    const c = await alice();
    const before = server.requests.length;
    const all: string[] = [];
    for await (const d of c.datasets.iterate({}, { pageSize: 2 })) all.push(d.pid.slice(PREFIX.length));
    expect(all).toEqual(['ds-001', 'ds-002', 'ds-003', 'ds-004', 'ds-005', 'ds-007']);
    const calls = server.requests.slice(before).map((r) => `${r.path} ${r.query.filter}`);
    expect(calls).toEqual([
      '/api/v3/datasets/count {"where":{}}',
      '/api/v3/datasets {"limits":{"limit":2,"skip":0,"order":"pid:asc"}}',
      '/api/v3/datasets {"limits":{"limit":2,"skip":2,"order":"pid:asc"}}',
      '/api/v3/datasets {"limits":{"limit":2,"skip":4,"order":"pid:asc"}}',
    ]);
    const window: string[] = [];
    for await (const d of c.datasets.iterate({ where: { size: { $lt: 6000 } }, limits: { skip: 1, limit: 3, order: 'size:asc' } }, { pageSize: 2 })) {
      window.push(d.pid.slice(PREFIX.length));
    }
    // sizes below 6000 ascending: 1, 30, 100, 250, 5000 → skip 1, take 3
    expect(window).toEqual(['ds-003', 'ds-001', 'ds-002']);
  });

  it('pages a user order over equal values with the id as tiebreaker, each document once', async () => {
    // a stand-in for MongoDB, whose order among equal keys may differ from one query to the next:
    // it sorts by the requested keys only and breaks remaining ties the other way on odd requests
    const docs = ['p1', 'p2', 'p3', 'p4', 'p5'].map((pid) => ({ pid, size: 100 }));
    const orders: string[] = [];
    let lists = 0;
    const fetch = (input: string): Promise<Response> => {
      const url = new URL(input);
      if (url.pathname.endsWith('/count')) return Promise.resolve(Response.json({ count: docs.length }));
      const { limits } = JSON.parse(url.searchParams.get('filter') ?? '{}') as { limits: { limit: number; skip: number; order: string } };
      orders.push(limits.order);
      const keys = limits.order.split(',').map((part) => part.split(':') as [keyof (typeof docs)[number], string]);
      const flip = lists++ % 2 === 1 ? -1 : 1;
      const sorted = [...docs].sort((a, b) => {
        for (const [key, direction] of keys) {
          if (a[key] !== b[key]) return (a[key] < b[key] ? -1 : 1) * (direction === 'desc' ? -1 : 1);
        }
        return flip * (docs.indexOf(a) - docs.indexOf(b));
      });
      const page = sorted.slice(limits.skip, limits.skip + limits.limit);
      // a document inserted meanwhile ahead of everything shifts the next pages by one
      if (lists === 1) docs.unshift({ pid: 'p0', size: 100 });
      return Promise.resolve(Response.json(page));
    };
    const c = new SciCatClient({ url: 'http://scicat.invalid', fetch, retry: { maxAttempts: 1 } });
    const got: string[] = [];
    for await (const d of c.datasets.iterate({ limits: { order: 'size:asc' } }, { pageSize: 2 })) got.push(d.pid);
    expect(orders.every((o) => o === 'size:asc,pid:asc')).toBe(true);
    expect(got).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
  });

  it('lists the original datablocks of a dataset', async () => {
    const c = await alice();
    const blocks = await c.datasets.origdatablocks(`${PREFIX}ds-001`);
    expect(blocks.flatMap((b) => b.dataFileList.map((f) => f.path))).toEqual(['scan_0001.h5', 'scan_0002.h5']);
    await expect(c.datasets.origdatablocks(`${PREFIX}nope`)).rejects.toBeInstanceOf(NotFoundError);
    const [withBlocks] = await c.datasets.find({ where: { pid: `${PREFIX}ds-002` }, include: [{ relation: 'origdatablocks' }] });
    expect((withBlocks.origdatablocks as { _id: string }[]).map((b) => b._id)).toEqual(['odb-2']);
    await expect(c.datasets.find({ include: [{ relation: 'friends' }] })).rejects.toBeInstanceOf(QueryError);
  });

  it('anonymous v4 public datasets, with limits.sort', async () => {
    const c = client();
    expect(ids(await c.publicDatasets.find({ limits: { order: 'size:desc' } }))).toEqual(['ds-005', 'ds-001', 'ds-007']);
    expect(JSON.parse(server.requests.at(-1)!.query.filter)).toEqual({ limits: { sort: { size: 'desc' } } });
    expect(server.requests.at(-1)!.bearer).toBe(false);
    expect(await c.publicDatasets.count()).toBe(3);
    expect(await c.publicDatasets.count({ type: 'derived' })).toBe(1);
    expect((await c.publicDatasets.get(`${PREFIX}ds-005`)).datasetName).toBe('Bone fracture tomography');
    expect((await c.publicDatasets.findOne({ where: { size: { $lt: 50 } } }))?.pid).toBe(`${PREFIX}ds-007`);
    const paged: string[] = [];
    for await (const d of c.publicDatasets.iterate({}, { pageSize: 1 })) paged.push(d.pid.slice(PREFIX.length));
    expect(paged).toEqual(['ds-001', 'ds-005', 'ds-007']);
  });
});

describe('SciCat other collections', () => {
  it('origdatablocks, proposals, samples, instruments and published data', async () => {
    const c = await alice();
    expect((await c.origdatablocks.find({ where: { size: { $gte: 300 } } })).map((b) => b._id)).toEqual(['odb-1']);
    expect((await c.proposals.get('20170266')).title).toBe('Protein powders');
    expect(await c.proposals.count()).toBe(1); // 20180001 belongs to p200
    expect((await c.samples.find()).map((s) => s.sampleId)).toEqual(['sample-1']);
    await expect(c.samples.get('sample-2')).rejects.toMatchObject({ server: { status: 403 } });
    expect((await c.instruments.get('PSI/SINQ/FOCUS')).name).toBe('FOCUS');
    expect(server.requests.at(-1)!.path).toBe('/api/v3/instruments/PSI%2FSINQ%2FFOCUS');
    expect((await c.instruments.find({ limits: { order: 'name:asc' } })).map((i) => i.name)).toEqual(['BEER', 'FOCUS']);
    expect((await c.publishedData.get('10.16907/abc-001')).datasetPids).toEqual([`${PREFIX}ds-001`]);
    const proposals = await c.proposals.fullquery({ text: 'powders' });
    expect(proposals.map((p) => p.proposalId)).toEqual(['20170266']);
    const sample = await c.samples.create({ sampleId: 'sample-3', ownerGroup: 'p100', description: 'new' });
    expect(sample.createdBy).toBe('alice');
  });
});

describe('SciCat under faults', () => {
  it('a token revoked in the middle of a paged search: one re-login, no page lost', async () => {
    const c = await alice();
    const seen: string[] = [];
    for await (const d of c.datasets.iterate({}, { pageSize: 2 })) {
      seen.push(d.pid.slice(PREFIX.length));
      if (seen.length === 2) server.revokeTokens();
    }
    expect(seen).toEqual(['ds-001', 'ds-002', 'ds-003', 'ds-004', 'ds-005', 'ds-007']);
    expect(server.requests.filter((r) => r.status === 401)).toHaveLength(1);
  });

  it('concurrent requests near exp share one renewal', async () => {
    const c = await alice();
    clock += 3500_000;
    const counts = await Promise.all([c.datasets.count(), c.datasets.count({ type: 'raw' }), c.proposals.count()]);
    expect(counts).toEqual([6, 4, 1]);
    expect(server.requests.filter((r) => r.path === '/api/v3/users/jwt')).toHaveLength(1);
  });

  it('waits out a 503 with Retry-After and then succeeds', async () => {
    const c = client({ retry: { maxAttempts: 4, baseDelayMs: 1 } });
    server.failNext(1, 503, '1');
    server.failNext(1, 429);
    const started = performance.now();
    expect(await c.publicDatasets.count()).toBe(3);
    // Retry-After: 1 s (tolerance 50 ms for timer granularity); the 429 waits the 2 ms backoff
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.requests.map((r) => r.status)).toEqual([503, 429, 200]);
  });

  it('a 429 storm longer than the retries is a retryable CatalogError', async () => {
    const c = client({ retry: { maxAttempts: 3, baseDelayMs: 1 } });
    server.failNext(5, 429, '0');
    const err = await c.publicDatasets.count().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CatalogError);
    expect((err as CatalogError).retryable).toBe(true);
    expect((err as CatalogError).server?.status).toBe(429);
    expect(server.requests).toHaveLength(3);
  });

  it('an aborted request rejects with the signal\'s reason', async () => {
    const c = await alice();
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    controller.abort(reason);
    await expect(c.datasets.find({}, { signal: controller.signal })).rejects.toBe(reason);
  });
});

describe('SciCat errors', () => {
  it('an unknown pid is a NotFoundError with the server\'s status and message', async () => {
    const c = await alice();
    const err = await c.datasets.get(`${PREFIX}missing`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).server).toEqual({ status: 404, code: 'Not Found', message: `datasets: ${PREFIX}missing not found` });
  });

  it('a dataset of another group is a 403 ForbiddenError, not an expired session', async () => {
    const c = await alice();
    const err = await c.datasets.get(`${PREFIX}ds-006`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ForbiddenError);
    expect(err).not.toBeInstanceOf(SessionExpiredError);
    expect((err as CatalogError).server?.status).toBe(403);
    expect((err as CatalogError).server?.code).toBe('Forbidden');
  });

  it('a filter with an unknown operator is rejected by the server as a QueryError', async () => {
    const c = await alice();
    const err = await c.datasets.find({ where: { size: { $biggerThan: 3 } } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueryError);
    expect((err as QueryError).server?.status).toBe(400);
    expect((err as QueryError).server?.message).toContain('$biggerThan');
  });

  it('the server rejects malformed JSON filters with 400', async () => {
    const res = await fetch(`${server.url}/api/v3/datasets?filter=${encodeURIComponent('{"where":')}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });

  it('malformed arguments are ArgumentErrors before any request', async () => {
    const c = client();
    const before = server.requests.length;
    expect(() => c.datasets.find({ limits: { limit: 0 } })).toThrow(ArgumentError);
    expect(() => c.datasets.find({ limits: { order: 'size descending' } })).toThrow(/order/);
    expect(() => c.datasets.find({ where: 'type=raw' as never })).toThrow(/filter.where/);
    expect(() => c.datasets.get('')).toThrow(ArgumentError);
    expect(() => c.datasets.fullquery({ scientific: [{ lhs: 't', relation: 'ABOUT' as never, rhs: 1 }] })).toThrow(/scientific\[0\]/);
    await expect(c.datasets.iterate({}, { pageSize: 0 }).next()).rejects.toThrow(/pageSize/);
    await expect(c.login('', 'x')).rejects.toThrow(ArgumentError);
    expect(server.requests.length).toBe(before);
    expect(() => new SciCatClient({ url: 'not a url' })).toThrow(ArgumentError);
  });

  it('no error message or log line contains the token or the password', async () => {
    const lines: string[] = [];
    const c = client({ logger: (e) => lines.push(JSON.stringify(e)) });
    const { access_token } = await c.login(ALICE.username, ALICE.password, { remember: false });
    const errors: string[] = [];
    const message = (e: Error) => errors.push(e.message);
    await c.datasets.get(`${PREFIX}missing`).catch(message);
    await c.datasets.find({ where: { a: { $nope: 1 } } }).catch(message);
    server.revokeTokens();
    await c.datasets.count().catch(message);
    await c.login('alice', 'bad-password-123').catch(message);
    for (const text of [...errors, ...lines]) {
      expect(text).not.toContain(access_token);
      expect(text).not.toContain(ALICE.password);
      expect(text).not.toContain('bad-password-123');
    }
    expect(errors).toHaveLength(4);
  });
});
