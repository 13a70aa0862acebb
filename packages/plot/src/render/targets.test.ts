import { BackendError } from '@pandaas/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodePng, diffPixels } from '../testing/golden.js';
import { errorBarsFigure, logImageFigure } from '../testing/figures.js';
import { renderCanvas } from './canvas.js';
import { importCanvas, renderPng } from './png.js';
import { renderSvg } from './svg.js';

/** The SVG rasterised by @napi-rs/canvas's own SVG renderer (resvg), as RGBA. */
async function rasteriseSvg(svg: string, width: number, height: number) {
  const napi = await importCanvas();
  const image = new napi.Image();
  image.src = Buffer.from(svg);
  const canvas = napi.createCanvas(width, height);
  canvas.getContext('2d').drawImage(image, 0, 0);
  return decodePng(new Uint8Array(await canvas.encode('png')));
}

describe('one drawing code path, three targets', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  // Text is shaped by two different engines (resvg for the SVG, Skia for the PNG) and images
  // are scaled by two different samplers: at most 0.5 % of the pixels may differ (pixelmatch
  // threshold 0.1, anti-aliasing ignored; measured 0.2 %); an axis, curve or colour out of place
  // costs more.
  it.each([
    ['error-bars', errorBarsFigure],
    ['log-image', logImageFigure],
  ])('the SVG and the PNG show the same picture (%s)', async (_, figure) => {
    const fig = figure();
    const png = decodePng(await renderPng(fig));
    const svg = await rasteriseSvg(renderSvg(fig), fig.width, fig.height);
    expect(diffPixels(png, svg, 0.1) / (fig.width * fig.height)).toBeLessThan(0.005);
  });

  it('renderCanvas paints what renderPng paints (a browser context, here @napi-rs/canvas standing in)', async () => {
    const napi = await importCanvas();
    await renderPng(errorBarsFigure()); // registers the fonts
    // the browser globals renderCanvas uses for bitmaps
    vi.stubGlobal('OffscreenCanvas', function (w: number, h: number) {
      return napi.createCanvas(w, h);
    });
    vi.stubGlobal('ImageData', napi.ImageData);
    for (const figure of [errorBarsFigure, logImageFigure]) {
      const fig = figure();
      const canvas = napi.createCanvas(fig.width, fig.height);
      const layout = renderCanvas(fig, canvas.getContext('2d'));
      expect(layout.plot.w).toBeGreaterThan(0);
      const painted = decodePng(new Uint8Array(await canvas.encode('png')));
      expect(diffPixels(painted, decodePng(await renderPng(fig)), 0)).toBe(0);
    }
  });

  it('renderPng scales the picture', async () => {
    const fig = errorBarsFigure();
    const png = decodePng(await renderPng(fig, { scale: 2 }));
    expect([png.width, png.height]).toEqual([2 * fig.width, 2 * fig.height]);
    await expect(renderPng(fig, { scale: 0 })).rejects.toThrow(/scale must be a number from 0.1 to 16/);
  });

  it('says which package to install when @napi-rs/canvas cannot be imported', async () => {
    const err = await importCanvas('@napi-rs/canvas-that-is-not-installed').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as Error).message).toMatch(/renderPng needs the optional peer dependency @napi-rs\/canvas \(install it: npm install @napi-rs\/canvas@\^1\.1\.1\)/);
  });
});
