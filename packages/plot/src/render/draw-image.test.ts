import { describe, expect, it } from 'vitest';
import { colorize } from '../color/colorize.js';
import { imagePlot, type ImagePlotOptions } from '../plots/image-plot.js';
import { pixel, svgImages, svgTexts } from '../testing/svg.js';
import { renderSvg } from './svg.js';

/** The colour colorize gives v over [0, 3] in grey: what a pixel of value v must look like. */
function grey(v: number): number[] {
  return Array.from(colorize([v], 1, 1, { colormap: 'gray', vmin: 0, vmax: 3 }).rgba);
}

/** The image's bitmap and its corner pixels (top-left, top-right, bottom-left, bottom-right). */
function corners(options: ImagePlotOptions): number[][] {
  // row 0 = [0, 1], row 1 = [2, 3]
  const svg = renderSvg(imagePlot({ values: [0, 1, 2, 3], width: 2, height: 2 }, { colormap: 'gray', colorbar: false, ...options }));
  const [img] = svgImages(svg);
  const { png } = img;
  expect([png.width, png.height]).toEqual([2, 2]);
  return [pixel(png, 0, 0), pixel(png, 1, 0), pixel(png, 0, 1), pixel(png, 1, 1)];
}

describe('image orientation', () => {
  it("origin 'lower' (default) puts row 0 at the bottom", () => {
    expect(corners({})).toEqual([grey(2), grey(3), grey(0), grey(1)]);
  });

  it("origin 'upper' puts row 0 on top", () => {
    expect(corners({ origin: 'upper' })).toEqual([grey(0), grey(1), grey(2), grey(3)]);
  });

  it('flipX and flipY mirror the picture (and invert the axes)', () => {
    expect(corners({ flipX: true })).toEqual([grey(3), grey(2), grey(1), grey(0)]);
    expect(corners({ flipY: true })).toEqual([grey(0), grey(1), grey(2), grey(3)]);
  });

  it('decreasing coordinates keep the axis increasing to the right and move column 0 right', () => {
    expect(corners({ x: [10, 5] })).toEqual([grey(3), grey(2), grey(1), grey(0)]);
  });
});

describe('image extent and ticks from coordinates', () => {
  it('bin centres and bin edges give the same extent', () => {
    const labels = (options: ImagePlotOptions) =>
      svgTexts(renderSvg(imagePlot({ values: [1, 2, 3, 4, 5, 6], width: 3, height: 2 }, { colorbar: false, aspect: 'auto', ...options })))
        .filter((t) => t.anchor === 'middle' && !t.transform)
        .map((t) => t.text);
    const centres = labels({ x: [10, 20, 30] });
    // centres 10, 20, 30 mean edges 5..35
    expect(centres[0]).toBe('5');
    expect(centres.at(-1)).toBe('35');
    expect(labels({ x: [5, 15, 25, 35] })).toEqual(centres);
  });
});

describe('aggregated downsampling to the drawn pixels', () => {
  const n = 1000;
  const spot = (aggregation: ImagePlotOptions['aggregation']) => {
    const values = new Float32Array(n * n);
    values[503 * n + 707] = 100;
    const svg = renderSvg(imagePlot({ values, width: n, height: n }, { width: 300, height: 300, aggregation, colormap: 'gray', vmin: 0, vmax: 100 }));
    const [img] = svgImages(svg);
    let bright = 0;
    let lit = 0;
    for (let i = 0; i < img.png.width * img.png.height; i++) {
      if (img.png.data[i * 4] === 255) bright++;
      if (img.png.data[i * 4] > 0) lit++;
    }
    return { img, bright, lit };
  };

  it("reduces the image to the plot's pixels, and 'max' keeps a one-pixel spot at full brightness", () => {
    const { img, bright } = spot('max');
    expect(img.png.width).toBe(Math.round(img.w));
    expect(img.png.height).toBe(Math.round(img.h));
    expect(img.png.width).toBeLessThan(300);
    expect(bright).toBe(1);
  });

  it("'mean' keeps it dimmed, 'nearest' mostly loses it", () => {
    const mean = spot('mean');
    expect(mean.bright).toBe(0);
    expect(mean.lit).toBe(1);
    // 1000 -> about 200 pixels a side: nearest samples about 1 source pixel in 25, and misses this one
    expect(spot('nearest').lit).toBe(0);
  });

  it('renders images at the pixel ratio asked for', () => {
    const values = new Float64Array(800 * 600).map((_, i) => i % 7);
    const at = (pixelRatio: number) => svgImages(renderSvg(imagePlot({ values, width: 800, height: 600 }, { width: 400, height: 300 }), { pixelRatio }))[0];
    const one = at(1);
    const two = at(2);
    expect(two.w).toBe(one.w);
    expect(Math.abs(two.png.width - 2 * one.png.width)).toBeLessThanOrEqual(1);
  });

  it('cuts out the part inside a fixed axis range', () => {
    const values = new Float64Array(100 * 50).map((_, i) => i % 100);
    const [img] = svgImages(renderSvg(imagePlot({ values, width: 100, height: 50 }, { xAxis: { range: [10, 30] }, aspect: 'auto' })));
    // columns 10..29 are visible: 20 columns, drawn larger than they are (no aggregation)
    expect(img.png.width).toBe(20);
    expect(img.png.height).toBe(50);
    expect(pixel(img.png, 0, 0)).toEqual(Array.from(colorize([10], 1, 1, { vmin: 0, vmax: 99 }).rgba));
  });
});

