import { createHash } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, SKIP_BROWSER } from '../../io-nexus/src/testing/browser/chromium.js';
import type { TestBrowser } from '../../io-nexus/src/testing/browser/chromium.js';
import type { Page } from 'playwright-core';
import { PREFIX, USERS, collections } from './scicat/__fixtures__/scicat-data.js';
import { bundleCatalogPage } from './testing/browser/bundle.js';
import type { BrowserBundle } from './testing/browser/bundle.js';
import { runJob } from './testing/browser/jobs.js';
import type { CatalogAnswer, CatalogJob } from './testing/browser/jobs.js';
import { serveStatic } from './testing/browser/site.js';
import type { StaticSite } from './testing/browser/site.js';
import { startIcatServer } from './testing/icat-server.js';
import { startIcatPlusServer } from './testing/icatplus-server.js';
import type { IcatPlusServer } from './testing/icatplus-server.js';
import type { IcatServer } from './testing/icat-server.js';
import { startIdsServer } from './testing/ids-server.js';
import type { IdsServer } from './testing/ids-server.js';
import { startSciCatServer } from './testing/scicat-server.js';
import type { SciCatServer } from './testing/scicat-server.js';

// The clients in a real browser: a page importing the package's entry, bundled with esbuild for
// browsers, served from one origin on 127.0.0.1 and talking to the contract servers on others
// (CORS as facilities configure it), in headless Chromium. The same job runs in Node against
// the same servers; both answers must agree. Needs Chromium (/usr/bin/chromium or env
// PANDAAS_CHROMIUM); PANDAAS_SKIP_BROWSER=1 skips the browser part.

if (SKIP_BROWSER) console.warn('catalog-client browser tests SKIPPED: PANDAAS_SKIP_BROWSER=1 (Chromium is not run)');


const ICAT_PASSWORD = 'browser-pw-Secr3t';
const ALICE = USERS[0];
/** Deterministic bytes (a 32-bit LCG) for the IDS file. */
function bytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let s = seed >>> 0;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}
const DATA = bytes(700_000, 11);

let bundling: Promise<BrowserBundle> | undefined;
const bundle = () => (bundling ??= bundleCatalogPage());

describe('the package entry bundles for browsers without Node modules at import time', () => {
  it('reaches node: modules and undici only through dynamic import()', async () => {
    const { metafile, files } = await bundle();
    const nodeOnly = (path: string) => path.startsWith('node:') || path === 'undici';
    const imports = Object.values(metafile.outputs).flatMap((o) => o.imports.filter((i) => nodeOnly(i.path)));
    // the lazy ones are there (the proxy's undici, the file sink's node:fs), and only lazily
    expect(imports.map((i) => i.path)).toEqual(expect.arrayContaining(['undici', 'node:fs/promises']));
    expect(imports.filter((i) => i.kind !== 'dynamic-import')).toEqual([]);
    // no Node module was bundled in either
    expect(Object.keys(metafile.inputs).filter((p) => p.includes('node_modules/undici/'))).toEqual([]);
    expect([...files.keys()]).toEqual(expect.arrayContaining(['/index.html', '/page.js']));
  });
});

