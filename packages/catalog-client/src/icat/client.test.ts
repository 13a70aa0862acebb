import { ArgumentError } from '@pandaas/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthenticationError, CatalogError, NotFoundError, QueryError, SessionExpiredError } from '../errors.js';
import type { HttpLogEvent } from '../http/transport.js';
import { FIXTURE_SHAPE } from '../testing/icat-fixtures.js';
import { startIcatServer } from '../testing/icat-server.js';
import type { IcatServer } from '../testing/icat-server.js';
import { IcatClient } from './client.js';
import type { IcatEntity } from './client.js';
import { icatQuery } from './query.js';

const PASSWORD = 'root-password';
const totalDatasets = FIXTURE_SHAPE.investigations * FIXTURE_SHAPE.datasetsPerInvestigation;

describe('IcatClient against the ICAT contract server', () => {
  let server: IcatServer;
  let logs: HttpLogEvent[];
  let client: IcatClient;

  beforeEach(async () => {
    server = await startIcatServer({ maxEntities: 10, users: { root: PASSWORD } });
    logs = [];
    client = new IcatClient({ url: server.url, retry: { maxAttempts: 1 }, proxy: false, logger: (e) => logs.push(e) });
  });
  afterEach(async () => {
    await server.close();
  });

  it('lists the authenticators and logs in with each one', async () => {
    const props = await client.properties();
    expect(props.maxEntities).toBe(10);
    expect(props.authenticators.map((a) => a.mnemonic)).toEqual(['db', 'ldap', 'anon']);
    for (const auth of props.authenticators) {
      const credentials = Object.fromEntries(auth.keys.map((k) => [k.name, k.name === 'username' ? 'root' : PASSWORD]));
      await client.login(auth.mnemonic, credentials);
      const info = await client.session();
      expect(info.userName).toBe(auth.mnemonic === 'anon' ? 'anon/anon' : `${auth.mnemonic}/root`);
      expect(info.remainingMinutes).toBeGreaterThan(119);
    }
  });

  it('sends the login as a form field json with credentials as one-key objects', async () => {
    await client.login('db', { username: 'root', password: PASSWORD });
    const req = server.log.find((r) => r.path === '/icat/session' && r.method === 'POST');
    expect(req?.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    const form = new URLSearchParams(req?.body.toString());
    expect(JSON.parse(form.get('json') ?? '')).toEqual({ plugin: 'db', credentials: [{ username: 'root' }, { password: PASSWORD }] });
  });

  it('refuses wrong credentials and unknown plugins with AuthenticationError, without the secret', async () => {
    const wrong = await client.login('db', { username: 'root', password: 'Wr0ng-pa55word' }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(AuthenticationError);
    expect((wrong as AuthenticationError).server).toMatchObject({ status: 403, code: 'SESSION' });
    expect((wrong as Error).message).not.toContain('Wr0ng-pa55word');
    const unknown = await client.login('kerberos', { username: 'root', password: PASSWORD }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(AuthenticationError);
    expect((unknown as Error).message).toContain('kerberos');
    expect((unknown as Error).message).not.toContain(PASSWORD);
    expect(client.loggedIn).toBe(false);
  });

  it('adopts a session id from elsewhere with fromSession, with the typed errors and paging', async () => {
    await client.login('db', { username: 'root', password: PASSWORD });
    const sid = server.liveSessions()[0] as string;
    const adopted = IcatClient.fromSession({ url: server.url, retry: { maxAttempts: 1 }, proxy: false }, sid);
    expect(adopted.loggedIn).toBe(true);
    const paged: number[] = [];
    for await (const d of adopted.iterate<IcatEntity>('SELECT d FROM Dataset d', { pageSize: 4 })) paged.push(d.id as number);
    expect(paged).toHaveLength(totalDatasets);
    expect(new Set(paged).size).toBe(totalDatasets);
    await expect(adopted.search('SELECT d FROM Nonsense d')).rejects.toBeInstanceOf(QueryError);
    server.expireSessions();
    const expired = await adopted.search('SELECT d FROM Dataset d').catch((e: unknown) => e);
    expect(expired).toBeInstanceOf(SessionExpiredError);
    expect((expired as Error).message).not.toContain(sid);
    expect(() => IcatClient.fromSession({ url: server.url }, '')).toThrow(ArgumentError);
  });

  it('refreshes the session before it expires', async () => {
    await server.close();
    server = await startIcatServer({ maxEntities: 10, lifetimeMinutes: 0.02, users: { root: PASSWORD } });
    client = new IcatClient({ url: server.url, refreshMarginMinutes: 0.012, proxy: false });
    await client.login('db', { username: 'root', password: PASSWORD });
    // lifetime 1200 ms, margin 720 ms: searches every 300 ms over 2.4 s outlive the first lifetime
    for (let i = 0; i < 8; i++) {
      await new Promise((r) => setTimeout(r, 300));
      await expect(client.search('SELECT f FROM Facility f')).resolves.toHaveLength(1);
    }
    expect(server.logins).toBe(1);
    expect(server.refreshes).toBeGreaterThanOrEqual(2);
  });

  it('logs in again once on 403 SESSION when allowed, and not otherwise', async () => {
    await client.login('db', { username: 'root', password: PASSWORD });
    const firstSid = server.liveSessions()[0] as string;
    server.expireSessions();
    const err = await client.search('SELECT f FROM Facility f').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SessionExpiredError);
    expect((err as SessionExpiredError).server?.status).toBe(403);
    expect((err as Error).message).not.toContain(firstSid);

    await client.login('db', { username: 'root', password: PASSWORD }, { relogin: true });
    server.expireSessions();
    await expect(client.search('SELECT f FROM Facility f')).resolves.toHaveLength(1);
    expect(server.logins).toBe(3);
  });

  it('re-logs in only once per call when the new session fails too', async () => {
    await client.login('db', { username: 'root', password: PASSWORD }, { relogin: true });
    server.icatFaults.expireEverySearch = true;
    await expect(client.search('SELECT f FROM Facility f')).rejects.toBeInstanceOf(SessionExpiredError);
    expect(server.logins).toBe(2);
  });

  it('stops with an error instead of looping when the server repeats a page', async () => {
    await client.login('anon');
    server.icatFaults.ignoreOffset = true;
    const ids: number[] = [];
    const err = await (async () => {
      for await (const ds of client.iterate(icatQuery('Dataset'), { pageSize: 5 })) ids.push(ds.id);
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CatalogError);
    expect((err as CatalogError).code).toBe('E_FORMAT');
    expect(ids).toEqual(server.store.rows('Dataset').slice(0, 5).map((r) => r.id));
  });

  it('pages by id across a session expiry with no entity repeated or missing', async () => {
    await client.login('db', { username: 'root', password: PASSWORD }, { relogin: true });
    server.icatFaults.expireAtSearch = server.searches + 3;
    const ids: number[] = [];
    for await (const ds of client.iterate(icatQuery('Dataset'), { pageSize: 7 })) ids.push(ds.id);
    const expected = server.store.rows('Dataset').map((r) => r.id);
    expect(expected).toHaveLength(totalDatasets);
    expect(ids).toEqual(expected);
    expect(server.logins).toBe(2);
    const limits = server.log.filter((r) => r.path === '/icat/entityManager').map((r) => r.query.get('query'));
    expect(limits.every((q) => q?.includes('ORDER BY o.id') && / LIMIT \d+, 7$/.test(q))).toBe(true);
  });

  it('caps the page size at maxEntities', async () => {
    await client.login('anon');
    const ids: number[] = [];
    for await (const df of client.iterate('SELECT d FROM Datafile d', { pageSize: 1000 })) ids.push(df.id);
    expect(ids).toEqual(server.store.rows('Datafile').map((r) => r.id));
    expect(ids).toHaveLength(totalDatasets * FIXTURE_SHAPE.datafilesPerDataset);
    const queries = server.log.filter((r) => r.path === '/icat/entityManager').map((r) => r.query.get('query') ?? '');
    expect(queries.every((q) => q.endsWith(', 10'))).toBe(true);
  });

  it('searches with the builder: joins, escaped values, order and includes', async () => {
    await client.login('anon');
    const q = icatQuery('Dataset')
      .join('o.investigation', 'i')
      .join('o.parameters', 'p')
      .join('p.type', 'pt')
      .where('i.title', '=', "Operando catalysis: O'Brien's cell")
      .where('pt.name', '=', 'temperature')
      .where('p.numericValue', '>', 205)
      .orderBy('o.name', 'DESC')
      .include('o.investigation', 'o.parameters AS p', 'p.type');
    const found = await client.search<IcatEntity>(q);
    // investigation 2 (the only title with an apostrophe) has temperatures 201..210: 206..210 pass
    expect(found.map((d) => d.name)).toEqual(['ds-2-9', 'ds-2-8', 'ds-2-7', 'ds-2-6', 'ds-2-10']);
    const first = found[0] as IcatEntity & { investigation: { name: string }; parameters: { type: { units: string } }[] };
    expect(first.investigation.name).toBe('INV-002');
    expect(first.parameters[0]?.type.units).toBe('K');
    await expect(client.search(icatQuery('Dataset').where('o.name', '=', "x' OR '1'='1"))).resolves.toEqual([]);
  });

  it('accepts LIKE, IN, BETWEEN, dates, COUNT and the concise syntax', async () => {
    await client.login('anon');
    const like = await client.search<IcatEntity>(icatQuery('Dataset').where('o.name', 'LIKE', 'ds-3-1%'));
    expect(like.map((d) => d.name).sort()).toEqual(['ds-3-1', 'ds-3-10']);
    const inv = await client.search<IcatEntity>(icatQuery('Investigation').where('o.name', 'IN', ['INV-001', 'INV-003']).where('o.startDate', '>=', new Date(Date.UTC(2022, 0, 1))));
    expect(inv.map((i) => i.name)).toEqual(['INV-003']);
    const between: IcatEntity[] = [];
    for await (const f of client.iterate(icatQuery('Datafile').where('o.fileSize', 'BETWEEN', [1500, 2500]))) between.push(f);
    // only the second datafile of each dataset (2000 bytes) lies in [1500, 2500]
    expect(between.map((f) => f.name)).toEqual(server.store.rows('Dataset').map((d) => `${String(d.name)}-2.h5`));
    const [count] = await client.search<number>('SELECT COUNT(o) FROM Dataset o');
    expect(count).toBe(totalDatasets);
    const dataset = server.store.rows('Dataset')[4] as { id: number; name: string };
    const files = await client.search<IcatEntity>(`Datafile <-> Dataset [id=${dataset.id}]`);
    expect(files.map((f) => f.name)).toEqual([1, 2, 3].map((k) => `${dataset.name}-${k}.h5`));
  });

  it('turns malformed JPQL and oversized results into QueryError with the server code and message', async () => {
    await client.login('anon');
    const bad = await client.search('SELECT o FROM Dataset o WHERE o.name = ').catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(QueryError);
    expect((bad as QueryError).server).toMatchObject({ status: 400, code: 'BAD_PARAMETER' });
    expect((bad as QueryError).server?.message).toMatch(/Expected a value .* at offset \d+/);
    const unknown = await client.search('SELECT o FROM Dataset o WHERE o.nope = 1').catch((e: unknown) => e);
    expect((unknown as QueryError).server?.code).toBe('BAD_PARAMETER');
    const tooMany = await client.search('SELECT o FROM Dataset o').catch((e: unknown) => e);
    expect(tooMany).toBeInstanceOf(QueryError);
    expect((tooMany as QueryError).server).toMatchObject({ status: 412, code: 'VALIDATION', message: 'attempt to return more than 10 entities' });
  });

  it('creates, updates, reads and deletes entities', async () => {
    await client.login('db', { username: 'root', password: PASSWORD });
    const investigation = server.store.rows('Investigation')[0] as { id: number };
    const id = await client.create('Dataset', { name: 'fresh', investigation: { id: investigation.id } });
    await client.create('Datafile', { name: 'fresh.h5', dataset: { id } });
    await client.update('Dataset', { id, description: 'reprocessed' });
    const got = await client.get<IcatEntity & { investigation: { id: number } }>('Dataset', id, '1');
    expect(got).toMatchObject({ id, name: 'fresh', description: 'reprocessed', investigation: { id: investigation.id } });
    const dup = await client.create('Dataset', { name: 'fresh', investigation: { id: investigation.id } }).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(CatalogError);
    expect((dup as CatalogError).server).toMatchObject({ status: 412, code: 'OBJECT_ALREADY_EXISTS' });
    await client.delete('Dataset', id);
    await expect(client.get('Dataset', id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.search(`SELECT f FROM Datafile f WHERE f.name = 'fresh.h5'`)).resolves.toEqual([]);
  });

  it('rides out a 503 storm with Retry-After during a search', async () => {
    const patient = new IcatClient({ url: server.url, proxy: false, retry: { maxAttempts: 3, baseDelayMs: 5 } });
    await patient.login('anon');
    server.faults.storm = { status: 503, count: 2, retryAfter: '0' };
    await expect(patient.search('SELECT f FROM Facility f')).resolves.toEqual([expect.objectContaining({ name: 'ESRF' })]);
    server.faults.storm = { status: 429, count: 3, retryAfter: '0' };
    const err = await patient.search('SELECT f FROM Facility f').catch((e: unknown) => e);
    expect(err).toMatchObject({ retryable: true, server: { status: 429 } });
  });

  it('logs out: the session ends on the server and calls need a new login', async () => {
    await client.login('db', { username: 'root', password: PASSWORD });
    expect(server.liveSessions()).toHaveLength(1);
    await client.logout();
    expect(server.liveSessions()).toHaveLength(0);
    await expect(client.search('SELECT f FROM Facility f')).rejects.toBeInstanceOf(SessionExpiredError);
  });

  it('never puts the session id or password in error messages or logs', async () => {
    const errors: unknown[] = [];
    await client.login('db', { username: 'root', password: 'pw-Wr0ng-123' }).catch((e: unknown) => errors.push(e));
    await client.login('db', { username: 'root', password: PASSWORD });
    const sid = server.liveSessions()[0] as string;
    await client.search('SELECT o FROM Nope o').catch((e: unknown) => errors.push(e));
    server.expireSessions();
    await client.search('SELECT f FROM Facility f').catch((e: unknown) => errors.push(e));
    expect(errors).toHaveLength(3);
    // the server's SESSION message itself contains the session id: the client must hide it
    const serverSaid = server.log.length > 0;
    expect(serverSaid).toBe(true);
    const text = [...errors.map((e) => `${(e as Error).message} ${JSON.stringify((e as CatalogError).server)}`), JSON.stringify(logs)].join('\n');
    expect(logs.length).toBeGreaterThan(5);
    for (const secret of [sid, PASSWORD, 'pw-Wr0ng-123']) expect(text).not.toContain(secret);
    expect(text).toContain('sessionId=***');
  });
});
