import { build, type Metafile } from 'esbuild';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pixelmatch from 'pixelmatch';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AxesLayout, Rect } from '../scene/layout.js';
import type { BrowserFigureName, BrowserPainting, BrowserPixels, BrowserPlotApi } from '../testing/browser-page.js';
import { launchChromium, SKIP_BROWSER, type TestBrowser } from '../../../io-nexus/src/testing/browser/chromium.js';
import { errorBarsFigure, logImageFigure } from '../testing/figures.js';
import { decodePng } from '../testing/golden.js';
import { canvasContext } from './canvas-adapter.js';
import { drawFigure } from './draw-figure.js';
import { importCanvas, renderPng } from './png.js';
import { renderSvg } from './svg.js';

// renderCanvas in a real browser: a page bundled with esbuild from the package's sources
// (src/testing/browser-page.ts) is served to headless Chromium by request interception; it loads
// DejaVu Sans from dejavu-fonts-ttf (the file renderPng registers in Node) as a web font, paints
// the golden figures on a DOM canvas with renderCanvas and answers the pixels (getImageData),
// which are compared with renderPng's PNG. renderSvg's document is drawn through an <img> in
// Chromium and compared too. Needs Chromium (/usr/bin/chromium or env PANDAAS_CHROMIUM);
// PANDAAS_SKIP_BROWSER=1 skips the browser part.
//
// Comparisons: pixelmatch, threshold 0.1, anti-aliased pixels ignored. Text is rasterised by
// Chromium's Skia and by @napi-rs/canvas's own Skia build with different glyph rendering, so over
// the whole figure at most 0.3 % of the pixels may differ (measured: log-image 0.23 %, error-bars
// 0.18 %; SVG through <img>: 0.24 % and 0.19 %). Where there is no text the two must agree
// exactly, bit for bit: the heatmap (NaN, +Inf, -Inf and values <= 0 included), the colorbar and
// the curve area outside the legend. The SVG in an <img> cannot use
// the page's web fonts: its text is in the system's DejaVu Sans (Debian: fonts-dejavu-core).

if (SKIP_BROWSER) console.warn('plot browser tests SKIPPED: PANDAAS_SKIP_BROWSER=1 (Chromium is not run)');

/** Largest fraction of a figure's pixels that may differ where text is drawn (see above). */
const WHOLE_FIGURE_TOLERANCE = 0.003;
/**
 * Largest fraction of the plot area's pixels that may differ in the SVG drawn by Chromium, where
 * the image's placement is rounded to 2 decimals, so a column at a block's edge may sample its
 * neighbour (measured: log-image 0.006 %, error-bars 0).
 */
const SVG_PLOT_TOLERANCE = 0.0002;
/** pixelmatch's colour threshold. */
const THRESHOLD = 0.1;

const here = dirname(fileURLToPath(import.meta.url));
const ORIGIN = 'http://pandaas-plot.test';
const FONT = readFileSync(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
const FIGURES = { 'log-image': logImageFigure, 'error-bars': errorBarsFigure } satisfies Record<BrowserFigureName, unknown>;

const INDEX_HTML = `<!doctype html>
<html>
  <head><meta charset="utf-8"><title>@pandaas/plot in a browser</title></head>
  <body><script type="module" src="./page.js"></script></body>
</html>
`;

interface PageBundle {
  readonly js: Uint8Array;
  readonly metafile: Metafile;
}

/** The page, bundled for browsers as an application's bundler would (workspace packages from their sources). */
async function bundlePage(): Promise<PageBundle> {
  const result = await build({
    entryPoints: [join(here, '..', 'testing', 'browser-page.ts')],
    outfile: join(here, 'out', 'page.js'), // never written: write is false
    write: false,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@pandaas/source'],
    metafile: true,
    logLevel: 'silent',
  });
  return { js: result.outputFiles[0].contents, metafile: result.metafile };
}

let bundling: Promise<PageBundle> | undefined;
const bundle = () => (bundling ??= bundlePage());

interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

function fromBrowser(p: BrowserPixels): Rgba {
  return { width: p.width, height: p.height, data: new Uint8Array(Buffer.from(p.rgbaBase64, 'base64')) };
}

/** The whole pixels inside `r`. */
function crop(img: Rgba, r: Rect): Rgba {
  const x0 = Math.ceil(r.x);
  const y0 = Math.ceil(r.y);
  const width = Math.floor(r.x + r.w) - x0;
  const height = Math.floor(r.y + r.h) - y0;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) data.set(img.data.subarray(((y0 + y) * img.width + x0) * 4, ((y0 + y) * img.width + x0 + width) * 4), y * width * 4);
  return { width, height, data };
}

