import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openH5 } from '../h5/open.js';
import { launchChromium, SKIP_BROWSER, type TestBrowser } from '../testing/browser/chromium.js';
import { bundleBrowserTest, type BrowserBundle } from '../testing/browser/bundle.js';
import { summarize, type BrowserAnswer, type BrowserJob, type ReadJob, type ReadResult } from '../testing/browser/jobs.js';
import { serveTestSite, type TestServer } from '../testing/browser/server.js';
import { expected, fixture, sharedData } from '../testing/data.js';

// io-nexus's browser path in a real browser: a page and its Web Worker bundled with esbuild from
// the package's sources, served on 127.0.0.1, run in headless Chromium. Files are chosen in an
// <input type=file> (so they are disk-backed File objects, as a user's), mounted with WORKERFS
// in the worker and read there; every array read is compared with what the Node path reads from
// the same file in this process, and with h5py's values (expected.json). Needs Chromium
// (/usr/bin/chromium or env PANDAAS_CHROMIUM); PANDAAS_SKIP_BROWSER=1 skips the browser part.

if (SKIP_BROWSER) console.warn('io-nexus browser tests SKIPPED: PANDAAS_SKIP_BROWSER=1 (Chromium is not run)');

let bundling: Promise<BrowserBundle> | undefined;
const bundle = () => (bundling ??= bundleBrowserTest());

/** What the Node path (openH5, files read in place) gives for the same reads. */
async function readInNode(path: string, reads: readonly ReadJob[]): Promise<ReadResult[]> {
  const file = await openH5(path);
  try {
    const results: ReadResult[] = [];
    for (const read of reads) {
      try {
        const array = await (await file.dataset(read.path)).read(read.selection);
        const data = array.dataSync() as ArrayLike<number>;
        results.push({ ok: true, shape: [...array.shape], dtype: array.dtype, summary: summarize(data), values: read.values ? Array.from(data) : undefined, ms: 0 });
      } catch (err) {
        results.push({ ok: false, name: (err as Error).name, message: (err as Error).message, ms: 0 });
      }
    }
    return results;
  } finally {
    await file.close();
  }
}

/** A result without its timing (and, for errors, without the message, which names the file's own path). */
function comparable(result: ReadResult) {
  return result.ok ? { ...result, ms: undefined } : { ok: false, name: result.name };
}

describe('the package bundles for browsers with esbuild, unconfigured', () => {
  it('builds a page and a worker with h5wasm ESM build and the plugin loader, never the Node build', async () => {
    const { files, metafile } = await bundle();
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.some((p) => p.endsWith('h5wasm/dist/esm/hdf5_util.js'))).toBe(true);
    expect(inputs.some((p) => p.endsWith('h5wasm-plugins/index.mjs'))).toBe(true);
    expect(inputs.some((p) => p.includes('h5wasm/dist/node/'))).toBe(false);
    expect([...files.keys()]).toEqual(expect.arrayContaining(['/index.html', '/page.js', '/h5-worker.js']));
  });
});