describe.skipIf(SKIP_BROWSER)('catalog clients in Chromium against the contract servers (CORS)', () => {
  let browser: TestBrowser | undefined;
  let site: StaticSite | undefined;
  let scicat: SciCatServer;
  let icat: IcatServer;
  let ids: IdsServer;
  let icatplus: IcatPlusServer;
  let page: Page;

  beforeAll(async () => {
    scicat = await startSciCatServer({ users: USERS, collections: collections(), cors: true });
    icat = await startIcatServer({ users: { root: ICAT_PASSWORD }, cors: true });
    ids = await startIdsServer({
      files: [{ id: 1, datasetId: 10, investigationId: 100, name: 'scan.h5', content: Buffer.from(DATA) }],
      restoreCalls: 2,
      isSessionValid: (sid) => icat.liveSessions().includes(sid),
      cors: true,
    });
    icatplus = await startIcatPlusServer({ anonymousSessionId: 'anon-browser-5e1d', cors: true });
    site = await serveStatic((await bundle()).files);
    browser = await launchChromium();
    page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err: Error) => errors.push(err.message));
    await page.goto(site.origin);
    await page.waitForFunction(() => 'pandaasCatalog' in globalThis, undefined, { timeout: 10_000 }).catch(() => {
      throw new Error(`the test page did not load: ${errors.join('; ') || 'no pandaasCatalog'}`);
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await Promise.all([scicat?.close(), icat?.close(), ids?.close(), icatplus?.close()]);
  });

  const job = (): CatalogJob => ({
    scicat: { url: scicat.url, username: ALICE.username, password: ALICE.password, where: { type: 'derived' } },
    icat: { url: icat.url, username: 'root', password: ICAT_PASSWORD, pageSize: 4 },
    ids: { url: ids.url, datafileIds: [1] },
    icatplus: { url: icatplus.url, datasetIds: [5, 6] },
  });

  it('logs in, searches, pages and downloads from the page as in Node, across origins', async () => {
    const inBrowser = await page.evaluate((j: CatalogJob) => (globalThis as unknown as { pandaasCatalog: (j: CatalogJob) => Promise<CatalogAnswer> }).pandaasCatalog(j), job());
    // SciCat: JWT login, a filtered search and counts (hand-checked against the fixture: the derived datasets of p100)
    expect(inBrowser.scicat.userId).toBe('alice');
    expect(inBrowser.scicat.pids).toEqual([`${PREFIX}ds-003`, `${PREFIX}ds-007`]);
    expect(inBrowser.scicat.count).toBe(2);
    expect(inBrowser.scicat.total).toBe(6);
    // ICAT: a search, and paging by id in pages of 4 that sees every dataset once
    const datasets = icat.store.rows('Dataset').map((r) => r.id);
    expect(datasets.length).toBeGreaterThan(4);
    expect(inBrowser.icat.searched).toEqual(datasets);
    expect(inBrowser.icat.paged).toEqual(datasets);
    const pageQueries = icat.log.filter((r) => r.path === '/icat/entityManager' && / LIMIT \d+, 4$/.test(r.query.get('query') ?? ''));
    expect(pageQueries.length).toBe(Math.ceil(datasets.length / 4) + (datasets.length % 4 === 0 ? 1 : 0));
    // IDS: restored from tape, then fetched into memory as a Blob, byte-identical
    expect(inBrowser.ids).toEqual({
      bytes: DATA.length,
      crc32: (zlibCrc32(DATA) >>> 0).toString(16),
      sha256: createHash('sha256').update(DATA).digest('hex'),
      isBlob: true,
    });
    expect(ids.log.some((r) => r.path === '/ids/prepareData' && r.method === 'POST')).toBe(true);
    // the browser really went through CORS: requests came from the page's origin
    expect(ids.log.find((r) => r.path === '/ids/getData')?.headers.origin).toBe(site?.origin);
    expect(icat.log.find((r) => r.path === '/icat/session')?.headers.origin).toBe(site?.origin);

    // ICAT+: the download redirect, which a browser cannot read (opaque) and so follows with HEAD
    expect(inBrowser.icatplus.resolved).toBe(`${icatplus.url}/ids/getData?sessionId=anon-browser-5e1d&datasetIds=5,6`);
    expect(icatplus.requests.filter((r) => r.startsWith('HEAD /ids/data/download'))).toHaveLength(2);
    expect(icatplus.requests.filter((r) => r.startsWith('HEAD /ids/getData'))).toHaveLength(1);

    // the same job in Node agrees (there the redirect's Location is read without following it)
    const before = icatplus.requests.length;
    expect(await runJob(job())).toEqual(inBrowser);
    expect(icatplus.requests.slice(before)).toEqual(['HEAD /ids/data/download?datasetIds=5%2C6']);
  }, 60_000);

  it('a server without CORS is refused by the browser as a network error, not silently', async () => {
    const closed = await startSciCatServer({ users: USERS, collections: collections() });
    try {
      const message = await page.evaluate(async (url: string) => {
        const run = (globalThis as unknown as { pandaasCatalog: (j: CatalogJob) => Promise<CatalogAnswer> }).pandaasCatalog;
        const j = { scicat: { url, username: 'alice', password: 'x', where: {} }, icat: { url, username: '', password: '', pageSize: 1 }, ids: { url, datafileIds: [] }, icatplus: { url, datasetIds: [] } };
        return run(j).then(
          () => 'resolved',
          (err: Error) => `${err.name}: ${err.message}`,
        );
      }, closed.url);
      // the transport's error for a failure without a response (what browsers report for a CORS refusal)
      expect(message).toMatch(/^CatalogError: POST http:\/\/127\.0\.0\.1:\d+\/api\/v3\/auth\/login: network error/);
    } finally {
      await closed.close();
    }
  }, 30_000);
});