/** A copy of `img` with the pixels `r` touches, and one more around, made transparent black. */
function blank(img: Rgba, r: Rect): Rgba {
  const data = img.data.slice();
  const x0 = Math.max(0, Math.floor(r.x) - 1);
  const x1 = Math.min(img.width, Math.ceil(r.x + r.w) + 1);
  for (let y = Math.max(0, Math.floor(r.y) - 1); y < Math.min(img.height, Math.ceil(r.y + r.h) + 1); y++) data.fill(0, (y * img.width + x0) * 4, (y * img.width + x1) * 4);
  return { ...img, data };
}

/** Pixels that differ by pixelmatch (anti-aliased ones ignored). */
function differing(a: Rgba, b: Rgba): number {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  return pixelmatch(a.data, b.data, undefined, a.width, a.height, { threshold: THRESHOLD });
}

/** Pixels whose RGBA differ at all, and the largest difference of one channel. */
function exactness(a: Rgba, b: Rgba): { pixels: number; maxChannel: number } {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let pixels = 0;
  let maxChannel = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    let d = 0;
    for (let k = 0; k < 4; k++) d = Math.max(d, Math.abs(a.data[i + k] - b.data[i + k]));
    if (d > 0) pixels++;
    maxChannel = Math.max(maxChannel, d);
  }
  return { pixels, maxChannel };
}

const percent = (n: number, img: Rgba) => `${((100 * n) / (img.width * img.height)).toFixed(3)} %`;

/** renderPng's picture, decoded, and the layout of the same drawing on @napi-rs/canvas. */
async function inNode(name: BrowserFigureName): Promise<{ png: Rgba; layout: AxesLayout; svg: string }> {
  const fig = FIGURES[name]();
  const png = decodePng(await renderPng(fig)); // also registers DejaVu Sans
  const napi = await importCanvas();
  const ctx = napi.createCanvas(fig.width, fig.height).getContext('2d');
  const layout = drawFigure(fig, canvasContext(ctx, (_, w, h) => napi.createCanvas(w, h)));
  return { png, layout, svg: renderSvg(fig) };
}

describe('the page bundles for browsers with esbuild, unconfigured', () => {
  it('takes renderCanvas and the figures from the sources, and nothing of the Node.js PNG path', async () => {
    const inputs = Object.keys((await bundle()).metafile.inputs);
    expect(inputs.some((p) => p.endsWith('plot/src/render/canvas.ts'))).toBe(true);
    expect(inputs.some((p) => p.endsWith('plot/src/testing/figures.ts'))).toBe(true);
    expect(inputs.filter((p) => p.endsWith('render/png.ts') || p.includes('@napi-rs') || p.startsWith('node:'))).toEqual([]);
  });
});

