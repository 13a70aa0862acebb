import type { NdArray } from '@pandaas/core';
import { AzimuthalIntegrator, type Integrate1dOptions, type Integrate1dResult } from '@pandaas/integrate';
import { findDefaultNxData, openH5, readImage, readNxData } from '@pandaas/io-nexus';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, SKIP_BROWSER, type TestBrowser } from '../../../packages/io-nexus/src/testing/browser/chromium.js';
import { pluginFolder } from '../../../packages/io-nexus/src/testing/browser/server.js';
import { compareWithGolden as compareWithPlotGolden, decodePng } from '../../../packages/plot/src/testing/golden.js';
import type { PatternSnapshot, ViewerTestHook } from './test-hook.js';
import { edfBytes } from './testing/edf.js';
import { buildViewer, serveFolder, type BuiltSite, type SiteServer } from './testing/site.js';

// The viewer as a user gets it: built by Vite's JS API with the app's own vite.config.ts, served
// from a static folder with COOP/COEP, driven in headless Chromium through the file input and the
// page's controls, on the real SSRL LaB6 data (examples/data/ssrl-lab6). What the page computes is
// checked against the packages run here in Node on the same inputs:
// - the 1D pattern against integrate1d in Node (same frame, PONI and options): on the CPU backend
//   the same code runs in both, so radial positions, counts and intensities must agree to 1e-9
//   relative (see CPU_TOLERANCE); if the page ran on WebGPU, intensities to 1e-5 relative on bins of >= 100 pixels
//   (docs/integrate.md's WebGPU bound);
// - the downloaded NeXus file, read back by io-nexus, holds the page's numbers exactly (float64);
// - screenshots of the frame and of the pattern against goldens (src/__goldens__, written with
//   UPDATE_GOLDENS=1) within @pandaas/plot's tolerance (at most 0.1 % of the pixels differ).
// Bad input (an unreadable file dropped on the page, a wrong HDF5 path, a malformed PONI file, a
// PONI of another detector) must show a message in the alert box, never a stack trace, and leave
// the page working. Needs Chromium (/usr/bin/chromium or env PANDAAS_CHROMIUM);
// PANDAAS_SKIP_BROWSER=1 skips it.

/** The viewer's goldens (src/__goldens__) through @pandaas/plot's comparison and tolerance. */
const compareWithGolden = (name: string, png: Uint8Array): number =>
  compareWithPlotGolden(name, png, { folder: fileURLToPath(new URL('__goldens__', import.meta.url)), label: 'viewer' });

if (SKIP_BROWSER) console.warn('viewer browser tests SKIPPED: PANDAAS_SKIP_BROWSER=1 (Chromium is not run)');

const DATA = fileURLToPath(new URL('../../data/ssrl-lab6/', import.meta.url));
const NXS = join(DATA, 'lab6_tth_scan.nxs');
const PONI = join(DATA, 'lab6_0032.poni');
/** The geometry of frame 1 of the scan (lab6_0032). */
const FRAME = 1;
const NPT = 500;
/** The integration the test asks of the page (#npt, #unit; the page always gives Poisson errors). */
const PAGE_OPTIONS = { npt: NPT, unit: '2th_deg', errorModel: 'poisson' } as const satisfies Integrate1dOptions;
/**
 * The page and Node run the same CPU code, in different V8s (Chromium's, Node 20's), whose
 * Math.sin/cos/atan2 may differ in the last bit; the pixel positions are rounded to float32 as
 * pyFAI does, so such a bit can move a float32 corner by one ulp and a bbox fraction with it:
 * 1e-9 relative on every bin (measured: at most 1.2e-10 on counts, 1.1e-10 on intensities).
 */
const CPU_TOLERANCE = 1e-9;
/** docs/integrate.md: WebGPU sums within 1e-5 relative of the CPU's on bins of >= 100 pixels. */
const WEBGPU_TOLERANCE = 1e-5;

type Hooked = { __viewer: ViewerTestHook };