describe.skipIf(SKIP_BROWSER)('io-nexus in Chromium: Files in a Web Worker (WORKERFS), compared with the Node path', () => {
  let browser: TestBrowser | undefined;
  let server: TestServer | undefined;
  let page: Page;
  const timings: string[] = [];

  beforeAll(async () => {
    const built = await bundle();
    timings.push(`esbuild bundle ${built.ms.toFixed(0)} ms (${[...built.files.values()].reduce((n, f) => n + f.length, 0)} bytes)`);
    server = await serveTestSite(built.files);
    const launching = performance.now();
    browser = await launchChromium();
    page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(server.origin);
    await page.waitForFunction(() => 'pandaasRead' in globalThis, undefined, { timeout: 10_000 }).catch(() => {
      throw new Error(`the test page did not load: ${errors.join('; ') || 'no pandaasRead'}`);
    });
    timings.push(`${await page.evaluate(() => navigator.userAgent.match(/HeadlessChrome\/[\d.]+/)?.[0])}: launched and page loaded in ${(performance.now() - launching).toFixed(0)} ms`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (timings.length > 0) console.info(`io-nexus in Chromium:\n  ${timings.join('\n  ')}`);
  });

  /** Chooses `paths` in the page's file input, then runs `job` in the page. */
  async function readInBrowser(paths: string[], job: BrowserJob): Promise<BrowserAnswer> {
    await page.setInputFiles('#files', paths);
    const answer = await page.evaluate((j) => (globalThis as unknown as { pandaasRead(job: BrowserJob): Promise<BrowserAnswer> }).pandaasRead(j), job);
    const reads = answer.reads.map((r, k) => `${job.reads[k].path} ${JSON.stringify(job.reads[k].selection ?? [])} ${r.ms.toFixed(1)} ms`);
    timings.push(`${answer.fileName}: opened in the worker in ${answer.openMs.toFixed(0)} ms; ${reads.join('; ')}`);
    return answer;
  }

  it('chopper.nxs (deflate): the default NXdata, whole and strided reads, a typed error', async () => {
    const path = sharedData('nexus', 'chopper.nxs');
    const reads: ReadJob[] = [
      { path: '/entry/data/data' },
      { path: '/entry/data/data', selection: [[10, 20, 3], [100, 700, 50]], values: true },
      { path: '/entry/data/time_of_flight', values: true },
      { path: '/entry/nothing' },
    ];
    const answer = await readInBrowser([path], { pluginBaseUrl: '/plugins', reads, defaultPlot: true });
    expect(answer.fileName).toMatch(/\/chopper\.nxs$/);
    expect(answer.defaultPlot).toEqual({
      chain: ['/', '/entry', '/entry/data'],
      signal: '/entry/data/data',
      axes: ['/entry/data/polar_angle', '/entry/data/time_of_flight'],
      binEdges: [false, true],
    });
    expect(answer.reads.map(comparable)).toEqual((await readInNode(path, reads)).map(comparable));
    // and against h5py's reading of the file
    const [whole, strided, tof, missing] = answer.reads;
    expect(whole).toMatchObject({ ok: true, dtype: 'int32', shape: expected.shared.chopper.data.shape, summary: { sum: expected.shared.chopper.data.sum } });
    expect(strided).toMatchObject({ ok: true, shape: [4, 12], values: expected.shared.chopper.slice_10_20_3__100_700_50 });
    expect(tof).toMatchObject({ ok: true, dtype: 'float32', shape: expected.shared.chopper.tof.shape, summary: { sum: expected.shared.chopper.tof.sum } });
    expect(missing).toMatchObject({ ok: false, name: 'ObjectNotFoundError' });
    expect((missing as { message: string }).message).toContain('/entry/nothing');
  });

  it('bitshuffle.h5 (Eiger 4M, bitshuffle-LZ4): the plugin fetched from pluginBaseUrl decodes pixel 922, hyperslabs and the whole frame', async () => {
    const path = sharedData('nexus', 'bitshuffle.h5');
    const reads: ReadJob[] = [
      { path: '/entry/data/data', selection: [0, 1372, 613], values: true },
      { path: '/entry/data/data', selection: [0, 1372, [600, 620]], values: true },
      { path: '/entry/data/data', selection: [0, [1000, 1100], [500, 700]] },
      { path: '/entry/data/data' },
    ];
    const answer = await readInBrowser([path], { pluginBaseUrl: '/plugins', reads });
    expect(server?.requests).toContainEqual({ path: '/plugins/libH5Zbshuf.so', status: 200 });
    expect(answer.reads.map(comparable)).toEqual((await readInNode(path, reads)).map(comparable));
    const [pixel, row, block, frame] = answer.reads;
    expect(pixel).toMatchObject({ ok: true, dtype: 'uint32', shape: [], values: [922] }); // upstream's test pixel
    expect(row).toMatchObject({ ok: true, values: expected.shared.bitshuffle.row_1372_600_620 });
    expect(block).toMatchObject({ ok: true, shape: [100, 200], summary: { sum: expected.shared.bitshuffle.block_sum_1000_1100_500_700 } });
    expect(frame).toMatchObject({ ok: true, shape: [1, 2167, 2070], summary: { gaps: expected.shared.bitshuffle.count_ffffffff } });
  });

  it('without the plugin (a folder that serves none) the same read is a FilterError, not undecoded bytes', async () => {
    const answer = await readInBrowser([sharedData('nexus', 'bitshuffle.h5')], {
      pluginBaseUrl: '/no-plugins-here',
      reads: [{ path: '/entry/data/data', selection: [0, 1372, 613] }],
    });
    expect(server?.requests).toContainEqual({ path: '/no-plugins-here/libH5Zbshuf.so', status: 404 });
    expect(answer.reads[0]).toMatchObject({ ok: false, name: 'FilterError' });
    expect((answer.reads[0] as { message: string }).message).toMatch(/bitshuffle|32008/);
  });

  it('a virtual dataset resolves its source files among the files chosen together (siblings)', async () => {
    const paths = [fixture('vds', 'master.h5'), fixture('vds', 'data_000001.h5'), fixture('vds', 'data_000002.h5')];
    const reads: ReadJob[] = [{ path: '/entry/data/data' }, { path: '/entry/data/data', selection: [3], values: true }];
    const answer = await readInBrowser(paths, { pluginBaseUrl: '/plugins', reads });
    expect(answer.reads.map(comparable)).toEqual((await readInNode(paths[0], reads)).map(comparable));
    expect(answer.reads[0]).toMatchObject({ ok: true, shape: expected['vds/master.h5'].data.shape, summary: { sum: expected['vds/master.h5'].data.sum } });
    expect(answer.reads[1]).toMatchObject({ ok: true, values: expected['vds/master.h5'].frame_3 });
  });
});
