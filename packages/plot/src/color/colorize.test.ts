import { ArgumentError, ShapeError } from '@pandaas/core';
import { describe, expect, it } from 'vitest';

import { autoscale, autoscaleRange } from './autoscale.js';
import { DEFAULT_MASK_COLOR, DEFAULT_NAN_COLOR, DEFAULT_NEG_INF_COLOR, DEFAULT_POS_INF_COLOR, colorize } from './colorize.js';
import { COLORMAP_NAMES, colormapLut } from './colormaps.js';
import { silxLog10 } from './fast-log10.js';

const pixel = (rgba: Uint8ClampedArray, i: number) => Array.from(rgba.subarray(i * 4, i * 4 + 4));

describe('colorize', () => {
  it('maps vmin to the first entry, vmax to the last, and cuts the range in 256 equal bins', () => {
    const gray = colormapLut('gray');
    const img = colorize([0, 255.999, 256, 1, 128.5, -5, 300], 7, 1, { colormap: 'gray', vmin: 0, vmax: 256 });
    // bin i is [i, i + 1) for this range: entry = floor(v)
    expect([0, 1, 2, 3, 4, 5, 6].map((i) => pixel(img.rgba, i)[0])).toEqual([0, 255, 255, 1, 128, 0, 255]);
    expect(pixel(img.rgba, 4)).toEqual(Array.from(gray.subarray(128 * 4, 129 * 4)));
    expect(img).toMatchObject({ width: 7, height: 1, vmin: 0, vmax: 256, rangeSource: 'given', normalization: 'linear', colormap: 'gray' });
  });

  it('gives NaN, +Inf, -Inf and masked pixels their own colours (documented defaults)', () => {
    const img = colorize([NaN, Infinity, -Infinity, 1, 2, 3], 3, 2, { mask: Uint8Array.of(0, 0, 0, 0, 1, 0) });
    expect(pixel(img.rgba, 0)).toEqual([...DEFAULT_NAN_COLOR]);
    expect(pixel(img.rgba, 1)).toEqual([...DEFAULT_POS_INF_COLOR]);
    expect(pixel(img.rgba, 2)).toEqual([...DEFAULT_NEG_INF_COLOR]);
    expect(pixel(img.rgba, 4)).toEqual([...DEFAULT_MASK_COLOR]);
    expect(DEFAULT_NAN_COLOR).toEqual([255, 255, 255, 0]);
    // autoscale ignored NaN and the infinities: [1, 3]
    expect([img.vmin, img.vmax]).toEqual([1, 3]);
    const viridis = colormapLut('viridis');
    expect(pixel(img.rgba, 3)).toEqual(Array.from(viridis.subarray(0, 4)));
    expect(pixel(img.rgba, 5)).toEqual(Array.from(viridis.subarray(255 * 4, 256 * 4)));
  });

  it('uses custom special colours and writes into a caller-supplied buffer', () => {
    const out = new Uint8ClampedArray(3 * 4);
    const img = colorize(Float32Array.of(NaN, Infinity, -Infinity), 3, 1, {
      vmin: 0,
      vmax: 1,
      nanColor: [1, 2, 3, 4],
      posInfColor: [5, 6, 7, 8],
      negInfColor: [9, 10, 11, 12],
      out,
    });
    expect(img.rgba).toBe(out);
    expect(Array.from(out)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('log: negative values get the NaN colour and 0 the first entry (as silx)', () => {
    const img = colorize([-1, 0, 1, 10, 100], 5, 1, { colormap: 'gray', normalization: 'log', vmin: 1, vmax: 100 });
    expect([0, 1, 2, 3, 4].map((i) => pixel(img.rgba, i))).toEqual([
      [255, 255, 255, 0],
      [0, 0, 0, 255],
      [0, 0, 0, 255],
      [128, 128, 128, 255], // log10(10) = 1 of [0, 2]: entry 128
      [255, 255, 255, 255],
    ]);
  });

  it('keeps a given bound and autoscales the other on its side (silx apply_colormap)', () => {
    expect(colorize([1, 2, 3], 3, 1, { vmin: 2 })).toMatchObject({ vmin: 2, vmax: 3, rangeSource: 'data' });
    expect(colorize([1, 2, 3], 3, 1, { vmax: 0.5 })).toMatchObject({ vmin: 0.5, vmax: 0.5 });
    expect(colorize([5, 6], 2, 1, { vmin: 10 })).toMatchObject({ vmin: 10, vmax: 10 });
  });

  it('reports the fallback range when nothing can be autoscaled', () => {
    const img = colorize([NaN, -1, 0], 3, 1, { normalization: 'log' });
    expect(img).toMatchObject({ vmin: 1, vmax: 1, rangeSource: 'fallback' });
    expect(colorize([NaN, NaN], 2, 1)).toMatchObject({ vmin: 0, vmax: 1, rangeSource: 'fallback' });
  });

  it('rejects bad input with typed errors naming the argument', () => {
    const ok = [1, 2, 3, 4];
    expect(() => colorize(ok, 3, 1)).toThrow(ShapeError);
    expect(() => colorize(ok, 3, 1)).toThrow('values has 4 elements, width × height = 3 × 1 needs 3');
    expect(() => colorize([], 0, 0)).toThrow(/zero-size image/);
    expect(() => colorize(ok, 2, 2, { colormap: 'parula' })).toThrow(ArgumentError);
    expect(() => colorize(ok, 2, 2, { colormap: 'parula' })).toThrow(/colormap must be one of "gray", "reversed gray", .*"hsv"; got "parula"/);
    expect(() => colorize(ok, 2, 2, { vmin: NaN })).toThrow('vmin must be a finite number, got NaN');
    expect(() => colorize(ok, 2, 2, { vmax: Infinity })).toThrow('vmax must be a finite number, got Infinity');
    expect(() => colorize(ok, 2, 2, { vmin: 3, vmax: 1 })).toThrow('vmin must be <= vmax, got vmin 3 and vmax 1');
    expect(() => colorize(ok, 2, 2, { normalization: 'log', vmin: 0, vmax: 1 })).toThrow('vmin must be > 0 for the log normalization, got 0');
    expect(() => colorize(ok, 2, 2, { normalization: 'sqrt', vmin: -1, vmax: 1 })).toThrow('vmin must be >= 0 for the sqrt normalization, got -1');
    expect(() => colorize(ok, 2, 2, { normalization: 'cubic' as 'log' })).toThrow(/normalization must be one of "linear", "log", "sqrt", "gamma", "asinh"; got "cubic"/);
    expect(() => colorize(ok, 2, 2, { normalization: 'gamma', gamma: -1 })).toThrow('gamma must be a finite number > 0, got -1');
    expect(() => colorize(ok, 2, 2, { nanColor: [1, 2, 3] as unknown as [number, number, number, number] })).toThrow(/nanColor must be \[r, g, b, a\]/);
    expect(() => colorize(ok, 2, 2, { mask: new Uint8Array(3) })).toThrow(/mask must have width × height = 4 elements/);
    expect(() => colorize(ok, 2, 2, { out: new Uint8ClampedArray(15) })).toThrow(/out must be a 4-byte aligned Uint8ClampedArray of 16 bytes/);
    expect(() => colorize(ok, 2, 2, { autoscale: 'p99' as 'minmax' })).toThrow(/autoscale must be one of "minmax", "stddev3"; got "p99"/);
    expect(() => colorize(ok, 2, 2, { autoscale: 'p99' as 'minmax', vmin: 0, vmax: 1 })).toThrow(ArgumentError);
  });
});

describe('colormaps', () => {
  it('lists silx names and gives 256 opaque RGBA entries, fresh copies', () => {
    expect(COLORMAP_NAMES).toContain('viridis');
    for (const name of COLORMAP_NAMES) {
      const lut = colormapLut(name);
      expect(lut).toHaveLength(1024);
      for (let i = 0; i < 256; i++) expect(lut[i * 4 + 3]).toBe(255);
    }
    const a = colormapLut('magma');
    a[0] = 123;
    expect(colormapLut('magma')[0]).not.toBe(123);
  });

  it('rejects unknown names, listing the known ones', () => {
    expect(() => colormapLut('Viridis')).toThrow(ArgumentError);
    expect(() => colormapLut('Viridis')).toThrow(/name must be one of "gray", .*"viridis".*; got "Viridis"/);
  });
});

describe('autoscale', () => {
  it('stddev3 is mean ± 3 std clipped to the data range (geometric on log)', () => {
    // 99 zeros and one 100: mean 1, variance (99·1 + 99²)/100 = 99; mean - 3 std < 0 = min
    const values = new Float64Array(100);
    values[42] = 100;
    const [lo, hi] = autoscaleRange(values, 'stddev3');
    expect(lo).toBe(0);
    expect(hi).toBeCloseTo(1 + 3 * Math.sqrt(99), 12);
    // log: in decades, log10 of 1, 10, 100, 1000 = 0..3: mean 1.5, std 1.118 (silx's log10 to 6e-5)
    const [llo, lhi] = autoscaleRange([1, 10, 100, 1000, 0, -5], 'stddev3', 'log');
    expect([llo, lhi]).toEqual([1, 1000]);
  });

  it('sqrt stddev3 clamps a negative mean - 3 std to 0 (silx 1.1 squares it)', () => {
    const values = [0, 0, 0, 0, 0, 0, 0, 0, 0, 100, 1, 2, 3];
    // silx 1.1 gives (46.67, 81.15): vmin from (mean - 3 std)^2 of the square roots
    const [lo, hi] = autoscaleRange(values, 'stddev3', 'sqrt');
    expect(lo).toBe(0);
    const roots = values.map(Math.sqrt);
    const mean = roots.reduce((s, v) => s + v, 0) / roots.length;
    const std = Math.sqrt(roots.reduce((s, v) => s + (v - mean) ** 2, 0) / roots.length);
    expect(hi).toBeCloseTo((mean + 3 * std) ** 2, 10);
  });

  it('flags the fallback range', () => {
    expect(autoscale([], 'minmax', 'linear')).toEqual({ range: [0, 1], fallback: true });
    expect(autoscale([NaN, Infinity], 'stddev3', 'log')).toEqual({ range: [1, 10], fallback: true });
    expect(autoscale([2, 2], 'minmax', 'linear')).toEqual({ range: [2, 2], fallback: false });
  });
});

describe("silx's table log10", () => {
  it('is within 6e-5 of log10 and exact on powers of two', () => {
    let s = 1;
    let worst = 0;
    for (let i = 0; i < 20000; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      const v = 10 ** ((s / 2 ** 32) * 600 - 300);
      worst = Math.max(worst, Math.abs(silxLog10(v) - Math.log10(v)));
    }
    expect(worst).toBeLessThan(6e-5);
    expect(silxLog10(2 ** 10)).toBeCloseTo(10 * Math.log10(2), 15);
    expect([silxLog10(0), silxLog10(-1), silxLog10(NaN), silxLog10(Infinity)]).toEqual([-Infinity, NaN, NaN, Infinity]);
    expect(Math.abs(silxLog10(5e-324) - Math.log10(5e-324))).toBeLessThan(6e-5);
  });

  it('colours float32 and float64 copies of the same values alike (two code paths)', () => {
    const f32 = new Float32Array(50000);
    let s = 7;
    for (let i = 0; i < f32.length; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      f32[i] = 10 ** ((s / 2 ** 32) * 90 - 45) * (i % 17 === 0 ? -1 : 1);
    }
    const o = { normalization: 'log' as const, vmin: 1e-30, vmax: 1e30, colormap: 'gray' };
    expect(colorize(f32, f32.length, 1, o).rgba).toEqual(colorize(Float64Array.from(f32), f32.length, 1, o).rgba);
  });
});