/** Reproducible bytes that are not HDF5 (a linear congruential sequence). */
function noise(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = 12345;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

/** The mask integrate1d takes for a frame's negative pixels (computed here independently of the page). */
function negatives(frame: NdArray): { mask: Uint8Array; count: number } {
  const values = frame.dataSync();
  const mask = Uint8Array.from(values, (v) => (v < 0 ? 1 : 0));
  return { mask, count: mask.reduce((n, m) => n + m, 0) };
}

/** Largest |a - b| / |b| over the bins `keep` selects (0 where both are 0). */
function maxRelative(a: readonly number[] | Float64Array, b: readonly number[] | Float64Array, keep: (i: number) => boolean = () => true): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < b.length; i++) {
    if (!keep(i)) continue;
    const d = Math.abs(a[i] - b[i]);
    if (d > 0) worst = Math.max(worst, d / Math.abs(b[i]));
  }
  return worst;
}

/** Distinct RGBA colours inside `rect` of a PNG screenshot. */
function coloursIn(png: Uint8Array, rect: { x: number; y: number; w: number; h: number }): number {
  const img = decodePng(png);
  const colours = new Set<number>();
  for (let y = Math.ceil(rect.y); y < Math.floor(rect.y + rect.h); y++) {
    for (let x = Math.ceil(rect.x); x < Math.floor(rect.x + rect.w); x++) {
      const i = (y * img.width + x) * 4;
      colours.add(((img.data[i] << 24) | (img.data[i + 1] << 16) | (img.data[i + 2] << 8) | img.data[i + 3]) >>> 0);
    }
  }
  return colours.size;
}

let building: Promise<BuiltSite> | undefined;
/** The viewer built once for this file (the build test and the browser tests). */
const built = () => (building ??= buildViewer());

afterAll(async () => (await building)?.remove());

