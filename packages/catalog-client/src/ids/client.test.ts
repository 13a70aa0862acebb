import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CatalogError, DestinationExistsError, NotOnlineError, QueryError, TransferError } from '../errors.js';
import { IcatClient } from '../icat/client.js';
import { startIcatServer } from '../testing/icat-server.js';
import type { IcatServer } from '../testing/icat-server.js';
import { startIdsServer } from '../testing/ids-server.js';
import type { IdsFile, IdsServer } from '../testing/ids-server.js';
import { IdsClient } from './client.js';
import type { IdsPollStatus, IdsProgress } from './client.js';
import { crc32Hex, crc32Update, sameCrc32 } from './crc32.js';
import { nodeFileSink } from './file-sink.js';
import type { FileSink } from './file-sink.js';

/** Deterministic pseudo-random bytes (a 32-bit LCG), so every run downloads the same data. */
function bytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let s = seed >>> 0;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');
const BIG = bytes(1_500_000, 7);
const FILES: IdsFile[] = [
  { id: 1, datasetId: 10, investigationId: 100, name: 'big.h5', content: BIG },
  { id: 2, datasetId: 10, investigationId: 100, name: 'small.txt', content: Buffer.from('hello IDS\n') },
  ...Array.from({ length: 2000 }, (_, i) => ({ id: 1000 + i, datasetId: 20, investigationId: 100, name: `f${i}`, content: Buffer.from([i & 255]) })),
];

describe('crc32', () => {
  it('matches the standard check value and zlib, and compares IDS hex leniently', () => {
    const check = new TextEncoder().encode('123456789');
    expect(crc32Update(0, check)).toBe(0xcbf43926);
    const split = crc32Update(crc32Update(0, BIG.subarray(0, 777)), BIG.subarray(777));
    expect(split).toBe(zlibCrc32(BIG));
    expect(crc32Hex(0xabcd)).toBe('abcd');
    expect(sameCrc32('0000ABCD', 0xabcd)).toBe(true);
    expect(sameCrc32('abce', 0xabcd)).toBe(false);
  });
});