describe('masks', () => {
  it('leaves masked pixels out of the autoscale and the aggregate, and paints them grey', () => {
    const n = 40;
    const values = new Float64Array(n * n).map((_, i) => (i % n) / (n - 1)); // 0..1 along x
    const mask = new Uint8Array(n * n);
    values[5] = 1e9; // a hot pixel, masked
    mask[5] = 1;
    for (let c = 0; c < n; c++) mask[20 * n + c] = 1; // a masked row
    const svg = renderSvg(imagePlot({ values, width: n, height: n }, { mask, origin: 'upper', colorbar: { label: 'I' } }));
    const ticks = svgTexts(svg)
      .filter((t) => t.anchor === 'start' && !t.transform)
      .map((t) => Number(t.text));
    expect(Math.max(...ticks)).toBeLessThanOrEqual(1);
    const [img] = svgImages(svg);
    expect(img.png.width).toBe(n);
    expect(pixel(img.png, 5, 0)).toEqual([160, 160, 160, 255]);
    expect(pixel(img.png, 17, 20)).toEqual([160, 160, 160, 255]);
  });

  it('leaves masked pixels out of the aggregate of a zoomed, downsampled image without changing the data', () => {
    const n = 400;
    const values = new Float64Array(n * n); // all 0 ...
    const mask = new Uint8Array(n * n);
    for (let r = 0; r < n; r += 7) {
      values[r * n + ((r * 3) % n)] = 1e9; // ... but hot pixels, each masked
      mask[r * n + ((r * 3) % n)] = 1;
    }
    const before = Float64Array.from(values);
    for (const xAxis of [{}, { range: [50, 250] as const }]) {
      const svg = renderSvg(imagePlot({ values, width: n, height: n }, { mask, xAxis, colormap: 'gray', vmin: 0, vmax: 1, aggregation: 'max', width: 240, height: 240, colorbar: false }));
      const [img] = svgImages(svg);
      expect(img.png.width).toBeLessThan(200); // aggregated, not drawn 1:1
      let lit = 0;
      for (let y = 0; y < img.png.height; y++) for (let x = 0; x < img.png.width; x++) if (pixel(img.png, x, y).join() !== grey(0).join()) lit++;
      expect(lit).toBe(0);
    }
    expect(values).toEqual(before);
  });
});

describe('unevenly spaced coordinates', () => {
  it('are resampled nearest-neighbour onto the screen pixels', () => {
    // two columns, the second three times as wide as the first
    const svg = renderSvg(imagePlot({ values: [0, 3], width: 2, height: 1 }, { x: [0, 1, 4], colormap: 'gray', aspect: 'auto', colorbar: false }));
    const [img] = svgImages(svg);
    expect(img.png.width).toBe(Math.round(img.w));
    const w = img.png.width;
    let dark = 0;
    for (let x = 0; x < w; x++) if (pixel(img.png, x, 0)[0] === grey(0)[0]) dark++;
    expect(Math.abs(dark - w / 4)).toBeLessThanOrEqual(1);
  });
});