describe('the viewer builds with Vite and its own vite.config.ts', () => {
  it('takes the workspace packages from their TypeScript sources, starts a module worker, and ships the HDF5 filters', async () => {
    const site = await built();
    const sources = (pkg: string) => site.modules.some((id) => id.includes(`/packages/${pkg}/src/`));
    expect(['core', 'io-nexus', 'plot', 'integrate'].map(sources)).toEqual([true, true, true, true]);
    expect(site.modules.filter((id) => /\/packages\/[^/]+\/dist\//.test(id) || id.includes('h5wasm/dist/node'))).toEqual([]);
    const assets = readdirSync(join(site.folder, 'assets'));
    const worker = assets.find((name) => /^h5-worker-.*\.js$/.test(name));
    expect(worker).toBeDefined();
    const page = assets.filter((name) => name.endsWith('.js')).map((name) => readFileSync(join(site.folder, 'assets', name), 'utf8')).join('\n');
    // the page starts the worker chunk as a module worker
    expect(page).toMatch(new RegExp(`new Worker\\([^;]*${worker!.replace(/\./g, '\\.')}[^;]*type:\\s*[\`"']module[\`"']`));
    const filters = readdirSync(pluginFolder()).filter((name) => name.endsWith('.so'));
    expect(filters).toContain('libH5Zbshuf.so');
    expect(readdirSync(join(site.folder, 'h5wasm-plugins')).sort()).toEqual(filters.sort());
    expect(readFileSync(join(site.folder, 'index.html'), 'utf8')).toMatch(/src="\.\/assets\/index-[^"]+\.js"/); // relative URLs
  });
});

describe.skipIf(SKIP_BROWSER)('the viewer, built with Vite and driven in Chromium', () => {
  let site: BuiltSite | undefined;
  let server: SiteServer | undefined;
  let browser: TestBrowser | undefined;
  let page: Page;
  let scratch: string;
  const pageErrors: string[] = [];
  const timings: string[] = [];

  const idle = () => page.evaluate(() => (window as unknown as Hooked).__viewer.idle());
  const snapshot = () => page.evaluate(() => (window as unknown as Hooked).__viewer.pattern());
  const alertText = async () => ((await page.getByRole('alert').isVisible()) ? await page.getByRole('alert').innerText() : '');
  /** Moves the slider of leading dimension `dim` to `value`, as dragging it does. */
  const slide = (dim: number, value: number) =>
    page.locator(`#frame-${dim}`).evaluate((input: HTMLInputElement, v) => {
      input.value = String(v);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }, value);
  const timed = async <T>(what: string, step: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    const value = await step();
    timings.push(`${what}: ${(performance.now() - start).toFixed(0)} ms`);
    return value;
  };

  /**
   * integrate1d in Node with the options the page is asked for here (NPT bins of 2θ in degrees,
   * Poisson errors, bbox splitting with CSR on the CPU), and the negative-pixel mask computed here.
   */
  async function integrateInNode(frame: NdArray, poni: string): Promise<{ result: Integrate1dResult; masked: number }> {
    const ai = AzimuthalIntegrator.fromPoni(poni, 'lab6_0032.poni');
    const { mask, count } = negatives(frame);
    const options: Integrate1dOptions = { ...PAGE_OPTIONS, method: ['bbox', 'csr', 'cpu'], mask };
    return { result: await ai.integrate1d(frame, options), masked: count };
  }

  /** The page reports the options it was asked for, with the method of the backend that ran. */
  function expectPageOptions(pattern: PatternSnapshot): void {
    expect(pattern.options).toEqual({ ...PAGE_OPTIONS, method: ['bbox', 'csr', pattern.backend] });
  }

  /** Checks the page's pattern against Node's, with the tolerance of the backend that ran. */
  function expectSamePattern(pattern: PatternSnapshot, reference: Integrate1dResult): void {
    expect(maxRelative(pattern.radial, reference.radial)).toBeLessThanOrEqual(CPU_TOLERANCE);
    timings.push(`page vs Node (${pattern.backend}): counts ${maxRelative(pattern.count, reference.count).toExponential(1)}, intensities ${maxRelative(pattern.intensity, reference.intensity).toExponential(1)} relative at most`);
    if (pattern.backend === 'cpu') {
      expect(maxRelative(pattern.count, reference.count)).toBeLessThanOrEqual(CPU_TOLERANCE);
      expect(maxRelative(pattern.intensity, reference.intensity)).toBeLessThanOrEqual(CPU_TOLERANCE);
      expect(maxRelative(pattern.sigma ?? [], reference.sigma ?? [])).toBeLessThanOrEqual(CPU_TOLERANCE);
    } else {
      expect(pattern.backend).toBe('webgpu');
      expect(maxRelative(pattern.intensity, reference.intensity, (i) => reference.count[i] >= 100)).toBeLessThanOrEqual(WEBGPU_TOLERANCE);
    }
  }

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'pandaas-viewer-test-'));
    site = await built();
    timings.push(`vite build: ${site.ms.toFixed(0)} ms`);
    server = await serveFolder(site.folder);
    browser = await timed('Chromium launched', launchChromium);
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 1000 });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(`${server.origin}/?test`);
    await page.waitForFunction(() => '__viewer' in window, undefined, { timeout: 10_000 }).catch(() => {
      throw new Error(`the viewer did not start: ${pageErrors.join('; ') || 'no window.__viewer'}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
    if (timings.length > 0) console.info(`viewer in Chromium:\n  ${timings.join('\n  ')}`);
  });

  it('installs window.__viewer only when the URL asks for it (?test)', async () => {
    const plain = await browser!.context.newPage();
    try {
      await plain.goto(`${server!.origin}/`);
      // main.ts sets the file input's accepted extensions, then (same task) would install the hook
      await plain.waitForFunction(() => (document.getElementById('file-input') as HTMLInputElement | null)?.accept !== '', undefined, { timeout: 10_000 });
      expect(await plain.evaluate(() => '__viewer' in window)).toBe(false);
    } finally {
      await plain.close();
    }
  });

  it('is cross-origin isolated (COOP/COEP), so the CPU pool runs Web Workers', async () => {
    expect(await page.evaluate(() => (window as unknown as Hooked).__viewer.isolated())).toBe(true);
    expect(await page.getByRole('alert').isHidden()).toBe(true);
  });

  it('opens the NeXus file and the PONI file, marks the default NXdata, browses to /entry/data/data and plots frame 1', async () => {
    await timed('open lab6_tth_scan.nxs + lab6_0032.poni (worker start, tree, default plot)', async () => {
      await page.setInputFiles('#file-input', [NXS, PONI]);
      await idle();
    });
    expect(await alertText()).toBe('');
    // the HDF5 worker fetched the compression filters from the built folder
    expect(server?.requests).toContainEqual({ path: '/h5wasm-plugins/libH5Zbshuf.so', status: 200 });
    // the tree: the @default chain is open, the default NXdata group marked
    const nxdata = page.locator('details[data-path="/entry/data"]');
    expect(await nxdata.getAttribute('class')).toContain('default');
    expect(await nxdata.getAttribute('data-nx-class')).toBe('NXdata');
    expect(await nxdata.locator(':scope > summary .badge').innerText()).toBe('default');
    expect(await page.locator('details[data-path="/entry"]').getAttribute('data-nx-class')).toBe('NXentry');
    expect(await page.locator('details[data-path="/entry/instrument"]').getAttribute('data-nx-class')).toBe('NXinstrument');
    const dataset = page.locator('button[data-path="/entry/data/data"]');
    expect(await dataset.innerText()).toMatch(/data\s+int32 3 × 195 × 1475/);
    expect(await page.locator('button[data-path="/entry/data/two_theta"]').innerText()).toMatch(/two_theta\s+float64 3/);

    await dataset.click();
    await idle();
    expect(await page.locator('#node-info').innerText()).toBe('/entry/data/data: dataset, int32 3 × 195 × 1475');
    expect(await dataset.getAttribute('aria-current')).toBe('true');
    await page.selectOption('#colormap', 'magma');
    await page.selectOption('#normalization', 'log');
    await timed('read and draw frame 1', async () => {
      await slide(0, FRAME);
      await idle();
    });
    expect(await alertText()).toBe('');
    expect(await page.locator('#frame-0-label').innerText()).toBe('index 1 (1 of 0–2)');

    const png = await page.locator('#plot-canvas').screenshot();
    const { plot } = await page.evaluate(() => (window as unknown as Hooked).__viewer.plotAreas());
    expect(plot).not.toBeNull();
    // a heatmap fills the plot area with many colours (axes alone would leave it one)
    expect(coloursIn(png, plot!)).toBeGreaterThan(32);
    compareWithGolden('frame-1-magma-log', png);
  });

  it('integrates frame 1 in the page as integrate1d does in Node, and plots the pattern', async () => {
    await page.fill('#npt', String(PAGE_OPTIONS.npt));
    await page.selectOption('#unit', PAGE_OPTIONS.unit);
    await timed('integrate frame 1 (first: plan built)', async () => {
      await page.click('#integrate');
      await idle();
    });
    expect(await alertText()).toBe('');
    const pattern = await snapshot();
    expect(pattern).not.toBeNull();
    expectPageOptions(pattern!);
    const threads = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(await page.locator('#ran-on').innerText()).toContain(pattern!.backend === 'webgpu' ? 'Ran on WebGPU' : `Ran on the CPU (${threads} threads, Web Workers)`);

    const file = await openH5(NXS);
    const frame = await (await file.dataset('/entry/data/data')).read([FRAME]);
    await file.close();
    const { result, masked } = await integrateInNode(frame, readFileSync(PONI, 'utf8'));
    expect(pattern!.maskedPixels).toBe(masked);
    expectSamePattern(pattern!, result);
    // the LaB6 (210) ring of this frame: the strongest bin near 2θ = 27.6° (the data README's frame)
    const peak = result.intensity.indexOf(Math.max(...result.intensity));
    expect(result.radial[peak]).toBeGreaterThan(27);
    expect(result.radial[peak]).toBeLessThan(28);

    const png = await page.locator('#pattern-canvas').screenshot();
    const { pattern: area } = await page.evaluate(() => (window as unknown as Hooked).__viewer.plotAreas());
    expect(area).not.toBeNull();
    compareWithGolden('pattern-frame-1', png);
  });

  it('downloads the pattern as a NeXus file that io-nexus reads back with the page numbers', async () => {
    const pattern = (await snapshot())!;
    const downloading = page.waitForEvent('download');
    await page.click('#download');
    const download = await downloading;
    await idle();
    expect(await alertText()).toBe('');
    expect(download.suggestedFilename()).toBe('lab6_tth_scan_1_integrated.nxs');
    const path = join(scratch, download.suggestedFilename());
    await download.saveAs(path);

    const file = await openH5(path);
    try {
      const found = await findDefaultNxData(file);
      expect(found.chain).toEqual(['/', '/entry', '/entry/integrated']);
      const nx = await readNxData(await file.group('/entry/integrated'));
      expect(nx.valid).toBe(true);
      expect(nx.interpretation).toBe('spectrum');
      expect(Array.from((await nx.signal!.dataset.read()).dataSync())).toEqual(pattern.intensity);
      expect(Array.from((await nx.signal!.errors!.read()).dataSync())).toEqual(pattern.sigma);
      const axis = nx.axes[0]!;
      expect(axis.units).toBe('deg');
      expect(Array.from((await axis.dataset.read()).dataSync())).toEqual(pattern.radial);
      const parameter = async (name: string) => (await file.dataset(`/entry/process/parameters/${name}`)).readValue();
      expect(await (await file.group('/entry/process')).nxClass()).toBe('NXprocess');
      expect(await parameter('source_file')).toBe('lab6_tth_scan.nxs');
      expect(await parameter('source_dataset')).toBe('/entry/data/data');
      expect(await parameter('source_frame')).toBe('1');
      expect(await parameter('poni_file')).toBe('lab6_0032.poni');
      expect(await parameter('npt')).toBe(NPT);
      expect(await parameter('method')).toBe(`bbox-csr-${pattern.backend}`);
      // the geometry recorded is the PONI file's
      const poni = AzimuthalIntegrator.fromPoni(String(await parameter('poni')), 'recorded.poni');
      const original = AzimuthalIntegrator.fromPoni(readFileSync(PONI, 'utf8'), 'lab6_0032.poni');
      expect([poni.dist, poni.poni1, poni.poni2, poni.rot1, poni.rot2, poni.rot3, poni.wavelength]).toEqual([
        original.dist, original.poni1, original.poni2, original.rot1, original.rot2, original.rot3, original.wavelength,
      ]);
    } finally {
      await file.close();
    }
  });

  it('shows why an unreadable file dropped on the page cannot be opened, and keeps the open file', async () => {
    const bytes = [...noise(4096)];
    const dataTransfer = await page.evaluateHandle((b) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(b)], 'x.h5'));
      return transfer;
    }, bytes);
    await page.dispatchEvent('body', 'drop', { dataTransfer });
    await idle();
    const text = await alertText();
    expect(text).toContain('Could not open x.h5');
    expect(text).toContain('not an HDF5 file');
    expect(text).not.toMatch(/\bat .+:\d+:\d+/); // no stack frame
    expect(text).not.toContain('pandaas-workerfs');
    // the file opened before is still browsable
    await page.click('button[data-path="/entry/data/two_theta"]');
    await idle();
    expect(await alertText()).toBe('');
    expect(await page.locator('#node-info').innerText()).toBe('/entry/data/two_theta: dataset, float64 3');
    expect(await page.locator('#plot-canvas').isVisible()).toBe(true);
  });

  it('says there is no object at a wrong path, and keeps working', async () => {
    await page.fill('#path-input', '/entry/nothing');
    await page.press('#path-input', 'Enter');
    await idle();
    const text = await alertText();
    expect(text).toContain('Could not show /entry/nothing');
    expect(text).toContain('lab6_tth_scan.nxs (/entry/nothing)');
    await page.fill('#path-input', '/entry/data');
    await page.press('#path-input', 'Enter');
    await idle();
    expect(await alertText()).toBe('');
    expect(await page.locator('#plot-info').innerText()).toBe('/entry/data: int32 3 × 195 × 1475');
  });

  it('reads an EDF image and masks its negative (dead) pixels when integrating', async () => {
    // frame 1 written as EDF with every 101st pixel dead (-2): the ring's bins hold some of them
    const file = await openH5(NXS);
    const values = (await (await file.dataset('/entry/data/data')).read([FRAME])).dataSync() as Int32Array;
    await file.close();
    const dead = values.map((v, i) => (i % 101 === 0 ? -2 : v));
    const edf = edfBytes(dead, 195, 1475);
    await page.setInputFiles('#file-input', { name: 'lab6_0032_dead.edf', mimeType: 'application/octet-stream', buffer: Buffer.from(edf) });
    await idle();
    expect(await alertText()).toBe('');
    expect(await page.locator('#node-info').innerText()).toBe('lab6_0032_dead.edf: EDF image, 1 frame(s) of 195 × 1475');
    await page.click('#integrate');
    await idle();
    expect(await alertText()).toBe('');
    const pattern = (await snapshot())!;
    const frame = (await readImage(edf, { name: 'lab6_0032_dead.edf' })).frames[0].data;
    expectPageOptions(pattern);
    const { result, masked } = await integrateInNode(frame, readFileSync(PONI, 'utf8'));
    expect(masked).toBe(Math.ceil(values.length / 101));
    expect(pattern.maskedPixels).toBe(masked);
    expectSamePattern(pattern, result);
    // without the mask the dead pixels would pull the intensities down: the mask mattered
    const unmasked = await AzimuthalIntegrator.fromPoni(readFileSync(PONI, 'utf8'), 'lab6_0032.poni').integrate1d(frame, PAGE_OPTIONS);
    expect(maxRelative(pattern.intensity, unmasked.intensity, (i) => unmasked.count[i] >= 100)).toBeGreaterThan(1e-3);
  });

  it('says what is wrong with a malformed PONI file and with one of another detector, and keeps working', async () => {
    const poni = readFileSync(PONI, 'utf8');
    await page.setInputFiles('#file-input', { name: 'broken.poni', mimeType: 'text/plain', buffer: Buffer.from(poni.replace(/^Distance: .*$/m, 'Distance: far')) });
    await idle();
    let text = await alertText();
    expect(text).toContain('Could not use broken.poni');
    expect(text).toContain('"far"');
    expect(await page.locator('#poni-info').innerText()).toMatch(/^lab6_0032\.poni: /); // the previous geometry stays

    expect(poni).toMatch(/^Detector: Pilatus300kw$/m);
    await page.setInputFiles('#file-input', { name: 'pilatus1m.poni', mimeType: 'text/plain', buffer: Buffer.from(poni.replace(/^Detector: .*$/m, 'Detector: Pilatus1M')) });
    await idle();
    expect(await alertText()).toBe('');
    await page.click('#integrate');
    await idle();
    text = await alertText();
    expect(text).toContain('Could not integrate with pilatus1m.poni');
    expect(text).toContain('Pilatus1M');
    expect(text).toContain('[1043, 981]');
    expect(text).toContain('[195, 1475]');
    expect(text).not.toMatch(/\bat .+:\d+:\d+/);

    await page.setInputFiles('#file-input', PONI);
    await idle();
    await page.click('#integrate');
    await idle();
    expect(await alertText()).toBe('');
    expect((await snapshot())?.intensity.length).toBe(NPT);
  });

  it('raised no uncaught error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