describe('IdsClient against the IDS contract server', () => {
  let icatServer: IcatServer;
  let server: IdsServer;
  let icat: IcatClient;
  let ids: IdsClient;
  let dir: string;

  beforeAll(async () => {
    icatServer = await startIcatServer({ fixtures: false, users: { root: 'pw-ids-test' } });
  });
  afterAll(async () => {
    await icatServer.close();
  });
  beforeEach(async () => {
    server = await startIdsServer({ files: FILES, restoreCalls: 2, isSessionValid: (sid) => icatServer.liveSessions().includes(sid) });
    icat = new IcatClient({ url: icatServer.url, proxy: false });
    await icat.login('db', { username: 'root', password: 'pw-ids-test' }, { relogin: true });
    ids = new IdsClient({ url: server.url, session: icat, proxy: false, retry: { maxAttempts: 2, baseDelayMs: 5 } });
    dir = await mkdtemp(join(tmpdir(), 'ids-test-'));
  });
  afterEach(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prepares 2000 datafile ids in the POST body, where a URL would be refused', async () => {
    const many = FILES.filter((f) => f.datasetId === 20).map((f) => f.id);
    const preparedId = await ids.prepareData({ datafileIds: many });
    const post = server.log.find((r) => r.path === '/ids/prepareData');
    expect(post?.query.toString()).toBe('');
    expect(new URLSearchParams(post?.body.toString()).get('datafileIds')?.split(',')).toHaveLength(2000);
    await expect(ids.getSize(preparedId)).resolves.toBe(2000);
    // the same selection in a query string exceeds the server's URL limit
    const refused = await ids.getStatus({ datafileIds: many }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CatalogError);
    expect((refused as CatalogError).server?.status).toBe(414);
  });

  it('goes ARCHIVED -> RESTORING -> ONLINE, 503 NotOnlineError while offline, polling with backoff', async () => {
    await expect(ids.getStatus({ datasetIds: [10] })).resolves.toBe('ARCHIVED');
    const preparedId = await ids.prepareData({ datafileIds: [1] });
    await expect(ids.getStatus(preparedId)).resolves.toBe('RESTORING');
    const offline = await ids.download(preparedId, join(dir, 'x')).catch((e: unknown) => e);
    expect(offline).toBeInstanceOf(NotOnlineError);
    expect((offline as NotOnlineError).server).toMatchObject({ status: 503, code: 'DataNotOnlineException' });
    expect(existsSync(join(dir, 'x'))).toBe(false);
    const seen: IdsPollStatus[] = [];
    await ids.waitUntilPrepared(preparedId, { initialDelayMs: 40, maxDelayMs: 1000, onStatus: (s) => seen.push(s) });
    // restoreCalls 2: prepareData was the first call, so isPrepared says false once, then true
    expect(seen.map((s) => s.status)).toEqual(['RESTORING', 'ONLINE']);
    expect((seen[1] as IdsPollStatus).elapsedMs).toBeGreaterThanOrEqual(35);
  });

  it('doubles the wait between polls and honours time-based restores', async () => {
    await server.close();
    server = await startIdsServer({ files: FILES, restoreCalls: 1000, restoreMs: 250 });
    ids = new IdsClient({ url: server.url, session: icat, proxy: false });
    const preparedId = await ids.prepareData({ datafileIds: [2] });
    const seen: IdsPollStatus[] = [];
    await ids.waitUntilPrepared(preparedId, { initialDelayMs: 20, maxDelayMs: 1000, onStatus: (s) => seen.push(s) });
    expect(seen.at(-1)?.status).toBe('ONLINE');
    expect((seen.at(-1) as IdsPollStatus).elapsedMs).toBeGreaterThanOrEqual(240);
    // waits 20, 40, 80, 160 ms: at most 5 polls fit before 250 ms have passed (+ the final one)
    expect(seen.length).toBeLessThanOrEqual(6);
    const gaps = seen.slice(1).map((s, i) => s.elapsedMs - (seen[i] as IdsPollStatus).elapsedMs);
    // timers never fire early (1 ms slack): gap i is at least 20 * 2^i ms
    expect(gaps.length).toBeGreaterThanOrEqual(3);
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(20 * 2 ** i - 1));
  });

  async function online(id: number): Promise<string> {
    const preparedId = await ids.prepareData({ datafileIds: [id] });
    await ids.waitUntilPrepared(preparedId, { initialDelayMs: 1 });
    return preparedId;
  }

  it('streams to disk with progress, verifies size and CRC-32, renames when complete', async () => {
    const preparedId = await online(1);
    const progress: IdsProgress[] = [];
    const dest = join(dir, 'big.h5');
    const result = await ids.download(preparedId, dest, { expectedSize: BIG.length, expectedChecksum: zlibCrc32(BIG).toString(16), onProgress: (p) => progress.push(p) });
    expect(sha256(await readFile(dest))).toBe(sha256(BIG));
    expect(result).toMatchObject({ bytes: BIG.length, resumes: 0 });
    expect(progress.at(-1)).toEqual({ bytes: BIG.length, total: BIG.length, resumes: 0 });
    expect(progress.every((p, i) => i === 0 || p.bytes > (progress[i - 1] as IdsProgress).bytes)).toBe(true);
    expect(existsSync(`${dest}.part`)).toBe(false);
  });

  it('resumes with Range: bytes=N- on the same preparedId after a cut', async () => {
    const preparedId = await online(1);
    server.idsFaults.cutAt = [400_000];
    const dest = join(dir, 'big.h5');
    const result = await ids.download(preparedId, dest);
    expect(result.resumes).toBe(1);
    const gets = server.log.filter((r) => r.path === '/ids/getData');
    expect(gets).toHaveLength(2);
    expect(gets.every((r) => r.query.get('preparedId') === preparedId)).toBe(true);
    expect(gets[0]?.headers.range).toBeUndefined();
    const offset = Number(/^bytes=(\d+)-$/.exec(gets[1]?.headers.range ?? '')?.[1]);
    expect(offset).toBeGreaterThan(0);
    expect(offset).toBeLessThanOrEqual(400_000);
    expect(sha256(await readFile(dest))).toBe(sha256(BIG));
  });

  it('accepts a 206 without Content-Range (as ids.server sends) and still refuses a Content-Range at another offset', async () => {
    const preparedId = await online(1);
    server.idsFaults.cutAt = [400_000];
    const dest = join(dir, 'big.h5');
    const plain = await ids.download(preparedId, dest, { expectedSize: BIG.length });
    expect(plain.resumes).toBe(1);
    expect(sha256(await readFile(dest))).toBe(sha256(BIG));
    // a proxy that rewrites the resumed reply to claim another start offset
    const fetch = async (input: string, init: RequestInit): Promise<Response> => {
      const response = await globalThis.fetch(input, init);
      if (!new Headers(init.headers).has('range')) return response;
      const headers = new Headers(response.headers);
      headers.set('content-range', `bytes 7-${BIG.length - 1}/${BIG.length}`);
      return new Response(response.body, { status: 206, headers });
    };
    const shifted = new IdsClient({ url: server.url, session: icat, proxy: false, fetch, retry: { maxAttempts: 2, baseDelayMs: 5 } });
    server.idsFaults.cutAt = [400_000];
    const dest2 = join(dir, 'shifted.h5');
    const err = await shifted.download(preparedId, dest2).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransferError);
    expect((err as Error).message).toMatch(/resumed at byte 7 instead of \d+/);
    expect(existsSync(dest2)).toBe(false);
  });

  it('survives three cuts byte-identical, and gives up with TransferError beyond maxResumes', async () => {
    const preparedId = await online(1);
    server.idsFaults.cutAt = [100_000, 600_000, 1_200_000];
    const dest = join(dir, 'big.h5');
    const result = await ids.download(preparedId, dest, { expectedChecksum: zlibCrc32(BIG).toString(16) });
    expect(result.resumes).toBe(3);
    expect(sha256(await readFile(dest))).toBe(sha256(BIG));
    server.idsFaults.cutAt = [100_000, 600_000, 1_200_000];
    const dest2 = join(dir, 'again.h5');
    const err = await ids.download(preparedId, dest2, { maxResumes: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransferError);
    expect(existsSync(dest2)).toBe(false);
    // the partial file is kept and a later run resumes it
    const partial = (await readFile(`${dest2}.part`)).length;
    expect(partial).toBeGreaterThan(0);
    const resumed = await ids.download(preparedId, dest2, { resume: true, expectedChecksum: zlibCrc32(BIG).toString(16) });
    expect(resumed.bytes).toBe(BIG.length);
    expect(server.log.filter((r) => r.path === '/ids/getData').at(-1)?.headers.range).toBe(`bytes=${partial}-`);
    expect(sha256(await readFile(dest2))).toBe(sha256(BIG));
  });

  it('downloads into memory as a Blob (the browser path), resuming cuts and checking the CRC-32', async () => {
    const preparedId = await online(1);
    server.idsFaults.cutAt = [250_000, 900_000];
    const blob = await ids.getDataBlob(preparedId, { expectedChecksum: zlibCrc32(BIG).toString(16) });
    expect(blob.size).toBe(BIG.length);
    expect(sha256(new Uint8Array(await blob.arrayBuffer()))).toBe(sha256(BIG));
    const ranges = server.log.filter((r) => r.path === '/ids/getData').map((r) => r.headers.range);
    expect(ranges).toHaveLength(3);
    expect(ranges[0]).toBeUndefined();
    server.idsFaults.cutAt = [];
    const wrong = await ids.getDataBlob(preparedId, { expectedChecksum: 'deadbeef' }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(TransferError);
  });

  it('a network failure while resuming is a retryable TransferError that keeps its cause and the .part', async () => {
    const preparedId = await online(1);
    server.idsFaults.cutAt = [300_000];
    const refused = new TypeError('fetch failed: connection refused');
    // the first getData reaches the server; every Range request fails before a response
    const fetch = (input: string, init: RequestInit): Promise<Response> =>
      new Headers(init.headers).has('range') ? Promise.reject(refused) : globalThis.fetch(input, init);
    const cutOff = new IdsClient({ url: server.url, session: icat, proxy: false, fetch, retry: { maxAttempts: 2, baseDelayMs: 5 } });
    const dest = join(dir, 'cut.h5');
    const err = await cutOff.download(preparedId, dest).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransferError);
    expect((err as TransferError).retryable).toBe(true);
    expect((err as TransferError).message).toMatch(/resuming .* at byte \d+ failed/);
    const transportError = (err as TransferError).cause as CatalogError;
    expect(transportError).toBeInstanceOf(CatalogError);
    expect(transportError.message).toContain('after 2 attempts');
    expect(transportError.cause).toBe(refused);
    expect(existsSync(dest)).toBe(false);
    expect((await readFile(`${dest}.part`)).length).toBeGreaterThan(0);
  });

  it('treats a stalled (slow) body as a cut and resumes it, unaffected by ICAT session expiry', async () => {
    const preparedId = await online(1);
    server.idsFaults.chunkBytes = 256 * 1024;
    server.idsFaults.chunkDelayMs = 150;
    const dest = join(dir, 'big.h5');
    // each response sends one chunk then stalls for longer than the idle timeout
    const result = await ids.download(preparedId, dest, { idleTimeoutMs: 50, maxResumes: 10, onProgress: () => icatServer.expireSessions() });
    expect(result.resumes).toBe(Math.ceil(BIG.length / (256 * 1024)) - 1);
    expect(sha256(await readFile(dest))).toBe(sha256(BIG));
  });

  it('never replaces an existing destination unless overwrite is asked for', async () => {
    const preparedId = await online(2);
    const dest = join(dir, 'small.txt');
    await writeFile(dest, 'precious');
    const before = await ids.download(preparedId, dest).catch((e: unknown) => e);
    expect(before).toBeInstanceOf(DestinationExistsError);
    expect((before as DestinationExistsError).path).toBe(dest);
    expect((before as Error).message).toContain(dest);
    expect(await readFile(dest, 'utf8')).toBe('precious');
    // the file appears while the bytes are on their way: the finished download stays in .part
    await rm(dest);
    const late = await ids.download(preparedId, dest, { onProgress: () => writeFileSync(dest, 'late') }).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(DestinationExistsError);
    expect(await readFile(dest, 'utf8')).toBe('late');
    expect(await readFile(`${dest}.part`, 'utf8')).toBe('hello IDS\n');
    const replaced = await ids.download(preparedId, dest, { overwrite: true });
    expect(replaced.bytes).toBe(10);
    expect(await readFile(dest, 'utf8')).toBe('hello IDS\n');
    expect(existsSync(`${dest}.part`)).toBe(false);
  });

  it('rejects a checksum or size mismatch with TransferError and leaves no file', async () => {
    const preparedId = await online(2);
    const dest = join(dir, 'small.txt');
    const wrongCrc = ((zlibCrc32(Buffer.from('hello IDS\n')) ^ 1) >>> 0).toString(16);
    await expect(ids.download(preparedId, dest, { expectedChecksum: wrongCrc })).rejects.toBeInstanceOf(TransferError);
    await expect(ids.download(preparedId, dest, { expectedSize: 11 })).rejects.toBeInstanceOf(TransferError);
    expect(existsSync(dest)).toBe(false);
    expect(existsSync(`${dest}.part`)).toBe(false);
  });

  it('reports a full disk as TransferError (ENOSPC) with nothing half-written', async () => {
    const preparedId = await online(1);
    const real = await nodeFileSink();
    let budget = 300_000; // the "disk" holds 300 kB
    const fullDisk: FileSink = {
      ...real,
      async open(path, mode) {
        const file = await real.open(path, mode);
        return {
          async write(chunk) {
            if (chunk.length > budget) throw Object.assign(new Error('no space left on device, write'), { code: 'ENOSPC' });
            budget -= chunk.length;
            await file.write(chunk);
          },
          close: () => file.close(),
        };
      },
    };
    const dest = join(dir, 'big.h5');
    const err = await ids.download(preparedId, dest, { sink: fullDisk }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransferError);
    expect((err as Error).message).toContain('ENOSPC');
    expect(existsSync(dest)).toBe(false);
    expect(existsSync(`${dest}.part`)).toBe(false);
  });

  it('stops on abort without a file at the destination', async () => {
    const preparedId = await online(1);
    server.idsFaults.chunkBytes = 64 * 1024;
    server.idsFaults.chunkDelayMs = 30;
    const controller = new AbortController();
    const dest = join(dir, 'big.h5');
    const err = await ids
      .download(preparedId, dest, { signal: controller.signal, onProgress: (p) => p.bytes > 100_000 && controller.abort() })
      .catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
    expect(existsSync(dest)).toBe(false);
  });

  it('lets an exception of onProgress through as is, without resuming', async () => {
    const preparedId = await online(1);
    server.idsFaults.chunkBytes = 64 * 1024;
    const dest = join(dir, 'big.h5');
    const mine = new RangeError('the progress bar broke');
    const err = await ids
      .download(preparedId, dest, {
        onProgress: (p) => {
          if (p.bytes > 100_000) throw mine;
        },
      })
      .catch((e: unknown) => e);
    expect(err).toBe(mine);
    expect(server.log.filter((r) => r.path === '/ids/getData')).toHaveLength(1);
    expect(existsSync(dest)).toBe(false);
    expect((await readFile(`${dest}.part`)).length).toBeGreaterThan(100_000);
  });

  it('refuses Range forms other than an offset, as IDS does', async () => {
    const preparedId = await online(2);
    const err = await ids.http.request({ path: 'ids/getData', query: { preparedId }, headers: { range: 'bytes=0-3' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueryError);
    expect((err as QueryError).server?.code).toBe('BadRequestException');
  });

  it('puts bytes for ingest and gets them back identical', async () => {
    const data = bytes(50_000, 99);
    const put = await ids.put(data, { name: 'ingest.bin', datasetId: 10, datafileFormatId: 1 });
    expect(put).toMatchObject({ size: data.length, checksum: zlibCrc32(data).toString(16) });
    const req = server.log.find((r) => r.path === '/ids/put');
    expect(req?.headers['content-type']).toBe('application/octet-stream');
    const preparedId = await ids.prepareData({ datafileIds: [put.id] });
    const dest = join(dir, 'ingest.bin');
    await ids.download(preparedId, dest, { expectedChecksum: put.checksum, expectedSize: put.size });
    expect(sha256(await readFile(dest))).toBe(sha256(data));
  });

  it('does not resend put after a network error or a 503, but does after a 429', async () => {
    const data = bytes(1000, 5);
    const count = server.files.size;
    const puts = (): number => server.log.filter((r) => r.path === '/ids/put').length;
    server.faults.drop = { count: 1 };
    const dropped = await ids.put(data, { name: 'a.bin', datasetId: 10 }).catch((e: unknown) => e);
    expect(dropped).toBeInstanceOf(CatalogError);
    expect((dropped as CatalogError).server).toBeUndefined();
    expect(puts()).toBe(1);
    server.faults.storm = { status: 503, count: 1, retryAfter: '0' };
    const busy = await ids.put(data, { name: 'b.bin', datasetId: 10 }).catch((e: unknown) => e);
    expect((busy as CatalogError).server?.status).toBe(503);
    expect(puts()).toBe(2);
    expect(server.files.size).toBe(count);
    server.faults.storm = { status: 429, count: 1, retryAfter: '0' };
    const put = await ids.put(data, { name: 'c.bin', datasetId: 10 });
    expect(puts()).toBe(4);
    expect(server.files.size).toBe(count + 1);
    expect(server.files.get(put.id)?.name).toBe('c.bin');
  });

  it('keeps session ids and preparedIds out of error messages and logs', async () => {
    const logs: unknown[] = [];
    const client = new IdsClient({ url: server.url, session: icat, proxy: false, retry: { maxAttempts: 1 }, logger: (e) => logs.push(e) });
    const errors: unknown[] = [];
    const preparedId = await client.prepareData({ datafileIds: [1] });
    await client.download(preparedId, join(dir, 'x')).catch((e: unknown) => errors.push(e));
    const stale = '6f1c2a57-0000-4000-8000-00000000beef';
    await client.getSize(stale).catch((e: unknown) => errors.push(e));
    const sid = icatServer.liveSessions()[0] as string;
    const bare = new IdsClient({ url: server.url, session: { withSession: (call) => call(sid) }, proxy: false, logger: (e) => logs.push(e) });
    icatServer.expireSessions();
    await bare.getStatus({ datafileIds: [1] }).catch((e: unknown) => errors.push(e));
    expect(errors.map((e) => (e as Error).constructor.name)).toEqual(['NotOnlineError', 'NotFoundError', 'SessionExpiredError']);
    const text = `${errors.map((e) => `${(e as Error).message} ${JSON.stringify((e as CatalogError).server)}`).join('\n')}\n${JSON.stringify(logs)}`;
    for (const secret of [preparedId, stale, sid]) expect(text).not.toContain(secret);
  });

  it('logs in again when the ICAT session expired between IDS calls', async () => {
    icatServer.expireSessions();
    const preparedId = await ids.prepareData({ datafileIds: [2] });
    expect(preparedId).toMatch(/^[\w-]+$/);
    expect(icatServer.liveSessions()).toHaveLength(1);
  });
});