describe.skipIf(SKIP_BROWSER)('@pandaas/plot in Chromium: renderCanvas and renderSvg against renderPng', () => {
  let browser: TestBrowser | undefined;
  let page: Page;
  let fontLoaded = false;
  const notes: string[] = [];

  beforeAll(async () => {
    const { js } = await bundle();
    const files = new Map<string, { body: Buffer | string; contentType: string }>([
      ['/', { body: INDEX_HTML, contentType: 'text/html; charset=utf-8' }],
      ['/page.js', { body: Buffer.from(js), contentType: 'text/javascript; charset=utf-8' }],
      ['/DejaVuSans.ttf', { body: FONT, contentType: 'font/ttf' }],
    ]);
    browser = await launchChromium();
    page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.route(`${ORIGIN}/**`, (route) => {
      const file = files.get(new URL(route.request().url()).pathname);
      return route.fulfill(file === undefined ? { status: 404, body: 'not found' } : { status: 200, ...file });
    });
    await page.goto(`${ORIGIN}/`);
    await page.waitForFunction(() => 'pandaasPlot' in globalThis, undefined, { timeout: 10_000 }).catch(() => {
      throw new Error(`the test page did not load: ${errors.join('; ') || 'no pandaasPlot'}`);
    });
    fontLoaded = await page.evaluate((url) => (globalThis as unknown as { pandaasPlot: BrowserPlotApi }).pandaasPlot.loadFont(url), '/DejaVuSans.ttf');
    notes.push(`${await page.evaluate(() => navigator.userAgent.match(/HeadlessChrome\/[\d.]+/)?.[0])}`);
  });

  afterAll(async () => {
    await browser?.close();
    if (notes.length > 0) console.info(`@pandaas/plot in Chromium:\n  ${notes.join('\n  ')}`);
  });

  it('has DejaVu Sans from dejavu-fonts-ttf as a web font, and measures text with it as @napi-rs/canvas does', async () => {
    expect(fontLoaded).toBe(true);
    // the layout is computed from these widths: the tick labels, titles and legend of the figures
    const font = '11px "DejaVu Sans", "Bitstream Vera Sans", Verdana, sans-serif';
    const texts = ['0', '0.01', '1000', '−5', 'energy (keV)', 'intensity (counts)', 'Curves with error bars', 'sign(x) x⁴ / 2'];
    const widths = await page.evaluate(([f, t]) => (globalThis as unknown as { pandaasPlot: BrowserPlotApi }).pandaasPlot.measure(f, t), [font, texts] as const);
    await renderPng(errorBarsFigure()); // registers DejaVu Sans with @napi-rs/canvas
    const ctx = (await importCanvas()).createCanvas(1, 1).getContext('2d');
    ctx.font = font;
    expect(widths).toEqual(texts.map((t) => ctx.measureText(t).width));
  });

  it.each(['log-image', 'error-bars'] as const)('renderCanvas paints what renderPng paints: %s', async (name) => {
    const painted: BrowserPainting = await page.evaluate((n) => (globalThis as unknown as { pandaasPlot: BrowserPlotApi }).pandaasPlot.paint(n), name);
    const node = await inNode(name);
    expect(painted.plot).toEqual(node.layout.plot);
    expect(painted.colorbar).toEqual(node.layout.colorbar?.bar);
    expect(painted.legend).toEqual(node.layout.legend?.box);

    const browserPixels = fromBrowser(painted);
    const whole = differing(browserPixels, node.png);
    notes.push(`${name}, renderCanvas: ${whole} pixels (${percent(whole, node.png)}) differ from renderPng`);
    expect(whole / (node.png.width * node.png.height)).toBeLessThanOrEqual(WHOLE_FIGURE_TOLERANCE);

    // the plot area without text: the heatmap, or the curves outside the legend box
    const plotA = crop(painted.legend ? blank(browserPixels, painted.legend) : browserPixels, painted.plot);
    const plotB = crop(painted.legend ? blank(node.png, painted.legend) : node.png, painted.plot);
    const plot = exactness(plotA, plotB);
    notes.push(`${name}, renderCanvas: plot area (${plotA.width} x ${plotA.height}) ${JSON.stringify(plot)}`);
    expect(plot).toEqual({ pixels: 0, maxChannel: 0 });
    if (painted.colorbar) {
      const bar = exactness(crop(browserPixels, painted.colorbar), crop(node.png, painted.colorbar));
      expect(bar).toEqual({ pixels: 0, maxChannel: 0 });
    }
  });

  it.each(['log-image', 'error-bars'] as const)('renderSvg loads as an <img> and shows what renderPng paints: %s', async (name) => {
    const node = await inNode(name);
    const { width, height } = node.png;
    const pixels = await page.evaluate(
      ([svg, w, h]) => (globalThis as unknown as { pandaasPlot: BrowserPlotApi }).pandaasPlot.rasteriseSvg(svg, w, h),
      [node.svg, width, height] as const,
    );
    const img = fromBrowser(pixels);
    const whole = differing(img, node.png);
    notes.push(`${name}, renderSvg as <img>: ${whole} pixels (${percent(whole, node.png)}) differ from renderPng`);
    expect(whole / (width * height)).toBeLessThanOrEqual(WHOLE_FIGURE_TOLERANCE);

    const { plot, legend } = node.layout;
    const plotA = crop(legend ? blank(img, legend.box) : img, plot);
    const plotB = crop(legend ? blank(node.png, legend.box) : node.png, plot);
    const inPlot = differing(plotA, plotB);
    notes.push(`${name}, renderSvg as <img>: plot area ${inPlot} pixels (${percent(inPlot, plotA)}) differ`);
    expect(inPlot / (plotA.width * plotA.height)).toBeLessThanOrEqual(SVG_PLOT_TOLERANCE);
  });
});
